import * as z from "zod/mini";
import type { ConfigHelpers } from "../config/config.ts";
import type { Config } from "../config/schema.ts";
import { routes } from "../declarations.ts";
import { apiDescriptionText } from "../messages/api.ts";
import { progressSchema } from "../petitions/commitments.ts";
import { petitionSchema } from "../petitions/schema.ts";
import { ACTIONS, actionInput } from "../petitions/workflow.ts";
import { PROBLEMS } from "../platform/problems.ts";
import { selectionSchema } from "../registration/bulk.ts";
import { checkInSchema } from "../registration/door.ts";
import { registrationSchema } from "../registration/schema.ts";
import { officerRequestSchema } from "../rights/my-data.ts";
import { issueFormSchema } from "../sessions/record-http.ts";
import * as responses from "./responses.ts";

/**
 * The API described as OpenAPI 3.1, built from the route declarations (shared/declarations.ts) and the same zod
 * schemas that check requests (zod 4's JSON Schema): served at GET /openapi.json and written by `npm run openapi`.
 * Request bodies are the forms' schemas as they read input (`io: "input"`); enumerations (communes, categories,
 * agencies) come from the configuration it is built with. Every route has its entry here: a route without one does
 * not compile (`RouteName`), and test/integration/openapi.test.ts checks real answers against it.
 */

type RouteName = (typeof routes)[number]["name"];

/** The description's version: the month its routes and shapes last changed. */
const API_VERSION = "2026-11";

/** What a route answers: JSON (a schema), a page, a file, a redirect. */
interface Answer {
  description: string;
  json?: z.ZodMiniType;
  html?: true;
  /** Another media type (a calendar file, a CSV file). */
  file?: string;
  /** A redirect: where the Location header points. */
  redirect?: true;
}

interface RouteDoc {
  summary: string;
  /** The request body (JSON or a form post: the same schema reads both). */
  body?: (config: Config, helpers: ConfigHelpers) => z.ZodMiniType;
  /** Success answers by status. Every route also answers problems (4XX, 5XX). */
  answers: Record<number, Answer>;
}

const page = (description: string): Answer => ({ description, html: true });
const lookupBody = () => z.object({ code: z.string().check(z.maxLength(40)) });
const cancelBody = () => z.object({ action: z.optional(z.literal("cancel")) });
/** An action on a petition: which one, and its own fields (the action table's). */
const actionBody = () =>
  z.union(
    ACTIONS.map((a) => z.extend(actionInput(a), { action: z.literal(a) })) as unknown as [
      z.ZodMiniType,
      ...z.ZodMiniType[],
    ],
  );
const organiserBody = () => z.extend(checkInSchema, { action: z.string() });

export const ROUTE_DOCS: Record<RouteName, RouteDoc> = {
  home: {
    summary: "Events open for registration (the home page)",
    answers: { 200: { description: "Open events", json: responses.eventsResponse, html: true } },
  },
  events: {
    summary: "Events open for registration",
    answers: { 200: { description: "Open events", json: responses.eventsResponse, html: true } },
  },
  event: {
    summary: "One event: when, where, seats left, whether registration is open",
    answers: { 200: { description: "The event", json: responses.eventResponse, html: true } },
  },
  "event-calendar": {
    summary: "The event as a calendar file",
    answers: { 200: { description: "An iCalendar file", file: "text/calendar" } },
  },
  "registration-form": { summary: "The registration form", answers: { 200: page("The form") } },
  registrations: {
    summary: "Register for an event (a seat, or a place on the waitlist); `Idempotency-Key` makes a retry safe",
    body: registrationSchema,
    answers: {
      201: { description: "Registered: her code, and a seat or waitlist place", json: responses.registrationResponse },
    },
  },
  "registration-link": { summary: "Her registration, behind the link in her e-mail", answers: { 200: page("It") } },
  "registration-cancel": {
    summary: "Cancel her registration (the seat goes to the first woman waiting)",
    body: cancelBody,
    answers: { 200: page("Cancelled") },
  },
  "petition-lookup": { summary: "A box to type a tracking code into", answers: { 200: page("The box") } },
  "petition-lookup-post": {
    summary: "Find a petition by its tracking code (the code never travels in a query string)",
    body: lookupBody,
    answers: { 303: { description: "To the petition's status page", redirect: true }, 404: page("Not found") },
  },
  "petition-form": { summary: "The petition form", answers: { 200: page("The form") } },
  petitions: {
    summary: "Send a petition; answers its tracking code",
    body: petitionSchema,
    answers: { 201: { description: "Received, with its tracking code", json: responses.petitionReceipt } },
  },
  "petition-status": {
    summary: "Where a petition stands, for anyone with its code (never who sent it)",
    answers: { 200: { description: "Its public view", json: responses.petitionStatusResponse, html: true } },
  },
  "action-page": { summary: "A step's page, behind the link in a staff e-mail", answers: { 200: page("The page") } },
  action: {
    summary: "Act on a petition's step from its link (one transition)",
    body: actionBody,
    answers: { 200: page("Done") },
  },
  "intake-form": { summary: "An officer's form to enter a petition for a woman", answers: { 200: page("The form") } },
  intake: {
    summary: "An officer enters a petition on a woman's behalf",
    body: petitionSchema,
    answers: { 201: { description: "Received", json: responses.petitionReceipt, html: true } },
  },
  "organiser-page": { summary: "An organiser's pages: the door, the roster, counts", answers: { 200: page("A page") } },
  "organiser-action": {
    summary: "Check-in, letting in from the waitlist, a walk-in",
    body: organiserBody,
    answers: { 200: page("Done") },
  },
  "organiser-bulk": {
    summary: "Cancel many registrations at once (a flood)",
    body: () => selectionSchema,
    answers: { 200: page("Done") },
  },
  "leaders-report": {
    summary: "A leader's on-time report for her unit's area (`?period=2027-02`, `2027-Q1`, `2027`)",
    answers: { 200: { description: "The report", json: responses.leadersReportResponse, html: true } },
  },
  "leaders-csv": {
    summary: "The petitions behind a leader's report, as a CSV file",
    answers: { 200: { description: "UTF-8 CSV with BOM", file: "text/csv" } },
  },
  session: {
    summary: "A dialogue session's public follow-up: its issues, the answers and the commitments (no personal data)",
    answers: { 200: { description: "The session's follow-up", json: responses.sessionResponse, html: true } },
  },
  "session-record": {
    summary:
      "The session record, from the organiser's link: an issue raised (`action=issue`, these fields), one answered in the hall (`action=answer_in_hall`, `code`), the record closed (`action=close`)",
    body: (config) => z.extend(issueFormSchema(config), { action: z.string() }),
    answers: { 200: page("The record"), 201: page("Issues recorded") },
  },
  dossier: {
    summary: "A session's issues sent beforehand, for one of its invited leaders",
    answers: { 200: page("The dossier") },
  },
  "dossier-reply": {
    summary: "The issues an invited leader will answer at the session",
    answers: { 200: page("Saved") },
  },
  "session-sheet-template": {
    summary: "The template of a session's sheet of issues, to fill in Excel",
    answers: { 200: { description: "UTF-8 CSV with BOM", file: "text/csv" } },
  },
  "session-sheet": {
    summary: "Upload the secretary's sheet of a session's issues (.xlsx or .csv, multipart/form-data)",
    answers: { 200: page("The record"), 201: page("Issues recorded") },
  },
  commitment: { summary: "A commitment, from its agency's link", answers: { 200: page("The commitment") } },
  "commitment-progress": {
    summary: "Report a commitment's progress (percent, note, done)",
    body: () => progressSchema,
    answers: { 200: page("Recorded") },
  },
  "my-data": { summary: "Her data, from her own link", answers: { 200: page("Her data") } },
  "my-data-request": {
    summary: "A data-rights request from her own link (correct, withdraw a consent, a copy, erasure)",
    answers: { 200: page("Recorded") },
  },
  "intake-data-request": {
    summary: "A data-rights request the officer records for a woman at her side",
    body: () => officerRequestSchema,
    answers: { 200: page("Recorded") },
  },
  openapi: {
    summary: "This description",
    answers: { 200: { description: "OpenAPI 3.1", json: responses.openApiResponse } },
  },
};

/** A zod schema as JSON Schema 2020-12, as it reads input (before its transforms). */
export function jsonSchema(schema: z.ZodMiniType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  const { $schema: _, ...rest } = out as Record<string, unknown>;
  return optionalWhereAbsentIsFine(schema, rest);
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  in?: z.ZodMiniType;
  options?: z.ZodMiniType[];
}
const defOf = (schema: z.ZodMiniType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * A field the schema reads a missing value of (a checkbox: absent is unticked; a blank optional line) is not
 * required, whatever JSON Schema makes of the function that reads it: each object's `required` keeps only the fields
 * whose absence the schema refuses.
 */
function optionalWhereAbsentIsFine(schema: z.ZodMiniType, json: Record<string, unknown>): Record<string, unknown> {
  const def = defOf(schema);
  if (def.type === "pipe" && def.in) return optionalWhereAbsentIsFine(def.in, json);
  if (def.type === "union" && def.options && Array.isArray(json.anyOf)) {
    const options = def.options;
    json.anyOf = (json.anyOf as Record<string, unknown>[]).map((j, i) =>
      options[i] ? optionalWhereAbsentIsFine(options[i], j) : j,
    );
    return json;
  }
  if (def.type !== "object" || !def.shape) return json;
  const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, field] of Object.entries(def.shape)) {
    if (properties[key]) properties[key] = optionalWhereAbsentIsFine(field, properties[key]);
  }
  if (Array.isArray(json.required)) {
    const shape = def.shape;
    json.required = (json.required as string[]).filter(
      (key) => !shape[key] || !z.safeParse(shape[key], undefined).success,
    );
  }
  return json;
}

const problemRef = { $ref: "#/components/schemas/Problem" };
const problemAnswer = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemRef } },
});

function content(answer: Answer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (answer.json) out["application/json"] = { schema: jsonSchema(answer.json) };
  if (answer.html) out["text/html"] = { schema: { type: "string" } };
  if (answer.file) out[answer.file] = { schema: { type: "string" } };
  return out;
}

/** The whole description, for the configuration it runs with and the API's address. */
export function openApiDocument(config: Config, helpers: ConfigHelpers, serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = ROUTE_DOCS[route.name];
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const body = doc.body?.(config, helpers);
    const answers = Object.fromEntries(
      Object.entries(doc.answers).map(([status, answer]) => [
        status,
        {
          description: answer.description,
          ...(answer.redirect
            ? { headers: { Location: { schema: { type: "string" }, description: "Where to go" } } }
            : {}),
          ...(Object.keys(content(answer)).length > 0 ? { content: content(answer) } : {}),
        },
      ]),
    );
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.name,
      summary: doc.summary,
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: jsonSchema(body) },
                "application/x-www-form-urlencoded": { schema: jsonSchema(body) },
              },
            },
          }
        : {}),
      responses: {
        ...answers,
        "4XX": problemAnswer("A problem with the request (RFC 9457; `type` names it, see x-problem-types)"),
        "5XX": problemAnswer("A problem on our side; nothing was half-written"),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: apiDescriptionText.en.title,
      version: API_VERSION,
      description: apiDescriptionText.en.description,
      "x-description-vi": apiDescriptionText.vi.description,
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(responses.problemResponse) },
    },
    "x-problem-types": Object.entries(PROBLEMS).map(([type, p]) => ({
      type: `/problems/${type}`,
      status: p.status,
      about: p.about,
    })),
  };
}
