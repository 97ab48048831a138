import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/sessions-public.ts";

export const sessionPage = {
  kicker: "Policy dialogue: follow-up",
  when: "When",
  where: "Where",
  commune: "Commune",
  asOf: (p) => `Figures as of ${p.day}.`,
  summary: "Summary",
  raised: "Issues raised",
  answeredInHall: "Answered in the hall",
  answeredLater: "Answered after the session",
  keptOnTime: "Commitments kept on time",
  overdue: "Commitments overdue",
  ofTotal: (p) => `${p.n}/${p.of}`,
  attendance: "Who took part",
  tookPart: (p) => `${p.n} people checked in.`,
  tookPartWithheld:
    "How many checked in is not given here, as they are so few that the figures could point at someone.",
  counted: (p) => `The organisers counted ${p.n} people in the hall.`,
  withheld: "—",
  gender: "By gender",
  ethnicity: "By ethnic group (only those who agreed to say)",
  group: "Group",
  people: "People",
  notStated: "Not stated",
  fewer: (p) => `< ${p.n}`,
  issues: "Issues and answers",
  noIssues: "No issue has been raised yet.",
  protectedCount: (p) =>
    `${p.n} issue(s) are counted in the figures but not shown here: protected ones (domestic or gender-based violence, or raised by a woman who did not want her name known), those sent beforehand that the Women's Union has not yet accepted, and those not taken up.`,
  raisedAt: { session: "Raised in the hall", before: "Sent before" },
  answerInHall: "Answered in the hall",
  answerOn: (p) => `Answered on ${p.day}`,
  commitment: "Commitment",
  due: (p) => `due ${p.day}`,
  percent: (p) => `${p.n}% done`,
  note: (p) => `Update of ${p.day}: ${p.note}`,
  standing: {
    kept: "Done on time",
    late: "Done, late",
    overdue: "Overdue",
    open: "In progress",
  },
  notes: "How it is counted",
  noteAttendance: "Who took part: those checked in at the door (walk-ins included).",
  noteSmall: (p) =>
    `A group of fewer than ${p.n} people is shown as “< ${p.n}”; when the total would still tell its number, a larger group is not given either (“—”). So that no one can be recognised.`,
  noteProtected: "This page shows no name, phone number or village of anyone who raised an issue.",
  noteOverdue: "Overdue: a commitment not done once its due day has passed (Vietnam time).",
  day: (p) =>
    `${p.day} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][p.month - 1]} ${p.year}`,
} satisfies Catalogue<typeof vi.sessionPage>;

export const sessionProblems = {
  noSuchSession: "There is no such policy dialogue session.",
} satisfies Catalogue<typeof vi.sessionProblems>;
