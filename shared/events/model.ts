import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { ConfigHelpers } from "../config/config.ts";
import type { EventConfig } from "../config/schema.ts";
import { keys, queries } from "../keys.ts";
import { both, bothAll } from "../messages/catalogue.ts";
import { closedReasonText, eventProblemText, eventSummaryText, seatsText } from "../messages/events.ts";
import { formatSpan } from "../platform/dates.ts";
import { db, queryAll, tableName } from "../platform/dynamo.ts";
import { notFound } from "../platform/errors.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Bilingual, Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";

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

/**
 * The public description of an event, as every domain shows it: no counters beyond seats left and the waitlist's
 * length. `base`: where its links start (`req.pageBase` for a page, `req.baseUrl` for JSON).
 */
export function eventView(event: EventRecord, helpers: ConfigHelpers, at: Date, base: string) {
  const reason = closedReason(event, at);
  return {
    id: event.id,
    kind: event.kind,
    title: event.title,
    venue: event.venue,
    area: { id: event.area, name: helpers.area(event.area)?.name },
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    capacity: event.capacity,
    seatsLeft: seatsLeft(event),
    waitlisted: event.waitlistedCount,
    registration: {
      open: reason === undefined,
      ...(event.registrationClosesAt ? { closesAt: event.registrationClosesAt } : {}),
      ...(reason ? { reason, message: closedReasons[reason] } : {}),
    },
    links: {
      self: link("event", { eventId: event.id }, { base }),
      register: link("registration-form", { eventId: event.id }, { base }),
      calendar: link("event-calendar", { eventId: event.id }, { base }),
    },
  };
}

export type EventView = ReturnType<typeof eventView>;

export function seatsLine(view: EventView, lang: Lang): string {
  if (!view.registration.open) return view.registration.message?.[lang] ?? "";
  const t = seatsText[lang];
  return view.seatsLeft > 0 ? t.left({ n: view.seatsLeft }) : t.full;
}

/** What an event is, when and where: shared by the event page, the form and the registration pages. */
export function eventSummary(view: EventView, lang: Lang): SafeHtml {
  const w = eventSummaryText[lang];
  return html`<p>${w.kinds[view.kind]}</p><dl><dt>${w.when}</dt><dd>${formatSpan(view.startsAt, view.endsAt, lang)}</dd><dt>${w.where}</dt><dd>${view.venue}${view.area.name ? `, ${view.area.name}` : ""}</dd></dl>`;
}
