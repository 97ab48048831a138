import type { Config } from "../config/schema.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import type { OutgoingMail } from "../platform/outbox.ts";
import { formatVietnamMobile } from "../platform/phone.ts";
import { agencyName, categoryName } from "./labels.ts";
import type { Petition } from "./petition.ts";
import { displayCode } from "./tracking.ts";
import type { Role } from "./workflow.ts";

/**
 * Every e-mail a petition causes. Petitioners read their language (Vietnamese unless they chose English);
 * staff read Vietnamese. Every value is escaped in HTML; subjects are made one line by the outbox.
 */

export type PetitionMailKind =
  | "receipt"
  | "assigned"
  | "returned-to-approver"
  | "info-on-behalf"
  | "needs-info"
  | "rejected"
  | "forwarded"
  | "answered"
  | "duplicate"
  | "officer-answered"
  | "withdrawn-notice";

export interface MailContext {
  kind: PetitionMailKind;
  petition: Petition;
  config: Config;
  to: string;
  /** The recipient's role on the petition: decides what they may see. */
  role: Role | "officer";
  baseUrl: string;
  /** `/a/{token}` for the recipient, when they have something to do or may withdraw. */
  actionToken?: string;
  /** For screeners: their personal link to enter petitions on women's behalf. */
  intakeToken?: string;
}

const vi = {
  code: "Mã tra cứu",
  title: "Tiêu đề",
  category: "Lĩnh vực",
  place: "Nơi phát sinh",
  content: "Nội dung",
  petitioner: "Người kiến nghị",
  onBehalfOf: "Thay mặt",
  enteredBy: "Cán bộ nhập thay",
  hidden: "(được giữ kín theo nguyện vọng của người kiến nghị)",
  open: "Xem và xử lý kiến nghị",
  openOwn: "Xem kiến nghị của chị",
  status: "Xem tình trạng kiến nghị",
  intake: "Nhập kiến nghị thay cho chị em (đường link riêng của chị)",
};

function summary(ctx: MailContext): { rows: [string, string][]; table: SafeHtml } {
  const p = ctx.petition;
  const area = ctx.config.areas.find((a) => a.id === p.commune)?.name ?? p.commune;
  const hideIdentity = ctx.role === "agency" && !p.shareIdentityWithAgency;
  const who = hideIdentity
    ? vi.hidden
    : [p.petitioner.fullName, formatVietnamMobile(p.petitioner.phone), p.petitioner.email].filter(Boolean).join(" · ");
  const rows: [string, string][] = [
    [vi.code, displayCode(p.trackingCode)],
    [vi.title, p.title],
    [vi.category, categoryName(ctx.config, p.category, "vi")],
    [vi.place, hideIdentity || !p.village ? area : `${p.village}, ${area}`],
    [vi.petitioner, who],
  ];
  if (p.onBehalfOf) rows.push([vi.onBehalfOf, p.onBehalfOf]);
  if (p.enteredBy && !hideIdentity) rows.push([vi.enteredBy, p.enteredBy.name]);
  rows.push([vi.content, p.content]);
  const table = html`<table style="border-collapse:collapse;margin:12px 0">${rows.map(
    ([k, v]) =>
      html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top;white-space:nowrap">${k}</td><td style="padding:4px 0;white-space:pre-wrap">${v}</td></tr>`,
  )}</table>`;
  return { rows, table };
}

const links = (ctx: MailContext) => ({
  action: ctx.actionToken ? link("action-page", { token: ctx.actionToken }, { base: ctx.baseUrl }) : undefined,
  status: link("petition-status", { trackingCode: displayCode(ctx.petition.trackingCode) }, { base: ctx.baseUrl }),
  intake: ctx.intakeToken ? link("intake-form", { token: ctx.intakeToken }, { base: ctx.baseUrl }) : undefined,
});

/** Staff mail: what arrived, what to do, the link. Always Vietnamese. */
function staffMail(ctx: MailContext, subject: string, lead: string, extra?: string): OutgoingMail {
  const { rows, table } = summary(ctx);
  const l = links(ctx);
  return {
    to: ctx.to,
    kind: ctx.kind,
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>${lead}</p>${extra ? html`<p style="white-space:pre-wrap;border-left:4px solid #8a1538;padding-left:8px">${extra}</p>` : ""}${table}${l.action ? mailButton(l.action, vi.open) : ""}${l.intake ? html`<p><a href="${l.intake}">${vi.intake}</a></p>` : ""}`,
    ),
    text: mailText([
      lead,
      extra ? `\n${extra}` : undefined,
      "",
      ...rows,
      "",
      l.action ? `${vi.open}: ${l.action}` : undefined,
      l.intake ? `${vi.intake}: ${l.intake}` : undefined,
    ]),
  };
}

interface PetitionerText {
  subject: string;
  lead: string;
  extra?: string;
}

function petitionerText(ctx: MailContext, lang: Lang): PetitionerText {
  const p = ctx.petition;
  const code = displayCode(p.trackingCode);
  const en = lang === "en";
  switch (ctx.kind) {
    case "receipt":
      return en
        ? {
            subject: `Petition received: ${code}`,
            lead: `We have received your petition "${p.title}". Keep the tracking code ${code} to follow it.`,
          }
        : {
            subject: `Đã nhận kiến nghị: ${code}`,
            lead: `Chúng tôi đã nhận kiến nghị "${p.title}" của chị. Hãy giữ mã tra cứu ${code} để theo dõi.`,
          };
    case "needs-info":
      return en
        ? {
            subject: `More information needed: ${code}`,
            lead: "Please add the information asked for below, using the button.",
            extra: p.infoRequest?.question,
          }
        : {
            subject: `Cần bổ sung thông tin: ${code}`,
            lead: "Xin chị bổ sung thông tin được hỏi dưới đây, bằng nút bên dưới.",
            extra: p.infoRequest?.question,
          };
    case "rejected":
      return en
        ? {
            subject: `Petition not accepted: ${code}`,
            lead: "Your petition was not accepted, for this reason:",
            extra: p.rejection?.reason,
          }
        : {
            subject: `Kiến nghị không được tiếp nhận: ${code}`,
            lead: "Kiến nghị của chị không được tiếp nhận, với lý do:",
            extra: p.rejection?.reason,
          };
    case "forwarded":
      return en
        ? {
            subject: `Petition forwarded: ${code}`,
            lead: `Your petition has been forwarded to ${agencyName(ctx.config, p.routing.agency)}, which must answer it.`,
          }
        : {
            subject: `Kiến nghị đã được chuyển: ${code}`,
            lead: `Kiến nghị của chị đã được chuyển đến ${agencyName(ctx.config, p.routing.agency)} để trả lời.`,
          };
    case "answered":
      return en
        ? {
            subject: `Your petition has an answer: ${code}`,
            lead: `${agencyName(ctx.config, p.answer?.agency ?? p.routing.agency)} answered:`,
            extra: p.answer?.text,
          }
        : {
            subject: `Kiến nghị đã có trả lời: ${code}`,
            lead: `${agencyName(ctx.config, p.answer?.agency ?? p.routing.agency)} đã trả lời:`,
            extra: p.answer?.text,
          };
    case "duplicate":
      return en
        ? {
            subject: `Petition joined to another: ${code}`,
            lead: `Your petition raises the same matter as petition ${displayCode(p.duplicateOf ?? "")}, which is being handled: follow that one.`,
          }
        : {
            subject: `Kiến nghị trùng nội dung: ${code}`,
            lead: `Kiến nghị của chị trùng nội dung với kiến nghị ${displayCode(p.duplicateOf ?? "")} đang được xử lý: xin theo dõi kiến nghị đó.`,
          };
    default:
      throw new Error(`${ctx.kind} is not a petitioner mail`);
  }
}

function petitionerMail(ctx: MailContext): OutgoingMail {
  const lang = ctx.petition.lang;
  const t = petitionerText(ctx, lang);
  const l = links(ctx);
  const en = lang === "en";
  const statusLabel = en ? "Follow your petition" : "Theo dõi kiến nghị";
  const actionLabel = en ? "Open your petition" : vi.openOwn;
  const hello = `${en ? "Hello" : "Chào"} ${ctx.petition.petitioner.fullName},`;
  return {
    to: ctx.to,
    kind: ctx.kind,
    subject: t.subject,
    html: mailHtml(
      lang,
      t.subject,
      html`<p>${hello}</p><p>${t.lead}</p>${t.extra ? html`<p style="white-space:pre-wrap;border-left:4px solid #8a1538;padding-left:8px">${t.extra}</p>` : ""}<p><strong>${ctx.petition.title}</strong></p>${l.action ? mailButton(l.action, actionLabel) : ""}<p><a href="${l.status}">${statusLabel}</a> (${displayCode(ctx.petition.trackingCode)})</p>`,
    ),
    text: mailText([
      hello,
      "",
      t.lead,
      t.extra ? `\n${t.extra}\n` : undefined,
      ctx.petition.title,
      "",
      l.action ? `${actionLabel}: ${l.action}` : undefined,
      `${statusLabel}: ${l.status}`,
    ]),
  };
}

export function petitionMail(ctx: MailContext): OutgoingMail {
  const code = displayCode(ctx.petition.trackingCode);
  const p = ctx.petition;
  switch (ctx.kind) {
    case "assigned":
      if (ctx.role === "screener")
        return staffMail(
          ctx,
          `Kiến nghị mới cần tiếp nhận: ${code}`,
          "Có kiến nghị mới từ xã của chị, cần xem xét và tiếp nhận.",
        );
      if (ctx.role === "approver")
        return staffMail(
          ctx,
          `Kiến nghị cần duyệt: ${code}`,
          "Hội Phụ nữ xã đã tiếp nhận kiến nghị này. Xin duyệt và chuyển cơ quan có thẩm quyền.",
        );
      return staffMail(
        ctx,
        `Kiến nghị chuyển đến cơ quan: ${code}`,
        `Hội Liên hiệp Phụ nữ chuyển đến ${agencyName(ctx.config, p.routing.agency)} kiến nghị sau đây, đề nghị xác nhận và trả lời.`,
      );
    case "returned-to-approver":
      return staffMail(
        ctx,
        `Cơ quan trả lại kiến nghị: ${code}`,
        "Cơ quan được chuyển đã trả lại kiến nghị vì không thuộc thẩm quyền. Xin chuyển cơ quan khác hoặc không tiếp nhận.",
        p.returnReason,
      );
    case "info-on-behalf":
      return staffMail(
        ctx,
        `Cần bổ sung thông tin (người gửi không có e-mail): ${code}`,
        "Người gửi không có e-mail. Xin liên hệ chị qua điện thoại và nhập thông tin bổ sung thay chị.",
        p.infoRequest?.question,
      );
    case "officer-answered":
      return staffMail(
        ctx,
        `Kiến nghị chị nhập thay đã có trả lời: ${code}`,
        "Kiến nghị chị nhập thay cho chị em đã có trả lời. Xin báo lại cho người kiến nghị.",
        p.answer?.text,
      );
    case "withdrawn-notice":
      return staffMail(ctx, `Kiến nghị đã được rút: ${code}`, "Người gửi đã rút kiến nghị này. Không cần xử lý thêm.");
    default:
      return petitionerMail(ctx);
  }
}

/** The personal intake link ops send an officer (`npm run officer-link`): staff read Vietnamese. */
export function officerLinkMail(o: { to: string; name: string; token: string; baseUrl: string }): OutgoingMail {
  const url = link("intake-form", { token: o.token }, { base: o.baseUrl });
  const lead = `Chào ${o.name}, đây là đường link riêng để chị nhập kiến nghị thay cho chị em (những người nêu ý kiến tại buổi đối thoại hoặc gọi điện đến). Xin đừng chuyển link này cho người khác.`;
  return {
    to: o.to,
    kind: "officer-link",
    subject: "Đường link nhập kiến nghị thay cho chị em",
    html: mailHtml("vi", "Đường link nhập kiến nghị", html`<p>${lead}</p>${mailButton(url, "Nhập kiến nghị")}`),
    text: mailText([lead, "", `Nhập kiến nghị: ${url}`]),
  };
}
