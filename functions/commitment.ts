import { commitmentPageText } from "#shared/messages/sessions.ts";
import { commitmentPage } from "#shared/petitions/commitment-page.ts";
import { commitmentByToken, reportProgress } from "#shared/petitions/commitments.ts";
import { ValidationError } from "#shared/platform/errors.ts";
import { html } from "#shared/platform/html.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";

/**
 * GET /c/{token}: a commitment and the form to report its progress; POST: a report (percent, note, done). The link is
 * the agency's (or, after an escalation, the union unit's above it). A GET changes nothing: mail scanners open links.
 */
export const handler = httpHandler(
  async (req) => {
    const token = req.params.token ?? "";
    const view = await commitmentByToken(token);
    const title = commitmentPageText[req.lang].title;
    if (req.method !== "POST") return htmlPage(200, req.lang, title, commitmentPage(view, req.lang));
    try {
      await reportProgress(view, req.body, req.baseUrl);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const values = req.body as Record<string, unknown>;
      return htmlPage(
        error.status,
        req.lang,
        title,
        commitmentPage(view, req.lang, { values, errors: error.fieldErrors }),
      );
    }
    const fresh = await commitmentByToken(token);
    const notice = html`<p>${commitmentPageText[req.lang].recorded}</p>`;
    return htmlPage(200, req.lang, title, commitmentPage(fresh, req.lang, { notice }));
  },
  { pages: true },
);
