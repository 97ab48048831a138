import type { ConfigHelpers } from "../config/config.ts";
import { ethnicGroups } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
import { both } from "../messages/catalogue.ts";
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
  timelineText,
} from "../messages/petitions.ts";
import { formatDateTime } from "../platform/dates.ts";
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
import type { Bilingual, Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";
import { formatVietnamMobile } from "../platform/phone.ts";
import { agencyName, categoryLabel, categoryName, currentHolder } from "./labels.ts";
import { identityHiddenFrom, type Petition } from "./petition.ts";
import type { LinkView, StepDone, SubmitAnswer } from "./service.ts";
import type { PublicStatus } from "./status.ts";
import { displayCode } from "./tracking.ts";
import { ACTION_TABLE, type Action, type ActionDeclaration } from "./workflow.ts";

export interface PetitionFormInput {
  config: Config;
  helpers: ConfigHelpers;
  lang: Lang;
  values?: Values;
  errors?: FieldError[];
  /** An officer entering for a woman: shown at the top. */
  officer?: { name: string; unit: string };
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
  const banner = officer ? html`<p class="ok">${w.officer(officer)}</p>` : "";
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
  config.events.filter((e) => e.kind === "dialogue").map((e) => ({ value: e.id, label: e.title })),
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

function timeline(items: { at: string; label: Bilingual; note?: string; actor?: string }[], lang: Lang): SafeHtml {
  return html`<ol>${items.map(
    (e) =>
      html`<li><strong>${e.label[lang]}</strong> — ${formatDateTime(e.at, lang)}${e.actor ? html` · ${e.actor}` : ""}${e.note ? html`<br><span style="white-space:pre-wrap">${e.note}</span>` : ""}</li>`,
  )}</ol>`;
}

/** The public status page: where it stands, the agency, the answer. Never who sent it. */
export function statusPage(s: PublicStatus, lang: Lang, base: string): SafeHtml {
  const w = petitionStatusText[lang];
  const f = petitionFactsText[lang];
  return html`<h1>${w.heading}</h1>
<dl><dt>${f.code}</dt><dd class="code">${s.trackingCode}</dd><dt>${f.status}</dt><dd><strong>${s.statusLabel[lang]}</strong></dd>${s.currentStage ? html`<dt>${f.holder}</dt><dd>${s.currentStage[lang]}</dd>` : ""}<dt>${f.category}</dt><dd>${s.category[lang]}</dd><dt>${w.commune}</dt><dd>${s.commune.name}</dd><dt>${w.sent}</dt><dd>${formatDateTime(s.submittedAt, lang)}</dd>${s.agency ? html`<dt>${w.agency}</dt><dd>${s.agency.name}</dd>` : ""}${s.duplicateOf ? html`<dt>${w.duplicateOf}</dt><dd><a href="${link("petition-status", { trackingCode: s.duplicateOf }, { base, lang })}">${s.duplicateOf}</a></dd>` : ""}</dl>
${s.answer ? html`<section class="ok"><h2>${f.answer}: ${s.answer.agency}</h2><p style="white-space:pre-wrap">${s.answer.text}</p><p>${formatDateTime(s.answer.at, lang)}</p></section>` : ""}
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
        { ...state, values: { ...state.values, agency: state.values.agency ?? p.routing.agency } },
        f.name,
        label,
        options,
      );
    }
    if (f.kind === "paragraph") return textArea(state, f.name, label, { rows: 5 });
    return textField(state, f.name, label, { maxlength: f.max });
  });
  const name = actionText[state.lang][action];
  return html`<form method="post" class="action"><input type="hidden" name="lang" value="${state.lang}"><input type="hidden" name="action" value="${action}"><h2>${name}</h2>${inputs}<button type="submit">${name}</button></form>`;
}

/** The page behind a link in an e-mail. Shows, never changes: each action is a form the person submits. */
export function linkPage(
  view: LinkView,
  lang: Lang,
  form: { values?: Values; errors?: FieldError[]; chosen?: Action } = {},
): SafeHtml {
  const { petition: p, config } = view;
  const hidden = identityHiddenFrom(view.role, p);
  const area = config.areas.find((a) => a.id === p.commune)?.name ?? p.commune;
  const w = petitionLinkText[lang];
  const f = petitionFactsText[lang];
  const holder = currentHolder(p, config, lang);
  const identity = hidden
    ? html`<dd>${w.hidden}</dd>`
    : html`<dd>${p.petitioner.fullName} · ${formatVietnamMobile(p.petitioner.phone)}${p.petitioner.email ? ` · ${p.petitioner.email}` : ""}</dd>`;
  const state: FormState = { lang, values: form.values ?? {}, errors: form.errors ?? [] };
  const forms = view.actions.map((action) =>
    actionForm(action, form.chosen === action ? state : { lang, values: {}, errors: [] }, p, config),
  );
  const history = view.history.map((e) => ({
    at: e.at,
    label: both(timelineText, e.action),
    actor: e.role === "petitioner" && hidden ? undefined : e.actor,
    note: e.note,
  }));
  return html`<h1>${p.title}</h1>
<dl><dt>${f.code}</dt><dd>${displayCode(p.trackingCode)}</dd><dt>${f.status}</dt><dd><strong>${stateText[lang][p.status]}</strong></dd>${holder ? html`<dt>${f.holder}</dt><dd>${holder}</dd>` : ""}<dt>${f.category}</dt><dd>${categoryName(config, p.category, lang)}</dd><dt>${w.place}</dt><dd>${hidden || !p.village ? area : `${p.village}, ${area}`}</dd><dt>${w.who}</dt>${identity}${p.onBehalfOf ? html`<dt>${w.behalf}</dt><dd>${p.onBehalfOf}</dd>` : ""}${p.enteredBy && !hidden ? html`<dt>${w.entered}</dt><dd>${p.enteredBy.name}</dd>` : ""}${p.status === "forwarded" || p.status === "acknowledged" ? html`<dt>${w.agency}</dt><dd>${agencyName(config, p.routing.agency)}</dd>` : ""}</dl>
<h2>${w.content}</h2><p style="white-space:pre-wrap">${p.content}</p>
${p.status === "needs_info" && p.infoRequest ? html`<section class="summary"><h2>${w.question}</h2><p style="white-space:pre-wrap">${p.infoRequest.question}</p></section>` : ""}
${p.answer ? html`<section class="ok"><h2>${f.answer}</h2><p style="white-space:pre-wrap">${p.answer.text}</p></section>` : ""}
${errorSummary(state, {})}${forms}
<h2>${f.history}</h2>${timeline(history, lang)}`;
}

export function actedPage(petition: Petition, action: Action, lang: Lang): SafeHtml {
  const t = actedText[lang];
  return html`<div class="ok" role="status"><h1>${t.done}: ${actionText[lang][action]}</h1><p>${t.petition} ${displayCode(petition.trackingCode)}: ${stateText[lang][petition.status]}.</p><p>${t.thanks}</p></div>`;
}

/** "Already handled": who acted, what they did, when. */
export function stepDonePage(done: StepDone, lang: Lang): SafeHtml {
  const t = stepDoneText[lang];
  const e = done.entry;
  const p = done.view.petition;
  const who = e
    ? html`<p><strong>${e.actor}</strong> ${actionDoneText[lang][e.action]} ${t.at} ${formatDateTime(e.at, lang)}.</p>`
    : html`<p>${done.detail?.[lang] ?? ""}</p>`;
  return html`<h1>${done.title[lang]}</h1>${who}<p>${t.now}: <strong>${stateText[lang][p.status]}</strong>.</p><p>${t.closed}</p>`;
}
