import { PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { keys, queries } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { organiserProblemText } from "../messages/organiser.ts";
import { nowIso } from "../platform/clock.ts";
import { isoToVietnamLocal, vietnamLocalToIso } from "../platform/dates.ts";
import { db, queryAll, tableName } from "../platform/dynamo.ts";
import { AppError, ValidationError } from "../platform/errors.ts";
import { newId } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { blankOr, checkbox, instant, oneOf, parseOrThrow } from "../platform/validation.ts";
import { REGISTRATION_ID, type Registration } from "./model.ts";
import type { Organiser } from "./organisers.ts";
import { fillFreeSeats } from "./places.ts";
import { afterwards, alreadyCancelled, cancelRegistration, inTheHall } from "./registration.ts";

/**
 * What the organiser's roster shows and what a bulk cancel takes: registrations by arrival time, narrowed by a
 * name (or phone digits), a status and a time window; a bulk cancel takes the ticked ones or a whole window.
 */

/** A `datetime-local` value that is a real moment (2026-13-45T99:99 has the shape and is not). */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const localTime = blankOr(
  z
    .string()
    .check(
      z.refine(
        (v: string) =>
          LOCAL_TIME.test(v) &&
          !Number.isNaN(Date.parse(`${v}Z`)) &&
          isoToVietnamLocal(vietnamLocalToIso(v)).startsWith(v),
        { message: "invalid_type" },
      ),
    ),
);

/** `{ <registrationId>: "on", … }`: what the form's `sel.<registrationId>` checkboxes arrive as. */
const isTickedRows = (v: unknown) =>
  v !== null &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  Object.entries(v).every(([id, value]) => REGISTRATION_ID.test(id) && typeof value === "string");

export const filterSchema = z.object({
  q: blankOr(z.string().check(z.maxLength(100))),
  status: blankOr(oneOf(["confirmed", "waitlisted", "cancelled"] as const)),
  from: localTime,
  to: localTime,
});

export type RosterFilter = z.output<typeof filterSchema>;

export const selectionSchema = z.extend(filterSchema, {
  /** Ticked rows: form fields named `sel.<registrationId>`. */
  sel: z.optional(
    z.pipe(
      z.unknown().check(z.refine(isTickedRows, { message: "invalid_type" })),
      z.transform((v) => v as Record<string, string>),
    ),
  ),
  /** E-mail the people cancelled (off by default: a flood's addresses are made up). */
  notify: checkbox,
  /** When the organiser saw the preview: a window's cancel never takes anyone who registered after it. */
  asOf: blankOr(instant),
});

export type Selection = z.output<typeof selectionSchema>;

/** Lower case, without Vietnamese marks: "Hòa" and "hoa" find each other. */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
}

export function applyFilter(registrations: Registration[], filter: RosterFilter): Registration[] {
  const from = filter.from ? vietnamLocalToIso(filter.from) : undefined;
  const to = filter.to ? vietnamLocalToIso(filter.to, true) : undefined;
  const q = filter.q ? foldForSearch(filter.q.trim()) : "";
  const digits = /^[\d\s.]+$/.test(q) ? q.replace(/\D/g, "") : "";
  return registrations.filter(
    (r) =>
      (!filter.status || r.status === filter.status) &&
      (!from || r.createdAt >= from) &&
      (!to || r.createdAt <= to) &&
      (!q || (digits ? `0${(r.phone ?? "").slice(3)}`.includes(digits) : foldForSearch(r.fullName ?? "").includes(q))),
  );
}

/** Who a bulk cancel takes: the ticked rows, or everyone in the filtered window; never anyone already in the hall. */
export function selected(registrations: Registration[], selection: Selection): Registration[] {
  const ticked = Object.keys(selection.sel ?? {});
  const pool =
    ticked.length > 0
      ? registrations.filter((r) => ticked.includes(r.registrationId))
      : applyFilter(registrations, selection).filter((r) => !selection.asOf || r.createdAt <= selection.asOf);
  return pool.filter((r) => r.status !== "cancelled" && !r.checkedInAt && !r.walkIn);
}

export const nothingSelected = () =>
  new ValidationError([
    {
      path: "from",
      code: "required",
      message: both(organiserProblemText, "nothingSelected"),
    },
  ]);

export function parseSelection(body: unknown): Selection {
  const selection = parseOrThrow(selectionSchema, body);
  if (Object.keys(selection.sel ?? {}).length === 0 && !selection.from && !selection.to) throw nothingSelected();
  return selection;
}

export interface LogEntry {
  at: string;
  by: string;
  byEmail: string;
  action: "bulk-cancel";
  count: number;
  promoted: number;
  /** Registrations that could not be cancelled this time (the page says so; pressing again retries them). */
  failed?: number;
  /** What was selected, in words (a window, or "N ticked"). */
  what: string;
}

const BULK_CONCURRENCY = 4;
/** A bulk cancel is one request: larger floods are cancelled in several (the page says how many remain). */
export const BULK_MAX = 500;

export interface BulkResult {
  cancelled: number;
  promoted: number;
  /** Beyond this request's share: press again. */
  remaining: number;
  /** Not cancelled this time (a store that did not answer); pressing again retries them. */
  failed: number;
}

/**
 * Cancel a flood: each registration as if she had cancelled (record, phone lock, counter), four at a time, then
 * the freed seats go to the waitlist in order (with their e-mails), and the action is recorded — all of it even
 * when some cancellations fail: the others stand, the seats are filled, the page says how many failed.
 */
export async function bulkCancel(
  organiser: Organiser,
  targets: Registration[],
  selection: Selection,
  baseUrl: string,
): Promise<BulkResult> {
  const batch = targets.slice(0, BULK_MAX);
  let cancelled = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const target = batch[next++] as Registration;
      try {
        await cancelRegistration(target.eventId, target.registrationId, {
          by: organiser.email,
          baseUrl,
          notify: selection.notify,
          byOrganiser: true,
        });
        cancelled++;
      } catch (error) {
        // Cancelled by herself meanwhile, or she came in meanwhile: not this request's to cancel.
        const type = error instanceof AppError ? error.type : "";
        if (type === alreadyCancelled().type || type === inTheHall().type) continue;
        failed++;
        log.warn("bulk cancel: one registration not cancelled", {
          eventId: target.eventId,
          error: (error as Error).name,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
  const eventId = organiser.event.id;
  const promoted = (await afterwards("fill", eventId, () => fillFreeSeats(eventId, baseUrl))) ?? [];
  const at = nowIso();
  const ticked = Object.keys(selection.sel ?? {}).length;
  const entry: LogEntry = {
    at,
    by: organiser.name,
    byEmail: organiser.email,
    action: "bulk-cancel",
    count: cancelled,
    promoted: promoted.length,
    ...(failed > 0 ? { failed } : {}),
    what: ticked > 0 ? `${ticked} ticked` : `${selection.from ?? "…"} → ${selection.to ?? "…"}`,
  };
  await db().send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.eventLog(eventId, at, newId()), ...entry } }),
  );
  log.info("bulk cancel", { eventId, cancelled, promoted: promoted.length, failed });
  return { cancelled, promoted: promoted.length, remaining: targets.length - batch.length, failed };
}

/** The organisers' bulk actions, newest first. */
export async function organiserLog(eventId: string): Promise<LogEntry[]> {
  const items = await queryAll<LogEntry>({
    ...queries.eventLog(eventId),
    ScanIndexForward: false,
  });
  return items;
}
