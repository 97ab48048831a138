import { loadEventView } from "#shared/events/view.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { registrationFormPage } from "#shared/registration/pages.ts";

/** GET /events/{eventId}/register: the registration form (Vietnamese; `?lang=en` for English). */
export const handler = httpHandler(
  async (req) => {
    const { view, config, helpers } = await loadEventView(req.params.eventId ?? "", req.pageBase);
    return htmlPage(200, req.lang, view.title, registrationFormPage({ view, config, helpers, lang: req.lang }));
  },
  { pages: true },
);
