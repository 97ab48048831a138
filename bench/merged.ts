import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { ESBUILD_OPTIONS, ROOT } from "../infra/function.ts";
import { functions, routes, schedules, streamConsumers } from "../shared/declarations.ts";
import type { Bundle } from "./bundles.ts";
import { coldStarts, inFreshNode, percentile } from "./coldstart.ts";
import { type LayoutFunction, layouts, type Measured, routeKey } from "./traffic.ts";

/**
 * The merged layouts of bench/traffic.ts, built and measured: for every function that carries several handlers, a
 * synthetic entry that dispatches by `event.resource` and `httpMethod` (background: a stream batch or the
 * schedule's task), bundled with the stack's esbuild settings. Eager entries import every handler at init; lazy
 * ones import only the dispatcher and the platform (the HTTP edge and the DynamoDB client) and `import()` a
 * handler, bundled as its own chunk, on its first use. Their cold-start proxies are measured interleaved with the
 * per-route bundles', and each lazy handler's load is timed in a fresh process after the dispatcher has loaded.
 */

const source = (name: string) => JSON.stringify(resolve(ROOT, functions[name as keyof typeof functions].entry));
const PLATFORM = ["shared/platform/http.ts", "shared/platform/dynamo.ts"].map((p) => JSON.stringify(resolve(ROOT, p)));

/** The routes (method and resource) a function answers, each with the declared handler behind it. */
function routeTable(f: LayoutFunction): Record<string, string> {
  return Object.fromEntries(routes.filter((r) => f.routes.includes(routeKey(r))).map((r) => [routeKey(r), r.fn]));
}

const DISPATCH = (fallback: string) => `
const key = (event) => \`\${event.httpMethod === "HEAD" ? "GET" : event.httpMethod} \${event.resource}\`;
const notFound = async () => ({ statusCode: 404, body: "" });
const fallback = ${fallback};`;

function eagerHttpEntry(f: LayoutFunction): string {
  const imports = f.members.map((m, i) => `import { handler as h${i} } from ${source(m)};`);
  const index = (m: string) => `h${f.members.indexOf(m as (typeof f.members)[number])}`;
  const table = Object.entries(routeTable(f)).map(([k, m]) => `  ${JSON.stringify(k)}: ${index(m)},`);
  return [
    ...imports,
    `const table = {\n${table.join("\n")}\n};`,
    DISPATCH(f.members.includes("not-found") ? index("not-found") : "notFound"),
    "export const handler = (event, context) => (table[key(event)] ?? fallback)(event, context);",
  ].join("\n");
}

function lazyHttpEntry(f: LayoutFunction): string {
  const loaders = f.members.map((m) => `  ${JSON.stringify(m)}: () => import(${source(m)}),`);
  return [
    // The platform at init, referenced so that esbuild keeps all of it in the entry's static graph.
    ...PLATFORM.map((p, i) => `import * as platform${i} from ${p};`),
    `export const platform = [${PLATFORM.map((_, i) => `platform${i}`).join(", ")}];`,
    `const loaders = {\n${loaders.join("\n")}\n};`,
    `const table = ${JSON.stringify(routeTable(f))};`,
    "const cache = new Map();",
    "export const load = (name) => { let m = cache.get(name); if (!m) { m = loaders[name](); cache.set(name, m); } return m; };",
    DISPATCH(f.members.includes("not-found") ? `(e, c) => load("not-found").then((m) => m.handler(e, c))` : "notFound"),
    "export const handler = async (event, context) => { const name = table[key(event)]; return name ? (await load(name)).handler(event, context) : fallback(event, context); };",
  ].join("\n");
}

function backgroundEntry(f: LayoutFunction): string {
  const imports = f.members.map((m, i) => `import { handler as h${i} } from ${source(m)};`);
  const index = (m: string) => `h${f.members.indexOf(m as (typeof f.members)[number])}`;
  const stream = streamConsumers.find((c) => f.members.includes(c.fn));
  const tasks = schedules
    .filter((s) => f.members.includes(s.fn))
    .map((s) => `  ${JSON.stringify(s.fn)}: ${index(s.fn)},`);
  return [
    ...imports,
    `const tasks = {\n${tasks.join("\n")}\n};`,
    // A stream batch has Records; a schedule's rule passes its task's name as the event's input.
    `export const handler = (event, context) => (event.Records ? ${stream ? index(stream.fn) : "undefined"} : tasks[event.task])(event, context);`,
  ].join("\n");
}

/** Bytes of an output and every chunk it imports statically: what loads at init. */
function staticBytes(meta: Metafile, out: string, seen = new Set<string>()): number {
  if (seen.has(out)) return 0;
  seen.add(out);
  const o = meta.outputs[out];
  if (!o) return 0;
  return (
    o.bytes +
    o.imports.filter((i) => i.kind === "import-statement").reduce((s, i) => s + staticBytes(meta, i.path, seen), 0)
  );
}

async function bundle(f: LayoutFunction, dir: string): Promise<Bundle> {
  const home = join(dir, f.bundle);
  mkdirSync(home, { recursive: true });
  const entry = join(home, "entry.mjs");
  writeFileSync(entry, f.http ? (f.lazy ? lazyHttpEntry(f) : eagerHttpEntry(f)) : backgroundEntry(f));
  const outdir = join(home, "out");
  const result = await build({
    entryPoints: { index: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    splitting: f.lazy,
    chunkNames: "chunks/[name]-[hash]",
    metafile: true,
  });
  const file = join(outdir, "index.mjs");
  const out = Object.keys(result.metafile.outputs).find((o) => o.endsWith("/index.mjs")) as string;
  const bytes = staticBytes(result.metafile, out);
  return { name: f.bundle, file, bytes, gzipBytes: 0, floor: "floor", contributors: [] };
}

const LOAD_SCRIPT = (url: string, order: string[]) =>
  `const m = await import(${JSON.stringify(url)}); const out = []; for (const name of ${JSON.stringify(order)}) { const t = performance.now(); await m.load(name); out.push(performance.now() - t); } process.stdout.write(JSON.stringify(out));`;

/**
 * Each lazy function's handlers loaded one after another in a fresh process, once with every handler first (a
 * rotation of the order): the first load in a container and the later ones are timed apart, since the later ones
 * find zod and the shared domain code already loaded.
 */
function routeLoads(lazy: { f: LayoutFunction; b: Bundle }[], runs: number): Measured["routeLoadMs"] {
  const samples = new Map<string, { first: number[]; next: number[] }>();
  for (let run = 0; run < runs; run++) {
    for (const { f, b } of lazy) {
      for (let start = 0; start < f.members.length; start++) {
        const order = [...f.members.slice(start), ...f.members.slice(0, start)];
        const out = inFreshNode(LOAD_SCRIPT(pathToFileURL(b.file).href, order), `${b.name}'s handlers`);
        (JSON.parse(out) as number[]).forEach((ms, i) => {
          const key = `${f.bundle} ${order[i]}`;
          const s = samples.get(key) ?? { first: [], next: [] };
          (i === 0 ? s.first : s.next).push(ms);
          samples.set(key, s);
        });
      }
    }
  }
  return Object.fromEntries(
    [...samples].map(([k, s]) => [
      k,
      { first: percentile(s.first, 50), next: percentile(s.next.length ? s.next : s.first, 50) },
    ]),
  );
}

/**
 * Builds the merged functions of every layout and measures, on this machine: every layout function's cold-start
 * proxy (the per-route bundles already built by bench/bundles.ts, `runs` interleaved runs) and the lazy loads.
 */
export async function measureLayouts(built: Bundle[], dir: string, runs: number, loadRuns: number): Promise<Measured> {
  const fns = new Map<string, LayoutFunction>();
  for (const l of layouts()) for (const f of l.functions) fns.set(f.bundle, f);
  const own: Bundle[] = [];
  const lazy: { f: LayoutFunction; b: Bundle }[] = [];
  for (const f of fns.values()) {
    if (f.members.length === 1 && f.bundle === f.name) {
      const b = built.find((x) => x.name === f.bundle);
      if (!b) throw new Error(`bundle ${f.bundle} was not built`);
      own.push(b);
      continue;
    }
    const b = await bundle(f, dir);
    own.push(b);
    if (f.lazy) lazy.push({ f, b });
  }
  const cold = coldStarts(own, runs);
  return {
    initMs: Object.fromEntries(cold.map((c) => [c.name, c.medianMs])),
    initSpreadMs: Object.fromEntries(cold.map((c) => [c.name, c.p90Ms - c.medianMs])),
    routeLoadMs: routeLoads(lazy, loadRuns),
    initRuns: runs,
    loadRuns,
    kb: Object.fromEntries(own.map((b) => [b.name, (b.bytes || statSync(b.file).size) / 1024])),
  };
}
