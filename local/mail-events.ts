import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { SNSEvent } from "aws-lambda";
import { keys } from "#shared/keys.ts";
import { type DeliveryEventType, normaliseAddress } from "#shared/petitions/mail-events.ts";
import { nowIso } from "#shared/platform/clock.ts";
import { db, tableName } from "#shared/platform/dynamo.ts";
import { MAIL_ID_TAG } from "#shared/platform/notifier.ts";
import { deliverMailEvent, LOCAL_MAIL_CONFIGURATION_SET } from "./runtime.ts";
import { LOCAL_REGION } from "./services.ts";

/**
 * A bounce or a complaint on a laptop: the local SES delivers every message, so what SES would report of a mail is
 * made here — the SES event for one outbox entry, in the SNS envelope the configuration set's topic would wrap it in —
 * and handed to the mail-event consumers as themselves (local/runtime.ts `deliverMailEvent`). `npm run mail-event`
 * and the tests use it.
 */

/** An outbox entry as the table holds it: what the event is built from. */
export interface OutboxEntry {
  mailId: string;
  to: string;
  kind: string;
  createdAt: string;
  messageId?: string;
  about?: { trackingCode: string; stepVersion: number; role: string };
}

/**
 * The newest outbox entry to `to` (of `kind`, about the petition `trackingCode`, when given). A Scan: this is
 * local tooling on a local table, never a function's access pattern.
 */
export async function findMail(to: string, filter: { kind?: string; trackingCode?: string } = {}) {
  const address = normaliseAddress(to);
  let newest: OutboxEntry | undefined;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: "begins_with(pk, :mail)",
        ExpressionAttributeValues: { ":mail": keys.mail("").pk },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of (out.Items ?? []) as OutboxEntry[]) {
      if (typeof item.to !== "string" || normaliseAddress(item.to) !== address) continue;
      if (filter.kind && item.kind !== filter.kind) continue;
      if (filter.trackingCode && item.about?.trackingCode !== filter.trackingCode) continue;
      if (!newest || item.createdAt > newest.createdAt) newest = item;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return newest;
}

const BOUNCES: Record<
  Exclude<DeliveryEventType, "Complaint">,
  { subType: string; status: string; diagnostic: string }
> = {
  Permanent: { subType: "General", status: "5.1.1", diagnostic: "smtp; 550 5.1.1 user unknown" },
  Transient: { subType: "MailboxFull", status: "4.2.2", diagnostic: "smtp; 452 4.2.2 mailbox full" },
  Undetermined: { subType: "Undetermined", status: "5.0.0", diagnostic: "smtp; 550 5.0.0 undetermined" },
};

/** The SES event (event publishing's shape) of one report on `mail`, as its SNS topic delivers it to a function. */
export function sesEventFor(
  mail: Pick<OutboxEntry, "mailId" | "to" | "messageId" | "createdAt">,
  type: DeliveryEventType,
  options: { feedbackId?: string; at?: string } = {},
): SNSEvent {
  const at = options.at ?? nowIso();
  const feedbackId = options.feedbackId ?? `local-${randomUUID()}`;
  const report =
    type === "Complaint"
      ? {
          eventType: "Complaint",
          complaint: {
            complainedRecipients: [{ emailAddress: mail.to }],
            complaintFeedbackType: "abuse",
            timestamp: at,
            feedbackId,
          },
        }
      : {
          eventType: "Bounce",
          bounce: {
            bounceType: type,
            bounceSubType: BOUNCES[type].subType,
            bouncedRecipients: [
              {
                emailAddress: mail.to,
                action: "failed",
                status: BOUNCES[type].status,
                diagnosticCode: BOUNCES[type].diagnostic,
              },
            ],
            timestamp: at,
            feedbackId,
            reportingMTA: "dsn; local",
          },
        };
  const message = {
    ...report,
    mail: {
      timestamp: mail.createdAt,
      source: process.env.SENDER_EMAIL ?? "tieng-noi@example.org",
      messageId: mail.messageId ?? `local-${mail.mailId}`,
      destination: [mail.to],
      tags: { "ses:configuration-set": [LOCAL_MAIL_CONFIGURATION_SET], [MAIL_ID_TAG]: [mail.mailId] },
    },
  };
  const topicArn = `arn:aws:sns:${LOCAL_REGION}:000000000000:${LOCAL_MAIL_CONFIGURATION_SET}-mail-events`;
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: "Notification",
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Message: JSON.stringify(message),
          Timestamp: at,
          SignatureVersion: "1",
          Signature: "local",
          SigningCertUrl: "",
          UnsubscribeUrl: "",
          MessageAttributes: {},
        },
      },
    ],
  };
}

export interface InjectOptions {
  /** The address the mail went to. */
  to: string;
  type: DeliveryEventType;
  /** Only a mail of this kind (`assigned`, `receipt`…). */
  kind?: string;
  /** Only a mail about this petition (its stored tracking code). */
  trackingCode?: string;
}

export interface Injected<T> {
  mail: OutboxEntry;
  /** The event delivered: deliver it again (`deliverMailEvent`) to replay the same report, as SNS may. */
  event: SNSEvent;
  results: T[];
}

/** Report a bounce or complaint on the newest mail to `to` (of `kind`), as SES would, to the consumers. */
export async function injectMailEvent<T = unknown>(options: InjectOptions): Promise<Injected<T>> {
  const mail = await findMail(options.to, options);
  if (!mail) {
    const which = [options.kind, options.trackingCode].filter(Boolean).join(", ");
    throw new Error(`no mail to ${options.to}${which ? ` (${which})` : ""} in table ${tableName()}`);
  }
  const event = sesEventFor(mail, options.type);
  return { mail, event, results: await deliverMailEvent<T>(event) };
}
