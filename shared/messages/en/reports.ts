import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/reports.ts";

export const leadersPage = {
  title: "On-time report",
  heading: (p) => `On-time report: ${p.unit}`,
  month: (p) =>
    `${["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][p.month - 1]} ${p.year}`,
  quarter: (p) => `Q${p.quarter} ${p.year}`,
  year: (p) => `${p.year}`,
  range: (p) => `${p.from} to ${p.to}`,
  asOf: (p) => `Overdue petitions as of ${p.day}.`,
  contents: "In this report",
  period: "Period",
  months: "Months",
  quarters: "Quarters",
  years: "Years",
  show: "Show",
  csv: "Download the period's petitions (CSV, opens in Excel)",
  summary: "Overview",
  agencies: "Agencies' answers",
  overdue: "Overdue now",
  noOverdue: "No petition is overdue.",
  commitments: "Commitments",
  commitmentsLine: (p: { made: number; kept: number; keptOnTime: number; overdueNow: number }) =>
    `${p.made} commitments made in the period; ${p.kept} kept (${p.keptOnTime} on time). Overdue now: ${p.overdueNow}.`,
  noOverdueCommitments: "No commitment is overdue.",
  union: "The Women's Union's steps",
  screening: "Screening by the commune union",
  approval: "Approval by the union above (each commune's petitions)",
  communes: "By commune",
  categories: "By subject",
  gender: "By the petitioner's gender",
  ethnicity: "By ethnic group (only where she agreed to give it)",
  byStatus: "Petitions received in the period, where they stand today",
  none: "Nothing in this period.",
  notes: "How it is counted",
  noteOnTime:
    "Answered on time: every step the agency held (acknowledging, answering) ended by its deadline. Counted over the period's answers whose deadlines were recorded.",
  noteDays:
    "Working days: Saturdays, Sundays, public holidays and Tết are not counted. Median: half the petitions took less, half took more.",
  noteResolved: "Resolved: the petitioner's own word on the answer, out of all the words given in the period.",
  noteSteps:
    "The Union's steps: each time a step ends it is counted against that time's deadline (also when it asked her for more information).",
  noteSmall: (p) => `A group of fewer than ${p.n} petitions is shown as “< ${p.n}”, so that no one can be recognised.`,
  noteProtected:
    "Protected petitions (domestic or gender-based violence, or she kept her name from the agency) are counted in every number, but listed without code, subject or commune.",
} satisfies Catalogue<typeof vi.leadersPage>;

export const leadersColumns = {
  agency: "Agency",
  unit: "Commune union",
  commune: "Commune",
  category: "Subject",
  group: "Group",
  status: "Status",
  count: "Petitions",
  received: "Received",
  answered: "Answered",
  onTime: "On time",
  median: "Median (working days)",
  resolved: "Resolved, in her words",
  overdueNow: "Overdue now",
  code: "Tracking code",
  holder: "With",
  step: "Step",
  due: "Due",
  daysOverdue: "Overdue (working days)",
  receivedDay: "Sent on",
  forwardedDay: "Forwarded on",
  answeredDay: "Answered on",
  workingDays: "Working days to answer",
  verdict: "Her word on the answer",
} satisfies Catalogue<typeof vi.leadersColumns>;

export const leadersValues = {
  ratio: (p) => `${p.percent}% (${p.count}/${p.of})`,
  percent: (p) => `${p.n}%`,
  day: (p) =>
    `${p.day} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][p.month - 1]} ${p.year}`,
  decimal: ".",
  fewer: (p) => `< ${p.n}`,
  protected: "A protected petition",
  notStated: "Not stated",
  onTime: "On time",
  late: "Late",
  resolved: "Resolved",
  not_resolved: "Not resolved",
  not_yet: "Not yet",
} satisfies Catalogue<typeof vi.leadersValues>;

export const leadersSteps = {
  screening: "Commune union screening",
  approval: "Union approval",
  acknowledgement: "Agency acknowledgement",
  answer: "Agency answer",
} satisfies Catalogue<typeof vi.leadersSteps>;

export const leadersCharts = {
  onTime: "Answers on time, by agency",
  receivedByCommune: "Petitions received, by commune",
  noAnswer: "no answer yet",
} satisfies Catalogue<typeof vi.leadersCharts>;

export const leaderMail = {
  linkSubject: "On-time report on petitions",
  linkLead: (p: { unit: string }) =>
    `This is your own link to the on-time report of ${p.unit}: which agencies answer, how many on time, whether the women say their issue was resolved, and which petitions are overdue. Please do not forward it.`,
  open: "Open the report",
  monthSubject: (p: { month: string }) => `Petitions in ${p.month}`,
  monthLead: (p: { unit: string; month: string }) => `Petitions of ${p.unit} in ${p.month}:`,
  received: "Petitions received",
  answered: "Answered",
  onTime: "Answered on time",
  resolved: "Resolved, in the women's own words",
  overdue: "Overdue today",
} as const satisfies Catalogue<typeof vi.leaderMail>;
