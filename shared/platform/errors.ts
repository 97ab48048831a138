import { both } from "../messages/catalogue.ts";
import { busyText, problemText } from "../messages/common.ts";
import type { Bilingual } from "./i18n.ts";
import type { ProblemType } from "./problems.ts";

export interface FieldError {
  /** Dotted path of the field in the request body, e.g. `phone` or `petitioner.phone`. */
  path: string;
  code: string;
  message: Bilingual;
}

/**
 * Errors the domain throws on purpose. Each carries its HTTP status and a message in both languages; they are
 * turned into RFC 9457 problems (or friendly pages) in one place: shared/platform/http.ts.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: Bilingual,
    readonly detail?: Bilingual,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(title.en);
    this.name = "AppError";
  }
}

/**
 * Errors that belong beside a form's fields. Usually a 400 (invalid input); a 409 when the input is valid but
 * clashes with what is stored (a phone number that already has a registration). Pages re-show the form with
 * each message beside its field; JSON lists them in `errors`.
 */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: FieldError[],
    conflictDetail?: { type: ProblemType; detail: Bilingual },
  ) {
    super(
      conflictDetail ? 409 : 400,
      conflictDetail?.type ?? "validation",
      both(problemText, conflictDetail ? "conflict" : "invalid"),
      conflictDetail?.detail,
    );
    this.name = "ValidationError";
  }
}

export const notFound = (detail?: Bilingual) => new AppError(404, "not-found", both(problemText, "notFound"), detail);

export const conflict = (type: ProblemType, detail: Bilingual, extra: Record<string, unknown> = {}) =>
  new AppError(409, type, both(problemText, "conflict"), detail, extra);

export const serviceUnavailable = () =>
  new AppError(503, "unavailable", both(busyText, "title"), both(busyText, "detail"));
