import { dossierText } from "#shared/messages/sessions.ts";
import { html } from "#shared/platform/html.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { secretReady } from "#shared/platform/secret.ts";
import { dossierByToken, dossierReplyOf, saveDossierReply } from "#shared/sessions/dossier.ts";
import { dossierPage } from "#shared/sessions/dossier-page.ts";

/**
 * GET /s/{token}: a session's dossier for one of its invited leaders (the issues sent beforehand); POST: the issues she
 * will answer in the hall. A GET changes nothing: mail scanners open links.
 */
export const handler = httpHandler(
  async (req) => {
    await secretReady();
    const found = await dossierByToken(req.params.token ?? "");
    const title = dossierText[req.lang].title;
    if (req.method === "POST") {
      const reply = await saveDossierReply(found, req.body);
      const notice = html`<p>${dossierText[req.lang].saved}</p>`;
      return htmlPage(200, req.lang, title, dossierPage(found, reply.willAnswer, req.lang, notice));
    }
    const mine = await dossierReplyOf(found);
    return htmlPage(200, req.lang, title, dossierPage(found, mine?.willAnswer ?? [], req.lang));
  },
  { pages: true },
);
