import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ConfigHelpers } from "../config/config.ts";
import type { Config } from "../config/schema.ts";
import { type Loaded, loadConfig } from "../config/store.ts";
import { type Key, keys, queries } from "../keys.ts";
import { actorText } from "../messages/petitions.ts";
import { now, nowIso } from "../platform/clock.ts";
import { vietnamDay, vietnamHour } from "../platform/dates.ts";
import {
  db,
  getAll,
  inParallel,
  putNew,
  queryAll,
  type TransactItem,
  TransactionCancelled,
  tableName,
} from "../platform/dynamo.ts";
import { log } from "../platform/log.ts";
import { count } from "../platform/metrics.ts";
import { keyedHash, secretReady } from "../platform/secret.ts";
import { addDays, CalendarGap, weekdayOf } from "../platform/workdays.ts";
import { write } from "../platform/write.ts";
import { ALARM_HOUR, type Alarm, alarmId, alarmToSend, purgeAttributes } from "./alarms.ts";
import { sendCommitmentAlarm } from "./commitments.ts";
import { alarmItems, digestItems } from "./notify.ts";
import { agencyAddress, type HistoryEntry, type Petition } from "./petition.ts";
import { logRef } from "./tracking.ts";

/**
 * The deadline sweeper (a scheduled function): sends the reminders and escalations that are due (shared/petitions/
 * alarms.ts) and, once a week, each agency's digest of what it holds.
 *
 * It reads only what is due: the alarms index by day, then each due petition. Each alarm is sent in one transaction
 * with the petition's move to its next alarm, conditioned on the alarm it read, and with its history entry: a rerun,
 * or a second sweep overlapping the first, finds the condition failed and sends nothing twice. The petition's
 * `version` is not bumped — a staff member acting at that moment is not refused because a reminder went out.
 */

export interface DeadlineSweep {
  /** Petitions whose alarm day had come. */
  due: number;
  reminded: number;
  escalated: number;
  /** Petitioners asked whether their issue was resolved, and answered petitions closed for want of a reply. */
  asked: number;
  closed: number;
  /** Due but already handled (by an overlapping sweep, or the petition moved on). */
  skipped: number;
  /** Agencies mailed their weekly digest in this run. */
  digests: number;
  /** Commitments' alarms (shared/petitions/commitments.ts): reminders to their agency, escalations above it. */
  commitmentsReminded: number;
  commitmentsEscalated: number;
  /** Organisers reminded to close a session's record (shared/sessions/record.ts). */
  recordsReminded: number;
  /** Sessions whose dossier went to their invited leaders (shared/sessions/dossier.ts). */
  dossiers: number;
  /** Data-rights requests whose unit was reminded of a limit, or told it passed (shared/rights/requests.ts). */
  rightsRequests: number;
}

/** A petition as the table holds it: with its next alarm (`alarm`) when a deadline runs. */
type Stored = Petition & { alarm?: Alarm } & Record<string, unknown>;

/** The day up to which alarms are due at `at`: today from 08:00 (Vietnam), else yesterday. */
export function alarmsDueUntil(at: Date): string {
  const today = vietnamDay(at);
  return vietnamHour(at) >= ALARM_HOUR ? today : addDays(today, -1);
}

const codeOf = (key: Key) => key.pk.slice("PET#".length);

/**
 * The alarms index also holds what other domains put there (a session's record, a data-rights request): the deadline
 * sweeper's function hands in how each is sent (functions/deadline-sweeper.ts), and which of the sweep's counts each
 * outcome adds to. Petitions know nothing of them.
 */
export interface OtherAlarms {
  /** Whose index keys these are (by the item's sort key). */
  matches(sk: string): boolean;
  send(key: Key, until: string, baseUrl: string, loaded: Loaded): Promise<keyof DeadlineSweep>;
}

export async function sweepDeadlines(baseUrl: string, others: readonly OtherAlarms[] = []): Promise<DeadlineSweep> {
  await secretReady();
  const loaded = await loadConfig();
  const { config, helpers } = loaded;
  const until = alarmsDueUntil(now());
  const due = await queryAll<Key>(queries.alarmsDueBy(until));
  const result: DeadlineSweep = {
    due: due.length,
    reminded: 0,
    escalated: 0,
    asked: 0,
    closed: 0,
    skipped: 0,
    digests: 0,
    commitmentsReminded: 0,
    commitmentsEscalated: 0,
    recordsReminded: 0,
    dossiers: 0,
    rightsRequests: 0,
  };
  const counted = {
    remind: "reminded",
    escalate: "escalated",
    ask: "asked",
    close: "closed",
    skipped: "skipped",
  } as const;
  // The alarms index holds petitions' steps and commitments, and what `others` send: each kind by its own module.
  await inParallel(due, 4, async (key) => {
    if (key.sk.startsWith("COMMIT#")) {
      const sent = await sendCommitmentAlarm(key, until, baseUrl, loaded);
      if (sent === "remind") result.commitmentsReminded++;
      else if (sent === "escalate") result.commitmentsEscalated++;
      else result.skipped++;
    } else if (key.sk === "PETITION") {
      result[counted[await sendAlarm(codeOf(key), config, helpers, until, baseUrl)]]++;
    } else {
      const other = others.find((o) => o.matches(key.sk));
      if (other) result[await other.send(key, until, baseUrl, loaded)]++;
    }
  });
  result.digests = await weeklyDigests(config, baseUrl);
  log.info("deadlines swept", { ...result });
  return result;
}

/** One petition's due alarm, sent once: what was sent, or `skipped`. */
async function sendAlarm(
  trackingCode: string,
  config: Config,
  helpers: ConfigHelpers,
  until: string,
  baseUrl: string,
): Promise<Alarm["kind"] | "skipped"> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.petition(trackingCode), ConsistentRead: true }),
  );
  const p = got.Item as Stored | undefined;
  const stored = p?.alarm;
  // Moved on since the index was read (someone acted, another sweep sent it): nothing to do.
  if (!p || !stored || stored.day > until) return "skipped";
  const seen = keys.alarmsIndex(stored.day, trackingCode);
  let plan: { send: Alarm; next: Alarm | undefined };
  try {
    plan = alarmToSend(p, config, stored, until);
  } catch (error) {
    if (!(error instanceof CalendarGap)) throw error;
    // The calendar stops before the day this alarm needs: ops are told (an error in the log, every day) and it is
    // looked at again tomorrow, not guessed.
    log.error("calendar gap: a deadline's alarm cannot be placed", {
      petition: logRef(trackingCode),
      year: error.year,
    });
    await moveAlarm(p, seen, { ...stored, day: addDays(until, 1) }).catch(() => undefined);
    return "skipped";
  }
  const { send, next } = plan;
  const at = nowIso();
  // Closing for want of her reply is a transition (a new version, the step over); every other alarm leaves it as it is.
  const closing = send.kind === "close";
  const after: Stored = closing
    ? { ...p, status: "closed", version: p.version + 1, stepVersion: p.version + 1, stepStartedAt: at, updatedAt: at }
    : p;
  const mails = alarmItems({ petition: after, config, baseUrl }, helpers, send);
  const entry: HistoryEntry = {
    version: after.version,
    at,
    action: closing ? "auto_close" : send.kind,
    role: "system",
    actor: actorText.vi.system,
    ...(closing ? { from: p.status } : {}),
    to: after.status,
    ...(mails.unitId ? { note: helpers.unit(mails.unitId)?.name ?? mails.unitId, escalatedTo: mails.unitId } : {}),
  };
  const entryKey = closing
    ? keys.petitionHistory(trackingCode, after.version)
    : keys.petitionAlarmEntry(trackingCode, p.version, alarmId(send));
  try {
    await write({
      build: () => ({
        items: {
          petition: closing ? closeUpdate(p, seen, after, config) : alarmUpdate(p, seen, next),
          history: putNew({ ...entryKey, ...entry }),
          mails: mails.items,
        },
        answer: undefined,
      }),
    });
  } catch (error) {
    if (error instanceof TransactionCancelled) return "skipped";
    throw error;
  }
  log.info("deadline alarm sent", { petition: logRef(trackingCode), kind: send.kind, n: send.n, status: p.status });
  if (send.kind === "remind") count("RemindersSent");
  if (send.kind === "escalate") count("Escalations");
  // Its first escalation: the step has just gone past its deadline.
  if (send.kind === "escalate" && send.n === 1) count("OverdueSteps");
  if (closing) count("Transitions", { action: "auto_close" });
  return send.kind;
}

/** The petition moves from the alarm it was read with to `next` (or out of the index), only if nobody moved it. */
function alarmUpdate(p: Stored, seen: Record<string, string>, next: Alarm | undefined): TransactItem {
  const [pkName, skName] = keys.alarmsIndexAttributes;
  const target: Record<string, string> | undefined = next ? keys.alarmsIndex(next.day, p.trackingCode) : undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.petition(p.trackingCode),
      UpdateExpression: target ? "SET alarm = :alarm, #ipk = :ipk, #isk = :isk" : "REMOVE alarm, #ipk, #isk",
      ConditionExpression: "#isk = :seen AND stepVersion = :step",
      ExpressionAttributeNames: { "#ipk": pkName as string, "#isk": skName as string },
      ExpressionAttributeValues: {
        ":seen": seen[skName as string],
        ":step": p.stepVersion,
        ...(target && next
          ? { ":alarm": next, ":ipk": target[pkName as string], ":isk": target[skName as string] }
          : {}),
      },
    },
  };
}

/** An answered petition closed for want of her reply: only if nobody acted and no sweep closed it first. */
function closeUpdate(p: Stored, seen: Record<string, string>, after: Stored, config: Config): TransactItem {
  const [pkName, skName] = keys.alarmsIndexAttributes;
  // Ended: it leaves the alarms for the purge partition, on the day its personal data goes.
  const purge = purgeAttributes(after, config) as Record<string, string>;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.petition(p.trackingCode),
      UpdateExpression:
        "SET #status = :closed, version = :next, stepVersion = :next, stepStartedAt = :at, updatedAt = :at, #ipk = :ppk, #isk = :psk REMOVE alarm",
      ConditionExpression: "#isk = :seen AND version = :version",
      ExpressionAttributeNames: { "#status": "status", "#ipk": pkName as string, "#isk": skName as string },
      ExpressionAttributeValues: {
        ":closed": after.status,
        ":next": after.version,
        ":at": after.updatedAt,
        ":seen": seen[skName as string],
        ":version": p.version,
        ":ppk": purge[pkName as string],
        ":psk": purge[skName as string],
      },
    },
  };
}

async function moveAlarm(p: Stored, seen: Record<string, string>, alarm: Alarm): Promise<void> {
  await write({ build: () => ({ items: { petition: alarmUpdate(p, seen, alarm) }, answer: undefined }) });
}

/** The Monday of the week `day` is in. */
function mondayOf(day: string): string {
  const back = (["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const).indexOf(
    weekdayOf(day) as never,
  );
  return addDays(day, -back);
}

/** At most this many petitions listed, each with its link, in one digest (one transaction with its links). */
export const DIGEST_ROWS = 40;

/**
 * Once a week, from Monday 08:00 (Vietnam), each agency address gets the list of what it holds, oldest first, each
 * with a link to act. A digest is written with its own marker, so a rerun sends the ones still missing and never one
 * twice; a marker for the week then makes every later run a single read.
 */
async function weeklyDigests(config: Config, baseUrl: string): Promise<number> {
  const at = now();
  const today = vietnamDay(at);
  const monday = mondayOf(today);
  if (alarmsDueUntil(at) < monday) return 0;
  const week = keys.digestWeek(monday);
  const done = await db().send(new GetCommand({ TableName: tableName(), Key: week, ConsistentRead: true }));
  if (done.Item) return 0;
  const held = (await heldPetitions()).filter((p) => p.status === "forwarded" || p.status === "acknowledged");
  const byAddress = new Map<string, Stored[]>();
  for (const p of held) {
    const agency = config.agencies.find((a) => a.id === p.routing.agency);
    if (!agency) continue;
    const address = agencyAddress(agency, p.commune);
    byAddress.set(address, [...(byAddress.get(address) ?? []), p]);
  }
  let sent = 0;
  for (const [address, petitions] of byAddress) {
    const oldest = petitions.sort((a, b) => a.stepStartedAt.localeCompare(b.stepStartedAt));

    try {
      await write({
        build: () => ({
          items: {
            marker: putNew({ ...keys.digestWeek(`${monday}#${keyedHash("email", address)}`), at: nowIso() }),
            digest: digestItems({ to: address, petitions: oldest, config, baseUrl, rows: DIGEST_ROWS }),
          },
          answer: undefined,
        }),
      });
      sent++;
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
    }
  }
  await db().send(
    new PutCommand({ TableName: tableName(), Item: { ...week, at: nowIso(), agencies: byAddress.size } }),
  );
  log.info("agency digests sent", { agencies: byAddress.size, sent });
  return sent;
}

/** Every petition with a running deadline: the alarms index (keys), then the petitions. */
async function heldPetitions(): Promise<Stored[]> {
  const petitions = (await queryAll<Key>(queries.alarmsAll())).filter((k) => k.sk === "PETITION");
  return getAll<Stored>(petitions);
}
