import { GetCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, putNew, TransactionCancelled, tableName } from "../../shared/platform/dynamo.ts";
import { idempotencyOf } from "../../shared/platform/idempotency.ts";
import { newId } from "../../shared/platform/ids.ts";
import { write } from "../../shared/platform/write.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * write(), the one way the app writes several items, against DynamoDB Local: a cancellation is read by label,
 * never by position; "again" builds anew; a refusal can be an answer; a retried request gets its first answer; a
 * lost answer is read back.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

let undo: (() => void) | undefined;
afterEach(() => {
  undo?.();
  undo = undefined;
});

const item = (id: string, extra: Record<string, unknown> = {}) => ({ pk: `TEST#${id}`, sk: "TEST", ...extra });
const stored = async (id: string) =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `TEST#${id}`, sk: "TEST" } }))).Item;

describe("write()", () => {
  it("says which labelled item's condition failed, whatever the order, and writes nothing", async () => {
    const taken = newId();
    await write({ build: () => ({ items: { first: putNew(item(taken)) }, answer: 1 }) });
    for (const order of [0, 1]) {
      const fresh = newId();
      const seen: string[] = [];
      const items =
        order === 0
          ? { mine: putNew(item(fresh)), theirs: putNew(item(taken)) }
          : { theirs: putNew(item(taken)), mine: putNew(item(fresh)) };
      await expect(
        write({
          build: () => ({ items, answer: 1 }),
          cancelled: (failed) => {
            for (const label of ["mine", "theirs", "absent"]) if (failed(label)) seen.push(label);
            return "fail";
          },
        }),
      ).rejects.toBeInstanceOf(TransactionCancelled);
      expect(seen).toEqual(["theirs"]);
      expect(await stored(fresh)).toBeUndefined();
    }
  });

  it("builds again when asked, as often as allowed, and answers what the attempt that was written built", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 7 }), async (attempts, taken) => {
        // The first `taken` attempts meet a code someone holds; the next one is free.
        const held = Array.from({ length: taken }, () => newId());
        for (const id of held) await write({ build: () => ({ items: { x: putNew(item(id)) }, answer: 0 }) });
        const fresh = newId();
        let builds = 0;
        const run = write({
          build: (attempt) => {
            builds++;
            return { items: { code: putNew(item(held[attempt] ?? fresh, { attempt })) }, answer: attempt };
          },
          cancelled: (failed) => (failed("code") ? "again" : "fail"),
          attempts,
        });
        if (taken < attempts) {
          expect(await run).toBe(taken);
          expect((await stored(fresh))?.attempt).toBe(taken);
        } else {
          // Out of attempts: the last cancellation, and nothing of it written.
          await expect(run).rejects.toBeInstanceOf(TransactionCancelled);
          expect(await stored(fresh)).toBeUndefined();
        }
        expect(builds).toBe(Math.min(taken + 1, attempts));
      }),
      { numRuns: 12 },
    );
  });

  it("answers a refusal that is itself an answer, writing nothing", async () => {
    const taken = newId();
    const other = newId();
    await write({ build: () => ({ items: { marker: putNew(item(taken)) }, answer: true }) });
    const sent = await write({
      build: () => ({ items: { marker: putNew(item(taken)), mail: putNew(item(other)) }, answer: true }),
      cancelled: (failed) => (failed("marker") ? { answer: false } : "fail"),
    });
    expect(sent).toBe(false);
    expect(await stored(other)).toBeUndefined();
  });

  it("gives a retried request its first answer and builds nothing; another body with the same key is refused", async () => {
    const body = { n: newId() };
    const idem = idempotencyOf("write-test", `key-${body.n}`, body) as NonNullable<ReturnType<typeof idempotencyOf>>;
    let builds = 0;
    const plan = () =>
      write({
        idempotency: { idem, statusCode: 201 },
        build: () => {
          builds++;
          const id = newId();
          return { items: { thing: putNew(item(id)) }, answer: { id } };
        },
      });
    const first = await plan();
    expect(await plan()).toEqual(first);
    expect(builds).toBe(1);
    const other = idempotencyOf("write-test", `key-${body.n}`, { n: "another" });
    await expect(
      write({
        idempotency: { idem: other as typeof idem, statusCode: 201 },
        build: () => ({ items: {}, answer: {} }),
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it("reads a lost answer back: written after all is a success, not written is the error", async () => {
    for (const commits of [true, false]) {
      const id = newId();
      const name = `lose-${id}`;
      db().middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== "TransactWriteItemsCommand") return next(args);
          if (commits) await next(args);
          throw Object.assign(new Error("socket hang up"), { name: "TimeoutError", $metadata: {} });
        },
        { step: "initialize", name },
      );
      undo = () => db().middlewareStack.remove(name);
      const run = write({
        build: () => ({ items: { thing: putNew(item(id)) }, answer: id }),
        readBack: async (answer) => (await stored(answer)) !== undefined,
      });
      if (commits) expect(await run).toBe(id);
      else await expect(run).rejects.toMatchObject({ name: "TimeoutError" });
      undo();
      undo = undefined;
    }
  });
});
