import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { EventConfig } from "../config/schema.ts";
import { keys } from "../keys.ts";
import { db, queryAll, tableName } from "../platform/dynamo.ts";
import type { Bilingual } from "../platform/i18n.ts";

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
  /** When a seat or a ticket was last handed out: counters are recounted only once this is old (see places.ts). */
  lastClaimAt?: string;
  /** The arrivals window the burst watch counts in (see burst.ts). */
  windowStartedAt?: string;
  windowArrivals?: number;
}

export type ClosedReason = "closed" | "cancelled" | "deadline" | "past";

export const closedReasons: Record<ClosedReason, Bilingual> = {
  closed: { vi: "Sự kiện này đã ngừng nhận đăng ký.", en: "Registration for this event is closed." },
  cancelled: { vi: "Sự kiện này đã bị hủy.", en: "This event has been cancelled." },
  deadline: { vi: "Đã hết hạn đăng ký cho sự kiện này.", en: "The registration deadline for this event has passed." },
  past: { vi: "Sự kiện này đã diễn ra.", en: "This event has already taken place." },
};

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

const CONFIG_FIELDS = [
  "kind",
  "title",
  "organizer",
  "venue",
  "area",
  "startsAt",
  "endsAt",
  "capacity",
  "registrationClosesAt",
  "audience",
  "status",
] as const satisfies readonly (keyof EventConfig)[];

export async function getEvent(eventId: string, consistent = false): Promise<EventRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.event(eventId), ConsistentRead: consistent }),
  );
  return out.Item as EventRecord | undefined;
}

/** Every event, soonest first. */
export function listEvents(): Promise<EventRecord[]> {
  return queryAll<EventRecord>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :p",
    ExpressionAttributeValues: { ":p": keys.eventsIndexPartition },
  });
}

/**
 * Create or update an event from configuration without touching its counters: reloading configuration never
 * gives away or takes back a seat.
 */
export async function upsertEvent(event: EventConfig): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":zero": 0 };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const field of CONFIG_FIELDS) {
    names[`#${field}`] = field;
    if (event[field] === undefined) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = event[field];
    }
  }
  const index = keys.eventsIndex(event.startsAt, event.id);
  sets.push("#id = :id", "gsi1pk = :gsi1pk", "gsi1sk = :gsi1sk");
  names["#id"] = "id";
  Object.assign(values, { ":id": event.id, ":gsi1pk": index.gsi1pk, ":gsi1sk": index.gsi1sk });
  for (const counter of ["confirmedCount", "waitlistedCount", "waitTicket", "overCapacityCount"]) {
    sets.push(`${counter} = if_not_exists(${counter}, :zero)`);
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.event(event.id),
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}
