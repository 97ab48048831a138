import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { consentedEthnicity, type EthnicGroup } from "../config/ethnic-groups.ts";
import { loadConfig } from "../config/store.ts";
import { closedReason, closedReasons, type EventRecord, getEvent } from "../events/events.ts";
import { unknownEvent } from "../events/view.ts";
import { keys } from "../keys.ts";
import { now, nowIso } from "../platform/clock.ts";
import { backoff, db, type TransactItem, TransactionCancelled, tableName, transact } from "../platform/dynamo.ts";
import { AppError, conflict, serviceUnavailable } from "../platform/errors.ts";
import { honeypotFilled } from "../platform/honeypot.ts";
import type { Lang } from "../platform/i18n.ts";
import { idempotencyItem, idempotencyOf, replay } from "../platform/idempotency.ts";
import { newId, sha256, spokenCode } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { mailItem } from "../platform/outbox.ts";
import { issueToken, requireToken, unknownLink } from "../platform/tokens.ts";
import { parseOrThrow } from "../platform/validation.ts";
import { cancelledMail, confirmationMail, promotedMail } from "./mails.ts";
import type { Gender } from "./schema.ts";
import { registrationSchema } from "./schema.ts";

export type RegistrationStatus = "confirmed" | "waitlisted" | "cancelled";

export interface Registration {
  eventId: string;
  registrationId: string;
  code: string;
  status: RegistrationStatus;
  fullName: string;
  phone: string;
  email?: string;
  gender: Gender;
  birthYear?: number;
  ethnicity?: EthnicGroup;
  /** When the separate consent for ethnic origin was given (evidence of consent, PDP Law 91/2025). */
  ethnicityConsentAt?: string;
  role: string;
  commune: string;
  village?: string;
  needsInterpreter?: string;
  consentAt: string;
  consentVersion: string;
  lang: Lang;
  waitTicket?: number;
  createdAt: string;
  updatedAt: string;
  promotedAt?: string;
  cancelledAt?: string;
}

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
const TOKEN_DAYS_AFTER_EVENT = 30;
const MAX_ATTEMPTS = 60;

export function closedError(event: EventRecord, at: Date): AppError | undefined {
  const reason = closedReason(event, at);
  return reason ? conflict(`registration-${reason}`, closedReasons[reason], { reason }) : undefined;
}

const alreadyRegistered = (status: RegistrationStatus) =>
  conflict(
    "already-registered",
    {
      vi: `Số điện thoại này đã đăng ký sự kiện (trạng thái: ${statusLabels[status].vi}).`,
      en: `This phone number is already registered for the event (status: ${statusLabels[status].en}).`,
    },
    { registrationStatus: status },
  );

export const statusLabels: Record<RegistrationStatus, { vi: string; en: string }> = {
  confirmed: { vi: "đã có chỗ", en: "confirmed" },
  waitlisted: { vi: "trong danh sách chờ", en: "on the waitlist" },
  cancelled: { vi: "đã hủy", en: "cancelled" },
};

/** One registration per phone per event; the lock's key is a hash, so no phone number sits in a key. */
const phoneHash = (eventId: string, phone: string) => sha256(`${eventId}\n${phone}`);

async function getRegistration(eventId: string, registrationId: string): Promise<Registration | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.registration(eventId, registrationId), ConsistentRead: true }),
  );
  return out.Item as Registration | undefined;
}

async function findByPhone(eventId: string, phone: string): Promise<Registration | undefined> {
  const lock = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.phoneLock(eventId, phoneHash(eventId, phone)),
      ConsistentRead: true,
    }),
  );
  return lock.Item ? getRegistration(eventId, lock.Item.registrationId as string) : undefined;
}

/** A waitlist ticket: an atomic counter, so tickets order the waitlist without contention between writers. */
async function takeWaitTicket(eventId: string): Promise<number> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.event(eventId),
      UpdateExpression: "ADD waitTicket :one",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return out.Attributes?.waitTicket as number;
}

/** 1 + the number of people waiting with an earlier ticket (a strongly consistent count of small items). */
async function waitlistPosition(eventId: string, ticket: number): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: {
        ":pk": keys.event(eventId).pk,
        ":from": keys.waitlistPrefix,
        ":to": keys.waitlistPlace(eventId, ticket - 1).sk,
      },
      Select: "COUNT",
      ConsistentRead: true,
    }),
  );
  return (out.Count ?? 0) + 1;
}

/** Claim a seat (or a waitlist place) and record the registration, its locks, its link and its e-mail at once. */
export async function register(eventId: string, body: unknown, options: RegisterOptions): Promise<RegisterResult> {
  const [{ config, helpers }, first] = await Promise.all([loadConfig(), getEvent(eventId, true)]);
  let event = first;
  if (!event) throw unknownEvent();

  const idem = idempotencyOf(`registration\n${eventId}`, options.idempotencyKey, body);
  if (idem) {
    const first = await replay(idem);
    if (first) return { answer: first.body as unknown as RegisterAnswer };
  }
  const closed = closedError(event, now());
  if (closed) throw closed;
  if (honeypotFilled(body)) {
    log.info("honeypot filled: nothing stored", { eventId });
    return { answer: { registrationId: newId(), code: spokenCode(), status: "confirmed" } };
  }

  const input = parseOrThrow(registrationSchema(config, helpers), body);
  const existing = await findByPhone(eventId, input.phone);
  if (existing && existing.status !== "cancelled") {
    // A concurrent retry with this very key may be the one that registered the phone: its answer is ours.
    const first = idem && (await replay(idem));
    if (first) return { answer: first.body as unknown as RegisterAnswer };
    throw alreadyRegistered(existing.status);
  }

  const registrationId = newId();
  const at = nowIso();
  const consent = consentedEthnicity(input, at);
  const base = {
    eventId,
    registrationId,
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
    createdAt: at,
    updatedAt: at,
  };
  const linkExpires = new Date(Date.parse(event.endsAt) + TOKEN_DAYS_AFTER_EVENT * 86400_000);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const seat = event.confirmedCount < event.capacity;
    const ticket = seat ? undefined : await takeWaitTicket(eventId);
    const position = ticket === undefined ? undefined : await waitlistPosition(eventId, ticket);
    const registration: Registration = {
      ...base,
      code: spokenCode(),
      status: seat ? "confirmed" : "waitlisted",
      waitTicket: ticket,
    };
    const answer: RegisterAnswer = {
      registrationId,
      code: registration.code,
      status: registration.status as RegisterAnswer["status"],
      ...(position !== undefined ? { waitlistPosition: position } : {}),
      ...(consent.notStored ? { notStored: [consent.notStored] } : {}),
    };
    const link = issueToken("registration", { eventId, registrationId }, linkExpires);

    const labelled: [string, TransactItem][] = [
      ["event", claimItem(eventId, seat)],
      ["registration", putNew({ ...keys.registration(eventId, registrationId), ...registration })],
      ["code", putNew({ ...keys.registrationCode(eventId, registration.code), registrationId })],
      ["phone", putPhoneLock(eventId, input.phone, registrationId)],
      ["link", link.item],
    ];
    if (ticket !== undefined) {
      labelled.push(["wait", putNew({ ...keys.waitlistPlace(eventId, ticket), registrationId })]);
    }
    if (registration.email) {
      labelled.push([
        "mail",
        mailItem(confirmationMail({ registration, event, position, link: link.token, baseUrl: options.baseUrl })),
      ]);
    }
    if (idem) labelled.push(["idempotency", idempotencyItem(idem, { statusCode: 201, body: { ...answer } })]);

    try {
      await transact(labelled.map(([, item]) => item));
      log.info("registration created", { eventId, registrationId, status: registration.status, attempt });
      return { answer, link: link.token };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      const failed = (label: string) => error.failedAt(labelled.findIndex(([l]) => l === label));
      // A concurrent retry with the same key may have won: its answer is ours.
      if (idem) {
        const first = await replay(idem);
        if (first) return { answer: first.body as unknown as RegisterAnswer };
      }
      if (failed("phone")) {
        const other = await findByPhone(eventId, input.phone);
        throw alreadyRegistered(other?.status ?? "confirmed");
      }
      // Seat taken or freed meanwhile, a code collision, or a transaction conflict: look again and retry.
      await backoff(attempt);
      event = await getEvent(eventId, true);
      if (!event) throw unknownEvent();
      const nowClosed = closedError(event, now());
      if (nowClosed) throw nowClosed;
    }
  }
  log.warn("registration gave up after retries", { eventId });
  throw serviceUnavailable();
}

function putNew(item: Record<string, unknown>): TransactItem {
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } };
}

/** A cancelled registration releases its lock (deleted), so the same phone may register again. */
function putPhoneLock(eventId: string, phone: string, registrationId: string): TransactItem {
  return putNew({ ...keys.phoneLock(eventId, phoneHash(eventId, phone)), registrationId });
}

/**
 * The capacity guarantee: a seat is claimed only while confirmedCount < capacity, a waitlist place only while
 * it is not. Both are conditions on the one event item, evaluated inside the registration's transaction.
 */
function claimItem(eventId: string, seat: boolean): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.event(eventId),
      UpdateExpression: seat ? "ADD confirmedCount :one" : "ADD waitlistedCount :one",
      ConditionExpression: seat
        ? "confirmedCount < #capacity AND #status = :open"
        : "confirmedCount >= #capacity AND #status = :open",
      ExpressionAttributeNames: { "#status": "status", "#capacity": "capacity" },
      ExpressionAttributeValues: { ":one": 1, ":open": "open" },
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
  if (!registration || !event) throw unknownLink();
  const position =
    registration.status === "waitlisted" && registration.waitTicket !== undefined
      ? await waitlistPosition(eventId, registration.waitTicket)
      : undefined;
  return { registration, event, position };
}

export const alreadyCancelled = () =>
  new AppError(
    410,
    "already-cancelled",
    { vi: "Đăng ký đã được hủy", en: "Already cancelled" },
    {
      vi: "Đăng ký này đã được hủy trước đó. Không cần làm gì thêm.",
      en: "This registration was already cancelled. Nothing more to do.",
    },
  );

export interface CancelResult {
  registration: Registration;
  event: EventRecord;
  /** Whether someone from the waitlist got the freed seat. */
  promoted: boolean;
}

/**
 * Cancel from the link in the confirmation e-mail. A freed seat goes to the first person on the waitlist in
 * the same transaction, so a seat is never both free and owed.
 */
export async function cancelByToken(token: string, baseUrl: string, pressed: boolean): Promise<CancelResult> {
  const record = await requireToken(token, "registration");
  // Only the Cancel button (action=cancel) cancels: a stray POST with anything else changes nothing.
  if (!pressed) {
    throw new AppError(
      400,
      "no-action",
      { vi: "Chưa chọn thao tác", en: "No action chosen" },
      {
        vi: "Hãy bấm nút Hủy đăng ký trên trang nếu chị muốn hủy.",
        en: "Press the Cancel registration button on the page to cancel.",
      },
    );
  }
  const { eventId, registrationId } = record.subject as { eventId: string; registrationId: string };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [registration, event] = await Promise.all([
      getRegistration(eventId, registrationId),
      getEvent(eventId, true),
    ]);
    if (!registration || !event) throw unknownLink();
    if (registration.status === "cancelled") throw alreadyCancelled();
    if (now().getTime() >= Date.parse(event.startsAt)) throw conflict("registration-past", closedReasons.past);

    const at = nowIso();
    const cancelled: Registration = { ...registration, status: "cancelled", cancelledAt: at, updatedAt: at };
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tableName(),
          Key: keys.registration(eventId, registrationId),
          UpdateExpression: "SET #status = :cancelled, cancelledAt = :at, updatedAt = :at",
          ConditionExpression: "#status = :was",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":cancelled": "cancelled", ":at": at, ":was": registration.status },
        },
      },
      { Delete: { TableName: tableName(), Key: keys.phoneLock(eventId, phoneHash(eventId, registration.phone)) } },
    ];
    if (registration.email) items.push(mailItem(cancelledMail({ registration: cancelled, event })));

    let promoted = false;
    if (registration.status === "waitlisted" && registration.waitTicket !== undefined) {
      items.push(
        { Delete: { TableName: tableName(), Key: keys.waitlistPlace(eventId, registration.waitTicket) } },
        counterItem(eventId, "ADD waitlistedCount :minus"),
      );
    } else {
      const next = await firstWaiting(eventId);
      if (next) {
        promoted = true;
        items.push(...promotionItems(event, next, baseUrl, at));
      } else {
        // No one waits: the seat becomes free, unless someone joined the waitlist meanwhile (then retry).
        items.push(counterItem(eventId, "ADD confirmedCount :minus", "waitlistedCount = :zero"));
      }
    }
    try {
      await transact(items);
      log.info("registration cancelled", { eventId, registrationId, promoted, attempt });
      return { registration: cancelled, event, promoted };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      await backoff(attempt);
    }
  }
  throw serviceUnavailable();
}

function counterItem(eventId: string, update: string, condition?: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.event(eventId),
      UpdateExpression: update,
      ...(condition ? { ConditionExpression: condition } : {}),
      ExpressionAttributeValues: { ":minus": -1, ...(condition ? { ":zero": 0 } : {}) },
    },
  };
}

async function firstWaiting(eventId: string): Promise<Registration | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :wait)",
      ExpressionAttributeValues: { ":pk": keys.event(eventId).pk, ":wait": keys.waitlistPrefix },
      ConsistentRead: true,
      Limit: 1,
    }),
  );
  const place = out.Items?.[0];
  return place ? getRegistration(eventId, place.registrationId as string) : undefined;
}

/** The first person waiting takes the freed seat: her place is removed and she gets an e-mail with a new link. */
function promotionItems(event: EventRecord, next: Registration, baseUrl: string, at: string): TransactItem[] {
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.registration(event.id, next.registrationId),
        UpdateExpression: "SET #status = :confirmed, promotedAt = :at, updatedAt = :at",
        ConditionExpression: "#status = :waitlisted",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":confirmed": "confirmed", ":waitlisted": "waitlisted", ":at": at },
      },
    },
    {
      Delete: {
        TableName: tableName(),
        Key: keys.waitlistPlace(event.id, next.waitTicket ?? 0),
        ConditionExpression: "attribute_exists(pk)",
      },
    },
    counterItem(event.id, "ADD waitlistedCount :minus"),
  ];
  if (next.email) {
    const expires = new Date(Date.parse(event.endsAt) + TOKEN_DAYS_AFTER_EVENT * 86400_000);
    const link = issueToken("registration", { eventId: event.id, registrationId: next.registrationId }, expires);
    const promoted: Registration = { ...next, status: "confirmed", promotedAt: at };
    items.push(link.item, mailItem(promotedMail({ registration: promoted, event, link: link.token, baseUrl })));
  }
  return items;
}
