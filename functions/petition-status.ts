import { petitionStatusText } from "#shared/messages/petitions.ts";
import { statusPage } from "#shared/petitions/pages.ts";
import { statusByCode } from "#shared/petitions/status.ts";
import { htmlPage, httpHandler, json } from "#shared/platform/http.ts";

/**
 * GET /petitions/{trackingCode}: where a petition stands, for anyone with its code: HTML for browsers, JSON
 * with `Accept: application/json`, both the public view (shared/petitions/audience.ts): never a name, phone, e-mail
 * or note, and of a sensitive petition only its stage and dates.
 */
export const handler = httpHandler(async (req) => {
  const status = await statusByCode(req.params.trackingCode ?? "");
  const wantsJson = (req.header("accept") ?? "").includes("application/json");
  if (wantsJson || !req.wantsHtml) return json(200, status);
  return htmlPage(200, req.lang, petitionStatusText[req.lang].heading, statusPage(status, req.lang, req.pageBase));
});
