import type { ConfigHelpers } from "../config/config.ts";
import type { Config } from "../config/schema.ts";
import { both } from "../messages/catalogue.ts";
import { organiserProblemText, organiserText } from "../messages/organiser.ts";
import { noActionText } from "../messages/registration.ts";
import { recordPageText } from "../messages/sessions.ts";
import { formatSpan, isoToVietnamLocal, vietnamTime } from "../platform/dates.ts";
import type { FieldError } from "../platform/errors.ts";
import { AppError } from "../platform/errors.ts";
import { checkboxField, errorSummary, type FormState, textField, type Values } from "../platform/forms.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { displaySpokenCode } from "../platform/ids.ts";
import { withQuery } from "../platform/links.ts";
import { maskVietnamMobile } from "../platform/phone.ts";
import { applyFilter, BULK_MAX, type BulkResult, type LogEntry, type RosterFilter, type Selection } from "./bulk.ts";
import type { CheckInOutcome } from "./door.ts";
import type { Registration } from "./model.ts";
import type { Organiser } from "./organisers.ts";
import { registrationFields, registrationLabels } from "./pages.ts";
import { type Attendance, type AttendanceCounts, DIMENSIONS } from "./roster.ts";

/**
 * The organiser's pages behind `/g/{token}`, for a phone on a venue's weak signal: the door (check-in by code
 * or name: a few kilobytes, one POST per person), the roster (filters, busiest minutes, bulk cancel), the
 * attendance counts and the walk-in form. Every link and form is built from the organiser's own addresses
 * (`organiser.urls`), so a page reads the same wherever it is answered (`/g/{token}` or `/g/{token}/bulk`).
 */

export type View = "door" | "roster" | "counts" | "walk-in" | "record";

function nav(organiser: Organiser, current: View, lang: Lang): SafeHtml {
  const w = organiserText[lang];
  const items: [View, string][] = [
    ["door", w.door],
    ["roster", w.roster],
    ["counts", w.counts],
    ["walk-in", w.walkIn],
    // A dialogue session's record: its issues, the answers in the hall (shared/sessions/record-pages.ts).
    ...(organiser.event.kind === "dialogue" ? [["record", recordPageText[lang].nav] as [View, string]] : []),
  ];
  return html`<nav><p>${items.map(
    ([view, label], i) =>
      html`${i > 0 ? " · " : ""}${view === current ? html`<strong>${label}</strong>` : html`<a href="${withQuery(organiser.urls.page, { view }, lang)}">${label}</a>`}`,
  )}</p></nav>`;
}

export function header(organiser: Organiser, current: View, lang: Lang): SafeHtml {
  const e = organiser.event;
  return html`<h1>${e.title}</h1><p>${formatSpan(e.startsAt, e.endsAt, lang)} · ${e.venue}</p>${nav(organiser, current, lang)}`;
}

function totalsLine(total: Attendance, lang: Lang): SafeHtml {
  const w = organiserText[lang];
  return html`<p>${w.registered}: <strong>${total.registered}</strong> · ${w.checkedIn}: <strong>${total.checkedIn}</strong> · ${w.walkIns}: <strong>${total.walkIns}</strong> · ${w.noShows}: <strong>${total.noShows}</strong> · ${w.waitlisted}: <strong>${total.waitlisted}</strong></p>`;
}

const who = (r: Registration, helpers: ConfigHelpers) =>
  `${nameOf(r)} — ${r.role}, ${helpers.area(r.commune)?.name ?? r.commune}`;

/** Her name, or "—" once her data was erased (her request, or retention: shared/rights/): the registration stays. */
const nameOf = (r: Registration) => r.fullName ?? "—";

/**
 * Where the door's buttons post: her page, with the name she searched for, so the answer shows the same list again
 * (the next person of a family found under one name is one tap away).
 */
const doorAction = (organiser: Organiser, q?: string) =>
  q ? withQuery(organiser.urls.page, { view: "door", q }) : organiser.urls.page;

/** What a check-in did, above the door's code box (with the button that lets a waiting woman in). */
export function checkInNotice(
  organiser: Organiser,
  outcome: CheckInOutcome,
  helpers: ConfigHelpers,
  lang: Lang,
  q?: string,
): SafeHtml {
  const w = organiserText[lang];
  switch (outcome.kind) {
    case "checked-in":
      return html`<div class="ok" role="status"><p><strong>${w.checkedInOk}:</strong> ${who(outcome.registration, helpers)}${outcome.registration.overCapacity ? ` (${w.overCapacity})` : ""}</p><p class="code">${displaySpokenCode(outcome.registration.code)}</p></div>`;
    case "already":
      return html`<div class="summary" role="alert"><p>${w.already({ name: nameOf(outcome.registration), at: vietnamTime(outcome.registration.checkedInAt as string) })}</p></div>`;
    case "no-such-code":
      return html`<div class="summary" role="alert"><p>${w.noSuchCode({ typed: outcome.typed })}</p></div>`;
    case "cancelled":
      return html`<div class="summary" role="alert"><p>${w.cancelled({ name: nameOf(outcome.registration) })}</p></div>`;
    case "waiting":
      return html`<div class="summary" role="alert"><p>${w.waiting({ name: nameOf(outcome.registration), n: outcome.position })}</p><form method="post" action="${doorAction(organiser, q)}"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="checkin"><input type="hidden" name="registrationId" value="${outcome.registration.registrationId}"><input type="hidden" name="overCapacity" value="on"><button type="submit">${w.letIn}</button></form></div>`;
  }
}

/** HTTP status for a check-in's page: what happened, for clients and tests. */
export function outcomeStatus(outcome: CheckInOutcome): number {
  return { "checked-in": 200, already: 409, "no-such-code": 404, cancelled: 409, waiting: 409 }[outcome.kind];
}

const SEARCH_RESULTS = 10;

export interface DoorPageInput {
  organiser: Organiser;
  helpers: ConfigHelpers;
  lang: Lang;
  registrations: Registration[];
  total: Attendance;
  q?: string;
  notice?: SafeHtml;
}

/** The door: the code box, a name search with a check-in button per person, and the running totals. */
export function doorPage({ organiser, helpers, lang, registrations, total, q, notice }: DoorPageInput): SafeHtml {
  const w = organiserText[lang];
  const action = doorAction(organiser, q);
  const found = q
    ? applyFilter(registrations, { q })
        .filter((r) => r.status !== "cancelled")
        .slice(0, SEARCH_RESULTS)
    : [];
  const state: FormState = { lang, values: {}, errors: [] };
  const results = q
    ? found.length === 0
      ? html`<p>${w.noMatch}</p>`
      : html`<ul>${found.map(
          (r) =>
            html`<li>${who(r, helpers)} · ${maskVietnamMobile(r.phone)} · ${r.checkedInAt ? html`<strong>${w.checkedIn} ${vietnamTime(r.checkedInAt)}</strong>` : html`<form method="post" action="${action}"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="checkin"><input type="hidden" name="registrationId" value="${r.registrationId}"><button type="submit">${w.checkIn}</button></form>`}</li>`,
        )}</ul>`
    : "";
  return html`${header(organiser, "door", lang)}${notice ?? ""}${totalsLine(total, lang)}
<form method="post" action="${action}" autocomplete="off"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="checkin">${textField(state, "code", w.code, { hint: w.codeHint, maxlength: 40 })}<button type="submit">${w.checkIn}</button></form>
<form method="get" action="${organiser.urls.page}"><input type="hidden" name="view" value="door"><input type="hidden" name="lang" value="${lang}">${textField({ ...state, values: { q: q ?? "" } }, "q", w.find, { maxlength: 100 })}<button type="submit" class="secondary">${w.search}</button></form>${results}`;
}

export function walkInNotice(name: string, code: string, lang: Lang): SafeHtml {
  return html`<div class="ok" role="status"><p><strong>${organiserText[lang].walkInOk}:</strong> ${name}</p><p class="code">${displaySpokenCode(code)}</p></div>`;
}

export interface WalkInPageInput {
  organiser: Organiser;
  config: Config;
  helpers: ConfigHelpers;
  lang: Lang;
  values?: Values;
  errors?: FieldError[];
}

export function walkInPage({ organiser, config, helpers, lang, values = {}, errors = [] }: WalkInPageInput): SafeHtml {
  const w = organiserText[lang];
  const state: FormState = { lang, values, errors };
  return html`${header(organiser, "walk-in", lang)}${errorSummary(state, registrationLabels(lang))}<form method="post" action="${organiser.urls.page}" novalidate accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="walk-in">
${registrationFields({ config, helpers, state })}
${checkboxField(state, "overCapacity", w.letInBeyond)}<button type="submit">${w.register}</button></form>`;
}

const PAGE_SIZE = 50;

/** The minutes with the most registrations: where a flood shows. */
function busiestMinutes(organiser: Organiser, registrations: Registration[], lang: Lang): SafeHtml {
  const perMinute = new Map<string, number>();
  for (const r of registrations) {
    const minute = isoToVietnamLocal(r.createdAt).slice(0, 16);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  const top = [...perMinute.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
  if (top.length === 0) return html``;
  return html`<h2>${organiserText[lang].busiest}</h2><ul>${top.map(
    ([minute, n]) =>
      html`<li><a href="${withQuery(organiser.urls.page, { view: "roster", from: minute, to: minute }, lang)}">${minute.replace("T", " ")}</a>: ${n}</li>`,
  )}</ul>`;
}

/** The roster's filter, carried by a form's hidden fields to the POST that acts on it. */
function filterFields(filter: RosterFilter, lang: Lang): SafeHtml {
  return html`<input type="hidden" name="lang" value="${lang}">${(["q", "status", "from", "to"] as const).map((k) =>
    filter[k] ? html`<input type="hidden" name="${k}" value="${filter[k]}">` : "",
  )}`;
}

export interface RosterPageInput {
  organiser: Organiser;
  lang: Lang;
  registrations: Registration[];
  filter: RosterFilter;
  page: number;
  log: LogEntry[];
  notice?: SafeHtml;
  errors?: FieldError[];
}

export function rosterPage(input: RosterPageInput): SafeHtml {
  const { organiser, lang, registrations, filter, log, notice } = input;
  const w = organiserText[lang];
  const shown = applyFilter(registrations, filter);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page), pages);
  const rows = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const state: FormState = { lang, values: { ...filter }, errors: input.errors ?? [] };
  const statusOption = (value: string, label: string) =>
    html`<option value="${value}"${filter.status === value || (!filter.status && value === "") ? html` selected` : ""}>${label}</option>`;
  const hidden = filterFields(filter, lang);
  // Only the filter's own fields: after a bulk cancel `filter` is the whole selection (ticked rows, asOf…).
  const { q, status, from, to } = filter;
  const pageLink = (n: number) =>
    withQuery(organiser.urls.page, { view: "roster", q, status, from, to, page: String(n) }, lang);
  // The bulk buttons post with the roster's filter and page, so the page that answers shows the same roster.
  const bulkAction = withQuery(organiser.urls.bulk, { view: "roster", q, status, from, to, page: String(page) });
  return html`${header(organiser, "roster", lang)}${notice ?? ""}${errorSummary(state, { from: w.from })}
<form method="get" action="${organiser.urls.page}"><input type="hidden" name="view" value="roster"><input type="hidden" name="lang" value="${lang}">${textField(state, "q", w.find, { maxlength: 100 })}<label for="f-status">${w.status}</label><select id="f-status" name="status">${statusOption("", w.all)}${statusOption("confirmed", w.statuses.confirmed)}${statusOption("waitlisted", w.statuses.waitlisted)}${statusOption("cancelled", w.statuses.cancelled)}</select><label for="f-from">${w.from}</label><input id="f-from" name="from" type="datetime-local" step="1" value="${filter.from ?? ""}"><label for="f-to">${w.to}</label><input id="f-to" name="to" type="datetime-local" step="1" value="${filter.to ?? ""}"><button type="submit" class="secondary">${w.filter}</button></form>
${busiestMinutes(organiser, registrations, lang)}
<p>${w.shown({ n: shown.length, total: registrations.length })}${pages > 1 ? html` · ${w.page} ${page}/${pages}${page > 1 ? html` <a href="${pageLink(page - 1)}">‹</a>` : ""}${page < pages ? html` <a href="${pageLink(page + 1)}">›</a>` : ""}` : ""}</p>
<form method="post" action="${bulkAction}">${hidden}<input type="hidden" name="action" value="bulk-preview"><table><thead><tr><th scope="col">${w.select}</th><th scope="col">${w.arrived}</th><th scope="col">${w.name}</th><th scope="col">${w.phone}</th><th scope="col">${w.status}</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td>${r.status !== "cancelled" && !r.checkedInAt ? html`<input type="checkbox" name="sel.${r.registrationId}" value="on" aria-label="${w.select} ${nameOf(r)}">` : ""}</td><td>${vietnamTime(r.createdAt)}</td><td>${nameOf(r)}${r.walkIn ? ` (${w.walkIns})` : ""}</td><td>${maskVietnamMobile(r.phone)}</td><td>${w.statuses[r.status]}${r.checkedInAt ? ` · ${w.checkedIn}` : ""}</td></tr>`,
  )}</tbody></table><button type="submit">${w.cancelTicked}</button></form>
${filter.from || filter.to ? html`<form method="post" action="${bulkAction}">${hidden}<input type="hidden" name="action" value="bulk-preview"><button type="submit" class="secondary">${w.cancelWindow}</button></form>` : ""}
${log.length > 0 ? html`<h2>${w.log}</h2><ul>${log.slice(0, 10).map((e) => html`<li>${w.logLine({ ...e, at: e.at.slice(0, 19).replace("T", " ") })}</li>`)}</ul>` : ""}`;
}

/** Before a bulk cancel: how many, who (the first few), and the button that does it. */
export function bulkPreviewPage(
  organiser: Organiser,
  targets: Registration[],
  selection: Selection,
  lang: Lang,
  asOf: string,
): SafeHtml {
  const w = organiserText[lang];
  const count = Math.min(targets.length, BULK_MAX);
  const carried = html`${filterFields(selection, lang)}${Object.keys(selection.sel ?? {}).map((id) => html`<input type="hidden" name="sel.${id}" value="on">`)}<input type="hidden" name="asOf" value="${asOf}">`;
  return html`${header(organiser, "roster", lang)}<div class="summary"><p>${w.previewLead({ n: count })}</p><ul>${targets
    .slice(0, 10)
    .map(
      (r) => html`<li>${vietnamTime(r.createdAt)} · ${nameOf(r)} · ${maskVietnamMobile(r.phone)}</li>`,
    )}</ul>${targets.length > 10 ? html`<p>${w.more({ n: targets.length - 10 })}</p>` : ""}</div>
<form method="post" action="${organiser.urls.bulk}">${carried}<input type="hidden" name="action" value="bulk-cancel">${checkboxField({ lang, values: {}, errors: [] }, "notify", w.notify)}<button type="submit">${w.confirm({ n: count })}</button></form>`;
}

export function bulkDoneNotice(result: BulkResult, lang: Lang) {
  const w = organiserText[lang];
  return html`<div class="ok" role="status"><p>${w.bulkDone(result)}</p>${result.remaining > 0 ? html`<p>${w.remaining({ n: result.remaining })}</p>` : ""}${result.failed > 0 ? html`<p>${w.failed({ n: result.failed })}</p>` : ""}</div>`;
}

export function countsPage(organiser: Organiser, counts: AttendanceCounts, lang: Lang): SafeHtml {
  const w = organiserText[lang];
  const fields: (keyof Attendance)[] = ["registered", "checkedIn", "walkIns", "noShows", "waitlisted"];
  const table = (title: string, rows: [string, Attendance][]) =>
    html`<h2>${title}</h2><table><thead><tr><th scope="col">${w.group}</th>${fields.map((f) => html`<th scope="col">${w[f]}</th>`)}</tr></thead><tbody>${rows.map(
      ([name, a]) => html`<tr><td>${name}</td>${fields.map((f) => html`<td>${a[f]}</td>`)}</tr>`,
    )}</tbody></table>`;
  return html`${header(organiser, "counts", lang)}${table(w.total, [[w.total, counts.total]])}<p>${w.cancelledCount({ n: counts.cancelled })}</p>${DIMENSIONS.map((d) => table(w.dimensions[d], counts.by[d]))}`;
}

export function pageTitle(view: View, lang: Lang): string {
  const w = organiserText[lang];
  return { door: w.door, roster: w.roster, counts: w.counts, "walk-in": w.walkIn, record: recordPageText[lang].title }[
    view
  ];
}

/** A POST to the organiser's link without one of its buttons' actions. */
export const noAction = () =>
  new AppError(400, "no-action", both(noActionText, "title"), both(organiserProblemText, "noAction"));
