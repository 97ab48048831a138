import { parseArgs } from "node:util";
import { configHelpers } from "#shared/config/config.ts";
import { demoConfig } from "#shared/config/demo.ts";
import { link } from "#shared/platform/links.ts";
import { eventOrganisers } from "#shared/registration/organisers.ts";
import { startRuntime } from "./runtime.ts";
import { portIsFree, type RunningDynamo, type RunningSes, startDynamoLocal, startSesLocal } from "./services.ts";

/**
 * `npm start`: DynamoDB Local (persisted under .data/ unless --in-memory), the local SES with its inbox,
 * the table, the demo district's configuration and events, and the API — then the URLs to open.
 * Ctrl-C stops everything; no java process outlives it.
 */
const { values: args } = parseArgs({
  options: {
    "in-memory": { type: "boolean", default: false },
    port: { type: "string", default: process.env.PORT ?? "3000" },
    host: { type: "string", default: "127.0.0.1" },
    "dynamodb-port": { type: "string", default: "8000" },
    "ses-port": { type: "string", default: "8005" },
    table: { type: "string", default: "tieng-noi-local" },
  },
});

async function pick(preferred: string): Promise<number | undefined> {
  const port = Number(preferred);
  return (await portIsFree(port)) ? port : undefined;
}

let dynamo: RunningDynamo | undefined;
let ses: RunningSes | undefined;
let stopRuntime: (() => Promise<void>) | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write("\nStopping…\n");
    await stopRuntime?.().catch(() => undefined);
    await ses?.stop().catch(() => undefined);
    await dynamo?.stop().catch(() => undefined);
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const apiPort = Number(args.port);
  if (!(await portIsFree(apiPort))) throw new Error(`port ${apiPort} is in use: try npm start -- --port 3001`);
  dynamo = await startDynamoLocal({
    port: await pick(args["dynamodb-port"]),
    dataDir: args["in-memory"] ? undefined : ".data/dynamodb",
  });
  ses = await startSesLocal({ port: await pick(args["ses-port"]) });
  const runtime = await startRuntime({
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: args.table,
    port: apiPort,
    host: args.host,
    config: demoConfig(),
  });
  stopRuntime = runtime.stop;
  const config = demoConfig();
  const open = config.events.filter((e) => e.status === "open");
  const baseUrlFlag = runtime.url === "http://127.0.0.1:3000" ? "" : ` --base-url ${runtime.url}`;
  const district = configHelpers(config).approvingUnit(configHelpers(config).communes[0]?.id ?? "");
  process.stdout.write(
    [
      "",
      "Tiếng Nói is running locally.",
      "",
      `  Events (API + page)   ${link("events", {}, { base: runtime.url })}`,
      ...open.map(
        (e) => `  Register              ${link("registration-form", { eventId: e.id }, { base: runtime.url })}`,
      ),
      `  Send a petition       ${link("petition-form", {}, { base: runtime.url })}`,
      `  Petition status       ${link("petition-lookup", {}, { base: runtime.url })}  (look up by tracking code)`,
      ...config.events
        .filter((e) => e.kind === "dialogue")
        .map(
          (e) =>
            `  Session follow-up     ${link("session", { eventId: e.id }, { base: runtime.url })}  (public, printable)`,
        ),
      `  Local inbox (SES)     ${ses.inboxUrl}`,
      `  DynamoDB Local        ${dynamo.endpoint}  (table ${args.table}, ${args["in-memory"] ? "in memory" : "data in .data/"}, started in ${dynamo.startMs} ms)`,
      "",
      "  An organiser's link (roster, check-in at the door, walk-ins, counts) arrives in the local inbox after:",
      ...open
        .slice(0, 1)
        .map(
          (e) =>
            `    npm run organiser-link -- --event ${e.id} --email ${eventOrganisers(config, e)[0]?.email ?? "<staff e-mail>"}${baseUrlFlag}`,
        ),
      "  A dialogue session's record (its issues, answers in the hall, the secretary's sheet) is the organiser's",
      "  link with ?view=record, after:",
      ...config.events
        .filter((e) => e.kind === "dialogue")
        .slice(0, 1)
        .map(
          (e) =>
            `    npm run organiser-link -- --event ${e.id} --email ${eventOrganisers(config, e)[0]?.email ?? "<staff e-mail>"}${baseUrlFlag}`,
        ),
      "  A district leader's on-time report (/l/…) arrives after:",
      `    npm run leader-link -- --unit ${district?.id ?? "<unitId>"} --email ${district?.staff[0]?.email ?? "<leader e-mail>"}${baseUrlFlag}`,
      "",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
} catch (error) {
  process.stderr.write(`Could not start: ${(error as Error).message}\n`);
  await shutdown(1);
}
