import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConfigError } from "#shared/config/parse.ts";
import { saveConfig } from "#shared/seed.ts";
import { ensureTable } from "../local/table.ts";
import { commandArgs, fail } from "./target.ts";

/**
 * `npm run seed [-- --config file.json] [--table name]`: validate a configuration and load it (areas, units,
 * agencies, categories, events). Events keep their seat counters when reloaded.
 */
const { values, where } = commandArgs({ config: { type: "string", default: "shared/config/lam-binh-demo.json" } });

try {
  // Against DynamoDB Local the table may not exist yet; the deployed one is made by the stack.
  if (process.env.AWS_ENDPOINT_URL_DYNAMODB)
    await ensureTable(new DynamoDBClient({}), process.env.TABLE_NAME as string);
  const raw = JSON.parse(readFileSync(values.config as string, "utf8"));
  const config = await saveConfig(raw);
  process.stdout.write(
    `Loaded ${values.config} into ${where}: ${config.areas.length} areas, ${config.womensUnion.units.length} union units, ` +
      `${config.agencies.length} agencies, ${config.categories.length} categories, ${config.events.length} events.\n`,
  );
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(`Could not load the configuration into ${where}: ${(error as Error).message}`);
}
