import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SNSEvent } from "aws-lambda";
import * as z from "zod/mini";
import type { ConfigHelpers } from "../config/config.ts";
import type { Config } from "../config/schema.ts";
import { loadConfig } from "../config/store.ts";
import { keys, queries } from "../keys.ts";
import { nowIso } from "../platform/clock.ts";
import { db, queryAll, type TransactItem, tableName } from "../platform/dynamo.ts";
import { log } from "../platform/log.ts";
import { count } from "../platform/metrics.ts";
import { keyedHash, normalisedAddress, secretReady } from "../platform/secret.ts";
import { type LabelledItems, write } from "../platform/write.ts";
import { currentHolder } from "./labels.ts";
import type { PetitionMailKind } from "./mails.ts";
import { petitionerUnreachableItems, RESENDABLE, resendItems, undeliveredItems } from "./notify.ts";
import { agencyAddress, getPetition, type Petition, recipientsFor } from "./petition.ts";
import { logRef } from "./tracking.ts";
import { ASSIGNEE, type Role } from "./workflow.ts";

/**
 * What became of the mail the notifier sent, as SES reports it: every bounce and complaint, by way of the
 * configuration set's event destination (an SNS topic) on AWS, and `npm run mail-event` locally (local/mail-events.ts).
 *
 * Each report is recorded against its mail (`deliveryEvents` on the outbox entry the `mailId` tag names) and its
 * address (the mail-health list ops read with `npm run mail-health`). Then, for a petition's mail:
 * - a permanent bounce of the mail that handed the current step to its holder (screener, approver or agency), once
 *   none of the step's holders can be reached, flags the petition (`undelivered`) and tells the union unit above,
 *   with a link to re-route or take the step over — once per step;
 * - a permanent bounce of her mail flags `petitionerUnreachable` and asks the commune union to phone her — once;
 * - a transient (or undetermined) bounce of a step's mail to its holder sends it again with a fresh link — once per
 *   mail, and never a resend of a resend;
 * - a complaint is recorded and listed, nothing more: the mail reached its reader, who marked it as spam.
 *
 * SNS delivers at least once: a report SES already gave (same feedback id, or the same SNS message) is counted once,
 * and every action is held to once by its own condition, so a retry of a half-done report finishes it.
 * Addresses never reach a log line; the list shows a petitioner's address masked (`h***@gmail.com`).
 */

/** What SES said of one delivery, in one word: a bounce's type, or a complaint. */
export type DeliveryEventType = "Permanent" | "Transient" | "Undetermined" | "Complaint";
export const DELIVERY_EVENT_TYPES: readonly DeliveryEventType[] = [
  "Permanent",
  "Transient",
  "Undetermined",
  "Complaint",
];

/** One SES report, as this module reads it. */
export interface MailEvent {
  type: DeliveryEventType;
  /** SES's bounce subtype (`General`, `NoEmail`, `MailboxFull`, `OnAccountSuppressionList`…) or feedback type. */
  subType?: string;
  at: string;
  /** The addresses it is about (one per mail here: the notifier sends each mail to one address). */
  recipients: string[];
  /** The outbox entry, from the mail's `mailId` tag (the notifier sets it with the configuration set). */
  mailId?: string;
  /** What makes a second delivery of the same report the same: SES's feedback id, else the SNS message's id. */
  eventId: string;
}

export type ParsedMailEvent =
  | { ok: true; event: MailEvent }
  | { ok: false; reason: "not-json" | "malformed" | "other-event"; eventType?: string };

const recipientList = z.array(z.object({ emailAddress: z.string() }));
/** SES's event publishing (`eventType`) and its older identity notifications (`notificationType`): the parts read. */
const sesEventSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(
    z.object({
      bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: recipientList,
      timestamp: z.optional(z.string()),
      feedbackId: z.optional(z.string()),
    }),
  ),
  complaint: z.optional(
    z.object({
      complainedRecipients: recipientList,
      complaintFeedbackType: z.optional(z.string()),
      timestamp: z.optional(z.string()),
      feedbackId: z.optional(z.string()),
    }),
  ),
  mail: z.object({
    messageId: z.optional(z.string()),
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
});

/** A word SES chose from its own list (a type, a subtype): anything else is not repeated into a log or an item. */
const WORD = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const word = (value: string | undefined) => (value !== undefined && WORD.test(value) ? value : undefined);
const MAIL_ID = /^[A-Za-z0-9_-]{1,64}$/;

const isoOr = (value: string | undefined, fallback: string) => {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
};

/**
 * An SNS message's body as SES wrote it, read: a bounce or a complaint, or why it is skipped (not JSON, not the
 * shape SES writes, or another kind of event: a delivery, a send). `snsMessageId` names it when SES gave no id.
 */
export function parseSesEvent(message: unknown, snsMessageId: string, at: string = nowIso()): ParsedMailEvent {
  if (typeof message !== "string") return { ok: false, reason: "malformed" };
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, reason: "not-json" };
  }
  const parsed = sesEventSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const e = parsed.data;
  const kind = e.eventType ?? e.notificationType;
  const eventType = word(kind);
  const mailIdTag = e.mail.tags?.mailId?.[0];
  const mailId = mailIdTag !== undefined && MAIL_ID.test(mailIdTag) ? mailIdTag : undefined;
  const found = (
    type: DeliveryEventType,
    subType: string | undefined,
    recipients: { emailAddress: string }[],
    timestamp: string | undefined,
    feedbackId: string | undefined,
  ): ParsedMailEvent => {
    const addresses = [...new Set(recipients.map((r) => r.emailAddress.trim()).filter((a) => a.includes("@")))];
    if (addresses.length === 0) return { ok: false, reason: "malformed", eventType };
    const eventId = feedbackId || snsMessageId;
    if (!eventId) return { ok: false, reason: "malformed", eventType };
    const sub = word(subType);
    const event: MailEvent = {
      type,
      ...(sub ? { subType: sub } : {}),
      at: isoOr(timestamp, at),
      recipients: addresses,
      ...(mailId ? { mailId } : {}),
      eventId,
    };
    return { ok: true, event };
  };
  if (kind === "Bounce") {
    const b = e.bounce;
    if (!b) return { ok: false, reason: "malformed", eventType };
    return found(b.bounceType, b.bounceSubType, b.bouncedRecipients, b.timestamp, b.feedbackId);
  }
  if (kind === "Complaint") {
    const c = e.complaint;
    if (!c) return { ok: false, reason: "malformed", eventType };
    return found("Complaint", c.complaintFeedbackType, c.complainedRecipients, c.timestamp, c.feedbackId);
  }
  return { ok: false, reason: kind === undefined ? "malformed" : "other-event", eventType };
}

/** An address as the table's keyed hashes take it (as shared/platform/addresses.ts does). */
export const normaliseAddress = normalisedAddress;

/** A petitioner's address as ops see it: its first character and its domain (`h***@gmail.com`). */
export function maskAddress(address: string): string {
  const normal = normaliseAddress(address);
  const at = normal.lastIndexOf("@");
  const first = Array.from(normal)[0];
  if (at <= 0 || first === undefined) return "***";
  return `${first}***${normal.slice(at)}`;
}

/**
 * The addresses the configuration names: the union's staff, and every agency's address (with `{area}`, one per
 * commune). An address the system was told to write to is no one's personal data; any other is a petitioner's.
 */
export function configuredAddresses(config: Config, helpers: Pick<ConfigHelpers, "communes">): Set<string> {
  const out = new Set<string>();
  for (const unit of config.womensUnion.units) for (const staff of unit.staff) out.add(normaliseAddress(staff.email));
  for (const agency of config.agencies) {
    for (const commune of helpers.communes) out.add(normaliseAddress(agencyAddress(agency, commune.id)));
  }
  return out;
}

/** What the mail-health list shows of an address: itself for a configured one, else masked. */
export function shownAddress(address: string, configured: ReadonlySet<string>): string {
  const normal = normaliseAddress(address);
  return configured.has(normal) ? normal : maskAddress(normal);
}

/** An outbox entry as the table holds it after sending (its body is gone; its recipient and purpose stay). */
interface StoredMail {
  mailId: string;
  to: string;
  kind: string;
  /** Whom replies reach (the officer who sent the petition on): a resend keeps it. */
  replyTo?: string;
  about?: { trackingCode: string; stepVersion: number; role: string };
  /** This mail is itself the resend of that one: it is not sent a third time. */
  resendOf?: string;
  resent?: string;
}

export type MailEventAction = "notice" | "resend" | "unreachable" | "none";

export interface MailEventsResult {
  /** Bounces and complaints read. */
  events: number;
  /** Messages skipped: not JSON, not SES's shape, or another kind of event. */
  skipped: number;
  /** Recipients recorded; a report already recorded (SNS delivered it again) is a duplicate. */
  recorded: number;
  duplicates: number;
  notices: number;
  resends: number;
  unreachable: number;
}

interface Context {
  config: Config;
  helpers: ConfigHelpers;
  baseUrl: string;
  configured: ReadonlySet<string>;
}

/** The function's work: each SNS record's SES report, each of its recipients. */
export async function handleMailEvents(event: SNSEvent, baseUrl: string): Promise<MailEventsResult> {
  await secretReady();
  const { config, helpers } = await loadConfig();
  const ctx: Context = { config, helpers, baseUrl, configured: configuredAddresses(config, helpers) };
  const result: MailEventsResult = {
    events: 0,
    skipped: 0,
    recorded: 0,
    duplicates: 0,
    notices: 0,
    resends: 0,
    unreachable: 0,
  };
  for (const record of event.Records ?? []) {
    const parsed = parseSesEvent(record.Sns?.Message, record.Sns?.MessageId ?? "");
    if (!parsed.ok) {
      // Logged and dropped: a message that cannot be read now never will be, and a retry would only repeat this.
      result.skipped++;
      log.warn("mail event skipped", {
        reason: parsed.reason,
        ...(parsed.eventType ? { type: parsed.eventType } : {}),
      });
      continue;
    }
    result.events++;
    for (const address of parsed.event.recipients) {
      const { recorded, action } = await handleRecipient(parsed.event, address, ctx);
      if (recorded) result.recorded++;
      else result.duplicates++;
      if (action === "notice") result.notices++;
      if (action === "resend") result.resends++;
      if (action === "unreachable") result.unreachable++;
    }
  }
  return result;
}

async function handleRecipient(
  event: MailEvent,
  address: string,
  ctx: Context,
): Promise<{ recorded: boolean; action: MailEventAction }> {
  const normal = normaliseAddress(address);
  const mail = await mailOf(event.mailId, normal);
  const recorded = await record(event, mail, normal, shownAddress(normal, ctx.configured));
  if (recorded && event.type === "Complaint") count("MailsComplained");
  else if (recorded) count("MailsBounced", { type: COUNT_OF[event.type] });
  // Acted on even when already recorded: SNS redelivers a report whose first handling failed after recording it.
  const action = mail?.about && event.type !== "Complaint" ? await act(event, mail, normal, ctx) : "none";
  log.info("mail event", {
    type: event.type,
    ...(event.subType ? { subType: event.subType } : {}),
    mailId: mail?.mailId ?? "unknown",
    ...(mail ? { kind: mail.kind } : {}),
    ...(mail?.about ? { petition: logRef(mail.about.trackingCode), role: mail.about.role } : {}),
    duplicate: !recorded,
    action,
  });
  return { recorded, action };
}

/** The outbox entry a report names, if the table still holds it and it went to that address. */
async function mailOf(mailId: string | undefined, address: string): Promise<StoredMail | undefined> {
  if (!mailId) return undefined;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.mail(mailId), ConsistentRead: true }));
  const mail = out.Item as StoredMail | undefined;
  if (!mail) {
    log.warn("mail event for a mail the outbox no longer holds", { mailId });
    return undefined;
  }
  if (typeof mail.to !== "string" || normaliseAddress(mail.to) !== address) {
    log.warn("mail event names another recipient than its mail's", { mailId });
    return undefined;
  }
  return mail;
}

const COUNT_OF: Record<DeliveryEventType, string> = {
  Permanent: "permanent",
  Transient: "transient",
  Undetermined: "undetermined",
  Complaint: "complaint",
};

/** The address's line in the mail-health list: one more of this type, and the latest report. */
function healthUpdate(event: MailEvent, address: string, shown: string, kind: string | undefined): TransactItem {
  const set = ["#address = :address", "#lastType = :type", "#lastAt = :at", "#firstAt = if_not_exists(#firstAt, :at)"];
  const remove: string[] = [];
  if (event.subType) set.push("#lastSubType = :sub");
  else remove.push("#lastSubType");
  if (kind) set.push("#lastKind = :kind");
  else remove.push("#lastKind");
  return {
    Update: {
      TableName: tableName(),
      Key: keys.mailHealth(keyedHash("email", address)),
      UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""} ADD #count :one`,
      ExpressionAttributeNames: {
        "#address": "address",
        "#lastType": "lastType",
        "#lastAt": "lastAt",
        "#firstAt": "firstAt",
        "#lastSubType": "lastSubType",
        "#lastKind": "lastKind",
        "#count": COUNT_OF[event.type],
      },
      ExpressionAttributeValues: {
        ":address": shown,
        ":type": event.type,
        ":at": event.at,
        ":one": 1,
        ...(event.subType ? { ":sub": event.subType } : {}),
        ...(kind ? { ":kind": kind } : {}),
      },
    },
  };
}

/** The report on its mail, unless this very report is there already (then the whole transaction is refused). */
function mailEventUpdate(event: MailEvent, mail: StoredMail): TransactItem {
  const entry = { type: event.type, ...(event.subType ? { subType: event.subType } : {}), at: event.at };
  return {
    Update: {
      TableName: tableName(),
      Key: keys.mail(mail.mailId),
      UpdateExpression:
        "SET deliveryEvents = list_append(if_not_exists(deliveryEvents, :none), :entry) ADD deliveryEventIds :ids",
      ConditionExpression: "attribute_exists(pk) AND NOT contains(deliveryEventIds, :id)",
      ExpressionAttributeValues: {
        ":none": [],
        ":entry": [entry],
        ":ids": new Set([event.eventId]),
        ":id": event.eventId,
      },
    },
  };
}

/** Record the report (its mail and its address together): false when it was recorded before. */
async function record(event: MailEvent, mail: StoredMail | undefined, address: string, shown: string) {
  const health = healthUpdate(event, address, shown, mail?.kind);
  // Without its mail a report cannot be told from a repeat: counted each time it comes.
  if (!mail) {
    await db().send(new UpdateCommand(health.Update as NonNullable<TransactItem["Update"]>));
    return true;
  }
  return write({
    build: () => ({ items: { report: mailEventUpdate(event, mail), health }, answer: true }),
    cancelled: (failed) => (failed("report") ? { answer: false } : "fail"),
  });
}

/** Write an action's items; false when its condition says it was done already (or its step is over). */
function once(items: LabelledItems): Promise<boolean> {
  return write({ build: () => ({ items, answer: true }), cancelled: () => ({ answer: false }) });
}

/** The roles that hold a step against a deadline, whose mails hand it over or remind them of it. */
const STEP_HOLDERS: ReadonlySet<string> = new Set<Role>(["screener", "approver", "agency"]);

async function act(event: MailEvent, mail: StoredMail, address: string, ctx: Context): Promise<MailEventAction> {
  const about = mail.about as NonNullable<StoredMail["about"]>;
  const petition = await getPetition(about.trackingCode);
  if (!petition) return "none";
  const input = { petition, config: ctx.config, baseUrl: ctx.baseUrl };
  if (about.role === "petitioner") {
    const hers = petition.petitioner.email !== undefined && normaliseAddress(petition.petitioner.email) === address;
    if (event.type !== "Permanent" || !hers) return "none";
    const items = { mark: unreachableFlag(petition), notices: petitionerUnreachableItems(input) };
    return (await once(items)) ? "unreachable" : "none";
  }
  // Only the step's own mail to whoever holds it now (its assignment, a reminder, a nudge) says the step is stuck: a
  // notice to someone else (a step moved away, an escalation, this module's own notices) is recorded, nothing more.
  const role = about.role as Role;
  const stepMail =
    STEP_HOLDERS.has(role) &&
    ASSIGNEE[petition.status] === role &&
    about.stepVersion === petition.stepVersion &&
    RESENDABLE.has(mail.kind);
  if (!stepMail) return "none";
  const holders = recipientsFor(role, petition, ctx.config);
  // The configuration no longer names this address for the step: its holders are others now.
  if (!holders.some((h) => normaliseAddress(h.email) === address)) return "none";
  if (event.type === "Permanent") return undelivered(petition, role, holders, address, ctx);
  if (mail.resendOf) return "none";
  const items = {
    resent: resentMark(mail),
    step: stepStillCurrent(petition),
    resend: asResendOf(mail.mailId, resendItems(input, mail.kind as PetitionMailKind, role, mail.to, mail.replyTo)),
  };
  return (await once(items)) ? "resend" : "none";
}

/**
 * A holder's address bounced for good. With others holding the step too (a unit's two approvers), the petition
 * reached nobody only once every one of their addresses has bounced for good: until then the list shows it to ops.
 */
async function undelivered(
  petition: Petition,
  role: Role,
  holders: { email: string }[],
  address: string,
  ctx: Context,
): Promise<MailEventAction> {
  for (const other of holders) {
    const otherAddress = normaliseAddress(other.email);
    if (otherAddress !== address && !(await bouncedForGood(otherAddress))) return "none";
  }
  const bounced = {
    address: holders.map((h) => h.email).join(", "),
    holder: currentHolder(petition, ctx.config, "vi") ?? "",
  };
  const items = {
    mark: undeliveredFlag(petition, role),
    notices: undeliveredItems({ petition, config: ctx.config, baseUrl: ctx.baseUrl }, ctx.helpers, bounced),
  };
  return (await once(items)) ? "notice" : "none";
}

async function bouncedForGood(address: string): Promise<boolean> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.mailHealth(keyedHash("email", address)), ConsistentRead: true }),
  );
  return Number(out.Item?.permanent ?? 0) > 0;
}

/**
 * The petition is marked as not delivered for this step, once: the mark holds the step's version, so a later step
 * can be marked again. The version is not bumped (as the deadline sweeper's marks are not): staff acting at that
 * moment are not refused because a bounce came in.
 */
function undeliveredFlag(petition: Petition, role: Role): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.petition(petition.trackingCode),
      UpdateExpression: "SET undelivered = :mark",
      ConditionExpression:
        "stepVersion = :sv AND (attribute_not_exists(undelivered) OR undelivered.stepVersion <> :sv)",
      ExpressionAttributeValues: {
        ":mark": { role, stepVersion: petition.stepVersion, at: nowIso() },
        ":sv": petition.stepVersion,
      },
    },
  };
}

function unreachableFlag(petition: Petition): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.petition(petition.trackingCode),
      UpdateExpression: "SET petitionerUnreachable = :yes, petitionerUnreachableAt = :at",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(petitionerUnreachable)",
      ExpressionAttributeValues: { ":yes": true, ":at": nowIso() },
    },
  };
}

/** The bounced mail is marked as sent again: a second report on it finds the mark and sends nothing. */
function resentMark(mail: StoredMail): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.mail(mail.mailId),
      UpdateExpression: "SET resent = :at",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(resent)",
      ExpressionAttributeValues: { ":at": nowIso() },
    },
  };
}

/** A resend is for the step it was read in: one that ended meanwhile gets none (its link would be dead). */
function stepStillCurrent(petition: Petition): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.petition(petition.trackingCode),
      ConditionExpression: "stepVersion = :sv",
      ExpressionAttributeValues: { ":sv": petition.stepVersion },
    },
  };
}

/** The resend's outbox entries say whose resend they are, so that a bounce of a resend is not sent a third time. */
function asResendOf(mailId: string, items: TransactItem[]): TransactItem[] {
  return items.map((item) => {
    const put = item.Put;
    if (!put || !keys.isMail(put.Item?.pk as string | undefined)) return item;
    return { ...item, Put: { ...put, Item: { ...put.Item, resendOf: mailId } } };
  });
}

/** One line of the mail-health list. */
export interface MailHealth {
  /** As ops see it: a configured address itself, a petitioner's masked. */
  address: string;
  permanent: number;
  transient: number;
  undetermined: number;
  complaint: number;
  lastType: DeliveryEventType;
  lastSubType?: string;
  /** The kind of the last mail reported on (`assigned`, `receipt`…), when the report named one. */
  lastKind?: string;
  lastAt: string;
  firstAt: string;
}

/** Every address SES reported on, the latest report first (ops: `npm run mail-health`). */
export async function listMailHealth(): Promise<MailHealth[]> {
  const items = await queryAll<Record<string, unknown>>({ ...queries.mailHealth(), ConsistentRead: true });
  return items
    .map(
      (i): MailHealth => ({
        address: String(i.address ?? ""),
        permanent: Number(i.permanent ?? 0),
        transient: Number(i.transient ?? 0),
        undetermined: Number(i.undetermined ?? 0),
        complaint: Number(i.complaint ?? 0),
        lastType: i.lastType as DeliveryEventType,
        ...(typeof i.lastSubType === "string" ? { lastSubType: i.lastSubType } : {}),
        ...(typeof i.lastKind === "string" ? { lastKind: i.lastKind } : {}),
        lastAt: String(i.lastAt ?? ""),
        firstAt: String(i.firstAt ?? ""),
      }),
    )
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt));
}
