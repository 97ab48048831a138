import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/schema.ts";
import type { EventRecord } from "../events/model.ts";
import { keys } from "../keys.ts";
import { now } from "../platform/clock.ts";
import { vietnamDay } from "../platform/dates.ts";
import { conditionFailed, db, putNew, tableName, writeThroughConflicts } from "../platform/dynamo.ts";
import { log } from "../platform/log.ts";
import { mailItem } from "../platform/outbox.ts";
import { secretReady } from "../platform/secret.ts";
import { write } from "../platform/write.ts";
import { burstAlertMail } from "./mails.ts";
import { eventOrganisers, organiserLink } from "./organisers.ts";

/**
 * A flood — one client taking the seats with made-up numbers — shows as far more registrations in a minute than
 * the event ever sees (e-petitions watches "trending IPs" the same way). Every claim already counts itself in a
 * one-minute window on the event item (places.ts), so watching costs no request; when the window passes the
 * threshold, each organiser gets one e-mail a day with her link to the roster, where a flood is cancelled.
 */
const WINDOW_MS = 60_000;

export function burstThreshold(event: EventRecord, config: Config): number {
  const configured = config.events.find((e) => e.id === event.id)?.burstAlertPerMinute;
  return configured ?? config.limits.registrationBurstPerMinute;
}

const windowAttempts = new Map<string, number>();
const MAX_ALERTED = 40;
const WINDOW_ATTEMPT_MS = 5_000;

/** Events alerted today, as this container knows: past the threshold, each tries the alert's write once. */
const alerted = new Set<string>();

/** After a claim: start a new window when the last one is over, or alert when this one is past the threshold. */
export async function watchArrivals(after: EventRecord, config: Config, baseUrl: string): Promise<void> {
  await secretReady();
  const at = now();
  const arrivals = after.windowArrivals ?? 0;
  if (!after.windowStartedAt) {
    // The event's first arrivals: all of them came with this one, before any window was set.
    await startWindow(after.id, undefined, arrivals, at);
  } else if (at.getTime() - Date.parse(after.windowStartedAt) >= WINDOW_MS) {
    await startWindow(after.id, after.windowStartedAt, arrivals, at);
    return;
  }
  const key = `${after.id}\n${vietnamDay(at)}`;
  if (arrivals < burstThreshold(after, config) || alerted.has(key)) return;
  alerted.add(key);
  await alertOrganisers(after, config, baseUrl, arrivals, at).catch((error) => {
    // The registration stands whatever happens to the alert; a later arrival tries again.
    alerted.delete(key);
    log.warn("burst alert not written", { eventId: after.id, error: (error as Error).name });
  });
}

/**
 * A new window starts with this arrival. The arrivals counted since this one (concurrent claims) stay counted:
 * the count drops by what this claim saw, less itself. The first window of an event keeps everything so far.
 */
async function startWindow(eventId: string, seen: string | undefined, seenArrivals: number, at: Date): Promise<void> {
  // In a crowd every claim sees the same old window: one attempt per container every few seconds is enough.
  const last = windowAttempts.get(eventId) ?? 0;
  if (at.getTime() - last < WINDOW_ATTEMPT_MS) return;
  windowAttempts.set(eventId, at.getTime());
  try {
    await writeThroughConflicts(() =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.event(eventId),
          UpdateExpression: seen
            ? "SET windowStartedAt = :at, windowArrivals = windowArrivals - :drop"
            : "SET windowStartedAt = :at",
          ConditionExpression: seen ? "windowStartedAt = :seen" : "attribute_not_exists(windowStartedAt)",
          ExpressionAttributeValues: {
            ":at": at.toISOString(),
            ...(seen ? { ":seen": seen, ":drop": Math.max(0, seenArrivals - 1) } : {}),
          },
        }),
      ),
    );
  } catch (error) {
    // Another registration started it first.
    if (!conditionFailed(error)) throw error;
  }
}

/** One e-mail per organiser, once a day per event: the day's marker is written with the mails, only if absent. */
async function alertOrganisers(event: EventRecord, config: Config, baseUrl: string, arrivals: number, at: Date) {
  const day = vietnamDay(at);
  // A transaction holds at most 100 items: a marker, and a link and a mail for each organiser.
  const alerts = eventOrganisers(config, event)
    .slice(0, MAX_ALERTED)
    .flatMap((organiser) => {
      const link = organiserLink(event, organiser.email);
      return [link.item, mailItem(burstAlertMail({ event, organiser, arrivals, link: link.ref, baseUrl }), [link])];
    });
  const sent = await write({
    build: () => ({
      items: {
        "today's marker": putNew({ ...keys.burstAlert(event.id, day), arrivals, at: at.toISOString() }),
        alerts,
      },
      answer: true,
    }),
    // Already alerted today: nothing more to send.
    cancelled: (failed) => (failed("today's marker") ? { answer: false } : "fail"),
  });
  if (sent) log.warn("registration burst: organisers alerted", { eventId: event.id, arrivals });
}
