import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { petitionBody } from "../support/petitions.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/**
 * A weak connection retries: the same POST with the same Idempotency-Key, ten times at once, creates one thing
 * and answers the same; the same key with another body is refused.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "retry-event" })]) });
});
afterAll(async () => stack?.stop());

describe.each([
  ["petition", () => `${stack.url}/petitions`, () => petitionBody({}, "retry@example.org"), "petitions"],
  [
    "registration",
    () => `${stack.url}/events/retry-event/registrations`,
    () => ({ ...validRegistration, phone: "0912 555 001", email: "retry@example.org" }),
    "registrations",
  ],
] as const)("a %s sent ten times at once with one Idempotency-Key", (_, url, body, kind) => {
  it("creates one, answers all ten the same, and refuses the key with another body (422)", async () => {
    const before = (await countItems(stack.tableName))[kind];
    const payload = body();
    const key = { "idempotency-key": `ten-at-once-${Math.random()}` };
    const answers = await Promise.all(Array.from({ length: 10 }, () => postJson(url(), payload, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    // The same answer; only the request that created the registration also carries her link (never stored).
    const withoutLink = answers.map(({ json: { links, ...rest } }) => rest);
    for (const a of withoutLink) expect(a).toEqual(withoutLink[0]);
    expect(answers.filter((a) => a.json.links !== undefined).length).toBeLessThanOrEqual(1);
    expect((await countItems(stack.tableName))[kind]).toBe(before + 1);

    const other = await postJson(url(), { ...payload, village: "Nặm Đíp" }, key);
    expect(other.status).toBe(422);
    expect(other.json.type).toBe("/problems/idempotency-key-reused");
    expect((await countItems(stack.tableName))[kind]).toBe(before + 1);
  });
});
