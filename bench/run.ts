import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { startRuntime } from "../local/runtime.ts";
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoLocal, startSesLocal } from "../local/services.ts";
import { ensureTable } from "../local/table.ts";
import demo from "../shared/config/lam-binh-demo.json" with { type: "json" };
import { parseConfig } from "../shared/config/parse.ts";
import { type EventRecord, getEvent } from "../shared/events/model.ts";
import { db, transact } from "../shared/platform/dynamo.ts";
import { html, page } from "../shared/platform/html.ts";
import { mailItem } from "../shared/platform/outbox.ts";
import { organiserLink, sendOrganiserLink } from "../shared/registration/organisers.ts";
import { emulateAwsConflicts } from "../test/support/aws-conflicts.ts";
import { bundleAll, bundleObservabilityVariants, OBSERVABILITY_PROBES } from "./bundles.ts";
import { coldStarts, LAMBDA_ENV, percentile } from "./coldstart.ts";
import { type CrowdAnswer, type CrowdRow, crowdRow, SEAT, WAIT } from "./crowd.ts";
import { installCounter, type OperationRow, record, row, sharedWrites } from "./dynamo.ts";
import { measureLayouts } from "./merged.ts";
import { observabilityResults, type Results, renderMarkdown, renderTable } from "./report.ts";
import { trafficResults } from "./traffic.ts";

/**
 * `npm run bench`: bundle sizes, cold-start proxy, DynamoDB requests and capacity per operation, throughput,
 * submission-to-e-mail latency and page weights — each as a ratio to a floor measured in the same run, because
 * absolute times on a shared machine drift — and cold starts as users meet them (a month of traffic simulated
 * for each layout of functions). Prints a table; writes bench/results.json and bench/RESULTS.md.
 */
const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    out: { type: "string", default: resolve(import.meta.dirname) },
  },
});
const quick = args.quick as boolean;
const N = quick
  ? { coldRuns: 1, seconds: 0.5, concurrency: 2, latency: 2, layoutRuns: 1, loadRuns: 1 }
  : { coldRuns: 20, seconds: 8, concurrency: 8, latency: 30, layoutRuns: 10, loadRuns: 3 };
/** The crowd: 1,000 people pressing "register" at once for the 222 seats of a training (a quick run: 30 for 7). */
const CROWD = quick ? { people: 30, capacity: 7 } : { people: 1000, capacity: 222 };
const say = (line: string) => process.stderr.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), "bench-"));

// 1–2. Bundles and cold starts: no services needed.
say("bundling every function…");
const bundles = await bundleAll(join(work, "bundles"));
say(`timing ${N.coldRuns} cold loads of each bundle…`);
const cold = coldStarts(bundles, N.coldRuns);
// 2a. What Powertools' Logger, Metrics and Tracer would add to three functions, next to the project's own logs and
// metrics: all timed together, in Lambda's environment (the Tracer turns itself on only there).
say("bundling three functions with Powertools' Logger, Metrics and Tracer, timing their cold loads…");
const probes = bundles.filter((b) => (OBSERVABILITY_PROBES as readonly string[]).includes(b.name));
const variants = await bundleObservabilityVariants(join(work, "observability"));
const observability = observabilityResults(
  probes,
  variants,
  coldStarts([...probes, ...variants], N.coldRuns, LAMBDA_ENV),
  N.coldRuns,
);
// 2b. Cold starts as users meet them: the merged layouts built and measured, then a month of traffic simulated.
say("building the merged layouts, timing their cold loads, simulating a month of traffic…");
const traffic = trafficResults(await measureLayouts(bundles, join(work, "merged"), N.layoutRuns, N.loadRuns));

// 3–6 need the whole local system, as `npm start` runs it.
say("starting DynamoDB Local, the local SES and the runtime…");
const dynamo = await startDynamoLocal();
const ses = await startSesLocal();
const DAY = 86_400_000;
const iso = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const config = parseConfig({
  ...demo,
  events: [
    {
      ...demo.events[1],
      id: "bench-open",
      capacity: 1_000_000,
      // Load by design: no burst alert e-mails in the measurements.
      burstAlertPerMinute: 100_000,
      startsAt: iso(30),
      endsAt: iso(30.2),
      registrationClosesAt: iso(29),
    },
    {
      ...demo.events[1],
      id: "bench-full",
      capacity: 1,
      startsAt: iso(30),
      endsAt: iso(30.2),
      registrationClosesAt: iso(29),
    },
    ...["bench-crowd", "bench-crowd-aws"].map((id) => ({
      ...demo.events[2],
      id,
      capacity: CROWD.capacity,
      startsAt: iso(30),
      endsAt: iso(30.2),
      registrationClosesAt: iso(29),
      // A crowd this size is a burst by design here: no alert e-mails in the measurement.
      burstAlertPerMinute: 100_000,
    })),
  ],
  limits: { petitionsPerPhonePerDay: 1000 },
});
const runtime = await startRuntime({
  dynamoEndpoint: dynamo.endpoint,
  sesEndpoint: ses.endpoint,
  tableName: "bench",
  port: 0,
  config,
});
const url = runtime.url;
installCounter();

let phoneSeq = 0;
const nextPhone = () => `03${String(10_000_000 + phoneSeq++).slice(-8)}`;
const json = (path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const form = (link: string, fields: Record<string, string>) =>
  fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
const registration = (email?: string) => ({
  fullName: "Ma Thị Hoa",
  phone: nextPhone(),
  email,
  gender: "female",
  role: "Hội viên phụ nữ",
  commune: "thuong-lam",
  consent: true,
});
const petition = (email?: string) => ({
  title: "Đề nghị tăng mức vay vốn ưu đãi cho phụ nữ nuôi trâu bò",
  content:
    "Chị em trong thôn muốn vay vốn Ngân hàng Chính sách xã hội để nuôi trâu, bò sinh sản nhưng mức vay hiện nay chưa đủ mua một con giống.",
  category: "credit",
  commune: "thuong-lam",
  village: "Nà Tông",
  petitioner: { fullName: "Ma Thị Hoa", phone: nextPhone(), email },
  consent: true,
});
type Mail = { destination: { to: string[] }; subject: string; body: { text?: string } };
async function mailTo(address: string, subjectPart = "", timeoutMs = 20_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { emails } = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: Mail[] };
    const found = emails.filter((m) => m.destination.to.includes(address) && m.subject.includes(subjectPart)).at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} (${subjectPart})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const linkIn = (mail: Mail, kind: "a" | "r" | "o" | "g") =>
  (mail.body.text ?? "").match(new RegExp(`https?://\\S+/${kind}/[a-z2-7]{32}`))?.[0] as string;

// 3. DynamoDB requests and capacity per operation (warm: configuration cached, as in a warm function).
say("counting DynamoDB requests and capacity per operation…");
await json("/events/bench-open/registrations", registration());
const operations: OperationRow[] = [];
const twice = async (name: string, run: () => Promise<unknown>, minimum: number, why: string) => {
  const first = await record(run);
  const second = await record(run);
  operations.push(row(name, second.calls, minimum, why, sharedWrites(first.calls, second.calls)));
};
await twice(
  "registration (seat)",
  () => json("/events/bench-open/registrations", registration("seat@example.org")),
  SEAT.minimum,
  SEAT.why,
);
await json("/events/bench-full/registrations", registration());
await twice(
  "registration (waitlist)",
  () => json("/events/bench-full/registrations", registration()),
  WAIT.minimum,
  WAIT.why,
);
await twice(
  "petition submission",
  () => json("/petitions", petition("receipt@example.org")),
  1,
  "one transaction (petition, history, daily phone count, links, mails)",
);

const walk = async (code: string) => {
  const screener = linkIn(await mailTo("hlhpn.thuonglam@example.org", code), "a");
  return { screener };
};
const submitted = async (email?: string) =>
  ((await (await json("/petitions", petition(email))).json()) as { trackingCode: string }).trackingCode;
const codeA = await submitted("owner@example.org");
const { screener: screenerA } = await walk(codeA);
operations.push(
  row(
    "action page (GET /a/…)",
    (await record(() => fetch(screenerA).then((r) => r.text()))).calls,
    3,
    "token, petition, history",
  ),
);
operations.push(
  row(
    "status page",
    (await record(() => fetch(`${url}/petitions/${codeA}`).then((r) => r.text()))).calls,
    2,
    "petition, history",
  ),
);
operations.push(
  row(
    "accept",
    (await record(() => form(screenerA, { action: "accept" }))).calls,
    3,
    "token, petition; one transaction (petition, history, links, mails)",
  ),
);
const approver = linkIn(await mailTo("chutich.hlhpn.lambinh@example.org", codeA), "a");
operations.push(
  row(
    "forward",
    (await record(() => form(approver, { action: "forward" }))).calls,
    3,
    "token, petition; one transaction",
  ),
);
const agency = linkIn(await mailTo("nhcsxh.lambinh@example.org", codeA), "a");
operations.push(
  row(
    "acknowledge",
    (await record(() => form(agency, { action: "acknowledge" }))).calls,
    3,
    "token, petition; one transaction",
  ),
);
operations.push(
  row(
    "answer",
    (await record(() => form(agency, { action: "answer", answer: "Sẽ xem xét nâng mức vay." }))).calls,
    3,
    "token, petition; one transaction",
  ),
);
const own = linkIn(await mailTo("owner@example.org", "trả lời"), "a");
operations.push(
  row(
    "close (petitioner)",
    (await record(() => form(own, { action: "close" }))).calls,
    3,
    "token, petition; one transaction",
  ),
);
const codeB = await submitted("asked@example.org");
const { screener: screenerB } = await walk(codeB);
operations.push(
  row(
    "request information",
    (await record(() => form(screenerB, { action: "request_info", question: "Bao nhiêu hộ?" }))).calls,
    3,
    "token, petition; one transaction",
  ),
);
const ownB = linkIn(await mailTo("asked@example.org", "bổ sung"), "a");
operations.push(
  row(
    "provide information",
    (await record(() => form(ownB, { action: "provide_info", info: "23 hộ." }))).calls,
    3,
    "token, petition; one transaction",
  ),
);
const seatMail = await mailTo("seat@example.org");
operations.push(
  row(
    "registration link page",
    (await record(() => fetch(linkIn(seatMail, "r")).then((r) => r.text()))).calls,
    3,
    "token, registration, event",
  ),
);
operations.push(
  row(
    "cancel registration",
    (await record(() => form(linkIn(seatMail, "r"), { action: "cancel" }))).calls,
    6,
    "token, registration, event; one transaction (her items); the counter given back (one write); a look for someone waiting",
  ),
);

// The organiser at the door: one check-in, as one POST.
const ORGANISER = "hlhpn.thuonglam@example.org";
await sendOrganiserLink("bench-open", ORGANISER, url);
const door = linkIn(await mailTo(ORGANISER, "Danh sách đăng ký"), "g");
const arriving = (await (await json("/events/bench-open/registrations", registration())).json()) as { code: string };
operations.push(
  row(
    "check-in (POST /g/…)",
    (await record(() => form(door, { action: "checkin", code: arriving.code }))).calls,
    5,
    "token, event, code; one conditional write; the registrations, for the page's counts",
  ),
);

// 5. Latency from submission to e-mail, next to a bare outbox write (the stream and the notifier alone).
say(`measuring submission → inbox latency (${N.latency} each)…`);
await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
const latency = { submission: [] as number[], floor: [] as number[] };
const idle = () => new Promise((r) => setTimeout(r, 150)); // let the stream poller fall idle: both start alike
for (let i = 0; i < N.latency; i++) {
  const to = `latency.${i}@example.org`;
  await idle();
  let t0 = performance.now();
  await json("/petitions", petition(to));
  await mailTo(to);
  latency.submission.push(performance.now() - t0);
  const bare = `floor.${i}@example.org`;
  await idle();
  t0 = performance.now();
  await transact([mailItem({ to: bare, subject: "floor", html: "<p>x</p>", text: "x", kind: "bench" })]);
  await mailTo(bare);
  latency.floor.push(performance.now() - t0);
}

// 6. Page weight of every page, next to the bare layout.
say("weighing every page…");
const pageWeights: { page: string; bytes: number; gzipBytes: number; script: boolean }[] = [];
const { gzipSync } = await import("node:zlib");
const weigh = async (name: string, res: Response | Promise<Response>) => {
  const body = await (await res).text();
  pageWeights.push({
    page: name,
    bytes: Buffer.byteLength(body),
    gzipBytes: gzipSync(body).length,
    script: /<script/i.test(body),
  });
};
const floorPage = page({ lang: "vi", title: "", body: html`` });
await weigh("events list", fetch(`${url}/events`, { headers: { accept: "text/html" } }));
await weigh("event", fetch(`${url}/events/bench-open`, { headers: { accept: "text/html" } }));
await weigh("registration form", fetch(`${url}/events/bench-open/register`));
await weigh("registration form (English)", fetch(`${url}/events/bench-open/register?lang=en`));
const regForm = { ...registration("page@example.org"), consent: "on" } as Record<string, string>;
await weigh("registration confirmation", form(`${url}/events/bench-open/registrations`, regForm));
await weigh(
  "registration form with errors",
  form(`${url}/events/bench-open/registrations`, { ...regForm, phone: "1" }),
);
await weigh("registration link", fetch(linkIn(await mailTo("page@example.org"), "r")));
await weigh("petition form", fetch(`${url}/petitions/new`));
const petForm = {
  title: "Đường vào thôn bị sạt lở",
  content: "Đoạn đường dài khoảng 500 m bị sạt lở.",
  category: "infrastructure",
  commune: "thuong-lam",
  "petitioner.fullName": "Ma Thị Lụa",
  "petitioner.phone": nextPhone(),
  consent: "on",
};
await weigh("petition sent", form(`${url}/petitions`, petForm));
await weigh("petition form with errors", form(`${url}/petitions`, { ...petForm, consent: "" }));
await weigh("status page", fetch(`${url}/petitions/${codeA}`, { headers: { accept: "text/html" } }));
await weigh("lookup", fetch(`${url}/petitions`));
await weigh("used link (step done)", fetch(screenerB));
const codeC = await submitted();
await weigh("action page (screener, open)", fetch((await walk(codeC)).screener));
await weigh("action page (petitioner)", fetch(ownB));
await weigh("not found", fetch(`${url}/nowhere`, { headers: { accept: "text/html" } }));
await weigh("organiser: door (check-in)", fetch(door));
const another = (await (await json("/events/bench-open/registrations", registration())).json()) as { code: string };
await weigh("organiser: after a check-in", form(door, { action: "checkin", code: another.code }));
await weigh("organiser: walk-in form", fetch(`${door}?view=walk-in`));

// 4. Throughput through the local runtime, next to raw TransactWriteItems on the same DynamoDB Local.
say(`measuring throughput (${N.concurrency} clients × ${N.seconds} s each)…`);
async function load(run: () => Promise<boolean>): Promise<number> {
  let ok = 0;
  const until = performance.now() + N.seconds * 1000;
  await Promise.all(
    Array.from({ length: N.concurrency }, async () => {
      while (performance.now() < until) if (await run()) ok++;
    }),
  );
  return ok / N.seconds;
}
const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
await ensureTable(raw, "bench-raw");
const padding = (n: number) => ({ S: "x".repeat(n) });
let rawSeq = 0;
// The same shape as a petition's transaction: the petition, its history entry, a counter, a link and a mail.
const rawTps = await load(async () => {
  const id = rawSeq++;
  await raw.send(
    new TransactWriteItemsCommand({
      TransactItems: [1500, 250, 60, 250, 4000].map((size, i) => ({
        Put: {
          TableName: "bench-raw",
          Item: { pk: { S: `RAW#${id}#${i}` }, sk: { S: "X" }, data: padding(size) },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      })),
    }),
  );
  return true;
});
const petitionRps = await load(async () => (await json("/petitions", petition())).status === 201);
const registrationRps = await load(
  async () => (await json("/events/bench-open/registrations", registration())).status === 201,
);

// 7. A crowd, last (its thousands of items must not weigh on the other measurements): everyone at once, each
// answer matched to its DynamoDB requests. Then the same crowd with AWS's conflict rules emulated at the client
// (DynamoDB Local queues concurrent transactions on one item; AWS refuses them).
say(`a crowd: ${CROWD.people} simultaneous registrations for ${CROWD.capacity} seats (twice)…`);
// The same registrations made alone (no e-mail, as in the crowd): what each costs without a crowd.
const wcuOf = async (eventId: string) =>
  (await record(() => json(`/events/${eventId}/registrations`, registration()))).calls.reduce((s, c) => s + c.wcu, 0);
const alone = { seatWcu: await wcuOf("bench-open"), waitWcu: await wcuOf("bench-full") };
async function crowd(eventId: string, name: string): Promise<CrowdRow> {
  const started = performance.now();
  const { result: answers, calls } = await record(() =>
    Promise.all(
      Array.from({ length: CROWD.people }, async (): Promise<CrowdAnswer> => {
        const t0 = performance.now();
        const res = await json(`/events/${eventId}/registrations`, registration());
        const body = (await res.json()) as { status?: string };
        return {
          ms: performance.now() - t0,
          status: res.status,
          kind: body.status,
          requestId: res.headers.get("x-amzn-requestid") ?? undefined,
        };
      }),
    ),
  );
  return crowdRow(name, CROWD.capacity, (performance.now() - started) / 1000, answers, calls, alone);
}
const crowds = [await crowd("bench-crowd", "DynamoDB Local")];
const emulation = emulateAwsConflicts(db());
crowds.push({
  ...(await crowd("bench-crowd-aws", "AWS conflict rules emulated")),
  emulatedConflicts: emulation.counts(),
});
emulation.remove();

// The organiser's pages for an event of that size.
// Her link minted here: the notifier is still sending the throughput run's mails, and this one would wait behind them.
const crowdEvent = (await getEvent("bench-crowd")) as EventRecord;
const crowdLink = organiserLink(crowdEvent, "chutich.hlhpn.lambinh@example.org");
await transact([crowdLink.item]);
const crowdDoor = `${url}/g/${crowdLink.token}`;
await weigh(`organiser: roster of ${CROWD.people} (a page of 50)`, fetch(`${crowdDoor}?view=roster`));
await weigh(`organiser: counts of ${CROWD.people}`, fetch(`${crowdDoor}?view=counts`));
await weigh(`organiser: door of ${CROWD.people}`, fetch(crowdDoor));

await runtime.stop();
await ses.stop();
await dynamo.stop();
raw.destroy();
rmSync(work, { recursive: true, force: true });

const floors = Object.fromEntries(bundles.filter((b) => b.name.startsWith("floor")).map((b) => [b.name, b]));
const coldByName = Object.fromEntries(cold.map((c) => [c.name, c]));
const results: Results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "?",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  quick,
  bundles: bundles
    .filter((b) => !b.name.startsWith("floor"))
    .map((b) => {
      const floor = floors[b.floor] as (typeof bundles)[number];
      const c = coldByName[b.name] as (typeof cold)[number];
      const fc = coldByName[b.floor] as (typeof cold)[number];
      return {
        name: b.name,
        kb: b.bytes / 1024,
        floorKb: floor.bytes / 1024,
        sizeRatio: b.bytes / floor.bytes,
        gzipKb: b.gzipBytes / 1024,
        coldMedianMs: c.medianMs,
        coldP90Ms: c.p90Ms,
        floorColdMedianMs: fc.medianMs,
        coldRatio: c.medianMs / fc.medianMs,
        contributors: b.contributors.slice(0, 5).map(([pkg, bytes]) => ({ pkg, kb: bytes / 1024 })),
        // What the function carries that its floor does not: where its extra size and load time come from.
        beyondFloor: b.contributors
          .map(([pkg, bytes]) => ({
            pkg,
            kb: (bytes - (floor.contributors.find(([p]) => p === pkg)?.[1] ?? 0)) / 1024,
          }))
          .filter((c) => c.kb > 1)
          .slice(0, 4),
      };
    }),
  coldRuns: N.coldRuns,
  operations: operations.map((o) => ({ ...o, ratio: o.requests / o.minimum })),
  crowds,
  throughput: {
    concurrency: N.concurrency,
    seconds: N.seconds,
    rawTransactWritesPerSecond: rawTps,
    petitionsPerSecond: petitionRps,
    registrationsPerSecond: registrationRps,
    petitionRatio: petitionRps / rawTps,
    registrationRatio: registrationRps / rawTps,
  },
  latency: {
    samples: N.latency,
    p50Ms: percentile(latency.submission, 50),
    p95Ms: percentile(latency.submission, 95),
    floorP50Ms: percentile(latency.floor, 50),
    floorP95Ms: percentile(latency.floor, 95),
    ratio: percentile(latency.submission, 50) / percentile(latency.floor, 50),
  },
  pages: pageWeights.map((p) => ({ ...p, ratio: p.bytes / Buffer.byteLength(floorPage) })),
  floorPageBytes: Buffer.byteLength(floorPage),
  traffic,
  observability,
};

process.stdout.write(`${renderTable(results)}\n`);
const out = args.out as string;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(out, "RESULTS.md"), renderMarkdown(results));
say(`wrote ${join(out, "results.json")} and ${join(out, "RESULTS.md")}`);
