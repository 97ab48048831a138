import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { type Audience, petitionFor } from "../../shared/petitions/audience.ts";
import { type MailContext, type PetitionMailKind, petitionMail } from "../../shared/petitions/mails.ts";
import { linkPage, linkPageTitle, statusPage, stepDonePage } from "../../shared/petitions/pages.ts";
import { type HistoryEntry, type Petition, routePetition } from "../../shared/petitions/petition.ts";
import type { LinkView } from "../../shared/petitions/service.ts";
import { displayCode, newTrackingCode } from "../../shared/petitions/tracking.ts";
import { allowedActions, type Role, STATES, type State } from "../../shared/petitions/workflow.ts";
import { LANGS } from "../../shared/platform/i18n.ts";

/**
 * Every view of every state, for every audience: a petition whose every field the agency must not see carries her
 * name and phone number (in any of the ways people write it), rendered as every page, every e-mail that audience
 * can receive and every JSON answer. Neither may show where it must not; where it must (the Union, herself), it does.
 * Notes carry markers, so that who reads which note is checked note by note against the rules written out below
 * (independently of shared/petitions/audience.ts, which they test).
 */
const config = demoConfig();
const helpers = configHelpers(config);
const COMMUNE = "binh-an";
const COMMUNE_NAME = config.areas.find((a) => a.id === COMMUNE)?.name as string;
const SENSITIVE = "violence";
const PLAIN = "credit";
const AT = "2027-03-08T01:00:00.000Z";
const BASE = "https://tiengnoi.example/api";

const NAME = "Lò Thị Nhàn";
const PHONE = "+84912345678";
const EMAIL = "lo.thi.nhan@example.org";
const OFFICER_EMAIL = "nhan.0912345678@example.org";
const PHONE_FORMS = [
  "0912345678",
  "0912 345 678",
  "+84912345678",
  "+84 912 345 678",
  "84912345678",
  "0912.345.678",
  "(091) 234-5678",
];
/** Her phone number however it is written: separators are dropped before looking. */
const hasPhone = (text: string) => text.replace(/[\s.\-()\u00A0]/g, "").includes("912345678");
const hasHer = (text: string) =>
  text.includes(NAME) || hasPhone(text) || text.includes(EMAIL) || text.includes(OFFICER_EMAIL);

/**
 * The notes of the history, by marker: whose words each is, and whether its writer ticked "the agency may see
 * this". `her` notes carry her name and phone; the others (the agency's, the approver's word to it, a ticked
 * note) are words the agency reads, which a writer who knows the rules keeps free of them.
 */
interface Note {
  marker: string;
  action: HistoryEntry["action"];
  role: Role;
  her: boolean;
  ticked?: boolean;
}
const NOTES: Note[] = [
  { marker: "NOTE-accept", action: "accept", role: "screener", her: true },
  { marker: "NOTE-accept-ticked", action: "accept", role: "screener", her: false, ticked: true },
  { marker: "NOTE-ask", action: "request_info", role: "screener", her: true },
  { marker: "NOTE-ask-ticked", action: "request_info", role: "approver", her: false, ticked: true },
  { marker: "NOTE-info", action: "provide_info", role: "petitioner", her: true },
  { marker: "NOTE-info-typed", action: "provide_info", role: "screener", her: true },
  { marker: "NOTE-forward", action: "forward", role: "approver", her: false },
  { marker: "NOTE-ack", action: "acknowledge", role: "agency", her: false },
  { marker: "NOTE-return", action: "return", role: "agency", her: false },
  { marker: "NOTE-answer", action: "answer", role: "agency", her: false },
  { marker: "NOTE-reject", action: "reject", role: "approver", her: true },
  { marker: "NOTE-duplicate", action: "mark_duplicate", role: "screener", her: true },
  { marker: "NOTE-withdraw", action: "withdraw", role: "petitioner", her: true },
  { marker: "NOTE-close", action: "close", role: "petitioner", her: true },
];

/** The rules, written out: which notes each audience reads, given whether the agency may know who she is. */
function readsNote(audience: Audience, n: Note, agencyKnowsHer: boolean): boolean {
  const herWords = ["provide_info", "withdraw", "close"].includes(n.action);
  const toHer = ["request_info", "reject"].includes(n.action);
  const agencys = ["forward", "acknowledge", "return", "answer"].includes(n.action);
  switch (audience) {
    case "union":
    case "approver":
      return true;
    case "agency":
      return agencys || n.ticked === true || (herWords && agencyKnowsHer);
    case "petitioner":
      return herWords || toHer || agencys;
    case "public":
      return false;
  }
}

/** The petition's facts that carry a marker, and who sees each (on some page or mail: positive checks use pages). */
const FACTS = {
  village: "FACT-village",
  onBehalfOf: "FACT-behalf",
  enteredBy: "FACT-entered",
  question: "FACT-question",
  rejection: "FACT-rejection",
  title: "FACT-title",
  content: "FACT-content",
  answer: "FACT-answer",
  returnReason: "FACT-return",
} as const;

interface Variant {
  category: string;
  share: boolean;
  /** How her phone is written in each free-text field. */
  forms: string[];
  withEmail: boolean;
  entered: boolean;
}

const OTHER = newTrackingCode();
const screener = helpers.screeningUnit(COMMUNE)?.staff[0]?.name as string;
const approver = helpers.approvingUnit(COMMUNE)?.staff[0]?.name as string;

function build(status: State, v: Variant): { petition: Petition; history: HistoryEntry[] } {
  let i = 0;
  const her = (marker: string) => `${marker} ${NAME} ${v.forms[i++ % v.forms.length]}`;
  const routing = routePetition(helpers, config, COMMUNE, v.category);
  const petition: Petition = {
    trackingCode: newTrackingCode(),
    status,
    version: NOTES.length + 2,
    stepVersion: NOTES.length + 2,
    askedBy: status === "needs_info" ? "screening" : undefined,
    title: `${FACTS.title} Chồng say rượu đánh vợ`,
    content: `${FACTS.content} Chị em trong thôn cần địa chỉ tin cậy.`,
    category: v.category,
    commune: COMMUNE,
    village: her(FACTS.village),
    petitioner: { fullName: NAME, phone: PHONE, ...(v.withEmail ? { email: EMAIL } : {}) },
    onBehalfOf: her(FACTS.onBehalfOf),
    shareIdentityWithAgency: v.share,
    lang: "vi",
    consentAt: AT,
    consentVersion: "test",
    ...(v.entered
      ? { enteredBy: { name: her(FACTS.enteredBy), email: OFFICER_EMAIL, unitId: routing.screeningUnit } }
      : {}),
    routing,
    infoRequest: { question: her(FACTS.question), at: AT },
    answer: { text: FACTS.answer, at: AT, agency: routing.agency },
    rejection: { reason: her(FACTS.rejection), at: AT },
    returnReason: FACTS.returnReason,
    duplicateOf: OTHER,
    createdAt: AT,
    updatedAt: AT,
    stepStartedAt: AT,
  };
  const actorOf = (role: Role) =>
    role === "screener" ? screener : role === "approver" ? approver : role === "agency" ? "Công an huyện" : NAME;
  const history: HistoryEntry[] = [
    // Entered by an officer: the submission's actor is the officer's name, which here is hers (the worst case).
    { version: 1, at: AT, action: "submit", role: "petitioner", actor: her("ACTOR-submit"), to: "screening" },
    ...NOTES.map(
      (n, k): HistoryEntry => ({
        version: k + 2,
        at: AT,
        action: n.action,
        role: n.role,
        actor: actorOf(n.role),
        from: "screening",
        to: "approval",
        note: n.her ? her(n.marker) : `${n.marker} (no personal data)`,
        ...(n.ticked ? { agencyMaySee: true } : {}),
      }),
    ),
  ];
  return { petition, history };
}

const STAFF_MAILS: Record<Exclude<Audience, "petitioner" | "public">, [PetitionMailKind, Role | "officer"][]> = {
  union: [
    ["assigned", "screener"],
    ["info-on-behalf", "screener"],
    ["withdrawn-notice", "screener"],
    ["officer-answered", "officer"],
  ],
  approver: [
    ["assigned", "approver"],
    ["returned-to-approver", "approver"],
    ["info-on-behalf", "approver"],
    ["withdrawn-notice", "approver"],
  ],
  agency: [
    ["assigned", "agency"],
    ["withdrawn-notice", "agency"],
  ],
};
const PETITIONER_MAILS: PetitionMailKind[] = [
  "receipt",
  "needs-info",
  "rejected",
  "forwarded",
  "answered",
  "duplicate",
];
const ROLE: Record<Exclude<Audience, "public">, Role> = {
  union: "screener",
  approver: "approver",
  agency: "agency",
  petitioner: "petitioner",
};

/** One rendering: where it came from, and its text. */
interface Shown {
  where: string;
  text: string;
  page?: boolean;
}

const mailText = (ctx: Omit<MailContext, "config" | "baseUrl">): string => {
  const m = petitionMail({ ...ctx, config, baseUrl: BASE });
  return [m.subject, m.html, m.text].join("\n");
};

/** Everything `audience` can be shown of this petition: every page in both languages, every mail, every JSON. */
function everything(audience: Audience, petition: Petition, history: HistoryEntry[]): Shown[] {
  const out: Shown[] = [];
  if (audience === "public") {
    const view = petitionFor("public", petition, history, config);
    out.push({ where: "status JSON", text: JSON.stringify(view), page: true });
    for (const lang of LANGS) out.push({ where: `status page ${lang}`, text: String(statusPage(view, lang, BASE)) });
    return out;
  }
  const role = ROLE[audience];
  const view: LinkView = {
    petition,
    history,
    role,
    email: "x@example.org",
    actions: allowedActions(petition.status, role, petition.askedBy),
    config,
  };
  for (const lang of LANGS) {
    out.push({ where: `link page ${lang}`, text: `${linkPageTitle(view)}\n${linkPage(view, lang)}`, page: true });
    // "Already handled", for a step ended by each entry of the record.
    for (const entry of history) {
      const title = { vi: "t", en: "t" };
      out.push({
        where: `step done (${entry.action}) ${lang}`,
        text: String(stepDonePage({ entry, view, title }, lang)),
      });
    }
  }
  const token = "a".repeat(32);
  if (audience === "petitioner") {
    for (const kind of PETITIONER_MAILS) {
      for (const addressSeen of [true, false]) {
        const text = mailText({ kind, petition, to: EMAIL, role, actionToken: token, addressSeen });
        out.push({ where: `mail ${kind} (address seen: ${addressSeen})`, text });
      }
    }
  } else {
    for (const [kind, mailRole] of STAFF_MAILS[audience]) {
      const intakeToken = mailRole === "screener" ? "b".repeat(32) : undefined;
      out.push({
        where: `mail ${kind} to ${mailRole}`,
        text: mailText({ kind, petition, to: "x@example.org", role: mailRole, actionToken: token, intakeToken }),
      });
    }
  }
  return out;
}

const AUDIENCES: Audience[] = ["union", "approver", "agency", "petitioner", "public"];

const variant = (o: Partial<Variant> = {}): Variant => ({
  category: SENSITIVE,
  share: false,
  forms: PHONE_FORMS,
  withEmail: true,
  entered: true,
  ...o,
});

/** The markers of every fact and note, and the one rule every audience must keep: what it must not show. */
function check(audience: Audience, status: State, v: Variant) {
  const { petition, history } = build(status, v);
  const shown = everything(audience, petition, history);
  const agencyKnowsHer = v.share;
  const knowsHer = audience !== "public" && (audience !== "agency" || agencyKnowsHer);
  const label = `${audience} · ${status} · ${v.category} · shared ${v.share}`;
  const pages = shown.filter((s) => s.page);
  expect(pages.length, label).toBeGreaterThan(0);

  for (const { where, text } of shown) {
    const at = `${label} · ${where}`;
    if (!knowsHer) {
      expect(hasHer(text), `${at}: her name, phone or address`).toBe(false);
      for (const fact of [FACTS.village, FACTS.onBehalfOf, FACTS.enteredBy, "ACTOR-submit"]) {
        expect(text, at).not.toContain(fact);
      }
    }
    for (const n of NOTES) {
      if (!readsNote(audience, n, agencyKnowsHer)) expect(text, `${at}: ${n.marker}`).not.toContain(`${n.marker} `);
    }
    if (audience === "agency") {
      // The question asked of her and the reason she was refused are addressed to her and the Union.
      expect(text, at).not.toContain(FACTS.question);
      expect(text, at).not.toContain(FACTS.rejection);
    }
    if (audience === "public") {
      for (const fact of Object.values(FACTS)) expect(text, at).not.toContain(fact);
      for (const n of NOTES) expect(text, at).not.toContain(n.marker);
    }
  }

  // The positive side: what this audience does see, on its page (so that each check above can fail).
  const page = pages.map((s) => s.text).join("\n");
  for (const n of NOTES) {
    if (readsNote(audience, n, agencyKnowsHer)) expect(page, `${label}: reads ${n.marker}`).toContain(`${n.marker} `);
  }
  if (knowsHer) {
    expect(page, label).toContain(NAME);
    expect(page, label).toContain("0912 345 678");
    expect(page, label).toContain(FACTS.village);
    expect(page, label).toContain(FACTS.onBehalfOf);
    if (v.entered) expect(page, label).toContain(FACTS.enteredBy);
  }
  if (audience !== "public") {
    // Everyone on the path sees what the petition is and where it arose.
    for (const fact of [FACTS.title, FACTS.content, FACTS.answer]) expect(page, label).toContain(fact);
    expect(page, label).toContain(COMMUNE_NAME);
  }
  return shown;
}

describe("what each audience sees of a sensitive petition, in every state", () => {
  it.each(STATES.flatMap((status) => AUDIENCES.map((audience) => [audience, status] as const)))(
    "%s · %s: never her name, phone, village, group, officer or the notes kept from it",
    (audience, status) => {
      check(audience, status, variant());
      // Hidden by her choice on a category that is not sensitive: the same for the agency and the public.
      check(audience, status, variant({ category: PLAIN }));
    },
  );

  it("hides her from the agency however her number is written and whatever else the petition holds", () => {
    fc.assert(
      fc.property(
        fc.record({
          status: fc.constantFrom(...STATES),
          audience: fc.constantFrom<Audience>("agency", "public"),
          category: fc.constantFrom(SENSITIVE, PLAIN),
          forms: fc.array(fc.constantFrom(...PHONE_FORMS), { minLength: 1, maxLength: 5 }),
          withEmail: fc.boolean(),
          entered: fc.boolean(),
        }),
        ({ status, audience, ...o }) => {
          check(audience, status, variant({ ...o, share: false }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shows the agency who she is, and her own words, when she agreed: the public still sees the stage only", () => {
    for (const status of STATES) {
      check("agency", status, variant({ share: true }));
      const shown = check("public", status, variant({ share: true }));
      for (const { where, text } of shown) expect(text, where).not.toContain(COMMUNE_NAME);
    }
  });
});

describe("the public status of a sensitive petition", () => {
  const placeWords = (category: string) => {
    const c = config.categories.find((x) => x.id === category);
    const agency = config.agencies.find((a) => a.id === c?.agency)?.name as string;
    const units = config.womensUnion.units.map((u) => u.name);
    return [COMMUNE_NAME, c?.name as string, c?.en as string, agency, ...units, displayCode(OTHER)];
  };

  it("shows its stage and dates only: no commune, category, holder, agency, answer, reason or duplicate", () => {
    for (const status of STATES) {
      for (const v of [variant(), variant({ share: true }), variant({ category: PLAIN })]) {
        const { petition, history } = build(status, v);
        const view = petitionFor("public", petition, history, config);
        expect(Object.keys(view).sort(), status).toEqual(
          ["status", "statusLabel", "submittedAt", "timeline", "trackingCode", "updatedAt"].sort(),
        );
        for (const e of view.timeline) expect(Object.keys(e).sort()).toEqual(["action", "at", "label"]);
        for (const { where, text } of everything("public", petition, history)) {
          for (const word of placeWords(v.category)) expect(text, `${status} · ${where}`).not.toContain(word);
          if (!where.endsWith(" en")) expect(text, where).toContain(view.statusLabel.vi);
        }
      }
    }
  });

  it("of a plain petition still shows its commune, category, holder, agency, answer and reason (and no one)", () => {
    const v = variant({ category: PLAIN, share: true });
    for (const status of STATES) {
      const { petition, history } = build(status, v);
      const view = petitionFor("public", petition, history, config);
      expect(view.commune?.name).toBe(COMMUNE_NAME);
      expect(view.category?.id).toBe(PLAIN);
      expect(view.answer?.text).toBe(FACTS.answer);
      expect(view.duplicateOf).toBe(displayCode(OTHER));
      if (status === "rejected") expect(view.rejectionReason).toContain(FACTS.rejection);
      if (status === "screening") expect(view.currentStage?.vi).toBe(helpers.screeningUnit(COMMUNE)?.name);
      const page = String(statusPage(view, "vi", BASE));
      expect(page).toContain(COMMUNE_NAME);
      expect(page).toContain(FACTS.answer);
      // Her name is in none of the fields the public sees; the rejection reason is the only typed Union text.
      if (status !== "rejected") expect(hasHer(page + JSON.stringify(view))).toBe(false);
      for (const n of NOTES) expect(page).not.toContain(n.marker);
    }
  });
});

describe("a receipt to an address that has not answered before", () => {
  it("carries the code, the status link and fixed words: no typed name or title, not her link", () => {
    for (const lang of LANGS) {
      const { petition } = build("screening", variant({ category: PLAIN, share: true }));
      petition.lang = lang;
      const code = displayCode(petition.trackingCode);
      const ctx = { kind: "receipt" as const, petition, config, to: EMAIL, role: "petitioner" as const, baseUrl: BASE };
      for (const addressSeen of [undefined, false]) {
        const m = petitionMail({ ...ctx, actionToken: "a".repeat(32), addressSeen });
        for (const text of [m.subject, m.html, m.text]) {
          expect(text).not.toContain(NAME);
          expect(text).not.toContain(FACTS.title);
          expect(text).not.toContain(FACTS.content);
          expect(text).not.toContain("/a/");
          expect(text).toContain(code);
        }
        expect(m.text).toContain(`${BASE}/petitions/${code}`);
        // Nothing of the petition but its code: the same mail for any petition, the code aside.
        const other = build("screening", variant());
        other.petition.lang = lang;
        other.petition.trackingCode = petition.trackingCode;
        const same = petitionMail({ ...ctx, petition: other.petition, actionToken: "c".repeat(32), addressSeen });
        expect(same.html).toBe(m.html);
        expect(same.text).toBe(m.text);
      }
      // An address that answered before gets her greeting, her title and her link.
      const seen = petitionMail({ ...ctx, actionToken: "a".repeat(32), addressSeen: true });
      expect(seen.text).toContain(NAME);
      expect(seen.text).toContain(FACTS.title);
      expect(seen.text).toContain(`${BASE}/a/${"a".repeat(32)}`);
    }
  });
});
