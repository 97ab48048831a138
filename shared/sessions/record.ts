import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/schema.ts";
import type { Loaded } from "../config/store.ts";
import { type EventRecord, getEvent } from "../events/model.ts";
import { type Key, keys } from "../keys.ts";
import { latestDue } from "../petitions/alarms.ts";
import { now, nowIso } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { db, putIf, putNew, type TransactItem, TransactionCancelled, tableName } from "../platform/dynamo.ts";
import { log } from "../platform/log.ts";
import { mailItem } from "../platform/outbox.ts";
import { addDays, type WorkingCalendar, workdays } from "../platform/workdays.ts";
import { write } from "../platform/write.ts";
import { recordReminderMail } from "../registration/mails.ts";
import { eventOrganisers, organiserLink } from "../registration/organisers.ts";
import { dossierItems } from "./dossier.ts";
import type { SessionRecord } from "./model.ts";

/**
 * A dialogue session's record: once the session is over, its organiser enters the issues raised in the hall and
 * closes the record (Decidim's closing report). Until she does, she is reminded `sessions.recordRemindDays` after the
 * session (3 and 7 days by default): the record item waits in the alarms index for its next reminder, and the
 * deadline sweeper sends it (`sendRecordReminder`).
 */

interface RecordAlarm {
  day: string;
  /** `dossier`: the issues sent beforehand, to the invited leaders; `remind`: the organiser, after the session. */
  kind: "dossier" | "remind";
  /** Working days before the session (a dossier), days after it (a reminder). */
  n: number;
}
type Stored = SessionRecord & { alarm?: RecordAlarm } & Record<string, unknown>;

/**
 * The record's next alarm after `after` (a Vietnam day), or its first: the dossier to the invited leaders
 * `sessions.dossierWorkingDaysBefore` working days before the session, then the organiser's reminders after it.
 */
export function recordAlarmAfter(
  event: Pick<EventRecord, "startsAt" | "endsAt">,
  config: Config,
  after?: string,
): RecordAlarm | undefined {
  const started = vietnamDay(new Date(event.startsAt));
  const ended = vietnamDay(new Date(event.endsAt));
  const before = config.sessions.dossierWorkingDaysBefore;
  const dossierDay = config.calendar
    ? workdays(config.calendar as WorkingCalendar).workingDaysBefore(started, before)
    : addDays(started, -before);
  const alarms: RecordAlarm[] = [
    { day: dossierDay, kind: "dossier", n: before },
    ...[...config.sessions.recordRemindDays]
      .sort((a, b) => a - b)
      .map((n): RecordAlarm => ({ day: addDays(ended, n), kind: "remind", n })),
  ];
  return alarms.find((a) => after === undefined || a.day > after);
}

const alarmPlace = (eventId: string, alarm: RecordAlarm | undefined) =>
  alarm ? { alarm, ...keys.sessionRecordAlarm(alarm.day, eventId) } : {};

/**
 * The record item of a dialogue session, written when the configuration is loaded (shared/seed.ts) if it is not there
 * yet: with its first alarm. A session moved to other days (a reload with new dates) has its open record's next alarm
 * placed again from today, the dossier left out once it went; a closed record is never touched.
 */
export async function ensureSessionRecord(
  event: { id: string; kind: string; startsAt: string; endsAt: string },
  config: Config,
): Promise<void> {
  if (event.kind !== "dialogue") return;
  const record: SessionRecord = { eventId: event.id, startsAt: event.startsAt, endsAt: event.endsAt };
  const existing = await getSessionRecord(event.id);
  if (existing) {
    if (existing.closedAt || (existing.startsAt === event.startsAt && existing.endsAt === event.endsAt)) return;
    const yesterday = addDays(vietnamDay(now()), -1);
    let next = recordAlarmAfter(event, config, yesterday);
    if (next?.kind === "dossier" && existing.dossierSentAt) next = recordAlarmAfter(event, config, next.day);
    const { alarm: _, gsi3pk: _p, gsi3sk: _s, ...rest } = existing;
    const moved = { ...rest, ...record, ...alarmPlace(event.id, next) } as Stored;
    try {
      await write({
        build: () => ({ items: { record: recordItem(event.id, moved, existing.alarm) }, answer: undefined }),
      });
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
    }
    return;
  }
  try {
    await write({
      build: () => ({
        items: {
          record: putNew({
            ...keys.sessionRecord(event.id),
            ...record,
            ...alarmPlace(event.id, recordAlarmAfter(event, config)),
          }),
        },
        answer: undefined,
      }),
    });
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
  }
}

export async function getSessionRecord(eventId: string): Promise<Stored | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.sessionRecord(eventId), ConsistentRead: true }),
  );
  return out.Item as Stored | undefined;
}

/** The record's update: closed (and out of the alarms index), or moved to its next reminder; only from `seen`. */
function recordItem(eventId: string, after: Stored, seen: RecordAlarm | undefined): TransactItem {
  const item: Record<string, unknown> = { ...keys.sessionRecord(eventId), ...after };
  if (seen) {
    const [, skName] = keys.alarmsIndexAttributes as unknown as [string, string];
    const place: Record<string, string> = keys.sessionRecordAlarm(seen.day, eventId);
    return putIf(item, `${skName} = :seen AND attribute_not_exists(closedAt)`, { ":seen": place[skName] });
  }
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(closedAt)" } };
}

/**
 * The organiser's reminder, when a record's alarm is due (the deadline sweeper calls this for `RECORD` keys): each of
 * the organising unit's staff gets a fresh organiser link to the record, in one transaction with the move to the next
 * reminder, conditioned on the one it read.
 */
export async function sendRecordReminder(
  key: Key,
  until: string,
  baseUrl: string,
  loaded: Loaded,
): Promise<"sent" | "dossier" | "skipped"> {
  const eventId = key.pk.slice("EVENT#".length);
  const [record, event] = await Promise.all([getSessionRecord(eventId), getEvent(eventId, true)]);
  const stored = record?.alarm;
  if (!record || !event || !stored || stored.day > until || record.closedAt) return "skipped";
  const { send: sent, next } = latestDue(stored, (after) => recordAlarmAfter(event, loaded.config, after), until);
  const { alarm: _, gsi3pk: _p, gsi3sk: _s, ...rest } = record;
  const after = { ...rest, ...alarmPlace(eventId, next) } as Stored;
  // Before the session, its dossier to the invited leaders (only when that is what is due: a sweeper asleep past the
  // session sends the organiser's reminder instead); after it, the organiser's reminder.
  // A dossier goes once, and only before the session (a session brought forward may have started already).
  const dossierDue = sent.kind === "dossier" && !record.dossierSentAt && now().getTime() < Date.parse(event.startsAt);
  const mails =
    sent.kind === "dossier"
      ? dossierDue
        ? await dossierItems(event, loaded, baseUrl)
        : []
      : eventOrganisers(loaded.config, event).flatMap((organiser) => {
          const token = organiserLink(event, organiser.email);
          const mail = recordReminderMail({ event, organiser, link: token.ref, baseUrl, days: sent.n });
          return [token.item, mailItem(mail, [token])];
        });
  // Marked sent only when a mail went (a session with no invited leaders has none to send).
  if (sent.kind === "dossier" && mails.length > 0) after.dossierSentAt = nowIso();
  try {
    await write({
      build: () => ({ items: { record: recordItem(eventId, after, stored), mails }, answer: undefined }),
    });
  } catch (error) {
    if (error instanceof TransactionCancelled) return "skipped";
    throw error;
  }
  log.info("session record alarm sent", { eventId, kind: sent.kind, n: sent.n, mails: mails.length });
  if (sent.kind === "dossier") return mails.length > 0 ? "dossier" : "skipped";
  return "sent";
}

/** The organiser closes the record: no more reminders. Closing twice is the same as once. */
export async function closeSessionRecord(
  eventId: string,
  by: string,
  attendanceCounted?: number,
): Promise<SessionRecord> {
  const record = (await getSessionRecord(eventId)) ?? { eventId };
  if (record.closedAt) return record;
  const { alarm: _, gsi3pk: _p, gsi3sk: _s, ...rest } = record as Stored;
  const after: Stored = {
    ...rest,
    eventId,
    closedAt: nowIso(),
    closedBy: by,
    ...(attendanceCounted !== undefined ? { attendanceCounted } : {}),
  };
  try {
    await write({ build: () => ({ items: { record: recordItem(eventId, after, undefined) }, answer: undefined }) });
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    return (await getSessionRecord(eventId)) ?? after;
  }
  log.info("session record closed", { eventId });
  return after;
}
