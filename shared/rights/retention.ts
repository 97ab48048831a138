import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { loadConfig } from "../config/store.ts";
import { type EventRecord, listEvents } from "../events/model.ts";
import { type Key, keys, queries } from "../keys.ts";
import { now, nowIso } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { conditionFailed, db, inParallel, queryAll, tableName } from "../platform/dynamo.ts";
import { log } from "../platform/log.ts";
import { secretReady } from "../platform/secret.ts";
import { addDays } from "../platform/workdays.ts";
import { erasePetitionPersonalData, eraseStoredRegistration, type StoredRegistration } from "./subject.ts";

/**
 * Retention (`config.retention`), run every hour by the retention sweeper, each run reading only what is due:
 * - a registration's personal data goes `registrationDays` days after its event ends: from the start (00:00, Vietnam)
 *   of that day, counted from the Vietnam day the event ends on. The events are read from the events index (a handful);
 *   an event whose registrations are done is marked `personalDataRemovedAt` (conditioned: once), so that a later run
 *   reads nothing more of it. What goes, and what stays for the counts, is shared/rights/subject.ts's
 *   (`REGISTRATION_PERSONAL`; the phone lock with it);
 * - a petition's goes `petitionMonths` months after it ends (closed, rejected, withdrawn, a duplicate): an ended
 *   petition waits in the purge partition of the alarms index for that day (shared/petitions/alarms.ts
 *   `purgeAttributes`), read here with `queries.purgeDueBy`; it is erased as her erasure erases it
 *   (`erasePetitionPersonalData`), and leaves the partition. A petition still open is never there, so never purged.
 * Both by the injected clock (shared/platform/clock.ts).
 */

export interface RetentionRun {
  /** Events whose registrations' personal data went in this run, and those registrations. */
  events: number;
  registrations: number;
  /** Ended petitions whose personal data went in this run. */
  petitions: number;
}

/** The marker an event carries once its registrations' personal data is gone. */
type Swept = EventRecord & { personalDataRemovedAt?: string };

const REGISTRATION_WIDTH = 4;

/** The day (Vietnam) from which an event's registrations hold no personal data. */
export function registrationDataDue(event: Pick<EventRecord, "endsAt">, days: number): string {
  return addDays(vietnamDay(new Date(event.endsAt)), days);
}

export async function sweepRetention(): Promise<RetentionRun> {
  await secretReady();
  const { config } = await loadConfig();
  const today = vietnamDay(now());
  const run: RetentionRun = { events: 0, registrations: 0, petitions: 0 };

  const events = (await listEvents()) as Swept[];
  for (const event of events) {
    if (event.personalDataRemovedAt || today < registrationDataDue(event, config.retention.registrationDays)) continue;
    run.registrations += await eraseEventRegistrations(event);
    run.events++;
  }

  const petitionPk = keys.petition("").pk;
  const due = await queryAll<Key>(queries.purgeDueBy(today));
  for (const key of due) {
    const code = key.pk.slice(petitionPk.length);
    if (!key.pk.startsWith(petitionPk) || key.sk !== keys.petition(code).sk) continue;
    if ((await erasePetitionPersonalData(code)).erased) run.petitions++;
  }
  if (run.events + run.petitions > 0) log.info("retention swept", { ...run });
  return run;
}

/** Every registration of an ended event without its personal data; then the event is marked, once. */
async function eraseEventRegistrations(event: Swept): Promise<number> {
  const registrations = await queryAll<StoredRegistration>({
    ...queries.registrationsOf(event.id),
    ConsistentRead: true,
  });
  const held = registrations.filter((r) => r.erasedAt === undefined);
  const done = await inParallel(held, REGISTRATION_WIDTH, (r) => eraseStoredRegistration(r, event));
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.event(event.id),
        UpdateExpression: "SET personalDataRemovedAt = :at",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(personalDataRemovedAt)",
        ExpressionAttributeValues: { ":at": nowIso() },
      }),
    );
  } catch (error) {
    // Another run marked it first: its registrations are done either way.
    if (!conditionFailed(error)) throw error;
  }
  const erased = done.filter((d) => d.erased).length;
  log.info("registrations' personal data removed", { eventId: event.id, n: erased });
  return erased;
}
