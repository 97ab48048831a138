import { loadConfig } from "#shared/config/store.ts";
import { intakeFormText } from "#shared/messages/petitions.ts";
import { petitionFormPage } from "#shared/petitions/pages.ts";
import { officerByToken } from "#shared/petitions/service.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";

/** GET /o/{token}: a union officer's personal form for entering a petition on a woman's behalf. */
export const handler = httpHandler(
  async (req) => {
    const [officer, { config, helpers }] = await Promise.all([officerByToken(req.params.token ?? ""), loadConfig()]);
    const page = petitionFormPage({
      config,
      helpers,
      lang: req.lang,
      officer: { name: officer.name, unit: officer.unitName },
    });
    return htmlPage(200, req.lang, intakeFormText[req.lang].title, page);
  },
  { pages: true },
);
