import type { Config } from "../config/schema.ts";
import { mailLayoutText } from "../messages/common.ts";
import { officerLinkMailText, petitionerMailText, staffMailText } from "../messages/petition-mails.ts";
import { formatDay, vietnamDay } from "../platform/dates.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import type { OutgoingMail } from "../platform/outbox.ts";
import { audienceOf, identityOf, type PetitionView, petitionFor, placeOf } from "./audience.ts";
import { agencyName, currentHolder, deadlineWords } from "./labels.ts";
import type { MailAlarm } from "./notify.ts";
import type { HistoryEntry, Petition } from "./petition.ts";
import { displayCode } from "./tracking.ts";
import type { Role } from "./workflow.ts";

/**
 * Every e-mail a petition causes. Petitioners read their language (Vietnamese unless they chose English);
 * staff read Vietnamese. Every value is escaped in HTML; subjects are made one line by the outbox. What a mail
 * says of the petition comes from its recipient's view, `petitionFor(audience, …)` (shared/petitions/audience.ts).
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
  | "withdrawn-notice"
  | "reminder"
  | "overdue"
  | "escalated"
  | "nudged"
  | "step-moved"
  | "undelivered"
  | "petitioner-unreachable"
  | "verdict-ask"
  | "auto-closed"
  | "verdict-ask-officer"
  | "auto-closed-notice";

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
  /**
   * Whether the petitioner's address has answered a mail before (she acted from a link sent to it). Until it has,
   * her receipt carries the code, the status link and fixed words only: a public form must not relay typed words,
   * nor her link, to whoever owns an address someone typed.
   */
  addressSeen?: boolean;
  /** The transition this mail reports: its note reaches the recipient when their view shows it (the forwarding note). */
  entry?: HistoryEntry;
  /** A reminder's or an escalation's alarm (shared/petitions/alarms.ts). */
  alarm?: MailAlarm;
  /** The address a step's mail bounced from, and whose it was ("undelivered"). */
  undelivered?: { address: string; holder: string };
}

/** What the recipient sees of the petition and of the transition that caused the mail. */
const viewOf = (ctx: MailContext) =>
  petitionFor(audienceOf(ctx.role), ctx.petition, ctx.entry ? [ctx.entry] : [], ctx.config);

function summary(ctx: MailContext): { rows: [string, string][]; table: SafeHtml } {
  const t = staffMailText;
  const v = viewOf(ctx);
  const rows: [string, string][] = [
    [t.code, v.trackingCode],
    [t.title, v.title],
    [t.category, v.category.vi],
    [t.place, placeOf(v)],
    // Hidden from this reader, or erased (an empty identity): never a blank.
    [t.petitioner, identityOf(v) || t.hidden],
  ];
  if (v.onBehalfOf) rows.push([t.onBehalfOf, v.onBehalfOf]);
  if (v.enteredBy) rows.push([t.enteredBy, v.enteredBy]);
  rows.push([t.content, v.content]);
  const table = html`<table style="border-collapse:collapse;margin:12px 0">${rows.map(
    ([k, v]) =>
      html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top;white-space:nowrap">${k}</td><td style="padding:4px 0;white-space:pre-wrap">${v}</td></tr>`,
  )}</table>`;
  return { rows, table };
}

/** "Hạn xử lý: Thứ Năm, 25/02/2027 (quá hạn 2 ngày làm việc)." */
function deadlineLine(v: PetitionView): string | undefined {
  const d = v.deadline;
  return d && staffMailText.deadline({ due: formatDay(d.due, "vi"), state: deadlineWords(d, "vi") });
}

const joinLines = (...lines: (string | undefined)[]) => lines.filter(Boolean).join("\n\n") || undefined;

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
  const v = petitionFor("petitioner", ctx.petition, [], ctx.config);
  const code = v.trackingCode;
  const t = petitionerMailText[lang];
  switch (ctx.kind) {
    case "receipt":
      return { subject: withCode(t.receipt.subject, code), lead: t.receipt.lead({ title: v.title, code }) };
    case "needs-info":
      return { subject: withCode(t.needsInfo.subject, code), lead: t.needsInfo.lead, extra: v.infoRequest?.question };
    case "rejected":
      return { subject: withCode(t.rejected.subject, code), lead: t.rejected.lead, extra: v.rejectionReason };
    case "forwarded":
      return {
        subject: withCode(t.forwarded.subject, code),
        lead: t.forwarded.lead({ agency: v.agency?.name ?? "" }),
      };
    case "answered":
      return {
        subject: withCode(t.answered.subject, code),
        lead: t.answered.lead({ agency: v.answer?.agency ?? v.agency?.name ?? "" }),
        extra: v.answer?.text,
      };
    case "verdict-ask":
      return {
        subject: withCode(t.verdictAsk.subject, code),
        lead: t.verdictAsk.lead({ agency: v.answer?.agency ?? v.agency?.name ?? "" }),
        extra: v.answer?.text,
      };
    case "auto-closed":
      return { subject: withCode(t.autoClosed.subject, code), lead: t.autoClosed.lead };
    case "duplicate":
      return {
        subject: withCode(t.duplicate.subject, code),
        lead: t.duplicate.lead({ other: v.duplicateOf ?? "" }),
      };
    default:
      throw new Error(`${ctx.kind} is not a petitioner mail`);
  }
}

/**
 * A receipt to an address that has not answered before: anyone can type any address into the public form, so it
 * holds no typed word (no name, no title) and not her link (which opens her petition and withdraws it), only the
 * code and the status link, which show what the code shows anyone.
 */
function receiptToAnyone(ctx: MailContext): OutgoingMail {
  const lang = ctx.petition.lang;
  const w = petitionerMailText[lang];
  const code = displayCode(ctx.petition.trackingCode);
  const subject = withCode(w.receipt.subject, code);
  const lead = w.receipt.leadAnyone({ code });
  const hello = mailLayoutText[lang].helloAnyone;
  const status = links(ctx).status;
  return {
    to: ctx.to,
    kind: ctx.kind,
    subject,
    html: mailHtml(
      lang,
      subject,
      html`<p>${hello}</p><p>${lead}</p><p><a href="${status}">${w.follow}</a> (${code})</p><p>${w.receipt.notYou}</p>`,
    ),
    text: mailText([hello, "", lead, "", `${w.follow}: ${status}`, "", w.receipt.notYou]),
  };
}

function petitionerMail(ctx: MailContext): OutgoingMail {
  if (ctx.kind === "receipt" && ctx.addressSeen !== true) return receiptToAnyone(ctx);
  const lang = ctx.petition.lang;
  const v = petitionFor("petitioner", ctx.petition, [], ctx.config);
  const t = petitionerText(ctx, lang);
  const l = links(ctx);
  const w = petitionerMailText[lang];
  const statusLabel = w.follow;
  const actionLabel = w.open;
  const hello = v.petitioner
    ? `${mailLayoutText[lang].hello} ${v.petitioner.fullName},`
    : mailLayoutText[lang].helloAnyone;
  return {
    to: ctx.to,
    kind: ctx.kind,
    subject: t.subject,
    html: mailHtml(
      lang,
      t.subject,
      html`<p>${hello}</p><p>${t.lead}</p>${t.extra ? html`<p style="white-space:pre-wrap;border-left:4px solid #8a1538;padding-left:8px">${t.extra}</p>` : ""}<p><strong>${v.title}</strong></p>${l.action ? mailButton(l.action, actionLabel) : ""}<p><a href="${l.status}">${statusLabel}</a> (${v.trackingCode})</p>`,
    ),
    text: mailText([
      hello,
      "",
      t.lead,
      t.extra ? `\n${t.extra}\n` : undefined,
      v.title,
      "",
      l.action ? `${actionLabel}: ${l.action}` : undefined,
      `${statusLabel}: ${l.status}`,
    ]),
  };
}

/** The mail of `ctx.kind` for its recipient: every word it carries of the petition is in the recipient's view. */
export function petitionMail(ctx: MailContext): OutgoingMail {
  const code = displayCode(ctx.petition.trackingCode);
  const t = staffMailText;
  const v = viewOf(ctx);
  switch (ctx.kind) {
    case "assigned":
      if (ctx.role === "screener") return staffMail(ctx, withCode(t.toScreener.subject, code), t.toScreener.lead);
      if (ctx.role === "approver") return staffMail(ctx, withCode(t.toApprover.subject, code), t.toApprover.lead);
      return staffMail(
        ctx,
        withCode(t.toAgency.subject, code),
        t.toAgency.lead({ agency: v.agency?.name ?? "" }),
        // The approver's note for the agency, when this mail reports her forwarding it.
        v.timeline.find((e) => e.action === "forward")?.note,
      );
    case "returned-to-approver":
      return staffMail(ctx, withCode(t.returned.subject, code), t.returned.lead, v.returnReason);
    case "info-on-behalf":
      return staffMail(ctx, withCode(t.infoOnBehalf.subject, code), t.infoOnBehalf.lead, v.infoRequest?.question);
    case "officer-answered":
      return staffMail(ctx, withCode(t.officerAnswered.subject, code), t.officerAnswered.lead, v.answer?.text);
    case "withdrawn-notice":
      return staffMail(ctx, withCode(t.withdrawn.subject, code), t.withdrawn.lead);
    case "step-moved":
      return staffMail(ctx, withCode(t.stepMoved.subject, code), t.stepMoved.lead);
    case "reminder":
      return staffMail(ctx, withCode(t.reminder.subject, code), t.reminder.lead, deadlineLine(v));
    case "overdue":
      return staffMail(ctx, withCode(t.overdue.subject, code), t.overdue.lead, deadlineLine(v));
    case "escalated": {
      const holder = currentHolder(ctx.petition, ctx.config, "vi") ?? "";
      const lead = t.escalated.lead({ holder, unit: ctx.alarm?.unitName ?? "" });
      return staffMail(ctx, withCode(t.escalated.subject, code), lead, deadlineLine(v));
    }
    case "undelivered": {
      const u = ctx.undelivered ?? { address: "", holder: "" };
      return staffMail(ctx, withCode(t.undelivered.subject, code), t.undelivered.lead(u));
    }
    case "verdict-ask-officer":
      return staffMail(ctx, withCode(t.verdictAskOfficer.subject, code), t.verdictAskOfficer.lead, v.answer?.text);
    case "auto-closed-notice":
      return staffMail(ctx, withCode(t.autoClosedNotice.subject, code), t.autoClosedNotice.lead);
    case "petitioner-unreachable":
      return staffMail(ctx, withCode(t.petitionerUnreachable.subject, code), t.petitionerUnreachable.lead);
    case "nudged": {
      const said = v.timeline.find((e) => e.action === "nudge")?.note;
      return staffMail(ctx, withCode(t.nudged.subject, code), t.nudged.lead, joinLines(said, deadlineLine(v)));
    }
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

/**
 * An agency's weekly digest (shared/petitions/sweep.ts): each petition it holds as the agency sees it, oldest first,
 * with its link and where it stands against its deadline. Staff read Vietnamese.
 */
export function digestMail(d: {
  to: string;
  petitions: readonly Petition[];
  more: number;
  tokens: readonly string[];
  config: Config;
  baseUrl: string;
}): OutgoingMail {
  const t = staffMailText;
  const n = d.petitions.length + d.more;
  const agency = d.petitions[0] ? agencyName(d.config, d.petitions[0].routing.agency) : "";
  const subject = t.digest.subject({ n });
  const lead = t.digest.lead({ agency, n });
  const rows = d.petitions.map((p, i) => {
    const v = petitionFor("agency", p, [], d.config);
    const url = link("action-page", { token: d.tokens[i] ?? "" }, { base: d.baseUrl });
    const facts = [
      `${t.digest.since} ${formatDay(vietnamDay(new Date(p.stepStartedAt)), "vi")}`,
      deadlineLine(v),
      v.commune.name,
    ].filter(Boolean);
    return { v, url, facts };
  });
  const more = d.more > 0 ? t.digest.more({ n: d.more }) : undefined;
  return {
    to: d.to,
    kind: "agency-digest",
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>${lead}</p><ol>${rows.map(
        (r) =>
          html`<li style="margin:0 0 12px"><a href="${r.url}"><strong>${r.v.trackingCode}</strong> · ${r.v.title}</a><br>${r.facts.join(" · ")}</li>`,
      )}</ol>${more ? html`<p>${more}</p>` : ""}`,
    ),
    text: mailText([
      lead,
      "",
      ...rows.map((r, i) => `${i + 1}. ${r.v.trackingCode} · ${r.v.title}\n   ${r.facts.join(" · ")}\n   ${r.url}`),
      more,
    ]),
  };
}
