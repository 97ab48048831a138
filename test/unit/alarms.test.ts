import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import demo from "../../shared/config/lam-binh-demo.json" with { type: "json" };
import { parseConfig } from "../../shared/config/parse.ts";
import {
  ALARM_HOUR,
  type Alarm,
  alarmAfter,
  alarmToSend,
  overseerAt,
  overseersOf,
} from "../../shared/petitions/alarms.ts";
import { deadlineFor } from "../../shared/petitions/deadlines.ts";
import { type Petition, routePetition } from "../../shared/petitions/petition.ts";
import { alarmsDueUntil } from "../../shared/petitions/sweep.ts";
import type { State } from "../../shared/petitions/workflow.ts";
import { vietnamDay } from "../../shared/platform/dates.ts";
import { addDays, type WorkingCalendar, workdays } from "../../shared/platform/workdays.ts";

/** Issue 10, part 3: the reminders and escalations around a step's deadline, as a sequence of alarms. */

const base = parseConfig(demo);
const helpers = configHelpers(base);
const days = workdays(base.calendar as WorkingCalendar);

function petitionIn(state: State, startedAt: string, config = base): Petition {
  const p = {
    trackingCode: "ABCDEFGHJK",
    status: state,
    category: "credit",
    commune: "thuong-lam",
    routing: routePetition(helpers, config, "thuong-lam", "credit"),
    stepStartedAt: startedAt,
  } as Petition;
  p.deadline = deadlineFor(config, "credit", state, startedAt);
  return p;
}

const withReminders = (workingDaysBefore: number[], escalateEveryWorkingDays: number) => ({
  ...base,
  deadlines: {
    ...(base.deadlines as NonNullable<typeof base.deadlines>),
    reminders: { workingDaysBefore, escalateEveryWorkingDays },
  },
});

/** Every alarm of a step up to `until`, as the sweeper would meet them if it ran every day. */
function alarmsUntil(p: Petition, config: typeof base, until: string): Alarm[] {
  const out: Alarm[] = [];
  for (let a = alarmAfter(p, config); a && a.day <= until; a = alarmAfter(p, config, a.day)) out.push(a);
  return out;
}

describe("a step's alarms", () => {
  it("remind 2 working days before and on the day, then climb from the first working day after (across Tết)", () => {
    // Screening from Wed 3 Feb 2027: due Wed 17 (4 Feb, then 12, 15, 16, 17: Tết is 5 and 8–11).
    const p = petitionIn("screening", "2027-02-03T02:00:00.000Z");
    expect(p.deadline?.due).toBe("2027-02-17");
    expect(alarmsUntil(p, base, "2027-03-05")).toEqual([
      { day: "2027-02-15", kind: "remind", n: 2 },
      { day: "2027-02-17", kind: "remind", n: 0 },
      { day: "2027-02-18", kind: "escalate", n: 1 },
      { day: "2027-02-25", kind: "escalate", n: 2 },
      { day: "2027-03-04", kind: "escalate", n: 3 },
    ]);
  });

  it("drops a reminder that would fall on the step's first day, or before it", () => {
    // The violence agency's 2 working days: from Mon 1 March, due Wed 3; 2 days before is the day it arrived.
    const p = petitionIn("forwarded", "2027-03-01T02:00:00.000Z");
    p.category = "violence";
    p.deadline = deadlineFor(base, "violence", "forwarded", p.stepStartedAt);
    expect(p.deadline?.due).toBe("2027-03-03");
    expect(alarmAfter(p, base)).toEqual({ day: "2027-03-03", kind: "remind", n: 0 });
  });

  it("sends the latest alarm due to a sweeper that slept, and the next after today", () => {
    const p = petitionIn("screening", "2027-02-03T02:00:00.000Z");
    const first = alarmAfter(p, base) as Alarm;
    expect(alarmToSend(p, base, first, "2027-02-26")).toEqual({
      send: { day: "2027-02-25", kind: "escalate", n: 2 },
      next: { day: "2027-03-04", kind: "escalate", n: 3 },
    });
  });

  it("is none while she holds it or it is done", () => {
    for (const state of ["needs_info", "answered", "closed", "rejected"] as const) {
      expect(alarmAfter(petitionIn(state, "2027-03-01T02:00:00.000Z"), base), state).toBeUndefined();
    }
  });

  it("holds for any reminders and escalation period: ordered, reminders before the deadline on working days, escalations after it, each sent once", () => {
    const start = fc.integer({ min: 0, max: 600 }).map((n) => `${addDays("2026-01-05", n)}T02:00:00.000Z`);
    fc.assert(
      fc.property(
        start,
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 40 }),
        (startedAt, before, every, sleep) => {
          const config = withReminders(before, every);
          const p = petitionIn("screening", startedAt, config);
          const due = p.deadline?.due as string;
          const alarms = alarmsUntil(p, config, addDays(due, 60));
          const startDay = startedAt.slice(0, 10);
          for (const [i, a] of alarms.entries()) {
            expect(a.day > startDay).toBe(true);
            if (i > 0) expect(a.day > (alarms[i - 1] as Alarm).day).toBe(true);
            if (a.kind === "remind") {
              expect(a.day <= due).toBe(true);
              expect(days.workingDaysLeft(a.day, due)).toBe(a.n);
            } else {
              expect(a.day > due).toBe(true);
              expect(days.isWorkingDay(a.day)).toBe(true);
              // Level n is (n − 1) periods after the first working day past the deadline.
              expect(days.workingDaysLeft(days.addWorkingDays(due, 1), a.day)).toBe((a.n - 1) * every);
            }
          }
          // A sweeper that wakes `sleep` days after an alarm sends the latest due, then the next comes after today.
          const first = alarms[0];
          if (!first) return;
          const today = addDays(first.day, sleep);
          const { send, next } = alarmToSend(p, config, first, today);
          const dueByToday = alarms.filter((a) => a.day <= today);
          expect(send).toEqual(dueByToday.at(-1));
          if (next) expect(next.day > today).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the chain above a late step", () => {
  const p = (status: State) => petitionIn(status, "2027-03-01T02:00:00.000Z");

  it("is the district, then the province, for the commune's screening and the agency's steps", () => {
    for (const status of ["screening", "forwarded", "acknowledged"] as const) {
      expect(
        overseersOf(p(status), helpers).map((u) => u.id),
        status,
      ).toEqual(["hlhpn-lam-binh", "hlhpn-tuyen-quang"]);
    }
  });

  it("is the province for the district's approval, which stays at the top however late it gets", () => {
    expect(overseersOf(p("approval"), helpers).map((u) => u.id)).toEqual(["hlhpn-tuyen-quang"]);
    for (const level of [1, 2, 7]) expect(overseerAt(p("approval"), helpers, level)?.id).toBe("hlhpn-tuyen-quang");
    expect(overseerAt(p("screening"), helpers, 1)?.id).toBe("hlhpn-lam-binh");
    expect(overseerAt(p("screening"), helpers, 9)?.id).toBe("hlhpn-tuyen-quang");
  });

  it("is nobody above the top unit's own approval (the holder is told it is overdue instead)", () => {
    const top = { ...p("approval"), routing: { ...p("approval").routing, approvingUnit: "hlhpn-tuyen-quang" } };
    expect(overseersOf(top, helpers)).toEqual([]);
    expect(overseerAt(top, helpers, 1)).toBeUndefined();
  });
});

describe("after the answer", () => {
  it("asks her askAfterDays after the answer (or her last 'not yet') and closes closeAfterDays after it, for any days", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 700 }),
        fc.boolean(),
        (ask, extra, offset, notYet) => {
          const config = { ...base, followUp: { askAfterDays: ask, closeAfterDays: ask + extra } };
          const answeredOn = addDays("2026-01-05", offset);
          const p = petitionIn("answered", `${answeredOn}T02:00:00.000Z`, config);
          p.answer = { text: "x", at: `${answeredOn}T02:00:00.000Z`, agency: "nhcsxh" };
          const from = notYet ? addDays(answeredOn, 3) : answeredOn;
          if (notYet) p.verdict = { answer: "not_yet", at: `${from}T02:00:00.000Z`, by: "petitioner" };
          const first = alarmAfter(p, config);
          expect(first).toEqual({ day: addDays(from, ask), kind: "ask", n: 0 });
          expect(alarmAfter(p, config, first?.day)).toEqual({ day: addDays(from, ask + extra), kind: "close", n: 0 });
          expect(alarmAfter(p, config, addDays(from, ask + extra))).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the day alarms are due up to", () => {
  it("is today from 08:00 in Vietnam, yesterday before, at any instant", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2026-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }), (at) => {
        // Eight hours earlier, the Vietnam day has turned exactly when Vietnam's clocks pass 08:00.
        expect(alarmsDueUntil(at)).toBe(vietnamDay(new Date(at.getTime() - ALARM_HOUR * 3_600_000)));
      }),
      { numRuns: 500 },
    );
  });
});
