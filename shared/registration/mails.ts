import type { EventRecord } from "../events/model.ts";
import { mailLayoutText } from "../messages/common.ts";
import {
  burstMailText,
  cancelledMailText,
  confirmationMailText,
  organiserLinkMailText,
  organiserMailText,
  participantMailText,
  promotedMailText,
} from "../messages/registration-mails.ts";
import { formatSpan } from "../platform/dates.ts";
import { html } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { displaySpokenCode } from "../platform/ids.ts";
import { link, withQuery } from "../platform/links.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import type { OutgoingMail } from "../platform/outbox.ts";
import type { OrganiserPerson, Registration } from "./model.ts";

/** Every subject ends with the event it is about: "Xác nhận đăng ký: Đối thoại chính sách…". */
const about = (subject: string, title: string) => `${subject}: ${title}`;

interface Context {
  registration: Registration;
  event: EventRecord;
}

function details({ registration, event }: Context, lang: Lang, statusText: string) {
  const w = participantMailText[lang];
  const rows: [string, string][] = [
    [w.event, event.title],
    [w.when, formatSpan(event.startsAt, event.endsAt, lang)],
    [w.where, event.venue],
    [w.code, displaySpokenCode(registration.code)],
    [w.status, statusText],
  ];
  const table = html`<table style="border-collapse:collapse;margin:12px 0">${rows.map(
    ([k, v]) =>
      html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top;white-space:nowrap">${k}</td><td style="padding:4px 0">${k === w.code ? html`<span style="font-family:monospace;font-size:22px;letter-spacing:3px">${v}</span>` : v}</td></tr>`,
  )}</table>`;
  return { rows, table };
}

function statusText(status: "confirmed" | "waitlisted", lang: Lang, position?: number): string {
  const w = participantMailText[lang];
  return status === "confirmed" ? w.confirmed : `${w.waitlisted}${position ? ` (${w.position} ${position})` : ""}`;
}

interface LinkContext extends Context {
  link: string;
  baseUrl: string;
  position?: number;
}

function withLinks(
  ctx: LinkContext,
  kind: string,
  subject: string,
  heading: string,
  lead: string,
  hint: string,
): OutgoingMail {
  const lang = ctx.registration.lang;
  const w = participantMailText[lang];
  const status = ctx.registration.status === "waitlisted" ? "waitlisted" : "confirmed";
  const { rows, table } = details(ctx, lang, statusText(status, lang, ctx.position));
  const manageUrl = link("registration-link", { token: ctx.link }, { base: ctx.baseUrl, lang });
  const calendarUrl = link("event-calendar", { eventId: ctx.event.id }, { base: ctx.baseUrl });
  // No typed name: the form takes any address, and a confirmation must not carry a stranger's words to it.
  const hello = mailLayoutText[lang].helloAnyone;
  return {
    to: ctx.registration.email as string,
    kind,
    subject,
    html: mailHtml(
      lang,
      heading,
      html`<p>${hello}</p><p>${lead}</p>${table}<p>${hint}</p><p><a href="${calendarUrl}">${w.calendar}</a></p><p>${w.manageHint}</p>${mailButton(manageUrl, w.manage)}`,
    ),
    text: mailText([
      hello,
      "",
      lead,
      "",
      ...rows,
      "",
      hint,
      "",
      `${w.calendar}: ${calendarUrl}`,
      `${w.manageHint} ${manageUrl}`,
    ]),
  };
}

export function confirmationMail(ctx: LinkContext): OutgoingMail {
  const lang = ctx.registration.lang;
  const t = confirmationMailText[lang];
  const w = participantMailText[lang];
  const title = ctx.event.title;
  return ctx.registration.status === "waitlisted"
    ? withLinks(ctx, "registration-waitlisted", about(t.waitSubject, title), t.waitHeading, t.waitLead, w.waitHint)
    : withLinks(ctx, "registration-confirmed", about(t.subject, title), t.heading, t.lead, w.codeHint);
}

export function promotedMail(ctx: LinkContext): OutgoingMail {
  const lang = ctx.registration.lang;
  const t = promotedMailText[lang];
  return withLinks(
    ctx,
    "registration-promoted",
    about(t.subject, ctx.event.title),
    t.heading,
    t.lead,
    participantMailText[lang].codeHint,
  );
}

export function cancelledMail({
  registration,
  event,
  byOrganiser = false,
}: Context & { byOrganiser?: boolean }): OutgoingMail {
  const lang = registration.lang;
  const t = cancelledMailText[lang];
  const hello = mailLayoutText[lang].helloAnyone;
  const lead = byOrganiser ? t.byOrganiser : t.lead;
  const { rows, table } = details({ registration, event }, lang, t.status);
  return {
    to: registration.email as string,
    kind: byOrganiser ? "registration-cancelled-by-organiser" : "registration-cancelled",
    subject: about(t.subject, event.title),
    html: mailHtml(lang, t.heading, html`<p>${hello}</p><p>${lead}</p>${table}`),
    text: mailText([hello, "", lead, "", ...rows]),
  };
}

interface OrganiserContext {
  event: EventRecord;
  organiser: OrganiserPerson;
  link: string;
  baseUrl: string;
  /** The organiser's page the button opens (`?view=`): the door unless said. */
  view?: "record";
}

/** Staff e-mails are in Vietnamese: the organisers are the Women's Union's own cadres. */
function organiserMail(ctx: OrganiserContext, kind: string, subject: string, lead: string): OutgoingMail {
  const page = link("organiser-page", { token: ctx.link }, { base: ctx.baseUrl });
  const url = ctx.view ? withQuery(page, { view: ctx.view }) : page;
  const t = organiserMailText;
  const w = participantMailText.vi;
  const hello = `${mailLayoutText.vi.hello} ${ctx.organiser.name},`;
  const rows: [string, string][] = [
    [w.event, ctx.event.title],
    [w.when, formatSpan(ctx.event.startsAt, ctx.event.endsAt, "vi")],
    [w.where, ctx.event.venue],
  ];
  return {
    to: ctx.organiser.email,
    kind,
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>${hello}</p><p>${lead}</p><table style="border-collapse:collapse;margin:12px 0">${rows.map(
        ([k, v]) =>
          html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top">${k}</td><td style="padding:4px 0">${v}</td></tr>`,
      )}</table>${mailButton(url, t.open)}<p>${t.hint}</p>`,
    ),
    text: mailText([hello, "", lead, "", ...rows, "", `${t.open}: ${url}`, t.hint]),
  };
}

/** After a dialogue session: the organiser is asked to enter its issues and close its record (shared/sessions/record.ts). */
export function recordReminderMail(ctx: OrganiserContext & { days: number }): OutgoingMail {
  const t = organiserLinkMailText;
  return organiserMail(
    { ...ctx, view: "record" },
    "session-record-reminder",
    about(t.recordSubject, ctx.event.title),
    t.recordLead({ days: ctx.days }),
  );
}

export function organiserLinkMail(ctx: OrganiserContext): OutgoingMail {
  const t = organiserLinkMailText;
  return organiserMail(ctx, "organiser-link", about(t.subject, ctx.event.title), t.lead);
}

export function burstAlertMail(ctx: OrganiserContext & { arrivals: number }): OutgoingMail {
  const t = burstMailText;
  return organiserMail(
    ctx,
    "registration-burst",
    about(t.subject, ctx.event.title),
    t.lead({ arrivals: ctx.arrivals }),
  );
}
