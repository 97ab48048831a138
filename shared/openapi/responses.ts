import * as z from "zod/mini";
import { PROBLEMS } from "../platform/problems.ts";

/**
 * The JSON the API answers, as schemas: what the OpenAPI description (document.ts) says of each response, and what
 * test/integration/openapi.test.ts checks real answers against. Objects stay open (`looseObject`): a client may rely
 * on what is named here, and a field added later does not break it.
 */

const bilingual = z.looseObject({ vi: z.string(), en: z.string() });
const isoTime = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T/));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const url = z.string().check(z.regex(/^https?:\/\//));

export const problemResponse = z.looseObject({
  type: z.enum(Object.keys(PROBLEMS).map((t) => `/problems/${t}`) as [string, ...string[]]),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(
    z.array(z.looseObject({ path: z.string(), code: z.string(), message: z.string(), vi: z.string(), en: z.string() })),
  ),
});

export const eventResponse = z.looseObject({
  id: z.string(),
  kind: z.enum(["training", "dialogue"]),
  title: z.string(),
  venue: z.string(),
  area: z.looseObject({ id: z.string(), name: z.optional(z.string()) }),
  startsAt: isoTime,
  endsAt: isoTime,
  capacity: z.int(),
  seatsLeft: z.int(),
  waitlisted: z.int(),
  registration: z.looseObject({
    open: z.boolean(),
    closesAt: z.optional(isoTime),
    reason: z.optional(z.string()),
    message: z.optional(bilingual),
  }),
  links: z.looseObject({ self: url, register: url, calendar: url }),
});

export const eventsResponse = z.looseObject({ events: z.array(eventResponse) });

export const registrationResponse = z.looseObject({
  registrationId: z.string(),
  code: z.string(),
  status: z.enum(["confirmed", "waitlisted"]),
  waitlistPosition: z.optional(z.int()),
  notStored: z.optional(z.array(z.string())),
  links: z.optional(z.looseObject({ manage: url })),
});

export const petitionReceipt = z.looseObject({
  trackingCode: z.string().check(z.regex(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/)),
  status: z.string(),
  statusUrl: url,
  notStored: z.optional(z.array(z.string())),
});

const timelineEntry = z.looseObject({ at: isoTime, action: z.string(), label: bilingual });

export const petitionStatusResponse = z.looseObject({
  trackingCode: z.string(),
  status: z.string(),
  statusLabel: bilingual,
  currentStage: z.optional(bilingual),
  category: z.optional(z.looseObject({ id: z.string(), vi: z.string(), en: z.string() })),
  commune: z.optional(z.looseObject({ id: z.string(), name: z.string() })),
  submittedAt: isoTime,
  updatedAt: isoTime,
  agency: z.optional(z.looseObject({ id: z.string(), name: z.string() })),
  answer: z.optional(z.looseObject({ text: z.string(), at: isoTime, agency: z.string() })),
  rejectionReason: z.optional(z.string()),
  duplicateOf: z.optional(z.string()),
  deadline: z.optional(z.looseObject({ due: day, overdue: z.boolean(), workingDaysLeft: z.optional(z.int()) })),
  timeline: z.array(timelineEntry),
});

const ratio = z.looseObject({ count: z.int(), of: z.int(), percent: z.optional(z.number()) });

export const leadersReportResponse = z.looseObject({
  unit: z.looseObject({ id: z.string(), area: z.string() }),
  period: z.looseObject({ from: day, to: day }),
  today: day,
  totals: z.looseObject({
    received: z.int(),
    answered: z.int(),
    onTime: ratio,
    resolved: ratio,
    overdueNow: z.int(),
  }),
  agencies: z.array(z.looseObject({ id: z.string(), received: z.int(), answered: z.int(), onTime: ratio })),
  overdue: z.array(z.looseObject({ step: z.string(), due: day })),
  rows: z.array(z.looseObject({ received: day, status: z.string() })),
});

/** A dialogue session's public follow-up (GET /sessions/{eventId} as JSON): no personal data. */
export const sessionResponse = z.looseObject({
  session: z.looseObject({ id: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string() }),
  summary: z.looseObject({ raised: z.int(), answeredInHall: z.int(), answeredLater: z.int(), overdue: z.int() }),
  issues: z.array(z.looseObject({})),
});

/** The OpenAPI description itself (GET /openapi.json): only what a reader needs to trust it is one. */
export const openApiResponse = z.looseObject({
  openapi: z.string().check(z.regex(/^3\.1\./)),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});
