import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../shared/platform/dynamo.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { petitionBody } from "../support/petitions.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * A weak connection retries: the same POST with the same Idempotency-Key, ten times at once, creates one thing
 * and answers the same; the same key with another body is refused.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "retry-event" })]) });
});
afterAll(async () => stack?.stop());

const count = async (filter: string, values: Record<string, string>) =>
  (
    await db().send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: filter,
        ExpressionAttributeValues: values,
        Select: "COUNT",
      }),
    )
  ).Count ?? 0;

describe.each([
  [
    "petition",
    () => `${stack.url}/petitions`,
    () => petitionBody({}, "retry@example.org"),
    "sk = :s",
    { ":s": "PETITION" },
  ],
  [
    "registration",
    () => `${stack.url}/events/retry-event/registrations`,
    () => ({ ...validRegistration, phone: "0912 555 001", email: "retry@example.org" }),
    "begins_with(sk, :s)",
    { ":s": "REG#" },
  ],
] as const)("a %s sent ten times at once with one Idempotency-Key", (_, url, body, filter, values) => {
  it("creates one, answers all ten the same, and refuses the key with another body (422)", async () => {
    const before = await count(filter, values);
    const payload = body();
    const key = { "idempotency-key": `ten-at-once-${Math.random()}` };
    const answers = await Promise.all(Array.from({ length: 10 }, () => postJson(url(), payload, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    for (const a of answers) expect(a.json).toEqual(answers[0]?.json);
    expect(await count(filter, values)).toBe(before + 1);

    const other = await postJson(url(), { ...payload, village: "Nặm Đíp" }, key);
    expect(other.status).toBe(422);
    expect(other.json.type).toBe("/problems/idempotency-key-reused");
    expect(await count(filter, values)).toBe(before + 1);
  });
});
