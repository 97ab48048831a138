import { bodyText, httpHandler } from "#shared/platform/http.ts";
import { noAction } from "#shared/registration/organiser-pages.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";
import { answerInHall, closeRecord, recordIssueFromForm, requireDialogue } from "#shared/sessions/record-http.ts";

/**
 * POST /g/{token}/record: a dialogue session's record from its organiser's link — an issue from the form, an issue
 * answered in the hall, the record closed. Each answers with the record page again, the refused form's messages beside
 * its fields. The secretary's sheet goes to /g/{token}/sheet (session-sheet).
 */
export const handler = httpHandler(
  async (req) => {
    const organiser = await organiserByToken(req.params.token ?? "", req.pageBase);
    requireDialogue(organiser);
    const action = bodyText(req.body, "action");
    if (action === "issue") return recordIssueFromForm(req, organiser);
    if (action === "answer_in_hall") return answerInHall(req, organiser);
    if (action === "close") return closeRecord(req, organiser);
    throw noAction();
  },
  { pages: true },
);
