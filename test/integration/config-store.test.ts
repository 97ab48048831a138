import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import { CONFIG_FORMAT, forgetCachedConfig, loadConfig, StoredConfigError } from "../../shared/config/store.ts";
import { keys } from "../../shared/keys.ts";
import { db } from "../../shared/platform/dynamo.ts";
import { saveConfig } from "../../shared/seed.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * The configuration is checked once, by the seed, and stored with its format and hash; functions read it without
 * checking it again. What they must still refuse: a stored item the seed did not write as it is now.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

async function change(update: string, values: Record<string, unknown>) {
  await db().send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: keys.config(),
      UpdateExpression: update,
      ExpressionAttributeValues: values,
      ...(update.includes("#f") ? { ExpressionAttributeNames: { "#f": "format" } } : {}),
    }),
  );
  forgetCachedConfig();
}

describe("the stored configuration", () => {
  it("is what the seed checked, stored with its format and hash, and read back unchanged", async () => {
    const stored = (await db().send(new GetCommand({ TableName: stack.tableName, Key: keys.config() }))).Item;
    expect(stored?.format).toBe(CONFIG_FORMAT);
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
    forgetCachedConfig();
    expect((await loadConfig()).config).toEqual(demoConfig());
  });

  it("is refused when it was changed outside the seed, or stored by another version, until seeded again", async () => {
    const stored = (await db().send(new GetCommand({ TableName: stack.tableName, Key: keys.config() }))).Item;
    const edited = JSON.parse(stored?.json as string);
    edited.agencies[0].email = "not checked";
    await change("SET json = :json", { ":json": JSON.stringify(edited) });
    await expect(loadConfig()).rejects.toThrow(StoredConfigError);
    await expect(loadConfig()).rejects.toThrow(/outside the seed: run `npm run seed`/);

    // Nobody's request shows the operator's problem: the service is unavailable for now (503), no stack trace.
    const res = await fetch(`${stack.url}/petitions/new`, { headers: { accept: "application/json" } });
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).not.toMatch(/npm run seed|StoredConfigError|at .*\.ts/);

    await saveConfig(demoConfig());
    expect((await loadConfig()).config.agencies[0]?.email).toBe(demoConfig().agencies[0]?.email);

    await change("SET #f = :old", { ":old": CONFIG_FORMAT - 1 });
    await expect(loadConfig()).rejects.toThrow(/another version/);
    await saveConfig(demoConfig());
    expect((await loadConfig()).helpers.communes.length).toBeGreaterThan(0);
  });
});
