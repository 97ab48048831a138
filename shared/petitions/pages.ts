import type { ConfigHelpers } from "../config/config.ts";
import { ethnicGroups } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
import { personText } from "../messages/common.ts";
import {
  actedText,
  actionDoneText,
  actionFieldsText,
  actionText,
  lookupText,
  petitionFactsText,
  petitionFormText,
  petitionLinkText,
  petitionStatusText,
  stateText,
  stepDoneText,
  submittedText,
} from "../messages/petitions.ts";
import { now } from "../platform/clock.ts";
import { formatDateTime, formatDay, vietnamDay } from "../platform/dates.ts";
import type { FieldError } from "../platform/errors.ts";
import {
  checkboxField,
  errorSummary,
  type FormState,
  radioGroup,
  selectField,
  textArea,
  textField,
  type Values,
} from "../platform/forms.ts";
import { honeypotInput } from "../platform/honeypot.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";
import {
  audienceOf,
  identityOf,
  type PetitionView,
  type PublicView,
  petitionFor,
  placeOf,
  type ViewEntry,
} from "./audience.ts";
import { categoryLabel, deadlineWords } from "./labels.ts";
import type { Petition } from "./petition.ts";
import type { LinkView, StepDone, SubmitAnswer } from "./service.ts";
import { displayCode } from "./tracking.ts";
import { ACTION_TABLE, type Action, type ActionDeclaration } from "./workflow.ts";

export interface PetitionFormInput {
  config: Config;
  helpers: ConfigHelpers;
  lang: Lang;
  values?: Values;
  errors?: FieldError[];
  /** An officer entering for a woman: shown at the top. */
  /** `aside`: a link to the intake page's section for her data-rights requests (shared/rights/my-data-pages.ts). */
  officer?: { name: string; unit: string; aside?: SafeHtml };
  /** Where the form posts, relative to the page; absent: back to the page's own address. */
  action?: string;
}

export function petitionFormPage({
  config,
  helpers,
  lang,
  values = {},
  errors = [],
  officer,
  action,
}: PetitionFormInput): SafeHtml {
  const w = petitionFormText[lang];
  const p = personText[lang];
  const state: FormState = { lang, values, errors };
  const labels: Record<string, string> = {
    title: w.title,
    content: w.content,
    category: w.category,
    commune: w.commune,
    village: w.village,
    "petitioner.fullName": p.fullName,
    "petitioner.phone": p.phone,
    "petitioner.email": p.email,
    "petitioner.gender": w.gender,
    "petitioner.ethnicity": p.ethnicity,
    onBehalfOf: w.onBehalfOf,
    eventId: w.event,
    shareIdentityWithAgency: w.share,
    consent: p.consent,
    petitioner: w.about,
  };
  const banner = officer ? html`<p class="ok">${w.officer(officer)}</p>${officer.aside ?? ""}` : "";
  return html`<h1>${w.heading}</h1>${banner}<p>${w.intro}</p>${errorSummary(state, labels)}<form method="post"${action ? html` action="${action}"` : ""} novalidate accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}">
${textField(state, "title", w.title, { required: true, maxlength: 200 })}
${textArea(state, "content", w.content, { hint: w.contentHint, rows: 8, maxlength: 5000 })}
${selectField(
  state,
  "category",
  w.category,
  config.categories.map((c) => ({ value: c.id, label: categoryLabel(c, lang) })),
  { required: true, placeholder: p.choose },
)}
${selectField(
  state,
  "commune",
  w.commune,
  helpers.communes.map((c) => ({ value: c.id, label: c.name })),
  { required: true, placeholder: p.choose },
)}
${textField(state, "village", w.village, { maxlength: 100 })}
<fieldset><legend>${w.about}</legend>
${textField(state, "petitioner.fullName", p.fullName, { required: true, autocomplete: "name", maxlength: 100 })}
${textField(state, "petitioner.phone", p.phone, { type: "tel", required: true, inputmode: "tel", autocomplete: "tel", hint: w.phoneHint })}
${textField(state, "petitioner.email", p.email, { type: "email", autocomplete: "email", hint: w.emailHint })}
${radioGroup(state, "petitioner.gender", w.gender, [
  { value: "female", label: p.genders.female },
  { value: "male", label: p.genders.male },
  { value: "other", label: p.genders.other },
])}
<p class="hint">${w.ethnicityHint}</p>
${checkboxField(state, "petitioner.ethnicityConsent", p.ethnicityConsent)}
${selectField(
  state,
  "petitioner.ethnicity",
  p.ethnicity,
  ethnicGroups.map((g) => ({ value: g.code, label: g.name })),
  { placeholder: p.choose },
)}
</fieldset>
${textField(state, "onBehalfOf", w.onBehalfOf, { hint: w.onBehalfOfHint, maxlength: 200 })}
${selectField(
  state,
  "eventId",
  w.event,
  // The dialogue sessions still to come: a petition naming one reaches its leaders beforehand (shared/sessions/dossier.ts).
  config.events
    .filter((e) => e.kind === "dialogue" && e.status === "open" && Date.parse(e.startsAt) > now().getTime())
    .map((e) => ({ value: e.id, label: `${e.title} (${formatDay(vietnamDay(new Date(e.startsAt)), lang)})` })),
  { placeholder: p.choose },
)}
${radioGroup(state, "shareIdentityWithAgency", w.share, [
  { value: "yes", label: w.yes },
  { value: "no", label: w.no },
])}<p class="hint">${w.shareHint}</p>
${checkboxField(state, "consent", w.consent)}
${officer ? "" : honeypotInput(lang)}<button type="submit">${w.submit}</button></form>`;
}

export function submittedPage(answer: SubmitAnswer, lang: Lang, hasEmail: boolean, statusHref: string): SafeHtml {
  const t = submittedText[lang];
  const dropped = answer.notStored?.length ? html`<p>${t.notStored}</p>` : "";
  return html`<div class="ok" role="status"><h1>${t.heading}</h1><p>${t.code}</p><p class="code">${answer.trackingCode}</p><p>${t.codeHint}</p>${dropped}</div>
<p>${hasEmail ? t.mailed : ""}</p>
<p><a href="${statusHref}">${t.status}</a></p>`;
}

function timeline(items: readonly ViewEntry[], lang: Lang): SafeHtml {
  return html`<ol>${items.map(
    (e) =>
      html`<li><strong>${e.label[lang]}</strong> — ${formatDateTime(e.at, lang)}${e.actor ? html` · ${e.actor}` : ""}${e.note ? html`<br><span style="white-space:pre-wrap">${e.note}</span>` : ""}</li>`,
  )}</ol>`;
}

/**
 * The public status page: where it stands, and of a petition that is not sensitive its place, agency and answer.
 * Never who sent it. It renders `petitionFor("public", …)` (shared/petitions/audience.ts) and nothing else.
 */

/** "Hạn xử lý: Thứ Năm, 25/02/2027 · còn 3 ngày làm việc" (past it, in bold). */
function deadlineRow(v: PublicView, lang: Lang): SafeHtml | string {
  const d = v.deadline;
  if (!d) return "";
  const state = deadlineWords(d, lang);
  const shown = d.overdue ? html`<strong>${state}</strong>` : state;
  return html`<dt>${petitionFactsText[lang].deadline}</dt><dd>${formatDay(d.due, lang)}${state ? html` · ${shown}` : ""}</dd>`;
}

export function statusPage(s: PublicView, lang: Lang, base: string): SafeHtml {
  const w = petitionStatusText[lang];
  const f = petitionFactsText[lang];
  // A sensitive petition's view has no place: say where its content and answer can be read instead of leaving a gap.
  const elsewhere = s.commune ? "" : html`<p>${w.elsewhere}</p>`;
  return html`<h1>${w.heading}</h1>
<dl><dt>${f.code}</dt><dd class="code">${s.trackingCode}</dd><dt>${f.status}</dt><dd><strong>${s.statusLabel[lang]}</strong></dd>${s.currentStage ? html`<dt>${f.holder}</dt><dd>${s.currentStage[lang]}</dd>` : ""}${deadlineRow(s, lang)}${s.category ? html`<dt>${f.category}</dt><dd>${s.category[lang]}</dd>` : ""}${s.commune ? html`<dt>${w.commune}</dt><dd>${s.commune.name}</dd>` : ""}<dt>${w.sent}</dt><dd>${formatDateTime(s.submittedAt, lang)}</dd>${s.agency ? html`<dt>${w.agency}</dt><dd>${s.agency.name}</dd>` : ""}${s.duplicateOf ? html`<dt>${w.duplicateOf}</dt><dd><a href="${link("petition-status", { trackingCode: s.duplicateOf }, { base, lang })}">${s.duplicateOf}</a></dd>` : ""}</dl>
${elsewhere}${s.answer ? html`<section class="ok"><h2>${f.answer}: ${s.answer.agency}</h2><p style="white-space:pre-wrap">${s.answer.text}</p><p>${formatDateTime(s.answer.at, lang)}</p></section>` : ""}
${s.rejectionReason ? html`<section class="summary"><h2>${w.reason}</h2><p style="white-space:pre-wrap">${s.rejectionReason}</p></section>` : ""}
<h2>${f.history}</h2>${timeline(s.timeline, lang)}`;
}

/** A form to look a petition up by its code (for women without e-mail). `base` makes its links relative. */
export function lookupPage(lang: Lang, base: string, error?: string): SafeHtml {
  const t = lookupText[lang];
  const state: FormState = {
    lang,
    values: {},
    errors: error ? [{ path: "code", code: "unknown", message: { vi: error, en: error } }] : [],
  };
  return html`<h1>${t.heading}</h1><form method="post" action="${link("petition-lookup-post", {}, { base })}" novalidate><input type="hidden" name="lang" value="${lang}">${textField(state, "code", t.code, { required: true, hint: t.hint, maxlength: 20 })}<button type="submit">${t.submit}</button></form><p><a href="${link("petition-form", {}, { base, lang })}">${t.new}</a></p>`;
}

/** One action's form: its fields as the action table declares them, and its button. */
function actionForm(action: Action, state: FormState, p: Petition, config: Config): SafeHtml {
  const inputs = (ACTION_TABLE[action] as ActionDeclaration).fields.map((f) => {
    const label = actionFieldsText[state.lang][f.label];
    if (f.kind === "agency") {
      const options = config.agencies.map((a) => ({ value: a.id, label: a.name }));
      return selectField(
        { ...state, values: { ...state.values, [f.name]: state.values[f.name] ?? p.routing.agency } },
        f.name,
        label,
        options,
      );
    }
    if (f.kind === "checkbox") return checkboxField(state, f.name, label);
    if (f.kind === "paragraph") return textArea(state, f.name, label, { rows: 5 });
    return textField(state, f.name, label, { maxlength: f.max });
  });
  const name = actionText[state.lang][action];
  return html`<form method="post" class="action"><input type="hidden" name="lang" value="${state.lang}"><input type="hidden" name="action" value="${action}"><h2>${name}</h2>${inputs}<button type="submit">${name}</button></form>`;
}

/** The petition as the holder of a link may see it (shared/petitions/audience.ts). */
export const linkViewOf = (view: LinkView): PetitionView =>
  petitionFor(audienceOf(view.role), view.petition, view.history, view.config);

/** The title of a link's page (the browser's tab and history): the petition's title, which every link holder sees. */
export const linkPageTitle = (view: LinkView): string => linkViewOf(view).title;

/**
 * The page behind a link in an e-mail. Shows, never changes: each action is a form the person submits. What it
 * shows of the petition is the link holder's view, `petitionFor(audience, …)`, and nothing else.
 */
export function linkPage(
  view: LinkView,
  lang: Lang,
  /** `myData`: her link to her data (shared/rights/link.ts), on the petitioner's own page. */
  form: { values?: Values; errors?: FieldError[]; chosen?: Action; myData?: SafeHtml } = {},
): SafeHtml {
  const { petition: p, config } = view;
  const v = linkViewOf(view);
  const w = petitionLinkText[lang];
  const f = petitionFactsText[lang];
  const s = petitionStatusText[lang];
  const who = identityOf(v);
  const state: FormState = { lang, values: form.values ?? {}, errors: form.errors ?? [] };
  const forms = view.actions.map((action) =>
    actionForm(action, form.chosen === action ? state : { lang, values: {}, errors: [] }, p, config),
  );
  const hint = v.hiddenFromAgency && view.actions.length > 0 ? html`<p class="hint">${w.hiddenFromAgency}</p>` : "";
  return html`<h1>${v.title}</h1>
<dl><dt>${f.code}</dt><dd>${v.trackingCode}</dd><dt>${f.status}</dt><dd><strong>${v.statusLabel[lang]}</strong></dd>${v.currentStage ? html`<dt>${f.holder}</dt><dd>${v.currentStage[lang]}</dd>` : ""}${deadlineRow(v, lang)}<dt>${f.category}</dt><dd>${v.category[lang]}</dd><dt>${w.place}</dt><dd>${placeOf(v)}</dd><dt>${w.who}</dt><dd>${who ?? w.hidden}</dd>${v.onBehalfOf ? html`<dt>${w.behalf}</dt><dd>${v.onBehalfOf}</dd>` : ""}${v.enteredBy ? html`<dt>${w.entered}</dt><dd>${v.enteredBy}</dd>` : ""}${v.agency ? html`<dt>${w.agency}</dt><dd>${v.agency.name}</dd>` : ""}${v.duplicateOf ? html`<dt>${s.duplicateOf}</dt><dd>${v.duplicateOf}</dd>` : ""}</dl>${form.myData ?? ""}
<h2>${w.content}</h2><p style="white-space:pre-wrap">${v.content}</p>
${v.status === "needs_info" && v.infoRequest ? html`<section class="summary"><h2>${w.question}</h2><p style="white-space:pre-wrap">${v.infoRequest.question}</p></section>` : ""}
${v.answer ? html`<section class="ok"><h2>${f.answer}</h2><p style="white-space:pre-wrap">${v.answer.text}</p></section>` : ""}
${v.rejectionReason ? html`<section class="summary"><h2>${s.reason}</h2><p style="white-space:pre-wrap">${v.rejectionReason}</p></section>` : ""}
${hint}${errorSummary(state, {})}${forms}
<h2>${f.history}</h2>${timeline(v.timeline, lang)}`;
}

export function actedPage(petition: Petition, action: Action, lang: Lang): SafeHtml {
  const t = actedText[lang];
  return html`<div class="ok" role="status"><h1>${t.done}: ${actionText[lang][action]}</h1><p>${t.petition} ${displayCode(petition.trackingCode)}: ${stateText[lang][petition.status]}.</p><p>${t.thanks}</p></div>`;
}

/**
 * "Already handled": who acted, what they did, when — as the link holder may see that step (an agency that may not
 * know who she is reads the step's label, not her name).
 */
export function stepDonePage(done: Pick<StepDone, "entry" | "view" | "title">, lang: Lang): SafeHtml {
  const t = stepDoneText[lang];
  const v = linkViewOf(done.view);
  const e = done.entry;
  // The view's timeline is the history's, entry for entry.
  const shown = e ? v.timeline[done.view.history.findIndex((h) => h.version === e.version)] : undefined;
  const who = shown
    ? shown.actor
      ? html`<p><strong>${shown.actor}</strong> ${actionDoneText[lang][shown.action]} ${t.at} ${formatDateTime(shown.at, lang)}.</p>`
      : html`<p><strong>${shown.label[lang]}</strong> — ${formatDateTime(shown.at, lang)}.</p>`
    : html`<p>${t.handled}.</p>`;
  return html`<h1>${done.title[lang]}</h1>${who}<p>${t.now}: <strong>${v.statusLabel[lang]}</strong>.</p><p>${t.closed}</p>`;
}
