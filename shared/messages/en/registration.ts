import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/registration.ts";

export const registrationForm = {
  heading: "Register to attend",
  phoneHint: "For example: 0912 345 678",
  emailHint: "To receive a confirmation and a link to cancel.",
  gender: "Gender",
  birthYear: "Year of birth (optional)",
  role: "Position or role",
  commune: "Commune or town",
  village: "Village (optional)",
  interpreter: "Needs an interpreter into (optional)",
  interpreterHint: "For example: Hmong, Dao.",
  ethnicityHint:
    "Ethnic origin is sensitive data. The Union uses it only to count participants by group, and records it only with your consent.",
  consent: "I agree that the Women's Union uses this information to organise the event and contact me about it.",
  submit: "Register",
} satisfies Catalogue<typeof vi.registrationForm>;

export const registered = {
  title: "Registered",
  heading: "You are registered",
  waitHeading: "You are on the waitlist",
  position: (p) => `Waitlist position: ${p.n}.`,
  notStored: "Your ethnic group was not recorded because its consent box was not ticked.",
  code: "Your registration code:",
  codeHint: "Write this code down and read it to the organisers when you arrive.",
  mailed: "We have sent a confirmation to your e-mail.",
  manage: "View or cancel this registration",
} satisfies Catalogue<typeof vi.registered>;

export const registrationLink = {
  heading: "Your registration",
  name: "Name",
  phone: "Phone",
  code: "Registration code",
  status: "Status",
  position: "Waitlist position",
  statuses: { confirmed: "confirmed", waitlisted: "on the waitlist", cancelled: "cancelled" },
  cancelHint: "If you cannot come, please cancel so someone else can have the seat.",
  cancel: "Cancel registration",
} satisfies Catalogue<typeof vi.registrationLink>;

export const cancelled = {
  heading: "Registration cancelled",
  thanks: "Thank you for letting us know. Your seat goes to the next person on the waitlist.",
} satisfies Catalogue<typeof vi.cancelled>;

export const alreadyRegistered = {
  field:
    "This phone number already has a registration for this event. To change it, use the link in the confirmation e-mail or contact the organisers.",
  detail:
    "This phone number already has a registration for this event. Its own link, or the organisers, can change it.",
} satisfies Catalogue<typeof vi.alreadyRegistered>;

export const cancelProblems = {
  already: "Already cancelled",
  alreadyDetail: "This registration was already cancelled. Nothing more to do.",
  inTheHall: "She is in the hall (checked in or registered at the door): not cancelled.",
} satisfies Catalogue<typeof vi.cancelProblems>;

export const noAction = {
  title: "No action chosen",
} satisfies Catalogue<typeof vi.noAction>;

export const noCancelAction = {
  detail: "Press the Cancel registration button on the page to cancel.",
} satisfies Catalogue<typeof vi.noCancelAction>;
