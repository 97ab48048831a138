import { actedText } from "#shared/messages/petitions.ts";
import { actedPage, linkPage, linkPageTitle, stepDonePage } from "#shared/petitions/pages.ts";
import { actOnLink, StepDone, viewLink } from "#shared/petitions/service.ts";
import { ACTIONS } from "#shared/petitions/workflow.ts";
import { ValidationError } from "#shared/platform/errors.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";

/**
 * POST /a/{token}: the button a person pressed. One transition; if someone else acted first, a page says who
 * and when; a missing reason or answer re-shows the page with the message beside the field.
 */
export const handler = httpHandler(
  async (req) => {
    const token = req.params.token ?? "";
    try {
      const { petition, action } = await actOnLink(token, req.body, req.baseUrl);
      return htmlPage(200, req.lang, actedText[req.lang].done, actedPage(petition, action, req.lang));
    } catch (error) {
      if (error instanceof StepDone)
        return htmlPage(error.status, req.lang, error.title[req.lang], stepDonePage(error, req.lang));
      if (!(error instanceof ValidationError)) throw error;
      const view = await viewLink(token);
      const values = req.body as Record<string, unknown>;
      const chosen = ACTIONS.find((a) => a === values.action);
      return htmlPage(
        400,
        req.lang,
        linkPageTitle(view),
        linkPage(view, req.lang, { values, errors: error.fieldErrors, chosen }),
      );
    }
  },
  { pages: true },
);
