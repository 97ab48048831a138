import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";

/**
 * Structured JSON logs, one line per entry, and a promise that no personal data reaches them: callers log
 * identifiers and outcomes, never people, and every string is scrubbed again of anything shaped like a
 * phone number, an e-mail address or a link token before it is written — the message, every field's key and
 * value at any depth, and an error's message and stack frames.
 *
 * Every line written during an invocation also says which one: Lambda's request id, whether it was the
 * container's first (a cold start), the function, and the ids that tie it to API Gateway's access log
 * (`correlationId`, API Gateway's request id) and to X-Ray (`traceId`). That is what Powertools' Logger would add;
 * done here in a few lines instead, since the Logger adds 21 KB to every function for it and would need the scrubbing
 * rebuilt around it (`npm run bench`, "Observability", measures both).
 */

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
// Not inside a longer run of letters and digits: a request id's hex ("…a1849…") is not a number that starts with 84.
const PHONE = /(?<![\w+])(?:\+?84|0)[\s.-]?[35789](?:[\s.-]?\d){8}\b/g;
const TOKEN_PATH = /\/(a|r)\/[a-z2-7]{16,}/gi;
const LONG_SECRET = /\b[a-z2-7]{32}\b/g;

export function scrub(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(PHONE, "[phone]")
    .replace(TOKEN_PATH, "/$1/[token]")
    .replace(LONG_SECRET, "[secret]");
}

/** Deeper than this an object is not written at all (nor walked: a cycle ends here too). */
const MAX_DEPTH = 5;

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (typeof value === "bigint") return String(value);
  if (value === null || typeof value !== "object") return value;
  // An error's own properties are not enumerable: described (name, scrubbed message, frames), never dropped.
  if (value instanceof Error) return describeError(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubValue(v, depth + 1)]));
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

/** What every line of an invocation carries. Absent outside one (the local runtime's own lines, ops commands). */
export interface InvocationFields {
  /** Lambda's request id (`context.awsRequestId`). */
  requestId?: string;
  functionName?: string;
  /** The first invocation of this function in its container (locally: in this process). */
  coldStart: boolean;
  /** API Gateway's request id (`requestContext.requestId`): the id in its access log and `x-amzn-RequestId`. */
  correlationId?: string;
  /** X-Ray's trace id (the `Root` of `_X_AMZN_TRACE_ID`), when Lambda gives one. */
  traceId?: string;
}

/** The part of Lambda's context the logs read (a test or a local run may give less, or nothing). */
export interface InvocationContext {
  awsRequestId?: string;
  functionName?: string;
}

const current = new AsyncLocalStorage<InvocationFields>();
/**
 * The functions that have been invoked in this process. On AWS a container runs one function, so this is "not
 * the first invocation"; locally every function runs in one process, and each has its own first one.
 */
const warm = new Set<string>();

/** The fields of an invocation starting now, of the function `context` names (Lambda's environment else). */
export function startInvocation(context: InvocationContext | undefined, correlationId?: string): InvocationFields {
  const functionName = context?.functionName || process.env.AWS_LAMBDA_FUNCTION_NAME || undefined;
  const coldStart = !warm.has(functionName ?? "");
  warm.add(functionName ?? "");
  // Lambda sets it for each invocation when the function is traced (active tracing, or a sampled upstream trace).
  const traceId = /(?:^|;)Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? "")?.[1];
  return {
    ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}),
    ...(functionName ? { functionName } : {}),
    coldStart,
    ...(correlationId ? { correlationId } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

/**
 * Run `work` as an invocation: every line it logs, however deep and however many invocations run at once in this
 * process (locally they do), carries `fields`.
 */
export function inInvocation<T>(fields: InvocationFields, work: () => T): T {
  return current.run(fields, work);
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (order[level] < order[minLevel]) return;
  const head = { level, time: new Date().toISOString(), message: scrub(message) };
  // The caller's fields cannot pass for the line's own, nor for the invocation's (written last); the head's keys stay
  // first in the line.
  const entry = Object.assign({ ...head }, scrubValue(fields), scrubValue(current.getStore() ?? {}), head);
  sink(JSON.stringify(entry));
}

/**
 * A line written whole, without a level, as CloudWatch's embedded metric format wants it (shared/platform/metrics.ts
 * builds it from names and checked dimension values only): the invocation's fields are added beside it, scrubbed.
 */
export function writeRecord(record: Fields): void {
  sink(JSON.stringify({ ...record, ...(scrubValue(current.getStore() ?? {}) as Fields) }));
}

/**
 * Describe an error for a log without its message's data: name, HTTP status of an AWS error, its message scrubbed
 * (as `errorMessage`: the line's own `message` stays the line's) and stack frames.
 */
export function describeError(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: typeof error };
  const frames = (error.stack ?? "")
    .split("\n")
    .slice(1, 6)
    .map((l) => scrub(l.trim()));
  const meta = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return {
    error: error.name,
    errorMessage: scrub(error.message).slice(0, 300),
    status: meta?.httpStatusCode,
    frames,
  };
}

/**
 * An error that leaves a handler is logged by Lambda itself (its message and stack, outside these logs): scrub
 * both in place, so that the runtime's line holds no more than ours would. Its class and other properties stay.
 */
export function scrubError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  try {
    const message = scrub(error.message);
    const stack = error.stack === undefined ? undefined : scrub(error.stack);
    if (message !== error.message) error.message = message;
    if (stack !== error.stack) error.stack = stack;
  } catch {
    // A frozen error keeps what it has.
  }
  return error;
}

export const log = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};

/** Tests and the local runtime redirect log lines (e.g. to capture and scan them); the sink it replaces. */
export function setLogSink(next: (line: string) => void): (line: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}
