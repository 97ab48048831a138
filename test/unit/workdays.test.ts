import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holidaysOf, proposeYear } from "../../scripts/calendar-proposal.ts";
import demo from "../../shared/config/lam-binh-demo.json" with { type: "json" };
import { calendarProblems, parseConfig } from "../../shared/config/parse.ts";
import type { Config } from "../../shared/config/schema.ts";
import { addDays, CalendarGap, type WorkingCalendar, weekdayOf, workdays } from "../../shared/platform/workdays.ts";

/** Issue 10, part 1: working days from the configuration's calendar, and the proposal ops paste into it. */

const config = parseConfig(demo);
const calendar = config.calendar as WorkingCalendar;
const days = workdays(calendar);
const offIn = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!days.isWorkingDay(d)) out.push(d);
  return out;
};

describe("the proposal from the rules and the lunar calendar", () => {
  it("puts Tết 2026 where the government's notice did: off 14–22 February", () => {
    expect(offIn("2026-02-12", "2026-02-24")).toEqual([
      "2026-02-14",
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
    ]);
  });

  it("Tết 2027 (6 February, a Saturday): the eve and four days, the weekend two taken on the days after", () => {
    expect(
      holidaysOf(2027)
        .filter((h) => h.name === "Tết Nguyên đán")
        .map((h) => h.date),
    ).toEqual(["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"]);
    expect(offIn("2027-02-01", "2027-02-15")).toEqual([
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
      "2027-02-13",
      "2027-02-14",
    ]);
    expect(days.isWorkingDay("2027-02-04")).toBe(true);
    expect(days.isWorkingDay("2027-02-12")).toBe(true);
  });

  it("Tết 2028 (26 January, a Wednesday): 25–28 January, and Monday the 31st for the Saturday", () => {
    expect(offIn("2028-01-22", "2028-02-02")).toEqual([
      "2028-01-22",
      "2028-01-23",
      "2028-01-25",
      "2028-01-26",
      "2028-01-27",
      "2028-01-28",
      "2028-01-29",
      "2028-01-30",
      "2028-01-31",
    ]);
    expect(proposeYear(2028).daysOff.find((d) => d.date === "2028-01-31")?.name).toBe("Nghỉ bù Tết Nguyên đán");
    expect(holidaysOf(2028).find((h) => h.name === "Giỗ Tổ Hùng Vương")?.date).toBe("2028-04-04");
  });

  it("for any year: the eleven holidays of the Labour Code, days off only on working days, one in lieu for each weekend holiday", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2025, max: 2060 }), (year) => {
        const holidays = holidaysOf(year);
        expect(holidays).toHaveLength(11);
        const proposed = proposeYear(year);
        const dates = proposed.daysOff.map((d) => d.date);
        expect(new Set(dates).size).toBe(dates.length);
        for (const d of dates) expect(["saturday", "sunday"]).not.toContain(weekdayOf(d));
        const onWeekend = holidays.filter((h) => ["saturday", "sunday"].includes(weekdayOf(h.date)));
        expect(proposed.daysOff.filter((d) => d.name.startsWith("Nghỉ bù"))).toHaveLength(onWeekend.length);
        expect(
          calendarProblems({ weekend: ["saturday", "sunday"], years: { [year]: proposed } }, `${year}-03-01`),
        ).toEqual([]);
      }),
    );
  });
});

describe("working days", () => {
  it("a swapped Saturday is a working day, and its weekday in exchange is not", () => {
    expect(weekdayOf("2026-08-22")).toBe("saturday");
    expect(days.isWorkingDay("2026-08-22")).toBe(true);
    expect(days.isWorkingDay("2026-08-31")).toBe(false);
    expect(days.addWorkingDays("2026-08-21", 1)).toBe("2026-08-22");
    // From Friday 28 August: 31 August off, then 1 and 2 September (National Day), so 3 September.
    expect(days.addWorkingDays("2026-08-28", 1)).toBe("2026-09-03");
  });

  it("a deadline that starts on a holiday counts from the first working day after it", () => {
    // Received on Monday 8 February 2027, in Tết: the first working day is Friday the 12th.
    expect(days.addWorkingDays("2027-02-08", 1)).toBe("2027-02-12");
    expect(days.addWorkingDays("2027-02-08", 10)).toBe("2027-02-25");
    expect(days.workingDaysLeft("2027-02-08", "2027-02-25")).toBe(10);
    expect(days.workingDaysLeft("2027-02-25", "2027-02-25")).toBe(0);
    expect(days.workingDaysLeft("2027-03-01", "2027-02-25")).toBe(-2);
  });

  it("for any start and any number of days: lands on a working day with exactly that many working days left", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 30 }), (offset, n) => {
        const start = addDays("2026-01-01", offset);
        const deadline = days.addWorkingDays(start, n);
        expect(deadline > start).toBe(true);
        expect(days.isWorkingDay(deadline)).toBe(true);
        expect(days.workingDaysLeft(start, deadline)).toBe(n);
        expect(days.workingDaysLeft(deadline, start)).toBe(-n);
      }),
    );
  });

  it("never guesses a year the calendar does not list: the error names it", () => {
    expect(() => days.addWorkingDays("2028-12-20", 10)).toThrow(CalendarGap);
    expect(() => days.addWorkingDays("2028-12-20", 10)).toThrow(/2029/);
  });
});

describe("the calendar in the configuration", () => {
  const withYears = (years: NonNullable<Config["calendar"]>["years"]) => ({
    ...demo,
    calendar: { ...demo.calendar, years },
  });

  it("is refused at load when a year a deadline may need is missing, naming the year", () => {
    const { "2027": _, ...without } = calendar.years as Record<string, unknown>;
    expect(calendarProblems({ ...calendar, years: without as WorkingCalendar["years"] }, "2026-11-28")).toEqual([
      expect.stringContaining("does not cover 2027"),
    ]);
    // In March, 2026 alone reaches far enough.
    expect(calendarProblems({ ...calendar, years: without as WorkingCalendar["years"] }, "2026-03-01")).toEqual([]);
    expect(() => parseConfig(withYears({}))).toThrow(/does not cover 2026/);
  });

  it("refuses a day that is not one, one outside its year, a weekend day off and a working day to work", () => {
    const year = (
      daysOff: { date: string; name: string }[],
      workingWeekendDays: { date: string; name: string }[] = [],
    ) => ({
      weekend: ["saturday", "sunday"] as const,
      years: { "2026": { daysOff, workingWeekendDays } },
    });
    const problems = (y: ReturnType<typeof year>) => calendarProblems(y as never, "2026-03-01");
    expect(problems(year([{ date: "2026-02-30", name: "x" }]))).toEqual([expect.stringContaining("is not a day")]);
    expect(problems(year([{ date: "2027-01-01", name: "x" }]))).toEqual([expect.stringContaining("is not in 2026")]);
    expect(problems(year([{ date: "2026-02-14", name: "x" }]))).toEqual([expect.stringContaining("weekend day")]);
    expect(problems(year([], [{ date: "2026-02-16", name: "x" }]))).toEqual([
      expect.stringContaining("working day already"),
    ]);
    expect(
      problems(
        year([
          { date: "2026-02-16", name: "x" },
          { date: "2026-02-16", name: "y" },
        ]),
      ),
    ).toEqual([expect.stringContaining("listed twice")]);
    expect(problems(year([{ date: "2026-02-16", name: "x" }], [{ date: "2026-08-22", name: "y" }]))).toEqual([]);
  });
});
