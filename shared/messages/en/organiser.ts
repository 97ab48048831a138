import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/organiser.ts";

/** The roster's files and the counts' group names (roster, countGroups) are Vietnamese only: no English twin. */

export const organiser = {
  door: "Check-in",
  roster: "Roster",
  counts: "Counts",
  walkIn: "Walk-in",
  code: "The code she reads out",
  codeHint: "For example ACD4-79KM. Spaces, dashes and lower case are fine.",
  checkIn: "Check in",
  find: "Find by name or phone number",
  search: "Search",
  noMatch: "Nobody found.",
  registered: "Registered",
  checkedIn: "Checked in",
  walkIns: "Walk-ins",
  noShows: "Not arrived",
  waitlisted: "Waiting",
  checkedInOk: "Checked in",
  overCapacity: "over capacity",
  already: (p) => `${p.name} was already checked in at ${p.at}.`,
  noSuchCode: (p) =>
    `There is no code “${p.typed}”. One symbol may have been misheard: ask again, or find her by name.`,
  cancelled: (p) => `${p.name}'s registration was cancelled. If she came anyway, register her as a walk-in.`,
  waiting: (p) => `${p.name} is on the waitlist (number ${p.n}) and has no seat.`,
  letIn: "Let her in anyway (over capacity)",
  walkInOk: "Registered at the door and checked in",
  letInBeyond: "Over capacity: let her in even if the event is full",
  register: "Register and check in",
  from: "From",
  to: "To",
  status: "Status",
  all: "All",
  statuses: { confirmed: "Seated", waitlisted: "Waiting", cancelled: "Cancelled" },
  filter: "Filter",
  busiest: "Busiest minutes",
  arrived: "Registered at",
  name: "Name",
  phone: "Phone",
  select: "Select",
  cancelTicked: "Cancel the ticked registrations",
  cancelWindow: "Cancel everyone in the filtered time window",
  notify: "E-mail the people cancelled (when they gave an address)",
  confirm: (p) => `Cancel ${p.n} registrations`,
  previewLead: (p) =>
    `${p.n} registrations will be cancelled (people checked in and walk-ins never are). Freed seats go to the waitlist in order, each with an e-mail.`,
  more: (p) => `… and ${p.n} more.`,
  bulkDone: (p) => `Cancelled ${p.cancelled} registrations; ${p.promoted} people from the waitlist got a seat.`,
  remaining: (p) => `${p.n} registrations of the selection remain: press again to cancel them.`,
  failed: (p) => `${p.n} registrations could not be cancelled (the system was busy): press again to retry.`,
  log: "Bulk cancellations",
  logLine: (p) => `${p.at} UTC · ${p.by}: cancelled ${p.count}, seated ${p.promoted} (${p.what})`,
  shown: (p) => `${p.n} of ${p.total} registrations`,
  page: "Page",
  group: "Group",
  total: "Total",
  cancelledCount: (p) => `Cancelled: ${p.n}.`,
  dimensions: {
    role: "By role",
    commune: "By commune",
    gender: "By gender",
    ethnicity: "By ethnic group (only where consented)",
  },
} satisfies Catalogue<typeof vi.organiser>;

export const doorProblems = {
  eventFull: "The event is full. To let her in anyway, tick “over capacity”.",
} satisfies Catalogue<typeof vi.doorProblems>;

export const organiserProblems = {
  noAction: "Press one of the page's buttons.",
  nothingSelected: "Tick the people to cancel, or choose a time window (from… to…).",
} satisfies Catalogue<typeof vi.organiserProblems>;
