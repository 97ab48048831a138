import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import type { Config } from "../../shared/config/schema.ts";
import type { HistoryEntry, Petition } from "../../shared/petitions/petition.ts";
import {
  type LeadersReport,
  leadersReport,
  median,
  type Period,
  parsePeriod,
  periodOf,
  type Ratio,
  ratio,
} from "../../shared/reports/leaders.ts";
import { leadersCsv, leadersPage } from "../../shared/reports/leaders-page.ts";
import { fixture } from "../support/fixtures.ts";

/**
 * The leaders' on-time report against numbers worked out by hand from test/fixtures/report-30.json: 30 petitions of
 * the demo district (Lâm Bình) from January to March 2027, "today" 2027-03-22.
 *
 * How to read the expectations. The demo calendar's 2027 Tết is 5 and 8–11 February (with the weekend of 6–7, nothing
 * works from Friday 5 to Thursday 11; Friday 12 does). Numbering the working days of 2027 from 4 January (1) — Jan
 * 4–8 = 1–5, 11–15 = 6–10, 18–22 = 11–15, 25–29 = 16–20; Feb 1–4 = 21–24, 12 = 25, 15–19 = 26–30, 22–26 = 31–35;
 * Mar 1–5 = 36–40, 8–12 = 41–45, 15–19 = 46–50, 22 = 51 — the working days from one day to another are the
 * difference of their numbers (a weekend or holiday counts as the working day before it).
 *
 * The petitions, P1…P30, by agency: S submitted, A accepted, F forwarded, K acknowledged, N answered (wd: working
 * days from F to N), late steps marked.
 *   phong-yte (health, ack 5 wd, answer 10 wd): P1 F Jan 7 N Jan 15 (6, on time); P2 F Jan 28 N Feb 18 (10, on
 *     time); P3 F Feb 3 N Mar 8 (18, answer late); P4 F Feb 17 K Feb 26 (late) N Mar 5 (12, late: its
 *     acknowledgement was); P29 F Jan 13 N Jan 29 (12, late; protected); P5 F Mar 3 K Mar 4, answer due Mar 18, open.
 *   ubnd-xa (infrastructure: answer 15 wd; other, child marriage: 10): P6 F Jan 12 N Feb 2 (15, on time); P7 F Jan 15
 *     N Jan 20 without acknowledging (3, on time); P8 F Jan 22 N Feb 12 (10, on time); P9 F Feb 4 K Feb 19 (late)
 *     N Mar 1 (12, late); P11 F Mar 4 N Mar 12 (6, on time); P10 F Feb 24, answer due Mar 11, open; P12 F Mar 10,
 *     acknowledgement due Mar 17, open; P28 F Jan 27, returned Feb 1 (not its competence), re-forwarded to
 *     phong-ldtbxh Feb 12 and answered Feb 26 (10, on time).
 *   nhcsxh (credit): P13 F Jan 13 N Jan 27 (10); P14 F Feb 12 N Mar 3 (13, late); P15 F Feb 15 N Sunday Feb 28
 *     23:00 (9); P16 F Feb 12 N Monday Mar 1 00:10 (11, on time: due Mar 1).
 *   cong-an (violence: ack 2 wd; protected): P17 F Jan 20 N Feb 3 (10, on time); P18 F Mar 9, ack due Mar 11, open.
 *   bhxh (insurance): P19 F Feb 15 N Mar 8 (15, on time, though the Union was late); P20 F Feb 18 N Feb 26 without
 *     acknowledging, after its acknowledgement deadline of Feb 25 (6, late).
 *   phong-tnmt (land): P30 F Feb 19 N Mar 9 (12, late).
 *   Never forwarded: P21 rejected at screening, P22 rejected at approval (late), P23 withdrawn, P24 duplicate, P25 in
 *     screening (due Mar 17), P26 in approval (due Mar 15), P27 asked for more information.
 * Verdicts (her word): P1 resolved Feb 15, P2 not resolved Mar 10, P4 resolved Mar 19, P6 resolved Feb 20, P8 not yet
 * Mar 1, P9 resolved Mar 20, P13 resolved Feb 1, P14 not resolved Mar 15, P16 resolved Mar 22, P17 resolved Feb 25,
 * P19 not yet Mar 18, P20 resolved Mar 12, P29 not resolved Feb 8.
 * Boundaries: P30 was sent on 31 January at 23:30 in Vietnam, P3 on 1 February at 00:30 (still 31 January in UTC).
 */

interface Fixture {
  today: string;
  petitions: { petition: Petition; history: HistoryEntry[] }[];
}

const data = fixture<Fixture>("report-30.json");
const config = demoConfig();
const DISTRICT = "hlhpn-lam-binh";

const period = (label: string): Period => parsePeriod(label) as Period;
const Q1 = period("2027-Q1");
const JAN = period("2027-01");
const FEB = period("2027-02");
const MAR = period("2027-03");

function reportOf(p: Period, more: { config?: Config; unitId?: string; petitions?: Fixture["petitions"] } = {}) {
  return leadersReport({
    config: more.config ?? config,
    unitId: more.unitId ?? DISTRICT,
    period: p,
    today: data.today,
    petitions: more.petitions ?? data.petitions,
  });
}

/** Pn's tracking code as shown: the fixture numbers its codes TNRPTQ + n in the letters A C D E F G H J K M + XY. */
const P = (n: number) => `TNRPT-Q${"ACDEFGHJKM"[Math.floor(n / 10)]}${"ACDEFGHJKM"[n % 10]}XY`;
const fixturePetition = (n: number) => data.petitions[n - 1] as Fixture["petitions"][number];

const r = (count: number, of: number, percent?: number): Ratio =>
  percent === undefined ? { count, of } : { count, of, percent };
const byId = <T extends { id: string }>(list: readonly T[]) => Object.fromEntries(list.map((x) => [x.id, x]));

describe("the fixture", () => {
  it("is the 30 petitions the expectations were worked out from", () => {
    expect(data.petitions).toHaveLength(30);
    expect(displayOf(fixturePetition(2).petition.trackingCode)).toBe(P(2));
    expect(fixturePetition(30).petition.createdAt).toBe("2027-01-31T16:30:00.000Z");
  });
});

const displayOf = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

describe("what the deadline sweeper adds to a history", () => {
  it("changes no figure: reminders, escalations, her being asked and her 'not yet' record where a petition stays", () => {
    const withAlarms = data.petitions.map(({ petition, history }) => {
      const last = history.at(-1) as HistoryEntry;
      const later = new Date(Date.parse(last.at) + 3 * 86_400_000).toISOString();
      const stays = (action: HistoryEntry["action"]): HistoryEntry => ({
        version: last.version,
        at: later,
        action,
        role: "system",
        actor: "Tiếng Nói",
        to: last.to,
      });
      const extra = [stays("remind"), stays("escalate"), stays("ask")];
      if (last.to === "answered") extra.push({ ...stays("not_yet"), role: "petitioner", from: "answered" });
      return { petition, history: [...history, ...extra] };
    });
    for (const p of [Q1, JAN, FEB, MAR]) expect(reportOf(p, { petitions: withAlarms })).toEqual(reportOf(p));
  });
});

describe("the first quarter of 2027", () => {
  const report = reportOf(Q1);

  it("counts every agency's received, answered, on time, median, her verdicts and what it holds overdue", () => {
    expect(report.agencies).toEqual([
      // P6 P7 P8 P9 P10 P11 P12, and P28 before it came back; answered P6 P7 P8 P11 on time, P9 late; 3 6 10 12 15.
      {
        id: "ubnd-xa",
        received: 8,
        answered: 5,
        onTime: r(4, 5, 80),
        medianWorkingDays: 10,
        resolved: r(2, 3, 67), // P6 resolved, P8 not yet, P9 resolved
        overdueNow: 2, // P10, P12
      },
      // P28, re-routed to it.
      {
        id: "phong-ldtbxh",
        received: 1,
        answered: 1,
        onTime: r(1, 1, 100),
        medianWorkingDays: 10,
        resolved: r(0, 0),
        overdueNow: 0,
      },
      // P1 P2 P3 P4 P5 P29; on time P1 P2 of five; 6 10 12 12 18; P1 P4 resolved, P2 P29 not.
      {
        id: "phong-yte",
        received: 6,
        answered: 5,
        onTime: r(2, 5, 40),
        medianWorkingDays: 12,
        resolved: r(2, 4, 50),
        overdueNow: 1,
      },
      {
        id: "phong-tnmt",
        received: 1,
        answered: 1,
        onTime: r(0, 1, 0),
        medianWorkingDays: 12,
        resolved: r(0, 0),
        overdueNow: 0,
      },
      // P19 on time (15), P20 late (6): median (6 + 15) / 2; P19 not yet, P20 resolved.
      {
        id: "bhxh",
        received: 2,
        answered: 2,
        onTime: r(1, 2, 50),
        medianWorkingDays: 10.5,
        resolved: r(1, 2, 50),
        overdueNow: 0,
      },
      // P14 late; 9 10 11 13; P13 P16 resolved, P14 not.
      {
        id: "nhcsxh",
        received: 4,
        answered: 4,
        onTime: r(3, 4, 75),
        medianWorkingDays: 10.5,
        resolved: r(2, 3, 67),
        overdueNow: 0,
      },
      {
        id: "cong-an",
        received: 2,
        answered: 1,
        onTime: r(1, 1, 100),
        medianWorkingDays: 10,
        resolved: r(1, 1, 100),
        overdueNow: 1,
      },
    ]);
  });

  it("totals the area: 30 received, 19 answered, 12 on time, median 10 working days, 8 of 13 verdicts resolved", () => {
    // The 19 durations: 3 6 6 6 9 10 10 10 10 [10] 11 12 12 12 12 13 15 15 18.
    expect(report.totals).toEqual({
      received: 30,
      answered: 19,
      onTime: r(12, 19, 63),
      medianWorkingDays: 10,
      resolved: r(8, 13, 62),
      overdueNow: 6,
      byStatus: {
        answered: 18,
        closed: 1,
        acknowledged: 2,
        forwarded: 2,
        rejected: 2,
        withdrawn: 1,
        duplicate: 1,
        screening: 1,
        approval: 1,
        needs_info: 1,
      },
    });
  });

  it("times the Union's own steps by commune union: each end of a step against its own deadline", () => {
    const units = byId(report.units);
    expect(report.units.map((u) => u.id)).toEqual([
      "hlhpn-lang-can",
      "hlhpn-thuong-lam",
      "hlhpn-khuon-ha",
      "hlhpn-phuc-yen",
      "hlhpn-xuan-lap",
      "hlhpn-binh-an",
      "hlhpn-hong-quang",
      "hlhpn-tho-binh",
    ]);
    // Lăng Can: screenings 1 1 1 1 1 1 4 5 (P15 and P30 across Tết); approvals 1 1 1 1 3 5.
    expect(units["hlhpn-lang-can"]).toEqual({
      id: "hlhpn-lang-can",
      area: "lang-can",
      screening: { received: 8, onTime: r(8, 8, 100), medianWorkingDays: 1, overdueNow: 0 },
      approval: { received: 6, onTime: r(6, 6, 100), medianWorkingDays: 1, overdueNow: 0 },
    });
    // Thượng Lâm: P28 was approved twice (before and after the agency returned it): 7 entered approval, 8 ended.
    expect(units["hlhpn-thuong-lam"]).toEqual({
      id: "hlhpn-thuong-lam",
      area: "thuong-lam",
      screening: { received: 9, onTime: r(9, 9, 100), medianWorkingDays: 1, overdueNow: 0 },
      approval: { received: 7, onTime: r(8, 8, 100), medianWorkingDays: 1, overdueNow: 0 },
    });
    // Khuôn Hà: P7 screened late (6); screenings 0 1 2 [2] 5 5 6; P22 rejected late at approval; P26 overdue there.
    expect(units["hlhpn-khuon-ha"]).toEqual({
      id: "hlhpn-khuon-ha",
      area: "khuon-ha",
      screening: { received: 7, onTime: r(6, 7, 86), medianWorkingDays: 2, overdueNow: 0 },
      approval: { received: 7, onTime: r(5, 6, 83), medianWorkingDays: 1, overdueNow: 1 },
    });
    // Phúc Yên: P19 late at both steps; P25 still in screening, overdue.
    expect(units["hlhpn-phuc-yen"]).toEqual({
      id: "hlhpn-phuc-yen",
      area: "phuc-yen",
      screening: { received: 6, onTime: r(4, 5, 80), medianWorkingDays: 1, overdueNow: 1 },
      approval: { received: 5, onTime: r(4, 5, 80), medianWorkingDays: 1, overdueNow: 0 },
    });
    expect(units["hlhpn-tho-binh"]).toEqual({
      id: "hlhpn-tho-binh",
      area: "tho-binh",
      screening: { received: 0, onTime: r(0, 0), overdueNow: 0 },
      approval: { received: 0, onTime: r(0, 0), overdueNow: 0 },
    });
  });

  it("counts by commune (every commune of the district, in the configuration's order) and by category", () => {
    expect(report.communes.map((c) => [c.id, c.received, c.answered, c.onTime])).toEqual([
      ["lang-can", 8, 5, r(2, 5, 40)], // P8 P15 on time; P3 P20 P30 late
      ["thuong-lam", 9, 6, r(5, 6, 83)], // P4 late
      ["khuon-ha", 7, 4, r(3, 4, 75)], // P14 late
      ["phuc-yen", 6, 4, r(2, 4, 50)], // P9 P29 late
      ["xuan-lap", 0, 0, r(0, 0)],
      ["binh-an", 0, 0, r(0, 0)],
      ["hong-quang", 0, 0, r(0, 0)],
      ["tho-binh", 0, 0, r(0, 0)],
    ]);
    expect(report.categories.map((c) => [c.id, c.received, c.answered, c.onTime, c.medianWorkingDays])).toEqual([
      ["credit", 4, 4, r(3, 4, 75), 10.5],
      ["health", 7, 5, r(2, 5, 40), 12],
      ["insurance", 2, 2, r(1, 2, 50), 10.5],
      ["education", 1, 0, r(0, 0), undefined],
      ["employment", 2, 0, r(0, 0), undefined],
      ["ethnic-policy", 1, 0, r(0, 0), undefined],
      ["land", 2, 1, r(0, 1, 0), 12],
      ["child-marriage", 1, 0, r(0, 0), undefined],
      ["violence", 2, 1, r(1, 1, 100), 10],
      ["infrastructure", 3, 3, r(2, 3, 67), 12], // 6 12 15
      ["other", 5, 3, r(3, 3, 100), 10], // 3 10 10
    ]);
  });

  it("lists what is overdue today, most working days past first, a protected petition without code or place", () => {
    expect(report.overdue).toEqual([
      {
        code: P(10),
        protected: false,
        category: "child-marriage",
        commune: "thuong-lam",
        step: "answer",
        due: "2027-03-11",
        workingDaysOverdue: 7, // Mar 12, 15–19, 22
        holder: { role: "agency", id: "ubnd-xa" },
      },
      {
        protected: true,
        step: "acknowledgement",
        due: "2027-03-11",
        workingDaysOverdue: 7,
        holder: { role: "agency", id: "cong-an" },
      },
      {
        code: P(26),
        protected: false,
        category: "employment",
        commune: "khuon-ha",
        step: "approval",
        due: "2027-03-15",
        workingDaysOverdue: 5,
        holder: { role: "approver", id: "hlhpn-lam-binh" },
      },
      {
        code: P(12),
        protected: false,
        category: "other",
        commune: "lang-can",
        step: "acknowledgement",
        due: "2027-03-17",
        workingDaysOverdue: 3,
        holder: { role: "agency", id: "ubnd-xa" },
      },
      {
        code: P(25),
        protected: false,
        category: "ethnic-policy",
        commune: "phuc-yen",
        step: "screening",
        due: "2027-03-17",
        workingDaysOverdue: 3,
        holder: { role: "screener", id: "hlhpn-phuc-yen" },
      },
      {
        code: P(5),
        protected: false,
        category: "health",
        commune: "phuc-yen",
        step: "answer",
        due: "2027-03-18",
        workingDaysOverdue: 2,
        holder: { role: "agency", id: "phong-yte" },
      },
    ]);
    expect(report.names.agencies["cong-an"]).toBe("Công an huyện Lâm Bình");
    expect(report.names.units["hlhpn-lam-binh"]).toBe("Hội LHPN huyện Lâm Bình");
  });

  it("counts women by gender and consented ethnicity, a group of fewer than 3 only as suppressed", () => {
    // Everyone was received in the quarter. Men: P4 P20; other: P11; not stated: P30.
    expect(report.gender).toEqual([
      { id: "female", received: 26, answered: 15 },
      { id: "male", suppressed: true },
      { id: "other", suppressed: true },
      { id: "not_stated", suppressed: true },
    ]);
    // Tày 13 (8 answered), Dao 7 (4), Mông 6 (4); Kinh P20, Nùng P12; not stated P8 P30.
    expect(report.ethnicity).toEqual([
      { id: "02", received: 13, answered: 8 },
      { id: "09", received: 7, answered: 4 },
      { id: "08", received: 6, answered: 4 },
      { id: "01", suppressed: true },
      { id: "07", suppressed: true },
      { id: "not_stated", suppressed: true },
    ]);
    expect(report.names.ethnicities).toEqual({ "02": "Tày", "09": "Dao", "08": "Mông", "01": "Kinh", "07": "Nùng" });
  });

  it("counts working days across Tết without its holidays", () => {
    // P2: forwarded Thu Jan 28, answered Thu Feb 18: 21 calendar days, 15 weekdays, 10 working days.
    const p2 = report.rows.find((row) => row.code === P(2));
    expect(p2).toMatchObject({
      forwarded: "2027-01-28",
      answered: "2027-02-18",
      workingDaysToAnswer: 10,
      onTime: true,
    });
    // P16's approval: accepted Thu Feb 4, forwarded Fri Feb 12: one working day (February's figures, below).
    expect(reportOf(FEB).units.find((u) => u.id === "hlhpn-phuc-yen")?.approval).toEqual({
      received: 2, // P9 and P16 entered approval in February; P19 in January
      onTime: r(2, 3, 67), // P9 (1), P16 (1), P19 late (7)
      medianWorkingDays: 1,
      overdueNow: 0,
    });
  });

  it("has one row per petition, as it stands today, without personal data", () => {
    expect(report.rows).toHaveLength(30);
    expect(report.rows.find((row) => row.code === P(28))).toEqual({
      code: P(28),
      protected: false,
      category: "other",
      commune: "thuong-lam",
      received: "2027-01-25",
      agency: "phong-ldtbxh",
      forwarded: "2027-02-12",
      answered: "2027-02-26",
      workingDaysToAnswer: 10,
      onTime: true,
      status: "answered",
    });
    // P17, P18 (violence) and P29 (she kept her name from the agency) are counted, without code, category or place.
    const guarded = report.rows.filter((row) => row.protected);
    expect(guarded).toHaveLength(3);
    for (const row of guarded) expect(Object.keys(row)).not.toEqual(expect.arrayContaining(["code"]));
    expect(guarded.map((row) => row.agency).sort()).toEqual(["cong-an", "cong-an", "phong-yte"]);
  });
});

describe("February 2027 (Tết)", () => {
  const report = reportOf(FEB);

  it("counts only what happened in February", () => {
    // Received: P3 P4 P9 P10 P15 P16 P20 P22 P23. Answered: P2 P6 P8 P15 P17 P20 P28 (P20 late): 6 9 10 10 10 10 15.
    // Verdicts: P1 P6 P13 P17 resolved, P29 not.
    expect(report.totals).toMatchObject({
      received: 9,
      answered: 7,
      onTime: r(6, 7, 86),
      medianWorkingDays: 10,
      resolved: r(4, 5, 80),
      overdueNow: 6,
    });
    const agencies = byId(report.agencies);
    expect(report.agencies.map((a) => a.id)).toEqual([
      "ubnd-xa",
      "phong-ldtbxh",
      "phong-yte",
      "phong-tnmt",
      "bhxh",
      "nhcsxh",
      "cong-an",
    ]);
    // ubnd-xa: P9 P10 forwarded; P6 (15) and P8 (10) answered on time.
    expect(agencies["ubnd-xa"]).toEqual({
      id: "ubnd-xa",
      received: 2,
      answered: 2,
      onTime: r(2, 2, 100),
      medianWorkingDays: 12.5,
      resolved: r(1, 1, 100),
      overdueNow: 2,
    });
    // phong-yte: P3 P4 forwarded, P2 answered; P1 resolved, P29 not.
    expect(agencies["phong-yte"]).toEqual({
      id: "phong-yte",
      received: 2,
      answered: 1,
      onTime: r(1, 1, 100),
      medianWorkingDays: 10,
      resolved: r(1, 2, 50),
      overdueNow: 1,
    });
    // cong-an received nothing in February but answered P17 (forwarded in January).
    expect(agencies["cong-an"]).toMatchObject({ received: 0, answered: 1, onTime: r(1, 1, 100) });
    expect(agencies.bhxh).toMatchObject({ received: 2, answered: 1, onTime: r(0, 1, 0), resolved: r(0, 0) });
    expect(agencies["phong-tnmt"]).toEqual({
      id: "phong-tnmt",
      received: 1,
      answered: 0,
      onTime: r(0, 0),
      resolved: r(0, 0),
      overdueNow: 0,
    });
    // 20 petitions had something happen in February; P5 P7 P11 P12 P18 P21 P24 P25 P26 P27 had nothing.
    expect(report.rows).toHaveLength(20);
  });

  it("suppresses the small groups of the month", () => {
    // Of the 14 received or answered in February: men P4 P20; Dao P2 P22, Mông P9 P16, Kinh P20, not stated P8.
    expect(report.gender).toEqual([
      { id: "female", received: 7, answered: 6 },
      { id: "male", suppressed: true },
      { id: "other", received: 0, answered: 0 },
      { id: "not_stated", received: 0, answered: 0 },
    ]);
    expect(report.ethnicity).toEqual([
      { id: "02", received: 5, answered: 4 },
      { id: "08", suppressed: true },
      { id: "09", suppressed: true },
      { id: "01", suppressed: true },
      { id: "not_stated", suppressed: true },
    ]);
  });
});

describe("the period's edges, in Vietnam's days", () => {
  it("puts a petition sent at 23:30 on 31 January in January, and one sent at 00:30 on 1 February in February", () => {
    const jan = reportOf(JAN);
    const feb = reportOf(FEB);
    expect(jan.totals.received).toBe(13);
    expect(jan.rows.map((row) => row.code)).toContain(P(30));
    expect(feb.rows.find((row) => row.code === P(30))?.received).toBe("2027-01-31");
    expect(jan.rows.map((row) => row.code)).not.toContain(P(3));
    expect(feb.rows.find((row) => row.code === P(3))?.received).toBe("2027-02-01");
    expect(jan.totals.received + feb.totals.received + reportOf(MAR).totals.received).toBe(30);
  });

  it("counts an answer at 23:00 on Sunday 28 February in February, one at 00:10 on 1 March in March", () => {
    const feb = byId(reportOf(FEB).agencies);
    const mar = byId(reportOf(MAR).agencies);
    expect(feb.nhcsxh).toMatchObject({ answered: 1, onTime: r(1, 1, 100), medianWorkingDays: 9 }); // P15
    expect(mar.nhcsxh).toMatchObject({ answered: 2, onTime: r(1, 2, 50), medianWorkingDays: 12 }); // P16 11, P14 13
    expect(reportOf(JAN).totals.answered + reportOf(FEB).totals.answered + reportOf(MAR).totals.answered).toBe(19);
  });
});

describe("the unit's area", () => {
  /** The demo province with a second district (Na Hang), its commune Thanh Tương, and a province union. */
  const wider: Config = {
    ...config,
    areas: [
      ...config.areas,
      { id: "na-hang", name: "Huyện Na Hang", level: "district", parent: "tuyen-quang" },
      { id: "thanh-tuong", name: "Xã Thanh Tương", level: "commune", parent: "na-hang" },
    ],
    womensUnion: {
      units: [
        // The demo may already have a province union: this one replaces it, so that the test holds either way.
        ...config.womensUnion.units.filter((u) => u.id !== "hlhpn-tuyen-quang"),
        {
          id: "hlhpn-tuyen-quang",
          name: "Hội LHPN tỉnh Tuyên Quang",
          area: "tuyen-quang",
          staff: [{ name: "Cán bộ tỉnh", email: "tinh@example.org", role: "approver" }],
        },
        {
          id: "hlhpn-thanh-tuong",
          name: "Hội LHPN xã Thanh Tương",
          area: "thanh-tuong",
          staff: [{ name: "Cán bộ xã", email: "thanhtuong@example.org", role: "screener" }],
        },
      ],
    },
  };
  const first = fixturePetition(1);
  const elsewhere = {
    petition: {
      ...first.petition,
      trackingCode: "NAHANG3333",
      commune: "thanh-tuong",
      routing: { ...first.petition.routing, screeningUnit: "hlhpn-thanh-tuong", approvingUnit: "hlhpn-tuyen-quang" },
    },
    history: first.history,
  };
  const petitions = [...data.petitions, elsewhere];

  it("leaves out a petition of another district, which the province's report counts", () => {
    const district = reportOf(Q1, { config: wider, petitions });
    expect(district.totals.received).toBe(30);
    expect(district.rows.map((row) => row.code)).not.toContain("NAHAN-G3333");
    expect(district.agencies.find((a) => a.id === "phong-yte")?.received).toBe(6);
    const province = reportOf(Q1, { config: wider, petitions, unitId: "hlhpn-tuyen-quang" });
    expect(province.totals.received).toBe(31);
    expect(province.agencies.find((a) => a.id === "phong-yte")?.received).toBe(7);
    expect(province.communes.map((c) => c.id)).toContain("thanh-tuong");
  });

  it("of a commune union is its commune only", () => {
    const commune = reportOf(Q1, { unitId: "hlhpn-thuong-lam" });
    expect(commune.totals.received).toBe(9);
    expect(commune.communes.map((c) => c.id)).toEqual(["thuong-lam"]);
    expect(commune.units.map((u) => u.id)).toEqual(["hlhpn-thuong-lam"]);
  });

  it("refuses a unit the configuration does not have", () => {
    expect(() => reportOf(Q1, { unitId: "hlhpn-nowhere" })).toThrow(/hlhpn-nowhere/);
  });
});

describe("history it does not know", () => {
  it("reads a reminder, a re-route and an unknown state without failing, and counts the re-route as a send", () => {
    const p5 = fixturePetition(5);
    const at = (day: string) => `${day}T02:00:00.000Z`;
    const history: HistoryEntry[] = [
      ...p5.history,
      {
        version: 5,
        at: at("2027-03-19"),
        action: "remind" as never,
        role: "approver",
        actor: "Hệ thống",
        from: "acknowledged",
        to: "acknowledged",
      },
      {
        version: 6,
        at: at("2027-03-22"),
        action: "reroute" as never,
        role: "approver",
        actor: "Cán bộ Hội LHPN huyện Lâm Bình",
        from: "acknowledged",
        to: "forwarded",
        ended: { step: "answer", due: "2027-03-18", onTime: false },
        agency: "phong-ldtbxh",
      },
      {
        version: 7,
        at: at("2027-03-22"),
        action: "take_over" as never,
        role: "approver",
        actor: "x",
        from: "forwarded",
        to: "parked" as never,
      },
    ];
    const report = reportOf(Q1, { petitions: [{ petition: p5.petition, history }] });
    expect(report.agencies.map((a) => [a.id, a.received])).toEqual([
      ["phong-ldtbxh", 1],
      ["phong-yte", 1],
    ]);
    expect(report.totals.received).toBe(1);
  });
});

describe("a step handed to someone else", () => {
  it("times the new holder's part from the hand-over, not from the first holder's start", () => {
    // P26 waits for approval since Mar 8 (due Mar 15). On Mar 22 the province union takes it over (the district's
    // approval ends late, after 10 working days) and forwards it the same day (its own approval: 0 working days).
    const p26 = fixturePetition(26);
    const history: HistoryEntry[] = [
      ...p26.history,
      {
        version: 3,
        at: "2027-03-22T02:00:00.000Z",
        action: "take_over" as never,
        role: "overseer" as never,
        actor: "Hội LHPN tỉnh Tuyên Quang",
        from: "approval",
        to: "approval",
        ended: { step: "approval", due: "2027-03-15", onTime: false },
      },
      {
        version: 4,
        at: "2027-03-22T08:00:00.000Z",
        action: "forward",
        role: "approver",
        actor: "Hội LHPN tỉnh Tuyên Quang",
        from: "approval",
        to: "forwarded",
        ended: { step: "approval", due: "2027-03-29", onTime: true },
        agency: "phong-ldtbxh",
      },
    ];
    const report = reportOf(Q1, { petitions: [{ petition: { ...p26.petition, status: "forwarded" }, history }] });
    expect(report.units.find((u) => u.id === "hlhpn-khuon-ha")?.approval).toEqual({
      received: 1,
      onTime: r(1, 2, 50),
      medianWorkingDays: 5, // (10 + 0) / 2
      overdueNow: 0,
    });
  });
});

/** Every name, phone number, e-mail address, title, text and village of the fixture's petitioners. */
const personal = data.petitions.flatMap(({ petition: p }) =>
  [p.petitioner.fullName, p.petitioner.phone, p.petitioner.email, p.title, p.content, p.village].filter(
    (s): s is string => typeof s === "string",
  ),
);
/** The codes of the protected petitions: P17, P18 (violence), P29 (her name kept from the agency). */
const protectedCodes = [17, 18, 29].flatMap((n) => [P(n), fixturePetition(n).petition.trackingCode]);

describe("what the report shows", () => {
  const report = reportOf(Q1);
  const json = JSON.stringify(report);
  const vi = leadersPage(report, "vi", { csvHref: "?period=2027-Q1&format=csv" });
  const en = leadersPage(report, "en");
  const csv = leadersCsv(report);

  it("never names a petitioner, her phone, her words or her village, nor a protected petition's code", () => {
    expect(personal.length).toBeGreaterThan(90);
    for (const text of [json, vi, en, csv]) {
      for (const s of [...personal, ...protectedCodes]) expect(text.includes(s), s).toBe(false);
    }
  });

  it("is a page with no script, its charts readable by a screen reader, under 40 KB", () => {
    expect(vi.startsWith('<!doctype html><html lang="vi">')).toBe(true);
    expect(balanced(vi)).toEqual([]);
    expect(vi).not.toMatch(/<script|\son\w+=|javascript:|https?:\/\//i);
    const charts = vi.match(/<svg role="img" aria-labelledby="([\w-]+)"/g) ?? [];
    expect(charts).toHaveLength(2);
    // The on-time chart's accessible name carries every agency's numbers; the communes' carries the counts.
    const title = (id: string) => new RegExp(`<title id="${id}">([^<]*)</title>`).exec(vi)?.[1] ?? "";
    expect(title("chart-on-time")).toContain("Phòng Y tế huyện Lâm Bình 40% (2/5)");
    expect(title("chart-on-time")).toContain("Ngân hàng Chính sách xã hội huyện Lâm Bình 75% (3/4)");
    expect(title("chart-communes")).toContain("Xã Thượng Lâm 9");
    expect(vi).toContain('viewBox="0 0 320 ');
    expect(vi).toContain('width="100%"');
    // The tables: the totals, the median as Vietnamese writes it, a small group, a protected petition.
    expect(vi).toContain("63% (12/19)");
    expect(vi).toContain("<td>10,5</td>");
    expect(vi).toContain("&lt; 3");
    expect(vi).toContain("Kiến nghị được bảo vệ");
    expect(vi).toContain(P(10));
    expect(Buffer.byteLength(vi, "utf8")).toBeLessThan(40_000);
  });

  it("offers the periods by month, quarter and year in a form that gets the page again", () => {
    expect(vi).toMatch(/<form method="get"><label for="period">/);
    expect(vi).toContain('<option value="2027-Q1" selected>Quý 1/2027</option>');
    expect(vi).toContain('<option value="2027-02">Tháng 2/2027</option>');
    expect(vi).toContain('<option value="2026">Năm 2026</option>');
    expect(vi).toContain('href="?period=2027-Q1&amp;lang=en"');
    expect(en).toContain('<input type="hidden" name="lang" value="en">');
  });

  it("is in English when asked", () => {
    expect(en.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(en).toContain("Answers on time, by agency");
    expect(en).toContain("<td>10.5</td>");
    expect(en).toContain("Q1 2027");
    expect(en).not.toContain("Kiến nghị được bảo vệ");
  });

  it("is a CSV file for Excel: BOM, CRLF, one line per petition, no formula", () => {
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = csv.slice(1, -2).split("\r\n");
    expect(lines).toHaveLength(31);
    expect(lines[0]).toBe(
      "Mã tra cứu,Lĩnh vực,Xã,Ngày gửi,Cơ quan,Ngày chuyển cơ quan,Ngày trả lời,Số ngày làm việc để trả lời,Đúng hạn,Ý kiến người kiến nghị,Tình trạng",
    );
    expect(lines.find((l) => l.startsWith(P(2)))).toBe(
      `${P(2)},"Y tế, chăm sóc sức khỏe bà mẹ và trẻ em",Xã Khuôn Hà,2027-01-25,Phòng Y tế huyện Lâm Bình,2027-01-28,2027-02-18,10,Đúng hạn,Chưa giải quyết,Đã có trả lời`,
    );
    expect(lines.filter((l) => l.startsWith("Kiến nghị được bảo vệ,,,"))).toHaveLength(3);
    // P7's title is a formula: titles never reach the file.
    expect(csv).not.toContain("HYPERLINK");
  });

  it("defuses a cell a spreadsheet would run, whatever the configuration names", () => {
    const hostile: Config = {
      ...config,
      agencies: config.agencies.map((a) => (a.id === "ubnd-xa" ? { ...a, name: "=cmd|' /C calc'!A0" } : a)),
      areas: config.areas.map((a) => (a.id === "lang-can" ? { ...a, name: "@SUM(1+1)*cmd" } : a)),
    };
    const file = leadersCsv(reportOf(Q1, { config: hostile }));
    expect(file).toContain(",'=cmd|' /C calc'!A0,");
    expect(file).toContain(",'@SUM(1+1)*cmd,");
    expect(file).not.toMatch(/(^|,)[=@+-]/m);
  });
});

describe("periods and arithmetic", () => {
  it("are the month, quarter or year that holds a day", () => {
    expect(periodOf("month", "2027-02-14")).toEqual({
      kind: "month",
      label: "2027-02",
      year: 2027,
      index: 2,
      from: "2027-02-01",
      to: "2027-02-28",
    });
    expect(periodOf("month", "2028-02-01").to).toBe("2028-02-29");
    expect(periodOf("month", "2027-12-31")).toMatchObject({ from: "2027-12-01", to: "2027-12-31" });
    expect(periodOf("quarter", "2027-05-31")).toMatchObject({ label: "2027-Q2", from: "2027-04-01", to: "2027-06-30" });
    expect(periodOf("quarter", "2027-12-01")).toMatchObject({ label: "2027-Q4", from: "2027-10-01", to: "2027-12-31" });
    expect(periodOf("year", "2027-07-04")).toMatchObject({ label: "2027", from: "2027-01-01", to: "2027-12-31" });
  });

  it("are read from a URL as 2027-02, 2027-Q1 or 2027, and nothing else", () => {
    expect(parsePeriod("2027-02")).toEqual(periodOf("month", "2027-02-01"));
    expect(parsePeriod("2027-Q1")).toEqual(periodOf("quarter", "2027-01-01"));
    expect(parsePeriod("2027")).toEqual(periodOf("year", "2027-01-01"));
    for (const bad of [
      undefined,
      "",
      "2027-13",
      "2027-00",
      "2027-2",
      "2027-Q5",
      "2027-Q0",
      "2027-q1",
      "27-02",
      "2027-02-01",
      " 2027",
      "2027 ",
      "1999",
      "2027/02",
      "2027-02,2027-03",
    ]) {
      expect(parsePeriod(bad), String(bad)).toBeUndefined();
    }
  });

  it("take the median of an even number as the mean of the middle two; say 100% only of all, 0% only of none", () => {
    expect(ratio(199, 200).percent).toBe(99);
    expect(ratio(1, 300).percent).toBe(1);
    expect(ratio(2, 3).percent).toBe(67);
    expect(ratio(0, 0)).toEqual({ count: 0, of: 0 });
    expect(median([])).toBeUndefined();
    expect(median([7])).toBe(7);
    expect(median([12, 6, 18, 10])).toBe(11);
  });
});

describe("for any petitions and any period", () => {
  const periods = ["2027", "2027-Q1", "2027-01", "2027-02", "2027-03", "2026-12"].map(period);
  const ratios = (report: LeadersReport): Ratio[] => [
    report.totals.onTime,
    report.totals.resolved,
    ...report.agencies.flatMap((a) => [a.onTime, a.resolved]),
    ...report.units.flatMap((u) => [u.screening.onTime, u.approval.onTime]),
    ...report.categories.map((c) => c.onTime),
    ...report.communes.map((c) => c.onTime),
  ];

  it("keeps every percentage within 0–100, sums that add up and no small group counted", () => {
    fc.assert(
      fc.property(fc.subarray(data.petitions), fc.constantFrom(...periods), (petitions, p) => {
        const report = reportOf(p, { petitions });
        for (const x of ratios(report)) {
          expect(x.count).toBeGreaterThanOrEqual(0);
          expect(x.count).toBeLessThanOrEqual(x.of);
          if (x.of === 0) expect(x.percent).toBeUndefined();
          else expect(x.percent).toBeGreaterThanOrEqual(0);
          if (x.of > 0) expect(x.percent).toBeLessThanOrEqual(100);
        }
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(report.agencies.map((a) => a.answered))).toBe(report.totals.answered);
        expect(sum(report.communes.map((c) => c.received))).toBe(report.totals.received);
        expect(sum(report.categories.map((c) => c.answered))).toBe(report.totals.answered);
        expect(report.totals.onTime.of).toBeLessThanOrEqual(report.totals.answered);
        for (const g of [...report.gender, ...report.ethnicity]) {
          const shown = (g.received ?? 0) + (g.answered ?? 0);
          if (!g.suppressed) expect(shown === 0 || shown >= report.smallGroup).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("never has an agency answer more than it received, over the whole year", () => {
    fc.assert(
      fc.property(fc.subarray(data.petitions), (petitions) => {
        for (const a of reportOf(period("2027"), { petitions }).agencies) {
          expect(a.answered).toBeLessThanOrEqual(a.received);
          expect(a.onTime.of).toBeLessThanOrEqual(a.answered);
        }
      }),
      { numRuns: 100 },
    );
  });
});

/** The tags left open or closed out of turn (void elements and self-closed SVG shapes aside): [] for a sound page. */
function balanced(page: string): string[] {
  const VOID = new Set(["meta", "input", "br", "link", "img", "hr"]);
  const open: string[] = [];
  const wrong: string[] = [];
  for (const [, close, name, selfClosed] of page.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const tag = (name as string).toLowerCase();
    if (VOID.has(tag) || selfClosed) continue;
    if (!close) open.push(tag);
    else if (open.pop() !== tag) wrong.push(tag);
  }
  return [...wrong, ...open];
}
