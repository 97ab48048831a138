import * as z from "zod/mini";
import { type ByLang, both } from "../messages/catalogue.ts";
import { fieldText } from "../messages/common.ts";
import { nameFieldText } from "../messages/edge.ts";
import { type FieldError, ValidationError } from "./errors.ts";
import type { Bilingual } from "./i18n.ts";
import { normalizeVietnamMobile } from "./phone.ts";
import { charCount, multiLine, singleLine } from "./text.ts";

/**
 * Building blocks for request schemas, on zod's tree-shakable `zod/mini`: a function bundles only the checks it
 * uses, so a cold start pays for little more than its SDK clients (see bench/RESULTS.md). Each schema is both the
 * validation and the type (`z.infer`); its error messages are keys of the field messages (shared/messages/), turned
 * into Vietnamese and English by `toFieldErrors`.
 */

/** Every field message a schema may name: the common ones and the name field's (shared/messages/edge.ts). */
type FieldTexts = typeof fieldText.vi & typeof nameFieldText.vi;
const fieldTexts: ByLang<FieldTexts> = {
  vi: { ...fieldText.vi, ...nameFieldText.vi },
  en: { ...fieldText.en, ...nameFieldText.en },
};
export type FieldMessageCode = keyof FieldTexts;

const isCode = (m: string): m is FieldMessageCode => Object.hasOwn(fieldTexts.vi, m);

type Params = Record<string, string | number>;

/** A field message in both languages, a template filled with the issue's values. */
const fieldMessage = (code: FieldMessageCode, params: Params = {}): Bilingual =>
  both(fieldTexts, (t) => {
    const message = t[code];
    return typeof message === "string" ? message : (message as (p: Params) => string)(params);
  });

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** `schema` after a clean-up of the raw value (zod's `preprocess`). */
export function before<S extends z.ZodMiniType>(clean: (v: unknown) => unknown, schema: S) {
  return z.pipe(z.transform(clean), schema);
}

/** What a text field must also be, once cleaned (a name: only what names are made of), and what to say if not. */
export interface TextRule {
  test: (cleaned: string) => boolean;
  message: FieldMessageCode;
}

/**
 * A text field after `clean`: required (an empty field says so first), at most `max` characters, and `rule` if
 * given (checked on the cleaned text: the NFC form that is stored).
 */
function textOf(clean: (s: string) => string, max: number, rule?: TextRule) {
  const checks: z.core.$ZodCheck<string>[] = [
    z.minLength(1, { message: "required" }),
    z.refine((v: string) => charCount(v) <= max, { message: "too_long", params: { max } }),
  ];
  // An empty field already says "required": one message per field.
  if (rule) checks.push(z.refine((v: string) => v === "" || rule.test(v), { message: rule.message }));
  return before((v) => (typeof v === "string" ? clean(v) : v), z.string().check(...checks));
}

/** Required one-line text: trimmed, NFC, whitespace collapsed (no CR/LF can reach a mail header). */
export const line = (max: number, rule?: TextRule) => textOf(singleLine, max, rule);
/** Required multi-line text. */
export const paragraph = (max: number) => textOf(multiLine, max);
/** Optional one-line text: an empty field is the same as an absent one. */
export const optionalLine = (max: number) => before(emptyToUndefined, z.optional(line(max)));
/** An optional field of any schema: an empty field is the same as an absent one. */
export const blankOr = <S extends z.ZodMiniType>(schema: S) => before(emptyToUndefined, z.optional(schema));

/**
 * `input` that `find` recognises, turned into what it found; else the issue `message`. (The value is looked up
 * twice — once to check, once to keep — which keeps the failure an ordinary issue with its own message.)
 */
export function recognised<T>(find: (input: string) => T | undefined, message: FieldMessageCode) {
  return z.pipe(
    z.string().check(
      z.minLength(1, { message: "required" }),
      z.refine((v: string) => find(v) !== undefined, { message }),
    ),
    z.transform((v: string) => find(v) as T),
  );
}

export const mobilePhone = before(
  (v) => (typeof v === "string" ? singleLine(v) : v),
  recognised(normalizeVietnamMobile, "phone_invalid"),
);

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const optionalEmail = before(
  (v) => (typeof v === "string" ? emptyToUndefined(singleLine(v)) : v),
  z.optional(
    z.pipe(
      z.string().check(z.maxLength(254, { message: "email_invalid" }), z.regex(EMAIL, { message: "email_invalid" })),
      z.transform((v: string) => {
        const at = v.lastIndexOf("@");
        return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
      }),
    ),
  ),
);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * An instant as the server writes it (`nowIso()`, carried back by a form): UTC, to the second or finer. A plain
 * check rather than `z.iso.datetime()`, whose pattern builder is ~3 KB of every bundle that carries it.
 */
export const instant = z
  .string()
  .check(z.refine((v: string) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)), { message: "invalid_type" }));

/** A checkbox: JSON `true`, or a form's "on"/"true"/"1". Absent or anything else is false. */
const ticked = (v: unknown) => v === true || v === "true" || v === "on" || v === "1" || v === "yes";
export const checkbox = before(ticked, z.boolean());

/**
 * A box that must be ticked. `code` says what is wrong, the same on every form ("consent_required"); `message` says
 * it in the form's own words.
 */
export const mustBeTicked = (message: FieldMessageCode, code: string = message) =>
  checkbox.check(z.refine((v: boolean) => v, { message, params: { code } }));

/** An optional whole number in a range; accepts a number or a numeric string from a form. */
export const optionalInt = (min: number, max: number, message: FieldMessageCode) =>
  before(
    (v) => {
      const e = emptyToUndefined(v);
      return typeof e === "string" && /^\s*\d{1,9}\s*$/.test(e) ? Number(e) : e;
    },
    z.pipe(
      z.unknown().check(
        z.refine((v) => v === undefined || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max), {
          message,
          params: { min, max },
        }),
      ),
      z.transform((v) => v as number | undefined),
    ),
  );

/** One of a list of values (compared after NFC normalisation), with the allowed values in the message. */
export function oneOf<T extends string>(values: readonly T[], message: FieldMessageCode = "one_of") {
  const choice = z.string().check(
    z.minLength(1, { message: "required" }),
    z.refine((v: string) => (values as readonly string[]).includes(v), {
      message,
      params: { values: values.join(", ") },
    }),
  );
  // The API's description (shared/openapi/document.ts) lists the choices: a refinement alone says nothing of them.
  z.globalRegistry.add(choice, { enum: [...values] } as Parameters<typeof z.globalRegistry.add>[1]);
  return before(
    (v) => (typeof v === "string" ? singleLine(v) : v),
    z.pipe(
      choice,
      z.transform((v: string) => v as T),
    ),
  );
}

function messageFor(issue: z.core.$ZodIssue): { code: string; message: Bilingual } {
  const params = ("params" in issue ? issue.params : undefined) as Params | undefined;
  if (isCode(issue.message)) {
    const code = typeof params?.code === "string" ? params.code : issue.message;
    return { code, message: fieldMessage(issue.message, params) };
  }
  switch (issue.code) {
    case "invalid_type":
      return "input" in issue && issue.input !== undefined
        ? { code: "invalid_type", message: fieldMessage("invalid_type") }
        : { code: "required", message: fieldMessage("required") };
    case "too_big":
      return { code: "too_long", message: fieldMessage("too_long", { max: Number(issue.maximum) }) };
    case "too_small":
      return { code: "required", message: fieldMessage("required") };
    case "invalid_value":
      return { code: "one_of", message: fieldMessage("one_of", { values: issue.values.map(String).join(", ") }) };
    case "unrecognized_keys":
      return { code: "unknown_field", message: fieldMessage("unknown_field") };
    default:
      return { code: "invalid_type", message: fieldMessage("invalid_type") };
  }
}

/** One entry per bad field: the first problem found with it. */
export function toFieldErrors(error: z.core.$ZodError): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "(body)";
    if (!byPath.has(path)) byPath.set(path, { path, ...messageFor(issue) });
  }
  return [...byPath.values()];
}

/** Parse or throw a ValidationError listing every bad field. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  return result.data;
}
