import { mailLayoutText } from "../messages/common.ts";
import { receiptMailText, requestPageText, rightsKindText, unitMailText } from "../messages/rights.ts";
import { formatDateTime, formatDay } from "../platform/dates.ts";
import { html } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import type { OutgoingMail } from "../platform/outbox.ts";
import type { AlarmStage, RightsRequest } from "./requests.ts";

/**
 * The mails of her data rights. None names her: the union's mails say what is asked, by when and through which link
 * (whose page, held by its staff member's own token, shows who she is); her receipts go to an address anyone could
 * have typed into a form, so they carry fixed words and dates only, and no link.
 */

export type UnitMailStage = "new" | AlarmStage;

function rowsTable(rows: [string, string][]) {
  return html`<table style="border-collapse:collapse;margin:12px 0">${rows.map(
    ([k, v]) =>
      html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top">${k}</td><td style="padding:4px 0">${v}</td></tr>`,
  )}</table>`;
}

/** How a request came, in the union's words. */
export function channelText(r: RightsRequest, lang: Lang, officerUnit?: string): string {
  const t = requestPageText[lang];
  return r.channel.via === "link"
    ? t.viaLink
    : t.viaOfficer({ name: r.channel.name, unit: officerUnit ?? r.channel.unitId });
}

/**
 * To a union staff member (in Vietnamese, as every staff mail): a new request, a reminder before a limit, or overdue.
 * `link` is the reference of her token for the request's page.
 */
export function unitMail(d: {
  request: RightsRequest;
  stage: UnitMailStage;
  to: string;
  unitName: string;
  officerUnit?: string;
  link: string;
  baseUrl: string;
}): OutgoingMail {
  const lang: Lang = "vi";
  const t = unitMailText[lang];
  const p = requestPageText[lang];
  const r = d.request;
  const kind = rightsKindText[lang][r.kind];
  const ack = formatDay(r.ackDue, lang);
  const complete = formatDay(r.completeDue, lang);
  const { subject, heading, lead } = {
    new: { subject: t.subject({ kind, day: ack }), heading: t.heading, lead: t.lead({ unit: d.unitName }) },
    acknowledge: {
      subject: t.acknowledgeSubject({ kind, day: ack }),
      heading: t.acknowledgeHeading,
      lead: t.lead({ unit: d.unitName }),
    },
    complete: {
      subject: t.completeSubject({ kind, day: complete }),
      heading: t.completeHeading,
      lead: t.lead({ unit: d.unitName }),
    },
    overdue: {
      subject: t.overdueSubject({ kind }),
      heading: t.overdueHeading,
      lead: t.overdueLead({ day: complete, unit: d.unitName }),
    },
  }[d.stage];
  const rows: [string, string][] = [
    [p.kind, kind],
    [p.received, formatDateTime(r.receivedAt, lang)],
    [p.channel, channelText(r, lang, d.officerUnit)],
    [p.ackDue, r.acknowledgedAt ? `${ack} (${p.acknowledged.toLowerCase()})` : ack],
    [p.completeDue, complete],
  ];
  const url = link("my-data", { token: d.link }, { base: d.baseUrl });
  return {
    to: d.to,
    kind: d.stage === "new" ? "rights-request" : `rights-${d.stage}`,
    subject,
    html: mailHtml(lang, heading, html`<p>${lead}</p>${rowsTable(rows)}<p>${t.why}</p>${mailButton(url, t.button)}`),
    text: mailText([lead, "", ...rows, "", t.why, "", `${t.button}: ${url}`]),
  };
}

/** Her receipt: a request received (with its limits), or carried out at once. */
export function receiptMail(d: { request: RightsRequest; to: string }): OutgoingMail {
  const r = d.request;
  const lang = r.lang;
  const t = receiptMailText[lang];
  const kind = rightsKindText[lang][r.kind];
  const done = r.completedAt !== undefined;
  const rows: [string, string][] = [
    [t.kind, kind],
    [t.received, formatDateTime(r.receivedAt, lang)],
    ...(done
      ? []
      : ([
          [t.ackDue, formatDay(r.ackDue, lang)],
          [t.completeDue, formatDay(r.completeDue, lang)],
        ] as [string, string][])),
  ];
  const hello = mailLayoutText[lang].helloAnyone;
  const heading = done ? t.doneHeading : t.heading;
  return {
    to: d.to,
    kind: "rights-receipt",
    subject: done ? t.doneSubject({ kind }) : t.subject({ kind }),
    html: mailHtml(lang, heading, html`<p>${hello}</p>${rowsTable(rows)}<p>${t.notYou}</p>`),
    text: mailText([hello, "", heading, "", ...rows, "", t.notYou]),
  };
}

/** To the address she had, when her e-mail was changed from her link: whoever holds it learns of it. */
export function emailChangedMail(d: { to: string; lang: Lang; at: string }): OutgoingMail {
  const t = receiptMailText[d.lang];
  const hello = mailLayoutText[d.lang].helloAnyone;
  const lead = t.changedLead({ at: formatDateTime(d.at, d.lang) });
  return {
    to: d.to,
    kind: "rights-email-changed",
    subject: t.changedSubject,
    html: mailHtml(d.lang, t.changedHeading, html`<p>${hello}</p><p>${lead}</p><p>${t.notYou}</p>`),
    text: mailText([hello, "", lead, "", t.notYou]),
  };
}
