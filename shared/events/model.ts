import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { EventConfig } from "../config/schema.ts";
import { keys, queries } from "../keys.ts";
import { both, bothAll } from "../messages/catalogue.ts";
import { closedReasonText, eventProblemText } from "../messages/events.ts";
import { db, queryAll, tableName } from "../platform/dynamo.ts";
import { notFound } from "../platform/errors.ts";
import type { Bilingual } from "../platform/i18n.ts";

/**
 * What the other domains know of an event: its record, when it takes no registrations, and how to read it.
 * Registration keeps its seat counters on this item; writing an event from configuration is events.ts's.
 */

/**
 * A training conference or dialogue session. Its description comes from configuration; its seat counters
 * live on the same item so that a registration can claim a seat in the same transaction that records it.
 */
export interface EventRecord extends EventConfig {
  /** Seats taken by confirmed registrations. Never above capacity (the registration transaction's condition). */
  confirmedCount: number;
  /** People currently on the waitlist. */
  waitlistedCount: number;
  /** Last waitlist ticket handed out: tickets order the waitlist (gaps are harmless). */
  waitTicket: number;
  /** People let in beyond capacity at the door, on the organiser's word (walk-ins, the waitlisted who came). */
  overCapacityCount?: number;
  /** When a seat or a ticket was last handed out: counters are recounted only once this is old (see registration/places.ts). */
  lastClaimAt?: string;
  /** The arrivals window the burst watch counts in (see registration/burst.ts). */
  windowStartedAt?: string;
  windowArrivals?: number;
}

export type ClosedReason = "closed" | "cancelled" | "deadline" | "past";

/** Why an event takes no registrations, in both languages (JSON answers carry both). */
export const closedReasons: Record<ClosedReason, Bilingual> = /* @__PURE__ */ bothAll(closedReasonText);

/** Why registration is not possible at `at`, or undefined when it is open. */
export function closedReason(event: EventConfig, at: Date): ClosedReason | undefined {
  if (event.status === "cancelled") return "cancelled";
  if (event.status === "closed") return "closed";
  if (at.getTime() >= Date.parse(event.startsAt)) return "past";
  if (event.registrationClosesAt && at.getTime() >= Date.parse(event.registrationClosesAt)) return "deadline";
  return undefined;
}

export function seatsLeft(event: EventRecord): number {
  return Math.max(0, event.capacity - event.confirmedCount);
}

export const unknownEvent = () => notFound(both(eventProblemText, "noSuchEvent"));

export async function getEvent(eventId: string, consistent = false): Promise<EventRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.event(eventId), ConsistentRead: consistent }),
  );
  return out.Item as EventRecord | undefined;
}

/** Every event, soonest first. */
export function listEvents(): Promise<EventRecord[]> {
  return queryAll<EventRecord>(queries.eventsByStart());
}
