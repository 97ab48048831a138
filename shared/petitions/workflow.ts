import * as z from "zod/mini";
import type { Config } from "../config/config.ts";
import { both } from "../messages/catalogue.ts";
import { type ActionFieldLabel, actionProblemText } from "../messages/petitions.ts";
import { ValidationError } from "../platform/errors.ts";
import { checkbox, line, optionalLine, paragraph } from "../platform/validation.ts";
import { agencyName } from "./labels.ts";
import { isSensitive, type Petition, type Verdict } from "./petition.ts";
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

/**
 * Who acts: the commune union (`screener`), the union above (`approver`), the agency, the petitioner, and a union unit
 * above a late step (`overseer`), which an escalation mail reaches (shared/petitions/alarms.ts): it may nudge the
 * holder, send the petition to another agency, or take the step into its own hands.
 */
export type Role = "screener" | "approver" | "agency" | "petitioner" | "overseer" | "organiser";

/** Who hears about a transition besides the next assignee (who always gets a link). */
export type Informed = "petitioner" | "officer" | "previousAssignee" | "holder";

/** `back` returns to the step that asked for information; `stay` keeps the state (and the step). */
export type Target = State | "back" | "stay";

const OPEN: State[] = ["screening", "needs_info", "approval", "forwarded", "acknowledged", "returned"];
/** The states someone other than her holds against a deadline: those a late step can be escalated from. */
const HELD: State[] = ["screening", "approval", "returned", "forwarded", "acknowledged"];
const WITH_AGENCY: State[] = ["forwarded", "acknowledged"];
/** What a duplicate may point to: a petition still being handled, or answered (its answer is there to read). */
const DUPLICABLE: ReadonlySet<State> = new Set([...OPEN, "answered"]);

/** What the person taking an action types: the page's field and the request's check both come from this. */
export type ActionField =
  | {
      name:
        | "note"
        | "question"
        | "info"
        | "reason"
        | "answer"
        | "duplicateOf"
        | "agency"
        | "nudge"
        | "answeredBy"
        | "commitment"
        | "commitmentAgency"
        | "commitmentDue";
      /** `line`: one line; `paragraph`: a text area; `agency`: a choice among the configured agencies. */
      kind: "line" | "paragraph" | "agency";
      max: number;
      required: boolean;
      /** Its label's key in the catalogue (shared/messages/, `actionFields`). */
      label: ActionFieldLabel;
    }
  | {
      /** "The agency may see this": the writer's choice for her note, kept on the history entry. */
      name: "agencyMaySee";
      kind: "checkbox";
      required: false;
      label: ActionFieldLabel;
    };

/**
 * Whose words an action's note is, which decides who reads it (shared/petitions/audience.ts, `petitionFor`):
 * `union`, the Union's own record; `toPetitioner`, a question or a reason addressed to her; `toAgency`, the approver's
 * word to the agency; `petitioner`, her own words (or an officer's typing of them); `agency`, the agency's.
 */
export type NoteOf = "union" | "toPetitioner" | "toAgency" | "toHolder" | "petitioner" | "agency";

/**
 * A commitment an answer carries (shared/petitions/commitments.ts turns it into its item, link and mail): what, which
 * agency keeps it, by when (a day, or a number of working days, as typed), who made it.
 */
export interface CommitmentDraft {
  what: string;
  agency: string;
  due?: string;
  madeIn: "hall" | "answer";
  madeBy: string;
}

/** What an action's effect is given: the petition before, the one being built, the checked fields. */
export interface EffectInput {
  before: Petition;
  /** Commitments the action's answer carries: the effect adds them, the transition writes them. */
  commitments?: CommitmentDraft[];
  /** The petition after the action: the effect sets what the action changes on it. */
  next: Petition;
  fields: Partial<Record<ActionField["name"], string>>;
  at: string;
  config: Config;
  /** Who acts: her verdict is hers, or the officer's entry of it. */
  role?: Role;
  /** The union unit of whoever acts as `overseer` (from their link): the unit taking a step over. */
  unit?: string;
  /** Another petition by its (stored) tracking code: the only thing an effect reads. */
  petitionByCode: (trackingCode: string) => Promise<Petition | undefined>;
}

/** An action's effect: it changes `next` and returns the note the history keeps (or throws a field error). */
type Effect = (input: EffectInput) => string | undefined | Promise<string | undefined>;

type Rule = readonly [from: State | readonly State[], role: Role, to: Target, alsoTold: readonly Informed[]];

/**
 * An action, declared once: who may take it in which state and where it leads (`rules`: from × role → to, and who
 * else is told), what the person types (`fields`: the page's form field and the request's check), whose words its
 * note is (`note`: who reads it) and what it does (`effect`). The page, the validation, the transition, the
 * notifications and what each reader sees all read this table.
 */
export interface ActionDeclaration {
  rules: readonly Rule[];
  fields: readonly ActionField[];
  /** Whose words the note the effect returns is: who may read it. */
  note: NoteOf;
  effect: Effect;
  /**
   * Starts a new step even when the state's holder role stays the same (another agency, another unit): the old
   * holder's links die and the new holder gets theirs.
   */
  newStep?: true;
}

const optionalNote = (label: ActionFieldLabel = "note", max = 1000): ActionField => ({
  name: "note",
  kind: "line",
  max,
  required: false,
  label,
});
/**
 * The box under a Union note that lets the agency read it. Only on actions after which the agency may still receive
 * the petition: a rejection or a duplicate ends it before any agency sees it.
 */
const agencyMaySeeBox: ActionField = { name: "agencyMaySee", kind: "checkbox", required: false, label: "agencyMaySee" };
/** Her word on the answer, kept on the petition (the leaders' report counts it against the agency that answered). */
function verdict(next: Petition, answer: Verdict, at: string, role: Role | undefined): void {
  next.verdict = { answer, at, by: role === "petitioner" ? "petitioner" : "officer" };
}
/** The optional commitment an answer may carry: what, (in the hall) which agency, and by when. */
const commitmentFields = (withAgency: boolean): ActionField[] => [
  { name: "commitment", kind: "paragraph", max: 1000, required: false, label: "commitment" },
  ...(withAgency
    ? [{ name: "commitmentAgency", kind: "agency", max: 64, required: false, label: "commitmentAgency" } as const]
    : []),
  { name: "commitmentDue", kind: "line", max: 40, required: false, label: "commitmentDue" },
];
/** The commitment typed with an answer, if any: its agency must exist. */
function carried(input: EffectInput, agency: string, madeIn: CommitmentDraft["madeIn"], madeBy: string): void {
  const { fields, config } = input;
  if (!fields.commitment) return;
  if (!config.agencies.some((a) => a.id === agency)) throw problem("commitmentAgency", "noSuchAgency");
  const draft: CommitmentDraft = { what: fields.commitment, agency, madeIn, madeBy };
  if (fields.commitmentDue) draft.due = fields.commitmentDue;
  input.commitments?.push(draft);
}
const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(" — ") || undefined;
const problem = (path: ActionField["name"], message: keyof typeof actionProblemText.vi) =>
  new ValidationError([{ path, code: "invalid", message: both(actionProblemText, message) }]);

// biome-ignore format: the rules are aligned so that they read as a table
export const ACTION_TABLE = {
  accept: {
    rules: [["screening", "screener", "approval", []]],
    fields: [optionalNote(), agencyMaySeeBox],
    note: "union",
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
    // Addressed to the agency, so always shown to it: its label says so, and beside it the approver is reminded
    // when the petitioner's identity is kept from the agency.
    note: "toAgency",
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
    fields: [{ name: "question", kind: "paragraph", max: 2000, required: true, label: "question" }, agencyMaySeeBox],
    note: "toPetitioner",
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
    // Her answer, even when the officer who asked types it from a phone call.
    note: "petitioner",
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
    note: "toPetitioner",
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
    note: "union",
    // The petitioner is mailed the other petition's code to follow instead: it must be one she may follow.
    effect: async ({ before, next, fields, config, petitionByCode }) => {
      const other = parseTrackingCode(fields.duplicateOf ?? "");
      if (!other) throw problem("duplicateOf", "noSuchPetition");
      if (other === before.trackingCode) throw problem("duplicateOf", "duplicateOfItself");
      const found = await petitionByCode(other);
      // Another unit's petition is not this screener's to name: the same answer as a code that does not exist.
      if (!found || found.routing.screeningUnit !== before.routing.screeningUnit) {
        throw problem("duplicateOf", "noSuchPetition");
      }
      // Her code would lead the other woman to a petition whose existence is its petitioner's to keep.
      if (isSensitive(found, config)) throw problem("duplicateOf", "duplicateOfSensitive");
      // The mail says it "is being handled": an ended one would leave her following nothing.
      if (!DUPLICABLE.has(found.status)) throw problem("duplicateOf", "duplicateOfEnded");
      next.duplicateOf = other;
      return joined(displayCode(other), fields.note);
    },
  },
  acknowledge: {
    rules: [["forwarded", "agency", "acknowledged", []]],
    fields: [optionalNote()],
    note: "agency",
    effect: ({ fields }) => fields.note,
  },
  answer: {
    rules: [[["forwarded", "acknowledged"], "agency", "answered", ["petitioner", "officer"]]],
    fields: [{ name: "answer", kind: "paragraph", max: 5000, required: true, label: "answer" }, ...commitmentFields(false)],
    note: "agency",
    effect: (input) => {
      const { before, next, fields, at, config } = input;
      next.answer = { text: fields.answer as string, at, agency: before.routing.agency };
      // A commitment in its own answer is the agency's own to keep.
      carried(input, before.routing.agency, "answer", agencyName(config, before.routing.agency));
      return fields.answer;
    },
  },
  // Answered on the spot at the dialogue session (shared/sessions/), recorded from the organiser's link: who answered
  // (a leader's title), what, and any commitment made there, with the agency that keeps it.
  answer_in_hall: {
    rules: [["screening", "organiser", "answered", ["petitioner"]]],
    fields: [
      { name: "answer", kind: "paragraph", max: 5000, required: true, label: "hallAnswer" },
      { name: "answeredBy", kind: "line", max: 200, required: true, label: "answeredBy" },
      ...commitmentFields(true),
    ],
    note: "agency",
    effect: (input) => {
      const { before, next, fields, at } = input;
      const by = fields.answeredBy as string;
      next.answer = { text: fields.answer as string, at, agency: before.routing.agency, inHall: { by } };
      carried(input, fields.commitmentAgency ?? before.routing.agency, "hall", by);
      return fields.answer;
    },
  },
  return: {
    rules: [[["forwarded", "acknowledged"], "agency", "returned", []]],
    fields: [{ name: "reason", kind: "paragraph", max: 2000, required: true, label: "returnReason" }],
    note: "agency",
    effect: ({ next, fields }) => {
      next.returnReason = fields.reason;
      return fields.reason;
    },
  },
  // Her verdict on the answer (asked some weeks after it: shared/petitions/alarms.ts), from her link, or entered by
  // the commune union's officer for a woman without e-mail. Resolved: it closes.
  close: {
    rules: [
      ["answered",      "petitioner", "closed",       []],
      ["answered",      "screener",   "closed",       []],
    ],
    fields: [optionalNote()],
    note: "petitioner",
    effect: ({ next, fields, at, role }) => {
      verdict(next, "resolved", at, role);
      return fields.note;
    },
  },
  // Not resolved: back to the union above, which forwards it again (the same agency or another) or answers her.
  not_resolved: {
    rules: [
      ["answered",      "petitioner", "approval",     []],
      ["answered",      "screener",   "approval",     []],
    ],
    fields: [{ name: "reason", kind: "paragraph", max: 2000, required: true, label: "notResolvedReason" }],
    note: "petitioner",
    effect: ({ next, fields, at, role }) => {
      verdict(next, "not_resolved", at, role);
      return fields.reason;
    },
  },
  // Not yet: the answer stands; she is asked again later.
  not_yet: {
    rules: [
      ["answered",      "petitioner", "stay",         []],
      ["answered",      "screener",   "stay",         []],
    ],
    fields: [optionalNote()],
    note: "petitioner",
    effect: ({ next, fields, at, role }) => {
      verdict(next, "not_yet", at, role);
      return fields.note;
    },
  },
  // The unit above a late step (shared/petitions/alarms.ts): a word to the holder, the step kept as it is.
  nudge: {
    rules: [[HELD, "overseer", "stay", ["holder"]]],
    fields: [{ name: "nudge", kind: "paragraph", max: 2000, required: true, label: "nudge" }],
    note: "toHolder",
    effect: ({ fields }) => fields.nudge,
  },
  // To another agency: the late one's link dies, the new one has the whole acknowledgement period.
  reroute: {
    rules: [[WITH_AGENCY, "overseer", "forwarded", ["petitioner", "previousAssignee"]]],
    fields: [
      { name: "agency", kind: "agency", max: 64, required: true, label: "agency" },
      optionalNote("agencyNote"),
    ],
    note: "toAgency",
    newStep: true,
    effect: ({ before, next, fields, config }) => {
      const agency = fields.agency ?? "";
      if (!config.agencies.some((a) => a.id === agency)) throw problem("agency", "noSuchAgency");
      if (agency === before.routing.agency) throw problem("agency", "sameAgency");
      next.routing = { ...before.routing, agency };
      return joined(agencyName(config, agency), fields.note);
    },
  },
  // The unit above takes the step into its own hands: it approves (forwards, asks, refuses) the petition itself.
  take_over: {
    rules: [[HELD, "overseer", "approval", ["previousAssignee"]]],
    fields: [optionalNote(), agencyMaySeeBox],
    note: "union",
    newStep: true,
    effect: ({ before, next, fields, unit }) => {
      if (!unit) throw new Error("take_over needs the overseer's unit");
      next.routing = { ...before.routing, approvingUnit: unit };
      next.returnReason = undefined;
      return fields.note;
    },
  },
  withdraw: {
    rules: [[OPEN, "petitioner", "withdrawn", ["previousAssignee"]]],
    fields: [{ name: "reason", kind: "line", max: 1000, required: false, label: "withdrawReason" }],
    note: "petitioner",
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

/** A ticked box as the effect and the history read it: "yes", or nothing. */
const tickedBox = z.pipe(
  checkbox,
  z.transform((ticked: boolean) => (ticked ? "yes" : undefined)),
);

/** What an action's request must carry, built from its fields: the same fields the page shows. */
export function actionInput(action: Action) {
  const shape: Record<string, z.ZodMiniType<string | undefined>> = {};
  for (const f of (ACTION_TABLE[action] as ActionDeclaration).fields) {
    if (f.kind === "checkbox") shape[f.name] = tickedBox;
    else shape[f.name] = f.required ? (f.kind === "paragraph" ? paragraph(f.max) : line(f.max)) : optionalLine(f.max);
  }
  return z.object(shape);
}

/**
 * Whether the writer of this action's note let the agency read it: the action offers the box and she ticked it.
 * The history entry keeps it as `agencyMaySee: true` (shared/petitions/service.ts).
 */
export function agencyMaySee(action: Action, fields: EffectInput["fields"]): boolean {
  const offered = (ACTION_TABLE[action] as ActionDeclaration).fields.some((f) => f.name === "agencyMaySee");
  return offered && fields.agencyMaySee === "yes";
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
export function startsNewStep(from: State, to: State, action?: string): boolean {
  const always = isAction(action) && (ACTION_TABLE[action] as ActionDeclaration).newStep === true;
  return ASSIGNEE[from] !== ASSIGNEE[to] || always;
}

/** The state a transition leads to from `from` (`back` to the step that asked, `stay` where it is). */
export function targetState(t: Pick<Transition, "from" | "to">, askedBy: "screening" | "approval" | undefined): State {
  if (t.to === "back") return askedBy === "approval" ? "approval" : "screening";
  if (t.to === "stay") return t.from;
  return t.to;
}
