/**
 * The petition's path (DOMAIN.md), as a table you can read: state × role × action → next state, and who is
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

export const ACTIONS = [
  "accept",
  "request_info",
  "provide_info",
  "reject",
  "mark_duplicate",
  "forward",
  "acknowledge",
  "answer",
  "return",
  "withdraw",
  "close",
] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action needs from the person taking it. */
export type Requirement = "reason" | "question" | "info" | "answer" | "duplicateOf";

/** Who hears about a transition besides the next assignee (who always gets a link). */
export type Informed = "petitioner" | "officer" | "previousAssignee";

/** `back` returns to the step that asked for information. */
export type Target = State | "back";

export interface Transition {
  from: State;
  role: Role;
  action: Action;
  to: Target;
  requires?: Requirement;
  inform: Informed[];
}

const OPEN: State[] = ["screening", "needs_info", "approval", "forwarded", "acknowledged", "returned"];

type Row = [State | State[], Role, Action, Target, Requirement | null, Informed[]];

// biome-ignore format: the table is aligned so that it reads as a table
const TABLE: Row[] = [
  // from             role          action            to              needs           also told
  ["screening",       "screener",   "accept",         "approval",     null,           []],
  ["screening",       "screener",   "request_info",   "needs_info",   "question",     ["petitioner"]],
  ["screening",       "screener",   "reject",         "rejected",     "reason",       ["petitioner"]],
  ["screening",       "screener",   "mark_duplicate", "duplicate",    "duplicateOf",  ["petitioner"]],
  ["approval",        "approver",   "forward",        "forwarded",    null,           ["petitioner"]],
  ["approval",        "approver",   "request_info",   "needs_info",   "question",     ["petitioner"]],
  ["approval",        "approver",   "reject",         "rejected",     "reason",       ["petitioner"]],
  ["needs_info",      "petitioner", "provide_info",   "back",         "info",         []],
  // A woman without e-mail answers by phone: the officer who asked enters it for her.
  ["needs_info",      "screener",   "provide_info",   "back",         "info",         []],
  ["needs_info",      "approver",   "provide_info",   "back",         "info",         []],
  ["forwarded",       "agency",     "acknowledge",    "acknowledged", null,           []],
  [["forwarded", "acknowledged"], "agency", "answer", "answered",     "answer",       ["petitioner", "officer"]],
  [["forwarded", "acknowledged"], "agency", "return", "returned",     "reason",       []],
  ["returned",        "approver",   "forward",        "forwarded",    null,           ["petitioner"]],
  ["returned",        "approver",   "reject",         "rejected",     "reason",       ["petitioner"]],
  ["answered",        "petitioner", "close",          "closed",       null,           []],
  [OPEN,              "petitioner", "withdraw",       "withdrawn",    null,           ["previousAssignee"]],
];

export const TRANSITIONS: readonly Transition[] = TABLE.flatMap(([from, role, action, to, requires, inform]) =>
  [from].flat().map((f) => ({ from: f, role, action, to, inform, ...(requires ? { requires } : {}) })),
);

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

export function isOpen(state: State): boolean {
  return OPEN.includes(state);
}

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
