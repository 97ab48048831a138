/**
 * Every kind of problem the API answers with (RFC 9457 `type`: `/problems/<name>`), with its status and what it
 * means. `AppError` takes only these names, so a new kind of problem is added here or it does not compile; the
 * OpenAPI description (shared/openapi/document.ts) lists them all.
 */
export const PROBLEMS = {
  validation: { status: 400, about: "A field is missing or invalid: `errors` lists each, in Vietnamese and English." },
  "malformed-body": { status: 400, about: "The body is not valid JSON or form data, or not UTF-8." },
  "too-deep": { status: 400, about: "The JSON body is nested deeper than 32 levels." },
  "no-action": { status: 400, about: "The form names no action." },
  "bad-idempotency-key": { status: 400, about: "The Idempotency-Key header is not 8–128 safe characters." },
  "cross-site": { status: 403, about: "A form posted from another site (Sec-Fetch-Site or Origin)." },
  "action-not-allowed": { status: 403, about: "This link does not allow that action at this step." },
  "not-found": { status: 404, about: "No such route, event or petition." },
  "unknown-link": { status: 404, about: "The link is not one this system issued." },
  "method-not-allowed": { status: 405, about: "The path exists; the method does not." },
  "already-registered": { status: 409, about: "This phone number already has a registration for this event." },
  "event-full": { status: 409, about: "At the door: the event is full (the organiser may let her in anyway)." },
  "registration-closed": { status: 409, about: "Registration for this event is closed." },
  "registration-cancelled": { status: 409, about: "This event was cancelled." },
  "registration-deadline": { status: 409, about: "The event's registration deadline has passed." },
  "registration-past": { status: 409, about: "The event has started or is over." },
  "in-the-hall": { status: 409, about: "She is in the hall (checked in or registered at the door): not cancelled." },
  "idempotency-key-reused": { status: 409, about: "The Idempotency-Key was used before with another body." },
  "expired-link": { status: 410, about: "The link has expired: ask for a new one." },
  "revoked-link": { status: 410, about: "The officer's links were revoked: ops send a new one." },
  "already-cancelled": { status: 410, about: "This registration was cancelled already." },
  "commitment-done": { status: 409, about: "The commitment is reported done: nothing more to report on it." },
  "step-done": { status: 410, about: "Someone acted on this step already: who, and when, are in the answer." },
  "link-holder-changed": {
    status: 410,
    about: "The holder of this link no longer holds the role: ask the unit named.",
  },
  "too-large": { status: 413, about: "The body is over 64 KB (a sheet uploaded as multipart/form-data: over 1 MB)." },
  "unsupported-media-type": { status: 415, about: "Only application/json and form data are accepted." },
  "too-many-today": { status: 429, about: "Today's petitions from this phone number are used up." },
  "officer-limit": { status: 429, about: "The officer's petitions for today are used up." },
  internal: { status: 500, about: "Something failed on our side; nothing was half-written. Try again." },
  unavailable: { status: 503, about: "The service is busy or starting: try again shortly (Retry-After)." },
} as const satisfies Record<string, { status: number; about: string }>;

export type ProblemType = keyof typeof PROBLEMS;
