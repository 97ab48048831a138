import { loadConfig } from "#shared/config/store.ts";
import { intakeFormText } from "#shared/messages/petitions.ts";
import { petitionFormPage } from "#shared/petitions/pages.ts";
import { officerByToken } from "#shared/petitions/service.ts";
import { html } from "#shared/platform/html.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { link } from "#shared/platform/links.ts";
import { officerSection, officerSectionLink } from "#shared/rights/my-data-pages.ts";

/** GET /o/{token}: a union officer's personal form for entering a petition on a woman's behalf. */
export const handler = httpHandler(
  async (req) => {
    const token = req.params.token ?? "";
    const [officer, { config, helpers }] = await Promise.all([officerByToken(token), loadConfig()]);
    const page = petitionFormPage({
      config,
      helpers,
      lang: req.lang,
      officer: { name: officer.name, unit: officer.unitName, aside: officerSectionLink(req.lang) },
    });
    // Below the petition form, a woman's data-rights request (functions/my-data.ts takes it).
    const requests = officerSection(req.lang, link("intake-data-request", { token }, { base: req.pageBase }));
    return htmlPage(200, req.lang, intakeFormText[req.lang].title, html`${page}${requests}`);
  },
  { pages: true },
);
