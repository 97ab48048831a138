import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHistory } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { queryAll } from "../../shared/platform/dynamo.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { act, linkFor, petitionBody, submit } from "../support/petitions.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * Races, with their counts asserted exactly. The capacity guarantee under a crowd: 300 people on one venue's
 * Wi-Fi press "register" at the same moment for 222 seats: exactly 222 get a seat and 78 wait, every time, and
 * the stored records agree. And twenty presses of one approval button make exactly one transition.
 */
let stack: TestStack;
const ROUNDS = ["race-a", "race-b"];

beforeAll(async () => {
  stack = await startStack({ config: configWith(ROUNDS.map((id) => testEvent({ id, capacity: 222 }))) });
});
afterAll(async () => stack?.stop());

/** Everything stored under the event: its item, registrations, locks and waitlist places. */
function storedItems(eventId: string) {
  return queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": `EVENT#${eventId}` },
  });
}

describe("300 simultaneous registrations for 222 seats", () => {
  it.each(ROUNDS)("gives exactly 222 seats and 78 waitlist places (%s)", async (eventId) => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        postJson(`${stack.url}/events/${eventId}/registrations`, {
          ...validRegistration,
          fullName: `Người tham dự ${i}`,
          phone: `0987${String(i).padStart(6, "0")}`,
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const confirmed = answers.filter((a) => a.json.status === "confirmed").length;
    const waitlisted = answers.filter((a) => a.json.status === "waitlisted").length;
    expect({ confirmed, waitlisted }).toEqual({ confirmed: 222, waitlisted: 78 });

    const items = await storedItems(eventId);
    const event = items.find((i) => i.sk === "EVENT");
    expect(event).toMatchObject({ confirmedCount: 222, waitlistedCount: 78 });
    const registrations = items.filter((i) => String(i.sk).startsWith("REG#"));
    expect(registrations.filter((r) => r.status === "confirmed")).toHaveLength(222);
    expect(registrations.filter((r) => r.status === "waitlisted")).toHaveLength(78);
    expect(items.filter((i) => String(i.sk).startsWith("WAIT#"))).toHaveLength(78);
    expect(items.filter((i) => String(i.sk).startsWith("PHONE#"))).toHaveLength(300);
    expect(new Set(registrations.map((r) => r.code)).size).toBe(300);
    console.info(`race ${eventId}: 300 registrations in ${elapsed} ms → 222 confirmed, 78 waitlisted`);
  });
});

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
