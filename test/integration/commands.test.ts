import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { proposeYear } from "../../scripts/calendar-proposal.ts";
import { calendarProblems } from "../../shared/config/parse.ts";
import { logRef } from "../../shared/petitions/tracking.ts";
import { secretReady } from "../../shared/platform/secret.ts";
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
/** An ops command's arguments for this file's table and one of its events. */
const onTheTestTable = (eventId: string) => [
  "--endpoint",
  inject("dynamoEndpoint"),
  "--table",
  stack.tableName,
  "--event",
  eventId,
];
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "roster-event", capacity: 2 })]) });
  dir = mkdtempSync(join(tmpdir(), "roster-"));
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run calendar", () => {
  it("prints a year ops can paste under calendar.years, and refuses a year that is not one", async () => {
    const { stdout } = await tsx("scripts/calendar.ts", ["--year", "2028"]);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed).toEqual({ "2028": proposeYear(2028) });
    expect(calendarProblems({ weekend: ["saturday", "sunday"], years: printed as never }, "2028-03-01")).toEqual([]);
    await expect(tsx("scripts/calendar.ts", ["--year", "twenty"])).rejects.toThrow(/Usage: npm run calendar/);
  });
});

describe("npm run seed", () => {
  it("creates the table if needed and loads a valid configuration", async () => {
    const table = uniqueName("seed");
    const { stdout } = await tsx("scripts/seed.ts", ["--endpoint", inject("dynamoEndpoint"), "--table", table]);
    expect(stdout).toMatch(/10 areas, 10 union units, 9 agencies, 11 categories, 3 events/);
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
      // A name is letters only now; the village is free text, and a roster column too.
      village: '=HYPERLINK("http://x")',
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
    const { stdout } = await tsx("scripts/roster.ts", [...onTheTestTable("roster-event"), "--out", out]);
    const csv = readFileSync(out, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain("Mã đăng ký,Trạng thái,Họ và tên");
    expect(csv).toContain("Điểm danh lúc,Đăng ký tại chỗ,Vượt số chỗ");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("0911 000 001");
    expect(csv.trim().split("\r\n")).toHaveLength(4);

    // The attendance counts: on screen, and as a second CSV beside the roster.
    expect(stdout).toContain("Tổng số đăng ký: 3 (đã hủy: 0)");
    expect(stdout).toContain("Theo dân tộc (chỉ người đồng ý khai báo):");
    for (const group of ["Tày", "Mông", "(không khai báo)", "Xã Khuôn Hà", "Nữ", "Trưởng thôn"]) {
      expect(stdout).toMatch(new RegExp(`\\d\\s+${group.replace(/[()]/g, "\\$&")}\n`));
    }
    const counts = readFileSync(join(dir, "roster-counts.csv"), "utf8");
    expect(counts.charCodeAt(0)).toBe(0xfeff);
    // Capacity 2: two seated (not yet checked in: both count as not arrived), one waiting.
    expect(counts).toContain("Tổng,,2,0,0,2,1");
    expect(counts).toContain("Theo giới tính,Nữ,1,0,0,1,1");
    expect(counts).toContain("Theo giới tính,Nam,1,0,0,1,0");
  });
});

describe("npm run organiser-link", () => {
  const args = (email: string) => [...onTheTestTable("roster-event"), "--email", email, "--base-url", stack.url];

  it("e-mails the organising unit's staff member her link to the event's pages", async () => {
    const { stdout } = await tsx("scripts/organiser-link.ts", args("hlhpn.thuonglam@example.org"));
    expect(stdout).toContain("Organiser link for roster-event queued");
    const [mail] = await stack.inbox.waitFor("hlhpn.thuonglam@example.org");
    const link = (mail?.body.text ?? "").match(/https?:\/\/\S+\/g\/[a-z2-7]{32}/)?.[0] as string;
    expect(link.startsWith(stack.url)).toBe(true);
    expect((await fetch(link)).status).toBe(200);
  });

  it("refuses anyone not on the organising unit's staff, and says why", async () => {
    const failed = await tsx("scripts/organiser-link.ts", args("hlhpn.khuonha@example.org")).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("is not on the staff of Hội LHPN xã Thượng Lâm");
  });
});

describe("npm run log-ref", () => {
  it("prints the name a petition goes by in the logs, made with the same key the functions use", async () => {
    await secretReady();
    const { stdout } = await tsx("scripts/log-ref.ts", ["--code", "ABCDE-FGHJK"]);
    expect(stdout.trim()).toBe(logRef("ABCDE-FGHJK"));
    expect(stdout.trim()).toMatch(/^[0-9a-f]{16}$/);
    await expect(tsx("scripts/log-ref.ts", [])).rejects.toThrow(/Usage: npm run log-ref/);
  });
});
