import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, SNSEvent } from "aws-lambda";
import { forgetCachedConfig } from "#shared/config/store.ts";
import { type FunctionName, mailEventConsumers, schedules, streamConsumers } from "#shared/declarations.ts";
import { setDocumentClient } from "#shared/platform/dynamo.ts";
import { log } from "#shared/platform/log.ts";
import { setSesClient } from "#shared/platform/notifier.ts";
import { forgetSecret } from "#shared/platform/secret.ts";
import { saveConfig } from "#shared/seed.ts";
import { startGateway } from "./gateway.ts";
import { invokeHandler, loadHandler } from "./handlers.ts";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./services.ts";
import { BatchDelivery, StreamPoller } from "./streams.ts";
import { ensureTable } from "./table.ts";

/**
 * The whole backend on one machine, given a DynamoDB endpoint and an SES endpoint: the table from the
 * declarations, the configuration loaded, the API served, and the stream delivered to its consumers.
 */
export interface RuntimeOptions {
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  senderEmail?: string;
  /** Configuration to load (validated) before serving; omitted = keep what the table has. */
  config?: unknown;
  pollMs?: number;
  /** How often scheduled functions run locally (default: as declared, in minutes). */
  scheduleEveryMs?: number;
  retryDelayMs?: (attempt: number) => number;
  /** Records that exhausted their retries (Lambda's on-failure destination). */
  onStreamFailure?: (records: DynamoDBRecord[], reason: string) => void;
}

export interface Runtime {
  url: string;
  tableName: string;
  streamArn: string;
  stop(): Promise<void>;
}

/** Point the AWS SDK (in the handlers) at the local services, as Lambda's environment would at AWS. */
export function useLocalServices(
  options: Pick<RuntimeOptions, "dynamoEndpoint" | "sesEndpoint" | "tableName" | "senderEmail">,
): void {
  Object.assign(process.env, {
    // The key held outside the table (Secrets Manager on AWS): a file that is never committed (.data/ is ignored).
    SECRET_FILE: process.env.SECRET_FILE ?? resolve(".data/secret.key"),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ENDPOINT_URL_SES: options.sesEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    TABLE_NAME: options.tableName,
    SENDER_EMAIL: options.senderEmail ?? "tieng-noi@example.org",
    // As on AWS, mail goes out under a configuration set with its outbox id as a tag (the local SES accepts both and
    // keeps neither); its bounces come back through `deliverMailEvent` below, not from the local SES.
    MAIL_CONFIGURATION_SET: LOCAL_MAIL_CONFIGURATION_SET,
  });
  // Clients made for earlier endpoints (another runtime in this process) are dropped: the next use makes new ones.
  setDocumentClient(undefined);
  setSesClient(undefined);
  forgetCachedConfig();
  forgetSecret();
}

/** One run of a scheduled function, as EventBridge invokes it: held to its declaration. Tests call it too. */
export async function runScheduled<T = unknown>(fn: FunctionName): Promise<T> {
  const handler = (await loadHandler(fn)) as (event: unknown, context: Context) => Promise<T>;
  const event = { "detail-type": "Scheduled Event", source: "aws.events", time: new Date().toISOString(), detail: {} };
  return invokeHandler(fn, handler, event);
}

/** The configuration set the notifier names locally (the stack names its own per stage). */
export const LOCAL_MAIL_CONFIGURATION_SET = "tieng-noi-local";

/**
 * SES's bounce and complaint events, as the configuration set's SNS topic delivers them on AWS: to each declared
 * consumer, as an invocation of that function (held to its declaration). local/mail-events.ts makes the events.
 */
export async function deliverMailEvent<T = unknown>(event: SNSEvent): Promise<T[]> {
  const results: T[] = [];
  for (const consumer of mailEventConsumers) {
    const handler = (await loadHandler(consumer.fn)) as (event: SNSEvent, context: Context) => Promise<T>;
    results.push(await invokeHandler(consumer.fn, handler, event));
  }
  return results;
}

/** EventBridge's scheduled rules, on a laptop: each declared function on a timer, one run at a time. */
async function startSchedules(everyMs?: number): Promise<NodeJS.Timeout[]> {
  return Promise.all(
    schedules.map(async (schedule) => {
      let running = false;
      return setInterval(
        async () => {
          if (running) return;
          running = true;
          await runScheduled(schedule.fn).catch((error: Error) =>
            log.warn("scheduled function failed", { fn: schedule.fn, error: error.name }),
          );
          running = false;
        },
        everyMs ?? schedule.everyMinutes * 60_000,
      );
    }),
  );
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  useLocalServices(options);
  const clientConfig = { endpoint: options.dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient(clientConfig);
  const streamArn = await ensureTable(dynamo, options.tableName);
  dynamo.destroy();
  if (options.config !== undefined) await saveConfig(options.config);

  const gateway = await startGateway(options.port, options.host);
  process.env.PUBLIC_BASE_URL = gateway.url;

  const consumers = await Promise.all(
    streamConsumers.map(async (declaration) => {
      const handler = (await loadHandler(declaration.fn)) as (
        event: DynamoDBStreamEvent,
        context: Context,
      ) => Promise<DynamoDBBatchResponse | undefined>;
      return new BatchDelivery({
        declaration,
        // Each batch as an invocation of the consumer, with its context: held to its declaration, as its role holds
        // it on AWS.
        handler: (batch) => invokeHandler(declaration.fn, handler, batch),
        retryDelayMs: options.retryDelayMs,
        onFailure: options.onStreamFailure,
      });
    }),
  );
  const streams = new DynamoDBStreamsClient(clientConfig);
  const poller = new StreamPoller(streams, streamArn, consumers, options.pollMs);
  poller.start();
  const timers = await startSchedules(options.scheduleEveryMs);

  return {
    url: gateway.url,
    tableName: options.tableName,
    streamArn,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await gateway.stop();
      await poller.stop();
      streams.destroy();
    },
  };
}
