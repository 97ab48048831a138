import type { Config } from "../config/schema.ts";
import { mailLayoutText } from "../messages/common.ts";
import { officerLinkMailText, petitionerMailText, staffMailText } from "../messages/petition-mails.ts";
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

function summary(ctx: MailContext): { rows: [string, string][]; table: SafeHtml } {
  const t = staffMailText;
  const p = ctx.petition;
  const area = ctx.config.areas.find((a) => a.id === p.commune)?.name ?? p.commune;
  const hideIdentity = ctx.role === "agency" && !p.shareIdentityWithAgency;
  const who = hideIdentity
    ? t.hidden
    : [p.petitioner.fullName, formatVietnamMobile(p.petitioner.phone), p.petitioner.email].filter(Boolean).join(" · ");
  const rows: [string, string][] = [
    [t.code, displayCode(p.trackingCode)],
    [t.title, p.title],
    [t.category, categoryName(ctx.config, p.category, "vi")],
    [t.place, hideIdentity || !p.village ? area : `${p.village}, ${area}`],
    [t.petitioner, who],
  ];
  if (p.onBehalfOf) rows.push([t.onBehalfOf, p.onBehalfOf]);
  if (p.enteredBy && !hideIdentity) rows.push([t.enteredBy, p.enteredBy.name]);
  rows.push([t.content, p.content]);
  const table = html`<table style="border-collapse:collapse;margin:12px 0">${rows.map(
    ([k, v]) =>
      html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top;white-space:nowrap">${k}</td><td style="padding:4px 0;white-space:pre-wrap">${v}</td></tr>`,
  )}</table>`;
  return { rows, table };
}

/** Every subject ends with the tracking code it is about: "Đã nhận kiến nghị: AB3CD-EF4GH". */
const withCode = (what: string, code: string) => `${what}: ${code}`;

const links = (ctx: MailContext) => ({
  action: ctx.actionToken ? link("action-page", { token: ctx.actionToken }, { base: ctx.baseUrl }) : undefined,
  status: link("petition-status", { trackingCode: displayCode(ctx.petition.trackingCode) }, { base: ctx.baseUrl }),
  intake: ctx.intakeToken ? link("intake-form", { token: ctx.intakeToken }, { base: ctx.baseUrl }) : undefined,
});

/** Staff mail: what arrived, what to do, the link. Always Vietnamese. */
function staffMail(ctx: MailContext, subject: string, lead: string, extra?: string): OutgoingMail {
  const t = staffMailText;
  const { rows, table } = summary(ctx);
  const l = links(ctx);
  return {
    to: ctx.to,
    kind: ctx.kind,
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>${lead}</p>${extra ? html`<p style="white-space:pre-wrap;border-left:4px solid #8a1538;padding-left:8px">${extra}</p>` : ""}${table}${l.action ? mailButton(l.action, t.open) : ""}${l.intake ? html`<p><a href="${l.intake}">${t.intake}</a></p>` : ""}`,
    ),
    text: mailText([
      lead,
      extra ? `\n${extra}` : undefined,
      "",
      ...rows,
      "",
      l.action ? `${t.open}: ${l.action}` : undefined,
      l.intake ? `${t.intake}: ${l.intake}` : undefined,
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
  const t = petitionerMailText[lang];
  switch (ctx.kind) {
    case "receipt":
      return { subject: withCode(t.receipt.subject, code), lead: t.receipt.lead({ title: p.title, code }) };
    case "needs-info":
      return { subject: withCode(t.needsInfo.subject, code), lead: t.needsInfo.lead, extra: p.infoRequest?.question };
    case "rejected":
      return { subject: withCode(t.rejected.subject, code), lead: t.rejected.lead, extra: p.rejection?.reason };
    case "forwarded":
      return {
        subject: withCode(t.forwarded.subject, code),
        lead: t.forwarded.lead({ agency: agencyName(ctx.config, p.routing.agency) }),
      };
    case "answered":
      return {
        subject: withCode(t.answered.subject, code),
        lead: t.answered.lead({ agency: agencyName(ctx.config, p.answer?.agency ?? p.routing.agency) }),
        extra: p.answer?.text,
      };
    case "duplicate":
      return {
        subject: withCode(t.duplicate.subject, code),
        lead: t.duplicate.lead({ other: displayCode(p.duplicateOf ?? "") }),
      };
    default:
      throw new Error(`${ctx.kind} is not a petitioner mail`);
  }
}

function petitionerMail(ctx: MailContext): OutgoingMail {
  const lang = ctx.petition.lang;
  const t = petitionerText(ctx, lang);
  const l = links(ctx);
  const w = petitionerMailText[lang];
  const statusLabel = w.follow;
  const actionLabel = w.open;
  const hello = `${mailLayoutText[lang].hello} ${ctx.petition.petitioner.fullName},`;
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
  const t = staffMailText;
  switch (ctx.kind) {
    case "assigned":
      if (ctx.role === "screener") return staffMail(ctx, withCode(t.toScreener.subject, code), t.toScreener.lead);
      if (ctx.role === "approver") return staffMail(ctx, withCode(t.toApprover.subject, code), t.toApprover.lead);
      return staffMail(
        ctx,
        withCode(t.toAgency.subject, code),
        t.toAgency.lead({ agency: agencyName(ctx.config, p.routing.agency) }),
      );
    case "returned-to-approver":
      return staffMail(ctx, withCode(t.returned.subject, code), t.returned.lead, p.returnReason);
    case "info-on-behalf":
      return staffMail(ctx, withCode(t.infoOnBehalf.subject, code), t.infoOnBehalf.lead, p.infoRequest?.question);
    case "officer-answered":
      return staffMail(ctx, withCode(t.officerAnswered.subject, code), t.officerAnswered.lead, p.answer?.text);
    case "withdrawn-notice":
      return staffMail(ctx, withCode(t.withdrawn.subject, code), t.withdrawn.lead);
    default:
      return petitionerMail(ctx);
  }
}

/** The personal intake link ops send an officer (`npm run officer-link`): staff read Vietnamese. */
export function officerLinkMail(o: { to: string; name: string; token: string; baseUrl: string }): OutgoingMail {
  const url = link("intake-form", { token: o.token }, { base: o.baseUrl });
  const t = officerLinkMailText;
  const lead = t.lead({ name: o.name });
  return {
    to: o.to,
    kind: "officer-link",
    subject: t.subject,
    html: mailHtml("vi", t.heading, html`<p>${lead}</p>${mailButton(url, t.button)}`),
    text: mailText([lead, "", `${t.button}: ${url}`]),
  };
}
