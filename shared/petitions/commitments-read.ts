import { queries } from "../keys.ts";
import { queryAll } from "../platform/dynamo.ts";
import type { Commitment } from "../sessions/model.ts";

/**
 * Reading a petition's commitments (shared/petitions/commitments.ts): their pages, the session's public follow-up and
 * the leaders' report read them the same way. Nothing here writes, so a page that only shows bundles none of the write
 * side.
 */

/** A commitment item, or one of its progress entries (`COMMIT#nn#<at>`), which share its prefix. */
export interface CommitmentEntryItem {
  sk: string;
  at: string;
  kind: "progress" | "remind" | "escalate";
  percent?: number;
  note?: string;
  done?: boolean;
  by?: string;
  unitId?: string;
}

/** A petition's commitments, each with its entries (progress reports, reminders, escalations) in order. */
export async function commitmentsWithEntries<C extends Commitment = Commitment>(
  trackingCode: string,
  consistent = true,
): Promise<{ commitment: C; entries: CommitmentEntryItem[] }[]> {
  const items = await queryAll<Record<string, unknown> & { sk: string }>({
    ...queries.commitmentsOf(trackingCode),
    ConsistentRead: consistent,
  });
  const out: { commitment: C; entries: CommitmentEntryItem[] }[] = [];
  for (const item of items) {
    const isEntry = item.sk.split("#").length > 2;
    if (!isEntry) out.push({ commitment: item as unknown as C, entries: [] });
    else out.at(-1)?.entries.push(item as unknown as CommitmentEntryItem);
  }
  return out;
}
