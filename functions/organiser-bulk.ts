import { nowIso } from "#shared/platform/clock.ts";
import { ValidationError } from "#shared/platform/errors.ts";
import { bodyText, htmlPage, httpHandler } from "#shared/platform/http.ts";
import { bulkCancel, parseSelection, selected } from "#shared/registration/bulk.ts";
import { rosterView } from "#shared/registration/organiser-http.ts";
import { bulkDoneNotice, bulkPreviewPage, noAction, pageTitle } from "#shared/registration/organiser-pages.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";
import { eventRegistrations } from "#shared/registration/roster.ts";

/**
 * POST /g/{token}/bulk: the roster's bulk cancel of a flood — a preview (how many, who), then the cancel itself,
 * which may be hundreds of transactions: this function has API Gateway's whole 29 s (the door's does not need it).
 */
export const handler = httpHandler(
  async (req) => {
    const organiser = await organiserByToken(req.params.token ?? "", req.pageBase);
    const action = bodyText(req.body, "action");
    if (action !== "bulk-preview" && action !== "bulk-cancel") throw noAction();
    let selection: ReturnType<typeof parseSelection>;
    try {
      selection = parseSelection(req.body);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return rosterView(req, organiser, { status: 400, errors: error.fieldErrors });
    }
    const targets = selected(await eventRegistrations(organiser.event.id), selection);
    if (action === "bulk-preview") {
      const body = bulkPreviewPage(organiser, targets, selection, req.lang, selection.asOf ?? nowIso());
      return htmlPage(200, req.lang, `${pageTitle("roster", req.lang)} · ${organiser.event.title}`, body);
    }
    const result = await bulkCancel(organiser, targets, selection, req.baseUrl);
    return rosterView(req, organiser, { notice: bulkDoneNotice(result, req.lang), filter: selection });
  },
  { pages: true },
);
