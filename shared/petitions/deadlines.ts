import type { Config, DEADLINE_STEPS } from "../config/schema.ts";
import { now } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { addDays, CalendarGap, type WorkingCalendar, workdays } from "../platform/workdays.ts";
import type { State } from "./workflow.ts";

/**
 * Each step's deadline, from the configuration's `deadlines` and working-day `calendar`: computed when the step
 * starts and stored with the petition, so a later change of rules never moves a deadline already given.
 */

export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

/** The deadline a state runs against: the agency's answer is counted from the day it acknowledged the petition. */
export const DEADLINE_OF: Readonly<Record<State, DeadlineStep | undefined>> = {
  screening: "screening",
  approval: "approval",
  // Returned by an agency: the approver re-routes it, as an approval.
  returned: "approval",
  forwarded: "acknowledgement",
  acknowledged: "answer",
  // With her (a question), or done: no deadline runs.
  needs_info: undefined,
  answered: undefined,
  closed: undefined,
  rejected: undefined,
  withdrawn: undefined,
  duplicate: undefined,
};

export interface Deadline {
  step: DeadlineStep;
  /** The last day of the step (a Vietnam day, YYYY-MM-DD). */
  due: string;
  days: number;
  unit: "working" | "calendar";
  /** The rule it follows, as the configuration cites it. */
  rule?: string;
}

/** The rule for a step of a petition of `category`: the category's own, else the default. */
export function ruleFor(config: Config, category: string, step: DeadlineStep) {
  const deadlines = config.deadlines;
  return deadlines ? (deadlines.categories[category]?.[step] ?? deadlines[step]) : undefined;
}

/** The deadline of the step a petition enters in `state` at `at`, or undefined when none runs (or none is set). */
export function deadlineFor(config: Config, category: string, state: State, at: string): Deadline | undefined {
  const step = DEADLINE_OF[state];
  const rule = step && ruleFor(config, category, step);
  if (!step || !rule || !config.calendar) return undefined;
  const start = vietnamDay(new Date(at));
  const due =
    rule.unit === "calendar"
      ? addDays(start, rule.days)
      : workdays(config.calendar as WorkingCalendar).addWorkingDays(start, rule.days);
  return { step, due, days: rule.days, unit: rule.unit, ...(rule.rule ? { rule: rule.rule } : {}) };
}

/**
 * How the step a transition ends stood against its deadline (on time: on or before its day, Vietnam time), when the
 * transition ends the step that deadline ran for (or hands it to someone else: `newStep`); undefined otherwise.
 */
export function stepEnded(before: { status: State; deadline?: Deadline }, to: State, at: string, newStep = false) {
  const d = before.deadline;
  if (!d || DEADLINE_OF[before.status] !== d.step || (DEADLINE_OF[to] === d.step && !newStep)) return undefined;
  return { step: d.step, due: d.due, onTime: vietnamDay(new Date(at)) <= d.due };
}

/** A deadline as of `today`: overdue after its day; the working days left (negative: working days past it). */
export interface DeadlineNow {
  due: string;
  overdue: boolean;
  /** Absent when today lies in a year the calendar does not list (the due day is still shown). */
  workingDaysLeft?: number;
}

export function deadlineNow(config: Config, deadline: Deadline, today = vietnamDay(now())): DeadlineNow {
  const overdue = today > deadline.due;
  if (!config.calendar) return { due: deadline.due, overdue };
  try {
    const left = workdays(config.calendar as WorkingCalendar).workingDaysLeft(today, deadline.due);
    return { due: deadline.due, overdue, workingDaysLeft: left };
  } catch (error) {
    if (error instanceof CalendarGap) return { due: deadline.due, overdue };
    throw error;
  }
}
