import { SESClient } from "@aws-sdk/client-ses";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queries } from "../../shared/keys.ts";
import { db, queryAll, tableName, transact } from "../../shared/platform/dynamo.ts";
import { setSesClient } from "../../shared/platform/notifier.ts";
import { mailItem } from "../../shared/platform/outbox.ts";
import { secretReady } from "../../shared/platform/secret.ts";
import { petitionBody, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * When mail fails: SES down for a while, SES throttling, one record of a batch failing. Every mail still
 * arrives, and none arrives twice.
 */
let stack: TestStack;
beforeAll(async () => {
  // The sweeper takes any mail still pending, at once, every 200 ms (on AWS: mails over a minute old, every 5 min).
  process.env.OUTBOX_SWEEP_AGE_SECONDS = "0";
  stack = await startStack({ scheduleEveryMs: 200 });
  // mailItem keys each mail by a keyed hash of its recipient (her data rights): the key, as a function loads it.
  await secretReady();
});
afterAll(async () => stack?.stop());
afterEach(() => setSesClient(undefined));

/** Every mail still pending, however new (the sweeper's own query, with no age limit). */
const pendingMails = () => queryAll(queries.pendingMailsBefore("\uffff"));

/** Mails leave the pending index once their sending is recorded, after SES accepted them: wait, however slow. */
const UNTIL_SETTLED = { timeout: 60_000, interval: 50 };

/**
 * Wait until no mail is pending, failing only when the count stops going down for `stallMs`: how fast the outbox
 * drains depends on the machine; whether it drains does not.
 */
async function untilDrained(stallMs = 30_000): Promise<void> {
  let last = Number.POSITIVE_INFINITY;
  let progressAt = Date.now();
  for (;;) {
    const left = (await pendingMails()).length;
    if (left === 0) return;
    if (left < last) [last, progressAt] = [left, Date.now()];
    if (Date.now() - progressAt > stallMs) throw new Error(`the outbox stopped draining with ${left} mails pending`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** An SES client that fails chosen sends, and counts every attempt per recipient. */
function flakySes(failures: (to: string, attempt: number) => Error | undefined) {
  const attempts = new Map<string, number>();
  const real = new SESClient({ maxAttempts: 1 });
  const client = Object.assign(Object.create(real), {
    send: async (command: { input: { Destination?: { ToAddresses?: string[] } } }) => {
      const to = command.input.Destination?.ToAddresses?.[0] ?? "";
      const n = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, n);
      const error = failures(to, n);
      if (error) throw error;
      return real.send(command as never);
    },
  }) as SESClient;
  setSesClient(client);
  return attempts;
}

const named = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });

describe("a mail outage", () => {
  it("accepts 200 petitions while SES is down, and after recovery every e-mail arrives exactly once", async () => {
    await stack.stopSes();
    const answers: { trackingCode: string; email: string }[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const round = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const email = `outage.${batch}.${i}@example.org`;
          return { ...(await submit(stack.url, petitionBody({}, email))), email };
        }),
      );
      answers.push(...round);
    }
    expect(answers).toHaveLength(200);
    expect((await pendingMails()).length).toBe(400); // a receipt and a screener's mail each: none sent

    await stack.startSes();
    await untilDrained();
    expect((await pendingMails()).length).toBe(0);
    const mails = await stack.inbox.all();
    for (const { trackingCode, email } of answers) {
      expect(mails.filter((m) => m.destination.to[0] === email)).toHaveLength(1);
      expect(mails.filter((m) => m.subject === `Kiến nghị mới cần tiếp nhận: ${trackingCode}`)).toHaveLength(1);
    }
    expect(mails).toHaveLength(400);
  }, 300_000); // 200 submissions and 400 mails: a fixed amount of work, however long this machine needs for it
});

describe("a batch with one failing record", () => {
  it("retries that record and does not send the others twice", async () => {
    const recipients = [1, 2, 3, 4, 5].map((n) => `batch.${n}@example.org`);
    const attempts = flakySes((to, n) => (to === recipients[2] && n === 1 ? named("ServiceUnavailable") : undefined));
    // One transaction, so one stream batch, in order.
    await transact(
      recipients.map((to) => mailItem({ to, subject: `Thư ${to}`, html: "<p>x</p>", text: "x", kind: "test" })),
    );
    for (const to of recipients) await stack.inbox.waitFor(to);
    await expect.poll(async () => (await pendingMails()).length, UNTIL_SETTLED).toBe(0);
    for (const to of recipients) expect((await stack.inbox.to(to)).length, to).toBe(1);
    expect(attempts.get(recipients[2] as string)).toBe(2);
    for (const to of [recipients[0], recipients[1], recipients[3], recipients[4]])
      expect(attempts.get(to as string), to).toBe(1);
  });
});

describe("SES throttling", () => {
  it("ends in a retry, and the mail arrives once", async () => {
    const to = "throttled@example.org";
    const attempts = flakySes((address, n) => (address === to && n <= 2 ? named("Throttling") : undefined));
    await transact([mailItem({ to, subject: "Thư bị chậm", html: "<p>x</p>", text: "x", kind: "test" })]);
    await stack.inbox.waitFor(to);
    await expect.poll(async () => (await pendingMails()).length, UNTIL_SETTLED).toBe(0);
    expect(await stack.inbox.to(to)).toHaveLength(1);
    expect(attempts.get(to)).toBe(3);
  });

  it("marks a mail SES refuses for good as failed, without retrying it forever", async () => {
    const to = "refused@example.org";
    const attempts = flakySes((address) => (address === to ? named("MessageRejected") : undefined));
    const item = mailItem({ to, subject: "Thư bị từ chối", html: "<p>x</p>", text: "x", kind: "test" });
    await transact([item]);
    await expect.poll(() => attempts.get(to), UNTIL_SETTLED).toBe(1);
    await expect.poll(async () => (await pendingMails()).length, UNTIL_SETTLED).toBe(0);
    await new Promise((r) => setTimeout(r, 500)); // two sweeps later, still one attempt
    expect(attempts.get(to)).toBe(1);
    // Refused for good: marked failed, and its body (her words, link references) is gone, not kept 90 days.
    const key = { pk: String(item.Put?.Item?.pk), sk: "MAIL" };
    const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
    expect(stored).toMatchObject({ status: "failed", lastError: "MessageRejected" });
    expect(stored).not.toHaveProperty("html");
    expect(stored).not.toHaveProperty("text");
  });
});
