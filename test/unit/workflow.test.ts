import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { actionDoneText, actionText, timelineText } from "../../shared/messages/petitions.ts";
import { linkPage } from "../../shared/petitions/pages.ts";
import { type Petition, routePetition } from "../../shared/petitions/petition.ts";
import { displayCode, newTrackingCode } from "../../shared/petitions/tracking.ts";
import {
  ACTION_TABLE,
  ACTIONS,
  type Action,
  type ActionDeclaration,
  ASSIGNEE,
  actionInput,
  allowedActions,
  applyEffect,
  FINAL,
  STATES,
  type State,
  TRANSITIONS,
} from "../../shared/petitions/workflow.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { parseOrThrow } from "../../shared/platform/validation.ts";

/**
 * The workflow table walked row by row, with no DynamoDB: every row's fields check its input, its effect runs,
 * the page shows exactly its fields, and the graph it draws has no dead ends.
 */
const config = demoConfig();
const helpers = configHelpers(config);
const commune = helpers.communes[0]?.id as string;
const category = config.categories[0]?.id as string;
const AT = "2027-03-08T01:00:00.000Z";
/** Another petition that exists: marking a duplicate of it is allowed. */
const OTHER = newTrackingCode();

function petitionIn(status: State, askedBy?: "screening" | "approval"): Petition {
  return {
    trackingCode: "ABCDEFGHJK",
    status,
    version: 3,
    stepVersion: 3,
    askedBy: status === "needs_info" ? (askedBy ?? "screening") : undefined,
    title: "Đường vào bản bị sạt lở",
    content: "Nội dung",
    category,
    commune,
    petitioner: { fullName: "Lò Thị Mai", phone: "+84912345678", email: "mai@example.org" },
    shareIdentityWithAgency: true,
    lang: "vi",
    consentAt: AT,
    consentVersion: "test",
    routing: routePetition(helpers, config, commune, category),
    createdAt: AT,
    updatedAt: AT,
    stepStartedAt: AT,
  };
}

const fields = (action: Action) => (ACTION_TABLE[action] as ActionDeclaration).fields;

/** A valid value for each declared field. */
function validInput(action: Action): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields(action)) {
    if (f.kind === "agency") out[f.name] = config.agencies[1]?.id as string;
    else if (f.name === "duplicateOf") out[f.name] = displayCode(OTHER);
    else out[f.name] = `${f.name} văn bản`;
  }
  return out;
}

describe("the workflow table", () => {
  it.each(TRANSITIONS.map((t) => [`${t.from} · ${t.role} · ${t.action}`, t] as const))("%s", async (_, t) => {
    const askedBy = t.role === "approver" ? "approval" : "screening";
    const before = petitionIn(t.from, askedBy);
    expect(allowedActions(t.from, t.role, before.askedBy)).toContain(t.action);

    // The request's check comes from the declared fields: each required one is refused when missing or too long.
    const input = actionInput(t.action);
    const good = validInput(t.action);
    for (const f of fields(t.action)) {
      const { [f.name]: _, ...without } = good;
      if (f.required) expect(() => parseOrThrow(input, without)).toThrow(ValidationError);
      else expect(() => parseOrThrow(input, without)).not.toThrow();
      const long = { ...good, [f.name]: "x".repeat(f.max + 1) };
      expect(() => parseOrThrow(input, long), `${f.name} over ${f.max}`).toThrow(ValidationError);
    }
    const parsed = parseOrThrow(input, good);

    // The effect runs without DynamoDB (the one lookup it may make is given) and leaves a record of itself.
    const to = t.to === "back" ? (before.askedBy === "approval" ? "approval" : "screening") : t.to;
    const next: Petition = { ...before, status: to, version: before.version + 1 };
    const note = await applyEffect(t.action, {
      before,
      next,
      fields: parsed,
      at: AT,
      config,
      petitionExists: async (code) => code === OTHER,
    });
    if (fields(t.action).some((f) => f.required)) expect(note).toBeTruthy();
    expect(next.status).toBe(to);
    if (t.action === "answer") expect(next.answer?.text).toBe(good.answer);
    if (t.action === "request_info") expect(next.askedBy).toBe(t.from === "approval" ? "approval" : "screening");
    if (t.action === "provide_info") expect(next.askedBy).toBeUndefined();
    if (t.action === "forward") expect(next.routing.agency).toBe(good.agency);
    if (t.action === "mark_duplicate") expect(next.duplicateOf).toBe(OTHER);

    // The page shows this action's form with exactly its declared fields.
    const page = String(linkPage({ petition: before, history: [], role: t.role, actions: [t.action], config }, "vi"));
    expect(page).toContain(`name="action" value="${t.action}"`);
    for (const f of fields(t.action)) expect(page).toContain(`name="${f.name}"`);
    const named = [...page.matchAll(/<(?:input|textarea|select)[^>]*\bname="([^"]+)"/g)].map((m) => m[1]);
    expect(named.filter((n) => n !== "lang" && n !== "action").sort()).toEqual(
      fields(t.action)
        .map((f) => f.name)
        .sort(),
    );

    // Every action has its words.
    for (const labels of [actionText, actionDoneText, timelineText]) {
      expect(labels.vi[t.action]).not.toBe("");
      expect(labels.en[t.action]).not.toBe("");
    }
  });

  it("refuses a duplicate of a petition that does not exist, before anything is written", async () => {
    const before = petitionIn("screening");
    const next = { ...before };
    await expect(
      applyEffect("mark_duplicate", {
        before,
        next,
        fields: { duplicateOf: displayCode(newTrackingCode()) },
        at: AT,
        config,
        petitionExists: async () => false,
      }),
    ).rejects.toThrow(ValidationError);
    expect(next.duplicateOf).toBeUndefined();
  });

  it("draws a graph with no dead ends: every open state has someone who can move it, final states nobody", () => {
    for (const state of STATES) {
      const out = TRANSITIONS.filter((t) => t.from === state);
      if (FINAL.has(state)) expect(out, state).toEqual([]);
      else {
        expect(
          out.some((t) => t.role === ASSIGNEE[state]),
          state,
        ).toBe(true);
        // The petitioner can always withdraw an open petition (except once answered: then she closes it).
        expect(
          out.some((t) => t.role === "petitioner"),
          state,
        ).toBe(true);
      }
    }
    // Every state is reachable from screening.
    const seen = new Set<State>(["screening"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of TRANSITIONS) {
        const targets: State[] = t.to === "back" ? ["screening", "approval"] : [t.to];
        for (const to of targets)
          if (seen.has(t.from) && !seen.has(to)) {
            seen.add(to);
            grew = true;
          }
      }
    }
    expect([...seen].sort()).toEqual([...STATES].sort());
    // Every declared action is used by at least one row.
    expect(new Set(TRANSITIONS.map((t) => t.action))).toEqual(new Set(ACTIONS));
  });

  it("lets staff answer for the petitioner only when their own step asked", () => {
    expect(allowedActions("needs_info", "screener", "screening")).toContain("provide_info");
    expect(allowedActions("needs_info", "screener", "approval")).not.toContain("provide_info");
    expect(allowedActions("needs_info", "approver", "approval")).toContain("provide_info");
    expect(allowedActions("needs_info", "approver", "screening")).not.toContain("provide_info");
  });
});
