import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/registration-mails.ts";

/** Staff e-mails (organiserMail, organiserLinkMail, burstMail) are Vietnamese only: they have no English twin. */

export const participantMail = {
  event: "Event",
  when: "When",
  where: "Where",
  code: "Registration code",
  status: "Status",
  confirmed: "Confirmed",
  waitlisted: "On the waitlist",
  position: "position",
  calendar: "Add to calendar",
  manage: "View or cancel registration",
  codeHint: "When you arrive, read this code to the organisers to check in.",
  waitHint: "When someone cancels, seats go to the waitlist in order and you will get an e-mail.",
  manageHint: "If you cannot come, please cancel so someone else can have the seat:",
} satisfies Catalogue<typeof vi.participantMail>;

export const confirmationMail = {
  subject: "Registration confirmed",
  heading: "Your registration is confirmed",
  lead: "You have a seat at this event.",
  waitSubject: "On the waitlist",
  waitHeading: "You are on the waitlist",
  waitLead: "The event is full, so you are on the waitlist.",
} satisfies Catalogue<typeof vi.confirmationMail>;

export const promotedMail = {
  subject: "You have a seat",
  heading: "A seat became free: it is yours",
  lead: "Someone cancelled and you were first on the waitlist, so you now have a seat.",
} satisfies Catalogue<typeof vi.promotedMail>;

export const cancelledMail = {
  subject: "Registration cancelled",
  heading: "Your registration is cancelled",
  lead: "We have cancelled your registration as you asked.",
  byOrganiser:
    "The organisers have cancelled your registration. If you did register yourself and want to come, register again or contact them.",
  status: "Cancelled",
} satisfies Catalogue<typeof vi.cancelledMail>;
