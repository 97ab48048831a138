import { appendFileSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { setLogSink } from "../../shared/platform/log.ts";

/**
 * Every line the system logs during the test run goes to .tmp/logs/, one file per test worker, instead of
 * the console: the output stays readable and the personal-data scan can read everything that was logged.
 */
export const LOG_DIR = resolve(import.meta.dirname, "../../.tmp/logs");
mkdirSync(LOG_DIR, { recursive: true });
const file = resolve(LOG_DIR, `${process.pid}.jsonl`);
setLogSink((line) => appendFileSync(file, `${line}\n`));
