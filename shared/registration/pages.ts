import type { ConfigHelpers } from "../config/config.ts";
import { ethnicGroups } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
import { type EventView, eventSummary, seatsLine } from "../events/model.ts";
import { personText } from "../messages/common.ts";
import { cancelledText, registeredText, registrationFormText, registrationLinkText } from "../messages/registration.ts";
import type { FieldError } from "../platform/errors.ts";
import {
  checkboxField,
  errorSummary,
  type FormState,
  radioGroup,
  selectField,
  textField,
  type Values,
} from "../platform/forms.ts";
import { honeypotInput } from "../platform/honeypot.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { displaySpokenCode } from "../platform/ids.ts";
import { maskVietnamMobile } from "../platform/phone.ts";
import type { RegisterAnswer, RegistrationView } from "./registration.ts";

export interface FormPageInput {
  view: EventView;
  config: Config;
  helpers: ConfigHelpers;
  lang: Lang;
  values?: Values;
  errors?: FieldError[];
}

/** The person's fields, shared by the public form and the organiser's walk-in form. */
export function registrationFields({
  config,
  helpers,
  state,
}: {
  config: Config;
  helpers: ConfigHelpers;
  state: FormState;
}): SafeHtml {
  const t = registrationFormText[state.lang];
  const p = personText[state.lang];
  const communeOptions = helpers.communes.map((c) => ({ value: c.id, label: c.name }));
  return html`${textField(state, "fullName", p.fullName, { required: true, autocomplete: "name", maxlength: 100 })}
${textField(state, "phone", p.phone, { type: "tel", required: true, autocomplete: "tel", inputmode: "tel", hint: t.phoneHint })}
${textField(state, "email", p.email, { type: "email", autocomplete: "email", hint: t.emailHint })}
${radioGroup(state, "gender", t.gender, [
  { value: "female", label: p.genders.female },
  { value: "male", label: p.genders.male },
  { value: "other", label: p.genders.other },
])}
${textField(state, "birthYear", t.birthYear, { inputmode: "numeric", maxlength: 4 })}
${selectField(
  state,
  "role",
  t.role,
  config.participantRoles.map((r) => ({ value: r, label: r })),
  { required: true, placeholder: p.choose },
)}
${selectField(state, "commune", t.commune, communeOptions, { required: true, placeholder: p.choose })}
${textField(state, "village", t.village, { maxlength: 100 })}
${textField(state, "needsInterpreter", t.interpreter, { hint: t.interpreterHint, maxlength: 60 })}
<fieldset><legend>${p.ethnicityLegend}</legend><p class="hint">${t.ethnicityHint}</p>
${checkboxField(state, "ethnicityConsent", p.ethnicityConsent)}
${selectField(
  state,
  "ethnicity",
  p.ethnicity,
  ethnicGroups.map((g) => ({ value: g.code, label: g.name })),
  { placeholder: p.choose },
)}
</fieldset>
${checkboxField(state, "consent", t.consent)}`;
}

/** Field names as the error summary shows them. */
export function registrationLabels(lang: Lang): Record<string, string> {
  const t = registrationFormText[lang];
  const p = personText[lang];
  return {
    fullName: p.fullName,
    phone: p.phone,
    email: p.email,
    gender: t.gender,
    birthYear: t.birthYear,
    role: t.role,
    commune: t.commune,
    village: t.village,
    needsInterpreter: t.interpreter,
    ethnicity: p.ethnicity,
    ethnicityConsent: p.ethnicityLegend,
    consent: p.consent,
  };
}

export function registrationFormPage({
  view,
  config,
  helpers,
  lang,
  values = {},
  errors = [],
}: FormPageInput): SafeHtml {
  const t = registrationFormText[lang];
  const state: FormState = { lang, values, errors };
  const heading = html`<h1>${t.heading}: ${view.title}</h1>${eventSummary(view, lang)}<p><strong>${seatsLine(view, lang)}</strong></p>`;
  if (!view.registration.open) return heading;
  return html`${heading}${errorSummary(state, registrationLabels(lang))}<form method="post" action="registrations" novalidate accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}">
${registrationFields({ config, helpers, state })}
${honeypotInput(lang)}<button type="submit">${t.submit}</button></form>`;
}

export function confirmationPage(
  view: EventView,
  answer: RegisterAnswer,
  lang: Lang,
  hasEmail: boolean,
  manageHref?: string,
): SafeHtml {
  const t = registeredText[lang];
  const waiting = answer.status === "waitlisted";
  const position = waiting && answer.waitlistPosition ? html`<p>${t.position({ n: answer.waitlistPosition })}</p>` : "";
  const dropped = answer.notStored?.includes("ethnicity") ? html`<p>${t.notStored}</p>` : "";
  return html`<div class="ok" role="status"><h1>${waiting ? t.waitHeading : t.heading}</h1><p>${t.code}</p><p class="code">${displaySpokenCode(answer.code)}</p><p>${t.codeHint}</p>${position}${dropped}</div>
<h2>${view.title}</h2>${eventSummary(view, lang)}
<p>${hasEmail ? t.mailed : ""}</p>
${manageHref ? html`<p><a href="${manageHref}">${t.manage}</a></p>` : ""}`;
}

/** The page behind the link in the e-mail. It only shows: cancelling takes the button's POST. */
export function registrationLinkPage(
  { registration, position }: RegistrationView,
  view: EventView,
  lang: Lang,
  canCancel: boolean,
  /** "Dữ liệu của tôi": her data from this registration (shared/rights/link.ts). */
  myData?: SafeHtml,
): SafeHtml {
  const w = registrationLinkText[lang];
  const status = w.statuses[registration.status];
  return html`<h1>${w.heading}</h1><h2>${view.title}</h2>${eventSummary(view, lang)}
<dl><dt>${w.name}</dt><dd>${registration.fullName}</dd><dt>${w.phone}</dt><dd>${maskVietnamMobile(registration.phone)}</dd><dt>${w.code}</dt><dd class="code">${displaySpokenCode(registration.code)}</dd><dt>${w.status}</dt><dd>${status}</dd>${position ? html`<dt>${w.position}</dt><dd>${position}</dd>` : ""}</dl>
${canCancel ? html`<form method="post"><input type="hidden" name="lang" value="${lang}"><p>${w.cancelHint}</p><button type="submit" name="action" value="cancel">${w.cancel}</button></form>` : ""}${myData ?? ""}`;
}

export function cancelledPage(view: EventView, lang: Lang): SafeHtml {
  const t = cancelledText[lang];
  return html`<div class="ok" role="status"><h1>${t.heading}</h1><p>${t.thanks}</p></div><h2>${view.title}</h2>${eventSummary(view, lang)}`;
}
