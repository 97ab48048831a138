/**
 * A dialogue session's record (shared/sessions/): the issues raised at it or named for it (each a petition with the
 * session's `eventId`), the answers given in the hall, and the commitments answers carry, tracked to their deadlines.
 */

/** A petition raised at the session, or named for it beforehand: the session's list of its issues. */
export interface SessionIssue {
  eventId: string;
  trackingCode: string;
  /** `session`: raised in the hall (entered by the organiser); `before`: sent beforehand naming the session. */
  raisedAt: "session" | "before";
  createdAt: string;
}

/**
 * A commitment an answer carried ("the commune will repair the road before the rainy season"): what, which agency,
 * by when. It has its own link for the agency to report progress, and the reminders and escalation of a step.
 */
export interface Commitment {
  trackingCode: string;
  /** 1, 2, …: its number among the petition's commitments. */
  n: number;
  what: string;
  /** The agency that keeps it (an agency id of the configuration). */
  agency: string;
  /** The Vietnam day it is due (YYYY-MM-DD), through the working-day calendar when given in working days. */
  due: string;
  madeAt: string;
  /** Made in the hall (an answer at the session) or in an agency's answer later. */
  madeIn: "hall" | "answer";
  /** Who made it (the leader who answered in the hall, or the agency). */
  madeBy: string;
  /** The session it was made at or for, when there is one. */
  eventId?: string;
  status: "open" | "done";
  /** Its progress as last reported, 0–100. */
  percent: number;
  /** The last progress note: the agency's words, public (the follow-up page shows it). */
  note?: string;
  reportedAt?: string;
  doneAt?: string;
  /** Set when done: done on or before its due day. */
  onTime?: boolean;
  /** Bumped by every report: the report's condition, so two reports cannot both be the latest. */
  version: number;
}

/** A session record: closed by its organiser once the issues are in (until then she is reminded). */
export interface SessionRecord {
  eventId: string;
  /** The session's days when its alarms were placed: a reload with other days places them again. */
  startsAt?: string;
  endsAt?: string;
  closedAt?: string;
  closedBy?: string;
  /** When the issues sent beforehand went to the invited leaders (shared/sessions/dossier.ts). */
  dossierSentAt?: string;
  /** How many the organiser counted in the hall, when more came than checked in (else check-in's count). */
  attendanceCounted?: number;
}
