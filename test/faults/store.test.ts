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

/** Where the store was when a request started and when its answer came back. */
type Phase = "up" | "stopping" | "down" | "restarting" | "back";
type Answer = { client: number; startedIn: Phase; endedIn: Phase; status: number; code?: string; type?: string };

describe("DynamoDB Local restarted mid-stream", () => {
  // No clock in here: how many submissions fit in a second depends on the machine. What must hold however slow it
  // is: a submission made before the stop and one made after the restart are accepted, one made while the store is
  // down is a 503 problem, and every answer the concurrent clients got is a 201 whose petition is readable after
  // the restart, or a 503 problem. A hang cannot pass either: the gateway answers 504 to a function past its timeout.
  it("keeps every submission that got a 2xx; the others got a clear 503, not a hang", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ddb-restart-"));
    dirs.push(dataDir);
    dynamo = await startDynamoLocal({ dataDir });
    const port = dynamo.port;
    stack = await startStack({ dynamoEndpoint: dynamo.endpoint });
    const url = stack.url;

    let phase: Phase = "up";
    const answers: Answer[] = [];
    let stopping = false;
    const CLIENTS = 3;
    const client = async (client: number) => {
      while (!stopping) {
        const startedIn = phase;
        try {
          const res = await postJson(`${url}/petitions`, petitionBody());
          answers.push({
            client,
            startedIn,
            endedIn: phase,
            status: res.status,
            code: res.json.trackingCode as string,
            type: res.json.type as string,
          });
        } catch (error) {
          answers.push({ client, startedIn, endedIn: phase, status: -1, type: String(error) });
        }
        // A refusal comes fast while the store is down: a short pause, as a client would, instead of a busy loop.
        if (answers.at(-1)?.status !== 201) await new Promise((r) => setTimeout(r, 20));
      }
    };
    /** Until every client has had an answer that `holds` for; the test's timeout is the only bound. */
    const untilEveryClient = async (holds: (a: Answer) => boolean) => {
      const ids = Array.from({ length: CLIENTS }, (_, i) => i);
      while (!ids.every((id) => answers.some((a) => a.client === id && holds(a)))) {
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));

    let before: { trackingCode: string };
    let during: Awaited<ReturnType<typeof postJson>>;
    let after: { trackingCode: string };
    try {
      before = await submit(url, petitionBody());
      await untilEveryClient((a) => a.startedIn === "up");
      phase = "stopping";
      await dynamo.stop();
      phase = "down";
      during = await postJson(`${url}/petitions`, petitionBody());
      // Each client also meets the outage: a request begun and answered while the store is down.
      await untilEveryClient((a) => a.startedIn === "down");
      phase = "restarting";
      dynamo = await startDynamoLocal({ dataDir, port });
      phase = "back";
      after = await submit(url, petitionBody());
      await untilEveryClient((a) => a.startedIn === "back");
    } finally {
      stopping = true;
      await Promise.all(clients);
    }

    expect(during.status, during.text).toBe(503);
    expect(during.headers.get("content-type")).toContain("application/problem+json");
    expect(during.json.type).toBe("/problems/unavailable");
    for (const a of answers) {
      if (a.status === 201) expect(a.code, JSON.stringify(a)).toEqual(expect.any(String));
      else expect(a, JSON.stringify(a)).toMatchObject({ status: 503, type: "/problems/unavailable" });
    }
    const whileDown = answers.filter((a) => a.startedIn === "down" && a.endedIn === "down");
    expect(whileDown.length).toBeGreaterThanOrEqual(CLIENTS);
    for (const a of whileDown) expect(a.status, JSON.stringify(a)).toBe(503);
    const accepted = [
      before.trackingCode,
      after.trackingCode,
      ...answers.flatMap((a) => (a.status === 201 ? [a.code as string] : [])),
    ];
    for (const code of accepted) expect((await publicStatus(url, code)).status, code).toBe(200);
    const refused = answers.filter((a) => a.status !== 201).length;
    console.info(
      `store restart: ${accepted.length} accepted and all readable, ${refused + 1} refused with 503 (of ${answers.length + 3})`,
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
