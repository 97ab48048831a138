import type { ConfigHelpers } from "../config/config.ts";
import type { Config, Unit } from "../config/schema.ts";
import { keys } from "../keys.ts";
import { vietnamDay } from "../platform/dates.ts";
import { addDays, type WorkingCalendar, workdays } from "../platform/workdays.ts";
import { DEADLINE_OF } from "./deadlines.ts";
import type { Petition } from "./petition.ts";

/**
 * What happens around a step's deadline, as a sequence of alarms the deadline sweeper (shared/petitions/sweep.ts)
 * works through: reminders to the holder so many working days before it (`deadlines.reminders.workingDaysBefore`,
 * 0 = on the day), then escalations — the first working day after it to the union unit above the holder, then every
 * `escalateEveryWorkingDays` to the next unit up, and at the top of the chain again and again: a petition nobody
 * answers climbs, it never just sits.
 *
 * A petition carries only its next alarm (`alarm`) and its place in the alarms index by that alarm's day. When a step
 * starts the first alarm is set; the sweeper sends what is due and sets the one after. A step the sweeper missed for
 * days gets the latest alarm due, once, not every one it slept through.
 */
export interface Alarm {
  /** The Vietnam day it is due (from 08:00 that day). */
  day: string;
  /**
   * `remind`, `escalate`: around a step's deadline. `ask`, `close`: after the answer, she is asked whether her issue
   * was resolved, and with no word from her the petition closes itself (`followUp` in the configuration).
   */
  kind: "remind" | "escalate" | "ask" | "close";
  /** A reminder's working days before the deadline; an escalation's level (1: the unit right above the holder). */
  n: number;
}

/** The hour (Vietnam time) from which a day's alarms go: nobody is reminded at midnight. */
export const ALARM_HOUR = 8;

/**
 * How an alarm is named in the history's keys: one entry per alarm per transition, however often sweeps run; its day
 * first, so that a transition's alarms read in the order they went.
 */
export const alarmId = (a: Alarm) => `${a.day}-${a.kind}-${a.n}`;

/** Past this level the chain's top is told again each period: the loop is bounded, the climbing is not. */
const MAX_LEVEL = 1000;

/** The petition's current deadline, if one runs for its state. */
function runningDeadline(p: Petition) {
  const d = p.deadline;
  return d && DEADLINE_OF[p.status] === d.step ? d : undefined;
}

/**
 * The first alarm of the petition's current deadline due after `after` (a Vietnam day; none: from the step's start).
 * A reminder on or before the step's first day is dropped (the step's own mail has just gone). Throws CalendarGap
 * when the calendar does not reach the day it needs.
 */
export function alarmAfter(p: Petition, config: Config, after?: string): Alarm | undefined {
  if (p.status === "answered") return followUpAfter(p, config, after);
  const deadline = runningDeadline(p);
  if (!deadline) return undefined;
  return deadlineAlarmAfter(deadline.due, vietnamDay(new Date(p.stepStartedAt)), config, after);
}

/**
 * The first alarm around a deadline (`due`, a Vietnam day) due after `after` for something that started on `start`:
 * a petition's step, a commitment (shared/petitions/commitments.ts). Reminders, then escalations climbing.
 */
export function deadlineAlarmAfter(due: string, start: string, config: Config, after?: string): Alarm | undefined {
  if (!config.calendar || !config.deadlines) return undefined;
  const { workingDaysBefore, escalateEveryWorkingDays } = config.deadlines.reminders;
  const days = workdays(config.calendar as WorkingCalendar);
  const from = after && after > start ? after : start;
  const reminders = [...new Set(workingDaysBefore)]
    .map((n): Alarm => ({ day: days.workingDaysBefore(due, n), kind: "remind", n }))
    .filter((a) => a.day > from)
    .sort((a, b) => a.day.localeCompare(b.day) || b.n - a.n);
  const first = reminders[0];
  if (first) return first;
  let day = days.addWorkingDays(due, 1);
  for (let level = 1; level <= MAX_LEVEL; level++) {
    if (day > from) return { day, kind: "escalate", n: level };
    day = days.addWorkingDays(day, escalateEveryWorkingDays);
  }
  return undefined;
}

/** The latest of the alarms `next` yields that is due by `today`, from `stored`; and the one after today. */
export function latestDue<A extends { day: string }>(
  stored: A,
  next: (after: string) => A | undefined,
  today: string,
): { send: A; next: A | undefined } {
  let send = stored;
  let after = next(send.day);
  while (after && after.day <= today) {
    send = after;
    after = next(send.day);
  }
  return { send, next: after };
}

/**
 * After the answer: she is asked, then it closes itself; counted in calendar days from the answer, or from her last
 * "not yet".
 */
function followUpAfter(p: Petition, config: Config, after?: string): Alarm | undefined {
  const from = p.verdict?.answer === "not_yet" ? p.verdict.at : p.answer?.at;
  if (!from) return undefined;
  const day = vietnamDay(new Date(from));
  const { askAfterDays, closeAfterDays } = config.followUp;
  const alarms: Alarm[] = [
    { day: addDays(day, askAfterDays), kind: "ask", n: 0 },
    { day: addDays(day, closeAfterDays), kind: "close", n: 0 },
  ];
  return alarms.find((a) => after === undefined || a.day > after);
}

/**
 * What a sweep on `today` sends of a petition whose stored alarm is `stored`: the latest alarm due by today (the
 * stored one, or a later one it slept through), and the next one after today.
 */
export function alarmToSend(
  p: Petition,
  config: Config,
  stored: Alarm,
  today: string,
): { send: Alarm; next: Alarm | undefined } {
  return latestDue(stored, (after) => alarmAfter(p, config, after), today);
}

/** The attributes that put a petition in the alarms index with its next alarm (none: it leaves the index). */
export function alarmAttributes(p: Pick<Petition, "trackingCode">, alarm: Alarm | undefined): Record<string, unknown> {
  return alarm ? { alarm, ...keys.alarmsIndex(alarm.day, p.trackingCode) } : {};
}

/** `day` plus `months` calendar months (the last day of a shorter month when the day does not exist in it). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/**
 * An ended petition (closed, rejected, withdrawn, a duplicate) waits in the purge partition of the alarms index for
 * the day its personal data goes (`retention.petitionMonths` after it ended: shared/rights/retention.ts). It has no
 * alarm any more, so the index's keys are free for this.
 */
export function purgeAttributes(p: Pick<Petition, "trackingCode" | "updatedAt">, config: Config) {
  const day = addMonths(vietnamDay(new Date(p.updatedAt)), config.retention.petitionMonths);
  return keys.purgeIndex(day, p.trackingCode);
}

/** A petition item without its alarm: before its next step's alarm is set (or none, once no deadline runs). */
export function withoutAlarm<T extends Record<string, unknown>>(item: T): T {
  const copy: Record<string, unknown> = { ...item };
  for (const name of ["alarm", ...keys.alarmsIndexAttributes]) delete copy[name];
  return copy as T;
}

/**
 * The union units above the step's holder, nearest first: for the commune's screening, the approving unit and
 * those above it; for the approval, the units above the approving unit; for the agency's steps, the approving unit
 * (which sent it there) and those above it.
 */
export function overseersOf(p: Petition, helpers: ConfigHelpers): Unit[] {
  const approving = helpers.unit(p.routing.approvingUnit);
  const above = approving ? helpers.approvingUnitsAbove(approving.area) : helpers.approvingUnitsAbove(p.commune);
  switch (p.status) {
    case "screening":
    case "forwarded":
    case "acknowledged":
      return approving ? [approving, ...above] : above;
    case "approval":
    case "returned":
      return above;
    default:
      return [];
  }
}

/** The unit an escalation of `level` reaches: climbing one unit per level, staying at the top. */
export function overseerAt(p: Petition, helpers: ConfigHelpers, level: number): Unit | undefined {
  const chain = overseersOf(p, helpers);
  return chain[Math.min(level, chain.length) - 1];
}
