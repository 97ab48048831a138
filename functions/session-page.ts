import { documentPage, httpHandler, json } from "#shared/platform/http.ts";
import { loadSessionView } from "#shared/sessions/public.ts";
import { SESSION_PAGE_POLICY, sessionPage } from "#shared/sessions/public-page.ts";

/**
 * GET /sessions/{eventId}: a dialogue session's public follow-up — who took part (counted), the issues raised and
 * their answers, the commitments and whether they are kept — as a printable page, or the same view as JSON with
 * `Accept: application/json`. No personal data in either (shared/sessions/public.ts).
 */
export const handler = httpHandler(async (req) => {
  const view = await loadSessionView(req.params.eventId ?? "");
  const wantsJson = (req.header("accept") ?? "").includes("application/json");
  if (wantsJson || !req.wantsHtml) return json(200, view);
  const page = documentPage(200, req.lang, sessionPage(view, req.lang));
  // The page's own stylesheet (it carries the print rules), allowed by its hash in place of the site's.
  return { ...page, headers: { ...page.headers, "Content-Security-Policy": SESSION_PAGE_POLICY } };
});
