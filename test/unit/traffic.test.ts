import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  afterWorkingTime,
  DAY,
  generateTraffic,
  HOUR,
  type Invocation,
  isWorkingTime,
  keepsLeastPrivilege,
  type Layout,
  layouts,
  MINUTE,
  type Model,
  maxAlive,
  ROUTE_KEYS,
  type RouteKey,
  SEED_TRAFFIC,
  simulate,
  trafficResults,
} from "../../bench/traffic.ts";
import { functions, routes } from "../../shared/declarations.ts";

/** The simulator's rules and the generated month's shape. No timings: the model's inputs are made up here. */

const layout = (key: Layout["key"]) => layouts().find((l) => l.key === key) as Layout;
const perRoute = layout("a");
const model = (seed = 1): Model => ({
  platformMs: 100,
  initMs: Object.fromEntries(layouts().flatMap((l) => l.functions.map((f) => [f.bundle, 50]))),
  routeLoadMs: Object.fromEntries(
    layouts().flatMap((l) =>
      l.functions.flatMap((f) => f.members.map((m) => [`${f.bundle} ${m}`, { first: 8, next: 2 }])),
    ),
  ),
  initCpuFactor: () => 2,
  invokeCpuFactor: () => 2,
  reclaimMinutes: [5, 15],
  seed,
});
const get = (t: number, route: RouteKey = "GET /events"): Invocation => ({ t, ms: 40, route, by: "person" });
const colds = (invocations: Invocation[], l = perRoute, m = model()) =>
  simulate(invocations, l, m).outcomes.map((o) => o.cold);

describe("containers", () => {
  it("starts cold, is warm a minute later and cold again after 16 idle minutes", () => {
    expect(colds([get(0), get(MINUTE), get(MINUTE + 16 * MINUTE)])).toEqual([true, false, true]);
  });

  it("pays platform and init on a cold start only", () => {
    const { outcomes } = simulate([get(0), get(MINUTE)], perRoute, model());
    expect(outcomes.map((o) => o.ms)).toEqual([40 + 100 + 50 * 2, 40]);
  });

  it("starts a second container for a request that arrives while the first is busy", () => {
    const sim = simulate([get(0), get(10)], perRoute, model());
    expect(sim.outcomes.map((o) => o.cold)).toEqual([true, true]);
    expect(new Set(sim.outcomes.map((o) => o.container)).size).toBe(2);
    expect(maxAlive(sim, new Set(sim.outcomes.map((o) => o.fn)))).toBe(2);
    // Both idle a minute later: one of them takes the next request.
    expect(colds([get(0), get(10), get(MINUTE)])).toEqual([true, true, false]);
  });

  it("keeps functions apart in layout (a) and shares one in layout (c)", () => {
    const two = [get(0, "GET /events"), get(MINUTE, "GET /petitions/new")];
    expect(colds(two, perRoute)).toEqual([true, true]);
    expect(colds(two, layout("c"))).toEqual([true, false]);
  });

  it("loads a route's handler on its first use in a lazy container: the first load, then the later ones", () => {
    const sim = simulate(
      [get(0, "GET /events"), get(MINUTE, "GET /events"), get(2 * MINUTE, "GET /petitions/new")],
      layout("c-lazy"),
      model(),
    );
    expect(sim.outcomes.map((o) => [o.cold, o.loaded, o.ms])).toEqual([
      [true, true, 40 + 100 + 50 * 2 + 8 * 2],
      [false, false, 40],
      [false, true, 40 + 2 * 2],
    ]);
  });

  it("reclaims an idle container between 5 and 15 minutes: a shorter gap is always warm, a longer one always cold", () => {
    // Cold starts cost nothing here, so that every request is busy for exactly its 40 ms and a gap is idle time.
    const free = (seed: number): Model => ({ ...model(seed), platformMs: 0, initCpuFactor: () => 0 });
    const idleGaps = (gaps: number[]) => {
      const stream = [get(0)];
      for (const gap of gaps) stream.push(get((stream.at(-1)?.t ?? 0) + 40 + gap));
      return stream;
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 * MINUTE - 1 }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (gaps, seed) => {
          const stream = idleGaps(gaps);
          return colds(stream, perRoute, free(seed))
            .slice(1)
            .every((cold) => !cold);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 15 * MINUTE + 1, max: 3 * DAY }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (gaps, seed) => {
          const stream = idleGaps(gaps);
          return colds(stream, perRoute, free(seed)).every((cold) => cold);
        },
      ),
    );
  });
});

describe("the month's traffic", () => {
  const month = generateTraffic();
  const http = month.filter((i) => i.route);
  const count = (route: RouteKey) => http.filter((i) => i.route === route).length;

  it("is the same month for the same seed", () => {
    expect(generateTraffic()).toEqual(month);
    expect(generateTraffic({ ...SEED_TRAFFIC, seed: 9 })).not.toEqual(month);
  });

  it("asks only for declared routes, and reaches every function of layout (a)", () => {
    for (const i of http) expect(ROUTE_KEYS).toContain(i.route);
    expect(ROUTE_KEYS).toEqual(routes.map((r) => `${r.method} ${r.path}`));
    for (const i of month) {
      expect(i.t).toBeGreaterThanOrEqual(0);
      expect(i.t).toBeLessThan(SEED_TRAFFIC.days * DAY);
      if (!i.route) expect(Object.keys(functions)).toContain(i.fn);
    }
    expect(() => simulate(month, perRoute, model())).not.toThrow();
  });

  // Any seed, any number of petitions and any session's size: the month has the shape it was asked for.
  const sizes = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    petitionsPerMonth: fc.integer({ min: 40, max: 800 }),
    burst: fc.integer({ min: 20, max: 400 }),
    checkIns: fc.integer({ min: 10, max: 300 }),
  });
  type Sizes = { seed: number; petitionsPerMonth: number; burst: number; checkIns: number };
  const monthOf = ({ seed, petitionsPerMonth, burst, checkIns }: Sizes) => {
    const events = SEED_TRAFFIC.events.map((e) => ({ ...e, burst, checkIns }));
    const config = { ...SEED_TRAFFIC, seed, petitionsPerMonth, events };
    const routed = generateTraffic(config).filter((i) => i.route);
    return { config, routed, count: (route: RouteKey) => routed.filter((i) => i.route === route).length };
  };

  it("has the petitions asked for, each with its form and a look at its status", () => {
    fc.assert(
      fc.property(sizes, (size) => {
        const { count } = monthOf(size);
        const n = size.petitionsPerMonth;
        // Spread over the month and the month before it: about n fall in the month (within a few deviations).
        expect(Math.abs(count("POST /petitions") - n)).toBeLessThanOrEqual(5 * Math.sqrt(n) + 5);
        expect(Math.abs(count("GET /petitions/new") - count("POST /petitions"))).toBeLessThan(10);
        // 1 + 2…5 looks each, plus mail scanners: about 4.6 a petition. The month's window cuts both counts at random
        // (looks at last month's petitions fall in it too), so the ratio's spread shrinks as 1/√n: 41 petitions once
        // gave 6.09.
        const views = count("GET /petitions/{trackingCode}") / count("POST /petitions");
        const spread = 10 / Math.sqrt(n);
        expect(views).toBeGreaterThan(3 - spread);
        expect(views).toBeLessThan(6 + spread);
        // The workflow's links: every action is a POST on a link that was opened first.
        expect(count("GET /a/{token}")).toBeGreaterThan(count("POST /a/{token}"));
        expect(count("POST /a/{token}")).toBeGreaterThan(2 * count("POST /petitions"));
        expect(count("POST /o/{token}")).toBeGreaterThan(0);
      }),
      { numRuns: 8 },
    );
  });

  it("has each session's burst of registrations within ten minutes, then the door", () => {
    fc.assert(
      fc.property(sizes, (size) => {
        const { config, routed, count } = monthOf(size);
        for (const event of config.events) {
          const posts = routed
            .filter((i) => i.route === "POST /events/{eventId}/registrations")
            .map((i) => i.t)
            .filter((t) => t >= event.day * DAY && t < (event.day + 1) * DAY);
          expect(posts.length).toBeGreaterThanOrEqual(event.burst);
          const mostInTenMinutes = Math.max(
            ...posts.map((s) => posts.filter((t) => t >= s && t < s + 10 * MINUTE).length),
          );
          expect(mostInTenMinutes).toBeGreaterThanOrEqual(event.burst);
          const checkIns = routed.filter(
            (i) => i.route === "POST /g/{token}" && i.t >= event.day * DAY && i.t < (event.day + 1) * DAY,
          );
          expect(checkIns).toHaveLength(event.checkIns);
          const times = checkIns.map((i) => i.t);
          expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(40 * MINUTE);
        }
        // Registrations trickle in before the sessions too.
        expect(count("POST /events/{eventId}/registrations")).toBeGreaterThan(
          config.events.reduce((s, e) => s + e.burst + e.trickle / 2, 0),
        );
      }),
      { numRuns: 8 },
    );
  });

  it("has staff act in working hours, a scanner open the link first, and the schedules on the clock", () => {
    const officers = http.filter((i) => i.route === "POST /a/{token}" || i.route === "POST /o/{token}");
    const inHours = officers.filter((i) => isWorkingTime(i.t - 10 * MINUTE) || isWorkingTime(i.t));
    // The petitioner may close her answered petition at any hour; everyone else acts at work.
    expect(inHours.length / officers.length).toBeGreaterThan(0.9);
    expect(http.some((i) => i.by === "scanner")).toBe(true);
    expect(month.filter((i) => i.fn === "mail-sweeper")).toHaveLength((SEED_TRAFFIC.days * DAY) / (5 * MINUTE));
    expect(month.filter((i) => i.fn === "registration-reconciler")).toHaveLength(
      (SEED_TRAFFIC.days * DAY) / (10 * MINUTE),
    );
    expect(month.filter((i) => i.fn === "notifier").length).toBeGreaterThan(count("POST /petitions"));
  });

  it("counts working time Monday to Friday, 7:30 to 17:00", () => {
    // Day 0 is a Monday. Friday 16:00 plus two working hours is Monday 8:30.
    expect(afterWorkingTime(4 * DAY + 16 * HOUR, 2 * HOUR)).toBe(7 * DAY + 8.5 * HOUR);
    expect(afterWorkingTime(5 * DAY + 3 * HOUR, 0)).toBe(7 * DAY + 7.5 * HOUR);
  });
});

describe("layouts", () => {
  it("covers every route exactly once per layout, and every background function", () => {
    for (const l of layouts()) {
      const served = l.functions.flatMap((f) => f.routes);
      expect([...served].sort()).toEqual([...ROUTE_KEYS].sort());
      for (const fn of ["notifier", "mail-sweeper", "registration-reconciler"])
        expect(l.functions.filter((f) => f.members.includes(fn as never) && !f.http)).toHaveLength(1);
    }
  });

  it("keeps the public read routes read-only in (a) and (b), not in (c)", () => {
    const b = layout("b");
    expect(b.functions.map((f) => [f.name, f.table])).toEqual([
      ["public-read", "RO"],
      ["public-write", "RW"],
      ["link-actions", "RW"],
      ["background", "RW"],
    ]);
    expect(keepsLeastPrivilege(perRoute)).toBe(true);
    expect(keepsLeastPrivilege(b)).toBe(true);
    expect(keepsLeastPrivilege(layout("b-lazy"))).toBe(true);
    expect(keepsLeastPrivilege(layout("c"))).toBe(false);
  });

  it("reports every layout and picks the best p95 among those that keep least privilege", () => {
    const m = model();
    const results = trafficResults(
      {
        initMs: m.initMs as Record<string, number>,
        routeLoadMs: { ...m.routeLoadMs },
        initRuns: 1,
        loadRuns: 1,
        kb: {},
      },
      {
        ...SEED_TRAFFIC,
        days: 7,
        warmupDays: 7,
        events: [{ ...(SEED_TRAFFIC.events[0] as (typeof SEED_TRAFFIC.events)[0]), day: 3 }],
      },
    );
    expect(results.layouts.map((l) => l.key)).toEqual(["a", "b", "b-lazy", "c", "c-lazy"]);
    const allowed = results.layouts.filter((l) => l.leastPrivilege);
    expect(results.winner.p95).toBe(Math.min(...allowed.map((l) => l.http.p95)));
    // No spread measured: only exact ties tie. The adopted layout is the one the declarations implement.
    expect(results.winner.tied).toEqual(allowed.filter((l) => l.http.p95 === results.winner.p95).map((l) => l.key));
    expect(results.adopted.key).toBe("a");
    expect(results.adopted.among).toBe(results.winner.tied.includes("a"));
    for (const l of results.layouts) {
      expect(l.http.coldShare).toBeGreaterThan(0);
      expect(l.http.coldShare).toBeLessThanOrEqual(1);
      expect(l.path.journeys).toBeGreaterThan(0);
    }
    // Fewer, busier functions meet fewer cold starts.
    const share = (k: string) => results.layouts.find((l) => l.key === k)?.http.coldShare ?? 0;
    expect(share("c")).toBeLessThan(share("b"));
    expect(share("b")).toBeLessThan(share("a"));
  });
});
