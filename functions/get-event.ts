import { eventPage } from "#shared/events/pages.ts";
import { loadEventView } from "#shared/events/view.ts";
import { htmlPage, httpHandler, json } from "#shared/platform/http.ts";

/** GET /events/{eventId}: details and seats left. */
export const handler = httpHandler(async (req) => {
  const { view } = await loadEventView(req.params.eventId ?? "", req.wantsHtml ? req.pageBase : req.baseUrl);
  return req.wantsHtml ? htmlPage(200, req.lang, view.title, eventPage(view, req.lang)) : json(200, view);
});
