import type { ConfigHelpers } from "../config/config.ts";
import { eventListText, eventPageText, eventSummaryText, seatsText } from "../messages/events.ts";
import { formatSpan } from "../platform/dates.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { inLang, link } from "../platform/links.ts";
import { closedReason, closedReasons, type EventRecord, seatsLeft } from "./model.ts";

/** The public description of an event: no counters beyond seats left and the waitlist's length. */
/** `base`: the API root its links start from (`req.baseUrl`). */
export function eventView(event: EventRecord, helpers: ConfigHelpers, at: Date, base: string) {
  const reason = closedReason(event, at);
  return {
    id: event.id,
    kind: event.kind,
    title: event.title,
    venue: event.venue,
    area: { id: event.area, name: helpers.area(event.area)?.name },
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    capacity: event.capacity,
    seatsLeft: seatsLeft(event),
    waitlisted: event.waitlistedCount,
    registration: {
      open: reason === undefined,
      ...(event.registrationClosesAt ? { closesAt: event.registrationClosesAt } : {}),
      ...(reason ? { reason, message: closedReasons[reason] } : {}),
    },
    links: {
      self: link("event", { eventId: event.id }, { base }),
      register: link("registration-form", { eventId: event.id }, { base }),
      calendar: link("event-calendar", { eventId: event.id }, { base }),
    },
  };
}

export type EventView = ReturnType<typeof eventView>;

export function seatsLine(view: EventView, lang: Lang): string {
  if (!view.registration.open) return view.registration.message?.[lang] ?? "";
  const t = seatsText[lang];
  return view.seatsLeft > 0 ? t.left({ n: view.seatsLeft }) : t.full;
}

/** What an event is, when and where: shared by the event page, the form and the registration pages. */
export function eventSummary(view: EventView, lang: Lang): SafeHtml {
  const w = eventSummaryText[lang];
  return html`<p>${w.kinds[view.kind]}</p><dl><dt>${w.when}</dt><dd>${formatSpan(view.startsAt, view.endsAt, lang)}</dd><dt>${w.where}</dt><dd>${view.venue}${view.area.name ? `, ${view.area.name}` : ""}</dd></dl>`;
}

export function eventListPage(views: EventView[], lang: Lang): SafeHtml {
  const t = eventListText[lang];
  return html`<h1>${t.heading}</h1>${views.length === 0 ? html`<p>${t.none}</p>` : ""}${views.map(
    (v) =>
      html`<section><h2>${v.title}</h2>${eventSummary(v, lang)}<p>${seatsLine(v, lang)}</p><p><a href="${inLang(v.links.register, lang)}">${t.register}</a></p></section>`,
  )}`;
}

export function eventPage(view: EventView, lang: Lang): SafeHtml {
  const t = eventPageText[lang];
  return html`<h1>${view.title}</h1>${eventSummary(view, lang)}<p>${seatsLine(view, lang)}</p>${view.registration.open ? html`<p><a href="${inLang(view.links.register, lang)}">${t.register}</a></p>` : ""}<p><a href="${view.links.calendar}">${t.calendar}</a></p>`;
}
