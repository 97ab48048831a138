import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Loaded } from "../config/store.ts";
import { loadConfig } from "../config/store.ts";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { recordPageText, sessionIssueText } from "../messages/sessions.ts";
import { getPetition, type Petition } from "../petitions/petition.ts";
import type { PetitionInput } from "../petitions/schema.ts";
import { newPetition, planAction } from "../petitions/service.ts";
import { displayCode, logRef } from "../petitions/tracking.ts";
import { allowedActions } from "../petitions/workflow.ts";
import { nowIso } from "../platform/clock.ts";
import { db, putNew, type TransactItem, TransactionCancelled, tableName } from "../platform/dynamo.ts";
import { ValidationError } from "../platform/errors.ts";
import type { Bilingual } from "../platform/i18n.ts";
import { log } from "../platform/log.ts";
import { count } from "../platform/metrics.ts";
import { keyedHash, secretReady } from "../platform/secret.ts";
import { write } from "../platform/write.ts";
import type { Organiser } from "../registration/organisers.ts";

/**
 * The issues of a dialogue session, entered from its organiser's link: each becomes a petition of the session
 * (`eventId`, `raisedAt: "session"`), routed as any other (the commune union screens it), with the session's pointer to
 * it in the same transaction. One answered in the hall is created answered — its submission and the workflow row
 * `answer_in_hall` (shared/petitions/workflow.ts) in one transaction, with the commitments it carries.
 */

/** One issue as the organiser's form or the secretary's sheet gives it (shared/sessions/sheet.ts reads a sheet). */
export interface IssueRow {
  /** The woman who raised it, if she wants her name written; none: "a group of women" (of `village`). */
  raisedBy?: { fullName: string; phone?: string; email?: string };
  village?: string;
  category: string;
  title: string;
  content: string;
  /** Answered on the spot: the answer, and who gave it. */
  hallAnswer?: { text: string; by?: string };
  /** A commitment made with the hall answer: what, the agency keeping it, by when (as typed, or YYYY-MM-DD). */
  commitment?: { what: string; agency: string; due?: string };
}

export interface RecordedIssue {
  trackingCode: string;
  title: string;
  status: Petition["status"];
  /** Already recorded from the same sheet row before (an import run again): nothing new was written. */
  again?: true;
}

/**
 * A row's fingerprint: the same row of a sheet imported twice is recorded once. Keyed (shared/platform/secret.ts), as
 * every hash of what may name her is: without the key, a guessed name and phone cannot be checked against it.
 */
export function rowFingerprint(eventId: string, row: IssueRow): string {
  return keyedHash("sheet-row", JSON.stringify([eventId, row])).slice(0, 32);
}

/** "Một nhóm phụ nữ thôn Nà Tông": a group's issue names no woman. Vietnamese: the record is the Union's. */
export function groupLabel(village: string | undefined): string {
  const t = sessionIssueText.vi;
  return village ? t.groupOf({ village }) : t.group;
}

/**
 * Record one issue of the session, in one transaction: the petition (answered already, with its commitment, when it
 * was answered in the hall), its history, the session's pointer, the links and mails of whoever comes next; with
 * `fingerprint` (a sheet's row) also the row's marker, so that importing the same sheet again records nothing twice.
 */
export async function recordIssue(
  organiser: Organiser,
  row: IssueRow,
  baseUrl: string,
  options: { fingerprint?: string; loaded?: Loaded } = {},
): Promise<RecordedIssue> {
  await secretReady();
  const loaded = options.loaded ?? (await loadConfig());
  const { config, helpers } = loaded;
  const event = organiser.event;
  const group = row.raisedBy === undefined;
  // A commitment is made with an answer: one without it would be dropped unseen.
  if (row.commitment && !row.hallAnswer) {
    throw new ValidationError([
      { path: "commitment", code: "invalid", message: both(recordPageText, "commitmentWithoutAnswer") },
    ]);
  }
  // A row recorded by an earlier upload is found before anything is worked out again (its due day may have passed).
  if (options.fingerprint) {
    const again = await rowRecorded(event.id, options.fingerprint);
    if (again) return again;
  }
  const input = {
    title: row.title,
    content: row.content,
    category: row.category,
    commune: event.area,
    village: row.village,
    petitioner: group
      ? { fullName: groupLabel(row.village) }
      : {
          fullName: row.raisedBy?.fullName,
          ...(row.raisedBy?.phone ? { phone: row.raisedBy.phone } : {}),
          ...(row.raisedBy?.email ? { email: row.raisedBy.email } : {}),
        },
    eventId: event.id,
  } as unknown as PetitionInput;
  const at = nowIso();
  const enteredBy = { name: organiser.name, email: organiser.email, unitId: event.organizer };
  const built = newPetition(
    input,
    {
      lang: "vi",
      baseUrl,
      enteredBy,
      session: { raisedAt: "session", raisedBy: group ? "group" : "woman" },
    },
    config,
    helpers,
    at,
    // Nobody to send a receipt to: a session's issues carry no address.
    { send: Boolean(row.raisedBy?.email) && !row.hallAnswer, addressSeen: false },
  );
  const code = built.petition.trackingCode;
  const items: Record<string, TransactItem | readonly TransactItem[] | undefined> = {
    ...built.items,
    row: options.fingerprint
      ? putNew({ ...keys.sessionRow(event.id, options.fingerprint), trackingCode: code, at })
      : undefined,
  };
  let status: Petition["status"] = "screening";
  if (row.hallAnswer) {
    // Created answered: the transition is worked out on the petition as it is being created, and replaces its item
    // (the screening step's mails with it: nobody needs to screen an issue answered in the hall).
    const stored = (built.items.petition as unknown as { Put: { Item: Petition } }).Put.Item;
    const plan = await planAction(
      {
        petition: stored,
        history: [],
        role: "organiser",
        email: organiser.email,
        actions: allowedActions("screening", "organiser"),
        config,
      },
      {
        action: "answer_in_hall",
        answer: row.hallAnswer.text,
        answeredBy: row.hallAnswer.by ?? sessionIssueText.vi.leaders,
        ...(row.commitment
          ? {
              commitment: row.commitment.what,
              commitmentAgency: row.commitment.agency,
              ...(row.commitment.due ? { commitmentDue: row.commitment.due } : {}),
            }
          : {}),
      },
      baseUrl,
      loaded,
    );
    items.petition = putNew({ ...plan.item, ...keys.petition(code) });
    items.notifications = undefined;
    const { history, ...rest } = plan.items;
    Object.assign(items, rest, { "hall answer": history });
    status = plan.next.status;
  }
  try {
    await write({ build: () => ({ items, answer: undefined }) });
  } catch (error) {
    if (error instanceof TransactionCancelled && options.fingerprint) {
      const again = await rowRecorded(event.id, options.fingerprint);
      if (again) return again;
    }
    throw error;
  }
  log.info("session issue recorded", { eventId: event.id, petition: logRef(code), inHall: Boolean(row.hallAnswer) });
  count("Petitions");
  return { trackingCode: displayCode(code), title: row.title, status };
}

/** The issue a sheet's row was recorded as, when it was. */
async function rowRecorded(eventId: string, fingerprint: string): Promise<RecordedIssue | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.sessionRow(eventId, fingerprint), ConsistentRead: true }),
  );
  const marker = out.Item as { trackingCode: string } | undefined;
  if (!marker) return undefined;
  const p = await getPetition(marker.trackingCode);
  return p ? { trackingCode: displayCode(p.trackingCode), title: p.title, status: p.status, again: true } : undefined;
}

/**
 * Record a sheet's rows, one transaction each, in order: a row is written whole or not at all, and a row recorded
 * before (the same sheet uploaded again after a lost answer) is found, not written twice.
 */
export async function recordRows(
  organiser: Organiser,
  rows: readonly IssueRow[],
  baseUrl: string,
  rowNumbers: readonly number[] = [],
): Promise<{ recorded: RecordedIssue[]; refused: { row: number; field: string; message: Bilingual }[] }> {
  const loaded = await loadConfig();
  const recorded: RecordedIssue[] = [];
  const refused: { row: number; field: string; message: Bilingual }[] = [];
  for (const [i, row] of rows.entries()) {
    try {
      const fingerprint = rowFingerprint(organiser.event.id, row);
      recorded.push(await recordIssue(organiser, row, baseUrl, { fingerprint, loaded }));
    } catch (error) {
      // A row the record itself refuses (a due day already past, a commitment with no answer): that row, not the sheet.
      if (!(error instanceof ValidationError)) throw error;
      for (const e of error.fieldErrors)
        refused.push({ row: rowNumbers[i] ?? i + 2, field: e.path, message: e.message });
    }
  }
  return { recorded, refused };
}

export { sessionIssues } from "./read.ts";
