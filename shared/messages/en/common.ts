import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/common.ts";

export const layout = {
  site: "Tiếng Nói",
  language: "English",
} satisfies Catalogue<typeof vi.layout>;

export const mailLayout = {
  hello: "Hello",
  helloAnyone: "Hello,",
  footer: "This message was sent automatically by Tiếng Nói, the Women's Union's system. Please do not reply.",
} satisfies Catalogue<typeof vi.mailLayout>;

/** "Monday, 8 March 2027 at 08:00" */
export const dates = {
  dateTime: (p) =>
    `${["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][p.weekday]}, ${p.day} ${["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][p.month - 1]} ${p.year} at ${p.time}`,
  day: (p) =>
    `${["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][p.weekday]}, ${p.day} ${["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][p.month - 1]} ${p.year}`,
} satisfies Catalogue<typeof vi.dates>;

export const problems = {
  invalid: "Some fields are not valid",
  conflict: "Conflict",
  notFound: "Not found",
} satisfies Catalogue<typeof vi.problems>;

export const busy = {
  title: "Service temporarily unavailable",
  detail: "The service is busy and nothing was saved. Please try again in a few minutes.",
} satisfies Catalogue<typeof vi.busy>;

export const edgeProblems = {
  malformed: "Malformed request body",
  malformedDetail: "The body is not valid JSON or form data.",
  tooLarge: "Request body too large",
  tooLargeDetail: "The body is larger than 64 KB.",
  mediaType: "Unsupported media type",
  mediaTypeDetail: "Send application/json or application/x-www-form-urlencoded.",
  internal: "Something went wrong",
  internalDetail: "Something went wrong and nothing was saved. Please try again later.",
} satisfies Catalogue<typeof vi.edgeProblems>;

export const noRoute = {
  method: "Method not allowed",
  methodDetail: (p) => `This address accepts: ${p.allow}.`,
  pageDetail: "There is no such page.",
} satisfies Catalogue<typeof vi.noRoute>;

export const linkProblems = {
  unknown: "This link is not valid",
  unknownDetail: "This link is wrong or no longer works. Please check the e-mail.",
  expired: "This link has expired",
  expiredDetail: "This link has expired. If something still needs doing, a new link will be sent.",
} satisfies Catalogue<typeof vi.linkProblems>;

export const badIdempotencyKey = {
  title: "Invalid Idempotency-Key",
  detail: "Idempotency-Key must be 1 to 255 printable ASCII characters.",
} satisfies Catalogue<typeof vi.badIdempotencyKey>;

export const reusedIdempotencyKey = {
  title: "Idempotency-Key reused",
  detail: "This key was used with a different body. Use a new key for a new request.",
} satisfies Catalogue<typeof vi.reusedIdempotencyKey>;

export const fields = {
  required: "This field is required.",
  too_long: (p) => `At most ${p.max} characters.`,
  invalid_type: "This value has the wrong type.",
  one_of: (p) => `Choose one of: ${p.values}.`,
  phone_invalid: "Not a valid Vietnamese mobile number (for example 0912 345 678).",
  email_invalid: "Not a valid e-mail address.",
  consent_required: "You must agree to the use of your information to register.",
  petition_consent_required: "You must agree to the use of your information to send a petition.",
  ethnicity_unknown: "Not one of Vietnam's 54 ethnic groups.",
  commune_unknown: "Unknown commune.",
  birth_year_invalid: (p) => `Birth year between ${p.min} and ${p.max}.`,
  unknown_field: "This field is not accepted.",
} satisfies Catalogue<typeof vi.fields>;

export const form = {
  fix: "Please correct the following:",
} satisfies Catalogue<typeof vi.form>;

export const honeypot = {
  label: "Leave this empty",
} satisfies Catalogue<typeof vi.honeypot>;

export const person = {
  choose: "— Choose —",
  consent: "Consent",
  fullName: "Full name",
  phone: "Mobile phone number",
  email: "E-mail (optional)",
  genders: { female: "Female", male: "Male", other: "Other" },
  ethnicityLegend: "Ethnic group (optional)",
  ethnicityConsent: "I agree that the Women's Union records my ethnic group for statistics.",
  ethnicity: "Ethnic group",
} satisfies Catalogue<typeof vi.person>;
