import {
  type FunctionDeclaration,
  type FunctionName,
  fallbackFunction,
  functions,
  routes,
  schedules,
  streamConsumers,
  type TableAccess,
  tableAccess,
} from "../shared/declarations.ts";
import {
  ASSIGNEE,
  FINAL,
  type Role,
  type State,
  startsNewStep,
  targetState,
  transitionFor,
} from "../shared/petitions/workflow.ts";
import { percentile } from "./coldstart.ts";

/**
 * Cold starts as users meet them (issue 8, part 3). A month of the seed's traffic — petitions and their workflow
 * over weeks, registrations trickling in and a session-day burst, the background that every e-mail and every
 * schedule starts — replayed against Lambda's idle reclaim for three layouts of functions: one per route (the
 * declarations as they are), one per access level, one for every HTTP route. Pure and deterministic (seeded):
 * the only inputs from the machine are the measured cold-start proxies, handed in by bench/merged.ts.
 *
 * Time is in milliseconds from day 0, 00:00 Vietnam time (UTC+7); day 0 is a Monday. Public holidays are ignored.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Staff work Monday–Friday, 7:30–17:00 (Vietnamese public offices). */
const WORK_START = 7.5 * HOUR;
const WORK_END = 17 * HOUR;
export const WORKING_DAY = WORK_END - WORK_START;

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same month. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 0 = Monday … 6 = Sunday. */
export const weekday = (t: number) => ((Math.floor(t / DAY) % 7) + 7) % 7;
const timeOfDay = (t: number) => t - Math.floor(t / DAY) * DAY;
export const isWorkingTime = (t: number) => weekday(t) < 5 && timeOfDay(t) >= WORK_START && timeOfDay(t) < WORK_END;

/** The moment `ms` of working time after `t` (working time: Monday–Friday, 7:30–17:00). */
export function afterWorkingTime(t: number, ms: number): number {
  let now = t;
  let left = ms;
  for (;;) {
    const day = Math.floor(now / DAY) * DAY;
    if (weekday(now) < 5 && now < day + WORK_END) {
      const from = Math.max(now, day + WORK_START);
      if (from + left <= day + WORK_END) return from + left;
      left -= day + WORK_END - from;
    }
    now = day + DAY;
  }
}

/**
 * How likely the public is to be online at a moment, relative to a weekday morning: mostly daytime, also
 * evenings after the fields and the market, less at weekends, little at night.
 */
export function publicWeight(t: number): number {
  const h = timeOfDay(t) / HOUR;
  const hour = h < 6 ? 0.02 : h < 7 ? 0.3 : h < 11 ? 1 : h < 13 ? 0.6 : h < 17 ? 1 : h < 19 ? 0.7 : h < 22 ? 1 : 0.2;
  const day = weekday(t) === 5 ? 0.6 : weekday(t) === 6 ? 0.5 : 1;
  return hour * day;
}

type DeclaredRoute = (typeof routes)[number];
/** A route as API Gateway names it: method and resource path, exactly as declared. */
export type RouteKey = `${DeclaredRoute["method"]} ${DeclaredRoute["path"]}`;
export const routeKey = (r: DeclaredRoute) => `${r.method} ${r.path}` as RouteKey;
export const ROUTE_KEYS: readonly RouteKey[] = routes.map(routeKey);
export function declaredRoute(key: RouteKey): DeclaredRoute {
  const found = routes.find((r) => routeKey(r) === key);
  if (!found) throw new Error(`no declared route ${key}`);
  return found;
}
const declaration = (name: FunctionName): FunctionDeclaration => functions[name];
/** Lambda's default memory for a function of this project (infra/function.ts), unless its declaration says. */
export const DEFAULT_MEMORY_MB = 256;
const memoryOf = (name: FunctionName) => declaration(name).memoryMB ?? DEFAULT_MEMORY_MB;

/** What a request's handler does, for its warm duration: a page read, a write, or a write of several requests. */
export type Work = "read" | "write" | "heavy";
/**
 * Warm handler time on Lambda per kind of work — stated assumptions, not measurements: a page read (two or three
 * DynamoDB reads and rendering), a write (reads and one transaction), a heavy write (the registration's four or
 * five requests, a cancellation's six, a check-in's five: bench's operations table).
 */
export const WARM_MS: Readonly<Record<Work, number>> = { read: 40, write: 80, heavy: 120 };
const HEAVY: readonly RouteKey[] = ["POST /events/{eventId}/registrations", "POST /r/{token}", "POST /g/{token}"];
export function workOf(key: RouteKey): Work {
  const r = declaredRoute(key);
  if (r.method === "GET" || tableAccess(declaration(r.fn)) === "RO") return "read";
  return HEAVY.includes(key) ? "heavy" : "write";
}
/** Warm time of a background invocation (assumed): a notifier batch sends through SES; a sweep finds nothing. */
export const BACKGROUND_MS: Readonly<Record<string, number>> = {
  notifier: 150,
  "mail-sweeper": 60,
  "registration-reconciler": 100,
};

/** Who sends a request: a person, or a mail scanner opening every link of an e-mail as it arrives. */
export type Sender = "person" | "scanner";

/** One invocation: an HTTP request (`route`) or a background one (`fn`: a stream batch or a schedule). */
export interface Invocation {
  t: number;
  /** Warm duration, ms. */
  ms: number;
  route?: RouteKey;
  fn?: FunctionName;
  by?: Sender;
  /** A woman's path: 0 the form, 1 the submission, 2 her first look at the status. */
  journey?: { id: number; step: 0 | 1 | 2 };
}

export interface SessionEvent {
  /** The session's day (its registrations trickle in over the 14 days before). */
  day: number;
  /** Registrations over the two weeks before. */
  trickle: number;
  /** People registering at the venue within ~10 minutes of 7:30 on the day. */
  burst: number;
  /** Check-ins at the door (POST /g/{token}) over the following 35 minutes. */
  checkIns: number;
  /** Petitions the commune officer enters for women who spoke at the session, that afternoon (POST /o/{token}). */
  intakes: number;
}

export interface TrafficConfig {
  seed: number;
  days: number;
  /** Petitions of the weeks before are still moving through the workflow: generated, and only their requests inside the period kept. */
  warmupDays: number;
  /** Petitions through the public form, per 30 days. */
  petitionsPerMonth: number;
  /** Petitions an officer enters on a woman's behalf at other times (working hours), per 30 days. */
  intakesPerMonth: number;
  petitionerEmailShare: number;
  registrantEmailShare: number;
  /** Government and corporate mail (officers, agencies, organisers): a scanner opens the link first. */
  staffScannerShare: number;
  /** Personal mail (petitioners, registrants outside the burst). */
  personalScannerShare: number;
  rejectShare: number;
  cancelShare: number;
  events: SessionEvent[];
}

/** The seed's month: a few hundred petitions, two sessions each with a burst of 222. */
export const SEED_TRAFFIC: TrafficConfig = {
  seed: 8,
  days: 30,
  warmupDays: 30,
  petitionsPerMonth: 300,
  intakesPerMonth: 20,
  petitionerEmailShare: 0.4,
  registrantEmailShare: 0.6,
  staffScannerShare: 0.8,
  personalScannerShare: 0.2,
  rejectShare: 0.1,
  cancelShare: 0.05,
  events: [
    { day: 15, trickle: 60, burst: 222, checkIns: 200, intakes: 12 },
    { day: 24, trickle: 60, burst: 222, checkIns: 200, intakes: 12 },
  ],
};

/** From a handler's write to the e-mail in the inbox: the stream, the notifier's batch window, SES (assumed). */
const MAIL_DELAY = 3 * SECOND;

/**
 * The month's invocations, in time order: every HTTP request (with its warm duration) and every background
 * invocation — one notifier batch per stream batching window with mail in it, and the schedules.
 */
export function generateTraffic(config: TrafficConfig = SEED_TRAFFIC, warm = WARM_MS): Invocation[] {
  const rng = mulberry32(config.seed);
  const between = (a: number, b: number) => a + (b - a) * rng();
  const chance = (p: number) => rng() < p;
  const whole = (a: number, b: number) => Math.floor(between(a, b + 1));
  const begin = -config.warmupDays * DAY;
  const end = config.days * DAY;
  const http: Invocation[] = [];
  /** Moments a handler wrote e-mails into the outbox (each starts a notifier batch unless one is open). */
  const writes: number[] = [];

  const request = (t: number, route: RouteKey, by: Sender = "person", journey?: Invocation["journey"]) => {
    http.push({ t, ms: warm[workOf(route)], route, by, ...(journey ? { journey } : {}) });
    return t;
  };
  /** The handler's transaction put e-mails in the outbox at `t`: when do they arrive? */
  const mail = (t: number) => {
    writes.push(t);
    return t + MAIL_DELAY;
  };
  const scanned = (inbox: number, route: RouteKey, share: number) => {
    if (chance(share)) request(inbox + between(2, 30) * SECOND, route, "scanner");
  };
  /** A moment in [a, b) drawn by the public's daily rhythm. */
  const publicTime = (a: number, b: number) => {
    for (let tries = 0; ; tries++) {
      const t = between(a, b);
      if (tries > 1000 || chance(publicWeight(t))) return t;
    }
  };
  const staffTime = (a: number, b: number) => {
    for (;;) {
      const t = between(a, b);
      if (isWorkingTime(t)) return t;
    }
  };

  /** The petition's path through the workflow (shared/petitions/workflow.ts), each step 0.5–5 working days after the last. */
  const workflow = (submitted: number, email: boolean) => {
    let state: State = "screening";
    let last = submitted;
    // The submission's transaction holds the screener's link (and her receipt, with a status link, if she gave an e-mail).
    let inbox = mail(submitted);
    scanned(inbox, "GET /a/{token}", config.staffScannerShare);
    if (email) scanned(inbox, "GET /petitions/{trackingCode}", config.personalScannerShare);
    const path: [Role, string][] = [
      ["screener", "accept"],
      ["approver", "forward"],
      ["agency", "acknowledge"],
      ["agency", "answer"],
    ];
    for (const [i, [role, usual]] of path.entries()) {
      const action = i === 0 && chance(config.rejectShare) ? "reject" : usual;
      const step = transitionFor(state, role, action);
      if (!step || step.to === "back" || step.to === "stay") throw new Error(`no ${action} by ${role} from ${state}`);
      const opens = request(afterWorkingTime(last, between(0.5, 5) * WORKING_DAY), "GET /a/{token}");
      last = request(opens + between(1, 10) * MINUTE, "POST /a/{token}");
      const to: State = targetState(step, undefined);
      const next = ASSIGNEE[to];
      const newLink = startsNewStep(state, to) && next !== undefined && (next !== "petitioner" || email);
      const informs = step.inform.some((who) => who === "officer" || (who === "petitioner" && email));
      if (newLink || informs) inbox = mail(last);
      if (newLink && next !== "petitioner") scanned(inbox, "GET /a/{token}", config.staffScannerShare);
      state = to;
      if (FINAL.has(state)) return;
      if (next === "petitioner" && newLink) {
        // The answer reaches her: her link shows it, and she may close the petition.
        scanned(inbox, "GET /a/{token}", config.personalScannerShare);
        const reads = request(publicTime(inbox + HOUR, inbox + 3 * DAY), "GET /a/{token}");
        if (chance(0.3)) request(reads + between(1, 3) * MINUTE, "POST /a/{token}");
        return;
      }
    }
  };

  // Petitions through the public form: the form, the submission, her first look at the status, later looks.
  const window = end - begin;
  const petitions = Math.round((config.petitionsPerMonth * window) / (30 * DAY));
  for (let id = 0; id < petitions; id++) {
    const form = request(publicTime(begin, end), "GET /petitions/new", "person", { id, step: 0 });
    const submitted = request(form + between(3, 12) * MINUTE, "POST /petitions", "person", { id, step: 1 });
    const first = chance(0.5)
      ? submitted + between(0.2, 3) * MINUTE
      : publicTime(submitted + HOUR, submitted + 3 * DAY);
    request(first, "GET /petitions/{trackingCode}", "person", { id, step: 2 });
    for (let n = whole(2, 5); n > 0; n--)
      request(publicTime(first + HOUR, first + 28 * DAY), "GET /petitions/{trackingCode}");
    workflow(submitted, chance(config.petitionerEmailShare));
  }
  // Petitions an officer enters for a woman (her intake link), in working hours.
  const intake = (t: number) => {
    const entered = request(request(t, "GET /o/{token}") + between(3, 8) * MINUTE, "POST /o/{token}");
    workflow(entered, false);
    return entered;
  };
  for (let n = Math.round((config.intakesPerMonth * window) / (30 * DAY)); n > 0; n--) intake(staffTime(begin, end));

  for (const event of config.events) {
    const day = event.day * DAY;
    // Registrations trickling in over the two weeks before.
    for (let n = 0; n < event.trickle; n++) {
      let t = publicTime(day - 14 * DAY, day);
      if (chance(0.4)) t = request(t, chance(0.3) ? "GET /" : "GET /events") + between(5, 40) * SECOND;
      if (chance(0.7)) t = request(t, "GET /events/{eventId}") + between(5, 40) * SECOND;
      const form = request(t, "GET /events/{eventId}/register");
      const posted = request(form + between(1, 5) * MINUTE, "POST /events/{eventId}/registrations");
      if (chance(0.1)) request(posted + between(5, 60) * SECOND, "GET /events/{eventId}/calendar.ics");
      if (!chance(config.registrantEmailShare)) continue;
      const inbox = mail(posted);
      scanned(inbox, "GET /r/{token}", config.personalScannerShare);
      if (chance(0.5)) request(publicTime(inbox + MINUTE, inbox + 2 * DAY), "GET /r/{token}");
      if (chance(config.cancelShare)) {
        const opens = request(publicTime(posted + HOUR, day), "GET /r/{token}");
        mail(request(opens + between(1, 3) * MINUTE, "POST /r/{token}"));
      }
    }
    // The organiser's link, e-mailed the afternoon before; she opens it before leaving the office.
    const sent = mail(day - DAY + 15 * HOUR);
    scanned(sent, "GET /g/{token}", config.staffScannerShare);
    request(day - DAY + between(16, 17) * HOUR, "GET /g/{token}");
    // The session day: everyone registers at the venue within ~10 minutes, then the door.
    const opening = day + 7.5 * HOUR;
    for (let n = 0; n < event.burst; n++) {
      const form = request(opening + between(0, 8) * MINUTE, "GET /events/{eventId}/register");
      const inbox = mail(request(form + between(45, 120) * SECOND, "POST /events/{eventId}/registrations"));
      request(inbox + between(2, 20) * SECOND, "GET /r/{token}", "scanner");
      request(inbox + between(1, 10) * MINUTE, "GET /r/{token}");
    }
    const door = request(opening + 15 * MINUTE, "GET /g/{token}");
    const arrivals = Array.from({ length: event.checkIns }, () => door + between(0, 35) * MINUTE).sort((a, b) => a - b);
    for (const t of arrivals) request(t, "POST /g/{token}");
    request(door + 36 * MINUTE, "GET /g/{token}");
    // The dialogue's petitions, entered by the commune officer that afternoon.
    let t = day + 13.5 * HOUR;
    for (let n = 0; n < event.intakes; n++) t = intake(t) + between(1, 5) * MINUTE;
  }

  // Background: the stream's notifier, one batch per batching window with mail in it; and the schedules.
  const background: Invocation[] = [];
  for (const consumer of streamConsumers) {
    const windowMs = consumer.maxBatchingWindowSeconds * SECOND;
    let open = Number.NEGATIVE_INFINITY;
    let size = 0;
    for (const w of writes.sort((a, b) => a - b)) {
      if (w < open + windowMs && size < consumer.batchSize) {
        size++;
        continue;
      }
      open = w;
      size = 1;
      background.push({ t: w + windowMs, ms: BACKGROUND_MS[consumer.fn] ?? 100, fn: consumer.fn });
    }
  }
  for (const s of schedules)
    for (let t = 0; t < end; t += s.everyMinutes * MINUTE)
      background.push({ t, ms: BACKGROUND_MS[s.fn] ?? 100, fn: s.fn });

  return [...http, ...background].filter((i) => i.t >= 0 && i.t < end).sort((a, b) => a.t - b.t);
}

// ——— Layouts ———

export type LayoutKey = "a" | "b" | "b-lazy" | "c" | "c-lazy";

/** One Lambda function of a layout: the declared handlers it carries and the routes (or background work) it answers. */
export interface LayoutFunction {
  name: string;
  /** The bundle whose cold-start proxy is its init (bench/merged.ts builds the merged ones). */
  bundle: string;
  table: TableAccess;
  memoryMB: number;
  members: FunctionName[];
  routes: RouteKey[];
  http: boolean;
  /** Loads a route's handler on its first use in a container instead of at init. */
  lazy: boolean;
}

export interface Layout {
  key: LayoutKey;
  title: string;
  functions: LayoutFunction[];
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];
/** The functions that answer HTTP (every routed function and the fallback), and the background ones. */
export const httpFunctions = (): FunctionName[] => unique([...routes.map((r) => r.fn), fallbackFunction]);
export const backgroundFunctions = (): FunctionName[] =>
  unique([...streamConsumers.map((c) => c.fn), ...schedules.map((s) => s.fn)]);

/** The access levels of layout (b), derived from the declarations. */
export type AccessLevel = "public-read" | "public-write" | "link-actions";
export function accessLevel(r: DeclaredRoute): AccessLevel {
  // A link's token is in its path; anyone else is the public, reading or writing as the route's function does.
  if (r.path.includes("{token}")) return "link-actions";
  return tableAccess(declaration(r.fn)) === "RO" ? "public-read" : "public-write";
}

function merged(name: string, members: FunctionName[], routeKeys: RouteKey[], http: boolean, lazy: boolean) {
  return {
    name,
    bundle: `${lazy ? "lazy" : "merged"}-${name}`,
    table: members.some((m) => tableAccess(declaration(m)) === "RW") ? "RW" : "RO",
    memoryMB: Math.max(...members.map(memoryOf)),
    members,
    routes: routeKeys,
    http,
    lazy,
  } satisfies LayoutFunction;
}

export function layouts(): Layout[] {
  const background = merged("background", backgroundFunctions(), [], false, false);
  const a: Layout = {
    key: "a",
    title: "(a) one function per route",
    functions: [...httpFunctions(), ...backgroundFunctions()].map((name) => ({
      name,
      bundle: name,
      table: tableAccess(declaration(name)),
      memoryMB: memoryOf(name),
      members: [name],
      routes: routes.filter((r) => r.fn === name).map(routeKey),
      http: httpFunctions().includes(name),
      lazy: false,
    })),
  };
  const levels = (lazy: boolean): LayoutFunction[] =>
    (["public-read", "public-write", "link-actions"] as const).map((level) => {
      const rs = routes.filter((r) => accessLevel(r) === level);
      // The fallback (404/405) answers the public and only reads: it lives with the public read routes.
      const fns = unique([...rs.map((r) => r.fn), ...(level === "public-read" ? [fallbackFunction] : [])]);
      return merged(level, fns, rs.map(routeKey), true, lazy);
    });
  const single = (lazy: boolean) => merged("http", httpFunctions(), [...ROUTE_KEYS], true, lazy);
  return [
    a,
    { key: "b", title: "(b) one function per access level", functions: [...levels(false), background] },
    {
      key: "b-lazy",
      title: "(b) per access level, handlers loaded on first use",
      functions: [...levels(true), background],
    },
    { key: "c", title: "(c) one HTTP function", functions: [single(false), background] },
    {
      key: "c-lazy",
      title: "(c) one HTTP function, handlers loaded on first use",
      functions: [single(true), background],
    },
  ];
}

/**
 * Routes a layout runs with more table access than their own handler needs. Layout (b) puts the link pages
 * (GETs) with the link actions' writes; (c) gives every read route, public ones included, write access.
 */
export function overGranted(layout: Layout): RouteKey[] {
  return layout.functions.flatMap((f) =>
    f.routes.filter((k) => f.table === "RW" && tableAccess(declaration(declaredRoute(k).fn)) === "RO"),
  );
}
/**
 * Least privilege by access level: every route anyone can call without a link's token and that only reads runs
 * read-only, and no function holds access none of its routes needs.
 */
export function keepsLeastPrivilege(layout: Layout): boolean {
  return overGranted(layout).every((k) => accessLevel(declaredRoute(k)) === "link-actions");
}

// ——— Containers ———

/** The platform and the CPU, as the simulation sees them. */
export interface Model {
  /** Lambda's own work before our code loads on a cold start: sandbox and Node.js runtime start (assumed). */
  platformMs: number;
  /** Measured cold-start proxy on this machine, by bundle. */
  initMs: Readonly<Record<string, number>>;
  /** Lazy layouts: a handler module's load on its first use in a container, by `${bundle} ${module}`. */
  routeLoadMs?: Readonly<Record<string, { first: number; next: number }>>;
  /** How much longer code takes to load on Lambda than measured here, at a memory size: at init, and during an invocation. */
  initCpuFactor: (memoryMB: number) => number;
  invokeCpuFactor: (memoryMB: number) => number;
  /** An idle container is reclaimed after a time drawn uniformly in this range, per idle period. */
  reclaimMinutes: readonly [number, number];
  seed: number;
}

/** Lambda allocates CPU in proportion to memory: one vCPU at 1,769 MB. */
export const VCPU_AT_MB = 1769;
export const proportionalCpu = (memoryMB: number) => Math.max(1, VCPU_AT_MB / memoryMB);
export const fullCpu = () => 1;

export interface Outcome {
  /** The function the invocation ran in (index into the layout's functions). */
  fn: number;
  cold: boolean;
  /** Lazy layouts: the route's handler was loaded by this invocation. */
  loaded: boolean;
  /** What the caller waits, ms: warm time, plus platform and init on a cold start, plus a lazy load. */
  ms: number;
  container: number;
}

export interface Simulation {
  outcomes: Outcome[];
  /** Every container: its function, when it started and when it was (or would be) reclaimed. */
  containers: { fn: number; start: number; end: number }[];
}

interface Container {
  id: number;
  busyUntil: number;
  /** How long it may stay idle after `busyUntil` before it is reclaimed. */
  keepMs: number;
  loaded: Set<string>;
}

/**
 * Replays invocations (in time order) against per-function container pools. A request takes an idle container
 * of its function (the most recently used), else a new one starts (cold: platform + init). A container is busy
 * for the request's whole time, so overlapping requests start more containers; an idle one is gone once idle
 * longer than its reclaim time, drawn afresh in `reclaimMinutes` for every idle period.
 */
export function simulate(invocations: readonly Invocation[], layout: Layout, model: Model): Simulation {
  const rng = mulberry32(model.seed);
  const [lo, hi] = model.reclaimMinutes;
  const byRoute = new Map<string, number>();
  const byFn = new Map<string, number>();
  layout.functions.forEach((f, i) => {
    for (const r of f.routes) byRoute.set(r, i);
    for (const m of f.members) byFn.set(m, i);
  });
  const pools = layout.functions.map((): Container[] => []);
  const containers: Simulation["containers"] = [];
  const outcomes: Outcome[] = [];
  for (const inv of invocations) {
    const fnIndex = inv.route ? byRoute.get(inv.route) : inv.fn ? byFn.get(inv.fn) : undefined;
    const f = fnIndex === undefined ? undefined : layout.functions[fnIndex];
    const pool = fnIndex === undefined ? undefined : pools[fnIndex];
    if (fnIndex === undefined || !f || !pool)
      throw new Error(`no function of layout ${layout.key} takes this invocation`);
    // Reclaim every container idle for longer than its drawn time.
    for (let i = pool.length - 1; i >= 0; i--) {
      const c = pool[i] as Container;
      if (c.busyUntil <= inv.t && inv.t - c.busyUntil > c.keepMs) pool.splice(i, 1);
    }
    let container: Container | undefined;
    for (const c of pool) if (c.busyUntil <= inv.t && (!container || c.busyUntil > container.busyUntil)) container = c;
    const cold = !container;
    let ms = inv.ms;
    if (!container) {
      container = { id: containers.length, busyUntil: inv.t, keepMs: 0, loaded: new Set() };
      containers.push({ fn: fnIndex, start: inv.t, end: inv.t });
      pool.push(container);
      const init = model.initMs[f.bundle];
      if (init === undefined) throw new Error(`no init time for ${f.bundle}`);
      ms += model.platformMs + init * model.initCpuFactor(f.memoryMB);
    }
    const module = inv.route ? declaredRoute(inv.route).fn : inv.fn;
    let loaded = false;
    if (f.lazy && module && !container.loaded.has(module)) {
      const load = model.routeLoadMs?.[`${f.bundle} ${module}`];
      if (!load) throw new Error(`no load time for ${module} in ${f.bundle}`);
      ms += (container.loaded.size === 0 ? load.first : load.next) * model.invokeCpuFactor(f.memoryMB);
      container.loaded.add(module);
      loaded = true;
    }
    container.busyUntil = inv.t + ms;
    container.keepMs = (lo + (hi - lo) * rng()) * MINUTE;
    const span = containers[container.id];
    if (span) span.end = container.busyUntil + container.keepMs;
    outcomes.push({ fn: fnIndex, cold, loaded, ms, container: container.id });
  }
  return { outcomes, containers };
}

/** The most containers alive at once (busy or idle, not yet reclaimed) among the given functions. */
export function maxAlive(sim: Simulation, fns: ReadonlySet<number>): number {
  const edges = sim.containers
    .filter((c) => fns.has(c.fn))
    .flatMap((c) => [
      [c.start, 1],
      [c.end, -1],
    ])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let alive = 0;
  let most = 0;
  for (const [, d] of edges) {
    alive += d as number;
    most = Math.max(most, alive);
  }
  return most;
}

// ——— The section's results ———

/** The stated assumptions the model runs on (bench/RESULTS.md writes them out). */
export const ASSUMPTIONS = {
  platformMs: 120,
  warmMs: WARM_MS,
  backgroundMs: BACKGROUND_MS,
  reclaimMinutes: [5, 15] as const,
  vcpuAtMB: VCPU_AT_MB,
  mailDelayMs: MAIL_DELAY,
};

/** What bench/merged.ts measured on this machine. */
export interface Measured {
  initMs: Record<string, number>;
  routeLoadMs: Record<string, { first: number; next: number }>;
  /** How far each proxy's p90 lies above its median: the measurement's own noise. */
  initSpreadMs?: Record<string, number>;
  initRuns: number;
  loadRuns: number;
  /** Size of each measured bundle (lazy ones: what loads at init), KB. */
  kb: Record<string, number>;
}

export interface LayoutSummary {
  key: LayoutKey;
  title: string;
  leastPrivilege: boolean;
  overGranted: RouteKey[];
  functions: {
    name: string;
    table: TableAccess;
    memoryMB: number;
    routes: number;
    members: FunctionName[];
    http: boolean;
    lazy: boolean;
    kb: number;
    /** The cold-start proxy measured here. */
    measuredInitMs: number;
    /** What a cold start adds on Lambda in the model: platform + init × CPU factor. */
    coldMs: number;
  }[];
  http: {
    requests: number;
    scanners: number;
    /** Share of people's requests that met a cold function. */
    coldShare: number;
    /** Cold starts of the HTTP functions (scanners' included). */
    coldStarts: number;
    /** Lazy layouts: first uses of a route's handler in a container (people's requests). */
    routeLoads: number;
    mean: number;
    p50: number;
    p95: number;
    p99: number;
    maxContainers: number;
  };
  /** A woman's path: form → submission → first look at the status. */
  path: { journeys: number; coldShare: number; withCold: number; allCold: number };
  background: { invocations: number; coldStarts: number; coldShare: number };
  /** The same month if init ran on a full vCPU (AWS: on-demand init is not throttled), lazy loads still throttled. */
  unthrottled: { mean: number; p50: number; p95: number; p99: number };
}

/** The best p95 among the layouts that keep least privilege, and those within the measurement's noise of it. */
export interface Best {
  key: LayoutKey;
  title: string;
  p95: number;
  noiseMs: number;
  tied: LayoutKey[];
}

/**
 * The layout shared/declarations.ts implements. When the least-privilege layouts' p95s tie (each p95 is a cold start,
 * and the init times differ by less than their measurement's noise), the tie is broken by what else the issue asks.
 */
export const ADOPTED: LayoutKey = "a";
export const ADOPTED_BECAUSE =
  "(a) one function per route keeps each route's own least privilege (a link page that only shows stays read-only; in (b) it runs with write access), keeps every function's bundle within 1.3× its floor without code splitting (merged eagerly, the link and public-write functions are over it: see “KB at init” below; split into first-use chunks they need esbuild splitting, which the CDK's NodejsFunction does not do, and lose when init runs on a full vCPU), and keeps a timeout, log group and alarm per route. What it costs: more of people's requests meet a cold function than in (b) — see the cold share and mean above.";

export interface TrafficResults {
  days: number;
  seed: number;
  config: TrafficConfig;
  assumptions: typeof ASSUMPTIONS;
  measured: Measured;
  requests: { http: number; people: number; scanners: number; background: number; byRoute: Record<string, number> };
  layouts: LayoutSummary[];
  /** Best p95 among the layouts that keep least privilege (primary model, and with init unthrottled). */
  winner: Best;
  winnerUnthrottled: Best;
  /** The layout the declarations implement, and why, when several tie. */
  adopted: { key: LayoutKey; title: string; among: boolean; why: string };
}

function summarize(invocations: readonly Invocation[], layout: Layout, model: Model) {
  const sim = simulate(invocations, layout, model);
  const people: Outcome[] = [];
  const journeys = new Map<number, Outcome[]>();
  let coldStarts = 0;
  let bgInvocations = 0;
  let bgCold = 0;
  invocations.forEach((inv, i) => {
    const o = sim.outcomes[i] as Outcome;
    if (!inv.route) {
      bgInvocations++;
      if (o.cold) bgCold++;
      return;
    }
    if (o.cold) coldStarts++;
    if (inv.by === "scanner") return;
    people.push(o);
    if (inv.journey) journeys.set(inv.journey.id, [...(journeys.get(inv.journey.id) ?? []), o]);
  });
  const ms = people.map((o) => o.ms);
  const whole = [...journeys.values()].filter((j) => j.length === 3);
  const httpFns = new Set(layout.functions.flatMap((f, i) => (f.http ? [i] : [])));
  return {
    http: {
      requests: invocations.filter((i) => i.route).length,
      scanners: invocations.filter((i) => i.by === "scanner").length,
      coldShare: people.filter((o) => o.cold).length / people.length,
      coldStarts,
      routeLoads: people.filter((o) => o.loaded).length,
      mean: ms.reduce((a, b) => a + b, 0) / (ms.length || 1),
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
      maxContainers: maxAlive(sim, httpFns),
    },
    path: {
      journeys: whole.length,
      coldShare: whole.flat().filter((o) => o.cold).length / (3 * whole.length || 1),
      withCold: whole.filter((j) => j.some((o) => o.cold)).length / (whole.length || 1),
      allCold: whole.filter((j) => j.every((o) => o.cold)).length / (whole.length || 1),
    },
    background: { invocations: bgInvocations, coldStarts: bgCold, coldShare: bgCold / (bgInvocations || 1) },
  };
}

/** The section: the month generated once, replayed against every layout, under both CPU models. */
export function trafficResults(measured: Measured, config: TrafficConfig = SEED_TRAFFIC): TrafficResults {
  const invocations = generateTraffic(config);
  const base = {
    platformMs: ASSUMPTIONS.platformMs,
    initMs: measured.initMs,
    routeLoadMs: measured.routeLoadMs,
    reclaimMinutes: ASSUMPTIONS.reclaimMinutes,
    seed: config.seed + 1,
  };
  const primary: Model = { ...base, initCpuFactor: proportionalCpu, invokeCpuFactor: proportionalCpu };
  const unthrottledModel: Model = { ...base, initCpuFactor: fullCpu, invokeCpuFactor: proportionalCpu };
  const summaries: LayoutSummary[] = layouts().map((layout) => {
    const s = summarize(invocations, layout, primary);
    const u = summarize(invocations, layout, unthrottledModel);
    return {
      key: layout.key,
      title: layout.title,
      leastPrivilege: keepsLeastPrivilege(layout),
      overGranted: overGranted(layout),
      functions: layout.functions.map((f) => ({
        name: f.name,
        table: f.table,
        memoryMB: f.memoryMB,
        routes: f.routes.length,
        members: f.members,
        http: f.http,
        lazy: f.lazy,
        kb: measured.kb[f.bundle] ?? 0,
        measuredInitMs: measured.initMs[f.bundle] ?? Number.NaN,
        coldMs: ASSUMPTIONS.platformMs + (measured.initMs[f.bundle] ?? Number.NaN) * primary.initCpuFactor(f.memoryMB),
      })),
      ...s,
      unthrottled: { mean: u.http.mean, p50: u.http.p50, p95: u.http.p95, p99: u.http.p99 },
    };
  });
  // A p95 here is a cold start: platform + init × the CPU factor. Two layouts whose p95s differ by less than the
  // init measurement's own spread (p90 − median of the proxy, the largest among the bundles) × that factor tie.
  const spread = Math.max(0, ...Object.values(measured.initSpreadMs ?? {}));
  const best = (p95: (l: LayoutSummary) => number, factor: number): Best => {
    const allowed = summaries.filter((l) => l.leastPrivilege);
    const w = allowed.reduce((a, b) => (p95(b) < p95(a) ? b : a));
    const noiseMs = spread * factor;
    const tied = allowed.filter((l) => p95(l) - p95(w) <= noiseMs).map((l) => l.key);
    return { key: w.key, title: w.title, p95: p95(w), noiseMs, tied };
  };
  const winner = best((l) => l.http.p95, primary.initCpuFactor(DEFAULT_MEMORY_MB));
  const byRoute: Record<string, number> = {};
  for (const i of invocations) if (i.route) byRoute[i.route] = (byRoute[i.route] ?? 0) + 1;
  return {
    days: config.days,
    seed: config.seed,
    config,
    assumptions: ASSUMPTIONS,
    measured,
    requests: {
      http: invocations.filter((i) => i.route).length,
      people: invocations.filter((i) => i.route && i.by !== "scanner").length,
      scanners: invocations.filter((i) => i.by === "scanner").length,
      background: invocations.filter((i) => !i.route).length,
      byRoute,
    },
    layouts: summaries,
    winner,
    winnerUnthrottled: best((l) => l.unthrottled.p95, 1),
    adopted: {
      key: ADOPTED,
      title: summaries.find((l) => l.key === ADOPTED)?.title ?? ADOPTED,
      among: winner.tied.includes(ADOPTED),
      why: ADOPTED_BECAUSE,
    },
  };
}
