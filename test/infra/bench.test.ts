import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { functions } from "../../shared/declarations.ts";

/**
 * The benchmark keeps working: a quick run (tiny counts) must finish and write every section. Its numbers are
 * not judged here — timings belong to `npm run bench`, not to tests.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "bench-smoke-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run bench", () => {
  it("runs and writes the table as JSON and Markdown", async () => {
    const { stdout } = await promisify(execFile)(
      join(ROOT, "node_modules/.bin/tsx"),
      ["bench/run.ts", "--quick", "--out", out],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: "warn" },
        maxBuffer: 10 * 1024 * 1024,
      },
    );
    expect(stdout).toContain("worst ratio:");
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.bundles.map((b: { name: string }) => b.name).sort()).toEqual(Object.keys(functions).sort());
    for (const b of results.bundles) expect(b.sizeRatio).toBeGreaterThan(0);
    expect(results.operations.length).toBeGreaterThan(10);
    expect(results.throughput.rawTransactWritesPerSecond).toBeGreaterThan(0);
    // The crowd row, plain and with AWS's conflict rules: every answer a 201, seats and waitlist both measured.
    expect(results.crowds.map((c: { name: string }) => c.name)).toEqual([
      "DynamoDB Local",
      "AWS conflict rules emulated",
    ]);
    for (const c of results.crowds) {
      expect(Object.keys(c.statuses)).toEqual(["201"]);
      expect(c.seat.registrations).toBe(c.capacity);
      expect(c.waitlist.registrations).toBe(c.people - c.capacity);
      expect(c.seat.requestsMean).toBeGreaterThanOrEqual(c.seat.minimum);
    }
    expect(results.latency.p50Ms).toBeGreaterThan(0);
    // Cold starts as users meet them: every layout simulated; the best p95 is chosen among least-privilege ones.
    const t = results.traffic;
    expect(t.layouts.map((l: { key: string }) => l.key)).toEqual(["a", "b", "b-lazy", "c", "c-lazy"]);
    for (const l of t.layouts) {
      expect(l.http.requests).toBeGreaterThan(100);
      expect(l.http.coldShare).toBeGreaterThan(0);
      expect(l.http.p95).toBeGreaterThan(0);
    }
    const winner = t.layouts.find((l: { key: string }) => l.key === t.winner.key);
    expect(winner.leastPrivilege).toBe(true);
    expect(t.winner.tied).toContain(t.winner.key);
    expect(t.adopted.key).toBe("a");
    expect(results.pages.every((p: { script: boolean }) => !p.script)).toBe(true);
    expect(existsSync(join(out, "RESULTS.md"))).toBe(true);
    expect(readFileSync(join(out, "RESULTS.md"), "utf8")).toMatch(
      /## Bundles and cold start[\s\S]*## Cold starts as users meet them[\s\S]*## DynamoDB requests[\s\S]*## A crowd registering at once[\s\S]*## Throughput[\s\S]*## Submission to e-mail[\s\S]*## Page weight/,
    );
  }, 180_000);
});
