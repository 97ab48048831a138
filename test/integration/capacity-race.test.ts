import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAll } from "../../shared/platform/dynamo.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * The capacity guarantee under a crowd: 300 people on one venue's Wi-Fi press "register" at the same moment
 * for 222 seats. Exactly 222 get a seat and 78 wait, every time, and the stored records agree.
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
