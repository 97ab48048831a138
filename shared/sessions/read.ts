import { keys, queries } from "../keys.ts";
import type { Petition } from "../petitions/petition.ts";
import { getAll, queryAll } from "../platform/dynamo.ts";
import type { SessionIssue } from "./model.ts";

/**
 * Reading a session's issues: the public follow-up page, the organiser's record and the dossier all read them the same
 * way. Nothing here writes, so a page that only shows bundles none of the write side.
 */

/** The session's issues (petitions raised at or for it), in the order they were recorded. */
export async function sessionIssues(eventId: string, consistent = true): Promise<Petition[]> {
  const pointers = await queryAll<SessionIssue>({ ...queries.issuesOf(eventId), ConsistentRead: consistent });
  const petitions = await getAll<Petition>(pointers.map((p) => keys.petition(p.trackingCode)));
  return petitions.sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.trackingCode.localeCompare(b.trackingCode),
  );
}
