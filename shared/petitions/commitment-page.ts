import { commitmentPageText } from "../messages/sessions.ts";
import { formatDateTime, formatDay } from "../platform/dates.ts";
import type { FieldError } from "../platform/errors.ts";
import { checkboxField, type FormState, textArea, textField, type Values } from "../platform/forms.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { petitionFor } from "./audience.ts";
import { type CommitmentView, isOverdue } from "./commitments.ts";
import { agencyName } from "./labels.ts";
import { displayCode } from "./tracking.ts";

/**
 * A commitment's page (`/c/{token}`): what was promised, by whom, by when, where it stands, its reports, and the form
 * to report progress. The petition shows as the agency may see it (shared/petitions/audience.ts): a sensitive one
 * without who raised it.
 */
export function commitmentPage(
  view: CommitmentView,
  lang: Lang,
  form: { values?: Values; errors?: FieldError[]; notice?: SafeHtml } = {},
): SafeHtml {
  const t = commitmentPageText[lang];
  const { commitment: c, petition, loaded } = view;
  const seen = petitionFor(view.role === "agency" ? "agency" : "approver", petition, [], loaded.config);
  const state = c.status === "done" ? t.done : isOverdue(c) ? t.overdue : t.open;
  const reports = view.entries.map((e) => {
    const what =
      e.kind === "progress"
        ? `${t.progress}: ${e.percent ?? 0}%${e.done ? ` · ${t.done}` : ""}${e.by ? ` · ${e.by}` : ""}`
        : e.kind === "remind"
          ? t.reminded
          : t.escalated;
    return html`<li>${formatDateTime(e.at, lang)} — ${what}${e.note ? html`: ${e.note}` : ""}</li>`;
  });
  const fields: FormState = { lang, values: form.values ?? { percent: String(c.percent) }, errors: form.errors ?? [] };
  const report =
    c.status === "done"
      ? html`<p>${t.closed}</p>`
      : html`<form method="post" novalidate><input type="hidden" name="lang" value="${lang}"><h2>${t.report}</h2>${textField(fields, "percent", t.percent, { inputmode: "numeric", maxlength: 3 })}${textArea(fields, "note", t.reportNote, { rows: 3 })}${checkboxField(fields, "done", t.markDone)}<button type="submit">${t.submit}</button></form>`;
  const doneLine = c.doneAt ? html` (${formatDateTime(c.doneAt, lang)}, ${c.onTime ? t.onTime : t.late})` : "";
  return html`<h1>${t.heading({ code: displayCode(c.trackingCode) })}</h1>${form.notice ? html`<div class="notice" role="status">${form.notice}</div>` : ""}<dl><dt>${t.what}</dt><dd>${c.what}</dd><dt>${t.agency}</dt><dd>${agencyName(loaded.config, c.agency)}</dd><dt>${t.madeBy}</dt><dd>${c.madeBy} (${c.madeIn === "hall" ? t.hall : t.answer}, ${formatDateTime(c.madeAt, lang)})</dd><dt>${t.due}</dt><dd>${formatDay(c.due, lang)}</dd><dt>${t.progress}</dt><dd>${c.percent}% · ${state}${doneLine}</dd><dt>${t.petition}</dt><dd>${seen.title}</dd></dl>${report}<h2>${t.history}</h2>${reports.length > 0 ? html`<ul>${reports}</ul>` : html`<p>${t.noReports}</p>`}`;
}
