import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * DynamoDB Local runs transactions one after another, so it never refuses one; DynamoDB on AWS does. This puts
 * AWS's rules back at the client, so that a design proven here would hold there:
 *  - a TransactWriteItems that touches an item another transaction is writing is cancelled with
 *    TransactionConflict (transactions do not wait for each other);
 *  - a plain PutItem / UpdateItem / DeleteItem on an item a transaction is writing fails with
 *    TransactionConflictException;
 *  - plain writes to one item never refuse each other (they queue).
 * "Is writing" means: between the moment the transaction was sent and the moment its answer came back.
 */
export interface ConflictEmulation {
  /** Transactions cancelled, and plain writes refused, so far. */
  counts(): { cancelledTransactions: number; refusedWrites: number };
  remove(): void;
}

const text = (v: unknown): string => (typeof v === "string" ? v : String((v as { S?: string } | undefined)?.S ?? ""));
const keyOf = (item: Record<string, unknown> | undefined) => `${text(item?.pk)}|${text(item?.sk)}`;

function error(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400 }, ...extra });
}

export function emulateAwsConflicts(client: DynamoDBDocumentClient): ConflictEmulation {
  const writing = new Map<string, number>();
  let cancelledTransactions = 0;
  let refusedWrites = 0;
  const name = `aws-conflicts-${Math.random()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const command = String(context.commandName);
      if (command === "TransactWriteItemsCommand") {
        const items =
          (input.TransactItems as Record<
            string,
            { Item?: Record<string, unknown>; Key?: Record<string, unknown> }
          >[]) ?? [];
        const keys = items.map((t) => {
          const op = t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck;
          return keyOf(op?.Item ?? op?.Key);
        });
        if (keys.some((k) => writing.has(k))) {
          cancelledTransactions++;
          throw error("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons", {
            CancellationReasons: keys.map((k) => ({ Code: writing.has(k) ? "TransactionConflict" : "None" })),
          });
        }
        for (const k of keys) writing.set(k, (writing.get(k) ?? 0) + 1);
        try {
          return await next(args);
        } finally {
          for (const k of keys) {
            const n = (writing.get(k) ?? 1) - 1;
            if (n === 0) writing.delete(k);
            else writing.set(k, n);
          }
        }
      }
      if (["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand"].includes(command)) {
        const key = keyOf((input.Item ?? input.Key) as Record<string, unknown>);
        if (writing.has(key)) {
          refusedWrites++;
          throw error("TransactionConflictException", "Transaction is ongoing for the item");
        }
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  return {
    counts: () => ({ cancelledTransactions, refusedWrites }),
    remove: () => client.middlewareStack.remove(name),
  };
}
