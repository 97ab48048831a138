import { loadConfig } from "#shared/config/store.ts";
import { myDataDoneText, myDataText, officerRequestText, requestPageText } from "#shared/messages/rights.ts";
import { ValidationError } from "#shared/platform/errors.ts";
import { type ApiResult, htmlPage, httpHandler, type Req } from "#shared/platform/http.ts";
import { link } from "#shared/platform/links.ts";
import { actOnMe, recordForOfficer, viewMe } from "#shared/rights/my-data.ts";
import { herDonePage, herPage, officerDonePage, officerSection, unitPage } from "#shared/rights/my-data-pages.ts";

/**
 * `/me/{token}`, GET: her data from her own link (a registration's or a petition's), or a union staff member's page
 * for one data-rights request (the token's kind decides). Mail scanners open every link: the GET only shows. POST:
 * the button pressed. `/o/{token}/data-requests`, POST: an officer records a request for a woman at her side.
 */
export const handler = httpHandler(
  async (req) => {
    const token = req.params.token ?? "";
    if (req.event.resource.endsWith("/data-requests")) return officerRequest(req, token);
    if (req.method !== "POST") {
      const me = await viewMe(token);
      return me.who === "unit"
        ? htmlPage(200, req.lang, requestPageText[req.lang].title, unitPage(me.view, req.lang))
        : htmlPage(200, req.lang, myDataText[req.lang].title, herPage(me.view, req.lang));
    }
    return act(req, token);
  },
  { pages: true },
);

async function act(req: Req, token: string): Promise<ApiResult> {
  const lang = req.lang;
  try {
    const done = await actOnMe(token, req.body, req.baseUrl);
    if (done.who === "unit") {
      const { view } = done.result;
      return htmlPage(200, lang, requestPageText[lang].title, unitPage(view, lang, done.result));
    }
    const result = done.result;
    if (result.outcome === "notice") {
      const status = result.notice === "changedMeanwhile" ? 409 : 200;
      return htmlPage(status, lang, myDataText[lang].title, herPage(result.view, lang, { notice: result.notice }));
    }
    const { helpers } = await loadConfig();
    const back = link("my-data", { token }, { base: req.pageBase, lang });
    const title = result.outcome === "done" ? myDataDoneText[lang].doneHeading : myDataDoneText[lang].receivedHeading;
    return htmlPage(200, lang, title, herDonePage(result, lang, helpers, back));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A form sent back: her page again, what she typed kept and each message beside its field.
    const me = await viewMe(token);
    if (me.who !== "her") throw error;
    const state = { values: req.body as Record<string, unknown>, errors: error.fieldErrors };
    return htmlPage(error.status, lang, myDataText[lang].title, herPage(me.view, lang, { state }));
  }
}

async function officerRequest(req: Req, token: string): Promise<ApiResult> {
  const lang = req.lang;
  const action = link("intake-data-request", { token }, { base: req.pageBase });
  try {
    const result = await recordForOfficer(token, req.body, req.baseUrl, lang);
    const again = link("intake-form", { token }, { base: req.pageBase, lang });
    return htmlPage(
      200,
      lang,
      officerRequestText[lang].receiptHeading,
      officerDonePage(result, lang, `${again}#data-request`),
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const state = { values: req.body as Record<string, unknown>, errors: error.fieldErrors };
    return htmlPage(error.status, lang, officerRequestText[lang].heading, officerSection(lang, action, state, true));
  }
}
