import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { upsertEvent } from "../../shared/events/events.ts";
import { getEvent } from "../../shared/events/model.ts";
import { keys } from "../../shared/keys.ts";
import { resetClock, shiftClock } from "../../shared/platform/clock.ts";
import { db, queryAll, tableName } from "../../shared/platform/dynamo.ts";
import type { Registration } from "../../shared/registration/model.ts";
import { reconcileEvent, recount } from "../../shared/registration/places.ts";
import { cancelRegistration } from "../../shared/registration/registration.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { postForm, postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * What the crowd's write path does when a part of it fails: a transaction that committed although its answer was
 * lost, one that never committed, a function killed between its claim and its write, a bulk cancel that frees more
 * seats than one look at the waitlist fills, and a woman who came in while the organiser cancelled a flood.
 */
let stack: TestStack;
const events = ["lost-answer", "refused", "killed", "in-hall"].map((id) => testEvent({ id, capacity: 2 }));
let phoneSeq = 0;
const register = (eventId: string, extra: Record<string, unknown> = {}) =>
  postJson(`${stack.url}/events/${eventId}/registrations`, {
    ...validRegistration,
    phone: `0399${String(phoneSeq++).padStart(6, "0")}`,
    ...extra,
  });

beforeAll(async () => {
  stack = await startStack({ config: configWith(events) });
});
afterAll(async () => stack?.stop());

let undo: (() => void) | undefined;
afterEach(() => {
  undo?.();
  undo = undefined;
  resetClock();
});

/** Change what the store answers for the next `times` TransactWriteItems: `around` runs the real request. */
function aroundTransactions(times: number, around: (send: () => Promise<unknown>) => Promise<unknown>) {
  let left = times;
  const name = `around-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "TransactWriteItemsCommand" || left <= 0) return next(args);
      left--;
      return (await around(() => next(args))) as Awaited<ReturnType<typeof next>>;
    },
    { step: "initialize", name },
  );
  undo = () => db().middlewareStack.remove(name);
}

const timeout = () => Object.assign(new Error("socket hang up"), { name: "TimeoutError", $metadata: {} });

async function state(eventId: string) {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": `EVENT#${eventId}` },
    ConsistentRead: true,
  });
  const registrations = items.filter((i) => String(i.sk).startsWith("REG#")) as unknown as Registration[];
  return {
    event: await getEvent(eventId, true),
    registrations,
    locks: items.filter((i) => String(i.sk).startsWith("PHONE#")),
    counted: await recount(eventId),
  };
}

describe("a registration whose transaction fails", () => {
  it("keeps it when the transaction committed but its answer was lost: 201, nothing given back", async () => {
    aroundTransactions(1, async (send) => {
      await send();
      throw timeout();
    });
    const res = await register("lost-answer");
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("confirmed");
    const s = await state("lost-answer");
    expect(s.registrations).toHaveLength(1);
    expect(s.locks).toHaveLength(1);
    expect(s.event).toMatchObject({ confirmedCount: s.counted.confirmed, waitlistedCount: s.counted.waitlisted });
    expect(s.counted.confirmed).toBe(1);
  });

  it("gives the claim and the phone back when it never committed: a 503, and the number may register again", async () => {
    aroundTransactions(100, async () => {
      throw timeout();
    });
    const phone = "0399 555 000";
    const res = await register("refused", { phone });
    expect(res.status).toBe(503);
    expect(res.json.type).toBe("/problems/unavailable");
    undo?.();
    undo = undefined;
    const s = await state("refused");
    expect(s.registrations).toEqual([]);
    expect(s.locks).toEqual([]);
    expect(s.event).toMatchObject({ confirmedCount: 0, waitlistedCount: 0 });
    expect((await register("refused", { phone })).status).toBe(201);
  });
});

describe("the reconciler", () => {
  it("repairs a claim left without its registration once things are quiet, then gives the seat to the waitlist", async () => {
    await register("killed");
    await register("killed");
    const waiting = await register("killed");
    expect(waiting.json.status).toBe("waitlisted");
    // A function killed right after its claim: the counter has a seat nobody holds.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.event("killed"),
        UpdateExpression: "SET confirmedCount = confirmedCount + :one, #capacity = :three, lastClaimAt = :now",
        ExpressionAttributeNames: { "#capacity": "capacity" },
        ExpressionAttributeValues: { ":one": 1, ":three": 3, ":now": new Date().toISOString() },
      }),
    );
    expect(await reconcileEvent("killed", stack.url)).toBe(false); // a claim may still be on its way: not yet
    expect((await state("killed")).event).toMatchObject({ confirmedCount: 3, waitlistedCount: 1 });

    shiftClock(2 * 60_000);
    expect(await reconcileEvent("killed", stack.url)).toBe(true);
    const s = await state("killed");
    expect(s.event).toMatchObject({ confirmedCount: 3, waitlistedCount: 0 });
    expect(s.registrations.filter((r) => r.status === "confirmed")).toHaveLength(3);
    expect(s.registrations.find((r) => r.registrationId === waiting.json.registrationId)?.promotedAt).toBeDefined();
  });
});

describe("cancelling a flood", () => {
  it("fills every seat it frees, in order, whatever the numbers (not only the first few)", async () => {
    // fast-check picks the seats, how many of them a flood took, and how many wait; the example frees more seats
    // than one look at the waitlist used to fill.
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }).chain((seats) =>
          fc.record({
            seats: fc.constant(seats),
            bots: fc.integer({ min: 1, max: seats }),
            waiting: fc.integer({ min: 0, max: 40 }),
          }),
        ),
        async ({ seats, bots, waiting }) => {
          const eventId = `many-seats-${++run}`;
          await upsertEvent(testEvent({ id: eventId, capacity: seats }));
          const flood = await Promise.all(Array.from({ length: bots }, () => register(eventId, { fullName: "Bot" })));
          for (let i = bots; i < seats; i++) await register(eventId, { fullName: "Có chỗ" });
          const queue = await Promise.all(
            Array.from({ length: waiting }, () => register(eventId, { fullName: "Người chờ" })),
          );
          expect(queue.every((w) => w.json.status === "waitlisted")).toBe(true);
          const link = await organiserLink(eventId);
          const sel = Object.fromEntries(flood.map((b) => [`sel.${b.json.registrationId}`, "on"]));
          const seated = Math.min(bots, waiting);
          const done = await postForm(`${link}/bulk`, { action: "bulk-cancel", ...sel });
          expect(await done.text()).toContain(
            `Đã hủy ${bots} đăng ký; ${seated} người trong danh sách chờ đã được nhận chỗ.`,
          );
          const s = await state(eventId);
          expect(s.event).toMatchObject({ confirmedCount: seats - bots + seated, waitlistedCount: waiting - seated });
          const queued = s.registrations
            .filter((r) => r.fullName === "Người chờ")
            .sort((a, b) => (a.waitTicket ?? 0) - (b.waitTicket ?? 0));
          // The first `seated` tickets got the seats; the rest still wait.
          expect(queued.map((r) => r.status)).toEqual([
            ...Array(seated).fill("confirmed"),
            ...Array(waiting - seated).fill("waitlisted"),
          ]);
        },
      ),
      { numRuns: 3 + 1, examples: [[{ seats: 35, bots: 35, waiting: 35 }]], endOnFailure: true },
    );
  });

  it("never cancels a woman who came into the hall meanwhile, nor one who registered after the preview", async () => {
    const early = await register("in-hall", { fullName: "Đến sớm" });
    const link = await organiserLink("in-hall");
    const local = new Date(Date.now() + 7 * 3_600_000 - 60_000).toISOString().slice(0, 16);
    const preview = await (await postForm(`${link}/bulk`, { action: "bulk-preview", from: local })).text();
    const asOf = preview.match(/name="asOf" value="([^"]+)"/)?.[1] as string;
    expect(asOf).toBeDefined();
    // She checks in after the preview was drawn, and someone registers after it.
    expect((await postForm(link, { action: "checkin", code: String(early.json.code) })).status).toBe(200);
    const late = await register("in-hall", { fullName: "Đến sau" });
    const done = await (await postForm(`${link}/bulk`, { action: "bulk-cancel", from: local, asOf })).text();
    expect(done).toContain("Đã hủy 0 đăng ký");
    const s = await state("in-hall");
    expect(s.registrations.map((r) => [r.fullName, r.status]).sort()).toEqual([
      ["Đến sau", "confirmed"],
      ["Đến sớm", "confirmed"],
    ]);
    // Even asked directly, an organiser's cancel leaves someone in the hall alone.
    await expect(
      cancelRegistration("in-hall", String(early.json.registrationId), {
        by: "hlhpn.thuonglam@example.org",
        baseUrl: stack.url,
        notify: false,
        byOrganiser: true,
      }),
    ).rejects.toMatchObject({ type: "in-the-hall" });
    expect(late.status).toBe(201);
  });

  it("answers a window that is not a real time with the form again, never a 500", async () => {
    const link = await organiserLink("in-hall");
    expect((await fetch(`${link}?view=roster&from=2026-13-45T99:99`)).status).toBe(200);
    const bad = await postForm(`${link}/bulk`, { action: "bulk-preview", from: "2026-13-45T99:99" });
    expect(bad.status).toBe(400);
    const seconds = await postForm(`${link}/bulk`, { action: "bulk-preview", from: "2027-03-01T10:05:60" });
    expect(seconds.status).toBe(400);
  });
});

async function organiserLink(eventId: string): Promise<string> {
  const { sendOrganiserLink } = await import("../../shared/registration/organisers.ts");
  const email = "hlhpn.thuonglam@example.org";
  const before = (await stack.inbox.to(email)).length;
  await sendOrganiserLink(eventId, email, stack.url);
  const mails = await stack.inbox.waitFor(email, before + 1);
  return (mails.at(-1)?.body.text ?? "").match(/https?:\/\/\S+\/g\/[a-z2-7]{32}/)?.[0] as string;
}
