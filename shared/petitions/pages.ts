import type { ConfigHelpers } from "../config/config.ts";
import { ethnicGroups } from "../config/ethnic-groups.ts";
import type { Config } from "../config/schema.ts";
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
import type { Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";
import { formatVietnamMobile } from "../platform/phone.ts";
import {
  actionDone,
  actionLabels,
  agencyName,
  categoryName,
  currentHolder,
  stateLabels,
  timelineLabels,
} from "./labels.ts";
import { identityHiddenFrom, type Petition } from "./petition.ts";
import type { LinkView, StepDone, SubmitAnswer } from "./service.ts";
import type { PublicStatus } from "./status.ts";
import { displayCode } from "./tracking.ts";
import { ACTION_TABLE, type Action, type ActionDeclaration } from "./workflow.ts";

const t = {
  vi: {
    heading: "Gửi kiến nghị, phản ánh",
    intro:
      "Kiến nghị của chị sẽ được Hội Phụ nữ xã tiếp nhận, Hội Phụ nữ cấp trên duyệt và chuyển đến cơ quan có thẩm quyền trả lời. Chị sẽ nhận được mã tra cứu để theo dõi.",
    title: "Tiêu đề",
    content: "Nội dung kiến nghị",
    contentHint: "Nêu rõ sự việc, ở đâu, ảnh hưởng đến ai, và chị đề nghị gì.",
    category: "Lĩnh vực",
    commune: "Xã, thị trấn nơi phát sinh",
    village: "Thôn, bản (không bắt buộc)",
    about: "Thông tin người kiến nghị",
    fullName: "Họ và tên",
    phone: "Số điện thoại di động",
    phoneHint: "Cán bộ sẽ gọi số này nếu cần hỏi thêm.",
    email: "E-mail (không bắt buộc)",
    emailHint: "Để nhận tin khi kiến nghị được xử lý. Không có e-mail thì theo dõi bằng mã tra cứu.",
    gender: "Giới tính (không bắt buộc)",
    genders: { female: "Nữ", male: "Nam", other: "Khác" },
    ethnicityLegend: "Dân tộc (không bắt buộc)",
    ethnicityHint: "Dân tộc là thông tin nhạy cảm, chỉ được ghi khi chị đánh dấu ô đồng ý riêng.",
    ethnicityConsent: "Tôi đồng ý cho Hội LHPN ghi nhận dân tộc của tôi để thống kê.",
    ethnicity: "Dân tộc",
    onBehalfOf: "Thay mặt cho nhóm (không bắt buộc)",
    onBehalfOfHint: "Ví dụ: Chi hội phụ nữ thôn Nà Tông.",
    event: "Nêu tại buổi đối thoại (không bắt buộc)",
    share: "Cơ quan được chuyển kiến nghị có được biết tên và số điện thoại của chị không?",
    shareHint: "Hội Phụ nữ luôn biết chị là ai. Nếu không chọn: có, trừ kiến nghị về bạo lực gia đình, bạo lực giới.",
    yes: "Có",
    no: "Không",
    consent: "Tôi đồng ý để Hội LHPN và cơ quan có thẩm quyền dùng các thông tin trên để xử lý kiến nghị này.",
    submit: "Gửi kiến nghị",
    choose: "— Chọn —",
  },
  en: {
    heading: "Send a petition",
    intro:
      "Your petition is screened by the commune Women's Union, approved by the Union above and forwarded to the agency that must answer it. You will get a tracking code to follow it.",
    title: "Title",
    content: "Your petition",
    contentHint: "Say what happened, where, who it affects, and what you ask for.",
    category: "Subject",
    commune: "Commune where it arises",
    village: "Village (optional)",
    about: "About you",
    fullName: "Full name",
    phone: "Mobile phone number",
    phoneHint: "An officer calls this number if they need to ask more.",
    email: "E-mail (optional)",
    emailHint: "To hear when your petition moves. Without e-mail, follow it with the tracking code.",
    gender: "Gender (optional)",
    genders: { female: "Female", male: "Male", other: "Other" },
    ethnicityLegend: "Ethnic group (optional)",
    ethnicityHint: "Ethnic origin is sensitive data: it is recorded only if you tick its own consent box.",
    ethnicityConsent: "I agree that the Women's Union records my ethnic group for statistics.",
    ethnicity: "Ethnic group",
    onBehalfOf: "On behalf of a group (optional)",
    onBehalfOfHint: "For example: the women's branch of Nà Tông village.",
    event: "Raised at a dialogue session (optional)",
    share: "May the agency that receives your petition know your name and phone number?",
    shareHint:
      "The Women's Union always knows who you are. If you do not choose: yes, except for domestic and gender-based violence.",
    yes: "Yes",
    no: "No",
    consent: "I agree that the Women's Union and the responsible agency use this information to handle this petition.",
    submit: "Send petition",
    choose: "— Choose —",
  },
} as const;

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
  const w = t[lang];
  const state: FormState = { lang, values, errors };
  const labels: Record<string, string> = {
    title: w.title,
    content: w.content,
    category: w.category,
    commune: w.commune,
    village: w.village,
    "petitioner.fullName": w.fullName,
    "petitioner.phone": w.phone,
    "petitioner.email": w.email,
    "petitioner.gender": w.gender,
    "petitioner.ethnicity": w.ethnicity,
    onBehalfOf: w.onBehalfOf,
    eventId: w.event,
    shareIdentityWithAgency: w.share,
    consent: lang === "vi" ? "Đồng ý" : "Consent",
    petitioner: w.about,
  };
  const banner = officer
    ? html`<p class="ok">${lang === "vi" ? `Chị đang nhập kiến nghị thay cho người dân, với tư cách ${officer.name} (${officer.unit}). Số điện thoại của người kiến nghị là số liên hệ.` : `You are entering a petition on a woman's behalf as ${officer.name} (${officer.unit}). Her phone number is the contact.`}</p>`
    : "";
  return html`<h1>${w.heading}</h1>${banner}<p>${w.intro}</p>${errorSummary(state, labels)}<form method="post"${action ? html` action="${action}"` : ""} novalidate accept-charset="utf-8"><input type="hidden" name="lang" value="${lang}">
${textField(state, "title", w.title, { required: true, maxlength: 200 })}
${textArea(state, "content", w.content, { hint: w.contentHint, rows: 8, maxlength: 5000 })}
${selectField(
  state,
  "category",
  w.category,
  config.categories.map((c) => ({ value: c.id, label: lang === "en" ? c.en : c.name })),
  { required: true, placeholder: w.choose },
)}
${selectField(
  state,
  "commune",
  w.commune,
  helpers.communes.map((c) => ({ value: c.id, label: c.name })),
  { required: true, placeholder: w.choose },
)}
${textField(state, "village", w.village, { maxlength: 100 })}
<fieldset><legend>${w.about}</legend>
${textField(state, "petitioner.fullName", w.fullName, { required: true, autocomplete: "name", maxlength: 100 })}
${textField(state, "petitioner.phone", w.phone, { type: "tel", required: true, inputmode: "tel", autocomplete: "tel", hint: w.phoneHint })}
${textField(state, "petitioner.email", w.email, { type: "email", autocomplete: "email", hint: w.emailHint })}
${radioGroup(state, "petitioner.gender", w.gender, [
  { value: "female", label: w.genders.female },
  { value: "male", label: w.genders.male },
  { value: "other", label: w.genders.other },
])}
<p class="hint">${w.ethnicityHint}</p>
${checkboxField(state, "petitioner.ethnicityConsent", w.ethnicityConsent)}
${selectField(
  state,
  "petitioner.ethnicity",
  w.ethnicity,
  ethnicGroups.map((g) => ({ value: g.code, label: g.name })),
  { placeholder: w.choose },
)}
</fieldset>
${textField(state, "onBehalfOf", w.onBehalfOf, { hint: w.onBehalfOfHint, maxlength: 200 })}
${selectField(
  state,
  "eventId",
  w.event,
  config.events.filter((e) => e.kind === "dialogue").map((e) => ({ value: e.id, label: e.title })),
  { placeholder: w.choose },
)}
${radioGroup(state, "shareIdentityWithAgency", w.share, [
  { value: "yes", label: w.yes },
  { value: "no", label: w.no },
])}<p class="hint">${w.shareHint}</p>
${checkboxField(state, "consent", w.consent)}
${officer ? "" : honeypotInput(lang)}<button type="submit">${w.submit}</button></form>`;
}

export function submittedPage(answer: SubmitAnswer, lang: Lang, hasEmail: boolean, statusHref: string): SafeHtml {
  const vi = lang === "vi";
  const dropped = answer.notStored?.length
    ? html`<p>${vi ? "Dân tộc chưa được ghi lại vì chưa đánh dấu ô đồng ý riêng." : "The ethnic group was not recorded because its consent box was not ticked."}</p>`
    : "";
  return html`<div class="ok" role="status"><h1>${vi ? "Đã gửi kiến nghị" : "Petition sent"}</h1><p>${vi ? "Mã tra cứu:" : "Tracking code:"}</p><p class="code">${answer.trackingCode}</p><p>${vi ? "Hãy ghi lại mã này. Dùng nó để xem kiến nghị đang ở đâu và được trả lời thế nào." : "Write this code down. Use it to see where your petition is and how it was answered."}</p>${dropped}</div>
<p>${hasEmail ? (vi ? "Chúng tôi đã gửi thư xác nhận vào e-mail." : "We have sent a confirmation to the e-mail address.") : ""}</p>
<p><a href="${statusHref}">${vi ? "Xem tình trạng kiến nghị" : "See the petition's status"}</a></p>`;
}

function timeline(
  items: { at: string; label: { vi: string; en: string }; note?: string; actor?: string }[],
  lang: Lang,
): SafeHtml {
  return html`<ol>${items.map(
    (e) =>
      html`<li><strong>${e.label[lang]}</strong> — ${formatDateTime(e.at, lang)}${e.actor ? html` · ${e.actor}` : ""}${e.note ? html`<br><span style="white-space:pre-wrap">${e.note}</span>` : ""}</li>`,
  )}</ol>`;
}

/** The public status page: where it stands, the agency, the answer. Never who sent it. */
export function statusPage(s: PublicStatus, lang: Lang, base: string): SafeHtml {
  const vi = lang === "vi";
  const w = vi
    ? {
        code: "Mã tra cứu",
        status: "Tình trạng",
        stage: "Đang ở",
        category: "Lĩnh vực",
        commune: "Xã",
        sent: "Ngày gửi",
        agency: "Cơ quan được chuyển",
        answer: "Trả lời",
        reason: "Lý do",
        dup: "Trùng với kiến nghị",
        history: "Quá trình xử lý",
      }
    : {
        code: "Tracking code",
        status: "Status",
        stage: "With",
        category: "Subject",
        commune: "Commune",
        sent: "Sent",
        agency: "Forwarded to",
        answer: "Answer",
        reason: "Reason",
        dup: "Duplicate of",
        history: "What happened",
      };
  return html`<h1>${vi ? "Tình trạng kiến nghị" : "Petition status"}</h1>
<dl><dt>${w.code}</dt><dd class="code">${s.trackingCode}</dd><dt>${w.status}</dt><dd><strong>${s.statusLabel[lang]}</strong></dd>${s.currentStage ? html`<dt>${w.stage}</dt><dd>${s.currentStage[lang]}</dd>` : ""}<dt>${w.category}</dt><dd>${s.category[lang]}</dd><dt>${w.commune}</dt><dd>${s.commune.name}</dd><dt>${w.sent}</dt><dd>${formatDateTime(s.submittedAt, lang)}</dd>${s.agency ? html`<dt>${w.agency}</dt><dd>${s.agency.name}</dd>` : ""}${s.duplicateOf ? html`<dt>${w.dup}</dt><dd><a href="${link("petition-status", { trackingCode: s.duplicateOf }, { base, lang })}">${s.duplicateOf}</a></dd>` : ""}</dl>
${s.answer ? html`<section class="ok"><h2>${w.answer}: ${s.answer.agency}</h2><p style="white-space:pre-wrap">${s.answer.text}</p><p>${formatDateTime(s.answer.at, lang)}</p></section>` : ""}
${s.rejectionReason ? html`<section class="summary"><h2>${w.reason}</h2><p style="white-space:pre-wrap">${s.rejectionReason}</p></section>` : ""}
<h2>${w.history}</h2>${timeline(s.timeline, lang)}`;
}

/** A form to look a petition up by its code (for women without e-mail). `base` makes its links relative. */
export function lookupPage(lang: Lang, base: string, error?: string): SafeHtml {
  const vi = lang === "vi";
  const state: FormState = {
    lang,
    values: {},
    errors: error ? [{ path: "code", code: "unknown", message: { vi: error, en: error } }] : [],
  };
  return html`<h1>${vi ? "Tra cứu kiến nghị" : "Look up a petition"}</h1><form method="post" action="${link("petition-lookup-post", {}, { base })}" novalidate><input type="hidden" name="lang" value="${lang}">${textField(state, "code", vi ? "Mã tra cứu" : "Tracking code", { required: true, hint: vi ? "Ví dụ: AB3CD-EF4GH" : "For example: AB3CD-EF4GH", maxlength: 20 })}<button type="submit">${vi ? "Tra cứu" : "Look up"}</button></form><p><a href="${link("petition-form", {}, { base, lang })}">${vi ? "Gửi kiến nghị mới" : "Send a new petition"}</a></p>`;
}

/** One action's form: its fields as the action table declares them, and its button. */
function actionForm(action: Action, state: FormState, p: Petition, config: Config): SafeHtml {
  const inputs = (ACTION_TABLE[action] as ActionDeclaration).fields.map((f) => {
    const label = f.label[state.lang];
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
  const name = actionLabels[action][state.lang];
  return html`<form method="post" class="action"><input type="hidden" name="lang" value="${state.lang}"><input type="hidden" name="action" value="${action}"><h2>${name}</h2>${inputs}<button type="submit">${name}</button></form>`;
}

/** The page behind a link in an e-mail. Shows, never changes: each action is a form the person submits. */
export function linkPage(
  view: LinkView,
  lang: Lang,
  form: { values?: Values; errors?: FieldError[]; chosen?: Action } = {},
): SafeHtml {
  const { petition: p, config } = view;
  const vi = lang === "vi";
  const hidden = identityHiddenFrom(view.role, p);
  const area = config.areas.find((a) => a.id === p.commune)?.name ?? p.commune;
  const w = vi
    ? {
        code: "Mã tra cứu",
        status: "Tình trạng",
        holder: "Đang ở",
        category: "Lĩnh vực",
        place: "Nơi phát sinh",
        who: "Người kiến nghị",
        behalf: "Thay mặt",
        entered: "Cán bộ nhập thay",
        hiddenText: "Được giữ kín theo nguyện vọng của người kiến nghị.",
        content: "Nội dung",
        question: "Câu hỏi cần bổ sung",
        answer: "Trả lời",
        history: "Quá trình xử lý",
      }
    : {
        code: "Tracking code",
        status: "Status",
        holder: "With",
        category: "Subject",
        place: "Where",
        who: "Petitioner",
        behalf: "On behalf of",
        entered: "Entered by",
        hiddenText: "Kept private at the petitioner's request.",
        content: "Petition",
        question: "Question asked",
        answer: "Answer",
        history: "What happened",
      };
  const holder = currentHolder(p, config, lang);
  const identity = hidden
    ? html`<dd>${w.hiddenText}</dd>`
    : html`<dd>${p.petitioner.fullName} · ${formatVietnamMobile(p.petitioner.phone)}${p.petitioner.email ? ` · ${p.petitioner.email}` : ""}</dd>`;
  const state: FormState = { lang, values: form.values ?? {}, errors: form.errors ?? [] };
  const forms = view.actions.map((action) =>
    actionForm(action, form.chosen === action ? state : { lang, values: {}, errors: [] }, p, config),
  );
  const history = view.history.map((e) => ({
    at: e.at,
    label: timelineLabels[e.action],
    actor: e.role === "petitioner" && hidden ? undefined : e.actor,
    note: e.note,
  }));
  return html`<h1>${p.title}</h1>
<dl><dt>${w.code}</dt><dd>${displayCode(p.trackingCode)}</dd><dt>${w.status}</dt><dd><strong>${stateLabels[p.status][lang]}</strong></dd>${holder ? html`<dt>${w.holder}</dt><dd>${holder}</dd>` : ""}<dt>${w.category}</dt><dd>${categoryName(config, p.category, lang)}</dd><dt>${w.place}</dt><dd>${hidden || !p.village ? area : `${p.village}, ${area}`}</dd><dt>${w.who}</dt>${identity}${p.onBehalfOf ? html`<dt>${w.behalf}</dt><dd>${p.onBehalfOf}</dd>` : ""}${p.enteredBy && !hidden ? html`<dt>${w.entered}</dt><dd>${p.enteredBy.name}</dd>` : ""}${p.status === "forwarded" || p.status === "acknowledged" ? html`<dt>${vi ? "Cơ quan" : "Agency"}</dt><dd>${agencyName(config, p.routing.agency)}</dd>` : ""}</dl>
<h2>${w.content}</h2><p style="white-space:pre-wrap">${p.content}</p>
${p.status === "needs_info" && p.infoRequest ? html`<section class="summary"><h2>${w.question}</h2><p style="white-space:pre-wrap">${p.infoRequest.question}</p></section>` : ""}
${p.answer ? html`<section class="ok"><h2>${w.answer}</h2><p style="white-space:pre-wrap">${p.answer.text}</p></section>` : ""}
${errorSummary(state, {})}${forms}
<h2>${w.history}</h2>${timeline(history, lang)}`;
}

export function actedPage(petition: Petition, action: Action, lang: Lang): SafeHtml {
  const vi = lang === "vi";
  return html`<div class="ok" role="status"><h1>${vi ? "Đã ghi nhận" : "Done"}: ${actionLabels[action][lang]}</h1><p>${vi ? "Kiến nghị" : "Petition"} ${displayCode(petition.trackingCode)}: ${stateLabels[petition.status][lang]}.</p><p>${vi ? "Cảm ơn. Những người liên quan sẽ được báo qua e-mail." : "Thank you. Everyone concerned is told by e-mail."}</p></div>`;
}

/** "Already handled": who acted, what they did, when. */
export function stepDonePage(done: StepDone, lang: Lang): SafeHtml {
  const vi = lang === "vi";
  const e = done.entry;
  const p = done.view.petition;
  const who = e
    ? html`<p><strong>${e.actor}</strong> ${actionDone[e.action][lang]} ${vi ? "lúc" : "at"} ${formatDateTime(e.at, lang)}.</p>`
    : html`<p>${done.detail?.[lang] ?? ""}</p>`;
  return html`<h1>${done.title[lang]}</h1>${who}<p>${vi ? "Tình trạng hiện nay" : "Status now"}: <strong>${stateLabels[p.status][lang]}</strong>.</p><p>${vi ? "Liên kết này không còn dùng để thao tác được nữa." : "This link can no longer be used to act."}</p>`;
}
