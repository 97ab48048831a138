import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/events.ts";

export const eventSummary = {
  kinds: { training: "Training conference", dialogue: "Policy dialogue" },
  when: "When",
  where: "Where",
} satisfies Catalogue<typeof vi.eventSummary>;

export const seats = {
  left: (p) => `${p.n} seats left.`,
  full: "The event is full: new registrations join the waitlist.",
} satisfies Catalogue<typeof vi.seats>;

export const eventList = {
  title: "Events",
  heading: "Events open for registration",
  none: "No event is open for registration now.",
  register: "Register",
} satisfies Catalogue<typeof vi.eventList>;

export const eventPage = {
  register: "Register to attend",
  calendar: "Add to calendar",
} satisfies Catalogue<typeof vi.eventPage>;

export const closedReasons = {
  closed: "Registration for this event is closed.",
  cancelled: "This event has been cancelled.",
  deadline: "The registration deadline for this event has passed.",
  past: "This event has already taken place.",
} satisfies Catalogue<typeof vi.closedReasons>;

export const eventProblems = {
  noSuchEvent: "There is no such event.",
} satisfies Catalogue<typeof vi.eventProblems>;
