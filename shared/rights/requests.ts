import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Config, ConfigHelpers, Unit } from "../config/config.ts";
import { loadConfig } from "../config/store.ts";
import { type Key, keys, queries } from "../keys.ts";
import { now, nowIso } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { db, putNew, queryAll, type TransactItem, TransactionCancelled, tableName } from "../platform/dynamo.ts";
import type { Lang } from "../platform/i18n.ts";
import { newId } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { mailItem } from "../platform/outbox.ts";
import { secretReady } from "../platform/secret.ts";
import { issueToken } from "../platform/tokens.ts";
import { addDays, CalendarGap, type WorkingCalendar, workdays } from "../platform/workdays.ts";
import { write } from "../platform/write.ts";
import { type UnitMailStage, unitMail } from "./mails.ts";

/**
 * Her data rights, as requests with deadlines (Personal Data Protection Law 91/2025, Decree 356/2025): each request
 * — to correct, to withdraw a consent, for a copy, for erasure — is an item of her own partition, keyed by a keyed
 * hash of her phone (`SUBJECT#<hash>`, never the number), with when it came, how (her own link, or an officer at her
 * side), the commune union responsible, and its two limits: acknowledged within `rights.acknowledgeWorkingDays`
 * working days, carried out within `rights.completeDays` calendar days. Beside it an audit trail (`AUDIT#…`) records
 * what was done and by whom. Neither ever holds her data itself: only which fields a correction touched, and the keys
 * of the item she asked from.
 *
 * A request not carried out at once carries its next alarm and its place in the alarms index (`gsi3`), as a petition
 * does: a reminder before the acknowledgement is due (if not acknowledged), one before the completion is due, and an
 * overdue notice after it, to the union unit and the unit above. The deadline sweeper sends what is due through
 * `sendRightsRequestAlarm`, each alarm in one transaction with the move to the next, conditioned on the alarm it read.
 */

export const REQUEST_KINDS = ["correct", "correct-phone", "withdraw-consent", "copy", "erase"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The link kind of the union's page for one request (`/me/{token}`, as her own: the token's kind decides the page). */
export const RIGHTS_TOKEN_KIND = "rights-request";

/** Her own link, or an officer who recorded it for her (the officer's address and unit: staff data, not hers). */
export type Channel = { via: "link" } | { via: "officer"; email: string; name: string; unitId: string };

/** The item she asked from: keys only. */
export type Source = { eventId: string; registrationId: string } | { trackingCode: string };

export type AlarmStage = "acknowledge" | "complete" | "overdue";
export interface RequestAlarm {
  /** The Vietnam day it is due (from the sweeper's hour that day). */
  day: string;
  stage: AlarmStage;
}

export interface RightsRequest {
  requestId: string;
  /** Her phone's keyed hash (the partition's own), so that a page or a command can name her partition. */
  phoneHash: string;
  kind: RequestKind;
  /** A correction's fields (their names, never their values). */
  fields?: string[];
  channel: Channel;
  source?: Source;
  /** The union unit that carries it out: her commune's (the commune union of the item she asked from). */
  unitId: string;
  /** An officer's words for the unit (what to correct): the form asks for nothing of her data. */
  note?: string;
  /** The language she reads (her receipt). */
  lang: Lang;
  receivedAt: string;
  /** Vietnam days: the last day to acknowledge it, and to carry it out. */
  ackDue: string;
  completeDue: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  completedAt?: string;
  completedBy?: string;
  /** Its next reminder (none once carried out). */
  alarm?: RequestAlarm;
}

/** What the audit trail records of a request: an event, when, by whom (`self`, a staff address, `system`, ops). */
export interface AuditEntry {
  requestId: string;
  kind: RequestKind;
  event: "received" | "completed" | "acknowledged" | "reminded" | "overdue";
  at: string;
  by: string;
  unitId: string;
  stage?: AlarmStage;
}

export const requestKey = (r: Pick<RightsRequest, "phoneHash" | "receivedAt" | "requestId">): Key =>
  keys.rightsRequest(r.phoneHash, r.receivedAt, r.requestId);

/** The request is done with: nothing is left for the union to do. */
export const isOpen = (r: Pick<RightsRequest, "completedAt">) => r.completedAt === undefined;

/**
 * Counting days with the working-day calendar, and with calendar days where it has no year yet: a legal limit is
 * never guessed longer than it is (a calendar day count is never later than a working day count), and ops are told.
 */
function counting(config: Config) {
  const days = config.calendar ? workdays(config.calendar as WorkingCalendar) : undefined;
  const safely = (work: () => string, fallback: () => string): string => {
    try {
      if (days) return work();
    } catch (error) {
      if (!(error instanceof CalendarGap)) throw error;
      log.error("calendar gap: a data-rights limit is counted in calendar days", { year: error.year });
    }
    return fallback();
  };
  return {
    after: (day: string, n: number) =>
      safely(
        () => days?.addWorkingDays(day, n) ?? day,
        () => addDays(day, n),
      ),
    before: (day: string, n: number) =>
      safely(
        () => days?.workingDaysBefore(day, n) ?? day,
        () => addDays(day, -n),
      ),
  };
}

/** A request's two limits, from the day it came (a Vietnam day; the day it came is not counted). */
export function deadlinesOf(config: Config, receivedAt: string): { ackDue: string; completeDue: string } {
  const day = vietnamDay(new Date(receivedAt));
  const ackDue = counting(config).after(day, config.rights.acknowledgeWorkingDays);
  const completeDue = addDays(day, config.rights.completeDays);
  // Carrying it out acknowledges it: a configuration whose acknowledgement outlasts the whole is held to the later.
  return { ackDue, completeDue: completeDue.localeCompare(ackDue) < 0 ? ackDue : completeDue };
}

/**
 * Its alarms, in order: `rights.remindDaysBefore` working days before each limit (so that a reminder lands on a day
 * someone reads it) — before the acknowledgement's only while it is not acknowledged — then, the first working day
 * after the completion's limit, overdue. A reminder on or before the day it came is dropped (its own mail has just
 * gone), and so is one that falls on or after a later one's day.
 */
function alarmsOf(r: RightsRequest, config: Config): RequestAlarm[] {
  const days = counting(config);
  const n = config.rights.remindDaysBefore;
  const came = vietnamDay(new Date(r.receivedAt));
  const all: RequestAlarm[] = [
    ...(r.acknowledgedAt ? [] : [{ stage: "acknowledge" as const, day: days.before(r.ackDue, n) }]),
    { stage: "complete", day: days.before(r.completeDue, n) },
    { stage: "overdue", day: days.after(r.completeDue, 1) },
  ];
  const after = all.filter((a) => a.day > came);
  // Two on one day (a short limit, or none before it): the later stage says both, once.
  return after.filter((a, i) => after.slice(i + 1).every((b) => b.day > a.day));
}

const ORDER: Record<AlarmStage, number> = { acknowledge: 0, complete: 1, overdue: 2 };

/** Its first alarm (none once carried out). */
export function firstAlarm(r: RightsRequest, config: Config): RequestAlarm | undefined {
  return isOpen(r) ? alarmsOf(r, config)[0] : undefined;
}

/**
 * What a sweep on `today` sends of a request whose stored alarm is `stored`: the latest alarm due by today from the
 * stored one on (a sweeper that missed days sends it once, not each it slept through), and the one after it.
 */
export function alarmToSend(
  r: RightsRequest,
  config: Config,
  stored: RequestAlarm,
  today: string,
): { send: RequestAlarm; next: RequestAlarm | undefined } | undefined {
  const all = alarmsOf(r, config).filter((a) => ORDER[a.stage] >= ORDER[stored.stage]);
  const due = all.filter((a) => a.day <= today);
  const send = due.at(-1);
  if (!send) return undefined;
  return { send, next: all.find((a) => ORDER[a.stage] > ORDER[send.stage]) };
}

/** The item's attributes for its alarm: the alarm and its place in the alarms index (none: out of the index). */
function alarmAttributes(r: RightsRequest, alarm: RequestAlarm | undefined): Record<string, unknown> {
  return alarm ? { alarm, ...keys.rightsRequestAlarm(alarm.day, r.phoneHash, r.requestId) } : {};
}

const [ALARM_PK, ALARM_SK] = keys.alarmsIndexAttributes as readonly [string, string];

/** Its alarm moved to `next` (or dropped), only if it still is the one that was read. */
function alarmMove(r: RightsRequest, seen: RequestAlarm, next: RequestAlarm | undefined): TransactItem {
  const target = next ? (keys.rightsRequestAlarm(next.day, r.phoneHash, r.requestId) as Record<string, string>) : {};
  const before = keys.rightsRequestAlarm(seen.day, r.phoneHash, r.requestId) as Record<string, string>;
  return {
    Update: {
      TableName: tableName(),
      Key: requestKey(r),
      UpdateExpression: next ? "SET #alarm = :alarm, #ipk = :ipk, #isk = :isk" : "REMOVE #alarm, #ipk, #isk",
      ConditionExpression: "#isk = :seen AND #alarm.#stage = :stage AND attribute_not_exists(completedAt)",
      ExpressionAttributeNames: { "#alarm": "alarm", "#stage": "stage", "#ipk": ALARM_PK, "#isk": ALARM_SK },
      ExpressionAttributeValues: {
        ":seen": before[ALARM_SK],
        ":stage": seen.stage,
        ...(next ? { ":alarm": next, ":ipk": target[ALARM_PK], ":isk": target[ALARM_SK] } : {}),
      },
    },
  };
}

function auditItem(r: RightsRequest, entry: Omit<AuditEntry, "requestId" | "kind" | "unitId">): TransactItem {
  const full: AuditEntry = { requestId: r.requestId, kind: r.kind, unitId: r.unitId, ...entry };
  return putNew({ ...keys.audit(r.phoneHash, entry.at, newId()), ...full });
}

/** Whom the union's mails for a request reach: its unit's staff; for an overdue one also the approvers above it. */
function recipients(unitId: string, helpers: ConfigHelpers, stage: UnitMailStage): { unit: Unit; email: string }[] {
  const unit = helpers.unit(unitId);
  if (!unit) return [];
  const own = unit.staff.map((s) => ({ unit, email: s.email }));
  if (stage !== "overdue") return own;
  const above = helpers.approvingUnitsAbove(unit.area)[0];
  const theirs = (above?.staff ?? [])
    .filter((s) => s.role === "approver")
    .map((s) => ({ unit: above as Unit, email: s.email }));
  return [...own, ...theirs.filter((t) => !own.some((o) => o.email === t.email))];
}

/** The union's mails for a request, each with its holder's own link to the request's page (tokens and mails). */
function unitMailItems(
  r: RightsRequest,
  stage: UnitMailStage,
  ctx: { config: Config; helpers: ConfigHelpers; baseUrl: string },
): TransactItem[] {
  const expires = new Date(now().getTime() + ctx.config.links.staffDays * 86_400_000);
  const unitName = ctx.helpers.unit(r.unitId)?.name ?? r.unitId;
  const officerUnit = r.channel.via === "officer" ? ctx.helpers.unit(r.channel.unitId)?.name : undefined;
  return recipients(r.unitId, ctx.helpers, stage).flatMap(({ unit, email }) => {
    const key = requestKey(r);
    const link = issueToken(RIGHTS_TOKEN_KIND, { pk: key.pk, sk: key.sk, unitId: unit.id, email }, expires);
    const mail = unitMail({
      request: r,
      stage,
      to: email,
      unitName,
      officerUnit,
      link: link.ref,
      baseUrl: ctx.baseUrl,
    });
    return [link.item, mailItem(mail, [link])];
  });
}

export interface NewRequest {
  phoneHash: string;
  kind: RequestKind;
  fields?: string[];
  channel: Channel;
  source?: Source;
  unitId: string;
  note?: string;
  lang: Lang;
  /** Carried out as it came (a correction, a withdrawal from her own link): logged, completed, no alarm, no mail. */
  done: boolean;
}

/**
 * A new request's items, for the transaction of whatever it changed (a correction is written with its request): the
 * request, its audit entries, and, for one the union must carry out, the unit's mails with their links.
 */
export function newRequestItems(
  input: NewRequest,
  ctx: { config: Config; helpers: ConfigHelpers; baseUrl: string; at: string },
): { request: RightsRequest; items: TransactItem[] } {
  const { done, ...rest } = input;
  const by = input.channel.via === "link" ? "self" : input.channel.email;
  const base: RightsRequest = {
    ...rest,
    requestId: newId(),
    receivedAt: ctx.at,
    ...deadlinesOf(ctx.config, ctx.at),
    ...(done ? { acknowledgedAt: ctx.at, acknowledgedBy: by, completedAt: ctx.at, completedBy: by } : {}),
  };
  const alarm = firstAlarm(base, ctx.config);
  const request: RightsRequest = { ...base, ...(alarm ? { alarm } : {}) };
  const items: TransactItem[] = [
    putNew({ ...requestKey(request), ...request, ...alarmAttributes(request, alarm) }),
    auditItem(request, { event: "received", at: ctx.at, by }),
    ...(done ? [auditItem(request, { event: "completed", at: ctx.at, by })] : unitMailItems(request, "new", ctx)),
  ];
  return { request, items };
}

/** The log line of a request recorded (no person in it: the request's own id). */
export function logRecorded(r: RightsRequest): void {
  log.info("data-rights request recorded", {
    requestId: r.requestId,
    kind: r.kind,
    via: r.channel.via,
    unitId: r.unitId,
    completed: r.completedAt !== undefined,
  });
}

export async function getRequest(key: Key): Promise<RightsRequest | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
  );
  return out.Item as RightsRequest | undefined;
}

/** Her requests, oldest first (her page lists them; a second press of the same button finds the first). */
export function requestsOf(phoneHash: string): Promise<RightsRequest[]> {
  return queryAll<RightsRequest>({ ...queries.requestsOf(phoneHash), ConsistentRead: true });
}

/**
 * One alarm of a request, as the deadline sweeper finds it in the alarms index (a key whose `sk` starts with
 * `REQUEST#`): the reminder or overdue notice due by `today` (a Vietnam day) is mailed to the union, in one
 * transaction with the request's move to its next alarm, conditioned on the alarm it read, and its audit entry. Of
 * overlapping sweeps one sends; the others find the condition failed: "skipped".
 */
export async function sendRightsRequestAlarm(
  key: { pk: string; sk: string },
  today: string,
  baseUrl: string,
): Promise<"sent" | "skipped"> {
  await secretReady();
  const { config, helpers } = await loadConfig();
  const r = await getRequest(key);
  const stored = r?.alarm;
  if (!r || !stored || stored.day > today || !isOpen(r)) return "skipped";
  const plan = alarmToSend(r, config, stored, today);
  if (!plan) return "skipped";
  const at = nowIso();
  const { send, next } = plan;
  try {
    await write({
      build: () => ({
        items: {
          request: alarmMove(r, stored, next),
          audit: auditItem(r, {
            event: send.stage === "overdue" ? "overdue" : "reminded",
            at,
            by: "system",
            stage: send.stage,
          }),
          mails: unitMailItems(r, send.stage, { config, helpers, baseUrl }),
        },
        answer: undefined,
      }),
    });
  } catch (error) {
    if (error instanceof TransactionCancelled) return "skipped";
    throw error;
  }
  log.info("data-rights reminder sent", { requestId: r.requestId, stage: send.stage, next: next?.stage ?? "none" });
  return "sent";
}

export type Recorded = { status: "recorded"; request: RightsRequest } | { status: "already"; request: RightsRequest };

const ATTEMPTS = 5;

/**
 * The union acknowledges a request (its page's button): once; its alarm moves on from the acknowledgement's reminder
 * to the completion's. A sweep moving the alarm meanwhile makes it look again.
 */
export async function acknowledgeRequest(key: Key, by: string): Promise<Recorded> {
  const { config } = await loadConfig();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const r = await getRequest(key);
    if (!r) throw new Error("no such request");
    if (r.acknowledgedAt || r.completedAt) return { status: "already", request: r };
    const at = nowIso();
    const acknowledged: RightsRequest = { ...r, acknowledgedAt: at, acknowledgedBy: by };
    const stored = r.alarm;
    // The acknowledgement's reminder is no longer wanted: the next is the completion's (even if its day has come).
    const next = stored?.stage === "acknowledge" ? alarmsOf(acknowledged, config)[0] : stored;
    const moved = next !== stored;
    const names: Record<string, string> = { "#isk": ALARM_SK };
    if (moved) Object.assign(names, { "#alarm": "alarm", "#ipk": ALARM_PK });
    const values: Record<string, unknown> = { ":at": at, ":by": by };
    if (stored)
      values[":seen"] = (keys.rightsRequestAlarm(stored.day, r.phoneHash, r.requestId) as Record<string, string>)[
        ALARM_SK
      ];
    const target = next ? (keys.rightsRequestAlarm(next.day, r.phoneHash, r.requestId) as Record<string, string>) : {};
    if (moved && next) Object.assign(values, { ":alarm": next, ":ipk": target[ALARM_PK], ":isk": target[ALARM_SK] });
    const set = [
      "acknowledgedAt = :at",
      "acknowledgedBy = :by",
      ...(moved && next ? ["#alarm = :alarm", "#ipk = :ipk", "#isk = :isk"] : []),
    ];
    const remove = moved && !next ? " REMOVE #alarm, #ipk, #isk" : "";
    try {
      await write({
        build: () => ({
          items: {
            request: {
              Update: {
                TableName: tableName(),
                Key: requestKey(r),
                UpdateExpression: `SET ${set.join(", ")}${remove}`,
                ConditionExpression: `attribute_not_exists(acknowledgedAt) AND attribute_not_exists(completedAt) AND ${stored ? "#isk = :seen" : "attribute_not_exists(#isk)"}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            audit: auditItem(r, { event: "acknowledged", at, by }),
          },
          answer: undefined,
        }),
      });
      log.info("data-rights request acknowledged", { requestId: r.requestId });
      return { status: "recorded", request: { ...acknowledged, ...(next ? { alarm: next } : {}) } };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
    }
  }
  throw new Error("the request kept changing while it was acknowledged");
}

/** A request carried out (the union's button, or `npm run subject` when it has exported or erased): once. */
export async function completeByKey(key: Key, by: string): Promise<Recorded> {
  const r = await getRequest(key);
  if (!r) throw new Error("no such request");
  if (r.completedAt) return { status: "already", request: r };
  const at = nowIso();
  try {
    await write({
      build: () => ({
        items: {
          request: {
            Update: {
              TableName: tableName(),
              Key: requestKey(r),
              UpdateExpression:
                "SET completedAt = :at, completedBy = :by, acknowledgedAt = if_not_exists(acknowledgedAt, :at), acknowledgedBy = if_not_exists(acknowledgedBy, :by) REMOVE #alarm, #ipk, #isk",
              ConditionExpression: "attribute_not_exists(completedAt)",
              ExpressionAttributeNames: { "#alarm": "alarm", "#ipk": ALARM_PK, "#isk": ALARM_SK },
              ExpressionAttributeValues: { ":at": at, ":by": by },
            },
          },
          audit: auditItem(r, { event: "completed", at, by }),
        },
        answer: undefined,
      }),
    });
  } catch (error) {
    if (!(error instanceof TransactionCancelled)) throw error;
    const latest = await getRequest(key);
    return { status: "already", request: latest ?? r };
  }
  log.info("data-rights request completed", { requestId: r.requestId });
  const { alarm: _, ...rest } = r;
  return {
    status: "recorded",
    request: {
      ...rest,
      completedAt: at,
      completedBy: by,
      acknowledgedAt: r.acknowledgedAt ?? at,
      acknowledgedBy: r.acknowledgedBy ?? by,
    },
  };
}

/**
 * `npm run subject` has carried a request out (an export, an erasure): the request is found in her partition by its
 * id, and recorded completed by `by` (e.g. "ops"). "unknown" when she has no such request.
 */
export async function completeRequest(
  phoneHash: string,
  requestId: string,
  by: string,
): Promise<"completed" | "already" | "unknown"> {
  const found = (await requestsOf(phoneHash)).find((r) => r.requestId === requestId);
  if (!found) return "unknown";
  const done = await completeByKey(requestKey(found), by);
  return done.status === "recorded" ? "completed" : "already";
}
