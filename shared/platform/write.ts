import { type TransactItem, TransactionCancelled, transact } from "./dynamo.ts";
import { type Idempotency, idempotencyItem, replay } from "./idempotency.ts";

/**
 * Every write path that changes several items does it the same way, here:
 *
 *   replay (a retried request gets its first answer) → build the items, each under a label → one transaction
 *   → react to the labels whose condition failed (a typed error, or build again) → a lost answer is read back.
 *
 * Labels, not positions, say which condition failed: adding an item to a write cannot shift the meaning of a
 * cancellation.
 */

/** A transaction's items by label; a label may name several items (all the mails), or none (`undefined`). */
export type LabelledItems = Record<string, TransactItem | readonly TransactItem[] | undefined>;

export interface Built<A> {
  items: LabelledItems;
  /** What the request answers when these items are written. */
  answer: A;
}

/** After a cancellation: build again, throw the cancellation, or answer this instead (nothing was written). */
type Reaction<A> = "again" | "fail" | { answer: A };

export interface WritePlan<A> {
  /**
   * The request's idempotency key: its first answer is replayed before anything is built and after any
   * cancellation (a concurrent retry may have won), and its record is written with the items (label `idempotency`).
   * `replay: "after-cancellation"` when the caller replayed already, before anything of its own (its checks);
   * `replay: false` when it did and also holds what stops a concurrent retry from reaching this write (a lock).
   */
  idempotency?: { idem: Idempotency; statusCode: number; replay?: boolean | "after-cancellation" };
  /** The items and the answer, built anew for each attempt (a new code, a new token). */
  build(attempt: number): Built<A> | Promise<Built<A>>;
  /**
   * A condition failed. `failed(label)` says whose. Throw the error that explains it, return "again" to build anew
   * (e.g. a code someone else holds), `{ answer }` when the refusal is itself an answer (already done today), or
   * "fail" to throw the cancellation itself (also what happens without this).
   */
  cancelled?(failed: (label: string) => boolean, attempt: number): Reaction<A> | Promise<Reaction<A>>;
  /** The transaction's answer was lost (timeout, reset): whether what it would have written is there. */
  readBack?(answer: A): Promise<boolean>;
  /** Builds after the first (answered "again") before giving up with the last cancellation. */
  attempts?: number;
  /** Retries of a transaction that only collided with another (see `transact`). */
  conflictRetries?: number;
}

/** Write a plan: see above. Returns the answer of the attempt that was written (or of the first request). */
export async function write<A>(plan: WritePlan<A>): Promise<A> {
  const idem = plan.idempotency;
  const when = idem?.replay ?? true;
  const replayed = async () =>
    idem && when !== false ? ((await replay(idem.idem))?.body as A | undefined) : undefined;
  if (when === true) {
    const first = await replayed();
    if (first) return first;
  }
  for (let attempt = 0; ; attempt++) {
    const { items, answer } = await plan.build(attempt);
    const labels: string[] = [];
    const list: TransactItem[] = [];
    const add = (label: string, item: TransactItem) => {
      labels.push(label);
      list.push(item);
    };
    for (const [label, value] of Object.entries(items)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) add(label, item);
      else add(label, value as TransactItem);
    }
    if (idem) {
      const body = { ...(answer as Record<string, unknown>) };
      add("idempotency", idempotencyItem(idem.idem, { statusCode: idem.statusCode, body }));
    }
    try {
      await transact(list, plan.conflictRetries);
      return answer;
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) {
        if (plan.readBack && (await plan.readBack(answer).catch(() => false))) return answer;
        throw error;
      }
      const replayedNow = await replayed();
      if (replayedNow) return replayedNow;
      const failed = (label: string) => labels.some((l, i) => l === label && error.failedAt(i));
      const next = plan.cancelled ? await plan.cancelled(failed, attempt) : "fail";
      if (typeof next === "object") return next.answer;
      if (next !== "again" || attempt + 1 >= (plan.attempts ?? 1)) throw error;
    }
  }
}
