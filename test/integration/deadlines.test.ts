import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import { deadlineFor } from "../../shared/petitions/deadlines.ts";
import { getHistory } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { now, resetClock, shiftClock } from "../../shared/platform/clock.ts";
import { vietnamDay } from "../../shared/platform/dates.ts";
import { type WorkingCalendar, workdays } from "../../shared/platform/workdays.ts";
import { act, demoPath, linkFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 10, part 2: a step's deadline is fixed when it starts and shown where people look — the action page
 * ("Hạn xử lý", working days left) and the public status, HTML and JSON (`deadline`, an ISO date, and `overdue`).
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

const config = demoConfig();
const days = workdays(config.calendar as WorkingCalendar);

describe("a step's deadline", () => {
  it("is fixed when the step starts, shown on the action page and the public status, and turns overdue", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const due = deadlineFor(config, "credit", "screening", now().toISOString())?.due as string;
    const left = days.workingDaysLeft(vietnamDay(now()), due);
    expect(left).toBe(5);

    const status = await publicStatus(stack.url, code);
    expect(status.json.deadline).toEqual({ due, overdue: false, workingDaysLeft: 5 });
    const screening = await linkFor(stack.inbox, demoPath.screener, code);
    const page = await (await fetch(screening.link)).text();
    expect(page).toContain("Hạn xử lý");
    expect(page).toContain("còn 5 ngày làm việc");
    const html = await (await fetch(`${stack.url}/petitions/${code}`, { headers: { accept: "text/html" } })).text();
    expect(html).toContain("còn 5 ngày làm việc");

    // Two working days past it: overdue, and said so.
    let later = due;
    for (let i = 0; i < 2; i++) later = days.addWorkingDays(later, 1);
    shiftClock(Date.parse(`${later}T05:00:00Z`) - now().getTime());
    expect((await publicStatus(stack.url, code)).json.deadline).toEqual({ due, overdue: true, workingDaysLeft: -2 });
    expect(await (await fetch(screening.link)).text()).toContain("quá hạn 2 ngày làm việc");

    // Accepted late: recorded so when it happens, and the approval step gets its own deadline from that day.
    expect((await act(screening.link, "accept")).status).toBe(200);
    const accepted = (await getHistory(parseTrackingCode(code) as string)).find((e) => e.action === "accept");
    expect(accepted?.ended).toEqual({ step: "screening", due, onTime: false });
    const approval = (await publicStatus(stack.url, code)).json.deadline as { due: string; overdue: boolean };
    expect(approval).toEqual({ due: days.addWorkingDays(later, 5), overdue: false, workingDaysLeft: 5 });
    resetClock();
  });
});
