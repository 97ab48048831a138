import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { linkProblemText } from "../messages/common.ts";
import { epochSeconds, now } from "./clock.ts";
import { db, type TransactItem, tableName } from "./dynamo.ts";
import { AppError } from "./errors.ts";
import { LINK_TOKEN_PATTERN, newLinkToken, sha256 } from "./ids.ts";

/**
 * Links in e-mails carry a secret token in the URL path (never the query string, which proxies and
 * analytics log). Only the token's SHA-256 is stored, with what it is for and until when it works; a
 * database leak therefore gives no working link.
 */
export interface TokenRecord {
  kind: string;
  /** What the token is bound to, e.g. { eventId, registrationId }. */
  subject: Record<string, string>;
  expiresAt: string;
  createdAt: string;
}

export type TokenLookup =
  | { status: "ok"; record: TokenRecord; hash: string }
  | { status: "unknown" }
  | { status: "expired"; record: TokenRecord };

/** A new token and the transaction item that stores its hash (written with whatever it belongs to). */
export function issueToken(
  kind: string,
  subject: Record<string, string>,
  expiresAt: Date,
): { token: string; item: TransactItem } {
  const token = newLinkToken();
  const record: TokenRecord = { kind, subject, expiresAt: expiresAt.toISOString(), createdAt: now().toISOString() };
  return {
    token,
    item: {
      Put: {
        TableName: tableName(),
        Item: { ...keys.token(sha256(token)), ...record, ttl: epochSeconds(expiresAt) + 7 * 86400 },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  };
}

/** Find a token of one of `kinds`; anything else (unknown, malformed, another kind) is "unknown". */
export async function lookupToken(token: string, ...kinds: string[]): Promise<TokenLookup> {
  if (!LINK_TOKEN_PATTERN.test(token)) return { status: "unknown" };
  const hash = sha256(token);
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.token(hash) }));
  const record = out.Item as (TokenRecord & { pk: string }) | undefined;
  if (!record || !kinds.includes(record.kind)) return { status: "unknown" };
  if (now().getTime() >= Date.parse(record.expiresAt)) return { status: "expired", record };
  return { status: "ok", record, hash };
}

export const unknownLink = () =>
  new AppError(404, "unknown-link", both(linkProblemText, "unknown"), both(linkProblemText, "unknownDetail"));

export const expiredLink = () =>
  new AppError(410, "expired-link", both(linkProblemText, "expired"), both(linkProblemText, "expiredDetail"));

/** The token's record, or the friendly 404 (unknown, malformed, tampered) or 410 (expired) every link page shows. */
export async function requireToken(token: string, ...kinds: string[]): Promise<TokenRecord> {
  const found = await lookupToken(token, ...kinds);
  if (found.status === "unknown") throw unknownLink();
  if (found.status === "expired") throw expiredLink();
  return found.record;
}
