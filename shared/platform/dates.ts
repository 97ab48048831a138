import { datesText } from "../messages/common.ts";
import type { Lang } from "./i18n.ts";

/** Everything people read is in Vietnam's time zone, whatever the server's. */
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

/**
 * Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset converts exactly, so dates are
 * written here by hand rather than with `Intl.DateTimeFormat`, whose locale data costs every cold start ~10 ms.
 */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const two = (n: number) => String(n).padStart(2, "0");

/** The wall clock in Vietnam at an instant: a Date whose UTC fields read as Vietnam's. */
const wall = (date: Date) => new Date(date.getTime() + VIETNAM_OFFSET_MS);

/** "08:00 Thứ Hai, 08/03/2027" / "Monday, 8 March 2027 at 08:00" */
export function formatDateTime(iso: string, lang: Lang): string {
  const w = wall(new Date(iso));
  return datesText[lang].dateTime({
    time: `${two(w.getUTCHours())}:${two(w.getUTCMinutes())}`,
    weekday: w.getUTCDay(),
    day: w.getUTCDate(),
    month: w.getUTCMonth() + 1,
    year: w.getUTCFullYear(),
  });
}

/** A Vietnam day ("2027-02-25") as people read it: "Thứ Năm, 25/02/2027" / "Thursday, 25 February 2027". */
export function formatDay(day: string, lang: Lang): string {
  const d = new Date(`${day}T00:00:00Z`);
  return datesText[lang].day({
    weekday: d.getUTCDay(),
    day: d.getUTCDate(),
    month: d.getUTCMonth() + 1,
    year: d.getUTCFullYear(),
  });
}

/** "08:00, thứ Hai, 08/03/2027 – 11:00" */
export function formatSpan(startIso: string, endIso: string, lang: Lang): string {
  return `${formatDateTime(startIso, lang)} – ${vietnamTime(endIso).slice(0, 5)}`;
}

/** The calendar day in Vietnam, "2026-11-27": what "per day" means to the people here. */
export function vietnamDay(date: Date): string {
  return wall(date).toISOString().slice(0, 10);
}

/** The hour (0–23) on Vietnam's clocks at an instant. */
export function vietnamHour(date: Date): number {
  return wall(date).getUTCHours();
}

/**
 * A `datetime-local` form value ("2027-03-08T10:05" or with seconds) read as Vietnam time → an ISO instant.
 * `inclusiveEnd` makes it cover its whole minute (or second): an inclusive "to".
 */
export function vietnamLocalToIso(local: string, inclusiveEnd = false): string {
  const full = local.length === 16 ? `${local}:${inclusiveEnd ? "59" : "00"}` : local;
  return new Date(Date.parse(`${full}${inclusiveEnd ? ".999" : ".000"}Z`) - VIETNAM_OFFSET_MS).toISOString();
}

/** An instant as a `datetime-local` value in Vietnam time, to the second: "2027-03-08T10:05:07". */
export function isoToVietnamLocal(iso: string): string {
  return new Date(Date.parse(iso) + VIETNAM_OFFSET_MS).toISOString().slice(0, 19);
}

/** "10:05:07" in Vietnam time. */
export function vietnamTime(iso: string): string {
  return isoToVietnamLocal(iso).slice(11);
}
