import type { Lang } from "./i18n.ts";

/** Everything people read is in Vietnam's time zone, whatever the server's. */
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

const formats = {
  vi: new Intl.DateTimeFormat("vi-VN", {
    timeZone: TIME_ZONE,
    weekday: "long",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }),
};

export function formatDateTime(iso: string, lang: Lang): string {
  return formats[lang].format(new Date(iso));
}

const timeOnly = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" });

/** "08:00, thứ Hai, 08/03/2027 – 11:00" */
export function formatSpan(startIso: string, endIso: string, lang: Lang): string {
  return `${formatDateTime(startIso, lang)} – ${timeOnly.format(new Date(endIso))}`;
}

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Vietnam, "2026-11-27": what "per day" means to the people here. */
export function vietnamDay(date: Date): string {
  return dayFormat.format(date);
}

/** Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset converts exactly. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

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
