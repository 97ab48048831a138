import * as z from "zod";
import { type FieldError, ValidationError } from "./errors.ts";
import { type Bilingual, type FieldMessageCode, fieldMessages, fillBoth } from "./i18n.ts";
import { normalizeVietnamMobile } from "./phone.ts";
import { charCount, multiLine, singleLine } from "./text.ts";

/**
 * Building blocks for request schemas. Each schema is both the validation and the type (`z.infer`); its
 * error messages are codes from `fieldMessages`, turned into Vietnamese and English by `toFieldErrors`.
 */

const isCode = (m: string): m is FieldMessageCode => Object.hasOwn(fieldMessages, m);

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function textOf(clean: (s: string) => string, max: number) {
  return z.preprocess(
    (v) => (typeof v === "string" ? clean(v) : v),
    z
      .string()
      .min(1, { message: "required" })
      .refine((v) => charCount(v) <= max, { message: "too_long", params: { max } }),
  );
}

/** Required one-line text: trimmed, NFC, whitespace collapsed (no CR/LF can reach a mail header). */
export const line = (max: number) => textOf(singleLine, max);
/** Required multi-line text. */
export const paragraph = (max: number) => textOf(multiLine, max);
/** Optional one-line text: an empty field is the same as an absent one. */
export const optionalLine = (max: number) => z.preprocess(emptyToUndefined, line(max).optional());

export const mobilePhone = z.preprocess(
  (v) => (typeof v === "string" ? singleLine(v) : v),
  z
    .string()
    .min(1, { message: "required" })
    .transform((v, ctx) => {
      const e164 = normalizeVietnamMobile(v);
      if (!e164) {
        ctx.addIssue({ code: "custom", message: "phone_invalid" });
        return z.NEVER;
      }
      return e164;
    }),
);

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const optionalEmail = z.preprocess(
  (v) => (typeof v === "string" ? emptyToUndefined(singleLine(v)) : v),
  z
    .string()
    .max(254, { message: "email_invalid" })
    .regex(EMAIL, { message: "email_invalid" })
    .transform((v) => {
      const at = v.lastIndexOf("@");
      return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
    })
    .optional(),
);

/** A checkbox: JSON `true`, or a form's "on"/"true"/"1". Absent or anything else is false. */
export const checkbox = z.preprocess(
  (v) => v === true || v === "true" || v === "on" || v === "1" || v === "yes",
  z.boolean(),
);

export const mustBeTicked = (message: FieldMessageCode) => checkbox.refine((v) => v, { message });

/** An optional whole number in a range; accepts a number or a numeric string from a form. */
export const optionalInt = (min: number, max: number, message: FieldMessageCode) =>
  z.preprocess(
    (v) => {
      const e = emptyToUndefined(v);
      return typeof e === "string" && /^\s*\d{1,9}\s*$/.test(e) ? Number(e) : e;
    },
    z
      .unknown()
      .refine((v) => v === undefined || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max), {
        message,
        params: { min, max },
      })
      .transform((v) => v as number | undefined),
  );

/** One of a list of values (compared after NFC normalisation), with the allowed values in the message. */
export function oneOf<T extends string>(values: readonly T[], message: FieldMessageCode = "one_of") {
  return z.preprocess(
    (v) => (typeof v === "string" ? singleLine(v) : v),
    z
      .string()
      .min(1, { message: "required" })
      .refine((v): v is T => (values as readonly string[]).includes(v), {
        message,
        params: { values: values.join(", ") },
      }),
  ) as unknown as z.ZodType<T, unknown>;
}

function messageFor(issue: z.core.$ZodIssue): { code: string; message: Bilingual } {
  const params = ("params" in issue ? issue.params : undefined) as Record<string, string | number> | undefined;
  if (isCode(issue.message)) return { code: issue.message, message: fillBoth(fieldMessages[issue.message], params) };
  switch (issue.code) {
    case "invalid_type":
      return "input" in issue && issue.input !== undefined
        ? { code: "invalid_type", message: fieldMessages.invalid_type }
        : { code: "required", message: fieldMessages.required };
    case "too_big":
      return { code: "too_long", message: fillBoth(fieldMessages.too_long, { max: Number(issue.maximum) }) };
    case "too_small":
      return { code: "required", message: fieldMessages.required };
    case "invalid_value":
      return {
        code: "one_of",
        message: fillBoth(fieldMessages.one_of, { values: issue.values.map(String).join(", ") }),
      };
    case "unrecognized_keys":
      return { code: "unknown_field", message: fieldMessages.unknown_field };
    default:
      return { code: "invalid_type", message: fieldMessages.invalid_type };
  }
}

/** One entry per bad field: the first problem found with it. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "(body)";
    if (!byPath.has(path)) byPath.set(path, { path, ...messageFor(issue) });
  }
  return [...byPath.values()];
}

/** Parse or throw a ValidationError listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  return result.data;
}
