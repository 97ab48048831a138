/**
 * Working days, from the calendar in the configuration (`calendar`): weekends, the year's days off (public
 * holidays, the days in lieu of those on a weekend, the government's swapped days off) and its working weekend
 * days (làm bù). Nothing here guesses: a day in a year the calendar does not list is an error naming that year,
 * never a plain weekday count. Days are Vietnam calendar days, "YYYY-MM-DD".
 */

export const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface CalendarDay {
  date: string;
  name: string;
}

export interface CalendarYear {
  about?: string;
  daysOff: readonly CalendarDay[];
  workingWeekendDays?: readonly CalendarDay[];
}

export interface WorkingCalendar {
  about?: string;
  weekend: readonly Weekday[];
  years: Readonly<Record<string, CalendarYear>>;
}

/** A day the calendar cannot say anything about: its year is not in the configuration. */
export class CalendarGap extends Error {
  constructor(readonly year: string) {
    super(
      `the working-day calendar does not cover ${year}: add calendar.years["${year}"] (npm run calendar -- --year ${year})`,
    );
    this.name = "CalendarGap";
  }
}

const DAY_MS = 86_400_000;
const epochDay = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (epoch: number) => new Date(epoch * DAY_MS).toISOString().slice(0, 10);

/** The day `n` calendar days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return dayOf(epochDay(day) + n);
}

export function weekdayOf(day: string): Weekday {
  return WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] as Weekday;
}

/** Whether "YYYY-MM-DD" names a real day (not 2027-02-30). */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(epochDay(day)) && dayOf(epochDay(day)) === day;
}

export interface Workdays {
  isWorkingDay(day: string): boolean;
  /**
   * The day a deadline of `n` working days falls on, counted from `from`: the day it starts is not counted, and
   * days off and weekends are skipped, so a step that starts on a holiday counts from the first working day after.
   */
  addWorkingDays(from: string, n: number): string;
  /**
   * Working days from `today` to `deadline`: 0 on the deadline's day, 1 the working day before, … and negative once
   * it is past (−1 the first working day after it). Days off between them are not counted.
   */
  workingDaysLeft(today: string, deadline: string): number;
  /** The `n`th working day before `day` (`day` itself when n is 0): a reminder's day before a deadline. */
  workingDaysBefore(day: string, n: number): string;
}

export function workdays(calendar: WorkingCalendar): Workdays {
  const off = new Set<string>();
  const working = new Set<string>();
  for (const year of Object.values(calendar.years)) {
    for (const d of year.daysOff) off.add(d.date);
    for (const d of year.workingWeekendDays ?? []) working.add(d.date);
  }
  const weekend = new Set<Weekday>(calendar.weekend);
  const isWorkingDay = (day: string): boolean => {
    const year = day.slice(0, 4);
    if (!(year in calendar.years)) throw new CalendarGap(year);
    if (working.has(day)) return true;
    if (off.has(day)) return false;
    return !weekend.has(weekdayOf(day));
  };
  const addWorkingDays = (from: string, n: number): string => {
    let day = from;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (isWorkingDay(day)) counted++;
    }
    return day;
  };
  const workingDaysLeft = (today: string, deadline: string): number => {
    const [first, last, sign] = today <= deadline ? [today, deadline, 1] : [deadline, today, -1];
    let count = 0;
    for (let day = addDays(first, 1); day <= last; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
    return sign * count;
  };
  const workingDaysBefore = (day: string, n: number): string => {
    let at = day;
    for (let counted = 0; counted < n; ) {
      at = addDays(at, -1);
      if (isWorkingDay(at)) counted++;
    }
    return at;
  };
  return { isWorkingDay, addWorkingDays, workingDaysLeft, workingDaysBefore };
}
