import { loadConfig } from "#shared/config/store.ts";
import { petitionFormPage } from "#shared/petitions/pages.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { link } from "#shared/platform/links.ts";

/** GET /petitions/new: the public petition form (Vietnamese; `?lang=en` for English). */
export const handler = httpHandler(
  async (req) => {
    const { config, helpers } = await loadConfig();
    const title = req.lang === "vi" ? "Gửi kiến nghị" : "Send a petition";
    return htmlPage(
      200,
      req.lang,
      title,
      petitionFormPage({ config, helpers, lang: req.lang, action: link("petitions", {}, { base: req.baseUrl }) }),
    );
  },
  { pages: true },
);
