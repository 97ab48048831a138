import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// The AWS SDK warns about Node 20 at import time, in this process (global setup) as in the workers.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const LOG_DIR = resolve(import.meta.dirname, ".tmp/logs");

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/count-reporter.ts"],
    projects: [
      {
        test: {
          name: "suite",
          include: ["test/{unit,integration,faults,bad-input,infra,browser}/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Everything the system logs during the run goes to files, for the scan that runs last.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", LOG_LEVEL: "info", LOG_DIR },
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "logs",
          include: ["test/logs/**/*.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
