import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, onTestFinished } from "vitest";
import demo from "../../shared/config/lam-binh-demo.json" with { type: "json" };
import { parseConfig } from "../../shared/config/parse.ts";
import { addMonths } from "../../shared/petitions/alarms.ts";
import { commitmentAlarmAfter, commitmentDue, isOverdue } from "../../shared/petitions/commitments.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { forgetSecret, secretReady } from "../../shared/platform/secret.ts";
import { addDays, isCalendarDay, type WorkingCalendar, workdays } from "../../shared/platform/workdays.ts";
import { rowFingerprint } from "../../shared/sessions/issues.ts";
import type { Commitment } from "../../shared/sessions/model.ts";
import { recordAlarmAfter } from "../../shared/sessions/record.ts";

/** Issue 12: the pure parts of a session's record and its commitments — due days, alarms, fingerprints. */

const config = parseConfig(demo);
const days = workdays(config.calendar as WorkingCalendar);

function commitment(overrides: Partial<Commitment> = {}): Commitment {
  return {
    trackingCode: "ABCDEFGHJK",
    n: 1,
    what: "Sửa đường",
    agency: "ubnd-xa",
    due: "2027-04-15",
    madeAt: "2027-03-08T03:30:00.000Z",
    madeIn: "hall",
    madeBy: "Chủ tịch UBND xã",
    status: "open",
    percent: 0,
    version: 1,
    ...overrides,
  };
}

describe("a commitment's due day", () => {
  const at = "2027-03-08T03:30:00.000Z"; // Monday 8 March 2027, 10:30 in Vietnam

  it("reads a date as written (dd/mm/yyyy or yyyy-mm-dd) and working days through the calendar", () => {
    expect(commitmentDue("15/04/2027", at, config)).toBe("2027-04-15");
    expect(commitmentDue("5/4/2027", at, config)).toBe("2027-04-05");
    expect(commitmentDue("2027-04-15", at, config)).toBe("2027-04-15");
    // Five working days from Monday 8 March: Monday 15 March.
    expect(commitmentDue("5", at, config)).toBe("2027-03-15");
    // Nothing typed: the configured 30 working days.
    expect(commitmentDue(undefined, at, config)).toBe(days.addWorkingDays("2027-03-08", 30));
  });

  it("refuses what cannot be a day, and a day not after today, as a field error", () => {
    for (const typed of ["31/02/2027", "tomorrow", "0", "2027-13-01", "15/04/27", "08/03/2027", "01/01/2020"]) {
      expect(() => commitmentDue(typed, at, config), typed).toThrow(ValidationError);
    }
  });

  it("is reminded before its day and escalated after it, skipping the Hùng Kings holiday", () => {
    const c = commitment();
    const first = commitmentAlarmAfter(c, config);
    expect(first).toEqual({ day: "2027-04-13", kind: "remind", n: 2 });
    expect(commitmentAlarmAfter(c, config, "2027-04-13")).toEqual({ day: "2027-04-15", kind: "remind", n: 0 });
    // Friday 16 April 2027 is the Hùng Kings' day: the first working day after the due day is Monday 19 April.
    expect(commitmentAlarmAfter(c, config, "2027-04-15")).toEqual({ day: "2027-04-19", kind: "escalate", n: 1 });
    expect(commitmentAlarmAfter(commitment({ status: "done" }), config)).toBeUndefined();
  });

  it("is overdue only while open and past its day", () => {
    expect(isOverdue(commitment(), new Date("2027-04-15T16:00:00Z"))).toBe(false); // 23:00 on the 15th in Vietnam
    expect(isOverdue(commitment(), new Date("2027-04-15T17:00:00Z"))).toBe(true); // 00:00 on the 16th
    expect(isOverdue(commitment({ status: "done" }), new Date("2027-05-01T00:00:00Z"))).toBe(false);
  });

  it("never goes back in time: each alarm after `after` is later than it, whatever the due day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 60 }), (dueIn, gap) => {
        const due = addDays("2027-03-09", dueIn);
        const c = commitment({ due });
        const after = addDays("2027-03-08", gap * 7);
        const next = commitmentAlarmAfter(c, config, after);
        return next === undefined || next.day > after;
      }),
    );
  });
});

describe("a session record's alarms", () => {
  const event = { startsAt: "2027-03-08T08:00:00+07:00", endsAt: "2027-03-08T11:00:00+07:00" };

  it("sends the dossier three working days before the session, then reminds 3 and 7 days after it", () => {
    expect(recordAlarmAfter(event, config)).toEqual({ day: "2027-03-03", kind: "dossier", n: 3 });
    expect(recordAlarmAfter(event, config, "2027-03-03")).toEqual({ day: "2027-03-11", kind: "remind", n: 3 });
    expect(recordAlarmAfter(event, config, "2027-03-11")).toEqual({ day: "2027-03-15", kind: "remind", n: 7 });
    expect(recordAlarmAfter(event, config, "2027-03-15")).toBeUndefined();
  });

  it("counts the dossier's days over Tết: a session on Monday 15 February 2027 gets it on Thursday 4 February", () => {
    // Tết 2027: 5–11 February off (Friday to Thursday), a make-up... the calendar says which days work.
    const tet = { startsAt: "2027-02-15T08:00:00+07:00", endsAt: "2027-02-15T11:00:00+07:00" };
    expect(recordAlarmAfter(tet, config)?.day).toBe(days.workingDaysBefore("2027-02-15", 3));
    expect(days.isWorkingDay(recordAlarmAfter(tet, config)?.day as string)).toBe(true);
  });
});

describe("small parts", () => {
  it("adds months to a day, keeping to the month's last day", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2027-11-15", 24)).toBe("2029-11-15");
    expect(addMonths("2027-12-01", 1)).toBe("2028-01-01");
  });

  it("adds any number of months to any day: the same day of the month, or that month's last when it has none", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 240 }),
        (date, months) => {
          const day = date.toISOString().slice(0, 10);
          const out = addMonths(day, months);
          const [y, m, d] = day.split("-").map(Number) as [number, number, number];
          const [oy, om, od] = out.split("-").map(Number) as [number, number, number];
          const lastOfMonth = new Date(Date.UTC(oy, om, 0)).getUTCDate();
          return (
            (oy - y) * 12 + (om - m) === months && od === Math.min(d, lastOfMonth) && out > day && isCalendarDay(out)
          );
        },
      ),
    );
  });

  it("fingerprints a sheet's row by its event and content: the same row twice is one, another row another", async () => {
    // Keyed, as every hash of what may name her: with the key held outside the table.
    const before = { secret: process.env.SECRET_FILE, table: process.env.TABLE_NAME };
    const file = join(mkdtempSync(join(tmpdir(), "tn-secret-")), "key");
    writeFileSync(file, randomBytes(32).toString("hex"));
    process.env.SECRET_FILE = file;
    process.env.TABLE_NAME ??= "unit";
    forgetSecret();
    await secretReady();
    onTestFinished(() => {
      if (before.secret === undefined) delete process.env.SECRET_FILE;
      else process.env.SECRET_FILE = before.secret;
      if (before.table === undefined) delete process.env.TABLE_NAME;
      forgetSecret();
    });
    const row = { category: "credit", title: "Vay vốn", content: "Vay vốn" };
    expect(rowFingerprint("e1", row)).toBe(rowFingerprint("e1", { ...row }));
    expect(rowFingerprint("e1", row)).not.toBe(rowFingerprint("e2", row));
    expect(rowFingerprint("e1", row)).not.toBe(rowFingerprint("e1", { ...row, title: "Vay vốn " }));
  });
});
