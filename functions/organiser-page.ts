import { httpHandler } from "#shared/platform/http.ts";
import { organiserView, viewOf } from "#shared/registration/organiser-http.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";
import { recordView } from "#shared/sessions/record-http.ts";

/**
 * GET /g/{token}: an event organiser's pages — the door (check-in), the roster, the counts, the walk-in form, and a
 * dialogue session's record (shared/sessions/). Mail scanners open every link: this only shows; every change is a
 * button's POST.
 */
export const handler = httpHandler(
  async (req) => {
    const organiser = await organiserByToken(req.params.token ?? "", req.pageBase);
    return viewOf(req) === "record" ? recordView(req, organiser) : organiserView(req, organiser);
  },
  { pages: true },
);
