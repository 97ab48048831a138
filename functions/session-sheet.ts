import { httpHandler } from "#shared/platform/http.ts";
import { organiserByToken } from "#shared/registration/organisers.ts";
import { requireDialogue } from "#shared/sessions/record-http.ts";
import { importSheet, sheetTemplate } from "#shared/sessions/sheet-http.ts";

/**
 * POST /g/{token}/sheet: the secretary's sheet of a dialogue session's issues (a multipart upload), each valid row
 * recorded, a transaction each (a long sheet has API Gateway's whole 29 s); the record page answers with the rows
 * refused and why. GET: the sheet's template, to fill in Excel.
 */
export const handler = httpHandler(
  async (req) => {
    const organiser = await organiserByToken(req.params.token ?? "", req.pageBase);
    requireDialogue(organiser);
    if (req.method !== "POST") return sheetTemplate();
    return importSheet(req, organiser);
  },
  { pages: true, uploads: true },
);
