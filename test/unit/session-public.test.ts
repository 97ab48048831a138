import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { ethnicGroups } from "../../shared/config/ethnic-groups.ts";
import type { Gender } from "../../shared/config/person.ts";
import { commitmentStanding, sessionIssueFor } from "../../shared/petitions/audience.ts";
import type { Petition } from "../../shared/petitions/petition.ts";
import type { Registration } from "../../shared/registration/model.ts";
import type { Commitment } from "../../shared/sessions/model.ts";
import { type PeopleCount, type SessionInputs, sessionView } from "../../shared/sessions/public.ts";
import { SESSION_PAGE_POLICY, sessionPage } from "../../shared/sessions/public-page.ts";

/**
 * The public follow-up of a dialogue session (shared/sessions/public.ts), from hand-built items: what it counts, what
 * it shows, and what it never shows — no name, phone, e-mail or village of anyone (women who raised issues, women who
 * came, the officer who entered an issue), and nothing of a sensitive issue but that it is counted.
 */
const config = demoConfig();
const helpers = configHelpers(config);
const EVENT = {
  id: "doi-thoai-thuong-lam-2027",
  title: "Đối thoại chính sách cấp xã Thượng Lâm",
  venue: "Hội trường UBND xã Thượng Lâm",
  area: "thuong-lam",
  startsAt: "2027-03-08T08:00:00+07:00",
  endsAt: "2027-03-08T11:00:00+07:00",
};
const TODAY = "2027-05-10";
const tay = ethnicGroups.find((g) => g.name === "Tày") as (typeof ethnicGroups)[number];
const dao = ethnicGroups.find((g) => g.name === "Dao") as (typeof ethnicGroups)[number];

let serial = 0;
function petition(over: Partial<Petition> = {}): Petition {
  serial++;
  const code = `TNSES${String(serial).padStart(5, "0")}`;
  return {
    trackingCode: code,
    status: "screening",
    version: 1,
    stepVersion: 1,
    title: `Issue ${serial}`,
    content: `Content of issue ${serial}`,
    category: "infrastructure",
    commune: "thuong-lam",
    village: "Thôn Nà Tông",
    petitioner: { fullName: "Ma Thị Hoa", phone: "+84912345601", email: "hoa@example.org" },
    eventId: EVENT.id,
    raisedAt: "session",
    raisedBy: "woman",
    shareIdentityWithAgency: true,
    lang: "vi",
    consentAt: "2027-03-08T01:30:00.000Z",
    consentVersion: "1",
    routing: { screeningUnit: "hlhpn-thuong-lam", approvingUnit: "hlhpn-lam-binh", agency: "ubnd-xa" },
    createdAt: `2027-03-08T01:${String(serial % 60).padStart(2, "0")}:00.000Z`,
    updatedAt: "2027-03-08T02:00:00.000Z",
    stepStartedAt: "2027-03-08T01:30:00.000Z",
    ...over,
  };
}

function commitment(p: Petition, n: number, over: Partial<Commitment> = {}): Commitment {
  return {
    trackingCode: p.trackingCode,
    n,
    what: `Commitment ${p.title} #${n}`,
    agency: "ubnd-xa",
    due: "2027-06-30",
    madeAt: "2027-03-08T02:00:00.000Z",
    madeIn: "hall",
    madeBy: "Chủ tịch UBND xã",
    status: "open",
    percent: 0,
    version: 1,
    ...over,
  };
}

function registration(over: Partial<Registration> = {}): Registration {
  serial++;
  return {
    eventId: EVENT.id,
    registrationId: `reg${serial}`,
    code: `CODE${serial}`,
    status: "confirmed",
    fullName: "Hoàng Thị Lan",
    phone: "+84912345602",
    gender: "female",
    role: "member",
    commune: "thuong-lam",
    village: "Thôn Khuổi Củng",
    consentAt: "2027-03-01T01:00:00.000Z",
    consentVersion: "1",
    lang: "vi",
    createdAt: `2027-03-01T01:00:${String(serial % 60).padStart(2, "0")}.000Z`,
    updatedAt: "2027-03-01T01:00:00.000Z",
    checkedInAt: "2027-03-08T00:45:00.000Z",
    ...over,
  };
}

const inputs = (over: Partial<SessionInputs>): SessionInputs => ({
  event: EVENT,
  registrations: [],
  petitions: [],
  commitments: [],
  config,
  helpers,
  today: TODAY,
  ...over,
});

const answered = (text: string, agency = "ubnd-xa", inHall?: string): Petition["answer"] => ({
  text,
  at: "2027-03-20T03:00:00.000Z",
  agency,
  ...(inHall ? { inHall: { by: inHall } } : {}),
});

describe("a session's issues", () => {
  const road = petition({
    title: "Sửa đường vào bản Khuổi Củng",
    status: "answered",
    answer: answered("Xã sẽ đổ bê tông trước mùa mưa.", "ubnd-xa", "Chủ tịch UBND xã"),
    commitmentCount: 2,
  });
  const loan = petition({
    title: "Vay vốn nuôi trâu",
    category: "credit",
    raisedAt: "before",
    status: "answered",
    answer: answered("Ngân hàng sẽ xét hồ sơ trong tháng 4.", "nhcsxh"),
    routing: { screeningUnit: "hlhpn-thuong-lam", approvingUnit: "hlhpn-lam-binh", agency: "nhcsxh" },
  });
  const waiting = petition({ title: "Lớp học tiếng Kinh", category: "education", status: "forwarded" });
  const violence = petition({
    title: "Chồng đánh vợ ở thôn Nà Tông",
    category: "violence",
    shareIdentityWithAgency: false,
    status: "answered",
    answer: answered("Công an xã sẽ đến làm việc.", "cong-an", "Trưởng Công an xã"),
    commitmentCount: 1,
  });
  const hidden = petition({
    title: "Xin trợ cấp cho con của chị Hoa",
    category: "employment",
    shareIdentityWithAgency: false,
    status: "answered",
    answer: answered("Phòng sẽ xem xét.", "phong-ldtbxh"),
  });
  const commitments = [
    commitment(road, 2, { what: "Lắp đèn đường", due: "2027-05-09", percent: 40, note: "Đã mua đèn" }),
    commitment(road, 1, {
      what: "Đổ bê tông đường",
      due: "2027-05-01",
      status: "done",
      percent: 100,
      onTime: true,
      doneAt: "2027-04-28T03:00:00.000Z",
      note: "Xong",
      reportedAt: "2027-04-28T03:00:00.000Z",
    }),
    commitment(violence, 1, { what: "Bảo vệ chị ở thôn Nà Tông", due: "2027-04-01", agency: "cong-an" }),
  ];
  const view = sessionView(
    inputs({ petitions: [hidden, violence, waiting, loan, road], commitments: [...commitments] }),
  );

  it("shows each plain issue: title, category, where it was raised, its state, the answer and who gave it", () => {
    expect(view.issues.map((i) => i.title)).toEqual([road.title, loan.title, waiting.title]);
    const [r, l, w] = view.issues;
    expect(r).toMatchObject({
      category: { id: "infrastructure" },
      raisedAt: "session",
      status: "answered",
      answer: { text: "Xã sẽ đổ bê tông trước mùa mưa.", by: "Chủ tịch UBND xã", inHall: true },
    });
    expect(l).toMatchObject({
      raisedAt: "before",
      answer: { by: config.agencies.find((a) => a.id === "nhcsxh")?.name, inHall: false },
    });
    expect(w?.answer).toBeUndefined();
    expect(w?.statusLabel.vi).toBeTruthy();
  });

  it("lists an issue's commitments in order, with where each stands today", () => {
    const [r] = view.issues;
    expect(r?.commitments.map((c) => [c.n, c.what, c.standing, c.percent])).toEqual([
      [1, "Đổ bê tông đường", "kept", 100],
      [2, "Lắp đèn đường", "overdue", 40],
    ]);
    expect(r?.commitments[1]).toMatchObject({ due: "2027-05-09", note: { text: "Đã mua đèn" } });
    expect(r?.commitments[0]?.agency.name).toBe(config.agencies.find((a) => a.id === "ubnd-xa")?.name);
  });

  it("counts a sensitive issue (a sensitive category, or her identity hidden) and its commitments, never shows them", () => {
    expect(view.summary).toEqual({
      raised: 5,
      answeredInHall: 2,
      answeredLater: 2,
      protected: 2,
      commitments: 3,
      kept: 1,
      late: 0,
      overdue: 2,
      open: 0,
    });
    const page = sessionPage(view, "vi");
    for (const text of [JSON.stringify(view), page]) {
      for (const secret of [violence.title, hidden.title, "Công an xã sẽ đến", "Trưởng Công an xã", "Bảo vệ chị"]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(sessionIssueFor(violence, config)).toEqual({ shown: false, raisedAt: "session", answered: "hall" });
    expect(page).toContain("2 kiến nghị được tính trong các con số nhưng không nêu nội dung");
  });

  it("tells overdue from open by the Vietnam day: due today is not yet overdue", () => {
    const c = commitment(road, 1, { due: TODAY });
    expect(commitmentStanding(c, TODAY)).toBe("open");
    expect(commitmentStanding(c, "2027-05-11")).toBe("overdue");
    expect(commitmentStanding({ ...c, status: "done", onTime: false }, "2027-05-11")).toBe("late");
    // Done before `onTime` was written: read off the day it was done (Vietnam's), not UTC's.
    const lateAtNight = { ...c, status: "done" as const, doneAt: `${TODAY}T17:30:00.000Z` };
    expect(commitmentStanding(lateAtNight, "2027-06-01")).toBe("late");
    expect(commitmentStanding({ ...lateAtNight, doneAt: `${TODAY}T16:30:00.000Z` }, "2027-06-01")).toBe("kept");
  });

  it("reads an issue with no `raisedAt` (sent before the field existed) as sent before the session", () => {
    const { raisedAt: _, ...old } = petition({ title: "Old issue", status: "forwarded" });
    expect(sessionIssueFor(old as Petition, config)).toMatchObject({ shown: true, raisedAt: "before" });
  });

  it("shows one sent beforehand only once the commune union took it up; one raised in the hall from the start", () => {
    // Anyone may name a session on the public form: what the Union has not accepted, or turned away, is only counted.
    for (const status of ["screening", "needs_info", "rejected", "withdrawn", "duplicate"] as const) {
      expect(sessionIssueFor(petition({ raisedAt: "before", status }), config), status).toEqual({
        shown: false,
        raisedAt: "before",
      });
    }
    for (const status of ["approval", "forwarded", "answered", "closed"] as const) {
      expect(sessionIssueFor(petition({ raisedAt: "before", status }), config).shown, status).toBe(true);
    }
    expect(sessionIssueFor(petition({ raisedAt: "session", status: "screening" }), config).shown).toBe(true);
    expect(sessionIssueFor(petition({ raisedAt: "session", status: "rejected" }), config).shown).toBe(false);
  });

  it("prints: a page of its own with a print stylesheet allowed by its hash, no script, in either language", () => {
    const vi = sessionPage(view, "vi");
    const en = sessionPage(view, "en");
    expect(vi).toMatch(/^<!doctype html><html lang="vi">/);
    expect(en).toMatch(/^<!doctype html><html lang="en">/);
    expect(vi).toContain("@media print");
    expect(vi).not.toContain("<script");
    expect(vi).toContain('href="?lang=en"');
    expect(en).toContain('href="?lang=vi"');
    expect(en).toContain("Issues raised");
    const css = /<style>(.*?)<\/style>/s.exec(vi)?.[1] as string;
    expect(SESSION_PAGE_POLICY).toContain(`'sha256-${createHash("sha256").update(css).digest("base64")}'`);
    expect(SESSION_PAGE_POLICY).toContain("default-src 'none'");
  });
});

describe("who took part", () => {
  const came = (gender: Gender, ethnicity?: (typeof ethnicGroups)[number], over: Partial<Registration> = {}) =>
    registration({
      gender,
      ...(ethnicity ? { ethnicity, ethnicityConsentAt: "2027-03-01T01:00:00.000Z" } : {}),
      ...over,
    });

  it("counts those checked in (walk-ins too) by gender and consented ethnicity; a group under 3 is only '< 3'", () => {
    const registrations = [
      ...Array.from({ length: 5 }, () => came("female", tay)),
      came("female", tay, { walkIn: true }),
      came("female", dao),
      came("female", dao),
      ...Array.from({ length: 6 }, () => came("female")),
      ...Array.from({ length: 3 }, () => came("male")),
      came("other"),
      came("other"),
      // Not counted: registered but never came, cancelled, still waiting.
      registration({ checkedInAt: undefined, gender: "other" }),
      registration({ status: "cancelled", checkedInAt: undefined }),
      registration({ status: "waitlisted", checkedInAt: undefined }),
    ];
    const view = sessionView(inputs({ registrations, record: { attendanceCounted: 20 } }));
    expect(view.attendance).toEqual({
      checkedIn: 19,
      counted: 20,
      // "other" (2) alone under 3 would be 19 less 14 less 3: the men's number is kept back with it (3 + 2 = 5 is
      // 3 + 2 or 4 + 1).
      gender: [
        { id: "female", people: 14 },
        { id: "male", withheld: true },
        { id: "other", suppressed: true },
      ],
      // Dao (2) is alone under 3: the smallest other group, Tày (6), is kept back beside it.
      ethnicity: [
        { id: tay.code, name: "Tày", withheld: true },
        { id: dao.code, name: "Dao", suppressed: true },
        { id: "not_stated", people: 11 },
      ],
    });
    const page = sessionPage(view, "en");
    expect(page).toContain("19 people checked in.");
    expect(page).toContain("<td>&lt; 3</td>");
    expect(page).toContain("<td>—</td>");
    expect(page).toContain("The organisers counted 20 people");
  });

  it("lists every gender, even at 0, and gives no total for a session of fewer than 3", () => {
    const view = sessionView(inputs({ registrations: [came("female", tay), came("female", tay)] }));
    expect(view.attendance).toEqual({
      gender: [
        { id: "female", suppressed: true },
        { id: "male", people: 0 },
        { id: "other", people: 0 },
      ],
      ethnicity: [{ id: tay.code, name: "Tày", suppressed: true }],
    });
    expect(sessionPage(view, "vi")).toContain("Số người đã điểm danh không ghi ra");
  });

  /**
   * What a reader can work out: every split of the hidden people (the total less the numbers shown) into the groups
   * without a number (a suppressed one holds 1 or 2, a withheld one 3 or more). A suppressed group's number must not
   * be the same in all of them.
   */
  function possibleNumbers(total: number, groups: PeopleCount[], index: number): Set<number> {
    const hidden = total - groups.reduce((n, g) => n + (g.people ?? 0), 0);
    const ranges = groups
      .filter((g) => g.people === undefined)
      .map((g) => (g.suppressed ? [1, 2] : Array.from({ length: Math.max(0, total - 2) }, (_, i) => i + 3)));
    const at = groups.filter((g) => g.people === undefined).indexOf(groups[index] as PeopleCount);
    const found = new Set<number>();
    const walk = (i: number, left: number, mine: number | undefined) => {
      if (i === ranges.length) {
        if (left === 0 && mine !== undefined) found.add(mine);
        return;
      }
      for (const v of ranges[i] as number[]) if (v <= left) walk(i + 1, left - v, i === at ? v : mine);
    };
    walk(0, hidden, undefined);
    return found;
  }

  it("never gives numbers from which a group under 3 can be worked out, whoever came", () => {
    const someone = fc.record({
      gender: fc.constantFrom<Gender>("female", "male", "other"),
      ethnicity: fc.option(fc.constantFrom(tay, dao, ...ethnicGroups.slice(10, 12)), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(someone, { maxLength: 16 }), (people) => {
        const view = sessionView(inputs({ registrations: people.map((p) => came(p.gender, p.ethnicity)) }));
        const { checkedIn, gender, ethnicity } = view.attendance;
        for (const groups of [gender, ethnicity]) {
          const shown = groups.reduce((n, g) => n + (g.people ?? 0), 0);
          expect(shown).toBeLessThanOrEqual(people.length);
          if (checkedIn === undefined) continue;
          expect(checkedIn).toBe(people.length);
          groups.forEach((g, i) => {
            if (g.suppressed)
              expect(possibleNumbers(checkedIn, groups, i).size, JSON.stringify(groups)).toBeGreaterThan(1);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ─── No personal data, whatever the session ──────────────────────────────────────────────────────────────────────

/** Markers that cannot occur in the page's own words: a generated person's traits carry them. */
const marker = fc.stringMatching(/^[a-z]{4,8}$/).map((s) => `Qz${s}`);
const phone = fc.stringMatching(/^[35789][0-9]{8}$/).map((d) => `+84${d}`);
/** Her phone however it is written: separators are dropped before looking for its nine digits. */
const hasPhone = (text: string, p: string) => text.replace(/[\s.\-()\u00A0]/g, "").includes(p.slice(-9));

const person = fc.record({ name: marker, village: marker, email: marker, phone });

const arbitraryPetition = fc.record({
  her: person,
  category: fc.constantFrom(...config.categories.map((c) => c.id)),
  share: fc.boolean(),
  group: fc.boolean(),
  raisedAt: fc.constantFrom("session" as const, "before" as const),
  answer: fc.option(fc.record({ inHall: fc.boolean() }), { nil: undefined }),
  officer: fc.option(person, { nil: undefined }),
  commitments: fc.array(
    fc.record({
      status: fc.constantFrom("open" as const, "done" as const),
      due: fc.constantFrom("2027-04-01", TODAY, "2027-07-01"),
      percent: fc.integer({ min: 0, max: 100 }),
      note: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
});

const arbitraryRegistration = fc.record({
  her: person,
  gender: fc.constantFrom<Gender>("female", "male", "other"),
  ethnicity: fc.option(fc.constantFrom(...ethnicGroups.slice(0, 6)), { nil: undefined }),
  came: fc.boolean(),
});

describe("no personal data, for any session", () => {
  it("never shows a name, phone, e-mail or village, nor anything of a sensitive issue but its count", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryPetition, { maxLength: 10 }),
        fc.array(arbitraryRegistration, { maxLength: 12 }),
        (drafts, people) => {
          const petitions = drafts.map((d, i) =>
            petition({
              title: `Title [${i}]`,
              content: `Content [${i}]`,
              category: d.category,
              shareIdentityWithAgency: d.share,
              raisedAt: d.raisedAt,
              raisedBy: d.group ? "group" : "woman",
              village: `Thôn ${d.her.village}`,
              petitioner: d.group
                ? { fullName: `Nhóm phụ nữ thôn ${d.her.village}` }
                : { fullName: d.her.name, phone: d.her.phone, email: `${d.her.email}@example.org` },
              onBehalfOf: d.her.name,
              ...(d.officer
                ? {
                    enteredBy: { name: d.officer.name, email: `${d.officer.email}@example.org`, unitId: "x" },
                  }
                : {}),
              status: d.answer ? "answered" : "forwarded",
              ...(d.answer
                ? { answer: answered(`Answer [${i}]`, "ubnd-xa", d.answer.inHall ? `Leader [${i}]` : undefined) }
                : {}),
              commitmentCount: d.commitments.length,
            }),
          );
          const commitments = drafts.flatMap((d, i) =>
            d.commitments.map((c, n) =>
              commitment(petitions[i] as Petition, n + 1, {
                what: `What [${i}.${n + 1}]`,
                status: c.status,
                due: c.due,
                percent: c.percent,
                ...(c.note ? { note: `Note [${i}.${n + 1}]` } : {}),
              }),
            ),
          );
          const registrations = people.map((p) =>
            registration({
              fullName: p.her.name,
              phone: p.her.phone,
              email: `${p.her.email}@example.org`,
              village: `Thôn ${p.her.village}`,
              gender: p.gender,
              ...(p.ethnicity ? { ethnicity: p.ethnicity } : {}),
              ...(p.came ? {} : { checkedInAt: undefined }),
            }),
          );
          const view = sessionView(inputs({ petitions, commitments, registrations }));
          const outputs = [JSON.stringify(view), sessionPage(view, "vi"), sessionPage(view, "en")];
          for (const out of outputs) {
            for (const who of [
              ...drafts.flatMap((d) => [d.her, ...(d.officer ? [d.officer] : [])]),
              ...people.map((p) => p.her),
            ]) {
              expect(out).not.toContain(who.name);
              expect(out).not.toContain(who.village);
              expect(out).not.toContain(who.email);
              expect(hasPhone(out, who.phone)).toBe(false);
            }
            drafts.forEach((d, i) => {
              const sensitive = !d.share || config.categories.find((c) => c.id === d.category)?.sensitive === true;
              const words = [`Title [${i}]`, `Answer [${i}]`, `Leader [${i}]`, `What [${i}.`, `Note [${i}.`];
              // Content is never shown; of a sensitive issue, nothing at all.
              expect(out).not.toContain(`Content [${i}]`);
              if (sensitive) for (const w of words) expect(out).not.toContain(w);
              else expect(out).toContain(`Title [${i}]`);
            });
          }
          const sensitiveCount = drafts.filter(
            (d) => !d.share || config.categories.find((c) => c.id === d.category)?.sensitive === true,
          ).length;
          expect(view.summary.raised).toBe(drafts.length);
          expect(view.summary.protected).toBe(sensitiveCount);
          expect(view.issues).toHaveLength(drafts.length - sensitiveCount);
          expect(view.summary.commitments).toBe(commitments.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
