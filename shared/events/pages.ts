import { eventListText, eventPageText } from "../messages/events.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { withQuery } from "../platform/links.ts";
import { type EventView, eventSummary, seatsLine } from "./model.ts";

export function eventListPage(views: EventView[], lang: Lang): SafeHtml {
  const t = eventListText[lang];
  return html`<h1>${t.heading}</h1>${views.length === 0 ? html`<p>${t.none}</p>` : ""}${views.map(
    (v) =>
      html`<section><h2>${v.title}</h2>${eventSummary(v, lang)}<p>${seatsLine(v, lang)}</p><p><a href="${withQuery(v.links.register, {}, lang)}">${t.register}</a></p></section>`,
  )}`;
}

export function eventPage(view: EventView, lang: Lang): SafeHtml {
  const t = eventPageText[lang];
  return html`<h1>${view.title}</h1>${eventSummary(view, lang)}<p>${seatsLine(view, lang)}</p>${view.registration.open ? html`<p><a href="${withQuery(view.links.register, {}, lang)}">${t.register}</a></p>` : ""}<p><a href="${view.links.calendar}">${t.calendar}</a></p>`;
}
