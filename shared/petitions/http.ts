import { loadConfig } from "../config/store.ts";
import { petitionFormText, submittedText } from "../messages/petitions.ts";
import { ValidationError } from "../platform/errors.ts";
import { type ApiResult, bodyText, htmlPage, json, type Req } from "../platform/http.ts";
import { link } from "../platform/links.ts";
import { petitionFormPage, submittedPage } from "./pages.ts";
import { type SubmitOptions, submitPetition } from "./service.ts";

/**
 * Submitting a petition from a form or as JSON — the public form and an officer's intake link share it.
 * A form with mistakes comes back with the values kept and each message beside its field.
 */
export async function submitFromRequest(
  req: Req,
  options: Pick<SubmitOptions, "enteredBy"> & {
    /** Where the form posts (absent: the page's own URL, as an officer's intake link). */
    formAction?: string;
    officer?: { name: string; unit: string };
  },
): Promise<ApiResult> {
  const asForm = req.bodyKind === "form";
  try {
    const answer = await submitPetition(req.body, {
      lang: req.lang,
      baseUrl: req.baseUrl,
      idempotencyKey: req.header("idempotency-key"),
      enteredBy: options.enteredBy,
    });
    if (!asForm) return json(201, answer);
    const hasEmail = /\S/.test(bodyText(req.body, "petitioner", "email"));
    const statusHref = link(
      "petition-status",
      { trackingCode: answer.trackingCode },
      { base: req.pageBase, lang: req.lang },
    );
    const title = submittedText[req.lang].heading;
    return htmlPage(201, req.lang, title, submittedPage(answer, req.lang, hasEmail, statusHref));
  } catch (error) {
    if (!(error instanceof ValidationError) || !asForm) throw error;
    const { config, helpers } = await loadConfig();
    const page = petitionFormPage({
      config,
      helpers,
      lang: req.lang,
      values: req.body as Record<string, unknown>,
      errors: error.fieldErrors,
      officer: options.officer,
      action: options.formAction,
    });
    return htmlPage(error.status, req.lang, petitionFormText[req.lang].page, page);
  }
}
