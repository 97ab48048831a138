import { type Config, configHelpers } from "../config/config.ts";
import { GENDERS } from "../config/person.ts";
import { DEADLINE_OF, type DeadlineStep, deadlineNow } from "../petitions/deadlines.ts";
import { agencyName, categoryName, unitName } from "../petitions/labels.ts";
import { type HistoryEntry, isSensitive, type Petition, type Verdict } from "../petitions/petition.ts";
import { displayCode } from "../petitions/tracking.ts";
import { ASSIGNEE, type Role } from "../petitions/workflow.ts";
import { vietnamDay } from "../platform/dates.ts";
import type { Bilingual } from "../platform/i18n.ts";
import { addDays, CalendarGap, type WorkingCalendar, workdays } from "../platform/workdays.ts";
import type { Commitment } from "../sessions/model.ts";

/**
 * The leaders' on-time report: for a Women's Union unit and a period, how the petitions of its area fared — which
 * agencies answer, and answer on time, what the women themselves say of the answers, which of the Union's own steps
 * are slow, and what is overdue today. Pure: the caller reads the petitions and their histories; this only counts,
 * so the same numbers come out of a test, a page, a CSV file and a JSON answer.
 *
 * What it counts on:
 * - A period holds Vietnam days, both ends included. An event counts in the period its Vietnam day falls in: a petition
 *   is *received* the day it was submitted (`createdAt`), *received by an agency* the day it was forwarded to it,
 *   *answered* the day of the entry that moved it to `answered`, and her *verdict* the day she gave it.
 * - Whether a step ended on time is read from the history's `ended` ({step, due, onTime}), recorded when the step
 *   ended (shared/petitions/deadlines.ts): a later change of rules or calendar never moves a past figure.
 * - The agency a petition went to is the history's `agency` on the entry that sent it (a forward, a re-route), else,
 *   for entries written before that field existed, the petition's `routing.agency`.
 * - Actions this module does not know (reminders, escalations…) are read only for their `ended`, `agency` and `to`:
 *   a new action never breaks the report, and counts as soon as it records those fields.
 * - Working days are the configuration's calendar (shared/platform/workdays.ts), counted as a deadline is: the
 *   working days after the first day up to and including the last (an answer the day it arrived took 0). A day the
 *   calendar does not cover leaves that one duration out of the medians, rather than guessing.
 *
 * It never carries personal data: no name, phone, e-mail, village, title or text of a petition. Women are counted by
 * gender and by consented ethnicity in groups, and a group of fewer than `SMALL_GROUP` petitions is shown only as
 * "fewer than 3" (`suppressed`), in the JSON as on the page.
 */

/** A group of fewer petitions than this is never counted out loud: a woman must not be recognisable by a count. */
export const SMALL_GROUP = 3;

// ─── Periods ─────────────────────────────────────────────────────────────────────────────────────────────────────

export type PeriodKind = "month" | "quarter" | "year";

/** The days a report covers, both included (Vietnam days, YYYY-MM-DD); `label` is how a URL names it ("2027-Q1"). */
export interface Period {
  from: string;
  to: string;
  label?: string;
}

/** A calendar month, quarter or year: what a leader picks on the page. */
export interface NamedPeriod extends Period {
  kind: PeriodKind;
  label: string;
  year: number;
  /** The month (1–12) or the quarter (1–4); absent for a year. */
  index?: number;
}

const two = (n: number) => String(n).padStart(2, "0");
/** The last day of a month (1–12), as the day before the next month's first. */
const lastOfMonth = (year: number, month: number) =>
  addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${two(month + 1)}-01`, -1);

function named(kind: PeriodKind, year: number, index?: number): NamedPeriod {
  switch (kind) {
    case "year":
      return { kind, label: String(year), year, from: `${year}-01-01`, to: `${year}-12-31` };
    case "quarter": {
      const q = index ?? 1;
      const first = q * 3 - 2;
      const to = lastOfMonth(year, q * 3);
      return { kind, label: `${year}-Q${q}`, year, index: q, from: `${year}-${two(first)}-01`, to };
    }
    case "month": {
      const m = index ?? 1;
      return {
        kind,
        label: `${year}-${two(m)}`,
        year,
        index: m,
        from: `${year}-${two(m)}-01`,
        to: lastOfMonth(year, m),
      };
    }
  }
}

/** The month, quarter or year that holds `anyDay` (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, anyDay: string): NamedPeriod {
  const year = Number(anyDay.slice(0, 4));
  const month = Number(anyDay.slice(5, 7));
  return named(kind, year, kind === "month" ? month : kind === "quarter" ? Math.ceil(month / 3) : undefined);
}

const PERIOD = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$/;

/**
 * A period as a URL names it: `2027-02` (a month), `2027-Q1` (a quarter), `2027` (a year). Anything else — another
 * spelling, a day, a range, a year before 2000 — is undefined, for the caller to answer with its own default or a 400.
 */
export function parsePeriod(query: string | undefined): NamedPeriod | undefined {
  const match = PERIOD.exec(query ?? "");
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 2000) return undefined;
  if (match[2]) return named("month", year, Number(match[2]));
  if (match[3]) return named("quarter", year, Number(match[3]));
  return named("year", year);
}

// ─── The report's shape ──────────────────────────────────────────────────────────────────────────────────────────

/** `count` of `of`, and the percentage rounded to a whole number; no percentage of nothing. */
export interface Ratio {
  count: number;
  of: number;
  percent?: number;
}

/**
 * What became of the petitions that reached someone who must answer.
 * - `received`: petitions that reached them in the period (each once, however often it came back);
 * - `answered`: answers given in the period;
 * - `onTime`: of those answers, the ones given on time, *of those whose timing is known*. An answer is on time when
 *   every deadline step the answering agency held, from the forward that brought the petition to it up to the
 *   answer, ended on time: its acknowledgement (or the answer that came instead of one) and its answer. An agency that
 *   acknowledged late and then answered within its answer deadline still answered late. An answer with no step
 *   recorded against a deadline (no deadlines configured) is left out of `of`;
 * - `medianWorkingDays`: the median, over the answers of the period, of the working days from the forward to the
 *   answer (the mean of the two middle ones when their number is even); absent when there is none.
 */
export interface AnswerFigures {
  received: number;
  answered: number;
  onTime: Ratio;
  medianWorkingDays?: number;
}

export interface AgencyFigures extends AnswerFigures {
  id: string;
  /** Her own word on the answers this agency gave, as given in the period: how many said "resolved", of all given. */
  resolved: Ratio;
  /** Petitions it holds now past their deadline (whatever the period). */
  overdueNow: number;
}

/**
 * One of the Union's own steps (screening by the commune union, approval by the union above): `received`, the
 * petitions that entered the step in the period (each once); `onTime`, of the step's ends in the period, those on
 * time (a step that asked her for more and then went on, or that a unit above took over, ends twice, each against
 * its own deadline); the median of their working days; and how many are in the step past its deadline today.
 */
export interface StepFigures {
  received: number;
  onTime: Ratio;
  medianWorkingDays?: number;
  overdueNow: number;
}

/** A commune union's petitions: its own screening, and the approval of its petitions by the union above. */
export interface UnitFigures {
  id: string;
  /** The unit's commune (its area), by which the page names it. */
  area: string;
  screening: StepFigures;
  approval: StepFigures;
}

export interface GroupFigures extends AnswerFigures {
  id: string;
}

/**
 * Petitions by who sent them: received and answered in the period. A group of 1 or 2 petitions (received or answered
 * in the period) carries no numbers, only `suppressed: true`.
 */
export interface PeopleGroup {
  /** A gender ("female"…), an ethnic group's code, or "not_stated". */
  id: string;
  received?: number;
  answered?: number;
  suppressed?: true;
}

/**
 * A petition past its current deadline today, and who must act on it. A protected petition (sensitive category, or
 * she kept her identity from the agency) is listed without its code, category or commune: the list is for chasing
 * the holder, who can find it in their own links.
 */
export interface OverdueItem {
  /** Display code ("AB3CD-EF4GH"); absent when protected. */
  code?: string;
  protected: boolean;
  category?: string;
  commune?: string;
  step: DeadlineStep;
  due: string;
  /** Working days past the due day; absent when the calendar does not cover today. */
  workingDaysOverdue?: number;
  holder: { role: Role; id: string };
}

/** One petition with something in the period (submitted, moved, answered, judged by her): no personal data. */
export interface ReportRow {
  /** Display code; absent when protected, as are its category and commune. */
  code?: string;
  protected: boolean;
  category?: string;
  commune?: string;
  /** The day it was submitted. */
  received: string;
  /** The agency that answered it, else the last it was sent to. */
  agency?: string;
  forwarded?: string;
  answered?: string;
  workingDaysToAnswer?: number;
  onTime?: boolean;
  verdict?: Verdict;
  /** Where it stands today. */
  status: string;
}

/**
 * A commitment an answer carried (shared/petitions/commitments.ts), missed: open past its due day. Of a protected
 * petition, no code, category or commune, as for an overdue petition.
 */
export interface OverdueCommitment {
  code?: string;
  protected: boolean;
  commune?: string;
  agency: string;
  due: string;
  what?: string;
  percent: number;
}

/** The commitments made in the period (in the hall or in an answer), and how they were kept. */
export interface CommitmentFigures {
  made: number;
  /** Reported done, and of those, on or before their day. */
  kept: number;
  keptOnTime: number;
  /** Open past their day, today (made in any period). */
  overdueNow: number;
}

export interface LeadersReport {
  unit: { id: string; area: string };
  period: Period;
  today: string;
  /** The threshold below which a group of petitioners is not counted out loud. */
  smallGroup: number;
  /** Everything in the area: received, answered… in the period; `byStatus`: where those received stand today. */
  totals: AnswerFigures & { resolved: Ratio; overdueNow: number; byStatus: Record<string, number> };
  agencies: AgencyFigures[];
  units: UnitFigures[];
  categories: GroupFigures[];
  communes: GroupFigures[];
  gender: PeopleGroup[];
  ethnicity: PeopleGroup[];
  overdue: OverdueItem[];
  commitments: CommitmentFigures;
  overdueCommitments: OverdueCommitment[];
  rows: ReportRow[];
  /** The names of what the report names by id, from the configuration (categories in both languages). */
  names: {
    unit: string;
    agencies: Record<string, string>;
    units: Record<string, string>;
    communes: Record<string, string>;
    categories: Record<string, Bilingual>;
    ethnicities: Record<string, string>;
  };
}

export interface LeadersInput {
  config: Config;
  /** The unit the report is for: its area and everything under it. */
  unitId: string;
  period: Period;
  /** The Vietnam day "overdue now" is judged on. */
  today: string;
  /**
   * The petitions to count, with their histories and the commitments their answers carried; those outside the unit's
   * area are left out here.
   */
  petitions: readonly { petition: Petition; history: readonly HistoryEntry[]; commitments?: readonly Commitment[] }[];
}

/** The commitments of the area: made in the period and how kept; missed (open past their day) as of today. */
function commitmentsOf(
  traces: readonly { trace: Trace; commitments: readonly Commitment[] }[],
  during: (day: string | undefined) => boolean,
  today: string,
): { figures: CommitmentFigures; overdue: OverdueCommitment[] } {
  const all = traces.flatMap(({ trace, commitments }) => commitments.map((c) => ({ trace, c })));
  const made = all.filter(({ c }) => during(dayOf(c.madeAt)));
  const missed = all
    .filter(({ c }) => c.status === "open" && c.due < today)
    .map(
      ({ trace, c }): OverdueCommitment => ({
        ...(trace.protected
          ? {}
          : { code: displayCode(c.trackingCode), commune: trace.petition.commune, what: c.what }),
        protected: trace.protected,
        agency: c.agency,
        due: c.due,
        percent: c.percent,
      }),
    )
    .sort((a, b) => a.due.localeCompare(b.due));
  return {
    figures: {
      made: made.length,
      kept: made.filter(({ c }) => c.status === "done").length,
      keptOnTime: made.filter(({ c }) => c.status === "done" && c.onTime === true).length,
      overdueNow: missed.length,
    },
    overdue: missed,
  };
}

// ─── One petition, read once ─────────────────────────────────────────────────────────────────────────────────────

/** The actions that send a petition to an agency, for history entries written before they carried `agency`. */
const SENDS_TO_AGENCY: ReadonlySet<string> = new Set(["forward", "reroute"]);
const AGENCY_STEPS: ReadonlySet<DeadlineStep> = new Set(["acknowledgement", "answer"]);
const NOT_STATED = "not_stated";

/** Working days between two days as a deadline counts them; undefined outside the calendar. */
type DayCounter = (from: string, to: string) => number | undefined;

function dayCounter(config: Config): DayCounter {
  if (!config.calendar) return () => undefined;
  const days = workdays(config.calendar as WorkingCalendar);
  return (from, to) => {
    try {
      return days.workingDaysLeft(from, to);
    } catch (error) {
      if (error instanceof CalendarGap) return undefined;
      throw error;
    }
  };
}

/** A stretch with one agency: from the entry that sent it there, with the agency's steps that ended meanwhile. */
interface Send {
  agency: string;
  day: string;
  ended: boolean[];
}

interface Answer {
  agency: string;
  day: string;
  forwarded?: string;
  workingDays?: number;
  onTime?: boolean;
}

interface StepEnd {
  step: DeadlineStep;
  day: string;
  onTime: boolean;
  workingDays?: number;
}

/** What the report reads of one petition. */
interface Trace {
  petition: Petition;
  protected: boolean;
  submitted: string;
  sends: Send[];
  /** Each deadline step entered: which, and the day. */
  starts: { step: DeadlineStep; day: string }[];
  ends: StepEnd[];
  answer?: Answer;
  /** Every day something happened to it. */
  days: string[];
}

const dayOf = (iso: string) => vietnamDay(new Date(iso));
const stepOf = (state: string | undefined): DeadlineStep | undefined =>
  state === undefined ? undefined : (DEADLINE_OF as Readonly<Record<string, DeadlineStep | undefined>>)[state];

function answerFrom(send: Send | undefined, agency: string, day: string, count: DayCounter): Answer {
  const workingDays = send && count(send.day, day);
  return {
    agency,
    day,
    ...(send ? { forwarded: send.day } : {}),
    ...(workingDays === undefined ? {} : { workingDays }),
    ...(send && send.ended.length > 0 ? { onTime: send.ended.every(Boolean) } : {}),
  };
}

function trace(petition: Petition, history: readonly HistoryEntry[], config: Config, count: DayCounter): Trace {
  const submitted = dayOf(petition.createdAt);
  const sends: Send[] = [];
  const starts: Trace["starts"] = [{ step: "screening", day: submitted }];
  const ends: StepEnd[] = [];
  let answer: Answer | undefined;
  // The step running now and the day it began: a petition begins in screening the day it is submitted.
  let current: { step?: DeadlineStep; day: string } = { step: "screening", day: submitted };
  for (const e of [...history].sort((a, b) => a.version - b.version)) {
    const day = dayOf(e.at);
    // The step this entry ended belongs to whoever held it: read before the entry sends the petition elsewhere.
    if (e.ended) {
      const workingDays = current.step === e.ended.step ? count(current.day, day) : undefined;
      ends.push({
        step: e.ended.step,
        day,
        onTime: e.ended.onTime,
        ...(workingDays === undefined ? {} : { workingDays }),
      });
      if (AGENCY_STEPS.has(e.ended.step)) sends.at(-1)?.ended.push(e.ended.onTime);
    }
    // An answer moves it into `answered`: a reminder, a question to her or her "not yet" records it where it stays.
    if (e.to === "answered" && e.from !== undefined && e.from !== "answered") {
      const send = sends.at(-1);
      answer = answerFrom(send, send?.agency ?? petition.answer?.agency ?? petition.routing.agency, day, count);
    }
    const agency = e.agency ?? (SENDS_TO_AGENCY.has(e.action) ? petition.routing.agency : undefined);
    if (agency) sends.push({ agency, day, ended: [] });
    // A step starts when the petition enters another kind of step, or when one ended and the petition stays in a step
    // of its kind under a new holder (a re-route to another agency, a unit above taking the approval over). The
    // submission (no `from`) is the first step's start, counted above from `createdAt`.
    const step = stepOf(e.to);
    const handedOver = step !== undefined && e.ended?.step === step;
    if (e.from !== undefined && (step !== stepOf(e.from) || handedOver)) {
      current = { step, day };
      if (step) starts.push({ step, day });
    }
  }
  // An answer the history does not show (an older record): the petition's own, against its agency's last stretch.
  if (!answer && petition.answer) {
    const { agency, at } = petition.answer;
    answer = answerFrom(
      sends.findLast((s) => s.agency === agency),
      agency,
      dayOf(at),
      count,
    );
  }
  // The days something happened to it: a transition, or a step handed to another holder (a re-route, a take-over);
  // a reminder, a question to her, a nudge or her "not yet" leave it where it was.
  const moved = (e: HistoryEntry) => e.from !== undefined && (e.from !== e.to || e.ended !== undefined);
  const days = [submitted, ...history.filter(moved).map((e) => dayOf(e.at))];
  if (petition.verdict) days.push(dayOf(petition.verdict.at));
  return { petition, protected: isSensitive(petition, config), submitted, sends, starts, ends, answer, days };
}

// ─── Counting ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `count` of `of` with its percentage, rounded, except that only all is 100% and only none is 0%: 199 answers on time
 * of 200 read "99%", never "every one".
 */
export function ratio(count: number, of: number): Ratio {
  if (of <= 0) return { count, of };
  const rounded = Math.round((count * 100) / of);
  const percent = count === of ? 100 : count === 0 ? 0 : Math.min(99, Math.max(1, rounded));
  return { count, of, percent };
}

/** The middle value (the mean of the two middle ones for an even number); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

const defined = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

function answerFigures(received: number, answers: readonly Answer[]): AnswerFigures {
  const timed = defined(answers.map((a) => a.onTime));
  const med = median(defined(answers.map((a) => a.workingDays)));
  return {
    received,
    answered: answers.length,
    onTime: ratio(timed.filter(Boolean).length, timed.length),
    ...(med === undefined ? {} : { medianWorkingDays: med }),
  };
}

function stepFigures(received: number, ends: readonly StepEnd[], overdueNow: number): StepFigures {
  const med = median(defined(ends.map((e) => e.workingDays)));
  return {
    received,
    onTime: ratio(ends.filter((e) => e.onTime).length, ends.length),
    ...(med === undefined ? {} : { medianWorkingDays: med }),
    overdueNow,
  };
}

function resolvedOf(verdicts: readonly Verdict[]): Ratio {
  return ratio(verdicts.filter((v) => v === "resolved").length, verdicts.length);
}

/** Items grouped by a key, in the order keys were first met (`order` first, when given). */
function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined, order: readonly string[] = []) {
  const groups = new Map<string, T[]>(order.map((k) => [k, []]));
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * Petitioners counted by a trait: every group with its received and answered, but a group of 1 or 2 petitions is
 * only `suppressed`. Fixed groups (genders) are always listed, even empty; others only when they hold someone.
 */
function peopleGroups(
  received: readonly Trace[],
  answered: readonly Trace[],
  key: (t: Trace) => string,
  fixed: readonly string[],
): PeopleGroup[] {
  const r = groupBy(received, key, fixed);
  const a = groupBy(answered, key);
  const ids = [...new Set([...r.keys(), ...a.keys()])];
  const size = (id: string) => new Set([...(r.get(id) ?? []), ...(a.get(id) ?? [])]).size;
  const listed = fixed.length > 0 ? ids : ids.sort((x, y) => size(y) - size(x) || x.localeCompare(y));
  // "Not stated" goes last: it is not a group of women but the absence of an answer.
  return [...listed.filter((id) => id !== NOT_STATED), ...listed.filter((id) => id === NOT_STATED)].map((id) =>
    size(id) > 0 && size(id) < SMALL_GROUP
      ? { id, suppressed: true }
      : { id, received: r.get(id)?.length ?? 0, answered: a.get(id)?.length ?? 0 },
  );
}

/** Who must act on a petition now, by the workflow's assignee of its state. */
function holderOf(petition: Petition): OverdueItem["holder"] | undefined {
  const role = (ASSIGNEE as Readonly<Record<string, Role | undefined>>)[petition.status];
  const { screeningUnit, approvingUnit, agency } = petition.routing;
  if (role === "screener") return { role, id: screeningUnit };
  if (role === "approver") return { role, id: approvingUnit };
  if (role === "agency") return { role, id: agency };
  return undefined;
}

function overdueOf(t: Trace, config: Config, today: string): OverdueItem | undefined {
  const { petition: p } = t;
  const d = p.deadline;
  // A deadline left on a petition whose state runs none (or another step) is not running.
  if (!d || stepOf(p.status) !== d.step) return undefined;
  const now = deadlineNow(config, d, today);
  const holder = holderOf(p);
  if (!now.overdue || !holder) return undefined;
  return {
    ...(t.protected ? {} : { code: displayCode(p.trackingCode), category: p.category, commune: p.commune }),
    protected: t.protected,
    step: d.step,
    due: d.due,
    ...(now.workingDaysLeft === undefined ? {} : { workingDaysOverdue: -now.workingDaysLeft }),
    holder,
  };
}

function rowOf(t: Trace): ReportRow {
  const { petition: p, answer } = t;
  const send = answer ? undefined : t.sends.at(-1);
  return {
    ...(t.protected ? {} : { code: displayCode(p.trackingCode), category: p.category, commune: p.commune }),
    protected: t.protected,
    received: t.submitted,
    ...(answer
      ? {
          agency: answer.agency,
          ...(answer.forwarded ? { forwarded: answer.forwarded } : {}),
          answered: answer.day,
          ...(answer.workingDays === undefined ? {} : { workingDaysToAnswer: answer.workingDays }),
          ...(answer.onTime === undefined ? {} : { onTime: answer.onTime }),
        }
      : send
        ? { agency: send.agency, forwarded: send.day }
        : {}),
    ...(p.verdict ? { verdict: p.verdict.answer } : {}),
    status: p.status,
  };
}

/** The leaders' report for `unitId`'s area over `period`, with what is overdue on `today`. */
export function leadersReport(input: LeadersInput): LeadersReport {
  const { config, unitId, period, today } = input;
  const helpers = configHelpers(config);
  const unit = config.womensUnion.units.find((u) => u.id === unitId);
  if (!unit) throw new Error(`no Women's Union unit ${unitId} in the configuration`);
  const inArea = (commune: string) =>
    commune === unit.area || helpers.ancestors(commune).some((a) => a.id === unit.area);
  const during = (day: string | undefined) => day !== undefined && day >= period.from && day <= period.to;
  const count = dayCounter(config);

  const inScope = input.petitions.filter(({ petition }) => inArea(petition.commune));
  const traces = inScope.map(({ petition, history }) => trace(petition, history, config, count));
  const promised = commitmentsOf(
    inScope.map((p, i) => ({ trace: traces[i] as Trace, commitments: p.commitments ?? [] })),
    during,
    today,
  );
  const received = traces.filter((t) => during(t.submitted));
  const answered = traces.filter((t) => during(t.answer?.day));
  const answers = answered.map((t) => t.answer as Answer);
  const judged = traces.filter((t) => during(t.petition.verdict && dayOf(t.petition.verdict.at)));
  const verdicts = (of: readonly Trace[]) => defined(of.map((t) => t.petition.verdict?.answer));
  const overdue = defined(
    traces.map((t) => {
      const item = overdueOf(t, config, today);
      return item && { item, trace: t };
    }),
  ).sort(
    (x, y) =>
      (y.item.workingDaysOverdue ?? 0) - (x.item.workingDaysOverdue ?? 0) || x.item.due.localeCompare(y.item.due),
  );

  // Agencies: each petition once per agency it was sent to in the period; the answers and verdicts it was given.
  const sentTo = traces.flatMap((t) => [...new Set(t.sends.filter((s) => during(s.day)).map((s) => s.agency))]);
  const verdictAgency = (t: Trace) => t.answer?.agency ?? t.petition.answer?.agency;
  const agencyIds = [
    ...new Set([
      ...config.agencies.map((a) => a.id),
      ...sentTo,
      ...answers.map((a) => a.agency),
      ...defined(judged.map(verdictAgency)),
      ...overdue.filter((o) => o.item.holder.role === "agency").map((o) => o.item.holder.id),
    ]),
  ];
  const agencies = agencyIds
    .map(
      (id): AgencyFigures => ({
        id,
        ...answerFigures(
          sentTo.filter((a) => a === id).length,
          answers.filter((a) => a.agency === id),
        ),
        resolved: resolvedOf(verdicts(judged.filter((t) => verdictAgency(t) === id))),
        overdueNow: overdue.filter((o) => o.item.holder.role === "agency" && o.item.holder.id === id).length,
      }),
    )
    .filter((a) => a.received + a.answered + a.resolved.of + a.overdueNow > 0);

  // The Union's steps, by the commune union that screened the petitions.
  const communeIds = helpers.communes.filter((c) => inArea(c.id)).map((c) => c.id);
  const unitIds = [
    ...new Set([
      ...defined(communeIds.map((c) => helpers.screeningUnit(c)?.id)),
      ...traces.map((t) => t.petition.routing.screeningUnit),
    ]),
  ];
  const unionStep = (ofUnit: Trace[], step: DeadlineStep, role: Role) =>
    stepFigures(
      ofUnit.filter((t) => t.starts.some((s) => s.step === step && during(s.day))).length,
      ofUnit.flatMap((t) => t.ends.filter((e) => e.step === step && during(e.day))),
      overdue.filter((o) => o.item.holder.role === role && ofUnit.includes(o.trace)).length,
    );
  const units = unitIds.map((id): UnitFigures => {
    const ofUnit = traces.filter((t) => t.petition.routing.screeningUnit === id);
    return {
      id,
      area: config.womensUnion.units.find((u) => u.id === id)?.area ?? id,
      screening: unionStep(ofUnit, "screening", "screener"),
      approval: unionStep(ofUnit, "approval", "approver"),
    };
  });

  // Categories and communes: received and answered in the period.
  const groupFigures = (key: (t: Trace) => string, order: readonly string[]): GroupFigures[] => {
    const r = groupBy(received, key, order);
    const a = groupBy(answered, key);
    return [...new Set([...r.keys(), ...a.keys()])].map((id) => ({
      id,
      ...answerFigures(
        r.get(id)?.length ?? 0,
        (a.get(id) ?? []).map((t) => t.answer as Answer),
      ),
    }));
  };
  const categories = groupFigures((t) => t.petition.category, []).sort(
    (x, y) => indexIn(config.categories, x.id) - indexIn(config.categories, y.id),
  );
  const communes = groupFigures((t) => t.petition.commune, communeIds);

  const gender = peopleGroups(received, answered, (t) => t.petition.petitioner.gender ?? NOT_STATED, [
    ...GENDERS,
    NOT_STATED,
  ]);
  const ethnicity = peopleGroups(received, answered, (t) => t.petition.petitioner.ethnicity?.code ?? NOT_STATED, []);

  const rows = traces
    .filter((t) => t.days.some(during))
    .map(rowOf)
    .sort((x, y) => x.received.localeCompare(y.received) || (x.code ?? "").localeCompare(y.code ?? ""));

  const byStatus: Record<string, number> = {};
  for (const t of received) byStatus[t.petition.status] = (byStatus[t.petition.status] ?? 0) + 1;

  const ethnicities: Record<string, string> = {};
  for (const t of traces) {
    const e = t.petition.petitioner.ethnicity;
    if (e && ethnicity.some((g) => g.id === e.code)) ethnicities[e.code] = e.name;
  }
  const communeName = (id: string) => helpers.area(id)?.name ?? id;
  const categoryNames = (id: string): Bilingual => ({
    vi: categoryName(config, id, "vi"),
    en: categoryName(config, id, "en"),
  });
  const rowIds = (pick: (r: ReportRow) => string | undefined) => defined(rows.map(pick));
  const overdueIds = (pick: (o: OverdueItem) => string | undefined) => defined(overdue.map((o) => pick(o.item)));
  const holders = (role: Role) => overdueIds((o) => (o.holder.role === role ? o.holder.id : undefined));
  const dictionary = <T>(ids: readonly string[], name: (id: string) => T) =>
    Object.fromEntries([...new Set(ids)].map((id) => [id, name(id)]));

  return {
    unit: { id: unit.id, area: unit.area },
    period: { from: period.from, to: period.to, ...(period.label ? { label: period.label } : {}) },
    today,
    smallGroup: SMALL_GROUP,
    totals: {
      ...answerFigures(received.length, answers),
      resolved: resolvedOf(verdicts(judged)),
      overdueNow: overdue.length,
      byStatus,
    },
    agencies,
    units,
    categories,
    communes,
    gender,
    ethnicity,
    overdue: overdue.map((o) => o.item),
    commitments: promised.figures,
    overdueCommitments: promised.overdue,
    rows,
    names: {
      unit: unit.name,
      agencies: dictionary([...agencies.map((a) => a.id), ...rowIds((r) => r.agency), ...holders("agency")], (id) =>
        agencyName(config, id),
      ),
      units: dictionary([...unitIds, ...holders("screener"), ...holders("approver")], (id) => unitName(config, id)),
      communes: dictionary(
        [
          ...communes.map((c) => c.id),
          ...units.map((u) => u.area),
          ...rowIds((r) => r.commune),
          ...overdueIds((o) => o.commune),
        ],
        communeName,
      ),
      categories: dictionary(
        [...categories.map((c) => c.id), ...rowIds((r) => r.category), ...overdueIds((o) => o.category)],
        categoryNames,
      ),
      ethnicities,
    },
  };
}

const indexIn = (list: readonly { id: string }[], id: string) => {
  const i = list.findIndex((x) => x.id === id);
  return i < 0 ? list.length : i;
};
