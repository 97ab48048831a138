import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The line CI reads counts tests, not files: runs Vitest in a child process, on generated files, with its own config
 * (no global setup, no projects of the outer run) and only the count reporter, and reads the line it ends with.
 */
const ROOT = resolve(import.meta.dirname, "../..");
// Inside the repository (git-ignored), so that the generated files resolve `vitest` from its node_modules.
mkdirSync(resolve(ROOT, ".tmp"), { recursive: true });
const WORK = mkdtempSync(resolve(ROOT, ".tmp/count-reporter-"));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** Writes `files` into a fresh folder with a config of two projects, runs Vitest there, returns its exit and lines. */
async function runVitest(name: string, files: Record<string, string>): Promise<{ code: number; lastLine: string }> {
  const dir = join(WORK, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const config = join(dir, "vitest.config.ts");
  writeFileSync(
    config,
    `export default {
  cacheDir: ${JSON.stringify(join(dir, ".vite"))},
  test: {
    root: ${JSON.stringify(dir)},
    reporters: [${JSON.stringify(resolve(ROOT, "test/support/count-reporter.ts"))}],
    projects: [
      { test: { name: "first", include: ["a-*.test.ts"] } },
      { test: { name: "second", include: ["b-*.test.ts"] } },
    ],
  },
};
`,
  );
  // Nothing of the outer run's worker (VITEST_POOL_ID, VITEST_WORKER_ID, …) leaks into the child.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST")));
  return new Promise((done) => {
    execFile(
      resolve(ROOT, "node_modules/.bin/vitest"),
      ["run", "--config", config],
      { cwd: dir, env: { ...env, NO_COLOR: "1" }, timeout: 60_000 },
      (error, stdout) => {
        const lines = stdout.split("\n").filter((l) => l.trim() !== "");
        done({ code: error ? Number(error.code ?? 1) : 0, lastLine: lines.at(-1) ?? "" });
      },
    );
  });
}

describe("the count reporter", () => {
  it("counts a failed test once, each test a failed beforeAll kept from running, and a file it could not load", async () => {
    const run = await runVitest("mix", {
      // 2 passed, 1 failed.
      "a-plain.test.ts": `import { expect, test } from "vitest";
test("passes", () => expect(1).toBe(1));
test("passes too", () => expect(2).toBe(2));
test("fails", () => expect(1).toBe(2));
`,
      // 3 tests that never ran: 3 failed (Vitest itself reports them skipped).
      "b-setup-fails.test.ts": `import { beforeAll, expect, test } from "vitest";
beforeAll(() => { throw new Error("setup fails"); });
test("one", () => expect(1).toBe(1));
test("two", () => expect(1).toBe(1));
test("three", () => expect(1).toBe(1));
`,
      // Cannot be collected, so it has no tests: 1 failed.
      "b-syntax-error.test.ts": `import { test } from "vitest";
test("never collected", () => { const = ; });
`,
    });
    expect(run.lastLine).toBe("2 passed, 5 failed");
    expect(run.code).toBe(1);
  });

  it("keeps skipped and todo tests skipped, and counts suite hooks, a throwing import and an unhandled error", async () => {
    const run = await runVitest("suites", {
      "a-suites.test.ts": `import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
test("passes", () => expect(1).toBe(1)); // passed
test.skip("skipped", () => expect(1).toBe(2)); // skipped
test.todo("to do"); // skipped
test("skips itself", (ctx) => ctx.skip()); // skipped
describe("setup fails", () => {
  beforeAll(() => { throw new Error("suite setup fails"); });
  test("one", () => expect(1).toBe(1)); // failed: never ran
  test("two", () => expect(1).toBe(1)); // failed: never ran
  test.skip("skipped anyway", () => expect(1).toBe(1)); // skipped
});
describe("teardown fails", () => {
  afterAll(() => { throw new Error("suite teardown fails"); }); // 1 failed: no failed test stands for it
  test("passes first", () => expect(1).toBe(1)); // passed
  test("skips itself first", (ctx) => ctx.skip()); // skipped: it started, the hook did not stop it
});
describe("each fails", () => {
  beforeEach(() => { throw new Error("each setup fails"); });
  test("one", () => expect(1).toBe(1)); // failed
});
`,
      // An import that throws: the file has no tests: 1 failed.
      "b-throwing-import.test.ts": `import { test } from "vitest";
import "./throws.ts";
test("never collected", () => {});
`,
      "throws.ts": `throw new Error("cannot load");\n`,
      // The test passes; the error thrown outside it is unhandled: 1 passed, 1 failed.
      "b-unhandled.test.ts": `import { test } from "vitest";
test("passes while a timer throws", async () => {
  setTimeout(() => { throw new Error("unhandled"); }, 0);
  await new Promise((r) => setTimeout(r, 50));
});
`,
    });
    expect(run.lastLine).toBe("3 passed, 6 failed, 5 skipped");
    expect(run.code).toBe(1);
  });

  it("prints only passes and skips for a clean run", async () => {
    const run = await runVitest("clean", {
      "a-clean.test.ts": `import { expect, test } from "vitest";
test("passes", () => expect(1).toBe(1));
test.skip("skipped", () => expect(1).toBe(2));
`,
      "b-clean.test.ts": `import { expect, test } from "vitest";
test("passes", () => expect(1).toBe(1));
`,
    });
    expect(run.lastLine).toBe("2 passed, 0 failed, 1 skipped");
    expect(run.code).toBe(0);
  });
});
