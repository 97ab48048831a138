import type { EventRecord } from "../events/model.ts";
import { formatSpan } from "../platform/dates.ts";
import { html } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { displaySpokenCode } from "../platform/ids.ts";
import { link } from "../platform/links.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import type { OutgoingMail } from "../platform/outbox.ts";
import type { OrganiserPerson, Registration } from "./model.ts";

const words = {
  vi: {
    hello: "Chào",
    event: "Sự kiện",
    when: "Thời gian",
    where: "Địa điểm",
    code: "Mã đăng ký",
    status: "Trạng thái",
    confirmed: "Đã có chỗ",
    waitlisted: "Trong danh sách chờ",
    position: "vị trí số",
    calendar: "Thêm vào lịch",
    manage: "Xem hoặc hủy đăng ký",
    codeHint: "Khi đến, chị đọc mã đăng ký này cho ban tổ chức để điểm danh.",
    waitHint: "Khi có người hủy, chị sẽ được nhận chỗ theo thứ tự và nhận e-mail báo tin.",
    manageHint: "Nếu không đến được, xin hủy đăng ký để nhường chỗ cho người khác:",
  },
  en: {
    hello: "Hello",
    event: "Event",
    when: "When",
    where: "Where",
    code: "Registration code",
    status: "Status",
    confirmed: "Confirmed",
    waitlisted: "On the waitlist",
    position: "position",
    calendar: "Add to calendar",
    manage: "View or cancel registration",
    codeHint: "When you arrive, read this code to the organisers to check in.",
    waitHint: "When someone cancels, seats go to the waitlist in order and you will get an e-mail.",
    manageHint: "If you cannot come, please cancel so someone else can have the seat:",
  },
} as const;

interface Context {
  registration: Registration;
  event: EventRecord;
}

function details({ registration, event }: Context, lang: Lang, statusText: string) {
  const w = words[lang];
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
  const w = words[lang];
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
  const w = words[lang];
  const status = ctx.registration.status === "waitlisted" ? "waitlisted" : "confirmed";
  const { rows, table } = details(ctx, lang, statusText(status, lang, ctx.position));
  const manageUrl = link("registration-link", { token: ctx.link }, { base: ctx.baseUrl, lang });
  const calendarUrl = link("event-calendar", { eventId: ctx.event.id }, { base: ctx.baseUrl });
  return {
    to: ctx.registration.email as string,
    kind,
    subject,
    html: mailHtml(
      lang,
      heading,
      html`<p>${w.hello} ${ctx.registration.fullName},</p><p>${lead}</p>${table}<p>${hint}</p><p><a href="${calendarUrl}">${w.calendar}</a></p><p>${w.manageHint}</p>${mailButton(manageUrl, w.manage)}`,
    ),
    text: mailText([
      `${w.hello} ${ctx.registration.fullName},`,
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
  const waiting = ctx.registration.status === "waitlisted";
  const title = ctx.event.title;
  if (lang === "en") {
    return withLinks(
      ctx,
      waiting ? "registration-waitlisted" : "registration-confirmed",
      waiting ? `On the waitlist: ${title}` : `Registration confirmed: ${title}`,
      waiting ? "You are on the waitlist" : "Your registration is confirmed",
      waiting ? "The event is full, so you are on the waitlist." : "You have a seat at this event.",
      waiting ? words.en.waitHint : words.en.codeHint,
    );
  }
  return withLinks(
    ctx,
    waiting ? "registration-waitlisted" : "registration-confirmed",
    waiting ? `Đã vào danh sách chờ: ${title}` : `Xác nhận đăng ký: ${title}`,
    waiting ? "Chị đang ở danh sách chờ" : "Đăng ký của chị đã được xác nhận",
    waiting ? "Sự kiện đã đủ chỗ nên chị được xếp vào danh sách chờ." : "Chị đã có chỗ tại sự kiện này.",
    waiting ? words.vi.waitHint : words.vi.codeHint,
  );
}

export function promotedMail(ctx: LinkContext): OutgoingMail {
  const title = ctx.event.title;
  return ctx.registration.lang === "en"
    ? withLinks(
        ctx,
        "registration-promoted",
        `You have a seat: ${title}`,
        "A seat became free: it is yours",
        "Someone cancelled and you were first on the waitlist, so you now have a seat.",
        words.en.codeHint,
      )
    : withLinks(
        ctx,
        "registration-promoted",
        `Chị đã có chỗ: ${title}`,
        "Đã có chỗ trống dành cho chị",
        "Có người hủy đăng ký và chị đứng đầu danh sách chờ, nên chị đã có chỗ.",
        words.vi.codeHint,
      );
}

export function cancelledMail({
  registration,
  event,
  byOrganiser = false,
}: Context & { byOrganiser?: boolean }): OutgoingMail {
  const lang = registration.lang;
  const en = lang === "en";
  const heading = en ? "Your registration is cancelled" : "Đăng ký của chị đã được hủy";
  const lead = byOrganiser
    ? en
      ? "The organisers have cancelled your registration. If you did register yourself and want to come, register again or contact them."
      : "Ban tổ chức đã hủy đăng ký này. Nếu chính chị đã đăng ký và vẫn muốn tham dự, xin đăng ký lại hoặc liên hệ ban tổ chức."
    : en
      ? "We have cancelled your registration as you asked."
      : "Chúng tôi đã hủy đăng ký theo yêu cầu của chị.";
  const { rows, table } = details({ registration, event }, lang, en ? "Cancelled" : "Đã hủy");
  return {
    to: registration.email as string,
    kind: byOrganiser ? "registration-cancelled-by-organiser" : "registration-cancelled",
    subject: en ? `Registration cancelled: ${event.title}` : `Đã hủy đăng ký: ${event.title}`,
    html: mailHtml(lang, heading, html`<p>${words[lang].hello} ${registration.fullName},</p><p>${lead}</p>${table}`),
    text: mailText([`${words[lang].hello} ${registration.fullName},`, "", lead, "", ...rows]),
  };
}

interface OrganiserContext {
  event: EventRecord;
  organiser: OrganiserPerson;
  link: string;
  baseUrl: string;
}

/** Staff e-mails are in Vietnamese: the organisers are the Women's Union's own cadres. */
function organiserMail(ctx: OrganiserContext, kind: string, subject: string, lead: string): OutgoingMail {
  const url = link("organiser-page", { token: ctx.link }, { base: ctx.baseUrl });
  const hint = "Đường link này là của riêng chị, xin đừng chuyển cho người khác.";
  const rows: [string, string][] = [
    ["Sự kiện", ctx.event.title],
    ["Thời gian", formatSpan(ctx.event.startsAt, ctx.event.endsAt, "vi")],
    ["Địa điểm", ctx.event.venue],
  ];
  return {
    to: ctx.organiser.email,
    kind,
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>Chào ${ctx.organiser.name},</p><p>${lead}</p><table style="border-collapse:collapse;margin:12px 0">${rows.map(
        ([k, v]) =>
          html`<tr><td style="padding:4px 12px 4px 0;font-weight:bold;vertical-align:top">${k}</td><td style="padding:4px 0">${v}</td></tr>`,
      )}</table>${mailButton(url, "Mở danh sách và điểm danh")}<p>${hint}</p>`,
    ),
    text: mailText([
      `Chào ${ctx.organiser.name},`,
      "",
      lead,
      "",
      ...rows,
      "",
      `Mở danh sách và điểm danh: ${url}`,
      hint,
    ]),
  };
}

export function organiserLinkMail(ctx: OrganiserContext): OutgoingMail {
  return organiserMail(
    ctx,
    "organiser-link",
    `Danh sách đăng ký và điểm danh: ${ctx.event.title}`,
    "Đây là đường link để chị xem danh sách đăng ký, số liệu tham dự, điểm danh tại cửa và đăng ký tại chỗ cho người chưa đăng ký.",
  );
}

export function burstAlertMail(ctx: OrganiserContext & { arrivals: number }): OutgoingMail {
  return organiserMail(
    ctx,
    "registration-burst",
    `Đăng ký tăng đột biến: ${ctx.event.title}`,
    `Trong khoảng một phút vừa qua có ${ctx.arrivals} lượt đăng ký, cao hơn nhiều so với bình thường. Nếu đây là những người thật (ví dụ cả hội trường cùng đăng ký), chị không cần làm gì. Nếu là số điện thoại bịa ra để chiếm chỗ, chị mở danh sách, lọc theo khoảng thời gian đó và hủy hàng loạt: người trong danh sách chờ sẽ được nhận chỗ theo thứ tự.`,
  );
}
