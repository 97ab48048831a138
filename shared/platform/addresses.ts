import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../keys.ts";
import { dailyCountItem } from "./counters.ts";
import { db, type TransactItem, tableName } from "./dynamo.ts";
import { addressHash } from "./secret.ts";

/**
 * What the system knows of an e-mail address typed into a form: whether its owner has ever acted from a link
 * mailed to it (a POST from her link: a mail scanner only GETs), and how many receipts went to it today. Until
 * she has, receipts to it carry fixed text and the code only, so a form cannot relay typed words to a stranger.
 * Addresses are keyed by a keyed hash (shared/platform/secret.ts): the table never names them.
 */

const addressKey = addressHash;

export async function addressSeen(email: string | undefined): Promise<boolean> {
  if (!email) return false;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.address(addressKey(email)) }));
  return out.Item !== undefined;
}

/** Her action from a link mailed to `email`, written with the action: the address answers. */
export function addressSeenItem(email: string, at: string): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...keys.address(addressKey(email)), seenAt: at } } };
}

/** One more receipt to `email` today, refused (label it, and send none) past `limit`. */
export function receiptCountItem(email: string, limit: number, at: string): TransactItem {
  const hash = addressKey(email);
  return dailyCountItem((day) => keys.addressDay(hash, day), limit, at);
}
