import { linkPage, linkPageTitle, stepDonePage } from "#shared/petitions/pages.ts";
import { StepDone, viewLink } from "#shared/petitions/service.ts";
import { htmlPage, httpHandler } from "#shared/platform/http.ts";
import { myDataLink } from "#shared/rights/link.ts";

/**
 * GET (and HEAD) /a/{token}: the petition, its history and a form for each action the link allows. Mail
 * scanners open every link and some submit auto-posting forms: this page changes nothing and posts nothing
 * by itself; only a person's button press (POST) acts.
 */
export const handler = httpHandler(
  async (req) => {
    try {
      const token = req.params.token ?? "";
      const view = await viewLink(token);
      // Her own link also opens her data ("Dữ liệu của tôi"); a staff link does not.
      const myData = view.role === "petitioner" ? myDataLink(token, req.pageBase, req.lang) : undefined;
      return htmlPage(200, req.lang, linkPageTitle(view), linkPage(view, req.lang, { myData }));
    } catch (error) {
      if (!(error instanceof StepDone)) throw error;
      return htmlPage(error.status, req.lang, error.title[req.lang], stepDonePage(error, req.lang));
    }
  },
  { pages: true },
);
