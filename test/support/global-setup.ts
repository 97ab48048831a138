import { mkdirSync, rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../../local/services.ts";
import { LOG_DIR } from "./capture-logs.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    dynamoStartMs: number;
  }
}

/** One DynamoDB Local (in memory, on a free port) for the whole run; each test file uses its own table. */
export default async function setup(project: TestProject) {
  // A fresh log folder per run: the personal-data scan (test/logs) reads exactly this run's lines.
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const dynamo = await startDynamoLocal();
  process.stdout.write(`DynamoDB Local (in memory) answered ${dynamo.startMs} ms after spawn\n`);
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("dynamoStartMs", dynamo.startMs);
  return async () => {
    await dynamo.stop();
  };
}
