import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../shared/config/store.ts";
import { indexNames, keys } from "../../shared/keys.ts";
import { db } from "../../shared/platform/dynamo.ts";
import { act, linkFor, petitionBody, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * How many DynamoDB requests each workflow step makes (a warm function: configuration already cached), counted
 * at the SDK client the handlers share. Bounds are asserted so a change that adds round trips is seen.
 */
let stack: TestStack;
const calls: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  db().middlewareStack.add(
    (next, context) => async (args) => {
      // The notifier runs in this process too: its updates of outbox items are not the step's.
      const key = (args.input as { Key?: { pk?: string | { S?: string } } }).Key?.pk;
      const pk = typeof key === "string" ? key : (key?.S ?? "");
      const outbox = keys.isMail(pk) || (args.input as { IndexName?: string }).IndexName === indexNames.pendingMails;
      if (!outbox) calls.push(String(context.commandName).replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
});
afterAll(async () => stack?.stop());

async function counted<T>(step: string, run: () => Promise<T>, table: Record<string, string[]>): Promise<T> {
  // Warm, however slow the machine: the configuration is cached for a minute from when it was read, so read it
  // again now if that minute has passed (the handlers share this module), before counting.
  await loadConfig();
  calls.length = 0;
  const result = await run();
  table[step] = [...calls];
  return result;
}

describe("DynamoDB requests per workflow step", () => {
  it("stay at the minimum the design needs", async () => {
    const table: Record<string, string[]> = {};
    // Warm up: the first request of a container reads the configuration once (cached for a minute).
    await submit(stack.url, petitionBody());
    const email = "counting@example.org";
    const answer = await counted("submit", () => submit(stack.url, petitionBody({}, email)), table);
    const code = answer.trackingCode;
    const screener = await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", code);
    await counted("action page (GET)", () => fetch(screener.link).then((r) => r.text()), table);
    await counted("accept", () => act(screener.link, "accept"), table);
    const approver = await linkFor(stack.inbox, "chutich.hlhpn.lambinh@example.org", code);
    await counted("forward", () => act(approver.link, "forward"), table);
    const agency = await linkFor(stack.inbox, "nhcsxh.lambinh@example.org", code);
    await counted("acknowledge", () => act(agency.link, "acknowledge"), table);
    await counted("answer", () => act(agency.link, "answer", { answer: "Trả lời." }), table);
    await counted("status page", () => fetch(`${stack.url}/petitions/${code}`).then((r) => r.text()), table);

    const rows = Object.entries(table).map(
      ([step, kinds]) => `${step.padEnd(20)} ${String(kinds.length).padStart(2)}  ${kinds.join(", ")}`,
    );
    console.info(`DynamoDB requests per step (warm):\n${rows.join("\n")}`);
    // With an e-mail address: whether that address answered before (what her receipt may say), then the transaction.
    expect(table.submit?.sort()).toEqual(["GetItem", "TransactWriteItems"]);
    expect(table["action page (GET)"]?.sort()).toEqual(["GetItem", "GetItem", "Query"]);
    for (const step of ["accept", "forward", "acknowledge", "answer"]) {
      expect(table[step]?.sort(), step).toEqual(["GetItem", "GetItem", "TransactWriteItems"]);
    }
    expect(table["status page"]?.sort()).toEqual(["GetItem", "Query"]);
  });
});
