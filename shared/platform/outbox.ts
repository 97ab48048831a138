import { keys } from "../keys.ts";
import { epochSeconds, nowIso } from "./clock.ts";
import type { TransactItem } from "./dynamo.ts";
import { tableName } from "./dynamo.ts";
import { newId } from "./ids.ts";
import { addressHash, normalisedAddress } from "./secret.ts";

export { normalisedAddress };

import { singleLine } from "./text.ts";
import type { IssuedToken } from "./tokens.ts";

/**
 * E-mail never blocks or fails a request: a handler writes the messages to send into the table in the same
 * transaction as the change they report, and the stream-driven notifier delivers them.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** What the mail is about, for logs and metrics (never its content). */
  kind: string;
  /** Whom a reply reaches: the person whose action sent it (a staff address), so answering by e-mail reaches someone. */
  replyTo?: string;
  /**
   * The petition step it serves, so that a bounce or complaint SES reports later is known against it (who did not
   * receive which petition's step): its tracking code, the step's version, and the recipient's role.
   */
  about?: { trackingCode: string; stepVersion: number; role: string };
}

const KEEP_DAYS = 90;

/** An address as every keyed hash of one takes it (shared/platform/addresses.ts): NFC, trimmed, lower case. */

/** The keyed hash an address's mails are found by (her data rights: shared/rights/subject.ts). Needs the secret. */
export const mailToHash = addressHash;

export interface MailItemOptions {
  /**
   * In the by-subject index under its recipient's address (the default), so that her export lists it and her
   * erasure deletes it. Only the mail telling her that her data is erased is left out: it is the one mail that
   * outlives her erasure, and a second erasure must find nothing.
   */
  indexed?: boolean;
  /** Days until DynamoDB deletes the entry (its recipient and subject; the body goes once it is sent). */
  keepDays?: number;
}

/**
 * The outbox entry for one mail, written in the transaction of the change it reports (so at most once per
 * change). Its id is random: an id derived from the recipient would put a hash of her address in every log line.
 * `links` are the tokens whose references (`IssuedToken.ref`) the body carries: the entry keeps their ids, and
 * the notifier resolves only those (shared/platform/tokens.ts). The caller has loaded the secret (`secretReady()`):
 * the entry is found by a keyed hash of its recipient.
 */
export function mailItem(
  mail: OutgoingMail,
  links: readonly Pick<IssuedToken, "id">[] = [],
  options: MailItemOptions = {},
): TransactItem {
  const createdAt = nowIso();
  const mailId = newId();
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.mail(mailId),
        // In the pending index until sent, so that the sweeper finds what the stream could not deliver.
        ...keys.outboxPending(createdAt, mailId),
        ...(options.indexed === false ? {} : keys.mailToIndex(mailToHash(mail.to), createdAt)),
        mailId,
        to: mail.to,
        // A subject is one line: no CR/LF from user text can reach a header.
        subject: singleLine(mail.subject).slice(0, 200),
        html: mail.html,
        text: mail.text,
        kind: mail.kind,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        ...(mail.about ? { about: mail.about } : {}),
        ...(links.length > 0 ? { links: links.map((l) => l.id) } : {}),
        status: "pending",
        attempts: 0,
        createdAt,
        ttl: epochSeconds() + (options.keepDays ?? KEEP_DAYS) * 86400,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}
