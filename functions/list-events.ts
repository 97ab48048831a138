import { loadConfig } from "#shared/config/store.ts";
import { eventView, listEvents } from "#shared/events/model.ts";
import { eventListPage } from "#shared/events/pages.ts";
import { eventListText } from "#shared/messages/events.ts";
import { now } from "#shared/platform/clock.ts";
import { htmlPage, httpHandler, json } from "#shared/platform/http.ts";

/** GET / and GET /events: the events open for registration, as a page for browsers or JSON. */
export const handler = httpHandler(async (req) => {
  const [{ helpers }, events] = await Promise.all([loadConfig(), listEvents()]);
  const at = now();
  const open = events
    .map((e) => eventView(e, helpers, at, req.wantsHtml ? req.pageBase : req.baseUrl))
    .filter((v) => v.registration.open);
  if (!req.wantsHtml) return json(200, { events: open });
  return htmlPage(200, req.lang, eventListText[req.lang].title, eventListPage(open, req.lang));
});
