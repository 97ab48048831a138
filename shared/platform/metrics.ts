import { AsyncLocalStorage } from "node:async_hooks";
import type { Context } from "aws-lambda";
import { inInvocation, scrub, scrubError, startInvocation, writeRecord } from "./log.ts";

/**
 * Counts for CloudWatch, in its embedded metric format (EMF): a log line whose `_aws` block tells CloudWatch Logs
 * which of its keys are metrics and which are dimensions. No API call and no client: the line is the metric.
 *
 * Namespace `TiengNoi`; every metric has the dimension `stage` (env `STAGE`, default `local`), and some are also
 * broken down by one more, published under both sets (`[stage]` and `[stage, <dimension>]`), so that an alarm
 * reads the total and a dashboard the breakdown. Dimension values are names the code chooses (an action, a
 * route template, an outcome); anything else becomes `other`, so no person, address or token can become one.
 *
 * Counts add up over an invocation and are written once, at its end (`observed`), one line per set of dimension
 * values; an invocation that counted nothing writes nothing. Counted outside an invocation (a test calling the
 * domain directly, an ops command), a count is written at once.
 *
 * Powertools' Metrics would do the same for 13 KB more in every function (`npm run bench`, "Observability").
 */

export const NAMESPACE = "TiengNoi";

/** The metrics that are broken down by one more dimension, and its values. */
interface Breakdown {
  /** A registration, by what she got: a seat, a place on the waitlist, or a seat beyond capacity at the door. */
  Registrations: { outcome: "seat" | "waitlist" | "extra" };
  /** A petition's transition, by the workflow's action. */
  Transitions: { action: string };
  /** An SES bounce of one recipient: `permanent`, `transient` or `undetermined` (SES's bounce types). */
  MailsBounced: { type: string };
  /** An error the HTTP edge answered with a 500 (or the 503 of an unusable configuration), by route template. */
  UnhandledErrors: { route: string };
}

/** Every metric: its breakdown dimension, if any. All are counts. */
const METRICS = {
  Registrations: "outcome",
  /** Petitions submitted (by her, or entered by an officer). */
  Petitions: undefined,
  Transitions: "action",
  /** Mails SES accepted; mails it refused for good (never retried). */
  MailsSent: undefined,
  MailsFailed: undefined,
  MailsBounced: "type",
  MailsComplained: undefined,
  /** The deadline sweeper: steps that went past their deadline (their first escalation), reminders, escalations. */
  OverdueSteps: undefined,
  RemindersSent: undefined,
  Escalations: undefined,
  UnhandledErrors: "route",
} as const satisfies { [N in keyof Breakdown]: keyof Breakdown[N] } & Record<string, string | undefined>;

export type MetricName = keyof typeof METRICS;
type By<N extends MetricName> = N extends keyof Breakdown ? [by: Breakdown[N], value?: number] : [value?: number];

interface Count {
  name: MetricName;
  dimension?: [string, string];
  value: number;
}

const recording = new AsyncLocalStorage<Map<string, Count>>();

/**
 * A value a dimension may take: a short name of letters, digits and `_ - . / { } +` that starts with no digit, holds
 * at most two digits and no run of four capitals or digits, and that the log scrubber leaves alone. A route template,
 * an action, an outcome, a stage pass; a phone number, an address, a link token, a tracking code do not.
 */
const DIMENSION_VALUE = /^[A-Za-z_/{}+.-][\w/{}+.-]{0,79}$/;
export function dimensionValue(value: string): string {
  const named = DIMENSION_VALUE.test(value) && !/\d.*\d.*\d|[A-Z0-9]{4}/.test(value) && scrub(value) === value;
  return named ? value : "other";
}

/** Count `value` (default 1) of metric `name`, broken down as it is declared: `count("Transitions", { action })`. */
export function count<N extends MetricName>(name: N, ...args: By<N>): void {
  const key = METRICS[name];
  const by = key ? (args[0] as Record<string, string> | undefined) : undefined;
  const raw = key ? args[1] : args[0];
  const value = typeof raw === "number" && Number.isFinite(raw) ? raw : 1;
  const dimension: [string, string] | undefined = key ? [key, dimensionValue(String(by?.[key] ?? ""))] : undefined;
  const counted = recording.getStore();
  if (!counted) {
    write([{ name, dimension, value }]);
    return;
  }
  const id = `${name}\n${dimension?.join("=") ?? ""}`;
  const seen = counted.get(id);
  if (seen) seen.value += value;
  else counted.set(id, { name, dimension, value });
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: "Count" }[];
}

/**
 * The EMF documents for some counts: as few as can hold them. One document holds one value per key, so two counts
 * of a metric (two actions) or two values of a dimension go in two; the rest share them.
 */
function emfDocuments(counts: Iterable<Count>, stage: string, timestamp: number): Record<string, unknown>[] {
  const docs: { dims: Record<string, string>; values: Record<string, number>; directives: Map<string, Directive> }[] =
    [];
  for (const c of counts) {
    const [key, value] = c.dimension ?? [];
    let doc = docs.find(
      (d) => !(c.name in d.values) && (key === undefined || d.dims[key] === undefined || d.dims[key] === value),
    );
    if (!doc) {
      doc = { dims: {}, values: {}, directives: new Map() };
      docs.push(doc);
    }
    doc.values[c.name] = c.value;
    if (key !== undefined && value !== undefined) doc.dims[key] = value;
    const directive = doc.directives.get(key ?? "") ?? {
      Namespace: NAMESPACE,
      Dimensions: key ? [["stage"], ["stage", key]] : [["stage"]],
      Metrics: [],
    };
    directive.Metrics.push({ Name: c.name, Unit: "Count" });
    doc.directives.set(key ?? "", directive);
  }
  return docs.map((d) => ({
    _aws: { Timestamp: timestamp, CloudWatchMetrics: [...d.directives.values()] },
    stage,
    ...d.dims,
    ...d.values,
  }));
}

function write(counts: Iterable<Count>): void {
  try {
    // EMF's timestamp is the real time: CloudWatch drops a metric more than two weeks old (the app's clock may be
    // shifted, in tests).
    const stage = dimensionValue(process.env.STAGE || "local");
    for (const doc of emfDocuments(counts, stage, Date.now())) writeRecord(doc);
  } catch {
    // A metric is never worth a failed request.
  }
}

/**
 * A Lambda handler as an observed invocation: its log lines carry the invocation's fields (shared/platform/log.ts),
 * its counts are written once at its end, and an error it throws leaves scrubbed (Lambda logs it). The HTTP edge
 * wraps every API function in it (`httpHandler`), with API Gateway's request id as the correlation id; the stream,
 * SNS and scheduled functions wrap their handler in it.
 */
export function observed<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  correlationIdOf?: (event: E) => string | undefined,
): (event: E, context: Context) => Promise<R> {
  return (event, context) => {
    const fields = startInvocation(context, correlationIdOf?.(event));
    const counted = new Map<string, Count>();
    return inInvocation(fields, () =>
      recording.run(counted, async () => {
        try {
          return await handler(event, context);
        } catch (error) {
          throw scrubError(error);
        } finally {
          if (counted.size > 0) write(counted.values());
        }
      }),
    );
  };
}
