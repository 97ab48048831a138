import type { Config } from "../config/schema.ts";
import { now } from "../platform/clock.ts";
import type { TransactItem } from "../platform/dynamo.ts";
import { sha256 } from "../platform/ids.ts";
import { mailItem } from "../platform/outbox.ts";
import { issueToken } from "../platform/tokens.ts";
import { type PetitionMailKind, petitionMail } from "./mails.ts";
import { type Petition, recipientsFor } from "./petition.ts";
import { ASSIGNEE, FINAL, type Role, type State, startsNewStep, type Transition } from "./workflow.ts";

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

export function notificationItems({ petition: p, before, transition, config, baseUrl }: PlanInput): TransactItem[] {
  const items: TransactItem[] = [];
  const send = (
    kind: PetitionMailKind,
    to: string,
    role: Role | "officer",
    tokens: { action?: string; intake?: string } = {},
  ) => {
    const mail = petitionMail({
      kind,
      petition: p,
      config,
      to,
      role,
      baseUrl,
      actionToken: tokens.action,
      intakeToken: tokens.intake,
    });
    items.push(mailItem(mail, `${p.trackingCode}-v${p.version}-${kind}-${sha256(to).slice(0, 16)}`));
  };
  const stepLink = (role: Role, email: string) => {
    const t = issueToken(
      TOKEN_KINDS.step,
      { trackingCode: p.trackingCode, stepVersion: String(p.stepVersion), role, email },
      days(config.links.staffDays),
    );
    items.push(t.item);
    return t.token;
  };
  const newStep = !before || startsNewStep(before.status, p.status);
  const assignee = ASSIGNEE[p.status];

  // Whoever must act next gets a link of their own.
  if (newStep && assignee && assignee !== "petitioner") {
    for (const r of recipientsFor(assignee, p, config)) {
      let intake: string | undefined;
      if (assignee === "screener") {
        const unitId = p.routing.screeningUnit;
        const t = issueToken(TOKEN_KINDS.officer, { email: r.email, unitId }, days(config.links.officerDays));
        items.push(t.item);
        intake = t.token;
      }
      send(p.status === "returned" ? "returned-to-approver" : "assigned", r.email, assignee, {
        action: stepLink(assignee, r.email),
        intake,
      });
    }
  }
  // A woman without e-mail answers a question by phone: the officer who asked enters it for her.
  if (newStep && p.status === "needs_info" && !p.petitioner.email) {
    const role = askerRole(p);
    for (const r of recipientsFor(role, p, config))
      send("info-on-behalf", r.email, role, { action: stepLink(role, r.email) });
  }
  // The petitioner hears of her receipt and every step that concerns her, with her own link while it is open.
  const informPetitioner =
    !before || transition?.inform.includes("petitioner") || (newStep && assignee === "petitioner");
  if (informPetitioner && p.petitioner.email) {
    const kind = before ? PETITIONER_MAIL[p.status] : "receipt";
    if (kind) {
      let action: string | undefined;
      if (!FINAL.has(p.status)) {
        const t = issueToken(
          TOKEN_KINDS.petitioner,
          { trackingCode: p.trackingCode },
          days(config.links.petitionerDays),
        );
        items.push(t.item);
        action = t.token;
      }
      send(kind, p.petitioner.email, "petitioner", { action });
    }
  }
  if (transition?.inform.includes("officer") && p.enteredBy) send("officer-answered", p.enteredBy.email, "officer");
  if (transition?.inform.includes("previousAssignee") && before) {
    const role = before.status === "needs_info" ? askerRole(before) : ASSIGNEE[before.status];
    if (role && role !== "petitioner")
      for (const r of recipientsFor(role, before, config)) send("withdrawn-notice", r.email, role);
  }
  return items;
}
