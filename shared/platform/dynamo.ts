import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";

/**
 * The table and its client: module-scope singletons, created on first use and reused across invocations.
 * Endpoints come from the SDK's own settings (`AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local).
 */
let documentClient: DynamoDBDocumentClient | undefined;

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
  return name;
}

export function db(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

/** Tests inject faults (throttling, conflicts) by swapping the client. */
export function setDocumentClient(client: DynamoDBDocumentClient | undefined): void {
  documentClient = client;
}

/** Every item a query matches, following its pages. */
export async function queryAll<T>(input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** Why each item of a cancelled transaction failed, by position ("None" when it did not). */
export class TransactionCancelled extends Error {
  constructor(readonly reasons: string[]) {
    super(`transaction cancelled: ${reasons.join(",")}`);
    this.name = "TransactionCancelled";
  }
  failedAt(index: number): boolean {
    return this.reasons[index] === "ConditionalCheckFailed";
  }
  get conflicted(): boolean {
    return this.reasons.some((r) => r === "TransactionConflict");
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

/**
 * Write all items or none. A cancelled transaction comes back as TransactionCancelled with a reason per item.
 */
export async function transact(items: TransactItem[]): Promise<void> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof Error && error.name === "TransactionCanceledException") {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      throw new TransactionCancelled(items.map((_, i) => reasons[i]?.Code ?? "None"));
    }
    throw error;
  }
}

/** Small jittered pause between retries of contended writes. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.min(200, 5 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}
