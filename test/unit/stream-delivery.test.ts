import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { BatchDelivery, matchesPattern } from "../../local/streams.ts";
import { streamConsumers } from "../../shared/declarations.ts";

/** The local event source mapping keeps Lambda's rules for batches, partial failures and retries. */
const record = (
  seq: number,
  pk = `MAIL#${seq}`,
  eventName: DynamoDBRecord["eventName"] = "INSERT",
): DynamoDBRecord => ({
  eventName,
  eventSource: "aws:dynamodb",
  dynamodb: { SequenceNumber: String(seq).padStart(5, "0"), Keys: { pk: { S: pk }, sk: { S: "MAIL" } } },
});
const seqs = (e: DynamoDBStreamEvent) => e.Records.map((r) => Number(r.dynamodb?.SequenceNumber));
const declaration = { batchSize: 3, retryAttempts: 2, bisectBatchOnError: true, filterPattern: {} };

describe("stream delivery", () => {
  it("cuts records into batches of batchSize, in order", async () => {
    const calls: number[][] = [];
    const delivery = new BatchDelivery({
      declaration,
      retryDelayMs: () => 0,
      handler: async (e) => {
        calls.push(seqs(e));
        return { batchItemFailures: [] };
      },
    });
    await delivery.deliver([1, 2, 3, 4, 5, 6, 7].map((n) => record(n)));
    expect(calls).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("retries from the first failed record of a partial failure, not the records before it", async () => {
    const calls: number[][] = [];
    let failOnce = true;
    const delivery = new BatchDelivery({
      declaration,
      retryDelayMs: () => 0,
      handler: async (e) => {
        calls.push(seqs(e));
        if (failOnce) {
          failOnce = false;
          return { batchItemFailures: [{ itemIdentifier: "00002" }] };
        }
        return { batchItemFailures: [] };
      },
    });
    await delivery.deliver([1, 2, 3].map((n) => record(n)));
    expect(calls).toEqual([
      [1, 2, 3],
      [2, 3],
    ]);
  });

  it("bisects a batch whose handler throws, isolating the poisoned record", async () => {
    const calls: number[][] = [];
    const failed: number[] = [];
    const delivery = new BatchDelivery({
      declaration: { ...declaration, batchSize: 4 },
      retryDelayMs: () => 0,
      onFailure: (records) => failed.push(...records.map((r) => Number(r.dynamodb?.SequenceNumber))),
      handler: async (e) => {
        calls.push(seqs(e));
        if (seqs(e).includes(3)) throw new Error("poison");
        return { batchItemFailures: [] };
      },
    });
    await delivery.deliver([1, 2, 3, 4].map((n) => record(n)));
    expect(calls.slice(0, 3)).toEqual([
      [1, 2, 3, 4],
      [1, 2],
      [3, 4],
    ]);
    expect(calls).toContainEqual([4]);
    expect(failed).toEqual([3]);
  });

  it("gives up after retryAttempts and hands the records to the on-failure destination", async () => {
    let calls = 0;
    const failed: DynamoDBRecord[] = [];
    const delivery = new BatchDelivery({
      declaration: { ...declaration, bisectBatchOnError: false },
      retryDelayMs: () => 0,
      onFailure: (records) => failed.push(...records),
      handler: async () => {
        calls++;
        return { batchItemFailures: [{ itemIdentifier: "00001" }] };
      },
    });
    await delivery.deliver([record(1)]);
    expect(calls).toBe(1 + declaration.retryAttempts);
    expect(failed).toHaveLength(1);
  });

  it("applies the declared filter: the notifier sees only new MAIL# items", async () => {
    const [notifier] = streamConsumers;
    const pattern = notifier?.filterPattern;
    expect(matchesPattern(pattern, record(1))).toBe(true);
    expect(matchesPattern(pattern, record(2, "EVENT#x"))).toBe(false);
    expect(matchesPattern(pattern, record(3, "MAIL#3", "MODIFY"))).toBe(false);
  });
});
