import { BatchWriteCommand, DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { runScheduled, startRuntime } from "../local/runtime.ts";
import { startDynamoLocal, startSesLocal } from "../local/services.ts";
import { configHelpers } from "../shared/config/config.ts";
import demo from "../shared/config/lam-binh-demo.json" with { type: "json" };
import { parseConfig } from "../shared/config/parse.ts";
import { keys } from "../shared/keys.ts";
import { alarmAfter, alarmAttributes } from "../shared/petitions/alarms.ts";
import { deadlineFor } from "../shared/petitions/deadlines.ts";
import { type Petition, routePetition } from "../shared/petitions/petition.ts";
import type { DeadlineSweep } from "../shared/petitions/sweep.ts";
import { newTrackingCode } from "../shared/petitions/tracking.ts";
import { now, shiftClock } from "../shared/platform/clock.ts";
import { db, tableName } from "../shared/platform/dynamo.ts";
import { addDays } from "../shared/platform/workdays.ts";
import { installCounter, record } from "./dynamo.ts";

/**
 * `npm run bench:deadlines`: what one run of the deadline sweeper costs, as the table grows. For 100 and for 10,000
 * open petitions, of which 10 have an alarm due today, it counts the DynamoDB requests of one sweep (and of a rerun
 * the same day, when nothing is due). The promise: the cost follows what is due, not the table.
 */
const config = parseConfig(demo);
const helpers = configHelpers(config);
const dynamo = await startDynamoLocal();
const ses = await startSesLocal();

// A Tuesday in term, 09:00 Vietnam: 10 petitions' screening started a week ago (their first reminder is due), the
// rest started today (nothing due for days).
const TODAY = "2027-03-16";
shiftClock(Date.parse(`${TODAY}T09:00:00+07:00`) - now().getTime());

function openPetition(startedOn: string): Record<string, unknown> {
  const at = `${startedOn}T02:00:00.000Z`;
  const p = {
    trackingCode: newTrackingCode(),
    status: "screening",
    version: 1,
    stepVersion: 1,
    title: "Đề nghị hỗ trợ vốn vay",
    content: "Nội dung thử.",
    category: "credit",
    commune: "thuong-lam",
    petitioner: { fullName: "Ma Thị Hoa", phone: "0912345601" },
    shareIdentityWithAgency: true,
    lang: "vi",
    consentAt: at,
    consentVersion: "bench",
    routing: routePetition(helpers, config, "thuong-lam", "credit"),
    createdAt: at,
    updatedAt: at,
    stepStartedAt: at,
  } as Petition;
  p.deadline = deadlineFor(config, "credit", "screening", at);
  return { ...keys.petition(p.trackingCode), ...p, ...alarmAttributes(p, alarmAfter(p, config)) };
}

async function fill(count: number, due: number): Promise<void> {
  const items = Array.from({ length: count }, (_, i) => openPetition(i < due ? addDays(TODAY, -5) : TODAY));
  for (let i = 0; i < items.length; i += 25) {
    const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: chunk } }));
  }
}

const runtime = await startRuntime({
  dynamoEndpoint: dynamo.endpoint,
  sesEndpoint: ses.endpoint,
  tableName: "bench-deadlines",
  port: 0,
  config,
});
installCounter();
const sweep = () => runScheduled<DeadlineSweep>("deadline-sweeper");
const kinds = (calls: { command: string }[]) => {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.command, (counts.get(c.command) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v} ${k}`).join(", ");
};
const week = keys.digestWeek("2027-03-15");
const rows: string[] = [];
let open = 0;
for (const size of [100, 10_000]) {
  // Up to `size` open petitions, 10 of them (new ones) with a reminder due today; this week's digests already sent.
  await fill(size - open, 10);
  open = size;
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...week, at: "bench" } }));
  // February's summaries to the leaders went out on 1 March.
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.digestMonth("2027-02"), at: "bench" } }));
  const first = await record(sweep);
  const rerun = await record(sweep);
  // The weekly digests: every petition with a running deadline is read, once a week.
  await db().send(new DeleteCommand({ TableName: tableName(), Key: week }));
  const digest = await record(sweep);
  rows.push(
    `| ${size.toLocaleString("en")} | ${first.result.due} | ${first.calls.length} (${kinds(first.calls)}) | ${rerun.calls.length} (${kinds(rerun.calls)}) | ${digest.calls.length} (${kinds(digest.calls)}) |`,
  );
}
console.log("\nDeadline sweeper: DynamoDB requests per run (10 alarms due)\n");
console.log("| open petitions | due | a run with 10 due | a rerun the same day | the week's digest run |");
console.log("|---:|---:|---|---|---|");
for (const r of rows) console.log(r);
await runtime.stop();
await ses.stop();
await dynamo.stop();
