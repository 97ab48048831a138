import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/staff-links.ts";

export const roleGone = {
  title: "This link no longer works",
  detail: (p) =>
    `Whoever this link was sent to no longer holds this task in the current assignment. Please ask ${p.unit}.`,
} satisfies Catalogue<typeof vi.roleGone>;

export const intakeLimits = {
  revoked: "This intake link was revoked",
  revokedDetail: "This link was revoked. Please ask the system's administrator for a new one.",
  tooMany: "Today's petitions are entered",
  tooManyDetail: (p) =>
    `Each officer enters at most ${p.limit} petitions a day. This petition was not stored; please enter it again tomorrow.`,
} satisfies Catalogue<typeof vi.intakeLimits>;
