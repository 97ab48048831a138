import { resolve } from "node:path";

/** Where the run's logs go (vitest.config.ts sets LOG_DIR; the global setup empties it at the start of a run). */
export const LOG_DIR = resolve(import.meta.dirname, "../../.tmp/logs");
