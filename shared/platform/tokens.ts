import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { linkProblemText } from "../messages/common.ts";
import { roleGoneText } from "../messages/staff-links.ts";
import { epochSeconds, now } from "./clock.ts";
import { db, type TransactItem, tableName } from "./dynamo.ts";
import { AppError } from "./errors.ts";
import { base32, LINK_TOKEN_PATTERN, newId, sha256 } from "./ids.ts";
import { keyedDigest } from "./secret.ts";

/**
 * Links in e-mails carry a secret token in the URL path (never the query string, which proxies and
 * analytics log). Only the token's SHA-256 is stored, with what it is for and until when it works.
 *
 * A token is not stored anywhere else either, not even in the mail that carries it: it is derived from a random
 * id with the key held outside the table (shared/platform/secret.ts). The mail in the outbox holds a reference
 * (`linkRef`) and the ids it may resolve; the notifier, which holds the key, puts the token in at send time and
 * drops the body once the mail is sent or refused for good. A copy of the table, its stream or a backup
 * therefore holds no working link.
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

/** The token an id stands for: 160 bits of HMAC, URL-safe. Needs the secret. */
export function tokenOf(id: string): string {
  return base32(keyedDigest("link", id).subarray(0, 20));
}

/** What a mail body holds in place of a token: only URL- and HTML-safe characters, nothing secret. */
export const linkRef = (id: string) => `ref-${id}-ref`;
const LINK_REF = /ref-([a-z2-7]{16})-ref/g;

/** A mail body with its references replaced by tokens: only the ids the mail was written with, never typed ones. */
export function resolveLinkRefs(body: string, ids: readonly string[]): string {
  return body.replace(LINK_REF, (whole, id: string) => (ids.includes(id) ? tokenOf(id) : whole));
}

export interface IssuedToken {
  /** The working token: for an answer given now (a page, a JSON reply), never for anything stored. */
  token: string;
  /** The id it is derived from, and its reference for a mail body (see `linkRef`). */
  id: string;
  ref: string;
  /** The transaction item that stores the token's hash (written with whatever it belongs to). */
  item: TransactItem;
}

/** A new token and the transaction item that stores its hash. */
export function issueToken(kind: string, subject: Record<string, string>, expiresAt: Date): IssuedToken {
  const id = newId();
  const token = tokenOf(id);
  const record: TokenRecord = { kind, subject, expiresAt: expiresAt.toISOString(), createdAt: now().toISOString() };
  return {
    token,
    id,
    ref: linkRef(id),
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

/**
 * A staff link whose holder no longer holds the role it was sent for (the configuration changed): dead, and it says
 * only which unit to ask.
 */
export const holderGone = (unit: string) =>
  new AppError(
    410,
    "link-holder-changed",
    both(roleGoneText, "title"),
    both(roleGoneText, (t) => t.detail({ unit })),
  );

export const expiredLink = () =>
  new AppError(410, "expired-link", both(linkProblemText, "expired"), both(linkProblemText, "expiredDetail"));

/** The token's record, or the friendly 404 (unknown, malformed, tampered) or 410 (expired) every link page shows. */
export async function requireToken(token: string, ...kinds: string[]): Promise<TokenRecord> {
  const found = await lookupToken(token, ...kinds);
  if (found.status === "unknown") throw unknownLink();
  if (found.status === "expired") throw expiredLink();
  return found.record;
}
