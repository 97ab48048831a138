import type { Messages } from "../catalogue.ts";

/** Commitments (shared/petitions/commitments.ts): their mails and their page. */
export const commitmentMail = {
  newSubject: (p: { code: string }) => `A commitment to keep (petition ${p.code})`,
  newLead: (p: { agency: string; by: string; due: string }) =>
    `${p.by} committed, for ${p.agency}, to do what follows by ${p.due}. Please report its progress from this link whenever it moves, and "done" when it is.`,
  remindSubject: (p: { code: string; due: string }) => `A commitment is due on ${p.due} (petition ${p.code})`,
  remindLead: (p: { due: string }) => `The commitment below is due on ${p.due} and is not reported done.`,
  escalateSubject: (p: { code: string }) => `An overdue commitment (petition ${p.code})`,
  escalateLead: (p: { agency: string; due: string }) =>
    `The commitment below, ${p.agency}'s, was due on ${p.due} and is not reported done. Please follow it up; you may record progress you learn of by phone from this link.`,
  progressSubject: (p: { code: string }) => `Progress on the commitment about petition ${p.code}`,
  progressLead: (p: { percent: number }) => `The agency reported the commitment's progress: ${p.percent}%.`,
  doneSubject: (p: { code: string }) => `The commitment about petition ${p.code} is done`,
  doneLead: "The agency reported the commitment below done.",
  what: "Commitment",
  due: "Due",
  note: "Note",
  button: "Open the commitment, report progress",
  followButton: "See the petition",
} as const satisfies Messages;

export const commitmentPage = {
  title: "Commitment",
  heading: (p: { code: string }) => `Commitment about petition ${p.code}`,
  what: "Commitment",
  agency: "Agency keeping it",
  madeBy: "Made by",
  madeIn: "Made in",
  hall: "the dialogue session",
  answer: "a written answer",
  due: "Due",
  progress: "Progress",
  open: "In progress",
  done: "Done",
  onTime: "on time",
  late: "late",
  overdue: "Overdue",
  history: "Progress reports",
  noReports: "No progress reported yet.",
  reminded: "Reminded",
  escalated: "Reported to the union above",
  petition: "Petition",
  report: "Report progress",
  percent: "Percent done (0–100)",
  reportNote: "A note on progress (shown publicly on the follow-up page)",
  markDone: "The commitment is done",
  submit: "Send the report",
  recorded: "Progress recorded.",
  closed: "The commitment is done: nothing more to report.",
} as const satisfies Messages;

export const commitmentProblems = {
  badDue:
    "The due date cannot be read: write a date dd/mm/yyyy (e.g. 30/06/2027) or a number of working days (e.g. 20).",
  pastDue: "The due date must be after today.",
  percent: "A number from 0 to 100.",
  backwards: "Progress cannot go below the last report",
} as const satisfies Messages;

/** The issues of a session as the organiser records them (shared/sessions/issues.ts). */
export const sessionIssue = {
  group: "A group of women",
  groupOf: (p: { village: string }) => `A group of women of ${p.village}`,
  leaders: "The commune's leaders at the session",
} as const satisfies Messages;

/** The organiser's session record (`/g/{token}?view=record`). */
export const recordPage = {
  title: "Session record",
  nav: "Record",
  attendance: (p: { n: number }) => `Took part, by check-in: ${p.n}.`,
  open: "The record is open: enter the issues raised at the session.",
  closed: (p: { at: string }) => `The record was closed at ${p.at}.`,
  publicPage: "The public follow-up page (print it for the commune's notice board)",
  enter: "Record an issue",
  enterHint:
    "One issue at a time. Leave the name empty if she does not want it written: the issue is recorded as a group of women of the village.",
  fullName: "Raised by (optional)",
  phone: "Her phone (optional)",
  email: "Her e-mail (optional: so that she is told the outcome)",
  village: "Village",
  category: "Category",
  issueTitle: "The issue (one line)",
  content: "Details (optional)",
  hall: "If it was answered on the spot at the session",
  record: "Record the issue",
  recorded: (p: { code: string }) => `Recorded: code ${p.code}.`,
  import: "Upload the sheet the secretary typed (.xlsx or .csv)",
  importHint:
    "One issue per row. Valid rows are recorded; rows with errors are reported to fix and upload again (rows already recorded are not recorded twice).",
  file: "Sheet file",
  noFile: "Please choose the sheet file (.xlsx or .csv) to upload.",
  phoneWithEmail: "With her e-mail, please give her phone too (so that she can see and ask about her own data).",
  commitmentWithoutAnswer:
    "A commitment is recorded with the answer given at the session: please write the answer too.",
  notOver: "The session is not over: the record is closed after it.",
  upload: "Upload",
  template: "Download the sheet template (CSV)",
  imported: (p: { n: number; again: number }) =>
    `Recorded ${p.n} issues from the sheet${p.again > 0 ? ` (${p.again} rows were recorded by an earlier upload)` : ""}.`,
  refused: (p: { n: number }) => `${p.n} rows were not recorded; please fix them and upload again:`,
  row: (p: { row: number }) => `Row ${p.row}`,
  issues: "The session's issues",
  none: "No issues yet.",
  code: "Code",
  state: "State",
  raisedBefore: "sent before the session",
  answerInHall: "Record it as answered at the session",
  close: "Close the record",
  closeHint: "Once every issue is in. The reminders stop.",
  counted: "How many were in the hall, if more than checked in (optional)",
  closedNotice: "The record is closed.",
  answeredNotice: (p: { code: string }) => `Recorded the answer given at the session to issue ${p.code}.`,
  notThisSession: "This issue is not one of this session's.",
  notDialogue: "Only a dialogue session has a record.",
} as const satisfies Messages;

/** The dossier of a session's issues for its invited leaders (shared/sessions/dossier.ts). */
export const dossier = {
  subject: (p: { title: string }) => `Issues sent before the session: ${p.title}`,
  lead: (p: { n: number; when: string }) =>
    `Before the dialogue session on ${p.when}, the women sent ${p.n} issues. Please read them to prepare, and mark those you will answer at the session.`,
  button: "Read the issues, mark those you will answer",
  title: "Issues sent before the session",
  heading: (p: { title: string }) => `Issues sent beforehand: ${p.title}`,
  intro: "Who sent them is kept as the women asked. Mark the issues you will answer at the session, then press Send.",
  byPlace: "Issues by commune and village",
  byCategory: "By category",
  none: "No issue was sent before the session.",
  willAnswer: "I will answer this at the session",
  send: "Send",
  saved: "Saved: the commune's Women's Union will see the issues you will answer.",
  protected: "A protected issue (only the Women's Union knows what it says)",
  replies: "Leaders who will answer at the session",
  sentAt: (p: { at: string }) => `The issues went to the session's leaders at ${p.at}.`,
  notYet: "The issues sent beforehand go to the session's leaders a few working days before it.",
} as const satisfies Messages;
