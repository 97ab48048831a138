import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHistory } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { configWith, testEvent } from "../support/fixtures.ts";
import { act, linkFor, petitionBody, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * Races on one petition, with their counts asserted exactly: twenty presses of one approval button make exactly
 * one transition. (The crowd racing for seats is test/faults/crowd.test.ts, over its parameters.)
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "race-event" })]) });
});
afterAll(async () => stack?.stop());

const SCREENER = "hlhpn.thuonglam@example.org";
const APPROVER = "chutich.hlhpn.lambinh@example.org";
const APPROVER_2 = "phochutich.hlhpn.lambinh@example.org";
const codeOf = (display: string) => parseTrackingCode(display) as string;

async function submitted() {
  const answer = await submit(stack.url, petitionBody());
  const screening = await linkFor(stack.inbox, SCREENER, answer.trackingCode);
  return { code: answer.trackingCode, screenerLink: screening.link };
}

describe("twenty presses of one button", () => {
  it("make exactly one transition; the others are told who acted and when", async () => {
    const { code, screenerLink } = await submitted();
    const presses = await Promise.all(Array.from({ length: 20 }, () => act(screenerLink, "accept")));
    const statuses = presses.map((p) => p.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // Whether they lost the race or came after it, each other press gets the same page (410: step done).
    expect(statuses.filter((s) => s === 410)).toHaveLength(19);
    const loser = presses.find((p) => p.status === 410);
    expect(loser?.html).toContain("Quan Thị Thu");
    expect(loser?.html).toContain("đã tiếp nhận");
    expect(loser?.html).toMatch(/lúc \d{2}:\d{2}/);

    const history = await getHistory(codeOf(code));
    expect(history.map((h) => h.action)).toEqual(["submit", "accept"]);
    // Each approver got exactly one mail for the one transition.
    await Promise.all([linkFor(stack.inbox, APPROVER, code), linkFor(stack.inbox, APPROVER_2, code)]);
    await new Promise((r) => setTimeout(r, 300));
    for (const approver of [APPROVER, APPROVER_2]) {
      expect((await stack.inbox.to(approver)).filter((m) => m.subject.includes(code))).toHaveLength(1);
    }
  });

  it("also when the two approvers press at the same time from their own links", async () => {
    const { code, screenerLink } = await submitted();
    await act(screenerLink, "accept");
    const [a, b] = await Promise.all([linkFor(stack.inbox, APPROVER, code), linkFor(stack.inbox, APPROVER_2, code)]);
    const presses = await Promise.all([...Array(10)].flatMap(() => [act(a.link, "forward"), act(b.link, "forward")]));
    expect(presses.filter((p) => p.status === 200)).toHaveLength(1);
    expect((await getHistory(codeOf(code))).filter((h) => h.action === "forward")).toHaveLength(1);
  });
});
