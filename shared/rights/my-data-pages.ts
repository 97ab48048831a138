import type { ConfigHelpers } from "../config/config.ts";
import { personText } from "../messages/common.ts";
import { myDataDoneText, myDataText, officerRequestText, requestPageText, rightsKindText } from "../messages/rights.ts";
import { formatDateTime, formatDay, vietnamDay } from "../platform/dates.ts";
import { checkboxField, errorSummary, type FormState, radioGroup, textArea, textField } from "../platform/forms.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { formatVietnamMobile, maskVietnamMobile } from "../platform/phone.ts";
import { channelText } from "./mails.ts";
import type {
  Facts,
  Held,
  HerItem,
  HerOutcome,
  HerView,
  Notice,
  OfficerOutcome,
  UnitOutcome,
  UnitView,
} from "./my-data.ts";
import { REQUEST_KINDS, type RightsRequest } from "./requests.ts";

/**
 * The pages of her data rights: her own (what is held, a form per right), the union's page for one request, and the
 * officer's section of her intake page. Every button is a form's POST; the GET only shows.
 */

const itemWord = (held: Held, lang: Lang) => myDataText[lang].thisItem[held.from];

const sourceLine = (held: Held, lang: Lang) =>
  held.from === "registration"
    ? myDataText[lang].fromRegistration({ event: held.event?.title ?? held.registration.eventId })
    : myDataText[lang].fromPetition({ title: held.petition.title });

/** The rows of what is held: only what there is, and "none" for an address or a group she did not give. */
function factRows(facts: Facts, helpers: ConfigHelpers, lang: Lang, phone: (e164: string) => string): SafeHtml {
  const t = myDataText[lang];
  const p = personText[lang];
  const none = html`<em>${t.none}</em>`;
  const row = (label: string, value: SafeHtml | string | undefined) =>
    value === undefined ? "" : html`<dt>${label}</dt><dd>${value}</dd>`;
  const gender = facts.gender as keyof typeof p.genders | undefined;
  return html`<dl>${row(t.name, facts.fullName)}${row(t.phone, facts.phone ? phone(facts.phone) : none)}${row(t.email, facts.email ?? none)}${row(t.gender, gender ? p.genders[gender] : undefined)}${row(t.birthYear, facts.birthYear === undefined ? undefined : String(facts.birthYear))}${row(t.ethnicity, facts.ethnicity?.name ?? none)}${row(t.ethnicityConsent, facts.ethnicityConsentAt ? formatDateTime(facts.ethnicityConsentAt, lang) : none)}${row(t.consent, facts.consentAt && facts.consentVersion ? t.consentLine({ version: facts.consentVersion, at: formatDateTime(facts.consentAt, lang) }) : undefined)}${row(t.commune, helpers.area(facts.commune)?.name ?? facts.commune)}${row(t.village, facts.village)}${row(t.role, facts.role)}${row(t.interpreter, facts.needsInterpreter)}${row(t.onBehalfOf, facts.onBehalfOf)}</dl>`;
}

/** Where a request stands, in her words. */
function statusOf(r: RightsRequest, lang: Lang): string {
  const t = myDataText[lang];
  if (r.completedAt) return t.statusCompleted({ at: formatDateTime(r.completedAt, lang) });
  if (r.acknowledgedAt) return t.statusAcknowledged({ day: formatDay(r.completeDue, lang) });
  return t.statusOpen({ day: formatDay(r.ackDue, lang) });
}

function requestsTable(requests: readonly RightsRequest[], lang: Lang): SafeHtml {
  const t = myDataText[lang];
  if (requests.length === 0) return html``;
  return html`<h2>${t.requestsHeading}</h2><table><thead><tr><th scope="col">${t.request}</th><th scope="col">${t.receivedAt}</th><th scope="col">${t.status}</th></tr></thead><tbody>${[
    ...requests,
  ]
    .reverse()
    .map(
      (r) =>
        html`<tr><td>${rightsKindText[lang][r.kind]}</td><td>${formatDay(vietnamDay(new Date(r.receivedAt)), lang)}</td><td>${statusOf(r, lang)}</td></tr>`,
    )}</tbody></table>`;
}

/** A button that posts `action` (and the page's language): every right is its own small form. */
function actionForm(lang: Lang, action: string, label: string, fields: SafeHtml | string = ""): SafeHtml {
  return html`<form method="post" novalidate accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="${action}">${fields}<button type="submit">${label}</button></form>`;
}

const noticeBox = (notice: Notice | undefined, held: Held, lang: Lang): SafeHtml | string => {
  if (!notice || notice === "erased") return "";
  const t = myDataText[lang];
  const text = notice === "noEthnicity" ? t.noEthnicity({ item: itemWord(held, lang) }) : t[notice];
  return html`<p class="ok" role="status">${text}</p>`;
};

export interface HerPageOptions {
  /** What she typed, and what was wrong with it (a form sent back). */
  state?: Omit<FormState, "lang">;
  notice?: Notice;
}

/** Her page: what is held from the item her link is for, and a form for each of her rights. */
export function herPage(view: HerView, lang: Lang, options: HerPageOptions = {}): SafeHtml {
  const { held, facts, requests, loaded } = view;
  const { config, helpers } = loaded;
  const t = myDataText[lang];
  const item = itemWord(held, lang);
  const intro = html`<h1>${t.title}</h1>${noticeBox(options.notice, held, lang)}<p>${t.intro({ source: sourceLine(held, lang) })}</p>`;
  if (!facts.phone) return html`${intro}<p>${t.erased({ item })}</p>${requestsTable(requests, lang)}`;
  const state: FormState = {
    lang,
    values: options.state?.values ?? { fullName: facts.fullName, email: facts.email },
    errors: options.state?.errors ?? [],
  };
  const p = personText[lang];
  const labels = { fullName: p.fullName, email: p.email, confirm: t.eraseHeading };
  const deadlines = t.deadlines({ ack: config.rights.acknowledgeWorkingDays, complete: config.rights.completeDays });
  const withdraw =
    facts.ethnicity || facts.ethnicityConsentAt
      ? html`<p>${t.withdrawHint({ item })}</p>${actionForm(lang, "withdraw-consent", t.withdrawButton)}`
      : html`<p>${t.noEthnicity({ item })}</p>`;
  return html`${intro}${errorSummary(state, labels)}
<h2>${t.held}</h2>${factRows(facts, helpers, lang, maskVietnamMobile)}<p class="hint">${t.phoneHint}</p>
<h2>${t.correctHeading}</h2><p>${t.correctHint({ item })}</p>${actionForm(
    lang,
    "correct",
    t.correctButton,
    html`${textField(state, "fullName", p.fullName, { required: true, autocomplete: "name", maxlength: 100 })}${textField(state, "email", p.email, { type: "email", autocomplete: "email" })}`,
  )}
<h2>${t.phoneHeading}</h2><p>${t.phoneWhy}</p>${actionForm(lang, "correct-phone", t.phoneButton)}
<h2>${t.withdrawHeading}</h2>${withdraw}
<h2>${t.copyHeading}</h2><p>${t.copyHint}</p><p>${deadlines}</p>${actionForm(lang, "copy", t.copyButton)}
<h2>${t.eraseHeading}</h2><p>${t.eraseHint}</p><p>${deadlines}</p>${actionForm(lang, "erase", t.eraseButton, checkboxField(state, "confirm", t.eraseConfirm))}
<p>${t.otherItems({ item })}</p>
${requestsTable(requests, lang)}`;
}

/** What her button did. `back`: her page's link. */
export function herDonePage(
  result: Exclude<HerOutcome, { outcome: "notice" }>,
  lang: Lang,
  helpers: ConfigHelpers,
  back: string,
): SafeHtml {
  const t = myDataDoneText[lang];
  const r = result.request;
  const item = itemWord(result.held, lang);
  const backLink = html`<p><a href="${back}">${t.back}</a></p>`;
  if (result.outcome === "already") {
    return html`<div class="ok" role="status"><h1>${t.receivedHeading}</h1><p>${t.kind({ kind: rightsKindText[lang][r.kind] })}</p><p>${t.already({ at: formatDateTime(r.receivedAt, lang) })}</p><p>${statusOf(r, lang)}.</p></div>${backLink}`;
  }
  const mailed = result.mailed ? html`<p>${t.mailed}</p>` : "";
  if (result.outcome === "done") {
    const what = r.kind === "correct" ? t.corrected({ item }) : t.withdrawn({ item });
    return html`<div class="ok" role="status"><h1>${t.doneHeading}</h1><p>${what}</p>${mailed}</div>${backLink}`;
  }
  const unit = helpers.unit(r.unitId)?.name ?? r.unitId;
  return html`<div class="ok" role="status"><h1>${t.receivedHeading}</h1><p>${t.kind({ kind: rightsKindText[lang][r.kind] })}</p><p>${t.due({ ack: formatDay(r.ackDue, lang), complete: formatDay(r.completeDue, lang) })}</p><p>${t.unit({ unit })}</p>${mailed}</div>${backLink}`;
}

/** What the union does for each kind of request. */
function todo(r: RightsRequest, lang: Lang, phone: string | undefined): SafeHtml {
  const t = requestPageText[lang];
  const text = {
    copy: t.todoCopy,
    erase: t.todoErase,
    correct: t.todoCorrect,
    "correct-phone": t.todoPhone,
    "withdraw-consent": t.todoWithdraw,
  }[r.kind];
  const flag = r.kind === "copy" ? "--export" : r.kind === "erase" ? "--erase" : undefined;
  const command =
    flag && phone ? html`<p>${t.command}: <code>npm run subject -- --phone ${phone} ${flag}</code></p>` : "";
  return html`<h2>${t.todo}</h2><p>${text}</p>${command}`;
}

/** The union's page for one request: what, by when, who asks (from her items, read now), what to do, the buttons. */
export function unitPage(view: UnitView, lang: Lang, done?: UnitOutcome): SafeHtml {
  const { request: r, items, loaded } = view;
  const { helpers } = loaded;
  const t = requestPageText[lang];
  const kind = rightsKindText[lang][r.kind];
  const officerUnit = r.channel.via === "officer" ? helpers.unit(r.channel.unitId)?.name : undefined;
  const when = (at: string | undefined, by: string | undefined) =>
    at ? t.by({ at: formatDateTime(at, lang), by: by ?? "" }) : t.not;
  const status = done
    ? html`<p class="ok" role="status">${done.recorded.status === "already" ? (done.action === "acknowledge" && !r.completedAt ? t.alreadyAcknowledged({ at: formatDateTime(r.acknowledgedAt ?? r.receivedAt, lang) }) : t.alreadyCompleted({ at: formatDateTime(r.completedAt ?? r.receivedAt, lang) })) : done.action === "acknowledge" ? t.acknowledgedDone : t.completedDone}</p>`
    : "";
  const who = items.length
    ? items.map(
        (i: HerItem) =>
          html`<h3>${t.from}: ${i.what}</h3>${factRows(i.facts, helpers, lang, (e164) => `${formatVietnamMobile(e164)} (${e164})`)}`,
      )
    : html`<p>${t.noItems}</p>`;
  const buttons = r.completedAt
    ? ""
    : html`${r.acknowledgedAt ? "" : html`<p>${t.acknowledgeHint}</p>${actionForm(lang, "acknowledge", t.acknowledge)}`}${actionForm(lang, "complete", t.complete)}`;
  return html`<h1>${t.heading({ kind })}</h1>${status}
<dl><dt>${t.kind}</dt><dd>${kind}</dd><dt>${t.received}</dt><dd>${formatDateTime(r.receivedAt, lang)}</dd><dt>${t.channel}</dt><dd>${channelText(r, lang, officerUnit)}</dd><dt>${t.unit}</dt><dd>${helpers.unit(r.unitId)?.name ?? r.unitId}</dd><dt>${t.ackDue}</dt><dd>${formatDay(r.ackDue, lang)}</dd><dt>${t.completeDue}</dt><dd>${formatDay(r.completeDue, lang)}</dd><dt>${t.acknowledged}</dt><dd>${when(r.acknowledgedAt, r.acknowledgedBy)}</dd><dt>${t.completed}</dt><dd>${when(r.completedAt, r.completedBy)}</dd>${r.note ? html`<dt>${t.note}</dt><dd>${r.note}</dd>` : ""}</dl>
<h2>${t.who}</h2><p class="hint">${t.whoHint}</p>${who}
${r.completedAt ? "" : todo(r, lang, items[0]?.facts.phone)}${buttons}`;
}

/** The officer's form, a section of her intake page (and the page it comes back on with its messages). */
export function officerSection(
  lang: Lang,
  action: string,
  state?: Omit<FormState, "lang">,
  standalone = false,
): SafeHtml {
  const t = officerRequestText[lang];
  // On the intake page it is a section under the page's heading; sent back alone with its messages, it is the page.
  const heading = standalone
    ? html`<h1 id="data-request-h">${t.heading}</h1>`
    : html`<h2 id="data-request-h">${t.heading}</h2>`;
  const s: FormState = { lang, values: state?.values ?? {}, errors: state?.errors ?? [] };
  const kinds = REQUEST_KINDS.map((k) => ({ value: k, label: rightsKindText[lang][k] }));
  const labels = { phone: t.phone, kind: t.kind, note: t.note };
  return html`<section id="data-request" aria-labelledby="data-request-h">${heading}<p>${t.intro}</p>${errorSummary(s, labels)}<form method="post" action="${action}" novalidate accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}">${textField(s, "phone", t.phone, { type: "tel", required: true, inputmode: "tel", hint: t.phoneHint })}${radioGroup(s, "kind", t.kind, kinds)}${textArea(s, "note", t.note, { hint: t.noteHint, rows: 3, maxlength: 500 })}<button type="submit">${t.submit}</button></form></section>`;
}

/** The link at the top of the intake page to its section. */
export function officerSectionLink(lang: Lang): SafeHtml {
  return html`<p><a href="#data-request">${officerRequestText[lang].link}</a></p>`;
}

/** A request's id as she is told it: four groups of four, read aloud or copied by hand. */
const reference = (id: string) => id.toUpperCase().replace(/(.{4})(?=.)/g, "$1-");

/** The officer's receipt: what to tell her (the reference, the limits, the unit). `again`: the intake page. */
export function officerDonePage(result: OfficerOutcome, lang: Lang, again: string): SafeHtml {
  const t = officerRequestText[lang];
  const d = myDataDoneText[lang];
  const r = result.request;
  const already =
    result.outcome === "already" ? html`<p>${d.already({ at: formatDateTime(r.receivedAt, lang) })}</p>` : "";
  return html`<div class="ok" role="status"><h1>${t.receiptHeading}</h1>${already}<p>${t.handHer}</p><dl><dt>${t.reference}</dt><dd><strong>${reference(r.requestId)}</strong></dd><dt>${requestPageText[lang].kind}</dt><dd>${rightsKindText[lang][r.kind]}</dd><dt>${requestPageText[lang].received}</dt><dd>${formatDateTime(r.receivedAt, lang)}</dd><dt>${requestPageText[lang].ackDue}</dt><dd>${formatDay(r.ackDue, lang)}</dd><dt>${requestPageText[lang].completeDue}</dt><dd>${formatDay(r.completeDue, lang)}</dd><dt>${requestPageText[lang].unit}</dt><dd>${result.unitName}</dd></dl></div><p><a href="${again}">${t.another}</a></p>`;
}
