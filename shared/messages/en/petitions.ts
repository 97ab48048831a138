import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/petitions.ts";

export const petitionForm = {
  page: "Send a petition",
  heading: "Send a petition",
  intro:
    "Your petition is screened by the commune Women's Union, approved by the Union above and forwarded to the agency that must answer it. You will get a tracking code to follow it.",
  officer: (p) =>
    `You are entering a petition on a woman's behalf as ${p.name} (${p.unit}). Her phone number is the contact.`,
  title: "Title",
  content: "Your petition",
  contentHint: "Say what happened, where, who it affects, and what you ask for.",
  category: "Subject",
  commune: "Commune where it arises",
  village: "Village (optional)",
  about: "About you",
  phoneHint: "An officer calls this number if they need to ask more.",
  emailHint: "To hear when your petition moves. Without e-mail, follow it with the tracking code.",
  gender: "Gender (optional)",
  ethnicityHint: "Ethnic origin is sensitive data: it is recorded only if you tick its own consent box.",
  onBehalfOf: "On behalf of a group (optional)",
  onBehalfOfHint: "For example: the women's branch of Nà Tông village.",
  event: "Raised at a dialogue session (optional)",
  share: "May the agency that receives your petition know your name and phone number?",
  shareHint:
    "The Women's Union always knows who you are. If you do not choose: yes, except for domestic and gender-based violence.",
  yes: "Yes",
  no: "No",
  consent: "I agree that the Women's Union and the responsible agency use this information to handle this petition.",
  submit: "Send petition",
} satisfies Catalogue<typeof vi.petitionForm>;

export const intakeForm = {
  title: "Enter a petition",
} satisfies Catalogue<typeof vi.intakeForm>;

export const submitted = {
  heading: "Petition sent",
  notStored: "The ethnic group was not recorded because its consent box was not ticked.",
  code: "Tracking code:",
  codeHint: "Write this code down. Use it to see where your petition is and how it was answered.",
  mailed: "We have sent a confirmation to the e-mail address.",
  status: "See the petition's status",
} satisfies Catalogue<typeof vi.submitted>;

export const submitProblems = {
  tooMany: "Too many petitions today",
  tooManyDetail: (p) =>
    `Each phone number may send at most ${p.limit} petitions a day. Please send more tomorrow, or ask the commune Women's Union to enter them.`,
} satisfies Catalogue<typeof vi.submitProblems>;

export const petitionFacts = {
  deadline: "Deadline",
  code: "Tracking code",
  status: "Status",
  holder: "With",
  category: "Subject",
  answer: "Answer",
  history: "What happened",
} satisfies Catalogue<typeof vi.petitionFacts>;

export const petitionStatus = {
  heading: "Petition status",
  commune: "Commune",
  sent: "Sent",
  agency: "Forwarded to",
  reason: "Reason",
  duplicateOf: "Duplicate of",
  unknown: "No petition has this tracking code. Please check the code.",
  elsewhere:
    "The content and the answer go to the petitioner only: open the link in your e-mail, or ask the commune Women's Union officer.",
} satisfies Catalogue<typeof vi.petitionStatus>;

export const lookup = {
  heading: "Look up a petition",
  code: "Tracking code",
  hint: "For example: AB3CD-EF4GH",
  submit: "Look up",
  new: "Send a new petition",
  unknown: "No petition has this code. Please check it.",
} satisfies Catalogue<typeof vi.lookup>;

export const petitionLink = {
  place: "Where",
  who: "Petitioner",
  behalf: "On behalf of",
  entered: "Entered by",
  hidden: "Kept private at the petitioner's request.",
  agency: "Agency",
  content: "Petition",
  question: "Question asked",
  hiddenFromAgency:
    "The petitioner did not agree that the agency know who she is: the agency will not see her name, phone, village or who entered it. It reads the note for the agency and any note ticked for it: do not put those in them.",
} satisfies Catalogue<typeof vi.petitionLink>;

export const actionFields = {
  note: "Note (optional)",
  question: "What information is needed?",
  info: "The information",
  rejectReason: "Reason (the petitioner is told)",
  duplicateOf: "Tracking code of the other petition",
  agency: "Forward to agency",
  agencyNote: "Note for the agency (optional)",
  agencyMaySee: "Let the agency the petition goes to read this (unticked: the agency does not see it)",
  answer: "The answer (the petitioner receives it)",
  returnReason: "Why it is not your competence",
  withdrawReason: "Reason (optional)",
  nudge: "A word to whoever holds the petition",
  hallAnswer: "The answer given at the session",
  answeredBy: "Who answered (a title, e.g. Chair of the commune People's Committee)",
  commitment: "Commitment (optional): what will be done",
  commitmentAgency: "The agency that keeps the commitment",
  commitmentDue: "Commitment due (a date dd/mm/yyyy or a number of working days; empty: the rule's)",
  notResolvedReason: "What is still not resolved? (The union above reads it)",
} satisfies Catalogue<typeof vi.actionFields>;

/** The dialogue session a petition names (shared/petitions/service.ts). */
export const sessionChoice = {
  notThisSession:
    "Only a dialogue session still to come, of the petition's own commune, can be chosen. If the session is over, send the petition without choosing one.",
} satisfies Catalogue<typeof vi.sessionChoice>;

export const actionProblems = {
  noSuchPetition: "There is no petition with this code among those your commune Women's Union screens.",
  duplicateOfItself: "This is this petition's own code.",
  duplicateOfSensitive:
    "That petition is kept private at its petitioner's request: nobody else can be asked to follow it.",
  duplicateOfEnded:
    "That petition is no longer being handled (withdrawn, not accepted, a duplicate or closed): mark a duplicate only of one being handled or answered.",
  noSuchAgency: "There is no such agency.",
  sameAgency: "The petition is with this agency already: choose another.",
} satisfies Catalogue<typeof vi.actionProblems>;

export const notAllowed = {
  title: "Not allowed",
  detail: "This link does not allow that at the current step.",
} satisfies Catalogue<typeof vi.notAllowed>;

export const acted = {
  done: "Done",
  petition: "Petition",
  thanks: "Thank you. Everyone concerned is told by e-mail.",
} satisfies Catalogue<typeof vi.acted>;

export const stepDone = {
  title: "Already handled",
  handled: "This step has been handled",
  at: "at",
  now: "Status now",
  closed: "This link can no longer be used to act.",
} satisfies Catalogue<typeof vi.stepDone>;

export const actors = {
  petitioner: "The petitioner",
  system: "Tiếng Nói (automatic)",
} satisfies Catalogue<typeof vi.actors>;

export const states = {
  screening: "Being screened by the commune Women's Union",
  needs_info: "More information needed",
  approval: "Awaiting approval by the Women's Union above",
  forwarded: "Forwarded to the responsible agency",
  acknowledged: "Acknowledged by the agency, being handled",
  returned: "Returned by the agency, being re-routed",
  answered: "Answered",
  closed: "Closed",
  rejected: "Not accepted",
  withdrawn: "Withdrawn by the petitioner",
  duplicate: "Duplicate of another petition",
} satisfies Catalogue<typeof vi.states>;

export const actions = {
  accept: "Accept and send for approval",
  request_info: "Ask for more information",
  provide_info: "Provide information",
  reject: "Reject (with a reason)",
  mark_duplicate: "Mark as duplicate",
  forward: "Approve and forward to the agency",
  acknowledge: "Acknowledge receipt",
  answer: "Answer the petition",
  return: "Return (not our competence)",
  withdraw: "Withdraw the petition",
  close: "Resolved: close it",
  not_resolved: "Not resolved",
  not_yet: "Too early to say",
  nudge: "Remind whoever holds it",
  answer_in_hall: "Answered at the session",
  reroute: "Send it to another agency",
  take_over: "Take the step over (the union above handles it)",
} satisfies Catalogue<typeof vi.actions>;

export const actionsDone = {
  submit: "submitted it",
  accept: "accepted it",
  request_info: "asked for more information",
  provide_info: "provided information",
  reject: "rejected it",
  mark_duplicate: "marked it as a duplicate",
  forward: "approved and forwarded it",
  acknowledge: "acknowledged it",
  answer: "answered it",
  return: "returned it",
  withdraw: "withdrew it",
  close: "closed it",
  not_resolved: "said the issue is not resolved",
  not_yet: "said it is too early to say",
  ask: "was asked for her verdict",
  auto_close: "closed by itself",
  nudge: "reminded its holder",
  answer_in_hall: "recorded the answer given at the session",
  reroute: "sent it to another agency",
  take_over: "took the step over",
  remind: "was reminded of the deadline",
  escalate: "was reported to the union above",
} satisfies Catalogue<typeof vi.actionsDone>;

export const timeline = {
  submit: "Petition submitted",
  accept: "Accepted by the commune Women's Union",
  request_info: "More information requested",
  provide_info: "Information provided",
  reject: "Not accepted",
  mark_duplicate: "Found to duplicate another petition",
  forward: "Forwarded to the responsible agency",
  acknowledge: "Acknowledged by the agency",
  answer: "Answered by the agency",
  return: "Returned by the agency for re-routing",
  withdraw: "Withdrawn by the petitioner",
  close: "Closed",
  not_resolved: "The petitioner said the issue is not resolved",
  not_yet: "The petitioner said it is too early to say",
  ask: "The petitioner was asked whether her issue was resolved",
  auto_close: "Closed by itself (no reply)",
  nudge: "The union above asked for it to be handled",
  answer_in_hall: "Answered at the dialogue session",
  reroute: "The union above sent it to another agency",
  take_over: "The union above took it over",
  remind: "Deadline reminder",
  escalate: "Overdue: the union above was told",
} satisfies Catalogue<typeof vi.timeline>;

export const roles = {
  petitioner: "Petitioner",
} satisfies Catalogue<typeof vi.roles>;

export const deadlineState = {
  left: (p) => `${p.n} working day${p.n === 1 ? "" : "s"} left`,
  today: "due today",
  overdue: (p) => `${p.n} working day${p.n === 1 ? "" : "s"} overdue`,
  overdueDay: "overdue",
} satisfies Catalogue<typeof vi.deadlineState>;
