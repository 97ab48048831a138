import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { StreamConsumerDeclaration } from "#shared/declarations.ts";
import { describeError, log } from "#shared/platform/log.ts";

/**
 * Lambda's DynamoDB event source mapping, on a laptop: reads the table's stream from DynamoDB Local, applies
 * the consumer's filter pattern, and invokes its handler with `DynamoDBStreamEvent` batches, with Lambda's
 * semantics: partial batch failures retry from the first failed record, a thrown error bisects the batch,
 * retries are bounded, and what still fails goes to the on-failure destination (here: the log and a callback).
 */

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

/** Lambda filter patterns, the subset the declarations use: nested objects, literal lists, `prefix`, `exists`. */
export function matchesPattern(pattern: unknown, data: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) => {
      if (rule !== null && typeof rule === "object") {
        const r = rule as { prefix?: string; exists?: boolean };
        if (r.prefix !== undefined) return typeof data === "string" && data.startsWith(r.prefix);
        if (r.exists !== undefined) return (data !== undefined) === r.exists;
        return false;
      }
      return rule === data;
    });
  }
  if (pattern !== null && typeof pattern === "object") {
    if (data === null || typeof data !== "object") return false;
    return Object.entries(pattern).every(([k, p]) => matchesPattern(p, (data as Record<string, unknown>)[k]));
  }
  return pattern === data;
}

/** The SDK's stream record → the JSON Lambda hands a function (dates as epoch seconds). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord["eventName"],
    eventVersion: record.eventVersion,
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: d.Keys as never,
      NewImage: d.NewImage as never,
      OldImage: d.OldImage as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

export interface DeliveryOptions {
  declaration: Pick<StreamConsumerDeclaration, "batchSize" | "retryAttempts" | "bisectBatchOnError" | "filterPattern">;
  handler: StreamHandler;
  /** Pause before retry n (1-based). */
  retryDelayMs?: (attempt: number) => number;
  onFailure?: (records: DynamoDBRecord[], reason: string) => void;
}

const defaultDelay = (attempt: number) => Math.min(5000, 100 * 2 ** (attempt - 1));

/** Delivers records to one consumer with Lambda's batch, retry and partial-failure rules. */
export class BatchDelivery {
  constructor(private readonly options: DeliveryOptions) {}

  async deliver(records: DynamoDBRecord[]): Promise<void> {
    const wanted = records.filter((r) => matchesPattern(this.options.declaration.filterPattern, r));
    const size = this.options.declaration.batchSize;
    for (let i = 0; i < wanted.length; i += size) await this.deliverBatch(wanted.slice(i, i + size), 0);
  }

  private async deliverBatch(batch: DynamoDBRecord[], attemptsSoFar: number): Promise<void> {
    let pending = batch;
    let attempts = attemptsSoFar;
    const { retryAttempts, bisectBatchOnError } = this.options.declaration;
    while (pending.length > 0) {
      let failedFrom: number;
      let reason: string;
      try {
        const response = await this.options.handler({ Records: pending });
        const failures = response?.batchItemFailures ?? [];
        if (failures.length === 0) return;
        const indexes = failures.map((f) => pending.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier));
        // An identifier that names no record of the batch fails the whole batch, as in Lambda.
        failedFrom = indexes.includes(-1) ? 0 : Math.min(...indexes);
        reason = "partial batch failure";
      } catch (error) {
        log.warn("stream handler threw", describeError(error));
        if (bisectBatchOnError && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await this.deliverBatch(pending.slice(0, half), attempts + 1);
          await this.deliverBatch(pending.slice(half), attempts + 1);
          return;
        }
        failedFrom = 0;
        reason = "handler error";
      }
      pending = pending.slice(failedFrom);
      attempts++;
      if (attempts > retryAttempts) {
        log.error("stream records sent to the on-failure destination", { records: pending.length, reason });
        this.options.onFailure?.(pending, reason);
        return;
      }
      await new Promise((r) => setTimeout(r, (this.options.retryDelayMs ?? defaultDelay)(attempts)));
    }
  }
}

interface ShardState {
  id: string;
  parent?: string;
  iterator?: string;
  lastSequence?: string;
  closed: boolean;
}

/** Polls every shard of one stream and hands each new record to every consumer, in order. */
export class StreamPoller {
  private shards = new Map<string, ShardState>();
  private running = false;
  private loop: Promise<void> | undefined;
  private lastDescribe = 0;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly streamArn: string,
    private readonly consumers: BatchDelivery[],
    private readonly pollMs = 100,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        if (Date.now() - this.lastDescribe > 1000) await this.discoverShards();
        for (const shard of this.shards.values()) {
          if (!this.running) break;
          if (shard.closed || (shard.parent && this.shards.get(shard.parent)?.closed === false)) continue;
          busy = (await this.pollShard(shard)) || busy;
        }
      } catch (error) {
        if (this.running) log.warn("stream poll failed", describeError(error));
      }
      if (!busy && this.running) await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  private async discoverShards(): Promise<void> {
    this.lastDescribe = Date.now();
    let start: string | undefined;
    do {
      const out = await this.client.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }),
      );
      for (const s of out.StreamDescription?.Shards ?? []) {
        if (s.ShardId && !this.shards.has(s.ShardId)) {
          this.shards.set(s.ShardId, { id: s.ShardId, parent: s.ParentShardId, closed: false });
        }
      }
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  /** One GetRecords on one shard; true when it returned records. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    if (!shard.iterator) {
      let out: { ShardIterator?: string };
      try {
        out = await this.client.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shard.id,
            ...(shard.lastSequence
              ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: shard.lastSequence }
              : { ShardIteratorType: "TRIM_HORIZON" }),
          }),
        );
      } catch (error) {
        // The store restarted or the shard is gone: forget it; the next description finds what exists now.
        if (error instanceof Error && /ResourceNotFound|Validation|TrimmedDataAccess/.test(error.name)) {
          this.shards.delete(shard.id);
          this.lastDescribe = 0;
          return false;
        }
        throw error;
      }
      shard.iterator = out.ShardIterator;
      if (!shard.iterator) {
        shard.closed = true;
        return false;
      }
    }
    let out: GetRecordsCommandOutput;
    try {
      out = await this.client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
    } catch (error) {
      // Any failed read (an expired iterator, a restarted store) starts again from the last record delivered.
      shard.iterator = undefined;
      throw error;
    }
    const records = (out.Records ?? []).map((r) => toLambdaRecord(r, this.streamArn));
    for (const consumer of this.consumers) await consumer.deliver(records);
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) shard.lastSequence = last;
    shard.iterator = out.NextShardIterator;
    if (!shard.iterator) shard.closed = true;
    return records.length > 0;
  }
}
