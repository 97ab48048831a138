import { invocation } from "../local/gateway.ts";
import { indexNames, keys } from "../shared/keys.ts";
import { db } from "../shared/platform/dynamo.ts";

/**
 * DynamoDB requests and consumed capacity per operation, counted at the SDK client the handlers share (the
 * local runtime runs them in this process). Each command is asked for ReturnConsumedCapacity=INDEXES; DynamoDB
 * Local reports it. The notifier's and sweeper's own work on the outbox is not the operation's and is left out.
 */
export interface Call {
  command: string;
  rcu: number;
  wcu: number;
  /** Keys written (pk|sk) and index partitions written (index=value), to find items every request shares. */
  writes: string[];
  /** The API request it was made for (API Gateway's request id), when it was made for one. */
  requestId?: string;
  /** The error it was refused with (a condition, a conflict), when it was. */
  failed?: string;
}

let recording: Call[] | undefined;
let installed = false;

/** Names as the low-level client sees them (the document client's commands run through it, marshalled). */
const READS = new Set([
  "GetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "TransactGetItemsCommand",
]);

/** A marshalled or plain attribute value as text. */
const text = (v: unknown): string => (typeof v === "string" ? v : String((v as { S?: string } | undefined)?.S ?? ""));

function writtenKeys(command: string, input: Record<string, unknown>): string[] {
  const items: Record<string, unknown>[] = [];
  if (command === "TransactWriteItemsCommand") {
    for (const t of (input.TransactItems as Record<
      string,
      { Item?: Record<string, unknown>; Key?: Record<string, unknown> }
    >[]) ?? []) {
      const op = t.Put ?? t.Update ?? t.Delete;
      if (op) items.push(op.Item ?? op.Key ?? {});
    }
  } else if (!READS.has(command)) {
    items.push((input.Item ?? input.Key ?? {}) as Record<string, unknown>);
  }
  return items.flatMap((item) => [
    `${text(item.pk)}|${text(item.sk)}`,
    ...Object.entries(item)
      .filter(([k]) => /^gsi\d+pk$/.test(k))
      .map(([k, v]) => `${k.replace("pk", "")}=${text(v)}`),
  ]);
}

function units(consumed: unknown): number {
  return [consumed ?? []]
    .flat()
    .reduce<number>((sum, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
}

export function installCounter(): void {
  if (installed) return;
  installed = true;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const key = input.Key as { pk?: unknown } | undefined;
      const outbox = keys.isMail(text(key?.pk)) || input.IndexName === indexNames.pendingMails;
      if (!recording || outbox) return next(args);
      input.ReturnConsumedCapacity = "INDEXES";
      const command = String(context.commandName);
      const call: Call = {
        command: command.replace(/Command$/, ""),
        rcu: 0,
        wcu: 0,
        writes: writtenKeys(command, input),
        requestId: invocation.getStore()?.requestId,
      };
      const calls = recording;
      try {
        const result = await next(args);
        const capacity = units((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        if (READS.has(command)) call.rcu = capacity;
        else call.wcu = capacity;
        return result;
      } catch (error) {
        // A refused write is still a request; a failed conditional write costs at least one write unit.
        call.failed = (error as Error).name;
        if ((error as Error).name === "ConditionalCheckFailedException") call.wcu = 1;
        throw error;
      } finally {
        calls.push(call);
      }
    },
    { step: "initialize", name: "benchCounter" },
  );
}

export async function record<T>(run: () => Promise<T>): Promise<{ result: T; calls: Call[] }> {
  recording = [];
  try {
    const result = await run();
    return { result, calls: recording };
  } finally {
    recording = undefined;
  }
}

export interface OperationRow {
  operation: string;
  requests: number;
  kinds: string;
  rcu: number;
  wcu: number;
  minimum: number;
  minimumWhy: string;
  /** Items or index partitions this operation writes on every request, whatever the request. */
  shared: string[];
}

/** Keys written by both of two different requests of the same operation: every request writes them. */
export function sharedWrites(a: Call[], b: Call[]): string[] {
  const first = new Set(a.flatMap((c) => c.writes));
  return [...new Set(b.flatMap((c) => c.writes))].filter((k) => first.has(k));
}

export function row(
  operation: string,
  calls: Call[],
  minimum: number,
  minimumWhy: string,
  shared: string[] = [],
): OperationRow {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.command, (counts.get(c.command) ?? 0) + 1);
  return {
    operation,
    requests: calls.length,
    kinds: [...counts.entries()].map(([k, n]) => (n > 1 ? `${n}×${k}` : k)).join(", "),
    rcu: Math.round(calls.reduce((s, c) => s + c.rcu, 0) * 10) / 10,
    wcu: Math.round(calls.reduce((s, c) => s + c.wcu, 0) * 10) / 10,
    minimum,
    minimumWhy,
    shared,
  };
}
