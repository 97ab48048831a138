import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type RunningDynamo, startDynamoLocal } from "../../local/services.ts";
import { getHistory } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { db } from "../../shared/platform/dynamo.ts";
import { configWith, testEvent } from "../support/fixtures.ts";
import { act, linkFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/**
 * When the store fails: DynamoDB Local restarted in the middle of a stream of submissions, and the faults it
 * cannot produce (throttling, transaction conflicts) injected at the SDK client. Nothing written is lost, nothing
 * is written twice, and what fails says so with a 503 rather than hanging.
 */
let stack: TestStack | undefined;
let dynamo: RunningDynamo | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await stack?.stop();
  await dynamo?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Answer = { status: number; ms: number; code?: string; type?: string };

describe("DynamoDB Local restarted mid-stream", () => {
  it("keeps every submission that got a 2xx; the others got a clear 503, not a hang", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ddb-restart-"));
    dirs.push(dataDir);
    dynamo = await startDynamoLocal({ dataDir });
    const port = dynamo.port;
    stack = await startStack({ dynamoEndpoint: dynamo.endpoint });
    const url = stack.url;

    const answers: Answer[] = [];
    let stopping = false;
    const client = async () => {
      while (!stopping) {
        const started = Date.now();
        const res = await postJson(`${url}/petitions`, petitionBody());
        answers.push({
          status: res.status,
          ms: Date.now() - started,
          code: res.json.trackingCode as string,
          type: res.json.type as string,
        });
      }
    };
    const clients = [client(), client(), client()];
    await new Promise((r) => setTimeout(r, 1500));
    await dynamo.stop();
    await new Promise((r) => setTimeout(r, 1000));
    dynamo = await startDynamoLocal({ dataDir, port });
    await new Promise((r) => setTimeout(r, 1500));
    stopping = true;
    await Promise.all(clients);

    const ok = answers.filter((a) => a.status === 201);
    const failed = answers.filter((a) => a.status !== 201);
    expect(ok.length).toBeGreaterThan(10);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f).toMatchObject({ status: 503, type: "/problems/unavailable" });
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(15_000);
    for (const a of ok) expect((await publicStatus(url, a.code as string)).status, a.code).toBe(200);
    console.info(
      `store restart: ${ok.length} accepted and all readable, ${failed.length} refused with 503, slowest answer ${Math.max(...answers.map((a) => a.ms))} ms`,
    );
    await stack.stop();
    stack = undefined;
  }, 120_000);
});

/** Throw `error()` from the DynamoDB client for the next `times` requests of one command (inside the SDK's retries). */
function inject(command: string, times: number, error: () => Error): { remove(): void; thrown(): number } {
  let thrown = 0;
  const name = `inject-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === command && thrown < times) {
        thrown++;
        throw error();
      }
      return next(args);
    },
    { step: "deserialize", name },
  );
  return { remove: () => db().middlewareStack.remove(name), thrown: () => thrown };
}

const throttled = () =>
  Object.assign(new Error("Rate of requests exceeds the allowed throughput."), {
    name: "ProvisionedThroughputExceededException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
const conflict = (items: number) => () =>
  Object.assign(new Error("Transaction cancelled"), {
    name: "TransactionCanceledException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === 0 ? "TransactionConflict" : "None" })),
  });

describe("faults DynamoDB Local cannot produce, injected at the client", () => {
  let shared: TestStack;
  let undo: (() => void) | undefined;
  afterEach(() => undo?.());
  afterAll(async () => shared?.stop());

  /** Petitions stored, and outgoing mails: a half-written submission would change one without the other. */
  const petitions = async () => {
    const { petitions, mails } = await countItems(shared.tableName);
    return { petitions, mails };
  };

  it("throttling that passes is retried: one petition, one receipt", async () => {
    shared = await startStack({ config: configWith([testEvent({ id: "fault-event" })]) });
    const fault = inject("TransactWriteItemsCommand", 2, throttled);
    undo = fault.remove;
    const email = "throttled.once@example.org";
    const answer = await submit(shared.url, petitionBody({}, email));
    expect(fault.thrown()).toBe(2);
    await shared.inbox.waitFor(email);
    await new Promise((r) => setTimeout(r, 200));
    expect(await shared.inbox.to(email)).toHaveLength(1);
    expect((await publicStatus(shared.url, answer.trackingCode)).status).toBe(200);
  });

  it("throttling that lasts is a 503, and nothing is half-written", async () => {
    const before = await petitions();
    const fault = inject("TransactWriteItemsCommand", 100, throttled);
    undo = fault.remove;
    const res = await postJson(`${shared.url}/petitions`, petitionBody({}, "throttled.always@example.org"));
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json.type).toBe("/problems/unavailable");
    expect(await petitions()).toEqual(before);
  });

  it("a transaction conflict is tried again: one petition; a lasting one is a 503", async () => {
    const once = inject("TransactWriteItemsCommand", 1, conflict(4));
    const email = "conflict.once@example.org";
    const answer = await submit(shared.url, petitionBody({}, email));
    expect(once.thrown()).toBe(1);
    once.remove();
    expect((await publicStatus(shared.url, answer.trackingCode)).status).toBe(200);

    const before = await petitions();
    const always = inject("TransactWriteItemsCommand", 100, conflict(4));
    undo = always.remove;
    const res = await postJson(`${shared.url}/petitions`, petitionBody());
    expect(res.status).toBe(503);
    expect(await petitions()).toEqual(before);
  });

  it("a conflict on an approval is retried and makes exactly one transition, with one mail per approver", async () => {
    const answer = await submit(shared.url, petitionBody());
    const screener = await linkFor(shared.inbox, "hlhpn.thuonglam@example.org", answer.trackingCode);
    const fault = inject("TransactWriteItemsCommand", 2, conflict(6));
    undo = fault.remove;
    expect((await act(screener.link, "accept")).status).toBe(200);
    expect(fault.thrown()).toBe(2);
    const history = await getHistory(parseTrackingCode(answer.trackingCode) as string);
    expect(history.map((h) => h.action)).toEqual(["submit", "accept"]);
    await linkFor(shared.inbox, "chutich.hlhpn.lambinh@example.org", answer.trackingCode);
    await new Promise((r) => setTimeout(r, 200));
    expect(
      (await shared.inbox.to("chutich.hlhpn.lambinh@example.org")).filter((m) =>
        m.subject.includes(answer.trackingCode),
      ),
    ).toHaveLength(1);
  });

  it("a registration keeps its seat count exact through conflicts", async () => {
    const fault = inject("TransactWriteItemsCommand", 3, conflict(5));
    undo = fault.remove;
    const res = await postJson(`${shared.url}/events/fault-event/registrations`, {
      fullName: "Ma Thị Hoa",
      phone: "0912 000 777",
      gender: "female",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
      consent: true,
    });
    expect(res.status).toBe(201);
    const event = (await (await fetch(`${shared.url}/events/fault-event`)).json()) as {
      seatsLeft: number;
      capacity: number;
    };
    expect(event.capacity - event.seatsLeft).toBe(1);
  });
});
