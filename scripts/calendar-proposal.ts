import { getSolarDate } from "@dqcai/vn-lunar";
import { addDays, type CalendarDay, type CalendarYear, weekdayOf } from "../shared/platform/workdays.ts";

/**
 * A proposed year of the working-day calendar, from the rules: Labour Code 2019 Art. 112 (1 January; Tết, five days;
 * the Hùng Kings' day, 10th of the 3rd lunar month; 30 April; 1 May; 2 September and a day beside it) and Art. 111.3
 * (a holiday on a weekend is taken on the next working day). Tết and National Day are fixed each year by the Prime
 * Minister and swapped days by the Ministry of Home Affairs: ops check the proposal against that year's notices
 * before pasting it into the configuration. Ops tooling only (the lunar calendar package is a dev dependency).
 */

const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

const isWeekend = (day: string) => ["saturday", "sunday"].includes(weekdayOf(day));

export const HOLIDAY_NAMES = {
  newYear: "Tết Dương lịch",
  tet: "Tết Nguyên đán",
  hungKings: "Giỗ Tổ Hùng Vương",
  reunification: "Ngày Giải phóng miền Nam, thống nhất đất nước",
  labour: "Ngày Quốc tế Lao động",
  national: "Quốc khánh",
  inLieu: (of: string) => `Nghỉ bù ${of}`,
};

/** The holidays of `year` by the rules, weekend ones included (their days in lieu are added after). */
export function holidaysOf(year: number): CalendarDay[] {
  const n = HOLIDAY_NAMES;
  const tet = iso(getSolarDate(1, 1, year));
  const national = `${year}-09-02`;
  // Beside 2 September: the day that joins it to a weekend (3 September after a Monday, else 1 September).
  const beside = weekdayOf(national) === "monday" ? `${year}-09-03` : `${year}-09-01`;
  return [
    { date: `${year}-01-01`, name: n.newYear },
    // Five days: the last day of the old lunar year and the first four of the new.
    ...[-1, 0, 1, 2, 3].map((k) => ({ date: addDays(tet, k), name: n.tet })),
    { date: iso(getSolarDate(10, 3, year)), name: n.hungKings },
    { date: `${year}-04-30`, name: n.reunification },
    { date: `${year}-05-01`, name: n.labour },
    { date: beside, name: n.national },
    { date: national, name: n.national },
  ].sort((a, b) => a.date.localeCompare(b.date));
}

/** The proposed year: holidays on working days, and each weekend holiday's day in lieu (the next free working day). */
export function proposeYear(year: number): CalendarYear {
  const holidays = holidaysOf(year);
  const taken = new Set(holidays.map((h) => h.date));
  const daysOff: CalendarDay[] = holidays.filter((h) => !isWeekend(h.date));
  for (const h of holidays.filter((x) => isWeekend(x.date))) {
    let day = addDays(h.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    daysOff.push({ date: day, name: HOLIDAY_NAMES.inLieu(h.name) });
  }
  return {
    about: `Proposed by npm run calendar from the Labour Code 2019 (Art. 111.3, 112) and the lunar calendar: check against ${year}'s notices on Tết, National Day and swapped days (nghỉ bù, làm bù), then paste.`,
    daysOff: daysOff.sort((a, b) => a.date.localeCompare(b.date)),
    workingWeekendDays: [],
  };
}
