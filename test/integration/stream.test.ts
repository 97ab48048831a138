import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { handler as notifier } from "../../functions/notifier.ts";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../local/services.ts";
import { BatchDelivery, StreamPoller } from "../../local/streams.ts";
import { ensureTable } from "../../local/table.ts";
import { streamConsumers } from "../../shared/declarations.ts";
import { transact } from "../../shared/platform/dynamo.ts";
import { mailItem } from "../../shared/platform/outbox.ts";
import { secretReady } from "../../shared/platform/secret.ts";
import { startStack, type TestStack, uniqueName } from "../support/stack.ts";

/** DynamoDB Local's stream, read like Lambda's event source mapping, into the real notifier and local SES. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
  // mailItem keys each mail by a keyed hash of its recipient (her data rights): the key, as a function loads it.
  await secretReady();
});
afterAll(async () => stack?.stop());

const clientConfig = () => ({
  endpoint: inject("dynamoEndpoint"),
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the local stream", () => {
  it("delivers records in Lambda's DynamoDBStreamEvent shape, filtered by the declared pattern", async () => {
    const tableName = uniqueName("stream");
    const dynamo = new DynamoDBClient(clientConfig());
    const streamArn = await ensureTable(dynamo, tableName);
    const seen: DynamoDBRecord[] = [];
    const [declaration] = streamConsumers;
    const poller = new StreamPoller(
      new DynamoDBStreamsClient(clientConfig()),
      streamArn,
      [
        new BatchDelivery({
          declaration: declaration as (typeof streamConsumers)[number],
          handler: async (event: DynamoDBStreamEvent) => {
            seen.push(...event.Records);
            return { batchItemFailures: [] };
          },
        }),
      ],
      25,
    );
    poller.start();
    try {
      await dynamo.send(
        new PutItemCommand({ TableName: tableName, Item: { pk: { S: "EVENT#x" }, sk: { S: "EVENT" } } }),
      );
      await dynamo.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: "MAIL#1" }, sk: { S: "MAIL" }, to: { S: "a@example.org" } },
        }),
      );
      const record = await until(() => seen[0]);
      expect(record).toMatchObject({
        eventName: "INSERT",
        eventSource: "aws:dynamodb",
        eventSourceARN: streamArn,
        dynamodb: {
          Keys: { pk: { S: "MAIL#1" }, sk: { S: "MAIL" } },
          NewImage: { to: { S: "a@example.org" } },
          StreamViewType: "NEW_AND_OLD_IMAGES",
        },
      });
      expect(typeof record.dynamodb?.ApproximateCreationDateTime).toBe("number");
      expect(typeof record.dynamodb?.SequenceNumber).toBe("string");
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toHaveLength(1); // the EVENT# item did not pass the notifier's filter
    } finally {
      await poller.stop();
      dynamo.destroy();
    }
  });
});

describe("the notifier", () => {
  it("sends a mail once even when its record is delivered again", async () => {
    const to = "once@example.org";
    const item = mailItem({
      to,
      subject: "Xin chào\r\nBcc: x@example.com",
      html: "<p>xin chào</p>",
      text: "xin chào",
      kind: "test",
    });
    await transact([item]);
    const [mail] = await stack.inbox.waitFor(to);
    expect(mail?.subject).toBe("Xin chào Bcc: x@example.com"); // one line: no header can be injected
    expect(mail?.destination.bcc).toEqual([]);

    // Lambda may deliver a record again (a retried batch): the recorded marker keeps it from going out twice.
    const stored = (item.Put?.Item ?? {}) as Record<string, unknown>;
    const image = Object.fromEntries(
      Object.entries(stored).map(([k, v]) => [k, typeof v === "number" ? { N: String(v) } : { S: String(v) }]),
    );
    const redelivery = {
      Records: [{ eventName: "INSERT", dynamodb: { SequenceNumber: "1", NewImage: image } }],
    } as unknown as DynamoDBStreamEvent;
    const result = await notifier(redelivery, {} as never);
    expect(result.batchItemFailures).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await stack.inbox.to(to)).toHaveLength(1);
  });
});
