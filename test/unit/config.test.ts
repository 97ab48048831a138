import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { ethnicGroups, findEthnicGroup } from "../../shared/config/ethnic-groups.ts";
import { ConfigError, parseConfig } from "../../shared/config/parse.ts";
import type { Config } from "../../shared/config/schema.ts";
import { fixture } from "../support/fixtures.ts";

const demo = () => structuredClone(fixture<Config>("lam-binh-demo.json"));

function problemsOf(config: unknown): string[] {
  try {
    parseConfig(config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("accepts the demo district, and the copy the app loads equals the fixture, with a working-day calendar, deadlines, the follow-up, the province union and a session's leaders added", () => {
    expect(problemsOf(demo())).toEqual([]);
    const { calendar, deadlines, followUp, ...app } = demoConfig();
    expect(followUp).toMatchObject({ askAfterDays: 21, closeAfterDays: 35 });
    // The province's union: the unit a late approval is escalated to (shared/petitions/alarms.ts).
    const [province, ...units] = app.womensUnion.units;
    expect(province).toMatchObject({ id: "hlhpn-tuyen-quang", area: "tuyen-quang" });
    const { followUp: _, ...plain } = parseConfig(demo());
    // The dialogue session's invited leaders, to whom its dossier goes (shared/sessions/dossier.ts).
    const [dialogue] = app.events.filter((e) => e.kind === "dialogue");
    expect(dialogue?.leaders?.map((l) => l.email)).toEqual([
      "chutich.ubnd.thuonglam@example.org",
      "truongphong.yte.lambinh@example.org",
    ]);
    const events = app.events.map(({ leaders: _l, ...e }) => e);
    expect({ ...app, events, womensUnion: { ...app.womensUnion, units } }).toEqual(plain);
    expect(Object.keys(calendar?.years ?? {})).toEqual(["2026", "2027", "2028"]);
    expect(deadlines?.screening.days).toBe(5);
  });

  it("finds communes as the leaves of the tree, whatever their level is called", () => {
    const helpers = configHelpers(parseConfig(demo()));
    expect(helpers.communes.map((c) => c.id)).toHaveLength(8);
    expect(helpers.approvingUnit("thuong-lam")?.id).toBe("hlhpn-lam-binh");
    expect(helpers.screeningUnit("thuong-lam")?.id).toBe("hlhpn-thuong-lam");
  });

  it("works with two levels (province → commune) as since July 2025", () => {
    const config = demo();
    config.areas = config.areas
      .filter((a) => a.id !== "lam-binh")
      .map((a) => (a.parent === "lam-binh" ? { ...a, parent: "tuyen-quang" } : a));
    config.womensUnion.units = config.womensUnion.units.map((u) =>
      u.area === "lam-binh" ? { ...u, area: "tuyen-quang" } : u,
    );
    const helpers = configHelpers(parseConfig(config));
    expect(helpers.approvingUnit("khuon-ha")?.area).toBe("tuyen-quang");
  });

  it("refuses a commune without a screening unit", () => {
    const config = demo();
    config.womensUnion.units = config.womensUnion.units.filter((u) => u.id !== "hlhpn-khuon-ha");
    expect(problemsOf(config)).toContain("commune khuon-ha has no Women's Union unit with a screener");
  });

  it("refuses a category without an agency, and an agency without an address", () => {
    const config = demo();
    (config.categories[0] as { agency: string }).agency = "nobody";
    (config.agencies[1] as { email: string }).email = "none";
    const problems = problemsOf(config);
    expect(problems).toContain("category credit: agency nobody does not exist");
    expect(problems).toContain("agency phong-ldtbxh has no e-mail address");
  });

  it("refuses cycles and dangling parents in the area tree", () => {
    const config = demo();
    (config.areas[0] as { parent: string | null }).parent = "lang-can";
    (config.areas[3] as { parent: string | null }).parent = "nowhere";
    const problems = problemsOf(config);
    expect(problems.some((p) => p.includes("cycle"))).toBe(true);
    expect(problems).toContain("area thuong-lam: parent nowhere does not exist");
  });

  it("refuses a follow-up that would close a petition before she is asked about its answer", () => {
    for (const [ask, close] of [
      [21, 21],
      [30, 14],
    ]) {
      const problems = problemsOf({ ...demo(), followUp: { askAfterDays: ask, closeAfterDays: close } });
      expect(
        problems.some((p) => p.startsWith("followUp:")),
        `${ask}/${close}`,
      ).toBe(true);
    }
    expect(problemsOf({ ...demo(), followUp: { askAfterDays: 7, closeAfterDays: 8 } })).toEqual([]);
  });

  it("normalises configuration text to NFC", () => {
    const config = demo();
    (config.areas[2] as { name: string }).name = "Thị trấn Lăng Can".normalize("NFD");
    expect(parseConfig(config).areas[2]?.name).toBe("Thị trấn Lăng Can");
  });
});

describe("ethnic groups", () => {
  it("has the 54 groups, each found by its own name and code", () => {
    expect(ethnicGroups).toHaveLength(54);
    for (const group of ethnicGroups) {
      expect(findEthnicGroup(group.name)).toEqual(group);
      expect(findEthnicGroup(group.code)).toEqual(group);
    }
  });

  it("accepts common variants and decomposed spellings", () => {
    expect(findEthnicGroup("H'Mông")?.name).toBe("Mông");
    expect(findEthnicGroup("Khmer")?.name).toBe("Khơ-me");
    expect(findEthnicGroup("tày".normalize("NFD"))?.name).toBe("Tày");
    expect(findEthnicGroup("Klingon")).toBeUndefined();
  });
});
