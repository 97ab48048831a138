import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import { commitmentsOf } from "../../shared/petitions/commitments.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { testEvent } from "../support/fixtures.ts";
import { mailFor } from "../support/petitions.ts";
import { linksIn, postForm, startStack, type TestStack } from "../support/stack.ts";
import { at, sweep } from "../support/sweeps.ts";

/**
 * Issue 12: a commitment's alarms and reports under concurrency. However many deadline sweeps overlap, each commitment
 * is reminded once; of two progress reports sent at once, one is recorded and the other is told to look again.
 */
const EVENT = "cam-ket-dong-thoi";
const ORGANISER = "hlhpn.thuonglam@example.org";
const AGENCY = "ubnd.thuong-lam@example.org";
let stack: TestStack;
let record = "";

beforeAll(async () => {
  at("2027-05-03T08:00");
  const session = testEvent({
    id: EVENT,
    startsAt: "2027-05-10T08:00:00+07:00",
    endsAt: "2027-05-10T11:00:00+07:00",
    registrationClosesAt: "2027-05-07T17:00:00+07:00",
  });
  stack = await startStack({ config: { ...demoConfig(), events: [session] } });
  await sendOrganiserLink(EVENT, ORGANISER, stack.url);
  const mail = await mailFor(stack.inbox, ORGANISER, "Danh sách đăng ký");
  record = `${linksIn(mail).find((l) => l.includes("/g/")) as string}/record`;
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

/** An issue answered in the hall on Monday 10 May 2027, with a commitment due ten working days later (24 May). */
async function promised(title: string): Promise<string> {
  at("2027-05-10T10:00");
  const res = await postForm(record, {
    action: "issue",
    category: "infrastructure",
    title,
    answer: "Xã sẽ làm.",
    answeredBy: "Chủ tịch UBND xã",
    commitment: `Làm: ${title}`,
    commitmentAgency: "ubnd-xa",
    commitmentDue: "10",
  });
  const html = await res.text();
  expect(res.status, html).toBe(201);
  return parseTrackingCode(/mã ([A-Z0-9]{5}-[A-Z0-9]+)/.exec(html)?.[1] ?? "") as string;
}

let seq = 0;

describe("commitments under concurrency", () => {
  it("reminds each commitment once however many sweeps overlap", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 3 }), async (sweeps, count) => {
        const codes: string[] = [];
        for (let i = 0; i < count; i++) codes.push(await promised(`Việc ${seq++}`));
        // Due Monday 24 May: two working days before is Thursday 20 May.
        at("2027-05-20T09:00");
        await Promise.all(Array.from({ length: sweeps }, () => sweep()));
        await Promise.all(Array.from({ length: sweeps }, () => sweep()));
        for (const code of codes) {
          const [found] = await commitmentsOf(code);
          expect(found?.commitment.due).toBe("2027-05-24");
          expect(found?.entries.filter((e) => e.kind === "remind")).toHaveLength(1);
        }
        // Later reminders are the next days' business: move everything on so the next run starts clean.
        at("2027-05-24T09:00");
        await sweep();
      }),
      { numRuns: 4 },
    );
  });

  it("records one of two progress reports sent at once, and asks the other to look again", async () => {
    const code = await promised("Hai báo cáo cùng lúc");
    const mail = await mailFor(stack.inbox, AGENCY, code.slice(0, 5));
    const link = linksIn(mail).find((l) => l.includes("/c/")) as string;
    at("2027-05-12T09:00");
    const [a, b] = await Promise.all([
      postForm(link, { percent: "30", note: "Báo cáo A" }),
      postForm(link, { percent: "40", note: "Báo cáo B" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const [found] = await commitmentsOf(code);
    expect(found?.commitment.version).toBe(2);
    expect(found?.entries.filter((e) => e.kind === "progress")).toHaveLength(1);
  });
});
