import type { CrowdRow } from "./crowd.ts";
import type { OperationRow } from "./dynamo.ts";
import { DEFAULT_MEMORY_MB, type TrafficResults } from "./traffic.ts";

/** The benchmark's results, as a console table and as Markdown (bench/RESULTS.md). */
export interface Results {
  date: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string; platform: string };
  quick: boolean;
  bundles: {
    name: string;
    kb: number;
    floorKb: number;
    sizeRatio: number;
    gzipKb: number;
    coldMedianMs: number;
    coldP90Ms: number;
    floorColdMedianMs: number;
    coldRatio: number;
    contributors: { pkg: string; kb: number }[];
    beyondFloor: { pkg: string; kb: number }[];
  }[];
  coldRuns: number;
  operations: (OperationRow & { ratio: number })[];
  crowds: CrowdRow[];
  throughput: {
    concurrency: number;
    seconds: number;
    rawTransactWritesPerSecond: number;
    petitionsPerSecond: number;
    registrationsPerSecond: number;
    petitionRatio: number;
    registrationRatio: number;
  };
  latency: { samples: number; p50Ms: number; p95Ms: number; floorP50Ms: number; floorP95Ms: number; ratio: number };
  pages: { page: string; bytes: number; gzipBytes: number; script: boolean; ratio: number }[];
  floorPageBytes: number;
  /** Cold starts as users meet them: a simulated month against Lambda's idle reclaim, per layout (bench/traffic.ts). */
  traffic: TrafficResults;
  /** What Powertools' Logger, Metrics and Tracer would add to a function, next to the project's own (bench/bundles.ts). */
  observability: ObservabilityResults;
}

export interface ObservabilityResults {
  runs: number;
  /** Each probe function as it ships: its size, the project's own logger and metrics in it, its cold-start proxy. */
  functions: { fn: string; kb: number; ownKb: number; coldMedianMs: number; coldP90Ms: number }[];
  /** Each function with some Powertools utilities added: what they add to it. */
  variants: {
    fn: string;
    utilities: string[];
    kb: number;
    addedKb: number;
    coldMedianMs: number;
    coldP90Ms: number;
    addedMs: number;
    coldRatio: number;
  }[];
  /** Per utility (and Logger with Metrics), the mean over the probe functions of what it adds. */
  means: { utilities: string[]; addedKb: number; addedMs: number; coldRatio: number }[];
}

interface Measured {
  name: string;
  bytes: number;
  observabilityBytes?: number;
}

/** The comparison, from the probe functions as they ship, their variants and the cold starts of all of them. */
export function observabilityResults(
  probes: Measured[],
  variants: (Measured & { fn: string; utilities: string[] })[],
  cold: { name: string; medianMs: number; p90Ms: number }[],
  runs: number,
): ObservabilityResults {
  const coldOf = (name: string) => cold.find((c) => c.name === name) ?? { medianMs: Number.NaN, p90Ms: Number.NaN };
  const functions = probes.map((p) => ({
    fn: p.name,
    kb: p.bytes / 1024,
    ownKb: (p.observabilityBytes ?? 0) / 1024,
    coldMedianMs: coldOf(p.name).medianMs,
    coldP90Ms: coldOf(p.name).p90Ms,
  }));
  const rows = variants.map((v) => {
    const base = functions.find((f) => f.fn === v.fn) as (typeof functions)[number];
    const c = coldOf(v.name);
    return {
      fn: v.fn,
      utilities: v.utilities,
      kb: v.bytes / 1024,
      addedKb: v.bytes / 1024 - base.kb,
      coldMedianMs: c.medianMs,
      coldP90Ms: c.p90Ms,
      addedMs: c.medianMs - base.coldMedianMs,
      coldRatio: c.medianMs / base.coldMedianMs,
    };
  });
  const kinds = [...new Map(rows.map((r) => [r.utilities.join(" + "), r.utilities])).values()];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const means = kinds.map((utilities) => {
    const of = rows.filter((r) => r.utilities.join() === utilities.join());
    return {
      utilities,
      addedKb: mean(of.map((r) => r.addedKb)),
      addedMs: mean(of.map((r) => r.addedMs)),
      coldRatio: mean(of.map((r) => r.coldRatio)),
    };
  });
  return { runs, functions, variants: rows, means };
}

const sign = (n: number) => `${n >= 0 ? "+" : "−"}${f1(Math.abs(n))}`;

function observabilityLines(o: ObservabilityResults): string[] {
  return [
    `observability (Lambda's environment, ${o.runs} runs): own logger + metrics ${o.functions.map((f) => `${f1(f.ownKb)} KB in ${f.fn}`).join(", ")}`,
    ...o.means.map(
      (m) =>
        `  + Powertools ${m.utilities.join(" + ").padEnd(17)} ${sign(m.addedKb).padStart(7)} KB  ${sign(m.addedMs).padStart(6)} ms (p50)  ${x(m.coldRatio)} the function's load`,
    ),
  ];
}

function observabilityMarkdown(o: ObservabilityResults): string[] {
  const own = o.functions.map((f) => f.ownKb);
  const utility = (u: string) => o.means.find((m) => m.utilities.join() === u);
  const verdict = ["Logger", "Metrics", "Tracer"]
    .map((u) => utility(u))
    .filter((m) => m !== undefined)
    .map((m) => `${m.utilities[0]} ${sign(m.addedKb)} KB and ${sign(m.addedMs)} ms (${x(m.coldRatio)})`)
    .join(", ");
  return [
    "## Observability: the project's own logs and metrics, and what Powertools would add",
    "",
    `Every log line names its invocation (Lambda's request id, cold start, function, API Gateway's request id, X-Ray's trace id) and counts are written as CloudWatch EMF lines by the project's own code (\`shared/platform/log.ts\`, \`metrics.ts\`): ${f1(Math.min(...own))}–${f1(Math.max(...own))} KB of each function, scrubber included. Next to it, each of Powertools for AWS Lambda's utilities added to three functions as adopting it would carry it (imported, made at load with its middy middleware; bench/bundles.ts \`POWERTOOLS\`). Cold-start proxy as above, with Lambda's environment variables set for all of them (the Tracer turns tracing on, and patches http and https, only in Lambda), ${o.runs} runs each, interleaved.`,
    "",
    `**On average Powertools adds: ${verdict}.** None is carried: the Logger and Metrics would add weight and load time for what the project's own lines already do (and the Logger would need the scrubber rebuilt as its JSON replacer); the Tracer's X-Ray SDK costs the most, and Lambda's active tracing (set on the functions and the API by the stack) records each invocation and its cold start without it.`,
    "",
    "| function | with Powertools | KB | + KB | load p50 ms | load p90 ms | + ms (p50) | × as it ships |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...o.functions.flatMap((f) => [
      `| ${f.fn} | — (as it ships; own logs and metrics ${f1(f.ownKb)} KB) | ${f1(f.kb)} | | ${f1(f.coldMedianMs)} | ${f1(f.coldP90Ms)} | | |`,
      ...o.variants
        .filter((v) => v.fn === f.fn)
        .map(
          (v) =>
            `| ${f.fn} | ${v.utilities.join(" + ")} | ${f1(v.kb)} | ${sign(v.addedKb)} | ${f1(v.coldMedianMs)} | ${f1(v.coldP90Ms)} | ${sign(v.addedMs)} | ${x(v.coldRatio)} |`,
        ),
    ]),
    "",
  ];
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const x = (n: number) => `${n.toFixed(2)}×`;

/** What a shared key caps, in words (DynamoDB: 1,000 write units per second per partition). */
function hotNote(key: string): string {
  if (key.startsWith("EVENT#"))
    return `${key}: the event's seat counters — every registration claims its seat or ticket with one plain conditional write of this item (≤1,000 WCU/s per partition; plain writes queue, they do not refuse each other): at most ~1,000 registrations/s per event. Only a promotion writes it in a transaction`;
  if (key.startsWith("gsi2=OUTBOX#pending"))
    return `index partition OUTBOX#pending: every outgoing mail enters and leaves it — ≤1,000 index writes/s, so at most ~500 mails/s`;
  if (key.startsWith("gsi1=EVENTS")) return `index partition EVENTS: written only when configuration is loaded`;
  return key;
}

const beyond = (b: Results["bundles"][number]) => b.beyondFloor.map((c) => `${c.pkg} (${f1(c.kb)} KB)`).join(", ");

export interface Worst {
  figure: string;
  ratio: number;
  cause: string;
}

/**
 * The figure furthest from its floor (throughput counts as floor ÷ measured, so that higher is worse everywhere).
 * `runtime` leaves out page weight, whose floor is a blank page: the worst cost paid at run time.
 */
export function worstRatio(r: Results, runtime = false): Worst {
  const candidates: Worst[] = [
    ...r.bundles.map((b) => ({
      figure: `bundle size of ${b.name}`,
      ratio: b.sizeRatio,
      cause: `beyond the floor it carries ${beyond(b)}`,
    })),
    ...r.bundles.map((b) => ({
      figure: `cold-start proxy of ${b.name}`,
      ratio: b.coldRatio,
      cause: `loading and evaluating ${f1(b.kb)} KB of code against the floor's ${f1(b.floorKb)} KB: beyond the SDK clients it carries ${beyond(b)}`,
    })),
    ...r.operations.map((o) => ({
      figure: `DynamoDB requests for ${o.operation}`,
      ratio: o.ratio,
      cause: `${o.kinds} against a minimum of ${o.minimum} (${o.minimumWhy})`,
    })),
    ...r.crowds.flatMap((c) =>
      [c.seat, c.waitlist].map((k, i) => ({
        figure: `DynamoDB requests per ${i === 0 ? "seat" : "waitlist place"} in a crowd of ${c.people} (${c.name})`,
        ratio: k.requestsMean / k.minimum,
        cause: `${f2(k.retriesMean)} requests per registration beyond the minimum of ${k.minimum} (${k.minimumWhy}): seat claims that found the event full, writes retried after a conflict`,
      })),
    ),
    {
      figure: "petition submission throughput",
      ratio: 1 / r.throughput.petitionRatio,
      cause:
        "each submission is an HTTP request, validation, rendering the e-mails it queues, and one transaction — while the notifier sends those e-mails on the same two cores; the floor is the transaction alone",
    },
    {
      figure: "registration throughput",
      ratio: 1 / r.throughput.registrationRatio,
      cause:
        "each registration is four requests — the event read, the phone lock, the seat claim on the event item every registration writes, then its transaction — where the floor is the transaction alone",
    },
    {
      figure: "submission → e-mail latency (p50)",
      ratio: r.latency.ratio,
      cause: "the HTTP request and its transaction come before the same stream-and-notifier path the floor measures",
    },
    ...(runtime
      ? []
      : r.pages.map((p) => ({
          figure: `weight of the ${p.page} page`,
          ratio: p.ratio,
          cause: "its form fields, labels and hints (the floor is the bare layout and stylesheet)",
        }))),
  ];
  return candidates.reduce((a, b) => (b.ratio > a.ratio ? b : a));
}

export function renderTable(r: Results): string {
  const lines: string[] = [];
  const w = worstRatio(r);
  lines.push(
    `Tiếng Nói benchmark — ${r.date} — ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}${r.quick ? " (quick run)" : ""}`,
  );
  lines.push("", "function                  KB   ×floor  gzip KB  load ms (p50/p90)  ×floor");
  for (const b of r.bundles) {
    lines.push(
      `${b.name.padEnd(22)} ${f1(b.kb).padStart(6)} ${x(b.sizeRatio).padStart(7)} ${f1(b.gzipKb).padStart(8)}  ${`${f1(b.coldMedianMs)}/${f1(b.coldP90Ms)}`.padStart(17)}  ${x(b.coldRatio).padStart(6)}`,
    );
  }
  lines.push(`(floors: ${f1(r.bundles[0]?.floorKb ?? 0)} KB, ${f1(r.bundles[0]?.floorColdMedianMs ?? 0)} ms)`);
  lines.push("", ...observabilityLines(r.observability));
  lines.push("", "operation                    requests  min  ×min   RCU   WCU  kinds");
  for (const o of r.operations) {
    lines.push(
      `${o.operation.padEnd(28)} ${String(o.requests).padStart(8)} ${String(o.minimum).padStart(4)} ${x(o.ratio).padStart(6)} ${f1(o.rcu).padStart(5)} ${f1(o.wcu).padStart(5)}  ${o.kinds}${o.shared.length ? "  HOT" : ""}`,
    );
  }
  for (const c of r.crowds) {
    lines.push(
      "",
      `crowd: ${c.people} at once for ${c.capacity} seats (${c.name}) in ${f1(c.seconds)} s — answers ${Object.entries(
        c.statuses,
      )
        .map(([s, n]) => `${n}× ${s}`)
        .join(
          ", ",
        )}; latency p50 ${f1(c.p50Ms)} / p95 ${f1(c.p95Ms)} / p99 ${f1(c.p99Ms)} / max ${f1(c.maxMs)} ms${c.emulatedConflicts ? `; conflicts emulated: ${c.emulatedConflicts.cancelledTransactions} transactions cancelled, ${c.emulatedConflicts.refusedWrites} writes refused` : ""}`,
    );
    for (const [label, k] of [
      ["seat", c.seat],
      ["waitlist place", c.waitlist],
    ] as const) {
      lines.push(
        `  ${label.padEnd(15)} ${String(k.registrations).padStart(5)}  requests ${f2(k.requestsMean)} (max ${k.requestsMax}, min ${k.minimum}, ${x(k.requestsMean / k.minimum)})  retries ${f2(k.retriesMean)}  WCU ${f1(k.wcuMean)} (alone ${f1(k.wcuAlone)})  p50/p95/p99 ${f1(k.p50Ms)}/${f1(k.p95Ms)}/${f1(k.p99Ms)} ms`,
      );
    }
  }
  const t = r.throughput;
  lines.push(
    "",
    `throughput (${t.concurrency} clients): raw TransactWriteItems ${f1(t.rawTransactWritesPerSecond)}/s; petitions ${f1(t.petitionsPerSecond)}/s (${x(t.petitionRatio)}); registrations ${f1(t.registrationsPerSecond)}/s (${x(t.registrationRatio)})`,
  );
  const l = r.latency;
  lines.push(
    `submission → inbox: p50 ${f1(l.p50Ms)} ms, p95 ${f1(l.p95Ms)} ms; bare outbox write → inbox p50 ${f1(l.floorP50Ms)} ms (${x(l.ratio)})`,
  );
  lines.push("", `pages (floor: bare layout ${r.floorPageBytes} B):`);
  for (const p of r.pages)
    lines.push(
      `  ${p.page.padEnd(32)} ${String(p.bytes).padStart(6)} B  ${String(p.gzipBytes).padStart(5)} B gz  ${x(p.ratio).padStart(7)}  JavaScript: ${p.script ? "YES" : "none"}`,
    );
  lines.push("", ...trafficLines(r.traffic));
  const wr = worstRatio(r, true);
  lines.push("", `worst ratio: ${w.figure} at ${x(w.ratio)} — ${w.cause}`);
  lines.push(`worst run-time ratio: ${wr.figure} at ${x(wr.ratio)} — ${wr.cause}`);
  return lines.join("\n");
}

export function renderMarkdown(r: Results): string {
  const w = worstRatio(r);
  const wr = worstRatio(r, true);
  const sentence = (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
  const hot = [...new Set(r.operations.flatMap((o) => o.shared))];
  const out: string[] = [
    "# Benchmark results",
    "",
    `Run by \`npm run bench\` on ${r.date.slice(0, 10)} (${r.date}), on ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}${r.quick ? " — a quick run" : ""}.`,
    "Every figure is a ratio to a floor measured in the same run: absolute times on a shared machine drift, ratios much less.",
    "",
    `**Worst ratio: ${w.figure}, ${x(w.ratio)}.** ${sentence(w.cause)}`,
    "",
    `**Worst run-time ratio: ${wr.figure}, ${x(wr.ratio)}.** ${sentence(wr.cause)}`,
    "",
    "## Bundles and cold start",
    "",
    `Each function bundled as the stack bundles it (esbuild, ESM, minified, AWS SDK inside), next to a floor function that only creates the SDK clients it needs (${f1(r.bundles[0]?.floorKb ?? 0)} KB for DynamoDB; the mail senders' floor adds SES). Cold-start proxy: time to load and initialise the bundle in a fresh Node process, ${r.coldRuns} runs each, interleaved.`,
    "",
    "| function | KB | × floor | gzip KB | load p50 ms | load p90 ms | × floor (p50) | beyond the floor, KB |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    ...r.bundles.map(
      (b) =>
        `| ${b.name} | ${f1(b.kb)} | ${x(b.sizeRatio)} | ${f1(b.gzipKb)} | ${f1(b.coldMedianMs)} | ${f1(b.coldP90Ms)} | ${x(b.coldRatio)} | ${b.beyondFloor.map((c) => `${c.pkg} ${f1(c.kb)}`).join(", ")} |`,
    ),
    "",
    ...observabilityMarkdown(r.observability),
    ...trafficMarkdown(r.traffic),
    "## DynamoDB requests and capacity per operation",
    "",
    "Counted at the SDK client in a warm function (configuration cached), with the capacity DynamoDB Local reports (`ReturnConsumedCapacity=INDEXES`, indexes included). The minimum is what the design needs, written down.",
    "",
    "| operation | requests | minimum | × minimum | RCU | WCU | kinds | the minimum needs | writes a shared item |",
    "|---|---:|---:|---:|---:|---:|---|---|---|",
    ...r.operations.map(
      (o) =>
        `| ${o.operation} | ${o.requests} | ${o.minimum} | ${x(o.ratio)} | ${f2(o.rcu)} | ${f2(o.wcu)} | ${o.kinds} | ${o.minimumWhy} | ${o.shared.length ? `**yes**: ${o.shared.join(", ")}` : "no"} |`,
    ),
    "",
    "Hot partitions (items or index partitions every request of an operation writes):",
    "",
    ...(hot.length ? hot.map((k) => `- ${hotNote(k)}`) : ["- none"]),
    "",
    "## A crowd registering at once",
    "",
    `${r.crowds[0]?.people ?? 0} people press "register" at the same moment for the ${r.crowds[0]?.capacity ?? 0} seats of a training, through the local API (HTTP → proxy event → handler → DynamoDB Local; locally a function runs at most 25 invocations at once and the rest wait their turn, as the README explains). Each answer is matched to the DynamoDB requests made for it (by API Gateway's request id). The second run applies AWS's conflict rules at the client (DynamoDB Local queues concurrent transactions on one item, AWS refuses them; test/support/aws-conflicts.ts). Retries are requests beyond the design's minimum; WCU is next to the same registration made alone (the operations table).`,
    "",
    "| run | answers | seconds | p50 ms | p95 ms | p99 ms | max ms | place | registrations | requests (mean / max) | minimum | × minimum | retries per registration | WCU | WCU alone |",
    "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ...r.crowds.flatMap((c) =>
      [
        ["seat", c.seat],
        ["waitlist place", c.waitlist],
      ].map(([label, k]) => {
        const m = k as CrowdRow["seat"];
        return `| ${c.name} | ${Object.entries(c.statuses)
          .map(([s, n]) => `${n}× ${s}`)
          .join(
            ", ",
          )} | ${f1(c.seconds)} | ${f1(m.p50Ms)} | ${f1(m.p95Ms)} | ${f1(m.p99Ms)} | ${f1(c.maxMs)} | ${label} | ${m.registrations} | ${f2(m.requestsMean)} / ${m.requestsMax} | ${m.minimum} | ${x(m.requestsMean / m.minimum)} | ${f2(m.retriesMean)} | ${f1(m.wcuMean)} | ${f1(m.wcuAlone)} |`;
      }),
    ),
    ...r.crowds
      .filter((c) => c.emulatedConflicts)
      .map(
        (c) =>
          `\nWith AWS's rules, ${c.emulatedConflicts?.cancelledTransactions} transactions would have been cancelled and ${c.emulatedConflicts?.refusedWrites} plain writes refused, and were retried.`,
      ),
    "",
    "## Throughput",
    "",
    `${r.throughput.concurrency} concurrent clients for ${r.throughput.seconds} s each, through the local runtime (HTTP → proxy event → handler → DynamoDB Local, the notifier sending alongside), next to raw \`TransactWriteItems\` of the same shape straight to the same DynamoDB Local.`,
    "",
    "| what | per second | × raw |",
    "|---|---:|---:|",
    `| raw TransactWriteItems (5 items, 6 KB) | ${f1(r.throughput.rawTransactWritesPerSecond)} | 1.00× |`,
    `| petition submissions | ${f1(r.throughput.petitionsPerSecond)} | ${x(r.throughput.petitionRatio)} |`,
    `| registrations | ${f1(r.throughput.registrationsPerSecond)} | ${x(r.throughput.registrationRatio)} |`,
    "",
    "## Submission to e-mail",
    "",
    `${r.latency.samples} petitions submitted one at a time, each timed until its receipt is in the local inbox; next to a bare outbox write (one mail item in one transaction) timed the same way — the stream poll (100 ms, as \`npm start\`) and the notifier alone.`,
    "",
    "| | p50 ms | p95 ms |",
    "|---|---:|---:|",
    `| submission → inbox | ${f1(r.latency.p50Ms)} | ${f1(r.latency.p95Ms)} |`,
    `| bare outbox write → inbox (floor) | ${f1(r.latency.floorP50Ms)} | ${f1(r.latency.floorP95Ms)} |`,
    `| ratio (p50) | ${x(r.latency.ratio)} | |`,
    "",
    "## Page weight",
    "",
    `Every HTML page as served, next to the bare layout with its stylesheet (${r.floorPageBytes} bytes). No page needs JavaScript or loads anything else.`,
    "",
    "| page | bytes | gzip bytes | × floor | JavaScript |",
    "|---|---:|---:|---:|---|",
    ...r.pages.map(
      (p) => `| ${p.page} | ${p.bytes} | ${p.gzipBytes} | ${x(p.ratio)} | ${p.script ? "**yes**" : "none"} |`,
    ),
    "",
  ];
  return out.join("\n");
}

const pct = (n: number) => `${(100 * n).toFixed(1)} %`;
const ms0 = (n: number) => n.toFixed(0);
const fnCount = (l: TrafficResults["layouts"][number]) =>
  `${l.functions.filter((f) => f.http).length} + ${l.functions.filter((f) => !f.http).length}`;

function trafficLines(t: TrafficResults): string[] {
  const lines = [
    `cold starts as users meet them: ${t.days} simulated days, ${t.requests.http} HTTP requests (${t.requests.scanners} by mail scanners), ${t.requests.background} background invocations`,
    "layout                                               fns  LP  cold   p50   p95   p99  mean  path≥1 cold  p95 unthrottled",
  ];
  for (const l of t.layouts)
    lines.push(
      `${l.title.padEnd(52)} ${fnCount(l).padStart(5)} ${l.leastPrivilege ? "yes" : " no"} ${pct(l.http.coldShare).padStart(6)} ${ms0(l.http.p50).padStart(5)} ${ms0(l.http.p95).padStart(5)} ${ms0(l.http.p99).padStart(5)} ${ms0(l.http.mean).padStart(5)} ${pct(l.path.withCold).padStart(11)} ${ms0(l.unthrottled.p95).padStart(16)}`,
    );
  lines.push(
    `best p95 with least privilege: ${t.winner.title}, ${ms0(t.winner.p95)} ms; tied within ${ms0(t.winner.noiseMs)} ms: ${t.winner.tied.join(", ")}`,
    `adopted (the declarations): ${t.adopted.title}${t.adopted.among ? "" : " — NOT among the best p95: revisit the layout"}`,
  );
  return lines;
}

function trafficMarkdown(t: TrafficResults): string[] {
  const a = t.assumptions;
  const c = t.config;
  const factor = a.vcpuAtMB / DEFAULT_MEMORY_MB;
  const other = t.layouts.reduce((x, y) => (y.http.p95 < x.http.p95 ? y : x));
  const title = (key: string) => t.layouts.find((l) => l.key === key)?.title ?? key;
  const tied = (b: TrafficResults["winner"]) =>
    b.tied.length > 1
      ? ` — tied, within the init measurement's own noise (${ms0(b.noiseMs)} ms: its p90 − median × the CPU factor), with ${b.tied
          .filter((k) => k !== b.key)
          .map(title)
          .join(", ")}`
      : "";
  const everyP95Cold = t.layouts.every((l) => l.http.coldShare > 0.05);
  const routesBy = Object.entries(t.requests.byRoute)
    .sort((x, y) => y[1] - x[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return [
    "## Cold starts as users meet them",
    "",
    `A month (${t.days} days) of the seed's traffic, generated with seed ${t.seed} by bench/traffic.ts — ${t.requests.http} HTTP requests (${t.requests.people} by people, ${t.requests.scanners} by mail scanners) and ${t.requests.background} background invocations — replayed against Lambda's idle reclaim for three layouts: (a) one function per route (the declarations), (b) one per access level (public read RO, public write RW, link actions RW, background), (c) one HTTP function (RW) and background. For (b) and (c) each merged function is a real bundle (a dispatcher on \`event.resource\` and \`httpMethod\` importing its handlers, built with the stack's esbuild settings) and its init is measured; "first use" variants import only the dispatcher and the platform at init and \`import()\` a handler's chunk the first time a container serves its route.`,
    "",
    `**Best p95 with least privilege: ${t.winner.title}, ${ms0(t.winner.p95)} ms**${tied(t.winner)}. With init on a full vCPU instead: ${t.winnerUnthrottled.title}, ${ms0(t.winnerUnthrottled.p95)} ms${tied(t.winnerUnthrottled)}. Without the privilege condition the best p95 is ${other.title}'s, ${ms0(other.http.p95)} ms.`,
    "",
    `**Adopted: ${t.adopted.title}** (shared/declarations.ts)${t.adopted.among ? ", among the best p95." : " — NOT among the best p95 in this run: revisit the layout."} ${t.adopted.why}`,
    ...(everyP95Cold
      ? [
          "",
          "In every layout more than 5 % of people's requests meet a cold function, so each p95 is the latency of a cold start: the p95s compare the layouts' init times, while the cold share, the mean and her path show how often each layout makes someone wait.",
        ]
      : []),
    "",
    "| layout | functions (HTTP + background) | least privilege | HTTP requests | cold (people's requests) | cold starts | first-use loads | p50 ms | p95 ms | p99 ms | mean ms | max containers | her path: cold of 3 / paths with one | p95 ms, init unthrottled | background invocations (cold) |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...t.layouts.map(
      (l) =>
        `| ${l.title} | ${fnCount(l)} | ${l.leastPrivilege ? "yes" : `**no**: ${l.overGranted.filter((k) => !k.includes("{token}")).length} public read routes RW`} | ${l.http.requests} | ${pct(l.http.coldShare)} | ${l.http.coldStarts} | ${l.http.routeLoads} | ${ms0(l.http.p50)} | ${ms0(l.http.p95)} | ${ms0(l.http.p99)} | ${ms0(l.http.mean)} | ${l.http.maxContainers} | ${pct(l.path.coldShare)} / ${pct(l.path.withCold)} | ${ms0(l.unthrottled.p95)} | ${l.background.invocations} (${pct(l.background.coldShare)}) |`,
    ),
    "",
    `Each function: its table access, the code it loads at init, the cold-start proxy measured here (median of ${t.measured.initRuns} interleaved runs) and what a cold start adds on Lambda in the model (platform ${a.platformMs} ms + init × ${factor.toFixed(2)}).`,
    "",
    "| layout | function | routes | table | MB | KB at init | init here ms | cold start adds, ms |",
    "|---|---|---:|---|---:|---:|---:|---:|",
    ...t.layouts.flatMap((l) =>
      l.functions
        .filter((f) => l.key === "a" || f.name !== "background" || l.key === "b")
        .map(
          (f) =>
            `| ${l.key} | ${f.name}${f.lazy ? " (first use)" : ""} | ${f.http ? f.routes : "—"} | ${f.table} | ${f.memoryMB} | ${f1(f.kb)} | ${f1(f.measuredInitMs)} | ${ms0(f.coldMs)} |`,
        ),
    ),
    "",
    "Assumptions:",
    "",
    `- **Traffic** (Vietnam time; staff Mon–Fri 7:30–17:00; the public mostly by day, also evenings and weekends, less; holidays ignored): ${c.petitionsPerMonth} petitions a month through the form (form, submission 3–12 min later, a first look at the status — half at once, half within 3 days — then 2–5 more over four weeks), ${c.intakesPerMonth} a month entered by an officer (GET and POST /o/{token}) plus ${c.events[0]?.intakes} on each session's afternoon; each petition's workflow (screen — ${pct(c.rejectShare)} rejected —, forward, acknowledge, answer) one step 0.5–5 working days after the last, each link e-mail opened first by a scanner within 30 s (${pct(c.staffScannerShare)} of staff mail, ${pct(c.personalScannerShare)} of personal mail), then by the officer (GET, then POST 1–10 min later). ${c.events.length} sessions (days ${c.events.map((e) => e.day).join(" and ")}), each with ${c.events[0]?.trickle} registrations over the two weeks before (${pct(c.registrantEmailShare)} with e-mail, ${pct(c.cancelShare)} cancelling) and a session-day burst: ${c.events[0]?.burst} registrations within ~10 minutes from 7:30 (form, POST, the confirmation link opened by a scanner and then by her), then the door: ${c.events[0]?.checkIns} check-ins over 35 minutes. The previous ${c.warmupDays} days are generated too, so petitions already under way arrive at their later steps. Requests by route: ${routesBy}.`,
    `- **Background**: a notifier invocation per stream batching window with mail in it (the declarations' window), mail-sweeper every 5 minutes and registration-reconciler every 10 (the declarations' schedules, both firing on the same minute every 10). Counted apart: p50/p95/p99 are over people's HTTP requests only (not scanners', not background).`,
    `- **Containers**: a request takes the most recently used idle container of its function, else starts one (cold); a container is busy for the request's whole time, so overlapping requests start more; an idle container is reclaimed after a time drawn uniformly in ${a.reclaimMinutes[0]}–${a.reclaimMinutes[1]} minutes for every idle period.`,
    `- **Latency** = warm handler time (assumed: ${a.warmMs.read} ms a page read, ${a.warmMs.write} ms a write, ${a.warmMs.heavy} ms a registration, cancellation or check-in) + on a cold start ${a.platformMs} ms of platform (sandbox and Node.js runtime start, assumed) + the function's init: its cold-start proxy measured here × ${factor.toFixed(2)}, the CPU a ${DEFAULT_MEMORY_MB} MB function gets (Lambda allocates CPU in proportion to memory, one vCPU at ${a.vcpuAtMB} MB; loading code is single-threaded CPU work, and this machine's core is counted as one vCPU). First-use loads: the handler's chunk load, timed here in a fresh process after the dispatcher (the first handler of a container and the later ones apart, medians of ${t.measured.loadRuns} rotation runs), × the same factor. Network, API Gateway and DynamoDB latency are left out.`,
    `- **Sensitivity**: AWS describes on-demand init as running on a full, unthrottled vCPU; the column "init unthrottled" takes init × 1 (first-use loads, which run inside an invocation, stay × ${factor.toFixed(2)}).`,
    `- **Least privilege** (by access level): every route callable without a link that only reads runs read-only. Routes that run with more access than their handler needs: ${t.layouts
      .filter((l) => l.overGranted.length)
      .map((l) => `${l.key}: ${l.overGranted.join(", ")}`)
      .join("; ")}.`,
    "",
  ];
}
