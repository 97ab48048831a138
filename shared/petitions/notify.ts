import type { ConfigHelpers } from "../config/config.ts";
import type { Config } from "../config/schema.ts";
import { now } from "../platform/clock.ts";
import type { TransactItem } from "../platform/dynamo.ts";
import { mailItem } from "../platform/outbox.ts";
import { type IssuedToken, issueToken } from "../platform/tokens.ts";
import { type Alarm, overseerAt } from "./alarms.ts";
import { digestMail, type MailContext, type PetitionMailKind, petitionMail } from "./mails.ts";
import { type HistoryEntry, type Petition, recipientsFor, unitStaff } from "./petition.ts";
import { ASSIGNEE, FINAL, type Informed, type Role, type State, type Transition } from "./workflow.ts";

/**
 * Who hears about a transition, with which link: the tokens and outbox mails to write in the transition's
 * own transaction, which the petition's version condition lets commit once: each recipient gets at most one
 * mail of a kind per transition.
 */

export const TOKEN_KINDS = {
  step: "petition-step",
  petitioner: "petitioner",
  officer: "officer",
  /** A leader's link to her unit's on-time report (shared/reports/service.ts). */
  leader: "leader",
} as const;

export interface PlanInput {
  /** The petition after the transition. */
  petition: Petition;
  /** Before it (absent on submission). */
  before?: Petition;
  transition?: Transition;
  /** The transition's history entry: mails show its note to whoever's view includes it. */
  entry?: HistoryEntry;
  /** The union officer who moved it on (a screener accepting, an approver forwarding): staff mails' Reply-To. */
  sentOnBy?: string;
  config: Config;
  baseUrl: string;
  /** On submission: whether her receipt goes (today's receipts to the address), and whether the address answered. */
  receipt?: Receipt;
}

export interface Receipt {
  send: boolean;
  addressSeen: boolean;
}

const days = (n: number) => new Date(now().getTime() + n * 86_400_000);

const PETITIONER_MAIL: Partial<Record<State, PetitionMailKind>> = {
  needs_info: "needs-info",
  rejected: "rejected",
  forwarded: "forwarded",
  answered: "answered",
  duplicate: "duplicate",
};

/** The staff role that asked for information (and answers for a woman without e-mail). */
export const askerRole = (p: Pick<Petition, "askedBy">): Role => (p.askedBy === "approval" ? "approver" : "screener");

/** The items of one transition's notifications, and the ways to add to them. */
class Plan {
  readonly items: TransactItem[] = [];
  constructor(readonly input: PlanInput) {}

  get petition() {
    return this.input.petition;
  }

  send(
    kind: PetitionMailKind,
    to: string,
    role: Role | "officer",
    tokens: { action?: IssuedToken; intake?: IssuedToken } = {},
    alarm?: MailAlarm,
    undelivered?: MailContext["undelivered"],
  ) {
    const { petition, config, baseUrl } = this.input;
    const mail = petitionMail({
      kind,
      petition,
      config,
      to,
      role,
      baseUrl,
      // The mail holds references; the notifier puts the tokens in when it sends (shared/platform/tokens.ts).
      actionToken: tokens.action?.ref,
      intakeToken: tokens.intake?.ref,
      addressSeen: this.input.receipt?.addressSeen,
      entry: this.input.entry,
      ...(alarm ? { alarm } : {}),
      ...(undelivered ? { undelivered } : {}),
    });
    // A staff mail answers to the officer who sent the petition on: an agency replying by e-mail reaches her.
    const replyTo = role !== "petitioner" ? this.input.sentOnBy : undefined;
    const links = [tokens.action, tokens.intake].filter((t) => t !== undefined);
    const about = { trackingCode: petition.trackingCode, stepVersion: petition.stepVersion, role };
    this.items.push(mailItem({ ...mail, ...(replyTo ? { replyTo } : {}), about }, links));
  }

  /** A token written with the mails; its reference goes into the mail's link. */
  token(kind: (typeof TOKEN_KINDS)[keyof typeof TOKEN_KINDS], subject: Record<string, string>, validDays: number) {
    const t = issueToken(kind, subject, days(validDays));
    this.items.push(t.item);
    return t;
  }

  /** A link for this step only: it dies when the step ends. An overseer's names its unit. */
  stepLink(role: Role, email: string, unitId?: string) {
    const p = this.petition;
    const subject = {
      trackingCode: p.trackingCode,
      stepVersion: String(p.stepVersion),
      role,
      email,
      ...(unitId ? { unitId } : {}),
    };
    return this.token(TOKEN_KINDS.step, subject, this.input.config.links.staffDays);
  }
}

/** Whoever must act next gets a link of their own (the screeners also their intake link). */
function assigneeMails(plan: Plan, assignee: Role) {
  const { petition: p, config } = plan.input;
  for (const r of recipientsFor(assignee, p, config)) {
    const intake =
      assignee === "screener"
        ? plan.token(TOKEN_KINDS.officer, { email: r.email, unitId: p.routing.screeningUnit }, config.links.officerDays)
        : undefined;
    const kind = p.status === "returned" ? "returned-to-approver" : "assigned";
    plan.send(kind, r.email, assignee, { action: plan.stepLink(assignee, r.email), intake });
  }
}

/** A woman without e-mail answers a question by phone: the officer who asked enters it for her. */
function infoOnBehalfMails(plan: Plan) {
  const p = plan.petition;
  const role = askerRole(p);
  for (const r of recipientsFor(role, p, plan.input.config)) {
    plan.send("info-on-behalf", r.email, role, { action: plan.stepLink(role, r.email) });
  }
}

/** The petitioner hears of her receipt and every step that concerns her, with her own link while it is open. */
function petitionerMail(plan: Plan, email: string) {
  const { petition: p, before, config } = plan.input;
  const kind = before ? PETITIONER_MAIL[p.status] : "receipt";
  if (!kind || (kind === "receipt" && plan.input.receipt?.send === false)) return;
  // A receipt to an address that has not answered carries no link of hers: a stranger at a mistyped address would
  // read her petition from it (shared/petitions/mails.ts). Her link comes with the first mail a person sends her.
  const linkless = kind === "receipt" && plan.input.receipt?.addressSeen !== true;
  const action =
    FINAL.has(p.status) || linkless
      ? undefined
      : plan.token(TOKEN_KINDS.petitioner, { trackingCode: p.trackingCode }, config.links.petitionerDays);
  plan.send(kind, email, "petitioner", { action });
}

/** Whoever held the petition hears that she withdrew it, or that the unit above moved it out of their hands. */
function previousHolderMails(plan: Plan, before: Petition) {
  const role = before.status === "needs_info" ? askerRole(before) : ASSIGNEE[before.status];
  if (!role || role === "petitioner") return;
  const kind = plan.petition.status === "withdrawn" ? "withdrawn-notice" : "step-moved";
  for (const r of recipientsFor(role, before, plan.input.config)) plan.send(kind, r.email, role);
}

/** The step's holder gets the unit above's word, with a link to the step (theirs still works; this one too). */
function holderMails(plan: Plan, kind: PetitionMailKind, alarm?: MailAlarm) {
  const { petition: p, config } = plan.input;
  const role = ASSIGNEE[p.status];
  if (!role || role === "petitioner") return;
  for (const r of recipientsFor(role, p, config)) {
    plan.send(kind, r.email, role, { action: plan.stepLink(role, r.email) }, alarm);
  }
}

/**
 * "Was your issue resolved?": to her, with her link (its page has the three answers); a woman without e-mail is asked
 * by the commune union's officer, whose link records her answer.
 */
function verdictAskMails(plan: Plan) {
  const { petition: p, config } = plan.input;
  if (p.petitioner.email) {
    const action = plan.token(TOKEN_KINDS.petitioner, { trackingCode: p.trackingCode }, config.links.petitionerDays);
    plan.send("verdict-ask", p.petitioner.email, "petitioner", { action });
    return;
  }
  for (const r of recipientsFor("screener", p, config)) {
    plan.send("verdict-ask-officer", r.email, "screener", { action: plan.stepLink("screener", r.email) });
  }
}

/** Closed with no word from her: she and the commune union are told (no link: there is nothing left to do). */
function autoClosedMails(plan: Plan) {
  const { petition: p, config } = plan.input;
  if (p.petitioner.email) plan.send("auto-closed", p.petitioner.email, "petitioner");
  for (const r of recipientsFor("screener", p, config)) plan.send("auto-closed-notice", r.email, "screener");
}

/** What a reminder or escalation mail says of its alarm: the deadline, and for an escalation whom it reached. */
export interface MailAlarm {
  alarm: Alarm;
  /** The unit an escalation reached (absent: nobody above the holder, who is told it is overdue). */
  unitName?: string;
}

/**
 * A reminder to the step's holder, or an escalation: to the approvers of the unit above at the alarm's level, each
 * with a link to nudge, re-route or take the step over; with nobody above, to the holder, as overdue.
 */
export function alarmItems(
  input: Pick<PlanInput, "petition" | "config" | "baseUrl">,
  helpers: ConfigHelpers,
  alarm: Alarm,
): { items: TransactItem[]; unitId?: string } {
  const plan = new Plan(input);
  if (alarm.kind === "remind") {
    holderMails(plan, "reminder", { alarm });
    return { items: plan.items };
  }
  if (alarm.kind === "ask") {
    verdictAskMails(plan);
    return { items: plan.items };
  }
  if (alarm.kind === "close") {
    autoClosedMails(plan);
    return { items: plan.items };
  }
  const unit = overseerAt(input.petition, helpers, alarm.n);
  if (!unit) {
    holderMails(plan, "overdue", { alarm });
    return { items: plan.items };
  }
  for (const r of unitStaff(unit, "approver")) {
    plan.send(
      "escalated",
      r.email,
      "overseer",
      { action: plan.stepLink("overseer", r.email, unit.id) },
      {
        alarm,
        unitName: unit.name,
      },
    );
  }
  return { items: plan.items, unitId: unit.id };
}

/** Every token and mail one transition (or the submission, without `before`) causes, from the workflow table. */
export function notificationItems(input: PlanInput): TransactItem[] {
  const { petition: p, before, transition } = input;
  const plan = new Plan(input);
  // A new step is a new step version: a re-route to another agency starts one though the holder's role stays.
  const newStep = !before || p.stepVersion !== before.stepVersion;
  const assignee = ASSIGNEE[p.status];
  const told = (who: Informed) => transition?.inform.includes(who) === true;

  if (newStep && assignee && assignee !== "petitioner") assigneeMails(plan, assignee);
  if (newStep && p.status === "needs_info" && !p.petitioner.email) infoOnBehalfMails(plan);
  const informPetitioner = !before || told("petitioner") || (newStep && assignee === "petitioner");
  if (informPetitioner && p.petitioner.email) petitionerMail(plan, p.petitioner.email);
  if (told("officer") && p.enteredBy) plan.send("officer-answered", p.enteredBy.email, "officer");
  if (told("previousAssignee") && before) previousHolderMails(plan, before);
  if (told("holder")) holderMails(plan, "nudged");
  return plan.items;
}

/**
 * An agency's weekly digest: what it holds, oldest first, the first `rows` each with a link to its step (the tokens
 * are written with the mail).
 */
export function digestItems(d: {
  to: string;
  petitions: readonly Petition[];
  config: Config;
  baseUrl: string;
  rows: number;
}): TransactItem[] {
  const shown = d.petitions.slice(0, d.rows);
  const tokens = shown.map((p) =>
    issueToken(
      TOKEN_KINDS.step,
      { trackingCode: p.trackingCode, stepVersion: String(p.stepVersion), role: "agency", email: d.to },
      days(d.config.links.staffDays),
    ),
  );
  const mail = digestMail({
    to: d.to,
    petitions: shown,
    more: d.petitions.length - shown.length,
    tokens: tokens.map((t) => t.ref),
    config: d.config,
    baseUrl: d.baseUrl,
  });
  return [...tokens.map((t) => t.item), mailItem(mail, tokens)];
}

/** The mails of a step that SES may report undelivered, and that are sent again to the same holder when it does. */
export const RESENDABLE: ReadonlySet<string> = new Set([
  "assigned",
  "returned-to-approver",
  "reminder",
  "overdue",
  "nudged",
]);

/**
 * A step's mail bounced for good (shared/petitions/mail-events.ts): the unit above the step (as for a late step: it
 * may re-route or take the step over) is told that the petition has reached nobody; with nobody above, the commune
 * union. `address` is the holder's address as configured (a staff or agency address, never hers).
 */
export function undeliveredItems(
  input: Pick<PlanInput, "petition" | "config" | "baseUrl">,
  helpers: ConfigHelpers,
  bounced: { address: string; holder: string },
): TransactItem[] {
  const plan = new Plan(input);
  const unit = overseerAt(input.petition, helpers, 1);
  if (unit) {
    for (const r of unitStaff(unit, "approver")) {
      const action = plan.stepLink("overseer", r.email, unit.id);
      plan.send("undelivered", r.email, "overseer", { action }, undefined, bounced);
    }
    return plan.items;
  }
  for (const r of recipientsFor("screener", input.petition, input.config)) {
    plan.send("undelivered", r.email, "screener", {}, undefined, bounced);
  }
  return plan.items;
}

/** Her address bounced: the commune union's officers are told to reach her by phone. */
export function petitionerUnreachableItems(input: Pick<PlanInput, "petition" | "config" | "baseUrl">): TransactItem[] {
  const plan = new Plan(input);
  for (const r of recipientsFor("screener", input.petition, input.config)) {
    plan.send("petitioner-unreachable", r.email, "screener");
  }
  return plan.items;
}

/** A step's mail that bounced for now (a full mailbox, a server down), sent again to the same holder with a fresh link. */
export function resendItems(
  input: Pick<PlanInput, "petition" | "config" | "baseUrl">,
  kind: PetitionMailKind,
  role: Role,
  email: string,
  /** The first mail's Reply-To (the officer who sent the petition on): the resend answers to her too. */
  replyTo?: string,
): TransactItem[] {
  const plan = new Plan({ ...input, ...(replyTo ? { sentOnBy: replyTo } : {}) });
  plan.send(kind, email, role, { action: plan.stepLink(role, email) });
  return plan.items;
}
