import { loadEventView } from "#shared/events/view.ts";
import { registeredText } from "#shared/messages/registration.ts";
import { ValidationError } from "#shared/platform/errors.ts";
import { bodyText, htmlPage, httpHandler, json } from "#shared/platform/http.ts";
import type { Lang } from "#shared/platform/i18n.ts";
import { link } from "#shared/platform/links.ts";
import { confirmationPage, registrationFormPage } from "#shared/registration/pages.ts";
import { register } from "#shared/registration/registration.ts";

/**
 * POST /events/{eventId}/registrations, JSON or a form post. A form with mistakes comes back with the values
 * kept and each message beside its field; everything else maps to a problem (JSON) or a friendly page.
 */
export const handler = httpHandler(async (req) => {
  const eventId = req.params.eventId ?? "";
  const asForm = req.bodyKind === "form";
  try {
    const { answer, link: token } = await register(eventId, req.body, {
      lang: req.lang,
      baseUrl: req.baseUrl,
      idempotencyKey: req.header("idempotency-key"),
    });
    // Her own link to see or cancel it (JSON clients show it as the form's page does); never in a replayed answer.
    const manage = (base: string, lang?: Lang) => link("registration-link", { token: token ?? "" }, { base, lang });
    if (!asForm) return json(201, token ? { ...answer, links: { manage: manage(req.baseUrl) } } : answer);
    const { view } = await loadEventView(eventId, req.pageBase);
    const hasEmail = /\S/.test(bodyText(req.body, "email"));
    return htmlPage(
      201,
      req.lang,
      registeredText[req.lang].title,
      confirmationPage(view, answer, req.lang, hasEmail, token ? manage(req.pageBase, req.lang) : undefined),
    );
  } catch (error) {
    if (!(error instanceof ValidationError) || !asForm) throw error;
    const { view, config, helpers } = await loadEventView(eventId, req.pageBase);
    const values = req.body as Record<string, unknown>;
    const page = registrationFormPage({ view, config, helpers, lang: req.lang, values, errors: error.fieldErrors });
    return htmlPage(error.status, req.lang, view.title, page);
  }
});
