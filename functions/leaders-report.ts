import { documentPage, httpHandler, json, textFile } from "#shared/platform/http.ts";
import { leadersCsv, leadersPage } from "#shared/reports/leaders-page.ts";
import { leaderReport } from "#shared/reports/service.ts";

/**
 * GET /l/{token}: a leader's on-time report for her unit's area — a page (inline SVG charts, no script), the same
 * figures as JSON with `Accept: application/json`, and GET /l/{token}/petitions.csv the petitions behind them.
 */
export const handler = httpHandler(async (req) => {
  const { report, period } = await leaderReport(req.params.token ?? "", req.query);
  if (req.event.resource.endsWith("/petitions.csv")) {
    return textFile(leadersCsv(report, req.lang), "text/csv", `kien-nghi-${period.label}.csv`);
  }
  const wantsJson = (req.header("accept") ?? "").includes("application/json");
  if (wantsJson || !req.wantsHtml) return json(200, report);
  const csvHref = `${req.pageBase}${req.event.path}/petitions.csv?period=${period.label}`;
  return documentPage(200, req.lang, leadersPage(report, req.lang, { csvHref }));
});
