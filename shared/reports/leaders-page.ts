import { layoutText, personText } from "../messages/common.ts";
import { deadlineStateText, stateText } from "../messages/petitions.ts";
import {
  leadersChartsText,
  leadersColumnsText,
  leadersPageText,
  leadersStepsText,
  leadersValuesText,
} from "../messages/reports.ts";
import { formatDay } from "../platform/dates.ts";
import { html, page, type SafeHtml } from "../platform/html.ts";
import { type Lang, pick } from "../platform/i18n.ts";
import { withQuery } from "../platform/links.ts";
import { addDays } from "../platform/workdays.ts";
import { csvCell } from "../registration/roster.ts";
import {
  type LeadersReport,
  type NamedPeriod,
  type OverdueCommitment,
  type OverdueItem,
  type PeopleGroup,
  type Period,
  type PeriodKind,
  parsePeriod,
  periodOf,
  type Ratio,
  type ReportRow,
} from "./leaders.ts";

/**
 * The leaders' report as people read it: one HTML page (tables, and two bar charts drawn as inline SVG, so it needs
 * no script, no image request and prints as it shows), and the period's petitions as a CSV file for Excel. Both
 * render a `LeadersReport` (./leaders.ts) and nothing else: what the JSON answer carries is all they can show.
 */

type Cell = string | number | SafeHtml;

const NONE = "—";

/** The language a page's switch offers, and what its period form carries to stay in the reader's. */
const OTHER: Record<Lang, Lang> = { vi: "en", en: "vi" };
const LANG_INPUT: Record<Lang, SafeHtml | string> = { vi: "", en: html`<input type="hidden" name="lang" value="en">` };

/** The names of what the report names by id, in `lang`: an id the configuration no longer has stays as it is. */
function namer(report: LeadersReport, lang: Lang) {
  const n = report.names;
  return {
    agency: (id: string) => n.agencies[id] ?? id,
    unit: (id: string) => n.units[id] ?? id,
    commune: (id: string) => n.communes[id] ?? id,
    category: (id: string) => (n.categories[id] ? pick(n.categories[id], lang) : id),
    state: (s: string) => (stateText[lang] as Record<string, string>)[s] ?? s,
  };
}

/** "6,5" / "6.5"; a dash for no value. */
function number(n: number | undefined, lang: Lang): string {
  return n === undefined ? NONE : String(n).replace(".", leadersValuesText[lang].decimal);
}

export function ratioText(r: Ratio, lang: Lang): string {
  return r.percent === undefined
    ? NONE
    : leadersValuesText[lang].ratio({ percent: r.percent, count: r.count, of: r.of });
}

/** "25/02/2027" / "25 Feb 2027". */
function shortDay(day: string, lang: Lang): string {
  const [year, month, d] = day.split("-").map(Number) as [number, number, number];
  return leadersValuesText[lang].day({ day: d, month, year });
}

/** A period in words: "Quý 1/2027", "Tháng 2/2027"; another span as its two days. */
function periodName(period: Period, lang: Lang): string {
  const t = leadersPageText[lang];
  const p = parsePeriod(period.label);
  if (!p || p.from !== period.from || p.to !== period.to) {
    return t.range({ from: shortDay(period.from, lang), to: shortDay(period.to, lang) });
  }
  if (p.kind === "month") return t.month({ month: p.index as number, year: p.year });
  if (p.kind === "quarter") return t.quarter({ quarter: p.index as number, year: p.year });
  return t.year({ year: p.year });
}

/** The periods the picker offers, newest first: the last 12 months, 8 quarters and 3 years up to `today`. */
function recentPeriods(today: string, kind: PeriodKind, howMany: number): NamedPeriod[] {
  const out: NamedPeriod[] = [];
  for (let day = today; out.length < howMany; ) {
    const p = periodOf(kind, day);
    out.push(p);
    day = addDays(p.from, -1);
  }
  return out;
}

function periodPicker(report: LeadersReport, lang: Lang): SafeHtml {
  const t = leadersPageText[lang];
  const chosen = report.period.label;
  const group = (label: string, periods: NamedPeriod[]) =>
    html`<optgroup label="${label}">${periods.map(
      (p) =>
        html`<option value="${p.label}"${p.label === chosen ? html` selected` : ""}>${periodName(p, lang)}</option>`,
    )}</optgroup>`;
  const months = recentPeriods(report.today, "month", 12);
  const quarters = recentPeriods(report.today, "quarter", 8);
  const years = recentPeriods(report.today, "year", 3);
  // A period older than the list is still shown as chosen.
  const listed = [...months, ...quarters, ...years].some((p) => p.label === chosen);
  const other = parsePeriod(chosen);
  const extra =
    !listed && other ? html`<option value="${other.label}" selected>${periodName(other, lang)}</option>` : "";
  return html`<form method="get"><label for="period">${t.period}</label><select id="period" name="period">${extra}${group(t.months, months)}${group(t.quarters, quarters)}${group(t.years, years)}</select>${LANG_INPUT[lang]}<button type="submit">${t.show}</button></form>`;
}

function table(head: readonly string[], rows: readonly Cell[][]): SafeHtml {
  return html`<table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
    ([first, ...rest]) => html`<tr><th scope="row">${first}</th>${rest.map((c) => html`<td>${c}</td>`)}</tr>`,
  )}</tbody></table>`;
}

interface Bar {
  label: string;
  /** The bar's length on the chart's scale; undefined draws no bar. */
  value: number | undefined;
  /** What is written beside the bar, and read out. */
  text: string;
}

const ROW = 34;
/** The bars' full length: what is left of the 320 units holds the longest value, "100% (12/12)". */
const TRACK = 220;

/** A label as long as the chart's width allows; the accessible name carries it whole. */
const clipped = (label: string) => (label.length > 46 ? `${label.slice(0, 45)}…` : label);

/**
 * A horizontal bar chart, drawn in a 320-unit-wide box that scales to the page (readable on a 360-pixel phone):
 * each bar's name above it, its value after it. A screen reader reads its title, which carries every number.
 */
function barChart(id: string, title: string, bars: readonly Bar[], max: number): SafeHtml {
  const height = bars.length * ROW + 4;
  const name = `${title}: ${bars.map((b) => `${b.label} ${b.text}`).join("; ")}`;
  return html`<svg role="img" aria-labelledby="${id}" viewBox="0 0 320 ${height}" width="100%" font-family="system-ui,sans-serif" font-size="12"><title id="${id}">${name}</title>${bars.map(
    (b, i) => {
      const y = i * ROW;
      const width = b.value === undefined ? 0 : Math.round((Math.max(0, b.value) / Math.max(1, max)) * TRACK);
      return html`<text x="0" y="${y + 12}">${clipped(b.label)}</text><rect x="0" y="${y + 16}" width="${TRACK}" height="12" fill="#eee"/><rect x="0" y="${y + 16}" width="${width}" height="12" fill="#8a1538"/><text x="${TRACK + 6}" y="${y + 27}">${b.text}</text>`;
    },
  )}</svg>`;
}

function peopleRows(groups: readonly PeopleGroup[], name: (id: string) => string, report: LeadersReport, lang: Lang) {
  const fewer = leadersValuesText[lang].fewer({ n: report.smallGroup });
  return groups.map((g): Cell[] =>
    g.suppressed ? [name(g.id), fewer, fewer] : [name(g.id), g.received ?? 0, g.answered ?? 0],
  );
}

/**
 * One overdue petition: which (or "a protected petition"), where and about what, who holds it at which step, its due
 * day and how far past it. A list rather than a table: it stays readable on a 360-pixel phone.
 */
function overdueItem(o: OverdueItem, report: LeadersReport, lang: Lang): SafeHtml {
  const c = leadersColumnsText[lang];
  const names = namer(report, lang);
  const holder = o.holder.role === "agency" ? names.agency(o.holder.id) : names.unit(o.holder.id);
  const late = deadlineStateText[lang];
  const what = o.protected
    ? html`<strong>${leadersValuesText[lang].protected}</strong>`
    : html`<strong>${o.code}</strong> · ${names.commune(o.commune ?? "")} · ${names.category(o.category ?? "")}`;
  // Past a calendar-day deadline that fell on a day off, no working day may have gone by yet: "overdue", no count.
  const days = o.workingDaysOverdue ?? 0;
  const past = days > 0 ? late.overdue({ n: days }) : late.overdueDay;
  return html`<li>${what}<br>${holder}: ${leadersStepsText[lang][o.step]}<br>${c.due} ${shortDay(o.due, lang)} · ${past}</li>`;
}

/** A missed commitment: which petition's (or "a protected petition"), what, which agency keeps it, since when late. */
function overdueCommitment(o: OverdueCommitment, report: LeadersReport, lang: Lang): SafeHtml {
  const c = leadersColumnsText[lang];
  const names = namer(report, lang);
  const which = o.protected
    ? html`<strong>${leadersValuesText[lang].protected}</strong>`
    : html`<strong>${o.code}</strong> · ${names.commune(o.commune ?? "")} · ${o.what ?? ""}`;
  return html`<li>${which}<br>${names.agency(o.agency)} · ${o.percent}%<br>${c.due} ${shortDay(o.due, lang)}</li>`;
}

export interface LeadersPageOptions {
  /** Where the same report's CSV file is (a link is shown when given). */
  csvHref?: string;
}

/** The report as a page: Vietnamese, or English with `lang`. */
export function leadersPage(report: LeadersReport, lang: Lang, options: LeadersPageOptions = {}): string {
  const t = leadersPageText[lang];
  const c = leadersColumnsText[lang];
  const v = leadersValuesText[lang];
  const n = report.names;
  const { totals } = report;
  const { agency, commune, category, state } = namer(report, lang);
  const none = html`<p>${t.none}</p>`;
  const title = `${t.title} · ${periodName(report.period, lang)}`;

  const sections: [id: string, heading: string, body: SafeHtml][] = [
    [
      "summary",
      t.summary,
      html`<dl><dt>${c.received}</dt><dd>${totals.received}</dd><dt>${c.answered}</dt><dd>${totals.answered}</dd><dt>${c.onTime}</dt><dd>${ratioText(totals.onTime, lang)}</dd><dt>${c.median}</dt><dd>${number(totals.medianWorkingDays, lang)}</dd><dt>${c.resolved}</dt><dd>${ratioText(totals.resolved, lang)}</dd><dt>${c.overdueNow}</dt><dd>${totals.overdueNow}</dd></dl>${
        Object.keys(totals.byStatus).length > 0
          ? html`<h3>${t.byStatus}</h3>${table(
              [c.status, c.count],
              Object.entries(totals.byStatus).map(([s, k]) => [state(s), k]),
            )}`
          : ""
      }`,
    ],
    [
      "agencies",
      t.agencies,
      report.agencies.length === 0
        ? none
        : html`${barChart(
            "chart-on-time",
            leadersChartsText[lang].onTime,
            report.agencies.map((a) => ({
              label: agency(a.id),
              value: a.onTime.percent,
              text: a.onTime.percent === undefined ? leadersChartsText[lang].noAnswer : ratioText(a.onTime, lang),
            })),
            100,
          )}${table(
            [c.agency, c.received, c.answered, c.onTime],
            report.agencies.map((a) => [agency(a.id), a.received, a.answered, ratioText(a.onTime, lang)]),
          )}${table(
            [c.agency, c.median, c.resolved, c.overdueNow],
            report.agencies.map((a) => [
              agency(a.id),
              number(a.medianWorkingDays, lang),
              ratioText(a.resolved, lang),
              a.overdueNow,
            ]),
          )}`,
    ],
    [
      "overdue",
      t.overdue,
      html`<p>${t.asOf({ day: formatDay(report.today, lang) })}</p>${
        report.overdue.length === 0
          ? html`<p>${t.noOverdue}</p>`
          : html`<ol>${report.overdue.map((o) => overdueItem(o, report, lang))}</ol>`
      }`,
    ],
    [
      "commitments",
      t.commitments,
      html`<p>${t.commitmentsLine(report.commitments)}</p>${
        report.overdueCommitments.length === 0
          ? html`<p>${t.noOverdueCommitments}</p>`
          : html`<ol>${report.overdueCommitments.map((o) => overdueCommitment(o, report, lang))}</ol>`
      }`,
    ],
    [
      "union",
      t.union,
      html`${(["screening", "approval"] as const).map(
        (step) =>
          html`<h3>${t[step]}</h3>${table(
            [c.unit, c.received, c.onTime, c.median],
            report.units.map((u) => [
              commune(u.area),
              u[step].received,
              ratioText(u[step].onTime, lang),
              number(u[step].medianWorkingDays, lang),
            ]),
          )}`,
      )}`,
    ],
    [
      "communes",
      t.communes,
      html`${barChart(
        "chart-communes",
        leadersChartsText[lang].receivedByCommune,
        report.communes.map((g) => ({ label: commune(g.id), value: g.received, text: String(g.received) })),
        Math.max(1, ...report.communes.map((g) => g.received)),
      )}${table(
        [c.commune, c.received, c.answered, c.onTime],
        report.communes.map((g) => [commune(g.id), g.received, g.answered, ratioText(g.onTime, lang)]),
      )}`,
    ],
    [
      "categories",
      t.categories,
      report.categories.length === 0
        ? none
        : table(
            [c.category, c.received, c.answered, c.onTime],
            report.categories.map((g) => [category(g.id), g.received, g.answered, ratioText(g.onTime, lang)]),
          ),
    ],
    [
      "gender",
      t.gender,
      table(
        [c.group, c.received, c.answered],
        peopleRows(
          report.gender,
          (id) => (personText[lang].genders as Record<string, string>)[id] ?? v.notStated,
          report,
          lang,
        ),
      ),
    ],
    [
      "ethnicity",
      t.ethnicity,
      report.ethnicity.length === 0
        ? none
        : table(
            [c.group, c.received, c.answered],
            peopleRows(report.ethnicity, (id) => n.ethnicities[id] ?? v.notStated, report, lang),
          ),
    ],
    [
      "notes",
      t.notes,
      html`<ul><li>${t.noteOnTime}</li><li>${t.noteDays}</li><li>${t.noteResolved}</li><li>${t.noteSteps}</li><li>${t.noteSmall({ n: report.smallGroup })}</li><li>${t.noteProtected}</li></ul>`,
    ],
  ];

  const other = OTHER[lang];
  const switchLink = withQuery("", { period: report.period.label }, other) || "?lang=vi";
  const body = html`<h1>${t.heading({ unit: n.unit })}</h1><p><strong>${periodName(report.period, lang)}</strong></p>${periodPicker(report, lang)}${
    options.csvHref ? html`<p><a href="${options.csvHref}">${t.csv}</a></p>` : ""
  }<nav aria-label="${t.contents}"><ul>${sections.map(([id, heading]) => html`<li><a href="#${id}">${heading}</a></li>`)}</ul></nav>${sections.map(
    ([id, heading, content]) =>
      html`<section aria-labelledby="h-${id}"><h2 id="h-${id}">${heading}</h2>${content}</section>`,
  )}<p><a href="${switchLink}" hreflang="${other}" lang="${other}">${layoutText[other].language}</a></p>`;
  return page({ lang, title, body, langSwitch: false });
}

/** What the CSV file says of whether an answer came on time. */
function onTimeText(onTime: boolean | undefined, lang: Lang): string {
  if (onTime === undefined) return "";
  return onTime ? leadersValuesText[lang].onTime : leadersValuesText[lang].late;
}

/**
 * The period's petitions as a CSV file for Excel (UTF-8 with a byte-order mark, CRLF line ends, a cell a spreadsheet
 * would read as a formula defused by `csvCell`): one row per `report.rows`, no personal data, a protected petition
 * without its code, category or commune. Days are written YYYY-MM-DD, which sorts and which Excel reads as dates.
 */
export function leadersCsv(report: LeadersReport, lang: Lang = "vi"): string {
  const c = leadersColumnsText[lang];
  const v = leadersValuesText[lang];
  const { agency, commune, category, state } = namer(report, lang);
  const header = [
    c.code,
    c.category,
    c.commune,
    c.receivedDay,
    c.agency,
    c.forwardedDay,
    c.answeredDay,
    c.workingDays,
    c.onTime,
    c.verdict,
    c.status,
  ];
  const line = (r: ReportRow): unknown[] => [
    r.protected ? v.protected : r.code,
    r.category && category(r.category),
    r.commune && commune(r.commune),
    r.received,
    r.agency && agency(r.agency),
    r.forwarded,
    r.answered,
    r.workingDaysToAnswer,
    onTimeText(r.onTime, lang),
    r.verdict && v[r.verdict],
    state(r.status),
  ];
  return `\uFEFF${[header, ...report.rows.map(line)].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
