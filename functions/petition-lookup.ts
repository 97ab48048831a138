import { lookupText } from "#shared/messages/petitions.ts";
import { lookupPage } from "#shared/petitions/pages.ts";
import { getPetition } from "#shared/petitions/petition.ts";
import { displayCode, parseTrackingCode } from "#shared/petitions/tracking.ts";
import { bodyText, htmlPage, httpHandler } from "#shared/platform/http.ts";
import { link } from "#shared/platform/links.ts";

/**
 * GET /petitions: a box to type a tracking code into (for women without e-mail). POST /petitions/lookup
 * sends her to the status page; the code never travels in a query string.
 */
export const handler = httpHandler(
  async (req) => {
    const t = lookupText[req.lang];
    const title = t.heading;
    if (req.method !== "POST") return htmlPage(200, req.lang, title, lookupPage(req.lang, req.pageBase));
    const typed = bodyText(req.body, "code");
    const code = parseTrackingCode(typed);
    if (!code || !(await getPetition(code, false))) {
      return htmlPage(404, req.lang, title, lookupPage(req.lang, req.pageBase, t.unknown));
    }
    const location = link(
      "petition-status",
      { trackingCode: displayCode(code) },
      { base: req.pageBase, lang: req.lang },
    );
    return { statusCode: 303, headers: { Location: location, "Cache-Control": "no-store" }, body: "" };
  },
  { pages: true },
);
