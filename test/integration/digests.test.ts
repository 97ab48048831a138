import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetClock } from "../../shared/platform/clock.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, submit } from "../support/petitions.ts";
import { linksIn, startStack, type TestStack } from "../support/stack.ts";
import { at, sweep } from "../support/sweeps.ts";

/**
 * Issue 10, parts 3 and 6: each agency's weekly digest of what it holds, oldest first, each with its link; and each
 * approving unit's leaders' monthly summary with a link to the whole report. Each goes once, however often the
 * sweeper runs.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

/** A petition forwarded to the credit agency on `day`. */
async function forwarded(day: string): Promise<string> {
  at(`${day}T09:00`);
  const { trackingCode: code } = await submit(stack.url, petitionBody());
  expect((await act((await linkFor(stack.inbox, demoPath.screener, code)).link, "accept")).status).toBe(200);
  expect((await act((await linkFor(stack.inbox, demoPath.approver, code)).link, "forward")).status).toBe(200);
  return code;
}

describe("the agencies' weekly digest", () => {
  it("lists what each agency holds, oldest first, with a link to each, once a week from Monday 08:00", async () => {
    const older = await forwarded("2027-05-04");
    const newer = await forwarded("2027-05-06");
    // An answered one is no longer held.
    const done = await forwarded("2027-05-06");
    const doneLink = (await linkFor(stack.inbox, demoPath.agency, done)).link;
    expect((await act(doneLink, "answer", { answer: "Đã giải quyết." })).status).toBe(200);

    at("2027-05-10T07:30");
    expect(await sweep()).toMatchObject({ digests: 0 });
    at("2027-05-10T08:30");
    const runs = await Promise.all([sweep(), sweep(), sweep()]);
    expect(runs.reduce((n, r) => n + r.digests, 0)).toBe(1);
    const digest = await mailFor(stack.inbox, demoPath.agency, "Tổng hợp hằng tuần: 2 kiến nghị");
    const text = digest.body.text ?? "";
    expect(text.indexOf(older)).toBeGreaterThan(-1);
    expect(text.indexOf(older)).toBeLessThan(text.indexOf(newer));
    expect(text).not.toContain(done);
    const links = linksIn(digest).filter((l) => /\/a\/[a-z2-7]{32}$/.test(l));
    expect(links).toHaveLength(2);
    for (const l of links) expect((await fetch(l)).status).toBe(200);

    at("2027-05-12T09:00");
    expect(await sweep()).toMatchObject({ digests: 0 });
    expect(
      (await stack.inbox.to(demoPath.agency)).filter((m) => m.subject.includes("Tổng hợp hằng tuần")),
    ).toHaveLength(1);
    resetClock();
  });
});

describe("the leaders' monthly summary", () => {
  it("gives each approving unit's leaders last month's figures and a link to the report, once", async () => {
    at("2027-06-01T07:00");
    expect(await sweep()).toMatchObject({ summaries: 0 });
    at("2027-06-01T08:10");
    const runs = await Promise.all([sweep(), sweep()]);
    // The district and the province: the two units with approvers.
    expect(runs.reduce((n, r) => n + r.summaries, 0)).toBe(2);
    const summary = await mailFor(stack.inbox, demoPath.approver, "Tổng hợp kiến nghị tháng 05/2027");
    // Three petitions were received in May in the district, one answered.
    expect(summary.body.text).toContain("Kiến nghị nhận được: 3");
    expect(summary.body.text).toContain("Đã được trả lời: 1");
    const report = linksIn(summary).find((l) => l.includes("/l/")) as string;
    expect(report).toMatch(/\?period=2027-05$/);
    const json = (await (await fetch(report, { headers: { accept: "application/json" } })).json()) as {
      totals: { received: number };
      period: { from: string };
    };
    expect(json).toMatchObject({ totals: { received: 3 }, period: { from: "2027-05-01" } });
    await mailFor(stack.inbox, "phochutich.hlhpn.tuyenquang@example.org", "Tổng hợp kiến nghị tháng 05/2027");
    at("2027-06-02T09:00");
    expect(await sweep()).toMatchObject({ summaries: 0 });
    resetClock();
  });
});
