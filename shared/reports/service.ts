import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ConfigHelpers } from "../config/config.ts";
import type { Config, Unit } from "../config/schema.ts";
import { loadConfig } from "../config/store.ts";
import { type Key, keys, queries } from "../keys.ts";
import { leaderMailText } from "../messages/reports.ts";
import { commitmentsWithEntries } from "../petitions/commitments-read.ts";
import { TOKEN_KINDS } from "../petitions/notify.ts";
import { getHistory, type HistoryEntry, type Petition } from "../petitions/petition.ts";
import { alarmsDueUntil } from "../petitions/sweep.ts";
import { now, nowIso } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { db, getAll, inParallel, putNew, queryAll, TransactionCancelled, tableName } from "../platform/dynamo.ts";
import { html } from "../platform/html.ts";
import { link } from "../platform/links.ts";
import { log } from "../platform/log.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import { mailItem, type OutgoingMail } from "../platform/outbox.ts";
import { secretReady } from "../platform/secret.ts";
import { holderGone, type IssuedToken, issueToken, requireToken } from "../platform/tokens.ts";
import { addDays } from "../platform/workdays.ts";
import { write } from "../platform/write.ts";
import type { Commitment } from "../sessions/model.ts";
import { type LeadersReport, leadersReport, type NamedPeriod, parsePeriod, periodOf } from "./leaders.ts";
import { ratioText } from "./leaders-page.ts";

/**
 * Where the leaders' on-time report gets its petitions, and how a leader gets her link. A leader's link (`/l/{token}`)
 * names her unit; the report covers the unit's area: every commune under it, read through the petitions-by-commune
 * index, each petition with its history.
 */

/** How far before a period's first day petitions are read: one answered or overdue in the period began before it. */
export const LOOKBACK_DAYS = 366;

/** The communes in a unit's area: the area itself when it is one, else every commune under it. */
function communesOf(unit: Unit, helpers: ConfigHelpers): string[] {
  return helpers.communes
    .filter((c) => c.id === unit.area || helpers.ancestors(c.id).some((a) => a.id === unit.area))
    .map((c) => c.id);
}

/** The area's petitions sent since `since` (a Vietnam day), with their histories. */
export async function petitionsOfArea(
  unit: Unit,
  helpers: ConfigHelpers,
  since: string,
): Promise<{ petition: Petition; history: HistoryEntry[]; commitments: Commitment[] }[]> {
  const from = new Date(`${since}T00:00:00+07:00`).toISOString();
  const found = (
    await Promise.all(communesOf(unit, helpers).map((c) => queryAll<Key>(queries.petitionsOfCommuneSince(c, from))))
  ).flat();
  const petitions = await getAll<Petition>(found);
  // Commitments only where an answer carried some (the petition counts them): most petitions cost no extra read.
  return inParallel(petitions, 8, async (petition) => ({
    petition,
    history: await getHistory(petition.trackingCode),
    commitments: petition.commitmentCount
      ? (await commitmentsWithEntries(petition.trackingCode)).map((c) => c.commitment)
      : [],
  }));
}

/** A unit's report for a period, as of today. */
export async function reportFor(
  unit: Unit,
  config: Config,
  helpers: ConfigHelpers,
  period: NamedPeriod,
): Promise<LeadersReport> {
  const petitions = await petitionsOfArea(unit, helpers, addDays(period.from, -LOOKBACK_DAYS));
  return leadersReport({ config, unitId: unit.id, period, today: vietnamDay(now()), petitions });
}

/** GET /l/{token}: the leader's unit, and the period she picked (`?period=2027-02`, `2027-Q1`, `2027`; this month). */
export async function leaderReport(
  token: string,
  query: Record<string, string>,
): Promise<{ report: LeadersReport; period: NamedPeriod }> {
  const record = await requireToken(token, TOKEN_KINDS.leader);
  const { config, helpers } = await loadConfig();
  const unit = helpers.unit(record.subject.unitId ?? "");
  // A unit taken out of the configuration: its report is gone with it.
  if (!unit) throw holderGone(record.subject.unitId ?? "");
  const period = parsePeriod(query.period) ?? periodOf("month", vietnamDay(now()));
  return { report: await reportFor(unit, config, helpers, period), period };
}

/** A leader's link, as the transaction item that stores it and its reference for a mail body. */
export function leaderToken(unitId: string, email: string, config: Config): IssuedToken {
  const expires = new Date(now().getTime() + config.links.leaderDays * 86_400_000);
  return issueToken(TOKEN_KINDS.leader, { unitId, email }, expires);
}

/** The mail that carries a leader's link. Leaders read Vietnamese. */
export function leaderLinkMail(to: string, unit: Unit, tokenRef: string, baseUrl: string): OutgoingMail {
  const t = leaderMailText.vi;
  const url = link("leaders-report", { token: tokenRef }, { base: baseUrl });
  const lead = t.linkLead({ unit: unit.name });
  return {
    to,
    kind: "leader-link",
    subject: t.linkSubject,
    html: mailHtml("vi", t.linkSubject, html`<p>${lead}</p>${mailButton(url, t.open)}`),
    text: mailText([lead, "", `${t.open}: ${url}`]),
  };
}

/**
 * `npm run leader-link -- --unit <unitId> --email <leader>`: e-mail a leader her link to the unit's report. The link
 * and its mail are written together; the notifier sends it. Anyone ops name may get one: the report holds no
 * personal data.
 */
export async function sendLeaderLink(unitId: string, email: string, baseUrl: string): Promise<void> {
  await secretReady();
  const { config, helpers } = await loadConfig();
  const unit = helpers.unit(unitId);
  if (!unit) throw new Error(`${unitId} is not a Women's Union unit in the configuration`);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`${email} is not an e-mail address`);
  const token = leaderToken(unit.id, email, config);
  await write({
    build: () => ({
      items: { link: token.item, mail: mailItem(leaderLinkMail(email, unit, token.ref, baseUrl), [token]) },
      answer: undefined,
    }),
  });
  log.info("leader link sent", { unitId });
}

/**
 * The monthly summary (shared/petitions/sweep.ts, from 08:00 on the first of the month): each approving unit's leaders
 * (its approvers) get last month's figures and a fresh link to the whole report, unless the month left nothing to
 * report. Each unit's mail is written with its own marker, so a rerun sends only the ones still missing.
 */
/**
 * On the first of the month, from 08:00 (Vietnam): last month's summaries, run by the deadline sweeper's schedule. A
 * marker for the month then makes every later run a single read. Returns the units whose leaders were mailed.
 */
export async function monthlySummaryRound(baseUrl: string): Promise<number> {
  // From 08:00 on the 1st (the sweeper's day turns then), the month before it; a later run sends what is missing.
  const until = alarmsDueUntil(now());
  const month = addDays(`${until.slice(0, 7)}-01`, -1).slice(0, 7);
  const round = keys.digestMonth(month);
  const done = await db().send(new GetCommand({ TableName: tableName(), Key: round, ConsistentRead: true }));
  if (done.Item) return 0;
  await secretReady();
  const { config, helpers } = await loadConfig();
  const sent = await monthlySummaries(config, helpers, baseUrl, month);
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...round, at: nowIso(), sent } }));
  return sent;
}

export async function monthlySummaries(
  config: Config,
  helpers: ConfigHelpers,
  baseUrl: string,
  monthLabel: string,
): Promise<number> {
  const month = periodOf("month", `${monthLabel}-01`);
  const units = config.womensUnion.units.filter((u) => u.staff.some((s) => s.role === "approver"));
  let sent = 0;
  for (const unit of units) {
    const report = await reportFor(unit, config, helpers, month);
    // Nothing received, answered or late: no mail to say so.
    const { received, answered, overdueNow } = report.totals;
    if (received + answered + overdueNow === 0) continue;
    const leaders = unit.staff.filter((s) => s.role === "approver");
    const tokens = leaders.map((l) => leaderToken(unit.id, l.email, config));
    try {
      await write({
        build: () => ({
          items: {
            marker: putNew({ ...keys.digestMonth(`${month.label}#${unit.id}`), at: nowIso() }),
            links: tokens.map((t) => t.item),
            mails: leaders.map((l, i) =>
              mailItem(monthlyMail(l.email, unit, report, month, tokens[i]?.ref ?? "", baseUrl), [
                tokens[i] as IssuedToken,
              ]),
            ),
          },
          answer: undefined,
        }),
      });
      sent++;
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
    }
  }
  log.info("monthly summaries sent", { month: month.label, units: units.length, sent });
  return sent;
}

function monthlyMail(
  to: string,
  unit: Unit,
  report: LeadersReport,
  month: NamedPeriod,
  tokenRef: string,
  baseUrl: string,
): OutgoingMail {
  const t = leaderMailText.vi;
  const name = `${String(month.index).padStart(2, "0")}/${month.year}`;
  const subject = t.monthSubject({ month: name });
  const lead = t.monthLead({ unit: unit.name, month: name });
  const { totals } = report;
  const rows: [string, string][] = [
    [t.received, String(totals.received)],
    [t.answered, String(totals.answered)],
    [t.onTime, ratioText(totals.onTime, "vi")],
    [t.resolved, ratioText(totals.resolved, "vi")],
    [t.overdue, String(totals.overdueNow)],
  ];
  const url = `${link("leaders-report", { token: tokenRef }, { base: baseUrl })}?period=${month.label}`;
  return {
    to,
    kind: "leader-monthly",
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>${lead}</p><table style="border-collapse:collapse;margin:12px 0">${rows.map(
        ([k, v]) =>
          html`<tr><td style="padding:4px 12px 4px 0">${k}</td><td style="padding:4px 0"><strong>${v}</strong></td></tr>`,
      )}</table>${mailButton(url, t.open)}`,
    ),
    text: mailText([lead, "", ...rows.map(([k, v]) => `${k}: ${v}`), "", `${t.open}: ${url}`]),
  };
}
