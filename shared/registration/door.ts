import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as z from "zod/mini";
import { loadConfig } from "../config/store.ts";
import { keys } from "../keys.ts";
import { nowIso } from "../platform/clock.ts";
import { conditionFailed, db, TransactionCancelled, tableName, writeThroughConflicts } from "../platform/dynamo.ts";
import { parseSpokenCode } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { checkbox, parseOrThrow } from "../platform/validation.ts";
import { write } from "../platform/write.ts";
import { REGISTRATION_ID, type Registration } from "./model.ts";
import type { Organiser } from "./organisers.ts";
import { fillFreeSeats, giveBack, waitlistPosition, waitPlaceRemoval } from "./places.ts";
import { afterwards, enrol, type RegisterAnswer } from "./registration.ts";
import { registrationSchema } from "./schema.ts";

/**
 * At the door: the organiser types the code a woman reads out (or finds her by name) and she is checked in
 * once; someone who did not register is registered there and then. Each is one POST from a phone on the venue's
 * weak signal.
 */

export type CheckInOutcome =
  | { kind: "checked-in"; registration: Registration }
  | { kind: "already"; registration: Registration }
  | { kind: "no-such-code"; typed: string }
  | { kind: "cancelled"; registration: Registration }
  | { kind: "waiting"; registration: Registration; position: number };

export const checkInSchema = z.object({
  code: z.optional(z.string().check(z.maxLength(40))),
  registrationId: z.optional(z.string().check(z.regex(REGISTRATION_ID))),
  overCapacity: checkbox,
});

async function registrationIdOf(eventId: string, typed: string): Promise<string | undefined> {
  // The check symbol turns one misheard symbol into "no such code" before anything is read.
  const code = parseSpokenCode(typed);
  if (!code) return undefined;
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.registrationCode(eventId, code), ConsistentRead: true }),
  );
  return out.Item?.registrationId as string | undefined;
}

export async function checkIn(organiser: Organiser, body: unknown, baseUrl: string): Promise<CheckInOutcome> {
  const input = parseOrThrow(checkInSchema, body);
  const eventId = organiser.event.id;
  const typed = input.code ?? "";
  const registrationId = input.registrationId ?? (await registrationIdOf(eventId, typed));
  if (!registrationId) return { kind: "no-such-code", typed };
  const at = nowIso();
  try {
    // One conditional write: checked in only once, only with a seat; the item's old state tells why not.
    const out = await writeThroughConflicts(() =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.registration(eventId, registrationId),
          UpdateExpression: "SET checkedInAt = :at, checkedInBy = :by",
          ConditionExpression: "#status = :confirmed AND attribute_not_exists(checkedInAt)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":at": at, ":by": organiser.email, ":confirmed": "confirmed" },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      ),
    );
    log.info("checked in", { eventId, registrationId });
    return { kind: "checked-in", registration: out.Attributes as Registration };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    if (!error.Item) return { kind: "no-such-code", typed };
    const registration = unmarshall(error.Item as never) as Registration;
    if (registration.status === "cancelled") return { kind: "cancelled", registration };
    if (registration.status === "confirmed") return { kind: "already", registration };
    if (input.overCapacity) return letInWaiting(organiser, registration, at, baseUrl);
    const position = await waitlistPosition(eventId, registration.waitTicket ?? 0);
    return { kind: "waiting", registration, position };
  }
}

/** Someone still on the waitlist came anyway, and the organiser lets her in beyond capacity. */
async function letInWaiting(
  organiser: Organiser,
  registration: Registration,
  at: string,
  baseUrl: string,
): Promise<CheckInOutcome> {
  const eventId = organiser.event.id;
  try {
    await write({
      build: () => ({
        items: {
          "let-in": [
            {
              Update: {
                TableName: tableName(),
                Key: keys.registration(eventId, registration.registrationId),
                UpdateExpression:
                  "SET #status = :confirmed, overCapacity = :yes, checkedInAt = :at, checkedInBy = :by, updatedAt = :at",
                ConditionExpression: "#status = :waitlisted",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: {
                  ":confirmed": "confirmed",
                  ":waitlisted": "waitlisted",
                  ":yes": true,
                  ":at": at,
                  ":by": organiser.email,
                },
              },
            },
            ...waitPlaceRemoval(registration),
          ],
        },
        answer: undefined,
      }),
      conflictRetries: 10,
    });
  } catch (error) {
    // Promoted or cancelled meanwhile: check her in as she now is.
    if (!(error instanceof TransactionCancelled)) throw error;
    return checkIn(organiser, { registrationId: registration.registrationId }, baseUrl);
  }
  await afterwards("give-back", eventId, async () => {
    await giveBack(eventId, "waitlistedCount", ", overCapacityCount = if_not_exists(overCapacityCount, :zero) + :one");
    // A promotion that waited for this counter (see giveBack) runs now.
    await fillFreeSeats(eventId, baseUrl);
  });
  log.info("checked in from the waitlist, over capacity", { eventId, registrationId: registration.registrationId });
  return {
    kind: "checked-in",
    registration: { ...registration, status: "confirmed", overCapacity: true, checkedInAt: at },
  };
}

/** A woman who did not register: registered and checked in at once; beyond capacity only on the organiser's word. */
export async function registerWalkIn(
  organiser: Organiser,
  body: unknown,
  baseUrl: string,
): Promise<{ answer: RegisterAnswer; registration: { fullName: string } }> {
  const { config, helpers } = await loadConfig();
  const input = parseOrThrow(registrationSchema(config, helpers), body);
  const overCapacity = parseOrThrow(z.object({ overCapacity: checkbox }), body).overCapacity === true;
  const { answer } = await enrol(organiser.event, input, {
    lang: "vi",
    baseUrl,
    mode: { door: true, overCapacity },
    checkedInBy: organiser.email,
  });
  log.info("walk-in registered", { eventId: organiser.event.id, registrationId: answer.registrationId });
  return { answer, registration: { fullName: input.fullName } };
}
