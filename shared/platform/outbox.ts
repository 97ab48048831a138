import { keys } from "../keys.ts";
import { epochSeconds, nowIso } from "./clock.ts";
import type { TransactItem } from "./dynamo.ts";
import { tableName } from "./dynamo.ts";
import { newId } from "./ids.ts";
import { singleLine } from "./text.ts";

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
}

const KEEP_DAYS = 90;

export function mailItem(mail: OutgoingMail): TransactItem {
  const mailId = newId();
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.mail(mailId),
        mailId,
        to: mail.to,
        // A subject is one line: no CR/LF from user text can reach a header.
        subject: singleLine(mail.subject).slice(0, 200),
        html: mail.html,
        text: mail.text,
        kind: mail.kind,
        status: "pending",
        attempts: 0,
        createdAt: nowIso(),
        ttl: epochSeconds() + KEEP_DAYS * 86400,
      },
    },
  };
}
