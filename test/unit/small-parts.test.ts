import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eventCalendar } from "../../shared/events/calendar.ts";
import type { EventRecord } from "../../shared/events/model.ts";
import { escapeHtml, html } from "../../shared/platform/html.ts";
import { base32, SPOKEN_ALPHABET, spokenCode } from "../../shared/platform/ids.ts";
import { scrub } from "../../shared/platform/log.ts";
import { matchRoute } from "../../shared/platform/routing.ts";
import { csvCell } from "../../shared/registration/roster.ts";

describe("codes and tokens", () => {
  it("makes 8-character codes without look-alike characters", () => {
    for (let i = 0; i < 500; i++) expect(spokenCode()).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{8}$/);
    for (const confusable of "0O1IL2Z5S8B") expect(SPOKEN_ALPHABET).not.toContain(confusable);
  });
});

describe("routing like API Gateway", () => {
  it("prefers literal segments, extracts parameters, and tells 404 from 405", () => {
    expect(matchRoute("GET", "/events/abc/register")).toMatchObject({ kind: "route", params: { eventId: "abc" } });
    expect(matchRoute("GET", "/events/abc/calendar.ics")).toMatchObject({
      kind: "route",
      route: { fn: "event-calendar" },
    });
    expect(matchRoute("DELETE", "/events/abc")).toEqual({ kind: "method-not-allowed", allow: ["GET", "HEAD"] });
    expect(matchRoute("HEAD", "/a/x")).toMatchObject({ kind: "route", route: { fn: "action-page" } });
    expect(matchRoute("GET", "/nope")).toEqual({ kind: "none" });
    expect(matchRoute("GET", "/r/%E0%A4%A")).toEqual({ kind: "none" });
  });
});

describe("escaping", () => {
  it("escapes every interpolated value in HTML", () => {
    const evil = `<script>alert(1)</script> & "quotes" 'single' </textarea>`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    expect(escapeHtml(evil)).not.toMatch(/[<>"']/);
  });

  it("defuses spreadsheet formulas in CSV cells", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+84912345601")).toBe("'+84912345601");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("Thượng Lâm")).toBe("Thượng Lâm");
  });
});

describe("logs", () => {
  it("scrubs phone numbers, e-mail addresses and link tokens", () => {
    const token = base32(randomBytes(20));
    const line = scrub(`user hoa@example.org phoned 0912 345 601 / +84912345601 and opened /r/${token} ${token}`);
    expect(line).not.toContain("hoa@example.org");
    expect(line).not.toMatch(/0912 345 601|\+84912345601/);
    expect(line).not.toContain(token);
  });

  it("leaves code paths and ids alone", () => {
    expect(scrub("at node_modules/@aws-sdk/core/index.js:12")).toBe("at node_modules/@aws-sdk/core/index.js:12");
  });
});

describe("calendar", () => {
  it("writes a valid iCalendar event with escaped text and folded lines", () => {
    const event = {
      id: "e1",
      title:
        "Đối thoại; chính sách, cấp xã: phụ nữ dân tộc thiểu số với chính quyền xã Thượng Lâm (rất dài để phải gập dòng)",
      venue: "Hội trường",
      startsAt: "2027-03-08T08:00:00+07:00",
      endsAt: "2027-03-08T11:00:00+07:00",
    } as EventRecord;
    const ics = eventCalendar(event, "2026-11-27T00:00:00Z");
    expect(ics).toContain("DTSTART:20270308T010000Z");
    expect(ics).toContain("SUMMARY:Đối thoại\\; chính sách\\, cấp xã");
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});
