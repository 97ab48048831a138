import { appendFileSync } from "node:fs";

/**
 * Structured JSON logs, one line per entry, and a promise that no personal data reaches them: callers log
 * identifiers and outcomes, never people, and every string is scrubbed again of anything shaped like a
 * phone number, an e-mail address or a link token before it is written.
 */

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const PHONE = /(?:\+?84|\b0)[\s.-]?[35789](?:[\s.-]?\d){8}\b/g;
const TOKEN_PATH = /\/(a|r)\/[a-z2-7]{16,}/gi;
const LONG_SECRET = /\b[a-z2-7]{32}\b/g;

export function scrub(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(PHONE, "[phone]")
    .replace(TOKEN_PATH, "/$1/[token]")
    .replace(LONG_SECRET, "[secret]");
}

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

/**
 * Lines go to stdout (CloudWatch on AWS). With LOG_DIR set — the test run sets it, for itself and every process
 * it starts — they go to LOG_DIR/<pid>.jsonl instead, where the personal-data scan reads all of them.
 */
const logDir = process.env.LOG_DIR;
let sink: (line: string) => void = logDir
  ? (line) => appendFileSync(`${logDir}/${process.pid}.jsonl`, `${line}\n`)
  : (line) => process.stdout.write(`${line}\n`);
const minLevel: Level = (process.env.LOG_LEVEL as Level | undefined) ?? "info";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function write(level: Level, message: string, fields: Fields = {}): void {
  if (order[level] < order[minLevel]) return;
  const entry = { level, time: new Date().toISOString(), message, ...(scrubValue(fields) as Fields) };
  sink(JSON.stringify(entry));
}

/** Describe an error for a log without its message's data: name, AWS error code and stack frames only. */
export function describeError(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: typeof error };
  const frames = (error.stack ?? "")
    .split("\n")
    .slice(1, 6)
    .map((l) => l.trim());
  const meta = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return { error: error.name, message: scrub(error.message).slice(0, 300), status: meta?.httpStatusCode, frames };
}

export const log = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/** Tests and the local runtime redirect log lines (e.g. to capture and scan them). */
export function setLogSink(next: (line: string) => void): void {
  sink = next;
}
