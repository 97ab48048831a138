import { createHash } from "node:crypto";
import { layoutText, personText } from "../messages/common.ts";
import { sessionPageText } from "../messages/sessions-public.ts";
import { formatSpan, vietnamDay } from "../platform/dates.ts";
import { CONTENT_SECURITY_POLICY, html, SafeHtml } from "../platform/html.ts";
import { type Lang, pick } from "../platform/i18n.ts";
import type { PeopleCount, PublicCommitment, PublicIssue, SessionPublicView } from "./public.ts";

/**
 * A dialogue session's follow-up as people read it: on a phone at 360 pixels, and on paper — it is printed and put up
 * at the commune's office, or handed round at the next session. A whole document of its own (not the site's layout):
 * its stylesheet carries the print rules (A4, no header, lists kept whole across pages), and the page's
 * Content-Security-Policy allows that stylesheet by its hash. No script, no image, nothing loaded from elsewhere.
 * It renders a `SessionPublicView` (./public.ts) and nothing else: the JSON answer is all it can show.
 */

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#fff;overflow-wrap:anywhere}
header{background:#8a1538;color:#fff;padding:.5rem 1rem;font-weight:700}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #8a1538}
h3{font-size:1rem;margin:1rem 0 .25rem}
p{margin:.3rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem}
dt{font-weight:600}
dd{margin:0}
small,.m{color:#555;font-size:.9rem}
.sum span{white-space:nowrap}
.t{display:flex;flex-wrap:wrap;gap:0 2rem}
table{border-collapse:collapse;margin:.5rem 0}
caption{text-align:left;font-weight:600}
td,th{border-bottom:1px solid #ccc;padding:.25rem .75rem .25rem 0;text-align:left}
td{text-align:right}
ol{padding-left:1.6rem}
ol>li{margin:.9rem 0}
li ul{list-style:none;margin:.3rem 0;padding-left:.6rem;border-left:3px solid #8a1538}
.o{color:#b00020}
.k{color:#1e6b35}
.l{color:#7a4100}
a{color:#8a1538}
@page{size:A4;margin:15mm}
@media print{body{font-size:10.5pt}header,.sw{display:none}main{max-width:none;padding:0}h2{margin-top:1rem}li,tr{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit}}
`
  .replace(/\n/g, "")
  .trim();

const CSS_HASH = createHash("sha256").update(CSS, "utf8").digest("base64");

/** Every page's policy, but for the stylesheet it allows: this page's own. */
export const SESSION_PAGE_POLICY = CONTENT_SECURITY_POLICY.replace(/style-src [^;]+/, `style-src 'sha256-${CSS_HASH}'`);

const OTHER: Record<Lang, Lang> = { vi: "en", en: "vi" };

/** "25/02/2027" / "25 Feb 2027", of a Vietnam day or of an instant's Vietnam day. */
function shortDay(dayOrIso: string, lang: Lang): string {
  const day = dayOrIso.length > 10 ? vietnamDay(new Date(dayOrIso)) : dayOrIso;
  const [year, month, d] = day.split("-").map(Number) as [number, number, number];
  return sessionPageText[lang].day({ day: d, month, year });
}

function peopleTable(
  caption: string,
  groups: readonly PeopleCount[],
  name: (g: PeopleCount) => string,
  view: SessionPublicView,
  lang: Lang,
) {
  const t = sessionPageText[lang];
  const fewer = t.fewer({ n: view.smallGroup });
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">${t.group}</th><th scope="col">${t.people}</th></tr></thead><tbody>${groups.map(
    (g) =>
      html`<tr><th scope="row">${name(g)}</th><td>${g.suppressed ? fewer : g.withheld ? t.withheld : (g.people ?? 0)}</td></tr>`,
  )}</tbody></table>`;
}

/**
 * How each standing is marked (and coloured: the words say it too, for paper in black and white). Fixed letters, so
 * the attribute needs no quotes: a session's forty commitments are that many bytes lighter.
 */
const STANDING_CLASS: Record<PublicCommitment["standing"], string> = { kept: "k", late: "l", overdue: "o", open: "p" };

/**
 * A commitment: what, who keeps it, by when, how far (while open), where it stands, the agency's last word. The agency
 * is not named again when it is the one whose answer is just above (`answeredBy`): the JSON names it always.
 */
function commitmentItem(c: PublicCommitment, lang: Lang, answeredBy?: string): SafeHtml {
  const t = sessionPageText[lang];
  const facts = [
    ...(c.agency.name === answeredBy ? [] : [c.agency.name]),
    t.due({ day: shortDay(c.due, lang) }),
    ...(c.standing === "open" || c.standing === "overdue" ? [t.percent({ n: c.percent })] : []),
  ];
  const note = c.note
    ? html`<br><i>${t.note({ day: c.note.at ? shortDay(c.note.at, lang) : "", note: c.note.text })}</i>`
    : "";
  return html`<li><b>${t.commitment}:</b> ${c.what}<br><small>${facts.join(" · ")}</small> <b class=${STANDING_CLASS[c.standing]}>${t.standing[c.standing]}</b>${note}</li>`;
}

/**
 * An issue: its title, how it was raised, its state (unless "answered", which its answer says), the answer with who
 * gave it, and its commitments. Markup kept lean: a session's forty issues must print and load as one small page.
 */
function issueItem(issue: PublicIssue, lang: Lang): SafeHtml {
  const t = sessionPageText[lang];
  const a = issue.answer;
  const state = issue.status === "answered" ? "" : ` · ${pick(issue.statusLabel, lang)}`;
  const answer = a
    ? html`<p><b>${a.inHall ? t.answerInHall : t.answerOn({ day: shortDay(a.at, lang) })}:</b> ${a.text} <small>(${a.by})</small></p>`
    : "";
  const commitments =
    issue.commitments.length > 0
      ? html`<ul>${issue.commitments.map((c) => commitmentItem(c, lang, a && !a.inHall ? a.by : undefined))}</ul>`
      : "";
  return html`<li><b>${issue.title}</b><br><small>${t.raisedAt[issue.raisedAt]}${state}</small>${answer}${commitments}</li>`;
}

/**
 * The issues by category (in the order the categories first come), numbered straight through so that "issue 12" means
 * the same on every copy.
 */
function issueList(view: SessionPublicView, lang: Lang): SafeHtml {
  const groups = new Map<string, { category: PublicIssue["category"]; issues: PublicIssue[] }>();
  for (const issue of view.issues) {
    const group = groups.get(issue.category.id) ?? { category: issue.category, issues: [] };
    group.issues.push(issue);
    groups.set(issue.category.id, group);
  }
  let start = 1;
  return html`${[...groups.values()].map(({ category, issues }) => {
    const list = html`<h3>${pick(category, lang)}</h3><ol${start > 1 ? html` start="${start}"` : ""}>${issues.map((i) => issueItem(i, lang))}</ol>`;
    start += issues.length;
    return list;
  })}`;
}

/** The follow-up as a whole HTML document: Vietnamese, or English with `?lang=en`. */
export function sessionPage(view: SessionPublicView, lang: Lang): string {
  const t = sessionPageText[lang];
  const { session, summary, attendance } = view;
  const genderName = (g: PeopleCount) => (personText[lang].genders as Record<string, string>)[g.id] ?? t.notStated;
  const figure = (label: string, value: string | number) => html`<span>${label}: <b>${value}</b></span>`;
  const summaryLine = [
    figure(t.raised, summary.raised),
    figure(t.answeredInHall, summary.answeredInHall),
    figure(t.answeredLater, summary.answeredLater),
    figure(t.keptOnTime, t.ofTotal({ n: summary.kept, of: summary.commitments })),
    figure(t.overdue, summary.overdue),
  ];
  const other = OTHER[lang];
  const body = html`<header>${layoutText[lang].site}</header><main><p class="m">${t.kicker}</p><h1>${session.title}</h1><dl><dt>${t.when}</dt><dd>${formatSpan(session.startsAt, session.endsAt, lang)}</dd><dt>${t.where}</dt><dd>${session.venue}</dd><dt>${t.commune}</dt><dd>${session.commune.name}</dd></dl><p class="m">${t.asOf({ day: shortDay(view.today, lang) })}</p>
<section aria-labelledby="h-s"><h2 id="h-s">${t.summary}</h2><p class="sum">${summaryLine.map((f, i) => html`${i > 0 ? " · " : ""}${f}`)}</p></section>
<section aria-labelledby="h-a"><h2 id="h-a">${t.attendance}</h2><p>${attendance.checkedIn === undefined ? t.tookPartWithheld : t.tookPart({ n: attendance.checkedIn })}${
    attendance.counted === undefined ? "" : html` ${t.counted({ n: attendance.counted })}`
  }</p><div class="t">${peopleTable(t.gender, attendance.gender, genderName, view, lang)}${
    attendance.ethnicity.length > 0
      ? peopleTable(t.ethnicity, attendance.ethnicity, (g) => g.name ?? t.notStated, view, lang)
      : ""
  }</div></section>
<section aria-labelledby="h-i"><h2 id="h-i">${t.issues}</h2>${
    summary.raised === 0 ? html`<p>${t.noIssues}</p>` : ""
  }${summary.protected > 0 ? html`<p>${t.protectedCount({ n: summary.protected })}</p>` : ""}${issueList(view, lang)}</section>
<section aria-labelledby="h-n"><h2 id="h-n">${t.notes}</h2><ul class="m"><li>${t.noteAttendance}</li><li>${t.noteSmall({ n: view.smallGroup })}</li><li>${t.noteProtected}</li><li>${t.noteOverdue}</li></ul></section>
<p class="sw"><a href="?lang=${other}" hreflang="${other}" lang="${other}">${layoutText[other].language}</a></p></main>`;
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><title>${session.title} · ${layoutText[lang].site}</title><style>${new SafeHtml(CSS)}</style></head><body>${body}</body></html>`}`;
}
