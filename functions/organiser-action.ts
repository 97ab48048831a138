import { loadConfig } from "#shared/config/store.ts";
import { ValidationError } from "#shared/platform/errors.ts";
import { bodyText, httpHandler } from "#shared/platform/http.ts";
import { checkIn, registerWalkIn } from "#shared/registration/door.ts";
import { doorView, walkInView } from "#shared/registration/organiser-http.ts";
import { checkInNotice, noAction, outcomeStatus, walkInNotice } from "#shared/registration/organiser-pages.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";

/**
 * POST /g/{token}: the door's buttons — check in (by code, or a name found), let a waiting woman in, register a
 * walk-in. Each answers with the door (or the walk-in form again, with its messages). A bulk cancel is
 * POST /g/{token}/bulk (organiser-bulk), with its own, longer timeout.
 */
export const handler = httpHandler(
  async (req) => {
    const organiser = await organiserByToken(req.params.token ?? "", req.pageBase);
    const action = bodyText(req.body, "action");
    if (action === "checkin") {
      const outcome = await checkIn(organiser, req.body, req.baseUrl);
      const { helpers } = await loadConfig();
      const notice = checkInNotice(organiser, outcome, helpers, req.lang, req.query.q);
      return doorView(req, organiser, { status: outcomeStatus(outcome), notice });
    }
    if (action === "walk-in") {
      try {
        const { answer, registration } = await registerWalkIn(organiser, req.body, req.baseUrl);
        const notice = walkInNotice(registration.fullName, answer.code, req.lang);
        return doorView(req, organiser, { status: 201, notice });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const values = req.body as Record<string, unknown>;
        return walkInView(req, organiser, { status: error.status, values, errors: error.fieldErrors });
      }
    }
    // A roster page opened before the bulk cancel had its own route still posts its buttons here: send them on,
    // method and body kept (307).
    if (action === "bulk-preview" || action === "bulk-cancel") {
      return { statusCode: 307, headers: { Location: organiser.urls.bulk, "Cache-Control": "no-store" }, body: "" };
    }
    throw noAction();
  },
  { pages: true },
);
