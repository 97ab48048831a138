import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { ConfigHelpers } from "../config/config.ts";
import type { EthnicGroup } from "../config/ethnic-groups.ts";
import type { Gender } from "../config/person.ts";
import type { Agency, Config, Unit } from "../config/schema.ts";
import { keys, queries } from "../keys.ts";
import { actorText } from "../messages/petitions.ts";
import { db, queryAll, tableName } from "../platform/dynamo.ts";
import type { Lang } from "../platform/i18n.ts";
import type { Deadline } from "./deadlines.ts";
import type { Action, Role, State } from "./workflow.ts";

/** A petition (kiến nghị) and where it stands. Identified by its tracking code. */
export interface Petition {
  trackingCode: string;
  status: State;
  /** Bumped by every transition; the transition's condition, so two people cannot both act. */
  version: number;
  /** The version at which the current step began: links for this step carry it, and die with it. */
  stepVersion: number;
  /** While `needs_info`: which step asked, and so where the answer goes back to. */
  askedBy?: "screening" | "approval";
  title: string;
  content: string;
  category: string;
  commune: string;
  village?: string;
  petitioner: {
    fullName: string;
    /** Absent only for an issue raised for a group at a session (`raisedBy: "group"`). */
    phone?: string;
    email?: string;
    gender?: Gender;
    ethnicity?: EthnicGroup;
    ethnicityConsentAt?: string;
  };
  onBehalfOf?: string;
  /** The dialogue session it was raised at or named for (shared/sessions/). */
  eventId?: string;
  /** `session`: raised in the hall, entered from the organiser's record; `before`: sent beforehand naming it. */
  raisedAt?: "session" | "before";
  /**
   * `group`: raised for "a group of women of village X" by a woman who did not want her name written: the petitioner
   * is that label, with no phone or address (nobody to tell).
   */
  raisedBy?: "woman" | "group";
  /** Commitments its answers carried (shared/petitions/commitments.ts): items of their own in its partition. */
  commitmentCount?: number;
  /** Whether the agency may see who she is (false by default for sensitive categories). */
  shareIdentityWithAgency: boolean;
  lang: Lang;
  consentAt: string;
  consentVersion: string;
  /** A union officer who entered it on the woman's behalf. */
  enteredBy?: { name: string; email: string; unitId: string };
  routing: { screeningUnit: string; approvingUnit: string; agency: string };
  /** The latest question asked of the petitioner, the answer, the reasons: shown on her pages. */
  infoRequest?: { question: string; at: string };
  /** `inHall`: answered on the spot at the session, by the leader named (a title: "Chủ tịch UBND xã"). */
  answer?: { text: string; at: string; agency: string; inHall?: { by: string } };
  rejection?: { reason: string; at: string };
  returnReason?: string;
  duplicateOf?: string;
  createdAt: string;
  updatedAt: string;
  stepStartedAt: string;
  /** The current step's deadline, fixed when the step started (shared/petitions/deadlines.ts); none while with her. */
  deadline?: Deadline;
  /**
   * Her own word on the answer, asked some weeks after it ("was your issue resolved?"): from her link, or entered
   * by the officer for a woman without e-mail. The leaders' report counts it against the agency that answered.
   */
  verdict?: { answer: Verdict; at: string; by: "petitioner" | "officer" };
  /** Her personal data was erased (shared/rights/): the petition stays, anonymous, for the counts. */
  erasedAt?: string;
}

export type Verdict = "resolved" | "not_resolved" | "not_yet";

/** What the deadline sweeper records (shared/petitions/sweep.ts): a reminder to the holder, an escalation above. */
export type AlarmAction = "remind" | "escalate" | "ask" | "auto_close";

/** One line of the record: who did what, when, with what note. */
export interface HistoryEntry {
  version: number;
  at: string;
  action: Action | "submit" | AlarmAction;
  /** `system`: the deadline sweeper (a reminder, an escalation). */
  role: Role | "system";
  /** Display name: a staff member's name, an agency, "the petitioner" or the officer who entered it. */
  actor: string;
  from?: State;
  to: State;
  note?: string;
  /**
   * The writer of a Union note ticked "the agency may see this" (actions with an `agencyMaySee` box): without it a
   * Union note stays with the Union (shared/petitions/audience.ts).
   */
  agencyMaySee?: boolean;
  /**
   * The step this transition ended, against its deadline: recorded when it ends, so on-time figures never drift when
   * rules or calendars change later.
   */
  ended?: { step: Deadline["step"]; due: string; onTime: boolean };
  /** The agency the petition went to, on the entries that send it to one (a forward, a re-route). */
  agency?: string;
  /** The union unit an escalation reached. */
  escalatedTo?: string;
}

export async function getPetition(trackingCode: string, consistent = true): Promise<Petition | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.petition(trackingCode), ConsistentRead: consistent }),
  );
  return out.Item as Petition | undefined;
}

export function getHistory(trackingCode: string): Promise<HistoryEntry[]> {
  return queryAll<HistoryEntry>({
    ...queries.petitionHistory(trackingCode),
    ConsistentRead: true,
  });
}

/** Who a petition goes to, from configuration: the commune's unit, the nearest unit above, the category's agency. */
export function routePetition(helpers: ConfigHelpers, config: Config, commune: string, category: string) {
  const screening = helpers.screeningUnit(commune);
  const approving = helpers.approvingUnit(commune);
  const agency = config.categories.find((c) => c.id === category)?.agency;
  // parseConfig guarantees all three for every commune and category; this only guards a stale petition.
  if (!screening || !approving || !agency) throw new Error(`no route for ${category} in ${commune}`);
  return { screeningUnit: screening.id, approvingUnit: approving.id, agency };
}

export interface Recipient {
  email: string;
  name: string;
}

/** An agency's address for this petition: one per commune when the address names `{area}`. */
export function agencyAddress(agency: Agency, commune: string): string {
  return agency.email.replace("{area}", commune);
}

export function unitStaff(unit: Unit | undefined, role: "screener" | "approver"): Recipient[] {
  return (unit?.staff ?? []).filter((s) => s.role === role).map((s) => ({ email: s.email, name: s.name }));
}

/** Everyone who acts for `role` on this petition now. */
export function recipientsFor(role: Role, petition: Petition, config: Config): Recipient[] {
  const unit = (id: string) => config.womensUnion.units.find((u) => u.id === id);
  switch (role) {
    case "screener":
      return unitStaff(unit(petition.routing.screeningUnit), "screener");
    case "approver":
      return unitStaff(unit(petition.routing.approvingUnit), "approver");
    case "agency": {
      const agency = config.agencies.find((a) => a.id === petition.routing.agency);
      return agency ? [{ email: agencyAddress(agency, petition.commune), name: agency.name }] : [];
    }
    case "petitioner":
      return petition.petitioner.email
        ? [{ email: petition.petitioner.email, name: petition.petitioner.fullName }]
        : [];
    case "overseer":
      // Whoever an escalation reached: a unit above the step, named by the escalation (shared/petitions/alarms.ts).
      return [];
    case "organiser":
      // The session's organiser acts from her own organiser link (shared/sessions/), never from a petition's.
      return [];
  }
}

/** The name shown in the history for someone acting from a link. */
export function actorName(role: Role, email: string | undefined, petition: Petition, config: Config): string {
  if (role === "petitioner") return actorText[petition.lang].petitioner;
  const found =
    recipientsFor(role, petition, config).find((r) => r.email === email) ??
    config.womensUnion.units.flatMap((u) => u.staff).find((s) => s.email === email);
  return found?.name ?? email ?? role;
}

/**
 * A petition whose very existence is hers to keep: its category is sensitive in the configuration (violence), or she
 * chose to hide who she is from the agency (she judged it so, whatever the category). Anyone holding its code sees
 * only where it stands (shared/petitions/audience.ts), and no other petition may be pointed to it as a duplicate.
 */
export function isSensitive(petition: Pick<Petition, "category" | "shareIdentityWithAgency">, config: Config): boolean {
  const category = config.categories.find((c) => c.id === petition.category);
  return category?.sensitive === true || !petition.shareIdentityWithAgency;
}
