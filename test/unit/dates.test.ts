import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDateTime, formatSpan, TIME_ZONE, vietnamDay } from "../../shared/platform/dates.ts";

/**
 * Dates are written by hand with Vietnam's fixed UTC+7 (no `Intl` at a function's load: a faster cold start).
 * They must read exactly as the platform's own Vietnamese and English formats would, for any instant.
 */
const intl = {
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
  day: new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }),
};

const instants = fc.date({
  min: new Date("1990-01-01T00:00:00Z"),
  max: new Date("2100-12-31T23:59:59Z"),
  noInvalidDate: true,
});

describe("dates in Vietnam's time", () => {
  it("read as Intl's vi-VN and en-GB formats in Asia/Ho_Chi_Minh, for any instant", () => {
    fc.assert(
      fc.property(instants, (date) => {
        const iso = date.toISOString();
        expect(formatDateTime(iso, "vi")).toBe(intl.vi.format(date));
        expect(formatDateTime(iso, "en")).toBe(intl.en.format(date));
        expect(vietnamDay(date)).toBe(intl.day.format(date));
      }),
      { numRuns: 2000 },
    );
  });

  it("write a span as its start and the end's time", () => {
    expect(formatSpan("2027-03-08T01:00:00Z", "2027-03-08T04:30:00Z", "vi")).toBe("08:00 Thứ Hai, 08/03/2027 – 11:30");
    expect(formatSpan("2027-03-08T01:00:00Z", "2027-03-08T04:30:00Z", "en")).toBe(
      "Monday, 8 March 2027 at 08:00 – 11:30",
    );
  });
});
