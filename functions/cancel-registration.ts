import { loadConfig } from "#shared/config/store.ts";
import { eventView } from "#shared/events/model.ts";
import { cancelledText } from "#shared/messages/registration.ts";
import { now } from "#shared/platform/clock.ts";
import { bodyText, htmlPage, httpHandler } from "#shared/platform/http.ts";
import { cancelledPage } from "#shared/registration/pages.ts";
import { cancelByToken } from "#shared/registration/registration.ts";

/** POST /r/{token}: the Cancel button. Frees the seat for the first person on the waitlist. */
export const handler = httpHandler(
  async (req) => {
    const [{ helpers }, result] = await Promise.all([
      loadConfig(),
      cancelByToken(req.params.token ?? "", req.baseUrl, bodyText(req.body, "action") === "cancel"),
    ]);
    return htmlPage(
      200,
      req.lang,
      cancelledText[req.lang].heading,
      cancelledPage(eventView(result.event, helpers, now(), req.pageBase), req.lang),
    );
  },
  { pages: true },
);
