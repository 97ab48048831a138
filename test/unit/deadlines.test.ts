import { describe, expect, it } from "vitest";
import demo from "../../shared/config/lam-binh-demo.json" with { type: "json" };
import { ConfigError, parseConfig } from "../../shared/config/parse.ts";
import { DEADLINE_OF, deadlineFor, deadlineNow, stepEnded } from "../../shared/petitions/deadlines.ts";
import { STATES } from "../../shared/petitions/workflow.ts";

/** Issue 10, part 2: each step's deadline from the configuration, fixed when the step starts. */

const config = parseConfig(demo);
// 10:00 in Vietnam on Monday 8 February 2027, the third day of Tết.
const IN_TET = "2027-02-08T03:00:00.000Z";

describe("a step's deadline", () => {
  it("counts working days from the first working day after the step starts (here, after Tết)", () => {
    expect(deadlineFor(config, "credit", "screening", IN_TET)).toMatchObject({
      step: "screening",
      due: "2027-02-18",
      days: 5,
      unit: "working",
    });
    expect(deadlineFor(config, "credit", "screening", IN_TET)?.rule).toContain("Điều 28.1");
  });

  it("follows the category's own rule where it has one, the default elsewhere", () => {
    expect(deadlineFor(config, "violence", "forwarded", IN_TET)?.due).toBe("2027-02-15");
    expect(deadlineFor(config, "credit", "forwarded", IN_TET)?.due).toBe("2027-02-18");
    expect(deadlineFor(config, "infrastructure", "acknowledged", IN_TET)?.days).toBe(15);
    expect(deadlineFor(config, "credit", "acknowledged", IN_TET)?.days).toBe(10);
  });

  it("runs in the states someone must act in, and none while it is with her or done", () => {
    for (const state of STATES) {
      const d = deadlineFor(config, "credit", state, IN_TET);
      expect(d?.step, state).toBe(DEADLINE_OF[state]);
    }
    expect(deadlineFor(config, "credit", "needs_info", IN_TET)).toBeUndefined();
    expect(deadlineFor(config, "credit", "returned", IN_TET)?.step).toBe("approval");
  });

  it("is told as working days left, due today, or how far past it", () => {
    const d = deadlineFor(config, "credit", "screening", IN_TET);
    if (!d) throw new Error("no deadline");
    expect(deadlineNow(config, d, "2027-02-08")).toEqual({ due: "2027-02-18", overdue: false, workingDaysLeft: 5 });
    expect(deadlineNow(config, d, "2027-02-18")).toEqual({ due: "2027-02-18", overdue: false, workingDaysLeft: 0 });
    expect(deadlineNow(config, d, "2027-02-22")).toEqual({ due: "2027-02-18", overdue: true, workingDaysLeft: -2 });
    // A day the calendar does not list: the due day and "overdue" still, the count not guessed.
    expect(deadlineNow(config, d, "2029-01-02")).toEqual({ due: "2027-02-18", overdue: true });
  });
});

describe("a step's end, against its deadline", () => {
  const d = deadlineFor(config, "credit", "forwarded", IN_TET);
  const at = (day: string) => `${day}T16:59:00.000Z`; // 23:59 in Vietnam

  it("is recorded when the step its deadline ran for ends, on time up to the end of its day", () => {
    expect(d?.due).toBe("2027-02-18");
    const forwarded = { status: "forwarded" as const, deadline: d };
    expect(stepEnded(forwarded, "acknowledged", at("2027-02-18"))).toEqual({
      step: "acknowledgement",
      due: "2027-02-18",
      onTime: true,
    });
    expect(stepEnded(forwarded, "returned", at("2027-02-19"))?.onTime).toBe(false);
  });

  it("is not recorded while the same deadline runs on, nor without one", () => {
    const answer = deadlineFor(config, "credit", "acknowledged", IN_TET);
    expect(stepEnded({ status: "acknowledged", deadline: answer }, "acknowledged", at("2027-02-10"))).toBeUndefined();
    expect(stepEnded({ status: "screening" }, "approval", at("2027-02-10"))).toBeUndefined();
    // A deadline left from an earlier step (none runs now) ends nothing.
    expect(stepEnded({ status: "needs_info", deadline: d }, "screening", at("2027-02-10"))).toBeUndefined();
  });
});

describe("deadlines in the configuration", () => {
  const withDeadlines = (change: (d: Record<string, unknown>) => void) => {
    const copy = structuredClone(demo) as unknown as { deadlines: Record<string, unknown> };
    change(copy.deadlines);
    return copy;
  };

  it("keep screening and approval within the 10 working days she must be told within, for every category", () => {
    expect(() => parseConfig(withDeadlines((d) => Object.assign(d, { screening: { days: 6 } })))).toThrow(
      /past the 10 working days/,
    );
    const own = withDeadlines((d) => Object.assign(d, { categories: { land: { approval: { days: 8 } } } }));
    expect(() => parseConfig(own)).toThrow(/deadlines for land/);
  });

  it("name categories that exist, and need the calendar", () => {
    expect(() => parseConfig(withDeadlines((d) => Object.assign(d, { categories: { nope: {} } })))).toThrow(
      /no category nope/,
    );
    const { calendar: _, ...noCalendar } = structuredClone(demo);
    expect(() => parseConfig(noCalendar)).toThrow(ConfigError);
    expect(() => parseConfig(noCalendar)).toThrow(/need a working-day calendar/);
  });
});
