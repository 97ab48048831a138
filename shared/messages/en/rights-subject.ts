import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/rights-subject.ts";

export const subjectSummary = {
  heading: (p) => `Personal data Tiếng Nói holds about the phone number ${p.phone} (as of ${p.day})`,
  nothing: "No personal data is held about this phone number.",
  registrations: (p) => `Registrations for events: ${p.n}`,
  registration: (p) => `- ${p.event}, ${p.when}: ${p.status} (registration code ${p.code})`,
  registrationStatuses: { confirmed: "has a seat", waitlisted: "on the waitlist", cancelled: "cancelled" },
  held: (p) => `  Held: ${p.fields}`,
  fields: {
    fullName: "full name",
    phone: "phone number",
    email: "e-mail",
    gender: "gender",
    birthYear: "year of birth",
    ethnicity: "ethnic group",
    role: "role",
    commune: "commune",
    village: "village",
    needsInterpreter: "interpreting needs",
    title: "title",
    content: "content",
    onBehalfOf: "the person petitioned for",
  },
  consent: (p) => `  She consented to the processing at ${p.at}`,
  ethnicityConsent: (p) => `  She separately consented to giving her ethnic group at ${p.at}`,
  phoneLock: "  The phone number is recorded (as a keyed hash) so that each number registers once for this event.",
  petitions: (p) => `Petitions: ${p.n}`,
  petition: (p) => `- ${p.code}, sent ${p.day}: “${p.title}”. ${p.status}`,
  herWords: (p) => `  Her own words along the way: ${p.n}`,
  mails: (p) => `E-mails sent to her address: ${p.n}`,
  mail: (p) => `- ${p.at}: ${p.subject} (${p.status})`,
  mailStatuses: { pending: "not sent yet", sending: "being sent", sent: "sent", failed: "could not be sent" },
  bodyHeld: "  Not sent yet: its text is held until it is sent.",
  requests: (p) => `Her requests about her personal data: ${p.n}`,
  audit: (p) => `Records of how they were handled (holding none of her data): ${p.n}`,
  notListed:
    "Beyond these, the system holds only keyed hashes that cannot be reversed (of the phone number, e-mail, links) and the day's counts of what was sent, deleted after 2 days.",
} as const satisfies Catalogue<typeof vi.subjectSummary>;

export const erasureMail = {
  subject: "Your personal data has been erased",
  lead: (p) =>
    `As you asked, on ${p.day} the Women's Union erased your name, phone number, e-mail address, year of birth, ethnic group and village from Tiếng Nói.`,
  counts: (p) =>
    `Personal data was erased from ${p.registrations} registration(s) for events and ${p.petitions} petition(s).`,
  cancelled: (p) => `${p.n} registration(s) for events still to come were cancelled; your seat went to those waiting.`,
  kept: "The titles, content and answers of the petitions are kept, without your name, so that the agencies can still answer and the reports stay right. If that content names you or your address, tell the commune's Women's Union to erase it too.",
  reference: (p) => `Request reference: ${p.ref}`,
  last: (p) =>
    `This is the last e-mail sent to this address. The address is erased with this e-mail after ${p.days} days.`,
} as const satisfies Catalogue<typeof vi.erasureMail>;
