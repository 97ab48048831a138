import { loadConfig } from "../config/store.ts";
import { both } from "../messages/catalogue.ts";
import { recordPageText } from "../messages/sessions.ts";
import { html } from "../platform/html.ts";
import type { ApiResult, Req } from "../platform/http.ts";
import { log } from "../platform/log.ts";
import { secretReady } from "../platform/secret.ts";
import type { Organiser } from "../registration/organisers.ts";
import { recordRows } from "./issues.ts";
import { recordView } from "./record-http.ts";
import { readIssueSheet, sheetTemplateCsv } from "./sheet.ts";

/**
 * The secretary's sheet, from the organiser's link (`/g/{token}/sheet`): its own function, because reading a workbook
 * takes exceljs (a megabyte bundled, and more memory), which the record's other forms should not pay for.
 */

/**
 * POST /g/{token}/sheet: the secretary's sheet. Every row is checked first; the valid ones are recorded, a
 * transaction each (a row is written whole or not at all, and one recorded by an earlier upload of the same sheet is
 * found, not written again), and the refused ones come back with their reasons to fix and upload again.
 */
export async function importSheet(req: Req, organiser: Organiser): Promise<ApiResult> {
  await secretReady();
  const { config, helpers } = await loadConfig();
  const file = req.files?.sheet;
  if (!file) {
    const errors = [{ path: "sheet", code: "required", message: both(recordPageText, "noFile") }];
    return recordView(req, organiser, { status: 400, form: "import", errors });
  }
  const read = await readIssueSheet(file, config, helpers, organiser.event.area);
  const { recorded, refused: alsoRefused } = await recordRows(organiser, read.rows, req.baseUrl, read.rowNumbers);
  const refused = [...read.refused, ...alsoRefused].sort((a, b) => a.row - b.row);
  const again = recorded.filter((r) => r.again).length;
  const t = recordPageText[req.lang];
  const notice = html`<p>${t.imported({ n: recorded.length - again, again })}</p>`;
  log.info("session sheet imported", {
    eventId: organiser.event.id,
    rows: read.rows.length,
    refused: refused.length,
    again,
  });
  return recordView(req, organiser, {
    // Something new recorded: 201, with any refused rows listed; nothing recorded because rows were refused: 400.
    status: recorded.length - again > 0 ? 201 : refused.length > 0 ? 400 : 200,
    notice,
    refused,
  });
}

/** GET /g/{token}/sheet: the sheet's columns and an example row, to fill in Excel. */
export function sheetTemplate(): ApiResult {
  return {
    statusCode: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="bien-ban-hoi-nghi.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
    body: sheetTemplateCsv(),
  };
}
