import type { Config } from "../config/schema.ts";
import { both } from "../messages/catalogue.ts";
import { stateText, timelineText } from "../messages/petitions.ts";
import { vietnamDay } from "../platform/dates.ts";
import type { Bilingual } from "../platform/i18n.ts";
import { formatVietnamMobile } from "../platform/phone.ts";
import type { Commitment } from "../sessions/model.ts";
import { DEADLINE_OF, type DeadlineNow, deadlineNow } from "./deadlines.ts";
import { agencyName, categoryName, currentHolder } from "./labels.ts";
import { type HistoryEntry, isSensitive, type Petition } from "./petition.ts";
import { displayCode } from "./tracking.ts";
import { ACTION_TABLE, type ActionDeclaration, type NoteOf, type Role, type State } from "./workflow.ts";

/**
 * What each reader sees of a petition, decided here and nowhere else. Every page (a link's page, the status page,
 * "already handled"), every e-mail and every JSON answer renders a view this function made, never the petition, so
 * the rule "the agency does not learn who she is" cannot be written twice or forgotten once.
 *
 * - **union** (the commune union's screeners, the officer who entered it) and **approver** (the union above): all of
 *   it, every note and every actor. The Union always knows who she is.
 * - **agency**: the title, content, category, commune, the agency's own notes and answer, the approver's note for
 *   it, and a Union note only if its writer ticked "the agency may see this". When she did not agree to be known
 *   (`shareIdentityWithAgency: false`): no name, contact, village, `onBehalfOf`, who entered it, nor any of her own
 *   notes (what she answered, why she withdrew) or her name as the actor of a step.
 * - **petitioner** (her own link and mails): her petition as she gave it, the questions and reasons addressed to
 *   her, the approver's note for the agency, the agency's notes and answer; not the Union's internal notes.
 * - **public** (anyone with the tracking code: it travels on paper, by SMS and through logs): never a name, note or
 *   actor. Of a sensitive petition (`isSensitive`: a sensitive category, or she hid who she is) only where it stands
 *   and when: no commune, category, holder (the commune union's name names the commune), agency, answer, rejection
 *   reason or duplicate; she reads those through her own link or from the officer.
 */
export type Audience = "union" | "approver" | "agency" | "petitioner" | "public";

/** Everyone on the petition's path: whoever holds a link to it or is mailed about it. */
export type OnThePath = Exclude<Audience, "public">;

/** The audience of someone holding a link (or told by mail) as `role`: the officer who entered it is the Union. */
export function audienceOf(role: Role | "officer"): OnThePath {
  switch (role) {
    case "screener":
    case "officer":
    case "organiser":
      return "union";
    case "overseer":
      return "approver";
    default:
      return role;
  }
}

/** One line of the record as this audience sees it: the label and date always; the actor and note when allowed. */
export interface ViewEntry {
  at: string;
  action: HistoryEntry["action"];
  label: Bilingual;
  actor?: string;
  note?: string;
}

/** What anyone with the code sees (the status page and its JSON): a sensitive petition shows no place or outcome. */
export interface PublicView {
  trackingCode: string;
  status: State;
  statusLabel: Bilingual;
  /** Who holds it now ("Hội LHPN xã Thượng Lâm", an agency), while it is open. */
  currentStage?: Bilingual;
  category?: { id: string; vi: string; en: string };
  commune?: { id: string; name: string };
  submittedAt: string;
  updatedAt: string;
  /** The agency it went to, once forwarded. */
  agency?: { id: string; name: string };
  answer?: { text: string; at: string; agency: string };
  rejectionReason?: string;
  duplicateOf?: string;
  /** The current step's deadline as of today: a date, so the public sees it of a sensitive petition too. */
  deadline?: DeadlineNow;
  timeline: ViewEntry[];
}

/** What someone on the petition's path sees: the petition itself, and who she is unless it is kept from them. */
export interface PetitionView extends PublicView {
  category: { id: string; vi: string; en: string };
  commune: { id: string; name: string };
  title: string;
  content: string;
  /** Who she is: absent when it is kept from this reader (then `identityHidden`). */
  petitioner?: { fullName: string; phone?: string; email?: string };
  village?: string;
  onBehalfOf?: string;
  /** The officer who entered it for her. */
  enteredBy?: string;
  /** This reader is not told who she is: pages say so rather than leave a gap. */
  identityHidden?: true;
  /** For the Union: the agency will not be told who she is (a reminder beside the notes the agency reads). */
  hiddenFromAgency?: true;
  infoRequest?: { question: string; at: string };
  returnReason?: string;
}

const FORWARDED: ReadonlySet<State> = new Set(["forwarded", "acknowledged", "answered", "closed"]);

const UNION: ReadonlySet<Audience> = new Set(["union", "approver"]);

/** Whose words an entry's note is (a submission carries none; it counts as hers; the sweeper's are the Union's). */
function noteOf(e: HistoryEntry): NoteOf {
  if (e.action === "submit") return "petitioner";
  if (e.action === "remind" || e.action === "escalate" || e.action === "ask" || e.action === "auto_close") {
    return "union";
  }
  return (ACTION_TABLE[e.action] as ActionDeclaration).note;
}

/** The states an agency holds: a word to the holder then was a word to the agency. */
const AGENCY_HELD: ReadonlySet<State> = new Set(["forwarded", "acknowledged"]);

/** Whether `audience` reads the note of `e` (the module comment says who reads what). */
function readsNote(audience: Audience, p: Petition, e: HistoryEntry): boolean {
  if (audience === "public") return false;
  if (UNION.has(audience)) return true;
  const ticked = audience === "agency" && e.agencyMaySee === true;
  switch (noteOf(e)) {
    case "union":
      return ticked;
    case "toPetitioner":
      return audience === "petitioner" || ticked;
    case "petitioner":
      return audience === "petitioner" || (audience === "agency" && p.shareIdentityWithAgency);
    case "toHolder":
      return audience === "agency" && e.from !== undefined && AGENCY_HELD.has(e.from);
    case "toAgency":
    case "agency":
      return true;
  }
}

function entryFor(audience: Audience, p: Petition, e: HistoryEntry, knowsHer: boolean): ViewEntry {
  const seen: ViewEntry = { at: e.at, action: e.action, label: both(timelineText, e.action) };
  if (audience === "public") return seen;
  // Her steps' actor is her (or the officer who entered it for her): kept from whoever may not know who she is.
  const actor = e.role === "petitioner" && !knowsHer ? undefined : e.actor;
  const note = e.note && readsNote(audience, p, e) ? e.note : undefined;
  return { ...seen, ...(actor ? { actor } : {}), ...(note ? { note } : {}) };
}

/** The petition as `audience` may see it, with its history: every page, e-mail and JSON answer renders this. */
export function petitionFor(
  audience: "public",
  petition: Petition,
  history: readonly HistoryEntry[],
  config: Config,
): PublicView;
export function petitionFor(
  audience: OnThePath,
  petition: Petition,
  history: readonly HistoryEntry[],
  config: Config,
): PetitionView;
export function petitionFor(
  audience: Audience,
  petition: Petition,
  history: readonly HistoryEntry[],
  config: Config,
): PublicView | PetitionView;
export function petitionFor(
  audience: Audience,
  p: Petition,
  history: readonly HistoryEntry[],
  config: Config,
): PublicView | PetitionView {
  const isPublic = audience === "public";
  const union = UNION.has(audience);
  // Whether this reader may see where it is and how it ended: everyone on its path; the public unless it is sensitive.
  const placed = !isPublic || !isSensitive(p, config);
  const knowsHer = !isPublic && !(audience === "agency" && !p.shareIdentityWithAgency);
  const holder = { vi: currentHolder(p, config, "vi"), en: currentHolder(p, config, "en") };
  const shown: PublicView = {
    trackingCode: displayCode(p.trackingCode),
    status: p.status,
    statusLabel: both(stateText, p.status),
    ...(placed && holder.vi && holder.en ? { currentStage: { vi: holder.vi, en: holder.en } } : {}),
    ...(placed
      ? {
          category: {
            id: p.category,
            vi: categoryName(config, p.category, "vi"),
            en: categoryName(config, p.category, "en"),
          },
          commune: { id: p.commune, name: config.areas.find((a) => a.id === p.commune)?.name ?? p.commune },
        }
      : {}),
    submittedAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(placed && (FORWARDED.has(p.status) || p.answer)
      ? { agency: { id: p.routing.agency, name: agencyName(config, p.answer?.agency ?? p.routing.agency) } }
      : {}),
    ...(placed && p.answer ? { answer: { ...p.answer, agency: agencyName(config, p.answer.agency) } } : {}),
    // A reason addressed to her: the Union wrote it, she is told it; the public sees it only of a plain petition.
    ...(p.rejection && (union || audience === "petitioner" || (isPublic && placed && p.status === "rejected"))
      ? { rejectionReason: p.rejection.reason }
      : {}),
    ...(placed && p.duplicateOf ? { duplicateOf: displayCode(p.duplicateOf) } : {}),
    ...(p.deadline && DEADLINE_OF[p.status] === p.deadline.step ? { deadline: deadlineNow(config, p.deadline) } : {}),
    timeline: history.map((e) => entryFor(audience, p, e, knowsHer)),
  };
  if (isPublic) return shown;
  const { petitioner: her } = p;
  return {
    ...(shown as PetitionView),
    title: p.title,
    content: p.content,
    ...(knowsHer
      ? {
          petitioner: { fullName: her.fullName, phone: her.phone, ...(her.email ? { email: her.email } : {}) },
          ...(p.village ? { village: p.village } : {}),
          ...(p.onBehalfOf ? { onBehalfOf: p.onBehalfOf } : {}),
          ...(p.enteredBy ? { enteredBy: p.enteredBy.name } : {}),
        }
      : { identityHidden: true as const }),
    ...(union && !p.shareIdentityWithAgency ? { hiddenFromAgency: true as const } : {}),
    ...(p.infoRequest && (union || audience === "petitioner") ? { infoRequest: p.infoRequest } : {}),
    ...(p.returnReason ? { returnReason: p.returnReason } : {}),
  };
}

/** "Thôn Nà Tông, Xã Thượng Lâm", or the commune alone when the village is not shown. */
export function placeOf(view: PetitionView): string {
  return view.village ? `${view.village}, ${view.commune.name}` : view.commune.name;
}

/** "Ma Thị Hoa · 0912 345 601 · hoa@example.org", when this reader may know her. */
export function identityOf(view: PetitionView): string | undefined {
  const her = view.petitioner;
  return (
    her && [her.fullName, her.phone ? formatVietnamMobile(her.phone) : undefined, her.email].filter(Boolean).join(" · ")
  );
}

// ─── A dialogue session's public follow-up (shared/sessions/public.ts) ───────────────────────────────────────────

/**
 * What the public follow-up page of a dialogue session shows of one issue raised at it or for it: the public
 * reader's view (`petitionFor("public", …)`: never a name, phone, village, note or actor), and the issue's title,
 * since a session's issues are read by what they ask. Who answered is an agency's name, or for an answer in the hall
 * the leader's title (`answer.inHall.by`). A sensitive issue (`isSensitive`) is not shown at all, neither its
 * category nor its title (her words, which may name her or her village): the page only counts it, from what this
 * returns (`shown: false`), so that the counts and the list cannot disagree on what is protected. So is one sent
 * beforehand that the commune union has not yet accepted (anyone may name a session on the public form: the Union
 * screens first), and one that ended without being taken up (refused, withdrawn, a duplicate). An issue raised in the
 * hall was said aloud there and recorded by the organiser: it is shown from the start.
 */
export type SessionIssueView = ShownSessionIssue | CountedSessionIssue;

/** Ended without being taken up: counted on a session's page, never shown. */
const NOT_TAKEN_UP: ReadonlySet<State> = new Set(["rejected", "withdrawn", "duplicate"]);

export interface ShownSessionIssue {
  shown: true;
  title: string;
  category: { id: string; vi: string; en: string };
  /** `session`: raised in the hall; `before`: sent beforehand naming the session. */
  raisedAt: "session" | "before";
  status: State;
  statusLabel: Bilingual;
  answer?: { text: string; at: string; by: string; inHall: boolean };
}

/**
 * A sensitive issue (or one not yet accepted, or not taken up), as the session's counts need it: how it was raised and
 * answered, nothing of what it says.
 */
export interface CountedSessionIssue {
  shown: false;
  raisedAt: "session" | "before";
  answered?: "hall" | "later";
}

export function sessionIssueFor(petition: Petition, config: Config): SessionIssueView {
  const raisedAt = petition.raisedAt ?? "before";
  const view = petitionFor("public", petition, [], config);
  const unscreened = raisedAt === "before" && (petition.status === "screening" || petition.status === "needs_info");
  // The public view places a petition (its category, its answer) only when it is not sensitive: the same rule here.
  if (isSensitive(petition, config) || !view.category || unscreened || NOT_TAKEN_UP.has(petition.status)) {
    const answer = petition.answer;
    return { shown: false, raisedAt, ...(answer ? { answered: answer.inHall ? "hall" : "later" } : {}) };
  }
  const inHall = petition.answer?.inHall;
  return {
    shown: true,
    title: petition.title,
    category: view.category,
    raisedAt,
    status: view.status,
    statusLabel: view.statusLabel,
    ...(view.answer
      ? {
          answer: {
            text: view.answer.text,
            at: view.answer.at,
            by: inHall?.by ?? view.answer.agency,
            inHall: inHall !== undefined,
          },
        }
      : {}),
  };
}

/** Where a commitment stands on a Vietnam day: done on time or late, open past its due day (overdue), or open. */
export type CommitmentStanding = "kept" | "late" | "overdue" | "open";

export function commitmentStanding(
  c: Pick<Commitment, "status" | "due" | "onTime" | "doneAt">,
  today: string,
): CommitmentStanding {
  if (c.status === "done") {
    // `onTime` is set when it is marked done; a commitment done before that field was written is read off its day.
    const onTime = c.onTime ?? (c.doneAt === undefined || vietnamDay(new Date(c.doneAt)) <= c.due);
    return onTime ? "kept" : "late";
  }
  return c.due < today ? "overdue" : "open";
}

/**
 * A commitment as the session's public page shows it: what, which agency, by when, how far along, the agency's last
 * note (its words are public: shared/sessions/model.ts), and where it stands today. A commitment on a sensitive
 * issue is part of it: only counted (`shown: false`), by the same rule as its issue (`sessionIssueFor`).
 */
export type SessionCommitmentView =
  | {
      shown: true;
      n: number;
      what: string;
      agency: { id: string; name: string };
      due: string;
      percent: number;
      note?: { text: string; at?: string };
      doneAt?: string;
      standing: CommitmentStanding;
    }
  | { shown: false; standing: CommitmentStanding };

export function sessionCommitmentFor(
  c: Commitment,
  petition: Petition,
  config: Config,
  today: string,
): SessionCommitmentView {
  const standing = commitmentStanding(c, today);
  if (!sessionIssueFor(petition, config).shown) return { shown: false, standing };
  return {
    shown: true,
    n: c.n,
    what: c.what,
    agency: { id: c.agency, name: agencyName(config, c.agency) },
    due: c.due,
    percent: c.percent,
    ...(c.note ? { note: { text: c.note, ...(c.reportedAt ? { at: c.reportedAt } : {}) } } : {}),
    ...(c.doneAt ? { doneAt: c.doneAt } : {}),
    standing,
  };
}
