import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { upsertEvent } from "../events/events.ts";
import { keys } from "../keys.ts";
import { nowIso } from "../platform/clock.ts";
import { db, tableName } from "../platform/dynamo.ts";
import { type ConfigHelpers, configHelpers, parseConfig } from "./config.ts";
import type { Config } from "./schema.ts";

/**
 * The loaded configuration lives in the table as one item, so ops change areas, units or agencies with
 * `npm run seed` and no redeploy. Functions keep it for a minute per warm container.
 */
const CACHE_MS = 60_000;
let cached: { at: number; value: Loaded } | undefined;

export interface Loaded {
  config: Config;
  helpers: ConfigHelpers;
}

export async function loadConfig(): Promise<Loaded> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.config() }));
  if (!out.Item) throw new Error("configuration is not loaded: run `npm run seed`");
  const config = parseConfig(JSON.parse(out.Item.json as string));
  const value = { config, helpers: configHelpers(config) };
  cached = { at: Date.now(), value };
  return value;
}

export function forgetCachedConfig(): void {
  cached = undefined;
}

/** Validate and store a configuration, and create or update its events (their seat counters are kept). */
export async function saveConfig(raw: unknown): Promise<Config> {
  const config = parseConfig(raw);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.config(), json: JSON.stringify(config), loadedAt: nowIso() },
    }),
  );
  for (const event of config.events) await upsertEvent(event);
  forgetCachedConfig();
  return config;
}
