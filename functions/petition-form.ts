import { loadConfig } from "#shared/config/store.ts";
import { petitionFormText } from "#shared/messages/petitions.ts";
import { petitionFormPage } from "#shared/petitions/pages.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { link } from "#shared/platform/links.ts";

/** GET /petitions/new: the public petition form (Vietnamese; `?lang=en` for English). */
export const handler = httpHandler(
  async (req) => {
    const { config, helpers } = await loadConfig();
    return htmlPage(
      200,
      req.lang,
      petitionFormText[req.lang].page,
      petitionFormPage({ config, helpers, lang: req.lang, action: link("petitions", {}, { base: req.pageBase }) }),
    );
  },
  { pages: true },
);
