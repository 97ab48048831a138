import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { closedReasons, type EventRecord, getEvent, listEvents } from "../events/model.ts";
import { keys, queries } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { doorProblemText } from "../messages/organiser.ts";
import { now, nowIso } from "../platform/clock.ts";
import {
  backoff,
  conditionFailed,
  db,
  queryAll,
  type TransactItem,
  TransactionCancelled,
  tableName,
  writeThroughConflicts,
} from "../platform/dynamo.ts";
import { AppError, conflict, ValidationError } from "../platform/errors.ts";
import { log } from "../platform/log.ts";
import { mailItem } from "../platform/outbox.ts";
import { secretReady } from "../platform/secret.ts";
import { issueToken } from "../platform/tokens.ts";
import { write } from "../platform/write.ts";
import { promotedMail } from "./mails.ts";
import { participantLinkExpiry, type Registration } from "./model.ts";

/**
 * Seats and the waitlist under a crowd.
 *
 * The event item holds the counters, and a crowd all writes to it. On DynamoDB, plain writes to one item queue
 * behind each other, while transactions on one item cancel each other (TransactionConflict): so every
 * registrant touches the event item with ONE plain conditional update, never a transaction —
 *  - a seat: `confirmedCount + 1` only while `confirmedCount < capacity` and nobody waits;
 *  - otherwise a waitlist ticket: `waitTicket + 1`, `waitlistedCount + 1` — her ticket orders the waitlist and
 *    the new count is her position;
 * and then writes her own items (registration, locks, link, waitlist place, mail) in a transaction that holds
 * no shared item. A registration that fails after its claim gives the claim back.
 *
 * Seats go to the waitlist in ticket order, by `fillFreeSeats`, which every writer that may have left a seat
 * free while someone waits runs after its own write (a cancellation; a joiner, in case a seat was freed while
 * she joined). It promotes only when every ticket handed out is written (the places it sees equal the count),
 * so a later ticket never overtakes an earlier one still on its way; the last of those writers promotes.
 *
 * The only transaction that holds the event item is a promotion (it must move a seat and a waiting person at
 * once); cancellations change their own items in a transaction and give the counter back with a plain update.
 */

export type Place =
  | { kind: "seat" }
  | { kind: "wait"; ticket: number; position: number }
  /** Beyond capacity, at the door, on the organiser's word. */
  | { kind: "extra" };

export interface Claimed {
  place: Place;
  /** The event's counters right after the claim. */
  event: EventRecord;
}

/** Public registrations wait when the event is full; at the door there is no waitlist, only "let her in anyway". */
export type ClaimMode = "public" | { door: true; overCapacity: boolean };

export const eventFull = () => {
  const message = both(doorProblemText, "eventFull");
  return new ValidationError([{ path: "overCapacity", code: "event_full", message }], {
    type: "event-full",
    detail: message,
  });
};

const closedNow = () => conflict("registration-closed", closedReasons.closed, { reason: "closed" });
const cancelledEvent = () => conflict("registration-cancelled", closedReasons.cancelled, { reason: "cancelled" });

interface Update {
  expression: string;
  condition?: string;
  values?: Record<string, unknown>;
}

/** One plain update of the event item's counters; the new item, or the old one when the condition failed. */
async function updateEvent(
  eventId: string,
  update: Update,
): Promise<{ ok: true; event: EventRecord } | { ok: false; event: EventRecord | undefined }> {
  try {
    const out = await writeThroughConflicts(() =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.event(eventId),
          UpdateExpression: update.expression,
          ConditionExpression: update.condition,
          ExpressionAttributeNames: update.condition?.includes("#") ? names(update.condition) : undefined,
          ExpressionAttributeValues: update.values,
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: update.condition ? "ALL_OLD" : undefined,
        }),
      ),
    );
    return { ok: true, event: out.Attributes as EventRecord };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    return { ok: false, event: error.Item ? (unmarshall(error.Item as never) as EventRecord) : undefined };
  }
}

const NAMES: Record<string, string> = { "#status": "status", "#capacity": "capacity" };
const names = (condition: string) => Object.fromEntries(Object.entries(NAMES).filter(([k]) => condition.includes(k)));

const CLAIMED = "lastClaimAt = :now, windowArrivals = if_not_exists(windowArrivals, :zero) + :one";

/** Claim a seat, a waitlist ticket or (at the door, when the organiser says so) a place beyond capacity. */
export async function claimPlace(event: EventRecord, mode: ClaimMode): Promise<Claimed> {
  const door = mode !== "public";
  const open = door ? "#status <> :cancelled" : "#status = :open";
  const values = { ":one": 1, ":zero": 0, ":now": nowIso(), ":open": "open", ":cancelled": "cancelled" };
  const pick = (condition: string) => Object.fromEntries(Object.entries(values).filter(([k]) => condition.includes(k)));

  if (event.confirmedCount < event.capacity && !(event.waitlistedCount > 0)) {
    const expression = `SET confirmedCount = confirmedCount + :one, ${CLAIMED}`;
    const condition = `${open} AND confirmedCount < #capacity AND waitlistedCount = :zero`;
    const seat = await updateEvent(event.id, { expression, condition, values: pick(expression + condition) });
    if (seat.ok) return { place: { kind: "seat" }, event: seat.event };
    refuseIfClosed(seat.event, door);
  }
  if (door) {
    if (!mode.overCapacity) throw eventFull();
    const expression = `SET overCapacityCount = if_not_exists(overCapacityCount, :zero) + :one, ${CLAIMED}`;
    const extra = await updateEvent(event.id, { expression, condition: open, values: pick(expression + open) });
    if (!extra.ok) throw cancelledEvent();
    return { place: { kind: "extra" }, event: extra.event };
  }
  const expression = `SET waitTicket = waitTicket + :one, waitlistedCount = waitlistedCount + :one, ${CLAIMED}`;
  const ticket = await updateEvent(event.id, { expression, condition: open, values: pick(expression + open) });
  if (!ticket.ok) {
    refuseIfClosed(ticket.event, door);
    throw closedNow();
  }
  const { waitTicket, waitlistedCount } = ticket.event;
  return { place: { kind: "wait", ticket: waitTicket, position: waitlistedCount }, event: ticket.event };
}

function refuseIfClosed(event: EventRecord | undefined, door: boolean): void {
  if (!event || event.status === "cancelled") throw cancelledEvent();
  if (!door && event.status !== "open") throw closedNow();
}

/** Give a claim back when the registration that made it could not be written. */
export async function releasePlace(eventId: string, place: Place, baseUrl: string): Promise<void> {
  const counter = ({ seat: "confirmedCount", wait: "waitlistedCount", extra: "overCapacityCount" } as const)[
    place.kind
  ];
  await giveBack(eventId, counter);
  log.info("registration claim released", { eventId, place: place.kind });
  await fillFreeSeats(eventId, baseUrl);
}

interface Waitlist {
  /** Places written, in ticket order. */
  places: { ticket: number; registrationId: string }[];
}

async function readWaitlist(eventId: string): Promise<Waitlist> {
  const places = await queryAll<{ sk: string; registrationId: string }>({
    ...queries.waitlistOf(eventId),
    ProjectionExpression: "sk, registrationId",
    ConsistentRead: true,
  });
  return {
    places: places.map((p) => ({
      ticket: keys.waitlistTicket(p.sk),
      registrationId: p.registrationId,
    })),
  };
}

export async function getRegistration(eventId: string, registrationId: string): Promise<Registration | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.registration(eventId, registrationId), ConsistentRead: true }),
  );
  return out.Item as Registration | undefined;
}

/** 1 + the number of people waiting with an earlier ticket: a count of the places before hers, no items read out. */
export async function waitlistPosition(eventId: string, ticket: number): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      ...queries.waitlistBefore(eventId, ticket),
      Select: "COUNT",
      ConsistentRead: true,
    }),
  );
  return (out.Count ?? 0) + 1;
}

/** Looks that found the waitlist changing under them before this call leaves the rest to the next writer. */
const FILL_ATTEMPTS = 30;

/**
 * Give every free seat to the first person waiting, in ticket order, each with an e-mail and a new link.
 * Returns who was promoted. Safe to run by anyone, any time, as often as wanted.
 */
export async function fillFreeSeats(eventId: string, baseUrl: string): Promise<string[]> {
  await secretReady();
  const promoted: string[] = [];
  // Only a look that promoted nobody counts against the limit: a bulk cancel may free hundreds of seats.
  for (let attempt = 0; attempt < FILL_ATTEMPTS; ) {
    let event = await getEvent(eventId, true);
    if (!event || !seatFreeForWaiting(event)) return promoted;
    const { places } = await readWaitlist(eventId);
    // The places and the counter disagree for a moment: a ticket handed out and not yet written, or a waiting woman's
    // cancellation between its transaction and its give-back. Its owner fills after, but not every owner can be
    // counted on to come after this look (a crowd test found a seat left free): look again shortly instead.
    if (places.length !== event.waitlistedCount) {
      await backoff(attempt++);
      continue;
    }
    const before = promoted.length;
    // One look serves many promotions: each holds only if no ticket came or went since (its condition), so the
    // counters are carried forward here instead of read again; a refusal sends us back to look.
    for (const head of places) {
      const next = await getRegistration(eventId, head.registrationId);
      if (next?.status !== "waitlisted" || !(await promote(event, next, baseUrl))) break;
      promoted.push(next.registrationId);
      event = { ...event, confirmedCount: event.confirmedCount + 1, waitlistedCount: event.waitlistedCount - 1 };
      if (!seatFreeForWaiting(event)) return promoted;
    }
    if (promoted.length === before) await backoff(attempt++);
  }
  log.warn("waitlist promotion gave up for now; the reconciler or the next writer finishes it", { eventId });
  return promoted;
}

const seatFreeForWaiting = (event: EventRecord) => event.confirmedCount < event.capacity && event.waitlistedCount > 0;

/** One promotion; false when someone changed the waitlist or the seats (or another promotion held the event). */
async function promote(event: EventRecord, next: Registration, baseUrl: string): Promise<boolean> {
  try {
    await write({
      build: () => ({ items: { promotion: promotionItems(event, next, baseUrl) }, answer: undefined }),
      conflictRetries: 0,
    });
    log.info("registration promoted", { eventId: event.id, registrationId: next.registrationId });
    return true;
  } catch (error) {
    if (error instanceof TransactionCancelled || (error instanceof AppError && error.status === 503)) return false;
    throw error;
  }
}

/**
 * The head of the waitlist takes a free seat: only while the seat is free and no ticket was handed out or
 * given back since we looked (so she is truly first), and only if she still waits.
 */
function promotionItems(event: EventRecord, next: Registration, baseUrl: string): TransactItem[] {
  const at = nowIso();
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.event(event.id),
        UpdateExpression: "SET confirmedCount = confirmedCount + :one, waitlistedCount = waitlistedCount - :one",
        ConditionExpression: "confirmedCount < #capacity AND waitlistedCount = :waiting AND waitTicket = :ticket",
        ExpressionAttributeNames: { "#capacity": "capacity" },
        ExpressionAttributeValues: { ":one": 1, ":waiting": event.waitlistedCount, ":ticket": event.waitTicket },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.registration(event.id, next.registrationId),
        UpdateExpression: "SET #status = :confirmed, promotedAt = :at, updatedAt = :at",
        ConditionExpression: "#status = :waitlisted",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":confirmed": "confirmed", ":waitlisted": "waitlisted", ":at": at },
      },
    },
    {
      Delete: {
        TableName: tableName(),
        Key: keys.waitlistPlace(event.id, next.waitTicket ?? 0),
        ConditionExpression: "attribute_exists(pk)",
      },
    },
  ];
  if (next.email) {
    const link = issueToken(
      "registration",
      { eventId: event.id, registrationId: next.registrationId },
      participantLinkExpiry(event),
    );
    const promoted: Registration = { ...next, status: "confirmed", promotedAt: at };
    items.push(link.item, mailItem(promotedMail({ registration: promoted, event, link: link.ref, baseUrl }), [link]));
  }
  return items;
}

/** The counter a registration holds, to give back when it is cancelled. */
export function heldCounter(registration: Registration): Counter {
  if (registration.status === "waitlisted") return "waitlistedCount";
  return registration.overCapacity ? "overCapacityCount" : "confirmedCount";
}

export type Counter = "confirmedCount" | "waitlistedCount" | "overCapacityCount";

/** Her waitlist place, removed in the transaction that takes her off the list. */
export function waitPlaceRemoval(registration: Registration): TransactItem[] {
  if (registration.status !== "waitlisted") return [];
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: keys.waitlistPlace(registration.eventId, registration.waitTicket ?? 0),
        ConditionExpression: "attribute_exists(pk)",
      },
    },
  ];
}

/**
 * After a transaction that took someone's place away (a cancellation, a waitlisted woman let in at the door):
 * the counter she held, given back by a plain update — never in that transaction, so that cancellations do not
 * refuse each other on the event item during a crowd (see the top of this file). Until it lands the counter says
 * one too many: a seat looks taken, or (for the waitlist) a ticket looks on its way, so promotions wait for it —
 * which is why the writer runs fillFreeSeats after it. A function killed in between is repaired by
 * `reconcileEvent`. A counter never goes below zero.
 */
export async function giveBack(eventId: string, counter: Counter, extra = ""): Promise<void> {
  const given = await updateEvent(eventId, {
    expression: `SET ${counter} = ${counter} - :one${extra}`,
    condition: `${counter} > :zero`,
    values: { ":one": 1, ":zero": 0 },
  });
  if (!given.ok) log.warn("a counter was already at zero; the reconciler recounts it", { eventId, counter });
}

export interface Recount {
  confirmed: number;
  waitlisted: number;
  overCapacity: number;
}

/** The counters as the stored registrations say they should be. */
export async function recount(eventId: string): Promise<Recount & { lastChangeAt: string }> {
  const registrations = await queryAll<Pick<Registration, "status" | "overCapacity" | "updatedAt">>({
    ...queries.registrationsOf(eventId),
    ProjectionExpression: "#status, overCapacity, updatedAt",
    ExpressionAttributeNames: { "#status": "status" },
    ConsistentRead: true,
  });
  const count = (test: (r: (typeof registrations)[number]) => boolean) => registrations.filter(test).length;
  return {
    confirmed: count((r) => r.status === "confirmed" && !r.overCapacity),
    waitlisted: (await readWaitlist(eventId)).places.length,
    overCapacity: count((r) => r.status === "confirmed" && r.overCapacity === true),
    lastChangeAt:
      registrations
        .map((r) => r.updatedAt)
        .sort()
        .at(-1) ?? "",
  };
}

/** How long a claim (or a cancellation's give-back) may be on its way: longer than any function runs. */
export const CLAIM_IN_FLIGHT_MS = 60_000;

/**
 * Repair what a function killed between its claim and its write (a seat or ticket counted with no registration),
 * or between a cancellation and its give-back, leaves behind: once nothing was claimed or changed for a while,
 * set the counters to what is stored, then fill free seats. The update holds only if nobody claimed meanwhile.
 */
export async function reconcileEvent(eventId: string, baseUrl: string, at = now().getTime()): Promise<boolean> {
  const event = await getEvent(eventId, true);
  if (!event) return false;
  let recounted = false;
  if (event.lastClaimAt && at - Date.parse(event.lastClaimAt) >= CLAIM_IN_FLIGHT_MS) {
    recounted = await recountIfQuiet(event, at);
  }
  // Filling is safe at any time, quiet or not: a seat freed while someone waits never waits for a quiet minute.
  await fillFreeSeats(eventId, baseUrl);
  return recounted;
}

async function recountIfQuiet(event: EventRecord, at: number): Promise<boolean> {
  const { lastChangeAt, ...counted } = await recount(event.id);
  if (at - Date.parse(lastChangeAt || "1970-01-01T00:00:00Z") < CLAIM_IN_FLIGHT_MS) return false;
  const stored = {
    confirmed: event.confirmedCount,
    waitlisted: event.waitlistedCount,
    overCapacity: event.overCapacityCount ?? 0,
  };
  if (JSON.stringify(counted) === JSON.stringify(stored)) return false;
  const fixed = await updateEvent(event.id, {
    expression: "SET confirmedCount = :c, waitlistedCount = :w, overCapacityCount = :o",
    condition:
      "lastClaimAt = :seen AND confirmedCount = :c0 AND waitlistedCount = :w0 AND (attribute_not_exists(overCapacityCount) OR overCapacityCount = :o0)",
    values: {
      ":c": counted.confirmed,
      ":w": counted.waitlisted,
      ":o": counted.overCapacity,
      ":seen": event.lastClaimAt,
      ":c0": stored.confirmed,
      ":w0": stored.waitlisted,
      ":o0": stored.overCapacity,
    },
  });
  if (fixed.ok) log.warn("event counters recounted", { eventId: event.id, stored, counted });
  return fixed.ok;
}

/** The scheduled repair, for every event that has not ended. */
export async function reconcileEvents(baseUrl: string): Promise<{ events: number; reconciled: number }> {
  const at = now().getTime();
  const events = (await listEvents()).filter((e) => Date.parse(e.endsAt) > at);
  let reconciled = 0;
  for (const event of events) if (await reconcileEvent(event.id, baseUrl, at)) reconciled++;
  return { events: events.length, reconciled };
}
