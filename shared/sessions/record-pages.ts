import type { ConfigHelpers } from "../config/config.ts";
import type { Config } from "../config/schema.ts";
import { actionFieldsText, stateText } from "../messages/petitions.ts";
import { dossierText, recordPageText } from "../messages/sessions.ts";
import { categoryName } from "../petitions/labels.ts";
import type { Petition } from "../petitions/petition.ts";
import { displayCode } from "../petitions/tracking.ts";
import { formatDateTime } from "../platform/dates.ts";
import type { FieldError } from "../platform/errors.ts";
import { errorSummary, type FormState, selectField, textArea, textField, type Values } from "../platform/forms.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { link, withQuery } from "../platform/links.ts";
import { header } from "../registration/organiser-pages.ts";
import type { Organiser } from "../registration/organisers.ts";
import type { DossierReply } from "./dossier.ts";
import type { SessionRecord } from "./model.ts";

/**
 * The organiser's record of a dialogue session (`/g/{token}?view=record`): attendance from check-in, one form to
 * record an issue (with its answer in the hall and a commitment, when there was one), the secretary's sheet to
 * upload, the issues so far (each still with the commune union offering "answered at the session"), and closing the
 * record. Every form posts to `/g/{token}/record` and comes back here with its message beside its field.
 */

export interface RecordPageInput {
  organiser: Organiser;
  config: Config;
  helpers: ConfigHelpers;
  lang: Lang;
  record: SessionRecord | undefined;
  issues: readonly Petition[];
  /** The invited leaders' replies to the dossier: the issues each will answer in the hall. */
  replies: readonly DossierReply[];
  attended: number;
  baseUrl: string;
  notice?: SafeHtml;
  /** The form that was refused, with its messages: `issue`, or `answer:<code>` for one issue's. */
  form?: string;
  values?: Values;
  errors?: FieldError[];
  /** A sheet's refused rows. */
  refused?: { row: number; field: string; message: { vi: string; en: string } }[];
}

export const recordAction = (organiser: Organiser) => `${organiser.urls.page}/record`;

function hallFields(state: FormState, config: Config, prefix: string): SafeHtml {
  const f = actionFieldsText[state.lang];
  const agencies = config.agencies.map((a) => ({ value: a.id, label: a.name }));
  return html`${textArea(state, `${prefix}answer`, f.hallAnswer, { rows: 3 })}${textField(state, `${prefix}answeredBy`, f.answeredBy, { maxlength: 200 })}${textArea(state, `${prefix}commitment`, f.commitment, { rows: 2 })}${selectField(state, `${prefix}commitmentAgency`, f.commitmentAgency, agencies)}${textField(state, `${prefix}commitmentDue`, f.commitmentDue, { maxlength: 40 })}`;
}

function issueForm(input: RecordPageInput, state: FormState): SafeHtml {
  const t = recordPageText[input.lang];
  const categories = input.config.categories.map((c) => ({
    value: c.id,
    label: categoryName(input.config, c.id, input.lang),
  }));
  return html`<section><h2>${t.enter}</h2><p>${t.enterHint}</p><form method="post" action="${recordAction(input.organiser)}" novalidate><input type="hidden" name="lang" value="${input.lang}"><input type="hidden" name="action" value="issue">${errorSummary(state, {})}${textField(state, "raisedBy.fullName", t.fullName, { maxlength: 100, autocomplete: "off" })}${textField(state, "raisedBy.phone", t.phone, { type: "tel", inputmode: "tel", autocomplete: "off" })}${textField(state, "raisedBy.email", t.email, { type: "email", autocomplete: "off" })}${textField(state, "village", t.village, { maxlength: 100 })}${selectField(state, "category", t.category, categories)}${textField(state, "title", t.issueTitle, { required: true, maxlength: 200 })}${textArea(state, "content", t.content, { rows: 3 })}<fieldset><legend>${t.hall}</legend>${hallFields(state, input.config, "")}</fieldset><button type="submit">${t.record}</button></form></section>`;
}

function importForm(input: RecordPageInput): SafeHtml {
  const t = recordPageText[input.lang];
  // No file chosen: said as a refused row 0 would be, beside the upload.
  const refused = [
    ...(input.form === "import"
      ? (input.errors ?? []).map((e) => ({ row: 0, field: e.path, message: e.message }))
      : []),
    ...(input.refused ?? []),
  ];
  const report =
    refused.length > 0
      ? html`<div class="err" role="alert"><p>${t.refused({ n: new Set(refused.map((r) => r.row)).size })}</p><ul>${refused.map((r) => html`<li>${r.row > 0 ? `${t.row({ row: r.row })}: ` : ""}${r.message[input.lang]}</li>`)}</ul></div>`
      : "";
  const sheet = `${input.organiser.urls.page}/sheet`;
  const template = withQuery(sheet, {}, input.lang);
  return html`<section><h2>${t.import}</h2><p>${t.importHint}</p>${report}<form method="post" action="${sheet}" enctype="multipart/form-data"><input type="hidden" name="lang" value="${input.lang}"><div class="field"><label for="f-sheet">${t.file}</label><input id="f-sheet" type="file" name="sheet" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></div><button type="submit">${t.upload}</button></form><p><a href="${template}">${t.template}</a></p></section>`;
}

function issueList(input: RecordPageInput): SafeHtml {
  const t = recordPageText[input.lang];
  const { lang } = input;
  if (input.issues.length === 0) return html`<section><h2>${t.issues}</h2><p>${t.none}</p></section>`;
  const rows = input.issues.map((p) => {
    const code = displayCode(p.trackingCode);
    const form = `answer:${p.trackingCode}`;
    // Each issue's fields are named under its code (`i<code>.answer`): one page, many forms, no two fields one id.
    const prefix = `i${p.trackingCode}.`;
    const refused = input.form === form;
    const state: FormState = {
      lang,
      values: refused ? (input.values ?? {}) : {},
      errors: refused ? (input.errors ?? []).map((e) => ({ ...e, path: `${prefix}${e.path}` })) : [],
    };
    const answerable = p.status === "screening";
    const answering = input.replies
      .filter((r) => r.willAnswer.includes(p.trackingCode))
      .map((r) => (r.title ? `${r.name} (${r.title})` : r.name));
    return html`<li><p><strong>${code}</strong> · ${p.title} · ${categoryName(input.config, p.category, lang)} · ${stateText[lang][p.status]}${p.raisedAt === "before" ? html` · ${t.raisedBefore}` : ""}</p>${answering.length > 0 ? html`<p>${dossierText[lang].replies}: ${answering.join(", ")}</p>` : ""}${answerable ? html`<details${state.errors.length > 0 ? html` open` : ""}><summary>${t.answerInHall}</summary><form method="post" action="${recordAction(input.organiser)}" novalidate><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="answer_in_hall"><input type="hidden" name="code" value="${p.trackingCode}">${hallFields(state, input.config, prefix)}<button type="submit">${t.answerInHall}</button></form></details>` : ""}</li>`;
  });
  return html`<section><h2>${t.issues} (${input.issues.length})</h2><ul class="issues">${rows}</ul></section>`;
}

function closeForm(input: RecordPageInput): SafeHtml {
  const t = recordPageText[input.lang];
  if (input.record?.closedAt)
    return html`<p>${t.closed({ at: formatDateTime(input.record.closedAt, input.lang) })}</p>`;
  const refused = input.form === "close";
  const state: FormState = {
    lang: input.lang,
    values: refused ? (input.values ?? {}) : {},
    errors: refused ? (input.errors ?? []) : [],
  };
  return html`<section><h2>${t.close}</h2><p>${t.closeHint}</p><form method="post" action="${recordAction(input.organiser)}" novalidate><input type="hidden" name="lang" value="${input.lang}"><input type="hidden" name="action" value="close">${textField(state, "attendanceCounted", t.counted, { inputmode: "numeric", maxlength: 5 })}<button type="submit">${t.close}</button></form></section>`;
}

export function recordPage(input: RecordPageInput): SafeHtml {
  const t = recordPageText[input.lang];
  const { organiser, lang } = input;
  const issueState: FormState = {
    lang,
    values: input.form === "issue" ? (input.values ?? {}) : {},
    errors: input.form === "issue" ? (input.errors ?? []) : [],
  };
  const publicUrl = link("session", { eventId: organiser.event.id }, { base: input.baseUrl, lang });
  const d = dossierText[lang];
  const dossier = input.record?.dossierSentAt
    ? d.sentAt({ at: formatDateTime(input.record.dossierSentAt, lang) })
    : d.notYet;
  return html`${header(organiser, "record", lang)}${input.notice ? html`<div class="notice" role="status">${input.notice}</div>` : ""}<p>${t.attendance({ n: input.attended })} ${input.record?.closedAt ? "" : t.open}</p><p>${dossier}</p><p><a href="${publicUrl}">${t.publicPage}</a></p>${issueForm(input, issueState)}${importForm(input)}${issueList(input)}${closeForm(input)}`;
}
