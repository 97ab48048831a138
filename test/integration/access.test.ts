import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invocation, invoke, loadHandler } from "../../local/handlers.ts";
import { injectMailEvent } from "../../local/mail-events.ts";
import type { FunctionName } from "../../shared/declarations.ts";
import { indexNames, keys, queries } from "../../shared/keys.ts";
import type { MailEventsResult } from "../../shared/petitions/mail-events.ts";
import { resetClock, shiftClock } from "../../shared/platform/clock.ts";
import { db, tableName } from "../../shared/platform/dynamo.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * The local runtime holds every function to its declaration (shared/declarations.ts) as IAM holds its role on AWS:
 * a call it did not declare, or on a key family outside its leading keys, is refused before it leaves. So every
 * integration test is also a proof that the declared lists are enough; this file shows that they are also a limit.
 */
let stack: TestStack;
const eventId = "access-dialogue";
const smallRoom = "access-small-dialogue";
/** Which function made each request, as the guard sees it (the gateway, the stream and the schedules name it). */
const seen: { fn: FunctionName | undefined; command: string }[] = [];

beforeAll(async () => {
  stack = await startStack({
    config: configWith([testEvent({ id: eventId }), testEvent({ id: smallRoom, capacity: 1 })]),
  });
  db().middlewareStack.add(
    (next, context) => async (args) => {
      seen.push({ fn: invocation.getStore()?.fn, command: String(context.commandName) });
      return next(args);
    },
    { step: "initialize", name: "whoAsks" },
  );
});
afterAll(async () => {
  resetClock();
  db().middlewareStack.remove("whoAsks");
  await stack?.stop();
});

/** What `work` ends with when run as an invocation of `fn`: "allowed", or the error's name and message. */
async function as(fn: FunctionName, work: () => Promise<unknown>): Promise<string> {
  try {
    await invoke(fn, work);
    return "allowed";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const denied = (why: string) => expect.stringMatching(new RegExp(`^AccessDeniedException: .*${why}`));

describe("a function's declaration, enforced locally", () => {
  it("refuses an action the function does not declare, and allows the ones it does", async () => {
    const config = () => db().send(new GetCommand({ TableName: tableName(), Key: keys.config() }));
    const overwrite = () =>
      db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.event(eventId), title: "x" } }));
    expect(await as("list-events", config)).toBe("allowed");
    expect(await as("list-events", overwrite)).toEqual(denied("dynamodb:PutItem \\(not declared\\)"));
    expect(await as("not-found", config)).toEqual(denied("dynamodb:GetItem"));
    // Nobody scans: not even a function that may read everything it reaches.
    const scan = () => db().send(new ScanCommand({ TableName: tableName(), Limit: 1 }));
    expect(await as("registration-reconciler", scan)).toEqual(denied("dynamodb:Scan"));
  });

  it("refuses a key outside the function's leading keys", async () => {
    const event = () => db().send(new GetCommand({ TableName: tableName(), Key: keys.event(eventId) }));
    const petition = () => db().send(new GetCommand({ TableName: tableName(), Key: keys.petition("ABCDEFGHJK") }));
    expect(await as("petition-lookup", petition)).toBe("allowed");
    expect(await as("petition-lookup", event)).toEqual(
      denied("on EVENT#… \\(not among the key families of its reads\\)"),
    );
    // A query is held to the partition its key condition names.
    const history = () =>
      db().send(new QueryCommand({ TableName: tableName(), ...queries.petitionHistory("ABCDEFGHJK") }));
    const registrations = () =>
      db().send(new QueryCommand({ TableName: tableName(), ...queries.registrationsOf(eventId) }));
    expect(await as("petition-status", history)).toBe("allowed");
    expect(await as("petition-status", registrations)).toEqual(denied("on EVENT#…"));
  });

  it("lets a function query only the indexes it declares", async () => {
    const events = () => db().send(new QueryCommand({ TableName: tableName(), ...queries.eventsByStart() }));
    const pending = () =>
      db().send(new QueryCommand({ TableName: tableName(), ...queries.pendingMailsBefore("9999") }));
    expect(await as("list-events", events)).toBe("allowed");
    expect(await as("list-events", pending)).toEqual(denied(`on index ${indexNames.pendingMails}`));
    expect(await as("mail-sweeper", pending)).toBe("allowed");
    expect(await as("event-calendar", events)).toEqual(denied(`on index ${indexNames.events}`));
  });

  it("checks every item of a transaction as the action it is", async () => {
    const mail = { ...keys.mail("access-test"), status: "test" };
    const write =
      (...extra: Record<string, unknown>[]) =>
      () =>
        db().send(
          new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName(), Item: mail } }, ...extra] }),
        );
    const removeEvent = { Delete: { TableName: tableName(), Key: keys.event("no-such-event") } };
    const touchConfig = {
      Update: {
        TableName: tableName(),
        Key: keys.config(),
        UpdateExpression: "SET touched = :t",
        ExpressionAttributeValues: { ":t": 1 },
      },
    };
    // submit-petition puts and updates, but never deletes; it reads the configuration, and only the seed writes it.
    expect(await as("submit-petition", write(removeEvent))).toEqual(denied("dynamodb:DeleteItem \\(not declared\\)"));
    expect(await as("submit-petition", write(touchConfig))).toEqual(
      denied("dynamodb:UpdateItem on CONFIG \\(not among the key families of its writes\\)"),
    );
    expect(await as("submit-petition", write())).toBe("allowed");
  });

  it("does not hold work outside any function (tests, ops commands, the seed)", async () => {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.config(),
        UpdateExpression: "SET #n = #n",
        ExpressionAttributeNames: { "#n": "format" },
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it("runs each request through the gateway and each stream batch as the function that serves it", async () => {
    seen.length = 0;
    const email = "ha.access@example.org";
    const res = await postJson(`${stack.url}/events/${eventId}/registrations`, { ...validRegistration, email });
    expect(res.status).toBe(201);
    await stack.inbox.waitFor(email);
    const by = new Set(seen.map((s) => s.fn));
    expect(by.has("create-registration")).toBe(true);
    // The notifier claimed and finished her mail, as itself.
    expect(seen.some((s) => s.fn === "notifier" && s.command === "UpdateItemCommand")).toBe(true);
    expect(by.has(undefined)).toBe(false);
  });

  it("runs a schedule as its function: the reconciler's list covers giving a freed seat to the waitlist", async () => {
    const register = (phone: string, email?: string) =>
      postJson(`${stack.url}/events/${smallRoom}/registrations`, { ...validRegistration, phone, email });
    expect((await register("0912345671")).json.status).toBe("confirmed");
    const waiting = await register("0912345672", "cho.access@example.org");
    expect(waiting.json.status).toBe("waitlisted");
    // The room grows (as a configuration reload would), outside any function: a seat is free and she waits.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.event(smallRoom),
        UpdateExpression: "SET #capacity = :two",
        ExpressionAttributeNames: { "#capacity": "capacity" },
        ExpressionAttributeValues: { ":two": 2 },
      }),
    );
    // Quiet for long enough that it also recounts the event from its partition.
    shiftClock(2 * 60_000);
    const reconciler = (await loadHandler("registration-reconciler")) as (event: unknown, context: unknown) => unknown;
    seen.length = 0;
    await invoke("registration-reconciler", async () => reconciler({ "detail-type": "Scheduled Event" }, {}));
    expect(seen.length).toBeGreaterThan(0);
    // Every call is the reconciler's own, or the notifier's delivering the mail the promotion wrote (the stream
    // runs beside it, as on AWS): nothing ran as no function.
    expect(seen.some((s) => s.fn === "registration-reconciler")).toBe(true);
    for (const s of seen) expect(["registration-reconciler", "notifier"]).toContain(s.fn);
    const registration = keys.registration(smallRoom, String(waiting.json.registrationId));
    const stored = await db().send(new GetCommand({ TableName: tableName(), Key: registration, ConsistentRead: true }));
    expect(stored.Item).toMatchObject({ status: "confirmed", promotedAt: expect.any(String) });
  });

  it("runs an SES report as the mail-event consumer: its list covers recording a bounce, and holds it", async () => {
    const email = "bounce.access@example.org";
    const res = await postJson(`${stack.url}/events/${eventId}/registrations`, {
      ...validRegistration,
      phone: "0912345681",
      email,
    });
    expect(res.status).toBe(201);
    await stack.inbox.waitFor(email);
    seen.length = 0;
    // A registration's mail is about no petition step: recorded, nothing more.
    const { results } = await injectMailEvent<MailEventsResult>({ to: email, type: "Permanent" });
    expect(results).toEqual([expect.objectContaining({ recorded: 1, notices: 0, resends: 0, unreachable: 0 })]);
    // Finding the mail is local tooling (a Scan, as no function); every call of the report is the consumer's own.
    const reported = seen.filter((s) => s.command !== "ScanCommand");
    expect(reported.some((s) => s.fn === "mail-events" && s.command === "TransactWriteItemsCommand")).toBe(true);
    for (const s of reported) expect(["mail-events", "notifier"]).toContain(s.fn);
    // It reads and writes only what it declares: no event, no configuration written, no Scan.
    const overwrite = () =>
      db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.event(eventId), title: "x" } }));
    expect(await as("mail-events", overwrite)).toEqual(denied("dynamodb:PutItem on EVENT#…"));
    const event = () => db().send(new GetCommand({ TableName: tableName(), Key: keys.event(eventId) }));
    expect(await as("mail-events", event)).toEqual(denied("dynamodb:GetItem on EVENT#…"));
    const scan = () => db().send(new ScanCommand({ TableName: tableName(), Limit: 1 }));
    expect(await as("mail-events", scan)).toEqual(denied("dynamodb:Scan"));
  });
});
