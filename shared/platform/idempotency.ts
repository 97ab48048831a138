import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { badIdempotencyKeyText, reusedIdempotencyKeyText } from "../messages/common.ts";
import { epochSeconds, nowIso } from "./clock.ts";
import { db, type TransactItem, tableName } from "./dynamo.ts";
import { AppError } from "./errors.ts";
import { sha256 } from "./ids.ts";

/**
 * `Idempotency-Key`: a client that retries a POST (weak mobile connection, double tap) gets the first answer
 * and creates nothing new. The record is written in the same transaction as what the request created, so
 * concurrent retries cannot both create: one transaction wins, the others find its record.
 */
const KEEP_SECONDS = 24 * 3600;

export interface Idempotency {
  /** Hash of route scope + client key: the record's identity. */
  keyHash: string;
  /** Hash of the normalised body: the same key with another body is refused. */
  requestHash: string;
}

function canonical(value: unknown): unknown {
  if (typeof value === "string") return value.normalize("NFC");
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const badKey = () =>
  new AppError(400, "bad-idempotency-key", both(badIdempotencyKeyText, "title"), both(badIdempotencyKeyText, "detail"));

const mismatch = () =>
  new AppError(
    422,
    "idempotency-key-reused",
    both(reusedIdempotencyKeyText, "title"),
    both(reusedIdempotencyKeyText, "detail"),
  );

/** Undefined when the request carries no key. */
export function idempotencyOf(scope: string, key: string | undefined, body: unknown): Idempotency | undefined {
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw badKey();
  return { keyHash: sha256(`${scope}\n${key}`), requestHash: sha256(JSON.stringify(canonical(body))) };
}

export interface StoredAnswer {
  statusCode: number;
  body: Record<string, unknown>;
}

/** The first answer for this key, if there was one; a 422 if the key came with another body. */
export async function replay(idem: Idempotency): Promise<StoredAnswer | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.idempotency(idem.keyHash), ConsistentRead: true }),
  );
  // DynamoDB deletes expired items lazily: an expired record no longer counts.
  if (!out.Item || (out.Item.ttl as number) < epochSeconds()) return undefined;
  if (out.Item.requestHash !== idem.requestHash) throw mismatch();
  return out.Item.answer as StoredAnswer;
}

export function idempotencyItem(idem: Idempotency, answer: StoredAnswer): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.idempotency(idem.keyHash),
        requestHash: idem.requestHash,
        answer,
        createdAt: nowIso(),
        ttl: epochSeconds() + KEEP_SECONDS,
      },
      ConditionExpression: "attribute_not_exists(pk) OR #ttl < :now",
      ExpressionAttributeNames: { "#ttl": "ttl" },
      ExpressionAttributeValues: { ":now": epochSeconds() },
    },
  };
}
