import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../keys.ts";
import { nowIso } from "../platform/clock.ts";
import { db, tableName } from "../platform/dynamo.ts";
import { sha256 } from "../platform/ids.ts";
import { type Config, type ConfigHelpers, configHelpers } from "./config.ts";

/**
 * The loaded configuration lives in the table as one item, so ops change areas, units or agencies with
 * `npm run seed` and no redeploy. The seed checks it (`parse.ts`) and stores it with the format it was checked
 * against and the SHA-256 of its text; a function trusts it only when both still match, and then does not check it
 * again — that check (zod's whole configuration schema) would otherwise be paid by every cold start. Functions
 * keep it for a minute per warm container.
 */
const CACHE_MS = 60_000;
/** Bump when the configuration's shape changes: a configuration stored by an older seed is then refused. */
export const CONFIG_FORMAT = 4;
let cached: { at: number; value: Loaded } | undefined;

export interface Loaded {
  config: Config;
  helpers: ConfigHelpers;
}

/** Why a stored configuration cannot be used: always an operator's matter, never the requester's. */
export class StoredConfigError extends Error {
  constructor(reason: string) {
    super(`${reason}: run \`npm run seed\``);
    this.name = "StoredConfigError";
  }
}

export async function loadConfig(): Promise<Loaded> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.config() }));
  const item = out.Item;
  if (!item) throw new StoredConfigError("configuration is not loaded");
  if (item.format !== CONFIG_FORMAT) throw new StoredConfigError("configuration was stored by another version");
  if (typeof item.json !== "string" || sha256(item.json) !== item.hash) {
    throw new StoredConfigError("configuration was changed outside the seed");
  }
  const config = JSON.parse(item.json) as Config;
  const value = { config, helpers: configHelpers(config) };
  cached = { at: Date.now(), value };
  return value;
}

export function forgetCachedConfig(): void {
  cached = undefined;
}

/** Store a configuration that `parseConfig` has checked, with its format and hash. */
export async function storeCheckedConfig(config: Config): Promise<void> {
  const json = JSON.stringify(config);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.config(), json, format: CONFIG_FORMAT, hash: sha256(json), loadedAt: nowIso() },
    }),
  );
  forgetCachedConfig();
}
