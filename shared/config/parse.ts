import { now } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { addDays, CalendarGap, isCalendarDay, type WorkingCalendar, weekdayOf } from "../platform/workdays.ts";
import { configHelpers } from "./config.ts";
import { type Area, type Config, configSchema, DEADLINE_STEPS } from "./schema.ts";

/**
 * Checking a configuration: only `npm run seed` (and the tests) do it, once, before it is stored. Functions read
 * the stored, already checked configuration and never load zod's configuration schema (a faster cold start).
 */

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
  }
}

function nfcDeep(value: unknown): unknown {
  if (typeof value === "string") return value.normalize("NFC");
  if (Array.isArray(value)) return value.map(nfcDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)]));
  }
  return value;
}

function duplicates(ids: string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

/** Parse, normalise to NFC and cross-check a configuration. Throws ConfigError listing every problem. */
export function parseConfig(raw: unknown): Config {
  const parsed = configSchema.safeParse(nfcDeep(raw));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  const areas = new Map(config.areas.map((a) => [a.id, a]));
  const units = new Map(config.womensUnion.units.map((u) => [u.id, u]));
  const agencies = new Map(config.agencies.map((a) => [a.id, a]));

  for (const d of duplicates(config.areas.map((a) => a.id))) problems.push(`area ${d} is declared twice`);
  for (const d of duplicates(config.womensUnion.units.map((u) => u.id))) problems.push(`unit ${d} is declared twice`);
  for (const d of duplicates(config.events.map((e) => e.id))) problems.push(`event ${d} is declared twice`);
  for (const d of duplicates(config.participantRoles)) problems.push(`participant role "${d}" is listed twice`);

  for (const area of config.areas) {
    if (area.parent !== null && !areas.has(area.parent)) {
      problems.push(`area ${area.id}: parent ${area.parent} does not exist`);
    }
    const seen = new Set<string>();
    for (let a: Area | undefined = area; a; a = a.parent ? areas.get(a.parent) : undefined) {
      if (seen.has(a.id)) {
        problems.push(`area ${area.id}: the area tree has a cycle`);
        break;
      }
      seen.add(a.id);
    }
  }
  for (const unit of config.womensUnion.units) {
    if (!areas.has(unit.area)) problems.push(`unit ${unit.id}: area ${unit.area} does not exist`);
  }
  const helpers = configHelpers(config);
  for (const commune of helpers.communes) {
    if (!helpers.screeningUnit(commune.id)) {
      problems.push(`commune ${commune.id} has no Women's Union unit with a screener`);
    }
    if (!helpers.approvingUnit(commune.id)) {
      problems.push(`commune ${commune.id} has no Women's Union unit with an approver above it`);
    }
  }
  for (const category of config.categories) {
    const agency = agencies.get(category.agency);
    if (!agency) problems.push(`category ${category.id}: agency ${category.agency} does not exist`);
  }
  for (const agency of config.agencies) {
    if (!agency.email.includes("@")) problems.push(`agency ${agency.id} has no e-mail address`);
  }
  for (const event of config.events) {
    if (!areas.has(event.area)) problems.push(`event ${event.id}: area ${event.area} does not exist`);
    if (!units.has(event.organizer)) problems.push(`event ${event.id}: organizer ${event.organizer} does not exist`);
    if (Date.parse(event.endsAt) < Date.parse(event.startsAt)) problems.push(`event ${event.id} ends before it starts`);
  }
  problems.push(...deadlineProblems(config));
  if (config.followUp.closeAfterDays <= config.followUp.askAfterDays) {
    problems.push(
      `followUp: a petition closes itself ${config.followUp.closeAfterDays} days after its answer, before she is asked (${config.followUp.askAfterDays} days)`,
    );
  }
  if (config.calendar) problems.push(...calendarProblems(config.calendar, vietnamDay(now()), horizonOf(config)));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * How far ahead the calendar must reach when a configuration is loaded: a step started today must find its deadline
 * in a listed year, so a missing year is an error for ops now, not a petition later. 90 days, or more when a rule is
 * longer (a working day is at most two calendar days, even across Tết).
 */
export const CALENDAR_HORIZON_DAYS = 90;

function horizonOf(config: Config): number {
  const d = config.deadlines;
  const rules = d
    ? [...DEADLINE_STEPS.map((s) => d[s]), ...Object.values(d.categories).flatMap((c) => Object.values(c))]
    : [];
  return Math.max(CALENDAR_HORIZON_DAYS, ...rules.map((r) => (r ? r.days * 2 + 14 : 0)));
}

/**
 * Deadlines need the calendar; a category's own rules name a category; and screening and approval together stay
 * within the days the Law on Citizen Reception gives to tell her what became of her petition.
 */
function deadlineProblems(config: Config): string[] {
  const d = config.deadlines;
  if (!d) return [];
  const problems: string[] = [];
  if (!config.calendar) problems.push("deadlines need a working-day calendar (calendar.years)");
  for (const category of Object.keys(d.categories)) {
    if (!config.categories.some((c) => c.id === category))
      problems.push(`deadlines.categories: no category ${category}`);
  }
  for (const category of config.categories) {
    const own = d.categories[category.id];
    const days = (own?.screening ?? d.screening).days + (own?.approval ?? d.approval).days;
    if (days > d.petitionerNoticeWorkingDays) {
      problems.push(
        `deadlines for ${category.id}: screening and approval take ${days} days, past the ${d.petitionerNoticeWorkingDays} working days within which she must be told what became of her petition`,
      );
    }
  }
  return problems;
}

/** What is wrong with a working-day calendar, as of `today` (a Vietnam day). */
export function calendarProblems(
  calendar: WorkingCalendar,
  today: string,
  horizonDays = CALENDAR_HORIZON_DAYS,
): string[] {
  const problems: string[] = [];
  const weekend = new Set<string>(calendar.weekend);
  for (const [year, listed] of Object.entries(calendar.years)) {
    const where = `calendar.years["${year}"]`;
    const working = listed.workingWeekendDays ?? [];
    const days = [...listed.daysOff, ...working];
    for (const d of duplicates(days.map((x) => x.date))) problems.push(`${where}: ${d} is listed twice`);
    for (const day of days) {
      if (!isCalendarDay(day.date)) problems.push(`${where}: ${day.date} is not a day`);
      else if (!day.date.startsWith(`${year}-`)) problems.push(`${where}: ${day.date} is not in ${year}`);
    }
    for (const day of listed.daysOff.filter((d) => isCalendarDay(d.date) && weekend.has(weekdayOf(d.date)))) {
      problems.push(`${where}: ${day.date} (${day.name}) is a weekend day: list its day in lieu instead`);
    }
    for (const day of working.filter((d) => isCalendarDay(d.date) && !weekend.has(weekdayOf(d.date)))) {
      problems.push(`${where}: ${day.date} (${day.name}) is a working day already, not a weekend day to work`);
    }
  }
  const horizon = addDays(today, horizonDays);
  for (let year = Number(today.slice(0, 4)); year <= Number(horizon.slice(0, 4)); year++) {
    if (!(String(year) in calendar.years)) problems.push(new CalendarGap(String(year)).message);
  }
  return problems;
}
