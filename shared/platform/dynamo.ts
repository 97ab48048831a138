import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { serviceUnavailable } from "./errors.ts";

/**
 * The table and its client: module-scope singletons, created on first use and reused across invocations.
 * Endpoints come from the SDK's own settings (`AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local).
 */
let documentClient: DynamoDBDocumentClient | undefined;

/**
 * Decides whether a request may leave: given the command's name (`GetItemCommand`…) and its input as the caller
 * wrote it, it throws (an error named AccessDeniedException) or returns. The local runtime sets one that holds
 * every function to its declared actions and key families, as IAM holds it on AWS (local/handlers.ts). Never set
 * on AWS: there IAM decides, and no middleware is added.
 */
export type AccessGuard = (command: string, input: Record<string, unknown>) => void;

let accessGuard: AccessGuard | undefined;
const GUARD = "access-guard";

function guard(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      accessGuard?.(String(context.commandName), args.input as Record<string, unknown>);
      return next(args);
    },
    // Before anything else, retries included: a refusal is final, as IAM's is.
    { step: "initialize", name: GUARD, priority: "high", override: true },
  );
}

export function setAccessGuard(next: AccessGuard | undefined): void {
  accessGuard = next;
  if (!documentClient) return;
  if (next) guard(documentClient);
  else documentClient.middlewareStack.remove(GUARD);
}

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
  return name;
}

export function db(): DynamoDBDocumentClient {
  if (!documentClient) {
    documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    if (accessGuard) guard(documentClient);
  }
  return documentClient;
}

/** Tests inject faults (throttling, conflicts) by swapping the client. */
export function setDocumentClient(client: DynamoDBDocumentClient | undefined): void {
  documentClient = client;
  if (client && accessGuard) guard(client);
}

/** Every item a query matches (up to `max`), following its pages. */
export async function queryAll<T>(
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
  max = Infinity,
): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start && items.length < max);
  return items.slice(0, max);
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** A put of a new item: refused (ConditionalCheckFailed) if an item with its key exists. */
export function putNew(item: Record<string, unknown>): TransactItem {
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } };
}

/** A put that replaces the item whole, only if `condition` holds on the stored one. */
export function putIf(item: Record<string, unknown>, condition: string, values: Record<string, unknown>): TransactItem {
  return {
    Put: { TableName: tableName(), Item: item, ConditionExpression: condition, ExpressionAttributeValues: values },
  };
}

/** Why each item of a cancelled transaction failed, by position ("None" when it did not). */
export class TransactionCancelled extends Error {
  constructor(readonly reasons: string[]) {
    super(`transaction cancelled: ${reasons.join(",")}`);
    this.name = "TransactionCancelled";
  }
  failedAt(index: number): boolean {
    return this.reasons[index] === "ConditionalCheckFailed";
  }
  /** Cancelled only because another transaction touched the same items: worth another try. */
  get onlyConflicted(): boolean {
    return this.reasons.some((r) => r === "TransactionConflict") && !this.reasons.includes("ConditionalCheckFailed");
  }
}

const UNAVAILABLE = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "ECONNREFUSED",
  "ECONNRESET",
  "TransactionConflictException",
  "TransactionInProgressException",
  "RequestTimeout",
]);

/**
 * True for errors that mean "a service is not answering now" (after the SDK's own retries): the HTTP layer
 * answers them with a 503, never a 500.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return UNAVAILABLE.has(error.name) || (code !== undefined && UNAVAILABLE.has(code));
}

const CONFLICT_RETRIES = 3;

/**
 * Write all items or none. A transaction that only collided with another one is tried again (DynamoDB cancels
 * rather than waits) up to `conflictRetries` times, then answers 503; one whose condition failed comes back as
 * TransactionCancelled with a reason per item.
 */
export async function transact(items: TransactItem[], conflictRetries = CONFLICT_RETRIES): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== "TransactionCanceledException") throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const cancelled = new TransactionCancelled(items.map((_, i) => reasons[i]?.Code ?? "None"));
      if (!cancelled.onlyConflicted) throw cancelled;
      if (attempt >= conflictRetries) throw serviceUnavailable();
      await backoff(attempt);
    }
  }
}

/**
 * A plain write to an item that a transaction may be holding: DynamoDB refuses it with
 * TransactionConflictException while that transaction runs (plain writes to one item queue; only transactions
 * refuse). The SDK does not retry that error; this does, with backoff, up to `retries` times.
 */
export async function writeThroughConflicts<T>(write: () => Promise<T>, retries = 20): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof Error) || error.name !== "TransactionConflictException" || attempt >= retries) throw error;
      await backoff(attempt);
    }
  }
}

/** True when a conditional write was refused because its condition did not hold. */
export function conditionFailed(error: unknown): error is Error & { Item?: Record<string, unknown> } {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/** Small jittered pause between retries of contended writes. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Items by key, 100 to a BatchGetItem (its limit); keys DynamoDB leaves unprocessed (throttling) are asked again
 * after a backoff. Order is not kept; a missing item is simply absent.
 */
export async function getAll<T>(wanted: readonly { pk: string; sk: string }[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let keys = wanted.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const got = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
      out.push(...((got.Responses?.[tableName()] ?? []) as T[]));
      keys = (got.UnprocessedKeys?.[tableName()]?.Keys ?? []) as typeof keys;
    }
  }
  return out;
}

/** `work` on every item, at most `width` at a time; the results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
