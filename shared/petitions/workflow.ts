import * as z from "zod/mini";
import type { Config } from "../config/config.ts";
import { both } from "../messages/catalogue.ts";
import { type ActionFieldLabel, actionProblemText } from "../messages/petitions.ts";
import { ValidationError } from "../platform/errors.ts";
import { line, optionalLine, paragraph } from "../platform/validation.ts";
import { agencyName } from "./labels.ts";
import type { Petition } from "./petition.ts";
import { displayCode, parseTrackingCode } from "./tracking.ts";

/**
 * The petition's path (README.md, "The petition's path"), as a table you can read: state × role × action → next state, and who is
 * told. Everything else — the links, the e-mails, the transaction — follows from this table.
 *
 *   screening ──accept──▶ approval ──forward──▶ forwarded ──acknowledge──▶ acknowledged ──answer──▶ answered ──close──▶ closed
 *       │                    │                      │  └──────────answer────────────────────────────▲
 *       │                    │                      └──return──▶ returned ──forward (another agency)──▶ forwarded
 *       ├─request_info─▶ needs_info ──provide_info──▶ back to the step that asked (screening or approval)
 *       ├─reject (reason)─▶ rejected           (the approver can also ask for information or reject)
 *       └─mark_duplicate (other code)─▶ duplicate           withdraw: the petitioner, from any open state
 *
 * A petition is created in `screening` (the history records its submission): "submitted" is the event, not
 * a state anyone waits in.
 */

export const STATES = [
  "screening",
  "needs_info",
  "approval",
  "forwarded",
  "acknowledged",
  "returned",
  "answered",
  "closed",
  "rejected",
  "withdrawn",
  "duplicate",
] as const;
export type State = (typeof STATES)[number];

export type Role = "screener" | "approver" | "agency" | "petitioner";

/** Who hears about a transition besides the next assignee (who always gets a link). */
export type Informed = "petitioner" | "officer" | "previousAssignee";

/** `back` returns to the step that asked for information. */
export type Target = State | "back";

const OPEN: State[] = ["screening", "needs_info", "approval", "forwarded", "acknowledged", "returned"];

/** What the person taking an action types: the page's field and the request's check both come from this. */
export interface ActionField {
  name: "note" | "question" | "info" | "reason" | "answer" | "duplicateOf" | "agency";
  /** `line`: one line; `paragraph`: a text area; `agency`: a choice among the configured agencies. */
  kind: "line" | "paragraph" | "agency";
  max: number;
  required: boolean;
  /** Its label's key in the catalogue (shared/messages/, `actionFields`). */
  label: ActionFieldLabel;
}

/** What an action's effect is given: the petition before, the one being built, the checked fields. */
export interface EffectInput {
  before: Petition;
  /** The petition after the action: the effect sets what the action changes on it. */
  next: Petition;
  fields: Partial<Record<ActionField["name"], string>>;
  at: string;
  config: Config;
  /** Whether another petition with this (stored) tracking code exists: the only thing an effect reads. */
  petitionExists: (trackingCode: string) => Promise<boolean>;
}

/** An action's effect: it changes `next` and returns the note the history keeps (or throws a field error). */
type Effect = (input: EffectInput) => string | undefined | Promise<string | undefined>;

type Rule = readonly [from: State | readonly State[], role: Role, to: Target, alsoTold: readonly Informed[]];

/**
 * An action, declared once: who may take it in which state and where it leads (`rules`: from × role → to, and who
 * else is told), what the person types (`fields`: the page's form field and the request's check), and what it does
 * (`effect`). The page, the validation, the transition and the notifications all read this table.
 */
export interface ActionDeclaration {
  rules: readonly Rule[];
  fields: readonly ActionField[];
  effect: Effect;
}

const optionalNote = (label: ActionFieldLabel = "note", max = 1000): ActionField => ({
  name: "note",
  kind: "line",
  max,
  required: false,
  label,
});
const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(" — ") || undefined;
const problem = (path: ActionField["name"], message: keyof typeof actionProblemText.vi) =>
  new ValidationError([{ path, code: "invalid", message: both(actionProblemText, message) }]);

// biome-ignore format: the rules are aligned so that they read as a table
export const ACTION_TABLE = {
  accept: {
    rules: [["screening", "screener", "approval", []]],
    fields: [optionalNote()],
    effect: ({ fields }) => fields.note,
  },
  forward: {
    rules: [
      ["approval",      "approver",   "forwarded",    ["petitioner"]],
      ["returned",      "approver",   "forwarded",    ["petitioner"]],
    ],
    fields: [
      { name: "agency", kind: "agency", max: 64, required: false, label: "agency" },
      optionalNote("agencyNote"),
    ],
    effect: ({ before, next, fields, config }) => {
      const agency = fields.agency ?? before.routing.agency;
      if (!config.agencies.some((a) => a.id === agency)) {
        throw problem("agency", "noSuchAgency");
      }
      next.routing = { ...before.routing, agency };
      next.returnReason = undefined;
      // The record says where it went, and any note for the agency.
      return joined(agencyName(config, agency), fields.note);
    },
  },
  request_info: {
    rules: [
      ["screening",     "screener",   "needs_info",   ["petitioner"]],
      ["approval",      "approver",   "needs_info",   ["petitioner"]],
    ],
    fields: [{ name: "question", kind: "paragraph", max: 2000, required: true, label: "question" }],
    effect: ({ before, next, fields, at }) => {
      next.askedBy = before.status === "approval" ? "approval" : "screening";
      next.infoRequest = { question: fields.question as string, at };
      return fields.question;
    },
  },
  provide_info: {
    rules: [
      ["needs_info",    "petitioner", "back",         []],
      // A woman without e-mail answers by phone: the officer who asked enters it for her.
      ["needs_info",    "screener",   "back",         []],
      ["needs_info",    "approver",   "back",         []],
    ],
    fields: [{ name: "info", kind: "paragraph", max: 5000, required: true, label: "info" }],
    effect: ({ next, fields }) => {
      next.askedBy = undefined;
      return fields.info;
    },
  },
  reject: {
    rules: [
      ["screening",     "screener",   "rejected",     ["petitioner"]],
      ["approval",      "approver",   "rejected",     ["petitioner"]],
      ["returned",      "approver",   "rejected",     ["petitioner"]],
    ],
    fields: [{ name: "reason", kind: "paragraph", max: 2000, required: true, label: "rejectReason" }],
    effect: ({ next, fields, at }) => {
      next.rejection = { reason: fields.reason as string, at };
      return fields.reason;
    },
  },
  mark_duplicate: {
    rules: [["screening", "screener", "duplicate", ["petitioner"]]],
    fields: [
      { name: "duplicateOf", kind: "line", max: 20, required: true, label: "duplicateOf" },
      optionalNote(),
    ],
    effect: async ({ before, next, fields, petitionExists }) => {
      const other = parseTrackingCode(fields.duplicateOf ?? "");
      if (!other || other === before.trackingCode || !(await petitionExists(other))) {
        throw problem("duplicateOf", "noSuchPetition");
      }
      next.duplicateOf = other;
      return joined(displayCode(other), fields.note);
    },
  },
  acknowledge: {
    rules: [["forwarded", "agency", "acknowledged", []]],
    fields: [optionalNote()],
    effect: ({ fields }) => fields.note,
  },
  answer: {
    rules: [[["forwarded", "acknowledged"], "agency", "answered", ["petitioner", "officer"]]],
    fields: [{ name: "answer", kind: "paragraph", max: 5000, required: true, label: "answer" }],
    effect: ({ before, next, fields, at }) => {
      next.answer = { text: fields.answer as string, at, agency: before.routing.agency };
      return fields.answer;
    },
  },
  return: {
    rules: [[["forwarded", "acknowledged"], "agency", "returned", []]],
    fields: [{ name: "reason", kind: "paragraph", max: 2000, required: true, label: "returnReason" }],
    effect: ({ next, fields }) => {
      next.returnReason = fields.reason;
      return fields.reason;
    },
  },
  close: {
    rules: [["answered", "petitioner", "closed", []]],
    fields: [optionalNote()],
    effect: ({ fields }) => fields.note,
  },
  withdraw: {
    rules: [[OPEN, "petitioner", "withdrawn", ["previousAssignee"]]],
    fields: [{ name: "reason", kind: "line", max: 1000, required: false, label: "withdrawReason" }],
    effect: ({ fields }) => fields.reason,
  },
} as const satisfies Record<string, ActionDeclaration>;

export type Action = keyof typeof ACTION_TABLE;
export const ACTIONS = Object.keys(ACTION_TABLE) as Action[];

export function isAction(value: unknown): value is Action {
  return typeof value === "string" && Object.hasOwn(ACTION_TABLE, value);
}

export interface Transition {
  from: State;
  role: Role;
  action: Action;
  to: Target;
  inform: readonly Informed[];
}

/** Every (state, role, action) the table allows, one row each. */
export const TRANSITIONS: readonly Transition[] = ACTIONS.flatMap((action) =>
  (ACTION_TABLE[action] as ActionDeclaration).rules.flatMap(([from, role, to, inform]) =>
    [from].flat().map((f): Transition => ({ from: f, role, action, to, inform })),
  ),
);

/** What an action's request must carry, built from its fields: the same fields the page shows. */
export function actionInput(action: Action) {
  const shape: Record<string, z.ZodMiniType<string | undefined>> = {};
  for (const f of (ACTION_TABLE[action] as ActionDeclaration).fields) {
    shape[f.name] = f.required ? (f.kind === "paragraph" ? paragraph(f.max) : line(f.max)) : optionalLine(f.max);
  }
  return z.object(shape);
}

/** Run an action's effect: the note the history keeps (or a field error, before anything is written). */
export function applyEffect(action: Action, input: EffectInput): Promise<string | undefined> {
  return Promise.resolve((ACTION_TABLE[action] as ActionDeclaration).effect(input));
}

/** Who must act in a state (the "step"); final states have nobody. */
export const ASSIGNEE: Record<State, Role | undefined> = {
  screening: "screener",
  needs_info: "petitioner",
  approval: "approver",
  forwarded: "agency",
  acknowledged: "agency",
  returned: "approver",
  answered: "petitioner",
  closed: undefined,
  rejected: undefined,
  withdrawn: undefined,
  duplicate: undefined,
};

export const FINAL: ReadonlySet<State> = new Set(["closed", "rejected", "withdrawn", "duplicate"]);

export function transitionFor(from: State, role: Role, action: string): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.role === role && t.action === action);
}

/**
 * The actions a role may take now. At `needs_info`, staff may answer for the petitioner only if their own
 * step asked the question.
 */
export function allowedActions(state: State, role: Role, askedBy?: "screening" | "approval"): Action[] {
  return TRANSITIONS.filter((t) => t.from === state && t.role === role)
    .filter((t) => !(t.action === "provide_info" && role !== "petitioner" && ASSIGNEE[askedBy ?? "screening"] !== role))
    .map((t) => t.action);
}

/**
 * Whether moving from `from` to `to` starts a new step (someone new must act, so new links go out). Staying
 * with the same assignee (an agency acknowledging) keeps the step, so the agency's link keeps working.
 */
export function startsNewStep(from: State, to: State): boolean {
  return ASSIGNEE[from] !== ASSIGNEE[to];
}
