import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { ConfigHelpers } from "../config/config.ts";
import { findEthnicGroup } from "../config/ethnic-groups.ts";
import { GENDERS } from "../config/person.ts";
import type { Config } from "../config/schema.ts";
import { loadConfig } from "../config/store.ts";
import { type EventRecord, getEvent } from "../events/model.ts";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { personText } from "../messages/common.ts";
import { countGroupText } from "../messages/organiser.ts";
import { sessionProblemText } from "../messages/sessions-public.ts";
import {
  type CommitmentStanding,
  type SessionCommitmentView,
  type ShownSessionIssue,
  sessionCommitmentFor,
  sessionIssueFor,
} from "../petitions/audience.ts";
import { commitmentsWithEntries } from "../petitions/commitments-read.ts";
import type { Petition } from "../petitions/petition.ts";
import { now } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { db, inParallel, tableName } from "../platform/dynamo.ts";
import { notFound } from "../platform/errors.ts";
import type { Registration } from "../registration/model.ts";
import { attendanceCounts, eventRegistrations } from "../registration/roster.ts";
import { SMALL_GROUP } from "../reports/leaders.ts";
import type { Commitment, SessionRecord } from "./model.ts";
import { sessionIssues } from "./read.ts";

/**
 * A dialogue session's public follow-up (`GET /sessions/{eventId}`): what was raised, what was answered in the hall
 * and after, what was promised and whether it was kept — for the women who came, and anyone they show it to. One view
 * model, which the page (./public-page.ts) and the JSON answer both render, so neither can show more than the other.
 *
 * It never carries personal data. Who took part is counted from check-in, by gender and by consented ethnicity: a
 * group of fewer than `SMALL_GROUP` people is only "fewer than 3" (the leaders' report's rule), and a larger one is
 * withheld beside it when the total would still tell its number (`guarded`), so nobody is singled out by a count.
 * What each issue and commitment shows is decided by shared/petitions/audience.ts (`sessionIssueFor`,
 * `sessionCommitmentFor`): a sensitive issue and its commitments are counted, never shown.
 */

/**
 * People of one group, or no number when it could point at someone: `suppressed` when they are fewer than
 * `SMALL_GROUP`, `withheld` when a larger group is kept back so that a small one cannot be worked out (`guarded`).
 */
export interface PeopleCount {
  /** A gender ("female"…), an ethnic group's code, or "not_stated". */
  id: string;
  /** An ethnic group's name (genders are named by the page, in its language). */
  name?: string;
  people?: number;
  suppressed?: true;
  withheld?: true;
}

/** A commitment as the page lists it (under its issue). */
export type PublicCommitment = Omit<Extract<SessionCommitmentView, { shown: true }>, "shown">;

/** An issue as the page lists it, with its commitments. */
export type PublicIssue = Omit<ShownSessionIssue, "shown"> & { commitments: PublicCommitment[] };

export interface SessionPublicView {
  session: {
    id: string;
    title: string;
    venue: string;
    startsAt: string;
    endsAt: string;
    commune: { id: string; name: string };
  };
  /** The Vietnam day the standings are reckoned on (overdue: open, and due before it). */
  today: string;
  /** The threshold below which a group of people is not counted out loud. */
  smallGroup: number;
  attendance: {
    /**
     * Checked in at the door, walk-ins included: absent when, given with the groups, it would tell a small group's
     * number (a session of fewer than `smallGroup`, mostly).
     */
    checkedIn?: number;
    /** What the organiser counted in the hall, when she recorded it (more may come than check in). */
    counted?: number;
    gender: PeopleCount[];
    ethnicity: PeopleCount[];
  };
  summary: {
    /** Every issue, protected ones included. */
    raised: number;
    answeredInHall: number;
    answeredLater: number;
    /** Sensitive issues: counted in these figures, not listed. */
    protected: number;
    commitments: number;
  } & Record<CommitmentStanding, number>;
  /** The issues shown, in the order they were raised. */
  issues: PublicIssue[];
}

export interface SessionInputs {
  event: Pick<EventRecord, "id" | "title" | "venue" | "area" | "startsAt" | "endsAt">;
  registrations: readonly Registration[];
  record?: Pick<SessionRecord, "attendanceCounted">;
  /** The session's issues: the petitions its issue pointers name. */
  petitions: readonly Petition[];
  /** Their commitments (not their progress entries). */
  commitments: readonly Commitment[];
  config: Config;
  helpers: ConfigHelpers;
  today: string;
}

const NOT_STATED = "not_stated";

/** The roster's counts name a gender in Vietnamese (`attendanceCounts`): back to its id, for the JSON and the page. */
const GENDER_OF_NAME = new Map<string, string>(GENDERS.map((g) => [personText.vi.genders[g], g]));

const sizeOf = (a: { registered: number; walkIns: number; waitlisted: number }) =>
  a.registered + a.walkIns + a.waitlisted;

/** A group as counted, before the page decides which numbers it may give. */
interface Group {
  id: string;
  name?: string;
  people: number;
}

/**
 * Whether no suppressed group's number can be worked out from the rest: `suppressed` groups of 1 to `SMALL_GROUP` - 1
 * and `withheld` ones of at least `SMALL_GROUP` hold `hidden` people together (the total less what is shown). A
 * suppressed group's possible numbers form a range; it must hold two numbers at least.
 */
function undecidable(hidden: number, suppressed: number, withheld: number): boolean {
  if (suppressed === 0) return true;
  const othersLeast = suppressed - 1 + SMALL_GROUP * withheld;
  const othersMost = withheld > 0 ? Number.POSITIVE_INFINITY : (SMALL_GROUP - 1) * (suppressed - 1);
  const low = Math.max(1, hidden - othersMost);
  const high = Math.min(SMALL_GROUP - 1, hidden - othersLeast);
  return high - low >= 1;
}

/**
 * A dimension's groups as the page may count them. A group of fewer than `SMALL_GROUP` is only `suppressed` (the
 * leaders' report's rule, shared/reports/leaders.ts). But the total is shown too, so that alone does not hide it: one
 * small group is the total less the others; two groups of 1 are the only way to make 2. So the smallest other groups
 * are `withheld` beside them until their numbers cannot be worked out; when even that is not enough (a session of
 * fewer than `SMALL_GROUP`), `totalShown` is false and the page does not give the total.
 */
function guarded(groups: readonly Group[]) {
  const small = groups.filter((g) => g.people > 0 && g.people < SMALL_GROUP);
  const larger = groups.filter((g) => g.people >= SMALL_GROUP).sort((a, b) => a.people - b.people);
  const withheld: Group[] = [];
  let hidden = small.reduce((n, g) => n + g.people, 0);
  for (const g of larger) {
    if (undecidable(hidden, small.length, withheld.length)) break;
    withheld.push(g);
    hidden += g.people;
  }
  const counts: PeopleCount[] = groups.map((g) => ({
    id: g.id,
    ...(g.name ? { name: g.name } : {}),
    ...(small.includes(g)
      ? { suppressed: true as const }
      : withheld.includes(g)
        ? { withheld: true as const }
        : { people: g.people }),
  }));
  return { counts, totalShown: undecidable(hidden, small.length, withheld.length) };
}

/**
 * Who took part, from check-in: the roster's counts (`attendanceCounts`) of the registrations checked in. Every
 * gender is listed, even with nobody (a zero points at no one); ethnic groups only when someone gave hers, largest
 * first, "not stated" last.
 */
function attendanceOf(registrations: readonly Registration[], helpers: ConfigHelpers) {
  const came = registrations.filter((r) => r.checkedInAt !== undefined && r.status !== "cancelled");
  const counts = attendanceCounts(came, helpers);
  const byGender = new Map(counts.by.gender.map(([name, a]) => [GENDER_OF_NAME.get(name) ?? name, sizeOf(a)]));
  const genders = [...GENDERS, ...[...byGender.keys()].filter((g) => !(GENDERS as readonly string[]).includes(g))];
  const groups = counts.by.ethnicity.map(([name, a]) => {
    const group = name === countGroupText.notGiven ? undefined : findEthnicGroup(name);
    return group ? { id: group.code, name: group.name, people: sizeOf(a) } : { id: NOT_STATED, people: sizeOf(a) };
  });
  const gender = guarded(genders.map((id) => ({ id, people: byGender.get(id) ?? 0 })));
  const ethnicity = guarded([
    ...groups.filter((g) => g.id !== NOT_STATED),
    ...groups.filter((g) => g.id === NOT_STATED),
  ]);
  return {
    ...(gender.totalShown && ethnicity.totalShown ? { checkedIn: sizeOf(counts.total) } : {}),
    gender: gender.counts,
    ethnicity: ethnicity.counts,
  };
}

/** The session's follow-up from what was read: pure, so a test builds it from hand-made items. */
export function sessionView(inputs: SessionInputs): SessionPublicView {
  const { event, config, helpers, today } = inputs;
  const byCode = new Map<string, Commitment[]>();
  for (const c of [...inputs.commitments].sort((a, b) => a.n - b.n)) {
    byCode.set(c.trackingCode, [...(byCode.get(c.trackingCode) ?? []), c]);
  }
  const summary: SessionPublicView["summary"] = {
    raised: 0,
    answeredInHall: 0,
    answeredLater: 0,
    protected: 0,
    commitments: 0,
    kept: 0,
    late: 0,
    overdue: 0,
    open: 0,
  };
  const issues: PublicIssue[] = [];
  const petitions = [...inputs.petitions].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.trackingCode.localeCompare(b.trackingCode),
  );
  for (const petition of petitions) {
    const issue = sessionIssueFor(petition, config);
    summary.raised++;
    const answered = issue.shown ? issue.answer && (issue.answer.inHall ? "hall" : "later") : issue.answered;
    if (answered === "hall") summary.answeredInHall++;
    if (answered === "later") summary.answeredLater++;
    const commitments: PublicCommitment[] = [];
    for (const c of byCode.get(petition.trackingCode) ?? []) {
      const view = sessionCommitmentFor(c, petition, config, today);
      summary.commitments++;
      summary[view.standing]++;
      if (view.shown) {
        const { shown: _, ...shown } = view;
        commitments.push(shown);
      }
    }
    if (issue.shown) {
      const { shown: _, ...shown } = issue;
      issues.push({ ...shown, commitments });
    } else summary.protected++;
  }
  const hallCount = inputs.record?.attendanceCounted;
  return {
    session: {
      id: event.id,
      title: event.title,
      venue: event.venue,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      commune: { id: event.area, name: helpers.area(event.area)?.name ?? event.area },
    },
    today,
    smallGroup: SMALL_GROUP,
    attendance: {
      ...attendanceOf(inputs.registrations, helpers),
      ...(hallCount === undefined ? {} : { counted: hallCount }),
    },
    summary,
    issues,
  };
}

/** A configuration id (events are named by one): anything else names no session, and is not looked up. */
const EVENT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

const noSuchSession = () => notFound(both(sessionProblemText, "noSuchSession"));

/** Reads the session and everything its page shows; 404 for an unknown event or one that is not a dialogue. */
export async function loadSessionView(eventId: string): Promise<SessionPublicView> {
  if (!EVENT_ID.test(eventId)) throw noSuchSession();
  const event = await getEvent(eventId);
  if (event?.kind !== "dialogue") throw noSuchSession();
  const [{ config, helpers }, registrations, petitions, record] = await Promise.all([
    loadConfig(),
    eventRegistrations(eventId),
    sessionIssues(eventId, false),
    db()
      .send(new GetCommand({ TableName: tableName(), Key: keys.sessionRecord(eventId) }))
      .then((out) => out.Item as SessionRecord | undefined),
  ]);
  const withCommitments = petitions.filter((p) => (p.commitmentCount ?? 0) > 0);
  const commitments = (await inParallel(withCommitments, 8, (p) => commitmentsWithEntries(p.trackingCode, false)))
    .flat()
    .map((c) => c.commitment);
  return sessionView({
    event,
    registrations,
    ...(record ? { record } : {}),
    petitions,
    commitments,
    config,
    helpers,
    today: vietnamDay(now()),
  });
}
