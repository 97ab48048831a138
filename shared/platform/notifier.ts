import { SESClient, SendEmailCommand } from "@aws-sdk/client-ses";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { keys, queries } from "../keys.ts";
import { epochSeconds, now, nowIso } from "./clock.ts";
import { db, queryAll, tableName } from "./dynamo.ts";
import { describeError, log } from "./log.ts";
import { count } from "./metrics.ts";
import { secretReady } from "./secret.ts";
import { resolveLinkRefs } from "./tokens.ts";

/**
 * Delivers the e-mails that handlers wrote to the outbox. At least once into SES (a failed send is reported
 * back to the stream and retried, and the sweeper picks up whatever the stream gave up on), at most once per
 * mail (a conditional claim is the recorded marker: a redelivered record finds its mail taken and skips it).
 */

let ses: SESClient | undefined;
const client = () => (ses ??= new SESClient({ maxAttempts: 2 }));

/** Tests inject SES faults by swapping the client. */
export function setSesClient(next: SESClient | undefined): void {
  ses = next;
}

function sender(): string {
  const from = process.env.SENDER_EMAIL;
  if (!from) throw new Error("SENDER_EMAIL is not set");
  return from;
}

/**
 * The SES message tag that names the outbox entry a mail was sent from. With a configuration set
 * (`MAIL_CONFIGURATION_SET`), SES's bounce and complaint events carry it back (`mail.tags.mailId`), so that
 * shared/petitions/mail-events.ts knows which mail, recipient and petition step an event is about.
 */
export const MAIL_ID_TAG = "mailId";

/** The configuration set and the tag, when one is set (on AWS; the local SES accepts and ignores them). */
function eventTracking(mail: MailItem) {
  const configurationSet = process.env.MAIL_CONFIGURATION_SET;
  if (!configurationSet) return {};
  return { ConfigurationSetName: configurationSet, Tags: [{ Name: MAIL_ID_TAG, Value: mail.mailId }] };
}

const LEASE_SECONDS = 120;
/** SES answers these for a message that will never go out; retrying would not help. */
const PERMANENT = new Set(["MessageRejected", "InvalidParameterValue", "ValidationError"]);

export interface MailItem {
  pk: string;
  mailId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  kind: string;
  replyTo?: string;
  /** The ids of the tokens the body refers to (shared/platform/tokens.ts): resolved here, at send time only. */
  links?: string[];
}

type Outcome = "sent" | "skipped" | "failed-permanently";

async function claim(mail: MailItem): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.mail(mail.mailId),
        UpdateExpression: "SET #status = :sending, leaseUntil = :lease ADD attempts :one",
        ConditionExpression: "#status = :pending OR (#status = :sending AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sending": "sending",
          ":pending": "pending",
          ":lease": epochSeconds() + LEASE_SECONDS,
          ":now": epochSeconds(),
          ":one": 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

const leavePending = keys.outboxPendingAttributes.join(", ");

async function finish(
  mail: MailItem,
  status: "sent" | "failed" | "pending",
  extra: Record<string, unknown>,
): Promise<void> {
  const sets = ["#status = :status", ...Object.keys(extra).map((k) => `${k} = :${k}`)];
  // Once sent or refused for good the mail leaves the pending index, and its body (her words, link references) goes.
  const over = status === "sent" || status === "failed";
  const remove = over ? ` REMOVE html, #text, links, leaseUntil, ${leavePending}` : " REMOVE leaseUntil";
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.mail(mail.mailId),
      UpdateExpression: `SET ${sets.join(", ")}${remove}`,
      ExpressionAttributeNames: { "#status": "status", ...(over ? { "#text": "text" } : {}) },
      ExpressionAttributeValues: {
        ":status": status,
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`:${k}`, v])),
      },
    }),
  );
}

/** After SES accepted a mail, recording it must not turn into a resend: try hard, never rethrow. */
async function recordSent(mail: MailItem, messageId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await finish(mail, "sent", { sentAt: nowIso(), messageId });
      return;
    } catch (error) {
      log.warn("could not record a sent mail, retrying", { mailId: mail.mailId, ...describeError(error) });
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
  // The claim stays "sending": the sweeper will not resend it before its lease ends.
  log.error("sent mail left unrecorded", { mailId: mail.mailId });
}

export async function sendOnce(mail: MailItem): Promise<Outcome> {
  await secretReady();
  if (!(await claim(mail))) return "skipped";
  const links = mail.links ?? [];
  let messageId: string;
  try {
    const out = await client().send(
      new SendEmailCommand({
        Source: sender(),
        Destination: { ToAddresses: [mail.to] },
        ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
        ...eventTracking(mail),
        Message: {
          Subject: { Data: mail.subject, Charset: "UTF-8" },
          Body: {
            Html: { Data: resolveLinkRefs(mail.html, links), Charset: "UTF-8" },
            Text: { Data: resolveLinkRefs(mail.text, links), Charset: "UTF-8" },
          },
        },
      }),
    );
    messageId = out.MessageId ?? "";
  } catch (error) {
    const name = error instanceof Error ? error.name : "unknown";
    if (PERMANENT.has(name)) {
      await finish(mail, "failed", { failedAt: nowIso(), lastError: name });
      log.error("mail rejected permanently", { mailId: mail.mailId, kind: mail.kind, error: name });
      count("MailsFailed");
      return "failed-permanently";
    }
    // Release the claim so the retry can take it at once.
    await finish(mail, "pending", { lastError: name }).catch(() => undefined);
    throw error;
  }
  await recordSent(mail, messageId);
  log.info("mail sent", { mailId: mail.mailId, kind: mail.kind });
  count("MailsSent");
  return "sent";
}

function mailOf(record: DynamoDBRecord): MailItem | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !image) return undefined;
  const item = unmarshall(image as Parameters<typeof unmarshall>[0]) as MailItem;
  return keys.isMail(item.pk) ? item : undefined;
}

/**
 * A batch from the table's stream. Records are sent in order; at the first failure the rest are left for the
 * retry (reported as failed from that record on), since a failing SES usually fails them all.
 */
export async function deliverBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const records = event.Records;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as DynamoDBRecord;
    const mail = mailOf(record);
    if (!mail) continue;
    try {
      await sendOnce(mail);
    } catch (error) {
      log.warn("mail not sent, will retry", { mailId: mail.mailId, kind: mail.kind, ...describeError(error) });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }] };
    }
  }
  return { batchItemFailures: [] };
}

export interface SweepResult {
  found: number;
  sent: number;
  failed: number;
}

/**
 * The safety net behind the stream: mails still pending after `olderThanSeconds` (SES was down longer than the
 * stream's retries, a batch went to the on-failure queue) are sent now. Runs on a schedule; stops at the first
 * failure, since SES is then most likely still down.
 */
export async function sweepOutbox(
  olderThanSeconds = Number(process.env.OUTBOX_SWEEP_AGE_SECONDS ?? 60),
): Promise<SweepResult> {
  const before = new Date(now().getTime() - olderThanSeconds * 1000).toISOString();
  const pending = await queryAll<{ pk: string; sk: string }>(queries.pendingMailsBefore(before), 500);
  const result: SweepResult = { found: pending.length, sent: 0, failed: 0 };
  for (const key of pending) {
    // The index holds keys only; the mail itself is read from the table, as it is now.
    const mail = (
      await db().send(new GetCommand({ TableName: tableName(), Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }))
    ).Item as MailItem | undefined;
    if (!mail) continue;
    try {
      if ((await sendOnce(mail)) === "sent") result.sent++;
    } catch (error) {
      result.failed++;
      log.warn("sweep stopped: mail still not sent", { mailId: mail.mailId, ...describeError(error) });
      break;
    }
  }
  if (result.found > 0) log.info("outbox swept", { ...result });
  return result;
}
