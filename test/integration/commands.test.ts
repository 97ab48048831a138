import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { configWith, fixture, testEvent, validRegistration } from "../support/fixtures.ts";
import { postJson, startStack, type TestStack, uniqueName } from "../support/stack.ts";

/** The ops commands, run as ops run them (npm scripts' entry points), against DynamoDB Local. */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const tsx = (script: string, args: string[]) =>
  run(join(ROOT, "node_modules/.bin/tsx"), [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });

let stack: TestStack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "roster-event", capacity: 2 })]) });
  dir = mkdtempSync(join(tmpdir(), "roster-"));
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run seed", () => {
  it("creates the table if needed and loads a valid configuration", async () => {
    const table = uniqueName("seed");
    const { stdout } = await tsx("scripts/seed.ts", ["--endpoint", inject("dynamoEndpoint"), "--table", table]);
    expect(stdout).toMatch(/10 areas, 9 union units, 9 agencies, 11 categories, 3 events/);
  });

  it("refuses an invalid configuration and says why", async () => {
    const broken = fixture<{ categories: { agency: string }[] }>("lam-binh-demo.json");
    (broken.categories[0] as { agency: string }).agency = "no-such-agency";
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(broken));
    const result = await tsx("scripts/seed.ts", [
      "--endpoint",
      inject("dynamoEndpoint"),
      "--table",
      uniqueName("seed"),
      "--config",
      file,
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(1);
    expect((result as { stderr: string }).stderr).toContain("category credit: agency no-such-agency does not exist");
  });
});

describe("npm run roster", () => {
  it("writes a UTF-8 CSV with BOM, defuses formulas, and prints disaggregated counts", async () => {
    const url = `${stack.url}/events/roster-event/registrations`;
    await postJson(url, { ...validRegistration, phone: "0911000001", ethnicity: "Tày", ethnicityConsent: true });
    await postJson(url, {
      ...validRegistration,
      phone: "0911000002",
      fullName: '=HYPERLINK("http://x")',
      role: "Trưởng thôn",
      commune: "khuon-ha",
      gender: "male",
    });
    await postJson(url, {
      ...validRegistration,
      phone: "0911000003",
      fullName: "Vàng Thị Sinh",
      ethnicity: "H'Mông",
      ethnicityConsent: true,
    });
    const out = join(dir, "roster.csv");
    const { stdout } = await tsx("scripts/roster.ts", [
      "--endpoint",
      inject("dynamoEndpoint"),
      "--table",
      stack.tableName,
      "--event",
      "roster-event",
      "--out",
      out,
    ]);
    const csv = readFileSync(out, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain("Mã đăng ký,Trạng thái,Họ và tên");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("0911 000 001");
    expect(csv.trim().split("\r\n")).toHaveLength(4);
    expect(stdout).toContain("Tổng số đăng ký: 3");
    expect(stdout).toMatch(/2 {2}Đã có chỗ/);
    expect(stdout).toMatch(/1 {2}Danh sách chờ/);
    expect(stdout).toMatch(/1 {2}Tày/);
    expect(stdout).toMatch(/1 {2}Mông/);
    expect(stdout).toMatch(/1 {2}\(không khai báo\)/);
    expect(stdout).toMatch(/1 {2}Xã Khuôn Hà/);
    expect(stdout).toMatch(/2 {2}Nữ/);
  });
});
