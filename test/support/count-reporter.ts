import type { Reporter, TestCase, TestModule, TestRunEndReason, TestSuite } from "vitest/node";

/**
 * Ends the run with one plain line CI reads: `N passed, N failed` (and skipped, when any). It counts tests, not files.
 *
 * What Vitest 4 reports, and how it is counted here:
 * - a test that fails (also in a `beforeEach`/`afterEach` hook): the test is failed; counted once;
 * - a `beforeAll` that throws (in a file or a `describe`): the file or suite fails with the hook's error and every
 *   test under it is reported `skipped` although it never started. Those tests did not pass: each counts as failed
 *   (a test that was itself `.skip`/`.todo` still counts as skipped);
 * - a file that cannot be collected (syntax error, a throwing import, an error in a `describe` body, no tests at
 *   all): the file fails with that error and reports no tests at all: it counts as 1 failed;
 * - an `afterAll` that throws after its tests passed: the suite or file fails with no failed test under it: 1 failed;
 * - `.skip`, `.todo`, `ctx.skip()`: skipped;
 * - an unhandled error (an exception or rejection outside any test): 1 failed each;
 * - a run that failed or was interrupted with none of the above (a global setup that throws: no file runs): 1 failed.
 */
export default class CountReporter implements Reporter {
  /** Tests that started running: a test skipped without ever starting, under a failed hook, never ran because of it. */
  readonly #started = new Set<string>();

  onTestRunStart(): void {
    this.#started.clear();
  }

  onTestCaseReady(test: TestCase): void {
    this.#started.add(test.id);
  }

  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      /** Failures counted in each file and suite, to know which failed file or suite no counted failure stands for. */
      const failedIn = new Map<TestModule | TestSuite, number>();
      const countFailure = (from: TestModule | TestSuite) => {
        failed++;
        for (let holder = from; ; holder = holder.parent) {
          failedIn.set(holder, (failedIn.get(holder) ?? 0) + 1);
          if (holder.type === "module") break;
        }
      };
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed" || this.#stoppedByHook(test)) countFailure(test.parent);
        else skipped++;
      }
      // A file or suite that failed on its own (collection, an `afterAll`) with no failure counted in it counts once.
      // Innermost first, so that an inner suite's failure stands for its outer suites too.
      for (const holder of [...module.children.allSuites()].reverse()) {
        if (holder.errors().length > 0 && !failedIn.get(holder)) countFailure(holder);
      }
      if (module.state() === "failed" && !failedIn.get(module)) countFailure(module);
    }
    failed += unhandledErrors.length;
    // A run that failed before any file ran (a global setup that throws) must not read as a clean run.
    if (reason !== "passed" && failed === 0) failed = 1;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }

  /** Skipped, though not marked `.skip`/`.todo`, never started, under a file or suite whose own hook failed. */
  #stoppedByHook(test: TestCase): boolean {
    const mode = test.options.mode;
    if (mode === "skip" || mode === "todo" || this.#started.has(test.id)) return false;
    for (let parent: TestModule | TestSuite = test.parent; ; parent = parent.parent) {
      if (parent.errors().length > 0) return true;
      if (parent.type === "module") return false;
    }
  }
}
