import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { consentedEthnicity } from "../config/ethnic-groups.ts";
import { loadConfig } from "../config/store.ts";
import { closedReason, closedReasons, type EventRecord, getEvent, unknownEvent } from "../events/model.ts";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import {
  alreadyRegisteredText,
  cancelProblemText,
  noActionText,
  noCancelActionText,
} from "../messages/registration.ts";
import { receiptCountItem } from "../platform/addresses.ts";
import { now, nowIso } from "../platform/clock.ts";
import {
  backoff,
  conditionFailed,
  db,
  putNew,
  type TransactItem,
  TransactionCancelled,
  tableName,
  writeThroughConflicts,
} from "../platform/dynamo.ts";
import { AppError, conflict, serviceUnavailable, ValidationError } from "../platform/errors.ts";
import { honeypotFilled } from "../platform/honeypot.ts";
import type { Lang } from "../platform/i18n.ts";
import { type Idempotency, idempotencyOf, replay } from "../platform/idempotency.ts";
import { newId, spokenCode } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { count } from "../platform/metrics.ts";
import { mailItem } from "../platform/outbox.ts";
import { keyedHash, secretReady } from "../platform/secret.ts";
import { issueToken, requireToken, unknownLink } from "../platform/tokens.ts";
import { parseOrThrow } from "../platform/validation.ts";
import { write } from "../platform/write.ts";
import { watchArrivals } from "./burst.ts";
import { cancelledMail, confirmationMail } from "./mails.ts";
import { participantLinkExpiry, phoneHash, type Registration } from "./model.ts";
import {
  type Claimed,
  type ClaimMode,
  claimPlace,
  fillFreeSeats,
  getRegistration,
  giveBack,
  heldCounter,
  releasePlace,
  waitlistPosition,
  waitPlaceRemoval,
} from "./places.ts";
import { type RegistrationInput, registrationSchema } from "./schema.ts";

export type { Registration, RegistrationStatus } from "./model.ts";

export interface RegisterAnswer {
  registrationId: string;
  code: string;
  status: "confirmed" | "waitlisted";
  waitlistPosition?: number;
  /** Fields received but not kept (ethnicity without its own consent). */
  notStored?: string[];
}

export interface RegisterResult {
  answer: RegisterAnswer;
  /** The new registration's personal link token (absent when a retry replays the first answer). */
  link?: string;
}

export interface RegisterOptions {
  lang: Lang;
  baseUrl: string;
  idempotencyKey?: string;
}

/** The text of the consent a person gives; stored by version with each registration. */
export const CONSENT_VERSION = "2026-11-registration-v1";

export function closedError(event: EventRecord, at: Date): AppError | undefined {
  const reason = closedReason(event, at);
  return reason ? conflict(`registration-${reason}`, closedReasons[reason], { reason }) : undefined;
}

/**
 * A phone number that already has a registration for this event. The answer is the same whatever that
 * registration's state: anyone can type a number, and whether a woman is confirmed or waiting for a dialogue on
 * violence is hers to know.
 */
export const alreadyRegistered = () =>
  new ValidationError(
    [
      {
        path: "phone",
        code: "already_registered",
        message: both(alreadyRegisteredText, "field"),
      },
    ],
    { type: "already-registered", detail: both(alreadyRegisteredText, "detail") },
  );

/** Register from the public form or JSON: a seat while there is one, else a place on the waitlist. */
export async function register(eventId: string, body: unknown, options: RegisterOptions): Promise<RegisterResult> {
  await secretReady();
  const [{ config, helpers }, event] = await Promise.all([loadConfig(), getEvent(eventId, true)]);
  if (!event) throw unknownEvent();
  const idem = idempotencyOf(`registration\n${eventId}`, options.idempotencyKey, body);
  const first = idem && (await replay(idem));
  if (first) return { answer: first.body as unknown as RegisterAnswer };
  const closed = closedError(event, now());
  if (closed) throw closed;
  if (honeypotFilled(body)) {
    log.info("honeypot filled: nothing stored", { eventId });
    return { answer: { registrationId: newId(), code: spokenCode(), status: "confirmed" } };
  }
  const input = parseOrThrow(registrationSchema(config, helpers), body);
  const result = await enrol(event, input, { lang: options.lang, baseUrl: options.baseUrl, idem, mode: "public" });
  const { claimed } = result;
  if (claimed) await afterwards("burst watch", event.id, () => watchArrivals(claimed.event, config, options.baseUrl));
  return { answer: result.answer, link: result.link };
}

export interface EnrolOptions {
  lang: Lang;
  baseUrl: string;
  idem?: Idempotency;
  mode: ClaimMode;
  /** At the door: she is checked in as she registers, by this organiser. */
  checkedInBy?: string;
}

/**
 * The write path: lock her phone number (a duplicate stops here, having claimed nothing), claim a place on the
 * event item, write her own items in one transaction, and give the claim back if that fails. A joiner of the
 * waitlist then fills any seat freed while she joined — which may be hers.
 */
export async function enrol(
  event: EventRecord,
  input: RegistrationInput,
  options: EnrolOptions,
): Promise<RegisterResult & { claimed?: Claimed }> {
  await secretReady();
  const registrationId = newId();
  const locked = await lockPhone(event.id, input.phone, registrationId, options.idem);
  if (locked !== "locked") return { answer: locked.replayed };
  let claimed: Claimed;
  try {
    claimed = await claimPlace(event, options.mode);
  } catch (error) {
    await unlockPhone(event.id, input.phone, registrationId);
    throw error;
  }
  let written: RegisterResult & { registration: Registration };
  try {
    written = await writeRegistration(event, input, registrationId, claimed, options);
  } catch (error) {
    await releasePlace(event.id, claimed.place, options.baseUrl);
    await unlockPhone(event.id, input.phone, registrationId);
    throw error instanceof TransactionCancelled ? serviceUnavailable() : error;
  }
  const { registration } = written;
  log.info("registration created", { eventId: event.id, registrationId, status: registration.status });
  count("Registrations", { outcome: claimed.place.kind === "wait" ? "waitlist" : claimed.place.kind });
  if (claimed.place.kind === "wait") {
    const promoted = (await afterwards("fill", event.id, () => fillFreeSeats(event.id, options.baseUrl))) ?? [];
    if (promoted.includes(registrationId)) {
      const { waitlistPosition: _, ...rest } = written.answer;
      return { ...written, answer: { ...rest, status: "confirmed" }, claimed };
    }
  }
  return { answer: written.answer, link: written.link, claimed };
}

/**
 * Work that follows a change already stored (a promotion, the burst watch): it must not turn her success into an
 * error page. What it leaves undone, the next writer or the reconciler does.
 */
export async function afterwards<T>(what: string, eventId: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    log.warn(`${what} after the change failed; it is repaired later`, { eventId, error: (error as Error).name });
    return undefined;
  }
}

const STALE_LOCK_MS = 60_000;

/**
 * One registration per phone per event, decided before any place is claimed. The lock is pending until the
 * registration's transaction completes it; a pending lock older than a minute was left by a function that died,
 * and is taken over.
 */
async function lockPhone(
  eventId: string,
  phone: string,
  registrationId: string,
  idem: Idempotency | undefined,
): Promise<"locked" | { replayed: RegisterAnswer }> {
  const at = now();
  for (let attempt = 0; ; attempt++) {
    try {
      await writeThroughConflicts(() =>
        db().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...keys.phoneLock(eventId, phoneHash(eventId, phone)),
              registrationId,
              pendingSince: at.toISOString(),
              ...(idem ? { idempotencyKey: idem.keyHash } : {}),
            },
            ConditionExpression: "attribute_not_exists(pk) OR pendingSince < :stale",
            ExpressionAttributeValues: { ":stale": new Date(at.getTime() - STALE_LOCK_MS).toISOString() },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      return "locked";
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      // A retry of this very request (same Idempotency-Key) may hold the lock: its answer is hers.
      const first = idem && (await replay(idem));
      if (first) return { replayed: first.body as unknown as RegisterAnswer };
      const held = error.Item ? unmarshall(error.Item as never) : {};
      if (!idem || held.idempotencyKey !== idem.keyHash || attempt >= 40) throw alreadyRegistered();
      await backoff(attempt);
    }
  }
}

async function unlockPhone(eventId: string, phone: string, registrationId: string): Promise<void> {
  await db()
    .send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.phoneLock(eventId, phoneHash(eventId, phone)),
        ConditionExpression: "registrationId = :mine",
        ExpressionAttributeValues: { ":mine": registrationId },
      }),
    )
    .catch((error) => {
      if (!conditionFailed(error)) throw error;
    });
}

const CODE_ATTEMPTS = 5;

/** Her registration as stored: what she gave, her consent, her place, a new spoken code. */
function newRegistration(
  event: EventRecord,
  input: RegistrationInput,
  registrationId: string,
  place: Claimed["place"],
  consent: ReturnType<typeof consentedEthnicity>,
  options: EnrolOptions,
  at: string,
): Registration {
  return {
    eventId: event.id,
    registrationId,
    code: spokenCode(),
    status: place.kind === "wait" ? "waitlisted" : "confirmed",
    fullName: input.fullName,
    phone: input.phone,
    email: input.email,
    gender: input.gender,
    birthYear: input.birthYear,
    ethnicity: consent.ethnicity,
    ethnicityConsentAt: consent.ethnicityConsentAt,
    role: input.role,
    commune: input.commune,
    village: input.village,
    needsInterpreter: input.needsInterpreter,
    consentAt: at,
    consentVersion: CONSENT_VERSION,
    lang: options.lang,
    ...(place.kind === "wait" ? { waitTicket: place.ticket } : {}),
    ...(place.kind === "extra" ? { overCapacity: true } : {}),
    ...(options.checkedInBy ? { walkIn: true, checkedInAt: at, checkedInBy: options.checkedInBy } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

/** Her own items, all at once: registration, spoken code, completed phone lock, link, waitlist place, e-mail. */
async function writeRegistration(
  event: EventRecord,
  input: RegistrationInput,
  registrationId: string,
  { place }: Claimed,
  options: EnrolOptions,
): Promise<RegisterResult & { registration: Registration }> {
  const at = nowIso();
  const consent = consentedEthnicity(input, at);
  let written: Registration | undefined;
  let token = "";
  // Today's confirmations to one address are capped: past the cap she is registered and answered, with no mail.
  const { limits } = (await loadConfig()).config;
  let confirm = true;
  const answer = await write<RegisterAnswer>({
    idempotency: options.idem && { idem: options.idem, statusCode: 201, replay: false },
    build: () => {
      const registration = newRegistration(event, input, registrationId, place, consent, options, at);
      const position = place.kind === "wait" ? place.position : undefined;
      const link = issueToken("registration", { eventId: event.id, registrationId }, participantLinkExpiry(event));
      written = registration;
      token = link.token;
      return {
        items: {
          registration: putNew({
            ...keys.registration(event.id, registrationId),
            ...registration,
            // Found by her phone for her data rights (shared/rights/subject.ts), by a keyed hash, never the number.
            ...keys.subjectIndex(keyedHash("phone", registration.phone), at),
          }),
          code: putNew({ ...keys.registrationCode(event.id, registration.code), registrationId }),
          lock: completeLock(event.id, input.phone, registrationId),
          link: link.item,
          "waitlist-place":
            place.kind === "wait"
              ? putNew({ ...keys.waitlistPlace(event.id, place.ticket), registrationId })
              : undefined,
          "receipt-limit":
            confirm && registration.email
              ? receiptCountItem(registration.email, limits.receiptsPerAddressPerDay, at)
              : undefined,
          mail:
            confirm && registration.email
              ? mailItem(
                  confirmationMail({ registration, event, position, link: link.ref, baseUrl: options.baseUrl }),
                  [link],
                )
              : undefined,
        },
        answer: {
          registrationId,
          code: registration.code,
          status: registration.status as RegisterAnswer["status"],
          ...(position !== undefined ? { waitlistPosition: position } : {}),
          ...(consent.notStored ? { notStored: [consent.notStored] } : {}),
        },
      };
    },
    // Only a spoken code that another registration holds is worth another try, with a new code.
    cancelled: (failed) => {
      if (failed("lock")) return "fail";
      if (failed("receipt-limit")) confirm = false;
      return failed("code") || failed("receipt-limit") ? "again" : "fail";
    },
    attempts: CODE_ATTEMPTS + 1,
    // A timeout or a lost answer may hide a transaction that did commit: then it is hers, and nothing is given back.
    readBack: async (mine) => (await getRegistration(event.id, registrationId))?.code === mine.code,
  });
  return { answer, link: token, registration: written as Registration };
}

/** The phone lock stops being pending, only if it is still ours. */
function completeLock(eventId: string, phone: string, registrationId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.phoneLock(eventId, phoneHash(eventId, phone)),
      UpdateExpression: "REMOVE pendingSince",
      ConditionExpression: "registrationId = :mine",
      ExpressionAttributeValues: { ":mine": registrationId },
    },
  };
}

export interface RegistrationView {
  registration: Registration;
  event: EventRecord;
  position?: number;
}

/** What a registration link shows. Reading never changes anything (mail scanners open links). */
export async function viewByToken(token: string): Promise<RegistrationView> {
  const record = await requireToken(token, "registration");
  const { eventId, registrationId } = record.subject as { eventId: string; registrationId: string };
  const [registration, event] = await Promise.all([getRegistration(eventId, registrationId), getEvent(eventId)]);
  // Erased (her data rights, retention): the link leads nowhere, as one never issued.
  if (!registration || !event || registration.erasedAt) throw unknownLink();
  const position =
    registration.status === "waitlisted" && registration.waitTicket !== undefined
      ? await waitlistPosition(eventId, registration.waitTicket)
      : undefined;
  return { registration, event, position };
}

export const alreadyCancelled = () =>
  new AppError(410, "already-cancelled", both(cancelProblemText, "already"), both(cancelProblemText, "alreadyDetail"));

export interface CancelResult {
  registration: Registration;
  event: EventRecord;
  /** Who from the waitlist got the freed seat. */
  promoted: string[];
}

/** Cancel from the link in the confirmation e-mail; the freed seat goes to the first person waiting. */
export async function cancelByToken(token: string, baseUrl: string, pressed: boolean): Promise<CancelResult> {
  await secretReady();
  const record = await requireToken(token, "registration");
  // Only the Cancel button (action=cancel) cancels: a stray POST with anything else changes nothing.
  if (!pressed) {
    throw new AppError(400, "no-action", both(noActionText, "title"), both(noCancelActionText, "detail"));
  }
  const { eventId, registrationId } = record.subject as { eventId: string; registrationId: string };
  const result = await cancelRegistration(eventId, registrationId, { by: "self", baseUrl, notify: true });
  return { ...result, promoted: (await afterwards("fill", eventId, () => fillFreeSeats(eventId, baseUrl))) ?? [] };
}

export interface CancelOptions {
  /** "self", or the organiser's e-mail address. */
  by: string;
  baseUrl: string;
  /** E-mail her that it is cancelled (when she gave an address). */
  notify: boolean;
  /**
   * An organiser cancelling a flood: possible after the event has started, and never someone who is in the hall
   * (checked in, or registered at the door), even if she arrived while the cancel ran.
   */
  byOrganiser?: boolean;
}

export const inTheHall = () => conflict("in-the-hall", both(cancelProblemText, "inTheHall"));

const CANCEL_ATTEMPTS = 20;

/**
 * Cancel one registration: her record, her phone lock (so the number may register again) and her waitlist place
 * at once, then the counter she held. The caller then runs fillFreeSeats (once, after a whole batch when an
 * organiser cancels many).
 */
export async function cancelRegistration(
  eventId: string,
  registrationId: string,
  options: CancelOptions,
): Promise<{ registration: Registration; event: EventRecord }> {
  await secretReady();
  // Read once for every attempt: a retry after a conflict needs the same cap, not another look at the store.
  const { limits } = (await loadConfig()).config;
  for (let attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
    const [registration, event] = await Promise.all([
      getRegistration(eventId, registrationId),
      getEvent(eventId, true),
    ]);
    if (!registration || !event) throw unknownLink();
    if (registration.status === "cancelled") throw alreadyCancelled();
    if (!options.byOrganiser && now().getTime() >= Date.parse(event.startsAt)) {
      throw conflict("registration-past", closedReasons.past);
    }
    if (options.byOrganiser && (registration.checkedInAt || registration.walkIn)) throw inTheHall();
    const at = nowIso();
    const from = registration.status;
    const cancelled: Registration = {
      ...registration,
      status: "cancelled",
      cancelledAt: at,
      cancelledBy: options.by,
      cancelledFrom: from,
      updatedAt: at,
    };
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tableName(),
          Key: keys.registration(eventId, registrationId),
          UpdateExpression:
            "SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, cancelledFrom = :was, updatedAt = :at",
          ConditionExpression: options.byOrganiser
            ? "#status = :was AND attribute_not_exists(checkedInAt) AND attribute_not_exists(walkIn)"
            : "#status = :was",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":cancelled": "cancelled", ":at": at, ":was": from, ":by": options.by },
        },
      },
      {
        Delete: {
          TableName: tableName(),
          Key: keys.phoneLock(eventId, phoneHash(eventId, registration.phone)),
          // Gone already (a lock a failed write removed) is as good as removed now.
          ConditionExpression: "attribute_not_exists(pk) OR registrationId = :id",
          ExpressionAttributeValues: { ":id": registrationId },
        },
      },
      ...waitPlaceRemoval(registration),
    ];
    const mail =
      registration.email && options.notify
        ? mailItem(cancelledMail({ registration: cancelled, event, byOrganiser: options.by !== "self" }))
        : undefined;
    // Her registration link is also shown to whoever sent the form, so using it proves nothing about the address
    // (only a petitioner's link, which is only ever mailed, does). A register-and-cancel loop aimed at an address
    // is held to the same daily cap as confirmations: past it, she is cancelled without a mail.
    let notify = mail !== undefined;
    try {
      await write({
        build: () => ({
          items: {
            cancellation: items,
            "receipt-limit":
              notify && registration.email
                ? receiptCountItem(registration.email, limits.receiptsPerAddressPerDay, at)
                : undefined,
            mail: notify ? mail : undefined,
          },
          answer: undefined,
        }),
        cancelled: (failed) => {
          if (!failed("receipt-limit") || failed("cancellation")) return "fail";
          notify = false;
          return "again";
        },
        attempts: 2,
        conflictRetries: 10,
      });
      await afterwards("give-back", eventId, () => giveBack(eventId, heldCounter(registration)));
      log.info("registration cancelled", {
        eventId,
        registrationId,
        from,
        by: options.by === "self" ? "self" : "organiser",
      });
      return { registration: cancelled, event };
    } catch (error) {
      // Promoted or cancelled meanwhile: look again.
      if (!(error instanceof TransactionCancelled)) throw error;
      await backoff(attempt);
    }
  }
  throw serviceUnavailable();
}
