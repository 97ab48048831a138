import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { actionDoneText, actionProblemText, actionText, timelineText } from "../../shared/messages/petitions.ts";
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
  agencyMaySee,
  allowedActions,
  applyEffect,
  FINAL,
  STATES,
  type State,
  TRANSITIONS,
  targetState,
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
    else if (f.kind === "checkbox") out[f.name] = "on";
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
      if (f.kind === "checkbox") {
        // A box is ticked or not: anything but a tick is "not ticked", never an error.
        expect(parseOrThrow(input, { ...good, [f.name]: "x" })[f.name]).toBeUndefined();
        expect(parseOrThrow(input, good)[f.name]).toBe("yes");
        continue;
      }
      const long = { ...good, [f.name]: "x".repeat(f.max + 1) };
      expect(() => parseOrThrow(input, long), `${f.name} over ${f.max}`).toThrow(ValidationError);
    }
    const parsed = parseOrThrow(input, good);

    // The effect runs without DynamoDB (the one lookup it may make is given) and leaves a record of itself.
    const to = targetState(t, before.askedBy);
    const next: Petition = { ...before, status: to, version: before.version + 1 };
    const note = await applyEffect(t.action, {
      before,
      next,
      fields: parsed,
      at: AT,
      config,
      unit: "hlhpn-tuyen-quang",
      petitionByCode: async (code) =>
        code === OTHER ? { ...petitionIn("screening"), trackingCode: OTHER } : undefined,
    });
    if (fields(t.action).some((f) => f.required)) expect(note).toBeTruthy();
    expect(next.status).toBe(to);
    if (t.action === "answer") expect(next.answer?.text).toBe(good.answer);
    if (t.action === "request_info") expect(next.askedBy).toBe(t.from === "approval" ? "approval" : "screening");
    if (t.action === "provide_info") expect(next.askedBy).toBeUndefined();
    if (t.action === "forward") expect(next.routing.agency).toBe(good.agency);
    if (t.action === "mark_duplicate") expect(next.duplicateOf).toBe(OTHER);
    if (t.action === "reroute") expect(next.routing.agency).not.toBe(before.routing.agency);
    if (t.action === "take_over") expect(next.routing.approvingUnit).toBe("hlhpn-tuyen-quang");

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
        petitionByCode: async () => undefined,
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
        const targets: State[] = t.to === "back" ? ["screening", "approval"] : [targetState(t, undefined)];
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

describe("mark_duplicate points her only to a petition she may follow", () => {
  const otherCommune = helpers.communes.find(
    (c) => helpers.screeningUnit(c.id)?.id !== helpers.screeningUnit(commune)?.id,
  )?.id as string;
  const sensitiveCategory = config.categories.find((c) => c.sensitive)?.id as string;
  const FOLLOWABLE: State[] = [
    "screening",
    "needs_info",
    "approval",
    "forwarded",
    "acknowledged",
    "returned",
    "answered",
  ];

  /** The other petition, as stored. */
  function other(o: { status?: State; commune?: string; category?: string; share?: boolean } = {}): Petition {
    const c = o.commune ?? commune;
    const cat = o.category ?? category;
    return {
      ...petitionIn(o.status ?? "screening"),
      trackingCode: OTHER,
      commune: c,
      category: cat,
      shareIdentityWithAgency: o.share ?? true,
      routing: routePetition(helpers, config, c, cat),
    };
  }

  /** Mark a screening petition a duplicate of `stored` (typed as `typed`): the problem's key, or "ok". */
  async function mark(stored: Petition | undefined, typed = displayCode(OTHER), before = petitionIn("screening")) {
    const next: Petition = { ...before, status: "duplicate" };
    try {
      await applyEffect("mark_duplicate", {
        before,
        next,
        fields: { duplicateOf: typed },
        at: AT,
        config,
        petitionByCode: async (code) => (code === stored?.trackingCode ? stored : undefined),
      });
      expect(next.duplicateOf).toBe(stored?.trackingCode);
      return "ok";
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(next.duplicateOf).toBeUndefined();
      const [only, ...more] = (error as ValidationError).fieldErrors;
      expect(more).toEqual([]);
      expect(only?.path).toBe("duplicateOf");
      // Bilingual, from the catalogue: the key whose words these are.
      const key = (Object.keys(actionProblemText.vi) as (keyof typeof actionProblemText.vi)[]).find(
        (k) => actionProblemText.vi[k] === only?.message.vi && actionProblemText.en[k] === only?.message.en,
      );
      expect(key).toBeDefined();
      return key;
    }
  }

  it("accepts a petition of the same unit that is open or answered", async () => {
    for (const status of FOLLOWABLE) expect(await mark(other({ status })), status).toBe("ok");
  });

  it("refuses one that ended: withdrawn, rejected, a duplicate itself, closed", async () => {
    for (const status of STATES.filter((s) => !FOLLOWABLE.includes(s))) {
      expect(await mark(other({ status })), status).toBe("duplicateOfEnded");
    }
  });

  it("refuses a sensitive one: a sensitive category, or a petitioner who hid who she is", async () => {
    expect(await mark(other({ category: sensitiveCategory, share: true }))).toBe("duplicateOfSensitive");
    expect(await mark(other({ share: false }))).toBe("duplicateOfSensitive");
  });

  it("answers for another unit's petition exactly as for a code that does not exist", async () => {
    expect(otherCommune).toBeDefined();
    expect(await mark(other({ commune: otherCommune }))).toBe("noSuchPetition");
    expect(await mark(other({ commune: otherCommune, category: sensitiveCategory }))).toBe("noSuchPetition");
    expect(await mark(undefined)).toBe("noSuchPetition");
    expect(await mark(other(), "not a code")).toBe("noSuchPetition");
  });

  it("refuses the petition itself", async () => {
    const self = { ...petitionIn("screening"), trackingCode: newTrackingCode() };
    expect(await mark(self, displayCode(self.trackingCode).toLowerCase(), self)).toBe("duplicateOfItself");
  });

  it("for any other petition, accepts exactly one of the same unit, not sensitive, open or answered", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          status: fc.constantFrom(...STATES),
          sameUnit: fc.boolean(),
          category: fc.constantFrom(...config.categories.map((c) => c.id)),
          share: fc.boolean(),
          exists: fc.boolean(),
        }),
        async (o) => {
          const stored = other({ ...o, commune: o.sameUnit ? commune : otherCommune });
          const sensitive = !o.share || config.categories.find((c) => c.id === o.category)?.sensitive === true;
          const ok = o.exists && o.sameUnit && !sensitive && FOLLOWABLE.includes(o.status);
          expect((await mark(o.exists ? stored : undefined)) === "ok").toBe(ok);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the agency-may-see box", () => {
  it("is offered on a Union note exactly when an agency may still receive the petition after it", () => {
    for (const action of ACTIONS) {
      const d = ACTION_TABLE[action] as ActionDeclaration;
      const unionWords = d.note === "union" || d.note === "toPetitioner";
      const goesOn = d.rules.some(([, , to]) => to === "back" || to === "stay" || !FINAL.has(to));
      expect(
        d.fields.some((f) => f.name === "agencyMaySee"),
        action,
      ).toBe(unionWords && goesOn);
    }
  });

  it("is kept only when ticked on an action that offers it", () => {
    const accept = actionInput("accept");
    expect(agencyMaySee("accept", parseOrThrow(accept, { note: "n", agencyMaySee: "on" }))).toBe(true);
    expect(agencyMaySee("accept", parseOrThrow(accept, { note: "n" }))).toBe(false);
    expect(
      agencyMaySee("request_info", parseOrThrow(actionInput("request_info"), { question: "q", agencyMaySee: true })),
    ).toBe(true);
    // A tick sent to an action without the box is dropped by its check, and would not count anyway.
    const reject = parseOrThrow(actionInput("reject"), { reason: "r", agencyMaySee: "on" });
    expect(reject).not.toHaveProperty("agencyMaySee");
    expect(agencyMaySee("reject", { reason: "r", agencyMaySee: "yes" })).toBe(false);
  });
});
