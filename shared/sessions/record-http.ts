import * as z from "zod/mini";
import { personName } from "../config/person.ts";
import type { Config } from "../config/schema.ts";
import { loadConfig } from "../config/store.ts";
import { both } from "../messages/catalogue.ts";
import { recordPageText } from "../messages/sessions.ts";
import { actAs } from "../petitions/service.ts";
import { displayCode, parseTrackingCode } from "../petitions/tracking.ts";
import { now } from "../platform/clock.ts";
import { AppError, ValidationError } from "../platform/errors.ts";
import type { Values } from "../platform/forms.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import { type ApiResult, htmlPage, type Req } from "../platform/http.ts";
import {
  blankOr,
  line,
  mobilePhone,
  oneOf,
  optionalEmail,
  optionalInt,
  optionalLine,
  paragraph,
  parseOrThrow,
} from "../platform/validation.ts";
import { pageTitle } from "../registration/organiser-pages.ts";
import type { Organiser } from "../registration/organisers.ts";
import { attendanceCounts, eventRegistrations } from "../registration/roster.ts";
import { dossierReplies } from "./dossier.ts";
import { type IssueRow, recordIssue, sessionIssues } from "./issues.ts";
import { closeSessionRecord, getSessionRecord } from "./record.ts";
import { recordPage } from "./record-pages.ts";

/** The record page's state after a post: its notice, or the form refused with its messages. */
export interface RecordState {
  status?: number;
  notice?: SafeHtml;
  form?: string;
  values?: Values;
  errors?: import("../platform/errors.ts").FieldError[];
  refused?: { row: number; field: string; message: { vi: string; en: string } }[];
}

const notDialogue = () =>
  new AppError(404, "not-found", both(recordPageText, "notDialogue"), both(recordPageText, "notDialogue"));

/** Only a dialogue session has a record: checked before anything is written (an organiser of a training has a link too). */
export function requireDialogue(organiser: Organiser): void {
  if (organiser.event.kind !== "dialogue") throw notDialogue();
}

/** GET /g/{token}?view=record, and every answer of POST /g/{token}/record. */
export async function recordView(req: Req, organiser: Organiser, state: RecordState = {}): Promise<ApiResult> {
  if (organiser.event.kind !== "dialogue") throw notDialogue();
  const { config, helpers } = await loadConfig();
  const [record, issues, registrations, replies] = await Promise.all([
    getSessionRecord(organiser.event.id),
    sessionIssues(organiser.event.id),
    eventRegistrations(organiser.event.id),
    dossierReplies(organiser.event.id),
  ]);
  const { total } = attendanceCounts(registrations, helpers);
  const body = recordPage({
    organiser,
    config,
    helpers,
    lang: req.lang,
    record,
    issues,
    replies,
    attended: total.checkedIn + total.walkIns,
    baseUrl: req.pageBase,
    ...state,
  });
  return htmlPage(state.status ?? 200, req.lang, `${pageTitle("record", req.lang)} · ${organiser.event.title}`, body);
}

/** One issue as the record's form sends it (the sheet's rows are read by shared/sessions/sheet.ts). */
export function issueFormSchema(config: Config) {
  return z.object({
    raisedBy: z.optional(
      z.object({
        fullName: blankOr(personName),
        phone: blankOr(mobilePhone),
        email: optionalEmail,
      }),
    ),
    village: optionalLine(100),
    category: oneOf(config.categories.map((c) => c.id)),
    title: line(200),
    content: blankOr(paragraph(5000)),
    answer: blankOr(paragraph(5000)),
    answeredBy: optionalLine(200),
    commitment: blankOr(paragraph(1000)),
    commitmentAgency: blankOr(oneOf(config.agencies.map((a) => a.id))),
    commitmentDue: optionalLine(40),
  });
}

/** The form's fields as an issue row: a name makes it hers, none a group's; an answer makes it answered in the hall. */
export function issueRowOf(input: z.output<ReturnType<typeof issueFormSchema>>, agencyOfCategory: string): IssueRow {
  const name = input.raisedBy?.fullName;
  return {
    ...(name
      ? {
          raisedBy: {
            fullName: name,
            ...(input.raisedBy?.phone ? { phone: input.raisedBy.phone } : {}),
            ...(input.raisedBy?.email ? { email: input.raisedBy.email } : {}),
          },
        }
      : {}),
    ...(input.village ? { village: input.village } : {}),
    category: input.category,
    title: input.title,
    content: input.content ?? input.title,
    ...(input.answer
      ? { hallAnswer: { text: input.answer, ...(input.answeredBy ? { by: input.answeredBy } : {}) } }
      : {}),
    ...(input.answer && input.commitment
      ? {
          commitment: {
            what: input.commitment,
            agency: input.commitmentAgency ?? agencyOfCategory,
            ...(input.commitmentDue ? { due: input.commitmentDue } : {}),
          },
        }
      : {}),
  };
}

/** Re-show the page with the refused form's messages (and what was typed). */
async function refusedForm(req: Req, organiser: Organiser, form: string, error: ValidationError): Promise<ApiResult> {
  return recordView(req, organiser, {
    status: error.status,
    form,
    values: req.body as Values,
    errors: error.fieldErrors,
  });
}

/** POST /g/{token}/record, an issue from the form. */
export async function recordIssueFromForm(req: Req, organiser: Organiser): Promise<ApiResult> {
  const { config } = await loadConfig();
  try {
    const input = parseOrThrow(issueFormSchema(config), req.body);
    // Her address brings her her own link, and with it her data rights, which find her by her phone: both, or neither.
    if (input.raisedBy?.email && !input.raisedBy.phone) {
      throw new ValidationError([
        { path: "raisedBy.phone", code: "required", message: both(recordPageText, "phoneWithEmail") },
      ]);
    }
    const agency = config.categories.find((c) => c.id === input.category)?.agency ?? "";
    const recorded = await recordIssue(organiser, issueRowOf(input, agency), req.baseUrl);
    const notice = html`<p>${recordPageText[req.lang].recorded({ code: recorded.trackingCode })}</p>`;
    return recordView(req, organiser, { status: 201, notice });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return refusedForm(req, organiser, "issue", error);
  }
}

/** POST /g/{token}/record, `answer_in_hall`: one of the session's issues answered on the spot. */
export async function answerInHall(req: Req, organiser: Organiser): Promise<ApiResult> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const code = parseTrackingCode(String(body.code ?? ""));
  const issue = code ? (await sessionIssues(organiser.event.id)).find((p) => p.trackingCode === code) : undefined;
  if (!code || !issue) {
    throw new ValidationError([{ path: "code", code: "invalid", message: both(recordPageText, "notThisSession") }]);
  }
  // The list's forms name their fields under the issue's code (shared/sessions/record-pages.ts); an API client may not.
  const fields = (body[`i${code}`] as Record<string, unknown> | undefined) ?? body;
  try {
    await actAs(
      { role: "organiser", email: organiser.email },
      issue,
      { ...fields, action: "answer_in_hall" },
      req.baseUrl,
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return recordView(req, organiser, {
      status: error.status,
      form: `answer:${code}`,
      values: body as Values,
      errors: error.fieldErrors,
    });
  }
  const notice = html`<p>${recordPageText[req.lang].answeredNotice({ code: displayCode(code) })}</p>`;
  return recordView(req, organiser, { notice });
}

/** POST /g/{token}/record, `close`: no more reminders. */
export async function closeRecord(req: Req, organiser: Organiser): Promise<ApiResult> {
  const schema = z.object({ attendanceCounted: optionalInt(0, 100_000, "one_of") });
  try {
    const { attendanceCounted } = parseOrThrow(schema, req.body);
    // Closing stops the reminders and any dossier still to go: only once the session is over.
    if (now().getTime() < Date.parse(organiser.event.endsAt)) {
      throw new ValidationError([
        { path: "attendanceCounted", code: "invalid", message: both(recordPageText, "notOver") },
      ]);
    }
    await closeSessionRecord(organiser.event.id, organiser.name, attendanceCounted);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return refusedForm(req, organiser, "close", error);
  }
  return recordView(req, organiser, { notice: html`<p>${recordPageText[req.lang].closedNotice}</p>` });
}
