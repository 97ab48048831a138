import { loadConfig } from "#shared/config/store.ts";
import { eventView } from "#shared/events/model.ts";
import { registrationLinkText } from "#shared/messages/registration.ts";
import { now } from "#shared/platform/clock.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { registrationLinkPage } from "#shared/registration/pages.ts";
import { viewByToken } from "#shared/registration/registration.ts";
import { myDataLink } from "#shared/rights/link.ts";

/**
 * GET /r/{token}: the page behind the link in a registration e-mail. Mail scanners open every link, so this
 * only shows the registration and a Cancel button; the button's POST is what cancels.
 */
export const handler = httpHandler(
  async (req) => {
    const token = req.params.token ?? "";
    const [{ helpers }, found] = await Promise.all([loadConfig(), viewByToken(token)]);
    const view = eventView(found.event, helpers, now(), req.pageBase);
    const canCancel = found.registration.status !== "cancelled" && now().getTime() < Date.parse(found.event.startsAt);
    const title = registrationLinkText[req.lang].heading;
    return htmlPage(
      200,
      req.lang,
      title,
      registrationLinkPage(found, view, req.lang, canCancel, myDataLink(token, req.pageBase, req.lang)),
    );
  },
  { pages: true },
);
