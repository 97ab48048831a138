import type { Config } from "../config/schema.ts";
import { now } from "../platform/clock.ts";
import type { TransactItem } from "../platform/dynamo.ts";
import { sha256 } from "../platform/ids.ts";
import { mailItem } from "../platform/outbox.ts";
import { issueToken } from "../platform/tokens.ts";
import { type PetitionMailKind, petitionMail } from "./mails.ts";
import { type Petition, recipientsFor } from "./petition.ts";
import { ASSIGNEE, FINAL, type Informed, type Role, type State, startsNewStep, type Transition } from "./workflow.ts";

/**
 * Who hears about a transition, with which link: the tokens and outbox mails to write in the transition's
 * own transaction. Mail ids are derived from petition, version, recipient and kind, so each recipient gets
 * at most one mail of a kind per transition.
 */

export const TOKEN_KINDS = { step: "petition-step", petitioner: "petitioner", officer: "officer" } as const;

export interface PlanInput {
  /** The petition after the transition. */
  petition: Petition;
  /** Before it (absent on submission). */
  before?: Petition;
  transition?: Transition;
  config: Config;
  baseUrl: string;
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

  send(kind: PetitionMailKind, to: string, role: Role | "officer", tokens: { action?: string; intake?: string } = {}) {
    const { petition, config, baseUrl } = this.input;
    const mail = petitionMail({
      kind,
      petition,
      config,
      to,
      role,
      baseUrl,
      actionToken: tokens.action,
      intakeToken: tokens.intake,
    });
    this.items.push(mailItem(mail, `${petition.trackingCode}-v${petition.version}-${kind}-${sha256(to).slice(0, 16)}`));
  }

  /** A token written with the mails; its value goes into the mail's link. */
  token(kind: (typeof TOKEN_KINDS)[keyof typeof TOKEN_KINDS], subject: Record<string, string>, validDays: number) {
    const t = issueToken(kind, subject, days(validDays));
    this.items.push(t.item);
    return t.token;
  }

  /** A link for this step only: it dies when the step ends. */
  stepLink(role: Role, email: string) {
    const p = this.petition;
    const subject = { trackingCode: p.trackingCode, stepVersion: String(p.stepVersion), role, email };
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
  if (!kind) return;
  const action = FINAL.has(p.status)
    ? undefined
    : plan.token(TOKEN_KINDS.petitioner, { trackingCode: p.trackingCode }, config.links.petitionerDays);
  plan.send(kind, email, "petitioner", { action });
}

/** Whoever held the petition hears that she withdrew it. */
function withdrawnMails(plan: Plan, before: Petition) {
  const role = before.status === "needs_info" ? askerRole(before) : ASSIGNEE[before.status];
  if (!role || role === "petitioner") return;
  for (const r of recipientsFor(role, before, plan.input.config)) plan.send("withdrawn-notice", r.email, role);
}

/** Every token and mail one transition (or the submission, without `before`) causes, from the workflow table. */
export function notificationItems(input: PlanInput): TransactItem[] {
  const { petition: p, before, transition } = input;
  const plan = new Plan(input);
  const newStep = !before || startsNewStep(before.status, p.status);
  const assignee = ASSIGNEE[p.status];
  const told = (who: Informed) => transition?.inform.includes(who) === true;

  if (newStep && assignee && assignee !== "petitioner") assigneeMails(plan, assignee);
  if (newStep && p.status === "needs_info" && !p.petitioner.email) infoOnBehalfMails(plan);
  const informPetitioner = !before || told("petitioner") || (newStep && assignee === "petitioner");
  if (informPetitioner && p.petitioner.email) petitionerMail(plan, p.petitioner.email);
  if (told("officer") && p.enteredBy) plan.send("officer-answered", p.enteredBy.email, "officer");
  if (told("previousAssignee") && before) withdrawnMails(plan, before);
  return plan.items;
}
