import type { ConfigHelpers } from "../config/config.ts";
import { ethnicGroups } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
import { type EventView, eventSummary, seatsLine } from "../events/pages.ts";
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
import { statusLabels } from "./model.ts";
import type { RegisterAnswer, RegistrationView } from "./registration.ts";

const text = {
  vi: {
    heading: "Đăng ký tham dự",
    fullName: "Họ và tên",
    phone: "Số điện thoại di động",
    phoneHint: "Ví dụ: 0912 345 678",
    email: "E-mail (không bắt buộc)",
    emailHint: "Để nhận thư xác nhận và liên kết hủy đăng ký.",
    gender: "Giới tính",
    genders: { female: "Nữ", male: "Nam", other: "Khác" },
    birthYear: "Năm sinh (không bắt buộc)",
    role: "Chức danh, vai trò",
    commune: "Xã, thị trấn",
    village: "Thôn, bản (không bắt buộc)",
    needsInterpreter: "Cần phiên dịch sang tiếng (không bắt buộc)",
    needsInterpreterHint: "Ví dụ: tiếng Mông, tiếng Dao.",
    ethnicityLegend: "Dân tộc (không bắt buộc)",
    ethnicityHint:
      "Dân tộc là thông tin nhạy cảm. Hội chỉ dùng để thống kê số người tham dự theo dân tộc, và chỉ ghi khi chị đồng ý.",
    ethnicityConsent: "Tôi đồng ý cho Hội LHPN ghi nhận dân tộc của tôi để thống kê.",
    ethnicity: "Dân tộc",
    consent: "Tôi đồng ý để Hội LHPN dùng các thông tin trên để tổ chức sự kiện và liên lạc với tôi về sự kiện này.",
    submit: "Gửi đăng ký",
    choose: "— Chọn —",
  },
  en: {
    heading: "Register to attend",
    fullName: "Full name",
    phone: "Mobile phone number",
    phoneHint: "For example: 0912 345 678",
    email: "E-mail (optional)",
    emailHint: "To receive a confirmation and a link to cancel.",
    gender: "Gender",
    genders: { female: "Female", male: "Male", other: "Other" },
    birthYear: "Year of birth (optional)",
    role: "Position or role",
    commune: "Commune or town",
    village: "Village (optional)",
    needsInterpreter: "Needs an interpreter into (optional)",
    needsInterpreterHint: "For example: Hmong, Dao.",
    ethnicityLegend: "Ethnic group (optional)",
    ethnicityHint:
      "Ethnic origin is sensitive data. The Union uses it only to count participants by group, and records it only with your consent.",
    ethnicityConsent: "I agree that the Women's Union records my ethnic group for statistics.",
    ethnicity: "Ethnic group",
    consent: "I agree that the Women's Union uses this information to organise the event and contact me about it.",
    submit: "Register",
    choose: "— Choose —",
  },
} as const;

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
  const t = text[state.lang];
  const communeOptions = helpers.communes.map((c) => ({ value: c.id, label: c.name }));
  return html`${textField(state, "fullName", t.fullName, { required: true, autocomplete: "name", maxlength: 100 })}
${textField(state, "phone", t.phone, { type: "tel", required: true, autocomplete: "tel", inputmode: "tel", hint: t.phoneHint })}
${textField(state, "email", t.email, { type: "email", autocomplete: "email", hint: t.emailHint })}
${radioGroup(state, "gender", t.gender, [
  { value: "female", label: t.genders.female },
  { value: "male", label: t.genders.male },
  { value: "other", label: t.genders.other },
])}
${textField(state, "birthYear", t.birthYear, { inputmode: "numeric", maxlength: 4 })}
${selectField(
  state,
  "role",
  t.role,
  config.participantRoles.map((r) => ({ value: r, label: r })),
  { required: true, placeholder: t.choose },
)}
${selectField(state, "commune", t.commune, communeOptions, { required: true, placeholder: t.choose })}
${textField(state, "village", t.village, { maxlength: 100 })}
${textField(state, "needsInterpreter", t.needsInterpreter, { hint: t.needsInterpreterHint, maxlength: 60 })}
<fieldset><legend>${t.ethnicityLegend}</legend><p class="hint">${t.ethnicityHint}</p>
${checkboxField(state, "ethnicityConsent", t.ethnicityConsent)}
${selectField(
  state,
  "ethnicity",
  t.ethnicity,
  ethnicGroups.map((g) => ({ value: g.code, label: g.name })),
  { placeholder: t.choose },
)}
</fieldset>
${checkboxField(state, "consent", t.consent)}`;
}

/** Field names as the error summary shows them. */
export function registrationLabels(lang: Lang): Record<string, string> {
  const t = text[lang];
  return {
    fullName: t.fullName,
    phone: t.phone,
    email: t.email,
    gender: t.gender,
    birthYear: t.birthYear,
    role: t.role,
    commune: t.commune,
    village: t.village,
    needsInterpreter: t.needsInterpreter,
    ethnicity: t.ethnicity,
    ethnicityConsent: t.ethnicityLegend,
    consent: lang === "vi" ? "Đồng ý" : "Consent",
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
  const t = text[lang];
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
  const vi = lang === "vi";
  const waiting = answer.status === "waitlisted";
  const heading = waiting
    ? vi
      ? "Chị đã vào danh sách chờ"
      : "You are on the waitlist"
    : vi
      ? "Đăng ký thành công"
      : "You are registered";
  const position =
    waiting && answer.waitlistPosition
      ? html`<p>${vi ? `Vị trí trong danh sách chờ: số ${answer.waitlistPosition}.` : `Waitlist position: ${answer.waitlistPosition}.`}</p>`
      : "";
  const dropped = answer.notStored?.includes("ethnicity")
    ? html`<p>${vi ? "Dân tộc chưa được ghi lại vì chị chưa đánh dấu ô đồng ý riêng." : "Your ethnic group was not recorded because its consent box was not ticked."}</p>`
    : "";
  return html`<div class="ok" role="status"><h1>${heading}</h1><p>${vi ? "Mã đăng ký của chị:" : "Your registration code:"}</p><p class="code">${displaySpokenCode(answer.code)}</p><p>${vi ? "Hãy ghi lại mã này và đọc cho ban tổ chức khi đến." : "Write this code down and read it to the organisers when you arrive."}</p>${position}${dropped}</div>
<h2>${view.title}</h2>${eventSummary(view, lang)}
<p>${hasEmail ? (vi ? "Chúng tôi đã gửi thư xác nhận vào e-mail của chị." : "We have sent a confirmation to your e-mail.") : ""}</p>
${manageHref ? html`<p><a href="${manageHref}">${vi ? "Xem hoặc hủy đăng ký" : "View or cancel this registration"}</a></p>` : ""}`;
}

/** The page behind the link in the e-mail. It only shows: cancelling takes the button's POST. */
export function registrationLinkPage(
  { registration, position }: RegistrationView,
  view: EventView,
  lang: Lang,
  canCancel: boolean,
): SafeHtml {
  const vi = lang === "vi";
  const status = statusLabels[registration.status][lang];
  const w = vi
    ? { name: "Họ và tên", phone: "Điện thoại", code: "Mã đăng ký", status: "Trạng thái", position: "Vị trí chờ" }
    : { name: "Name", phone: "Phone", code: "Registration code", status: "Status", position: "Waitlist position" };
  return html`<h1>${vi ? "Đăng ký của chị" : "Your registration"}</h1><h2>${view.title}</h2>${eventSummary(view, lang)}
<dl><dt>${w.name}</dt><dd>${registration.fullName}</dd><dt>${w.phone}</dt><dd>${maskVietnamMobile(registration.phone)}</dd><dt>${w.code}</dt><dd class="code">${displaySpokenCode(registration.code)}</dd><dt>${w.status}</dt><dd>${status}</dd>${position ? html`<dt>${w.position}</dt><dd>${position}</dd>` : ""}</dl>
${canCancel ? html`<form method="post"><input type="hidden" name="lang" value="${lang}"><p>${vi ? "Nếu không đến được, xin hủy để nhường chỗ cho người khác." : "If you cannot come, please cancel so someone else can have the seat."}</p><button type="submit" name="action" value="cancel">${vi ? "Hủy đăng ký" : "Cancel registration"}</button></form>` : ""}`;
}

export function cancelledPage(view: EventView, lang: Lang): SafeHtml {
  const vi = lang === "vi";
  return html`<div class="ok" role="status"><h1>${vi ? "Đã hủy đăng ký" : "Registration cancelled"}</h1><p>${vi ? "Cảm ơn chị đã báo. Chỗ của chị sẽ được nhường cho người trong danh sách chờ." : "Thank you for letting us know. Your seat goes to the next person on the waitlist."}</p></div><h2>${view.title}</h2>${eventSummary(view, lang)}`;
}
