import { PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { keys, startingWith } from "../keys.ts";
import { nowIso } from "../platform/clock.ts";
import { vietnamLocalToIso } from "../platform/dates.ts";
import { db, queryAll, tableName } from "../platform/dynamo.ts";
import { AppError, ValidationError } from "../platform/errors.ts";
import { newId } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { checkbox, parseOrThrow } from "../platform/validation.ts";
import type { Registration } from "./model.ts";
import type { Organiser } from "./organisers.ts";
import { fillFreeSeats } from "./places.ts";
import { alreadyCancelled, cancelRegistration } from "./registration.ts";

/**
 * What the organiser's roster shows and what a bulk cancel takes: registrations by arrival time, narrowed by a
 * name (or phone digits), a status and a time window; a bulk cancel takes the ticked ones or a whole window.
 */

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const localTime = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: "invalid_type" })
    .optional(),
);
const REGISTRATION_ID = /^[a-z2-7]{16}$/;

export const filterSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  status: z.preprocess(blankToUndefined, z.enum(["confirmed", "waitlisted", "cancelled"]).optional()),
  from: localTime,
  to: localTime,
});

export type RosterFilter = z.output<typeof filterSchema>;

export const selectionSchema = filterSchema.extend({
  /** Ticked rows: form fields named `sel.<registrationId>`. */
  sel: z.record(z.string().regex(REGISTRATION_ID), z.string()).optional(),
  /** E-mail the people cancelled (off by default: a flood's addresses are made up). */
  notify: checkbox,
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
      (!q || (digits ? `0${r.phone.slice(3)}`.includes(digits) : foldForSearch(r.fullName).includes(q))),
  );
}

/** Who a bulk cancel takes: the ticked rows, or everyone in the filtered window; never anyone already in the hall. */
export function selected(registrations: Registration[], selection: Selection): Registration[] {
  const ticked = Object.keys(selection.sel ?? {});
  const pool =
    ticked.length > 0
      ? registrations.filter((r) => ticked.includes(r.registrationId))
      : applyFilter(registrations, selection);
  return pool.filter((r) => r.status !== "cancelled" && !r.checkedInAt && !r.walkIn);
}

export const nothingSelected = () =>
  new ValidationError([
    {
      path: "from",
      code: "required",
      message: {
        vi: "Hãy đánh dấu người cần hủy, hoặc chọn khoảng thời gian (từ… đến…).",
        en: "Tick the people to cancel, or choose a time window (from… to…).",
      },
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
  /** What was selected, in words (a window, or "N ticked"). */
  what: string;
}

const BULK_CONCURRENCY = 4;
/** A bulk cancel is one request: larger floods are cancelled in several (the page says how many remain). */
export const BULK_MAX = 500;

/**
 * Cancel a flood: each registration as if she had cancelled (record, phone lock, counter), four at a time, then
 * the freed seats go to the waitlist in order (with their e-mails), and the action is recorded.
 */
export async function bulkCancel(
  organiser: Organiser,
  targets: Registration[],
  selection: Selection,
  baseUrl: string,
): Promise<{ cancelled: number; promoted: number; remaining: number }> {
  const batch = targets.slice(0, BULK_MAX);
  let cancelled = 0;
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const target = batch[next++] as Registration;
      try {
        await cancelRegistration(target.eventId, target.registrationId, {
          by: organiser.email,
          baseUrl,
          notify: selection.notify,
          afterStart: true,
        });
        cancelled++;
      } catch (error) {
        // Cancelled by herself meanwhile: nothing to do.
        if (!(error instanceof AppError && error.type === alreadyCancelled().type)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
  const promoted = await fillFreeSeats(organiser.event.id, baseUrl);
  const at = nowIso();
  const ticked = Object.keys(selection.sel ?? {}).length;
  const entry: LogEntry = {
    at,
    by: organiser.name,
    byEmail: organiser.email,
    action: "bulk-cancel",
    count: cancelled,
    promoted: promoted.length,
    what: ticked > 0 ? `${ticked} ticked` : `${selection.from ?? "…"} → ${selection.to ?? "…"}`,
  };
  await db().send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.eventLog(organiser.event.id, at, newId()), ...entry } }),
  );
  log.info("bulk cancel", { eventId: organiser.event.id, cancelled, promoted: promoted.length });
  return { cancelled, promoted: promoted.length, remaining: targets.length - batch.length };
}

/** The organisers' bulk actions, newest first. */
export async function organiserLog(eventId: string): Promise<LogEntry[]> {
  const items = await queryAll<LogEntry>({
    ...startingWith(keys.event(eventId), keys.eventLogPrefix),
    ScanIndexForward: false,
  });
  return items;
}
