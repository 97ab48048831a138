import type { CrowdRow } from "./crowd.ts";
import type { OperationRow } from "./dynamo.ts";

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
