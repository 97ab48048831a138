import { loadConfig } from "#shared/config/store.ts";
import { both } from "#shared/messages/catalogue.ts";
import { organiserProblemText } from "#shared/messages/organiser.ts";
import { noActionText } from "#shared/messages/registration.ts";
import { nowIso } from "#shared/platform/clock.ts";
import { AppError, ValidationError } from "#shared/platform/errors.ts";
import { bodyText, htmlPage, httpHandler } from "#shared/platform/http.ts";
import { bulkCancel, parseSelection, selected } from "#shared/registration/bulk.ts";
import { checkIn, registerWalkIn } from "#shared/registration/door.ts";
import { organiserView } from "#shared/registration/organiser-http.ts";
import {
  bulkDoneNotice,
  bulkPreviewPage,
  checkInNotice,
  outcomeStatus,
  pageTitle,
  walkInNotice,
} from "#shared/registration/organiser-pages.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";
import { eventRegistrations } from "#shared/registration/roster.ts";

const noAction = () =>
  new AppError(400, "no-action", both(noActionText, "title"), both(organiserProblemText, "noAction"));

/**
 * POST /g/{token}: the organiser's buttons — check in (by code, or a name found), register a walk-in, preview and
 * carry out a bulk cancel. Each answers with the page to go on from.
 */
export const handler = httpHandler(
  async (req) => {
    const organiser = await organiserByToken(req.params.token ?? "");
    const action = bodyText(req.body, "action");
    if (action === "checkin") {
      const outcome = await checkIn(organiser, req.body, req.baseUrl);
      const { helpers } = await loadConfig();
      const notice = checkInNotice(outcome, helpers, req.lang);
      return organiserView(req, organiser, "door", { status: outcomeStatus(outcome), notice });
    }
    if (action === "walk-in") {
      try {
        const { answer, registration } = await registerWalkIn(organiser, req.body, req.baseUrl);
        const notice = walkInNotice(registration.fullName, answer.code, req.lang);
        return organiserView(req, organiser, "door", { status: 201, notice });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const values = req.body as Record<string, unknown>;
        return organiserView(req, organiser, "walk-in", { status: error.status, values, errors: error.fieldErrors });
      }
    }
    if (action === "bulk-preview" || action === "bulk-cancel") {
      let selection: ReturnType<typeof parseSelection>;
      try {
        selection = parseSelection(req.body);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return organiserView(req, organiser, "roster", { status: 400, errors: error.fieldErrors });
      }
      const targets = selected(await eventRegistrations(organiser.event.id), selection);
      if (action === "bulk-preview") {
        const body = bulkPreviewPage(organiser, targets, selection, req.lang, selection.asOf ?? nowIso());
        return htmlPage(200, req.lang, `${pageTitle("roster", req.lang)} · ${organiser.event.title}`, body);
      }
      const result = await bulkCancel(organiser, targets, selection, req.baseUrl);
      return organiserView(req, organiser, "roster", { notice: bulkDoneNotice(result, req.lang), filter: selection });
    }
    throw noAction();
  },
  { pages: true },
);
