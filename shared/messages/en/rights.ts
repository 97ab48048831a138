import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/rights.ts";

export const rightsKinds = {
  correct: "Correct my name or e-mail",
  "correct-phone": "Correct my phone number",
  "withdraw-consent": "Withdraw consent to record my ethnicity",
  copy: "A copy of my data",
  erase: "Erase my data",
} as const satisfies Catalogue<typeof vi.rightsKinds>;

export const rightsLink = {
  link: "My data: see it, correct it, ask for a copy or erasure",
} as const satisfies Catalogue<typeof vi.rightsLink>;

export const myData = {
  title: "My data",
  intro: (p: { source: string }) =>
    `This is what the Women's Union holds about you from ${p.source}. You have the right to see, correct, withdraw your consent, have a copy of and ask for the erasure of your data (Personal Data Protection Law, 2025).`,
  fromRegistration: (p: { event: string }) => `your registration for “${p.event}”`,
  fromPetition: (p: { title: string }) => `your petition “${p.title}”`,
  thisItem: { registration: "this registration", petition: "this petition" },
  held: "What is held",
  name: "Full name",
  phone: "Phone number",
  phoneHint: "Only its last 3 digits are shown: anyone holding this link can see this page.",
  email: "E-mail",
  none: "None",
  gender: "Gender",
  birthYear: "Year of birth",
  ethnicity: "Ethnic group",
  ethnicityConsent: "Consent to record your ethnic group",
  consent: "Consent to the use of your information",
  consentLine: (p: { version: string; at: string }) => `${p.at} (consent text ${p.version})`,
  commune: "Commune",
  village: "Village",
  role: "Role",
  interpreter: "Needs an interpreter",
  onBehalfOf: "On behalf of",
  correctHeading: "Correct your name or e-mail",
  correctHint: (p: { item: string }) =>
    `The change applies at once to ${p.item}. Leave the e-mail empty if you no longer want mail.`,
  correctButton: "Save the changes",
  phoneHeading: "Correct your phone number",
  phoneWhy:
    "Your phone number is how the Union recognises you and reaches you, and everything held about you is found by it. Anyone holding this link can press a button, so the number is not changed on one press: an officer of your commune union will contact you (by e-mail if you gave one, or in person) to confirm the new number before correcting it.",
  phoneButton: "Ask the Union to correct my phone number",
  withdrawHeading: "Withdraw your consent to record your ethnic group",
  withdrawHint: (p: { item: string }) =>
    `Your ethnic group and when you consented are erased from ${p.item} at once. It changes nothing else for you.`,
  withdrawButton: "Withdraw my consent and erase my ethnic group",
  noEthnicity: (p: { item: string }) => `No ethnic group is held in ${p.item}.`,
  copyHeading: "Ask for a copy of your data",
  copyHint:
    "The Union sends you a copy of everything held about you (every registration and petition with this number).",
  copyButton: "Ask for a copy",
  eraseHeading: "Ask for your data to be erased",
  eraseHint:
    "The Union erases your name, phone number, e-mail and other personal data from every registration and petition with this phone number. Once erased, the Union can no longer contact you about them.",
  eraseConfirm:
    "I understand that once erased, the Union can no longer contact me about these registrations and petitions.",
  eraseButton: "Ask for erasure",
  deadlines: (p: { ack: number; complete: number }) =>
    `Your commune union acknowledges a request within ${p.ack} working days and carries it out within ${p.complete} days.`,
  requestsHeading: "Your requests",
  request: "Request",
  receivedAt: "Received",
  status: "Status",
  statusOpen: (p: { day: string }) => `Received; the Union acknowledges it by the end of ${p.day}`,
  statusAcknowledged: (p: { day: string }) => `Acknowledged; the Union carries it out by the end of ${p.day}`,
  statusCompleted: (p: { at: string }) => `Carried out at ${p.at}`,
  erased: (p: { item: string }) => `The Union no longer holds any personal data of yours in ${p.item}.`,
  otherItems: (p: { item: string }) =>
    `Corrections and withdrawals here apply to ${p.item} only. Each other registration or petition has its own link in your e-mails; a commune union officer can also help.`,
  nothingChanged: "What you sent is what is held: nothing changed.",
  changedMeanwhile: "This information was just changed elsewhere. Please look again and try again.",
  confirmRequired: "Please tick this box to confirm that you want your data erased.",
  noAction: "Nothing was asked",
  noActionDetail: "Press one of the buttons on the page.",
} as const satisfies Catalogue<typeof vi.myData>;

export const myDataDone = {
  doneHeading: "Done",
  corrected: (p: { item: string }) => `Your name and e-mail in ${p.item} are corrected.`,
  withdrawn: (p: { item: string }) =>
    `Your ethnic group and when you consented are erased from ${p.item}. The Union no longer holds them.`,
  receivedHeading: "The Union has received your request",
  kind: (p: { kind: string }) => `Request: ${p.kind}.`,
  due: (p: { ack: string; complete: string }) =>
    `Your commune union acknowledges it by the end of ${p.ack} and carries it out by the end of ${p.complete}.`,
  unit: (p: { unit: string }) => `Responsible: ${p.unit}.`,
  mailed: "A receipt was sent to your e-mail address.",
  already: (p: { at: string }) =>
    `The Union received this request at ${p.at} and is handling it: no need to send it again.`,
  back: "Back to My data",
} as const satisfies Catalogue<typeof vi.myDataDone>;

export const requestPage = {
  title: "A personal data request",
  heading: (p: { kind: string }) => `A personal data request: ${p.kind}`,
  kind: "Request",
  received: "Received",
  channel: "Sent",
  viaLink: "By her, from her own link",
  viaOfficer: (p: { name: string; unit: string }) => `Recorded by officer ${p.name} (${p.unit}) at her side`,
  unit: "Responsible",
  ackDue: "Acknowledge by",
  completeDue: "Carry out by",
  acknowledged: "Acknowledged",
  completed: "Carried out",
  by: (p: { at: string; by: string }) => `${p.at} · ${p.by}`,
  not: "Not yet",
  note: "The officer's note",
  who: "Who asks",
  whoHint:
    "Her name and number are only on this page, never in the e-mail: mails are kept and forwarded, and this page needs your link.",
  noItems: "No registration or petition holds this phone number any more.",
  from: "From",
  todo: "What to do",
  todoCopy:
    "First call the number below, or meet her, to confirm it is hers (anyone who filled in a form with it holds a link): the copy holds everything under that number. Then ops run the command below (it records the request as carried out), and you give her the file in person or at an address she confirmed.",
  todoErase:
    "First call the number below, or meet her, to confirm it is hers and that she wants it (anyone who filled in a form with it holds a link): the erasure takes everything under that number. Then have ops run the command below (it records the request as carried out).",
  todoCorrect:
    "Contact her to learn what to correct. She can correct her name and e-mail herself on her “My data” page (the link in her e-mails); otherwise have ops correct it, then press “Carried out”.",
  todoPhone:
    "Contact her by e-mail or in person to confirm the new number (a call to the old number does not prove it is her), then have ops correct it and press “Carried out”.",
  todoWithdraw:
    "She withdraws her consent to record her ethnic group. She can do it at once on her “My data” page; otherwise have ops erase the ethnic group from her registrations and petitions, then press “Carried out”.",
  command: "Command",
  acknowledge: "Request acknowledged",
  acknowledgeHint: "Press once the Union has told her the request is received.",
  complete: "Carried out",
  acknowledgedDone: "Recorded: the Union acknowledged the request.",
  completedDone: "Recorded: the request is carried out.",
  alreadyAcknowledged: (p: { at: string }) => `This request was acknowledged at ${p.at}.`,
  alreadyCompleted: (p: { at: string }) => `This request was carried out at ${p.at}.`,
} as const satisfies Catalogue<typeof vi.requestPage>;

export const officerRequest = {
  link: "Record a request about a woman's data (see, correct, a copy, erasure)",
  heading: "Record a request about a woman's data",
  intro:
    "When a woman at your side wants to correct her data, withdraw a consent, have a copy or have it erased, record her request here. The responsible commune union is mailed and carries it out in time.",
  phone: "Her phone number",
  phoneHint: "The number she registered or sent a petition with.",
  kind: "She asks for",
  note: "Note (optional)",
  noteHint: "What the Union needs to know to act, e.g. which item to correct. Do not copy her personal data here.",
  submit: "Record the request",
  receiptHeading: "The request is recorded",
  handHer: "Read or write this down for her:",
  reference: "Request reference",
  another: "Record another request",
} as const satisfies Catalogue<typeof vi.officerRequest>;

export const receiptMail = {
  subject: (p: { kind: string }) => `The Union received your request: ${p.kind}`,
  doneSubject: (p: { kind: string }) => `Your request is carried out: ${p.kind}`,
  heading: "The Union received your request about your data",
  doneHeading: "Your request about your data is carried out",
  received: "Received",
  kind: "Request",
  ackDue: "Acknowledged by the end of",
  completeDue: "Carried out by the end of",
  notYou: "If you did not send this request, tell your commune Women's Union at once.",
  changedSubject: "The e-mail in your details was changed",
  changedHeading: "The e-mail in your details was changed",
  changedLead: (p: { at: string }) =>
    `At ${p.at}, the e-mail in the details you gave the Women's Union was changed to another address. Later mails go there.`,
} as const satisfies Catalogue<typeof vi.receiptMail>;

export const unitMail = {
  subject: (p: { kind: string; day: string }) => `A personal data request: ${p.kind} (acknowledge by ${p.day})`,
  acknowledgeSubject: (p: { kind: string; day: string }) =>
    `Reminder: acknowledge a personal data request (${p.kind}) by the end of ${p.day}`,
  completeSubject: (p: { kind: string; day: string }) =>
    `Reminder: carry out a personal data request (${p.kind}) by the end of ${p.day}`,
  overdueSubject: (p: { kind: string }) => `Overdue: a personal data request (${p.kind}) is not carried out`,
  heading: "A new personal data request",
  acknowledgeHeading: "Reminder: acknowledge the request",
  completeHeading: "Reminder: carry out the request",
  overdueHeading: "A personal data request is overdue",
  lead: (p: { unit: string }) =>
    `A woman has asked ${p.unit} about her personal data. The Personal Data Protection Law gives the Union the limits below.`,
  overdueLead: (p: { day: string; unit: string }) =>
    `The request to ${p.unit} was due to be carried out by the end of ${p.day} and is overdue: please carry it out now and record it on the page.`,
  why: "The mail names neither her, nor her number or e-mail: mails are kept and forwarded. Open the link to see who asks and what to do; the link is yours alone.",
  button: "See the request and record it",
} as const satisfies Catalogue<typeof vi.unitMail>;
