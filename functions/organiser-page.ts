import { httpHandler } from "#shared/platform/http.ts";
import { organiserView } from "#shared/registration/organiser-http.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";

/**
 * GET /g/{token}: an event organiser's pages — the door (check-in), the roster, the counts, the walk-in form.
 * Mail scanners open every link: this only shows; every change is a button's POST.
 */
export const handler = httpHandler(
  async (req) => organiserView(req, await organiserByToken(req.params.token ?? "", req.pageBase)),
  { pages: true },
);
