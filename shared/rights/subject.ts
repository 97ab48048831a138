import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type EventRecord, getEvent } from "../events/model.ts";
import { type Key, keys, queries } from "../keys.ts";
import { stateText } from "../messages/petitions.ts";
import { erasureMailText, subjectSummaryText } from "../messages/rights-subject.ts";
import { getPetition, type HistoryEntry, type Petition } from "../petitions/petition.ts";
import { displayCode, logRef } from "../petitions/tracking.ts";
import { now, nowIso } from "../platform/clock.ts";
import { formatDateTime, formatDay, formatSpan, vietnamDay } from "../platform/dates.ts";
import {
  backoff,
  conditionFailed,
  db,
  getAll,
  queryAll,
  type TransactItem,
  tableName,
  writeThroughConflicts,
} from "../platform/dynamo.ts";
import { AppError, serviceUnavailable } from "../platform/errors.ts";
import { html } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { displaySpokenCode, newId, sha256 } from "../platform/ids.ts";
import { log } from "../platform/log.ts";
import { mailHtml, mailText } from "../platform/mail-layout.ts";
import { mailItem, mailToHash, normalisedAddress, type OutgoingMail } from "../platform/outbox.ts";
import { formatVietnamMobile, normalizeVietnamMobile } from "../platform/phone.ts";
import { keyedHash, secretReady } from "../platform/secret.ts";
import { tokenOf } from "../platform/tokens.ts";
import { write } from "../platform/write.ts";
import { phoneHash as lockHash, type Registration } from "../registration/model.ts";
import { fillFreeSeats, getRegistration } from "../registration/places.ts";
import { afterwards, cancelRegistration } from "../registration/registration.ts";

/**
 * Her data rights, the ops side (Personal Data Protection Law 91/2025, Decree 356/2025): everything Tiếng Nói holds
 * about one phone number, found, exported and erased, with an audit trail that never holds the data itself; and the
 * two erasures retention runs (shared/rights/retention.ts). `npm run subject` drives it; the "my data" pages
 * (shared/rights/requests.ts) call the same functions.
 *
 * What is hers, and how it is found (by keyed hashes only, shared/platform/secret.ts):
 * - registrations and petitions carry the by-subject index's keys (`keys.subjectIndex`, a keyed hash of her phone);
 * - each registration's phone lock is keyed by a keyed hash of the event and her phone (registration/model.ts);
 * - every mail carries the index's keys under its recipient's address (`keys.mailToIndex`): the addresses she gave
 *   on her registrations and petitions find the mails sent to them;
 * - her data-rights requests and the audit trail sit in her own partition (`keys.rightsRequest`, `keys.audit`).
 *
 * What erasure removes, and what it keeps so that every count stays right (shared/registration/roster.ts
 * `attendanceCounts`, the event's counters, shared/reports/leaders.ts):
 * - a registration loses `REGISTRATION_PERSONAL` (name, phone, e-mail, year of birth, ethnic group and the time of
 *   its consent, village, interpreting needs) and its index keys; it keeps its status, gender, role, commune, code,
 *   seat and check-in facts and dates, and `consentAt`/`consentVersion` (the evidence that what was done with her
 *   data was consented, which names nobody). The roster's counts by ethnic group then count her as "not given": her
 *   ethnic group is sensitive data and goes with the rest. Its phone lock is deleted.
 * - a registration for an event still to come (not started) is first cancelled as she would cancel it (no mail; her
 *   seat or place goes to the waitlist, whose next woman is told): an anonymous seat nobody can claim at the door would
 *   only keep someone waiting out, and her lock, once gone, would let the number hold a second seat. One for an event
 *   that has started or ended is kept, anonymous: she came, or did not, and the counts say so.
 * - a petition loses `PETITIONER_PERSONAL` (name, phone, e-mail, ethnic group and its consent time) and
 *   `PETITION_PERSONAL` (village, whom she petitioned for: what only those who may know her are shown,
 *   shared/petitions/audience.ts), its by-subject keys and, ended, its place in the purge partition; it is marked
 *   `erasedAt`. Its version is bumped, so that a transition that read her data before cannot write it back (it fails
 *   its version condition and is told the step moved on); no history entry is written for it. Gender, commune and
 *   category stay (the leaders' figures), and so does its content: the title, text, her notes in its history and the
 *   answers are kept as anonymous content, for the agency's answer and the public status page. The residual risk,
 *   told to her in the notice: free text may name her or her village; a unit erases it by hand when she says so.
 * - the mails sent to her addresses are deleted, pending or sent (a pending one's links with them: a sent mail keeps
 *   no link ids, and a link token is stored only as its hash, with nothing that finds it by her); the address's
 *   "answered" mark (`ADDR#…/SEEN`) and mail-health item too. A mail being sent at that moment is waited for
 *   (a few seconds), then left: the notifier drops its body, DynamoDB its recipient at its TTL (`mailsInFlight`).
 *
 * What it does not reach, by design: the day counters of petitions per phone and receipts per address (keyed hashes
 * that expire after two days), idempotency records (a registration's or petition's first answer: its id, code and
 * status, no name; they expire within a day, shared/platform/idempotency.ts), her link tokens (only their SHA-256 is
 * stored, with what they open: an item that holds nothing of her any more), staff mails about her petition still waiting to be sent during an SES
 * outage (their body holds her name until sent, then goes), the table's stream (24 hours) and point-in-time backups
 * (35 days, README "Backup and restore drill").
 *
 * Her notice: she is told by e-mail, at every address she gave, in one transaction with the last item that still
 * holds an address (the audit's completion in it too), so that an erasure cut short and run again still tells her.
 * The notice is the one mail left out of the by-subject index (a second erasure finds nothing): its entry holds her
 * address until DynamoDB deletes it, `NOTICE_DAYS` after (its body goes once sent, as every mail's).
 */

/** A registration's personal data: what erasure and retention remove (see above for what stays, and why). */
export const REGISTRATION_PERSONAL = [
  "fullName",
  "phone",
  "email",
  "birthYear",
  "ethnicity",
  "ethnicityConsentAt",
  "village",
  "needsInterpreter",
] as const satisfies readonly (keyof Registration)[];
/** A petitioner's personal data; `gender` stays for the leaders' figures. */
export const PETITIONER_PERSONAL = [
  "fullName",
  "phone",
  "email",
  "ethnicity",
  "ethnicityConsentAt",
] as const satisfies readonly (keyof Petition["petitioner"])[];
/** What a petition shows only to those who may know her (shared/petitions/audience.ts): hers too. */
export const PETITION_PERSONAL = ["village", "onBehalfOf"] as const satisfies readonly (keyof Petition)[];

/** Days the erasure notice's outbox entry (its recipient: her address) is kept before DynamoDB deletes it. */
export const NOTICE_DAYS = 7;
const NOTICE_KIND = "rights-erased";

export type StoredRegistration = Registration & Key & { erasedAt?: string };
export type StoredPetition = Petition & Key & { erasedAt?: string; [attribute: string]: unknown };

/** An outbox entry (shared/platform/outbox.ts) as stored: its body only until it is sent. */
export interface MailRecord extends Key {
  mailId: string;
  to: string;
  subject: string;
  kind: string;
  status: string;
  createdAt: string;
  sentAt?: string;
  failedAt?: string;
  text?: string;
  html?: string;
  links?: string[];
}

/**
 * One entry of her audit trail written here: what was done, by whom, how many items of each kind; never the data
 * itself. `kind` is the request kind it serves (shared/rights/requests.ts: `copy`, `erase`), `event` what happened,
 * as the requests' own entries (received, acknowledged, completed…) say it.
 */
export interface SubjectAuditEntry {
  id: string;
  at: string;
  kind: "copy" | "erase";
  event: "exported" | "erasure-started" | "erased" | "nothing-found";
  /** Who: `ops:<name>` for the command, `self` from her link, a staff address… never her data. */
  by: string;
  requestId?: string;
  counts: Record<string, number>;
}

/** Everything held about one phone number. */
export interface SubjectData {
  /** Her number, E.164. */
  phone: string;
  /** Its keyed hash: her partition (requests, audit) and her by-subject key. */
  phoneHash: string;
  registrations: { registration: StoredRegistration; event?: EventRecord; phoneLock: boolean }[];
  /** Each petition with the entries of its history that are hers (her words, her actions). */
  petitions: { petition: StoredPetition; history: HistoryEntry[] }[];
  /** The addresses she gave (normalised: NFC, trimmed, lower case). */
  addresses: string[];
  /** The mails sent to those addresses, oldest first. */
  mails: MailRecord[];
  requests: Record<string, unknown>[];
  audit: Record<string, unknown>[];
}

/** Her number as stored (E.164), whatever way it was typed. */
function subjectPhone(input: string): string {
  const phone = normalizeVietnamMobile(input);
  // The message never repeats the input: it may reach a log.
  if (!phone) throw new Error("the phone given is not a Vietnamese mobile number");
  return phone;
}

/** What the by-subject index found: a registration or a petition, by its key. */
type Found = Record<string, unknown> & Key;
const isRegistration = (item: Found) =>
  typeof item.registrationId === "string" &&
  typeof item.eventId === "string" &&
  item.sk === keys.registration(item.eventId, item.registrationId).sk;
const isPetition = (item: Found) =>
  typeof item.trackingCode === "string" && item.sk === keys.petition(item.trackingCode).sk;

const unique = <T>(values: T[]) => [...new Set(values)];
const byCreation = (a: { createdAt: string }, b: { createdAt: string }) => a.createdAt.localeCompare(b.createdAt);

/** The mails to these addresses (the by-subject index holds keys only; the mails are read from the table). */
async function mailsTo(addresses: readonly string[]): Promise<MailRecord[]> {
  const found = (await Promise.all(addresses.map((a) => queryAll<Key>(queries.mailsTo(mailToHash(a)))))).flat();
  return (await getAll<MailRecord>(found)).sort(byCreation);
}

/**
 * What is held about her. `full`: with what an export shows besides (her entries in each petition's history, her
 * requests and the audit trail); an erasure needs only the items it changes.
 */
async function gather(input: string, full: boolean): Promise<SubjectData> {
  await secretReady();
  const phone = subjectPhone(input);
  const phoneHash = keyedHash("phone", phone);
  const items = await getAll<Found>(await queryAll<Key>(queries.itemsOfSubject(phoneHash)));
  const registrations = (items.filter(isRegistration) as unknown as StoredRegistration[]).sort(byCreation);
  const petitions = (items.filter(isPetition) as unknown as StoredPetition[]).sort(byCreation);
  // The events (titles, dates) and her phone locks, in one batch.
  const eventIds = unique(registrations.map((r) => r.eventId));
  const lockKey = (r: StoredRegistration) => keys.phoneLock(r.eventId, lockHash(r.eventId, phone));
  // One lock per event and number (a number that cancelled and registered again has two registrations, one lock):
  // a batch refuses a key asked twice.
  const around = await getAll<Record<string, unknown> & Key>(
    eventIds.flatMap((id) => [keys.event(id), keys.phoneLock(id, lockHash(id, phone))]),
  );
  const at = (key: Key) => around.find((i) => i.pk === key.pk && i.sk === key.sk);
  const addresses = unique(
    [...registrations.map((r) => r.email), ...petitions.map((p) => p.petitioner.email)]
      .filter((a): a is string => typeof a === "string" && a.trim() !== "")
      .map(normalisedAddress),
  );
  const [mails, histories, requests, audit] = await Promise.all([
    mailsTo(addresses),
    full ? Promise.all(petitions.map((p) => hersIn(p.trackingCode))) : [],
    full ? queryAll<Record<string, unknown>>({ ...queries.requestsOf(phoneHash), ConsistentRead: true }) : [],
    full ? queryAll<Record<string, unknown>>({ ...queries.auditOf(phoneHash), ConsistentRead: true }) : [],
  ]);
  return {
    phone,
    phoneHash,
    registrations: registrations.map((registration) => ({
      registration,
      event: at(keys.event(registration.eventId)) as EventRecord | undefined,
      phoneLock: at(lockKey(registration))?.registrationId === registration.registrationId,
    })),
    petitions: petitions.map((petition, i) => ({ petition, history: histories[i] ?? [] })),
    addresses,
    mails,
    requests,
    audit,
  };
}

/** Her entries in a petition's history: what she did and wrote (the staff's are theirs). */
async function hersIn(trackingCode: string): Promise<HistoryEntry[]> {
  const history = await queryAll<HistoryEntry>({ ...queries.petitionHistory(trackingCode), ConsistentRead: true });
  return history.filter((e) => e.role === "petitioner");
}

/** Everything held about the phone number `phone` (any way it is written). Reads only. */
export function findSubject(phone: string): Promise<SubjectData> {
  return gather(phone, true);
}

/** Whether anything personal is held: what an erasure would change. */
const holdsAnything = (d: SubjectData) => d.registrations.length + d.petitions.length + d.mails.length > 0;

// ——— The audit trail ———

/** An audit entry for her partition, to write in the transaction of what it records (or alone). */
export function auditItem(
  phoneHash: string,
  entry: Omit<SubjectAuditEntry, "id" | "at">,
  at: string = nowIso(),
): { entry: SubjectAuditEntry; item: TransactItem } {
  const full: SubjectAuditEntry = { id: newId(), at, ...entry };
  return {
    entry: full,
    item: {
      Put: {
        TableName: tableName(),
        Item: { ...keys.audit(phoneHash, at, full.id), ...full },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  };
}

async function putAudit(phoneHash: string, entry: Omit<SubjectAuditEntry, "id" | "at">): Promise<SubjectAuditEntry> {
  const { entry: written, item } = auditItem(phoneHash, entry);
  await db().send(new PutCommand(item.Put as never));
  return written;
}

// ——— Export ———

/** The export's format: `format` and `version` name it, so that a reader knows what it holds. */
export const EXPORT_FORMAT = "tieng-noi.subject-export";
export const EXPORT_VERSION = 1;

/**
 * The copy of her data she is given (JSON). Stable: a field is added, never renamed or removed, without a new
 * `version`. Times are ISO 8601 (UTC); codes as she reads them; ids of configuration (communes, categories) as
 * configured; absent fields were not given.
 */
export interface SubjectExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  generatedAt: string;
  phone: string;
  registrations: {
    event: { id: string; title?: string; startsAt?: string; endsAt?: string };
    registrationId: string;
    code: string;
    status: Registration["status"];
    fullName?: string;
    phone?: string;
    email?: string;
    gender: string;
    birthYear?: number;
    ethnicity?: string;
    role: string;
    commune: string;
    village?: string;
    needsInterpreter?: string;
    consent: { at: string; version: string; ethnicityAt?: string };
    lang: Lang;
    createdAt: string;
    promotedAt?: string;
    cancelledAt?: string;
    /** `self` (she, or her erasure) or `organiser`: which staff member is theirs, not hers. */
    cancelledBy?: "self" | "organiser";
    checkedInAt?: string;
    walkIn?: boolean;
    /** Her number is recorded for this event (a keyed hash): one registration per number. */
    phoneLock: boolean;
  }[];
  petitions: {
    trackingCode: string;
    status: string;
    title: string;
    content: string;
    category: string;
    commune: string;
    village?: string;
    petitioner: { fullName?: string; phone?: string; email?: string; gender?: string; ethnicity?: string };
    onBehalfOf?: string;
    shareIdentityWithAgency: boolean;
    consent: { at: string; version: string; ethnicityAt?: string };
    /** Entered by a Women's Union officer for her. */
    enteredByOfficer: boolean;
    lang: Lang;
    createdAt: string;
    updatedAt: string;
    answer?: { text: string; at: string };
    verdict?: { answer: string; at: string };
    /** Her own entries in its record: what she did and wrote. */
    history: { at: string; action: string; note?: string }[];
  }[];
  mails: {
    to: string;
    kind: string;
    subject: string;
    status: string;
    createdAt: string;
    sentAt?: string;
    failedAt?: string;
    /** Its text, only while it is still held (a mail not yet sent). */
    text?: string;
  }[];
  /** Her data-rights requests and the audit trail, as stored (without the table's keys). */
  requests: Record<string, unknown>[];
  audit: Record<string, unknown>[];
}

/** A stored item without the table's and the indexes' key attributes. */
function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!/^(pk|sk|gsi\d+(pk|sk)|ttl)$/.test(k)) out[k] = v;
  return out;
}

export function exportOf(data: SubjectData, at: string = nowIso()): SubjectExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    generatedAt: at,
    phone: data.phone,
    registrations: data.registrations.map(({ registration: r, event, phoneLock }) => ({
      event: { id: r.eventId, title: event?.title, startsAt: event?.startsAt, endsAt: event?.endsAt },
      registrationId: r.registrationId,
      code: displaySpokenCode(r.code),
      status: r.status,
      fullName: r.fullName,
      phone: r.phone,
      email: r.email,
      gender: r.gender,
      birthYear: r.birthYear,
      ethnicity: r.ethnicity?.name,
      role: r.role,
      commune: r.commune,
      village: r.village,
      needsInterpreter: r.needsInterpreter,
      consent: { at: r.consentAt, version: r.consentVersion, ethnicityAt: r.ethnicityConsentAt },
      lang: r.lang,
      createdAt: r.createdAt,
      promotedAt: r.promotedAt,
      cancelledAt: r.cancelledAt,
      cancelledBy: r.cancelledBy === undefined ? undefined : r.cancelledBy === "self" ? "self" : "organiser",
      checkedInAt: r.checkedInAt,
      walkIn: r.walkIn,
      phoneLock,
    })),
    petitions: data.petitions.map(({ petition: p, history }) => ({
      trackingCode: displayCode(p.trackingCode),
      status: p.status,
      title: p.title,
      content: p.content,
      category: p.category,
      commune: p.commune,
      village: p.village,
      petitioner: {
        fullName: p.petitioner.fullName,
        phone: p.petitioner.phone,
        email: p.petitioner.email,
        gender: p.petitioner.gender,
        ethnicity: p.petitioner.ethnicity?.name,
      },
      onBehalfOf: p.onBehalfOf,
      shareIdentityWithAgency: p.shareIdentityWithAgency,
      consent: { at: p.consentAt, version: p.consentVersion, ethnicityAt: p.petitioner.ethnicityConsentAt },
      enteredByOfficer: p.enteredBy !== undefined,
      lang: p.lang,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      answer: p.answer ? { text: p.answer.text, at: p.answer.at } : undefined,
      verdict: p.verdict ? { answer: p.verdict.answer, at: p.verdict.at } : undefined,
      history: history.map((e) => ({ at: e.at, action: e.action, note: e.note })),
    })),
    mails: data.mails.map((m) => ({
      to: m.to,
      kind: m.kind,
      subject: m.subject,
      status: m.status,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      failedAt: m.failedAt,
      text: m.text,
    })),
    requests: data.requests.map(withoutKeys),
    audit: data.audit.map(withoutKeys),
  };
}

type SummaryText = (typeof subjectSummaryText)[Lang];
type Field = keyof SummaryText["fields"];

/** The fields of `item` that are held, by name. */
function heldFields(t: SummaryText, item: Record<string, unknown>, fields: readonly Field[]): string {
  return fields
    .filter((f) => item[f] !== undefined && item[f] !== "")
    .map((f) => t.fields[f])
    .join(", ");
}

/** What is held, as she reads it, in one language. */
export function summaryOf(data: SubjectData, lang: Lang, at: string = nowIso()): string {
  const t = subjectSummaryText[lang];
  const lines: string[] = [
    t.heading({ phone: formatVietnamMobile(data.phone), day: formatDay(vietnamDay(new Date(at)), lang) }),
  ];
  // Her requests and their audit trail outlive an erasure (they hold none of her data): said after "nothing".
  if (!holdsAnything(data)) lines.push("", t.nothing);
  if (data.registrations.length > 0) {
    lines.push("", t.registrations({ n: data.registrations.length }));
    for (const { registration: r, event, phoneLock } of data.registrations) {
      lines.push(
        t.registration({
          event: event?.title ?? r.eventId,
          when: event ? formatSpan(event.startsAt, event.endsAt, lang) : "",
          status: t.registrationStatuses[r.status],
          code: displaySpokenCode(r.code),
        }),
        t.held({
          fields: heldFields(t, r as unknown as Record<string, unknown>, [
            "fullName",
            "phone",
            "email",
            "gender",
            "birthYear",
            "ethnicity",
            "role",
            "commune",
            "village",
            "needsInterpreter",
          ]),
        }),
        t.consent({ at: formatDateTime(r.consentAt, lang) }),
      );
      if (r.ethnicityConsentAt) lines.push(t.ethnicityConsent({ at: formatDateTime(r.ethnicityConsentAt, lang) }));
      if (phoneLock) lines.push(t.phoneLock);
    }
  }
  if (data.petitions.length > 0) {
    lines.push("", t.petitions({ n: data.petitions.length }));
    for (const { petition: p, history } of data.petitions) {
      lines.push(
        t.petition({
          code: displayCode(p.trackingCode),
          day: formatDay(vietnamDay(new Date(p.createdAt)), lang),
          title: p.title,
          status: stateText[lang][p.status],
        }),
        t.held({
          fields: [
            heldFields(t, p.petitioner as unknown as Record<string, unknown>, [
              "fullName",
              "phone",
              "email",
              "gender",
              "ethnicity",
            ]),
            heldFields(t, p as unknown as Record<string, unknown>, [
              "commune",
              "village",
              "onBehalfOf",
              "title",
              "content",
            ]),
          ]
            .filter(Boolean)
            .join(", "),
        }),
        t.consent({ at: formatDateTime(p.consentAt, lang) }),
      );
      if (p.petitioner.ethnicityConsentAt) {
        lines.push(t.ethnicityConsent({ at: formatDateTime(p.petitioner.ethnicityConsentAt, lang) }));
      }
      if (history.length > 0) lines.push(t.herWords({ n: history.length }));
    }
  }
  if (data.mails.length > 0) {
    lines.push("", t.mails({ n: data.mails.length }));
    for (const m of data.mails) {
      const status = (t.mailStatuses as Record<string, string>)[m.status] ?? m.status;
      lines.push(t.mail({ at: formatDateTime(m.createdAt, lang), subject: m.subject, status }));
      if (m.text !== undefined) lines.push(t.bodyHeld);
    }
  }
  if (data.requests.length + data.audit.length > 0) lines.push("");
  if (data.requests.length > 0) lines.push(t.requests({ n: data.requests.length }));
  if (data.audit.length > 0) lines.push(t.audit({ n: data.audit.length }));
  lines.push("", t.notListed);
  return lines.join("\n");
}

export interface ExportOptions {
  /** Who asked for it (the audit names them): `ops:<name>`, `self`… */
  by: string;
  requestId?: string;
}

export interface SubjectCopy {
  json: SubjectExport;
  /** The plain-text summary, Vietnamese first, then English. */
  text: string;
  audit: SubjectAuditEntry;
}

/** Her copy of her data: the JSON, its summary in both languages, and the audit entry that records it. */
export async function exportSubject(phone: string, options: ExportOptions): Promise<SubjectCopy> {
  const data = await gather(phone, true);
  const at = nowIso();
  const json = exportOf(data, at);
  const audit = await putAudit(data.phoneHash, {
    kind: "copy",
    event: holdsAnything(data) ? "exported" : "nothing-found",
    by: options.by,
    ...(options.requestId ? { requestId: options.requestId } : {}),
    counts: {
      registrations: json.registrations.length,
      petitions: json.petitions.length,
      mails: json.mails.length,
      requests: json.requests.length,
    },
  });
  log.info("subject exported", { registrations: json.registrations.length, petitions: json.petitions.length });
  return { json, text: `${summaryOf(data, "vi", at)}\n\n${summaryOf(data, "en", at)}`, audit };
}

// ——— Erasure of one registration, one petition (also retention's) ———

/** `REMOVE` of these attributes (paths, dotted for nested ones), with names standing in for every part. */
function removing(paths: readonly string[]): { expression: string; names: Record<string, string> } {
  const names: Record<string, string> = {};
  const parts = paths.map((path) =>
    path
      .split(".")
      .map((part) => {
        const name = `#${part.replace(/[^A-Za-z0-9_]/g, "_")}`;
        names[name] = part;
        return name;
      })
      .join("."),
  );
  return { expression: parts.join(", "), names };
}

/**
 * A registration's personal data removed (and its index keys), with its phone lock when she still holds one. An
 * update, so that nothing else on the item (a promotion, a check-in) is overwritten; only once (`erasedAt`).
 */
function registrationErasure(
  r: StoredRegistration,
  at: string,
  withLock: boolean,
): Record<string, TransactItem | undefined> {
  const remove = removing([...REGISTRATION_PERSONAL, ...keys.subjectIndexAttributes]);
  return {
    registration: {
      Update: {
        TableName: tableName(),
        Key: keys.registration(r.eventId, r.registrationId),
        UpdateExpression: `SET erasedAt = :at REMOVE ${remove.expression}`,
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(erasedAt)",
        ExpressionAttributeNames: remove.names,
        ExpressionAttributeValues: { ":at": at },
      },
    },
    // Hers only: a number that cancelled and registered again holds a lock for its newer registration.
    lock: withLock
      ? {
          Delete: {
            TableName: tableName(),
            Key: keys.phoneLock(r.eventId, lockHash(r.eventId, r.phone)),
            ConditionExpression: "attribute_not_exists(pk) OR registrationId = :id",
            ExpressionAttributeValues: { ":id": r.registrationId },
          },
        }
      : undefined,
  };
}

/**
 * A registration still to come is cancelled as she would cancel it, without a mail (the notice says so); her seat
 * goes to the waitlist. Returns whether it was cancelled now.
 */
async function cancelIfToCome(r: StoredRegistration, event: EventRecord | undefined, baseUrl: string) {
  if (r.status === "cancelled" || !event || now().getTime() >= Date.parse(event.startsAt)) return false;
  try {
    await cancelRegistration(r.eventId, r.registrationId, { by: "self", baseUrl, notify: false });
  } catch (error) {
    // Cancelled meanwhile, or the event began meanwhile: it stays as it is, anonymous.
    if (error instanceof AppError && (error.type === "already-cancelled" || error.type === "registration-past")) {
      return false;
    }
    throw error;
  }
  await afterwards("fill", r.eventId, () => fillFreeSeats(r.eventId, baseUrl));
  return true;
}

export interface RegistrationErasure {
  /** Its personal data was removed now (false: already gone, or no such registration). */
  erased: boolean;
  /** It was for an event still to come, and cancelled first. */
  cancelled: boolean;
}

const baseUrlOf = (given?: string) => (given ?? process.env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "");

/**
 * A registration as already read (retention reads an ended event's whole partition): its personal data removed, after
 * cancelling it when `event` is still to come.
 */
export async function eraseStoredRegistration(
  r: StoredRegistration,
  event: EventRecord | undefined,
  baseUrl: string = baseUrlOf(),
): Promise<RegistrationErasure> {
  const cancelled = await cancelIfToCome(r, event, baseUrl);
  // A cancellation deleted its lock; a registration cancelled before may see its number hold a newer one's.
  let withLock = !cancelled && r.status !== "cancelled";
  const erased = await write<boolean>({
    build: () => ({ items: registrationErasure(r, nowIso(), withLock), answer: true }),
    cancelled: (failed) => {
      // Erased meanwhile (another erasure, retention): nothing left to do.
      if (failed("registration")) return { answer: false };
      withLock = false;
      return failed("lock") ? "again" : "fail";
    },
    attempts: 2,
  });
  return { erased, cancelled };
}

/**
 * One registration's personal data removed (her erasure, retention). One for an event still to come is cancelled
 * first (her seat goes to the waitlist; `baseUrl` for the mail of whoever gets it, default `PUBLIC_BASE_URL`).
 */
export async function eraseRegistrationPersonalData(
  eventId: string,
  registrationId: string,
  options: { baseUrl?: string } = {},
): Promise<RegistrationErasure> {
  await secretReady();
  const r = (await getRegistration(eventId, registrationId)) as StoredRegistration | undefined;
  if (!r || r.erasedAt !== undefined) return { erased: false, cancelled: false };
  const event = r.status === "cancelled" ? undefined : await getEvent(eventId, true);
  const done = await eraseStoredRegistration(r, event, baseUrlOf(options.baseUrl));
  log.info("registration personal data erased", { eventId, registrationId, cancelled: done.cancelled });
  return done;
}

const [ALARM_PK, ALARM_SK] = keys.alarmsIndexAttributes as readonly [string, string];
/** The purge partition's name, as the keys build it (an ended petition waiting for its data to go). */
const PURGE_PARTITION = (keys.purgeIndex("", "") as Record<string, string>)[ALARM_PK];

/**
 * A petition's personal data removed (and its by-subject keys), once; an ended one also leaves the purge partition
 * (nothing left to purge). The version is bumped and conditioned: a transition that read her data cannot put it
 * back. Undefined when there is nothing to do.
 */
function petitionErasure(p: StoredPetition, at: string): TransactItem | undefined {
  const inPurge = p[ALARM_PK] === PURGE_PARTITION;
  if (p.erasedAt !== undefined && !inPurge) return undefined;
  const paths = [
    ...(p.erasedAt === undefined
      ? [...PETITIONER_PERSONAL.map((f) => `petitioner.${f}`), ...PETITION_PERSONAL, ...keys.subjectIndexAttributes]
      : []),
    ...(inPurge ? [ALARM_PK, ALARM_SK] : []),
  ];
  const remove = removing(paths);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.petition(p.trackingCode),
      UpdateExpression: `SET ${p.erasedAt === undefined ? "erasedAt = :at, " : ""}version = :next REMOVE ${remove.expression}`,
      ConditionExpression: "version = :v",
      ExpressionAttributeNames: remove.names,
      ExpressionAttributeValues: {
        ...(p.erasedAt === undefined ? { ":at": at } : {}),
        ":next": p.version + 1,
        ":v": p.version,
      },
    },
  };
}

export interface PetitionErasure {
  /** Its personal data was removed now. */
  erased: boolean;
  /** It left the purge partition (retention found it due). */
  purged: boolean;
}

const PETITION_ATTEMPTS = 10;

/** One petition's personal data removed (her erasure; retention, months after it ended). Idempotent. */
export async function erasePetitionPersonalData(trackingCode: string): Promise<PetitionErasure> {
  for (let attempt = 0; attempt < PETITION_ATTEMPTS; attempt++) {
    const p = (await getPetition(trackingCode)) as StoredPetition | undefined;
    const item = p && petitionErasure(p, nowIso());
    if (!p || !item?.Update) return { erased: false, purged: false };
    try {
      // Alone, a conditional update (a transition's transaction may hold the item for a moment: wait it out).
      await writeThroughConflicts(() => db().send(new UpdateCommand(item.Update as never)));
      log.info("petition personal data erased", { petition: logRef(trackingCode), erased: p.erasedAt === undefined });
      return { erased: p.erasedAt === undefined, purged: p[ALARM_PK] === PURGE_PARTITION };
    } catch (error) {
      // Someone acted between the read and the update: read it again.
      if (!conditionFailed(error)) throw error;
      await backoff(attempt);
    }
  }
  throw serviceUnavailable();
}

// ——— Her erasure ———

export interface EraseOptions {
  /** Who runs it (the audit names them): `ops:<name>`, `self`, an officer's unit… never her data. */
  by: string;
  /** Her data-rights request, when it answers one (shared/rights/requests.ts). */
  requestId?: string;
  /** The API's address, for the mail of whoever a cancelled seat goes to (default `PUBLIC_BASE_URL`). */
  baseUrl?: string;
}

export type ErasureCounts = {
  /** Registrations whose personal data was removed; of them, those cancelled first (an event still to come). */
  registrations: number;
  cancelled: number;
  /** Her phone locks deleted. */
  phoneLocks: number;
  petitions: number;
  /** Mails to her addresses deleted; mails being sent at that moment, left to the notifier and their TTL. */
  mails: number;
  mailsInFlight: number;
  /** Link tokens deleted (those still named by a mail not yet sent). */
  links: number;
  /** Her addresses' "answered" marks and mail-health items deleted. */
  addressMarks: number;
  /** Notices sent (one per address she gave). */
  notices: number;
};

export interface ErasureResult {
  /** False when nothing was held about the number: nothing was changed (the audit records the run). */
  found: boolean;
  counts: ErasureCounts;
  /** The audit entry that records its completion (or that nothing was found). */
  audit: SubjectAuditEntry;
}

const zero = (): ErasureCounts => ({
  registrations: 0,
  cancelled: 0,
  phoneLocks: 0,
  petitions: 0,
  mails: 0,
  mailsInFlight: 0,
  links: 0,
  addressMarks: 0,
  notices: 0,
});

const MAIL_ATTEMPTS = 20;

/**
 * A mail to her deleted, with the links its body still names (a mail not yet sent). One being sent at this moment is
 * waited for: deleting it under the notifier would leave a stray record of its sending.
 */
async function deleteMail(key: Key, counts: ErasureCounts): Promise<void> {
  for (let attempt = 0; attempt < MAIL_ATTEMPTS; attempt++) {
    try {
      const out = await db().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: { pk: key.pk, sk: key.sk },
          ConditionExpression: "attribute_not_exists(pk) OR #status <> :sending",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":sending": "sending" },
          ReturnValues: "ALL_OLD",
        }),
      );
      const gone = out.Attributes as MailRecord | undefined;
      if (!gone) return;
      counts.mails++;
      for (const id of gone.links ?? []) {
        if (await deleted(keys.token(sha256(tokenOf(id))))) counts.links++;
      }
      return;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      await backoff(attempt);
    }
  }
  counts.mailsInFlight++;
}

/** Delete an item; whether it was there. */
async function deleted(key: Key): Promise<boolean> {
  const out = await db().send(new DeleteCommand({ TableName: tableName(), Key: key, ReturnValues: "ALL_OLD" }));
  return out.Attributes !== undefined;
}

/** Her address's marks: that she answered from it (receipts may carry her words), and what SES said of it. */
async function forgetAddress(address: string, counts: ErasureCounts): Promise<void> {
  const hash = keyedHash("email", address);
  for (const key of [keys.address(hash), keys.mailHealth(hash)]) if (await deleted(key)) counts.addressMarks++;
}

/** The notice: what was erased, what was kept and why, and that this is the last mail. */
function erasureNotice(to: string, lang: Lang, c: ErasureCounts, at: string, requestId?: string): OutgoingMail {
  const t = erasureMailText[lang];
  const lines = [
    t.lead({ day: formatDay(vietnamDay(new Date(at)), lang) }),
    t.counts({ registrations: c.registrations, petitions: c.petitions }),
    c.cancelled > 0 ? t.cancelled({ n: c.cancelled }) : undefined,
    c.petitions > 0 ? t.kept : undefined,
    requestId ? t.reference({ ref: requestId }) : undefined,
    t.last({ days: NOTICE_DAYS }),
  ].filter((l): l is string => l !== undefined);
  return {
    to,
    subject: t.subject,
    html: mailHtml(lang, t.subject, html`${lines.map((l) => html`<p>${l}</p>`)}`),
    text: mailText(lines),
    kind: NOTICE_KIND,
  };
}

type Holder =
  | { kind: "registration"; registration: StoredRegistration; event?: EventRecord; phoneLock: boolean }
  | { kind: "petition"; petition: StoredPetition };

/**
 * Everything held about her, erased; she is told at every address she gave. In order: the audit's start; the mails
 * to her and their links (found by her addresses, so before the last address goes); her addresses' marks; every
 * registration (cancelled first when still to come) and petition but the newest one holding an address; then, in one
 * transaction, that one, the notices and the audit's completion; last, any mail written to her meanwhile (a
 * transition that committed just before its petition's erasure). Run again, it finds nothing, changes nothing, and
 * says so (the audit records that run too).
 */
export async function eraseSubject(phone: string, options: EraseOptions): Promise<ErasureResult> {
  const data = await gather(phone, false);
  const counts = zero();
  const base = { by: options.by, ...(options.requestId ? { requestId: options.requestId } : {}) };
  if (!holdsAnything(data)) {
    const audit = await putAudit(data.phoneHash, { kind: "erase", event: "nothing-found", ...base, counts });
    log.info("subject erasure: nothing held");
    return { found: false, counts, audit };
  }
  await putAudit(data.phoneHash, {
    kind: "erase",
    event: "erasure-started",
    ...base,
    counts: { registrations: data.registrations.length, petitions: data.petitions.length, mails: data.mails.length },
  });
  const baseUrl = baseUrlOf(options.baseUrl);

  for (const mail of data.mails) await deleteMail(mail, counts);
  for (const address of data.addresses) await forgetAddress(address, counts);

  const holders: Holder[] = [
    ...data.registrations.map((r) => ({ kind: "registration" as const, ...r })),
    ...data.petitions.map(({ petition }) => ({ kind: "petition" as const, petition })),
  ];
  const emailOf = (h: Holder) => (h.kind === "registration" ? h.registration.email : h.petition.petitioner.email);
  const createdOf = (h: Holder) => (h.kind === "registration" ? h.registration.createdAt : h.petition.createdAt);
  const last = holders
    .filter((h) => emailOf(h) !== undefined)
    .sort((a, b) => createdOf(a).localeCompare(createdOf(b)))
    .at(-1);
  for (const h of holders) {
    if (h === last) continue;
    if (h.kind === "registration") await eraseHeldRegistration(h, baseUrl, counts);
    else if ((await erasePetitionPersonalData(h.petition.trackingCode)).erased) counts.petitions++;
  }

  const audit = await finish(data, last, options, baseUrl, counts);

  // A mail written to her while this ran (its change committed before the item it came from was erased), and one
  // that was being sent a moment ago: the index still holds both.
  const late = await mailsTo(data.addresses);
  if (late.length > 0) {
    const before = counts.mails;
    counts.mailsInFlight = 0;
    for (const mail of late) await deleteMail(mail, counts);
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.audit(data.phoneHash, audit.at, audit.id),
        UpdateExpression: "SET #counts.#mails = :mails, #counts.#inFlight = :inFlight",
        ExpressionAttributeNames: { "#counts": "counts", "#mails": "mails", "#inFlight": "mailsInFlight" },
        ExpressionAttributeValues: { ":mails": counts.mails, ":inFlight": counts.mailsInFlight },
      }),
    );
    log.info("subject erasure: late mails deleted", { n: counts.mails - before });
  }
  log.info("subject erased", { ...counts });
  return { found: true, counts, audit: { ...audit, counts: { ...counts } } };
}

async function eraseHeldRegistration(
  h: Extract<Holder, { kind: "registration" }>,
  baseUrl: string,
  counts: ErasureCounts,
): Promise<void> {
  const done = await eraseStoredRegistration(h.registration, h.event, baseUrl);
  if (done.erased) counts.registrations++;
  if (done.cancelled) counts.cancelled++;
  if (h.phoneLock) counts.phoneLocks++;
}

/**
 * The last item holding an address, erased with the notices and the audit's completion in one transaction: cut short
 * before it, a second run still finds that item, and so her address, and tells her.
 */
async function finish(
  data: SubjectData,
  last: Holder | undefined,
  options: EraseOptions,
  baseUrl: string,
  counts: ErasureCounts,
): Promise<SubjectAuditEntry> {
  let registration: StoredRegistration | undefined;
  let petition: StoredPetition | undefined;
  let withLock = false;
  if (last?.kind === "registration") {
    // A registration still to come is cancelled first, on its own (the seat is the event counter's business).
    const cancelled = await cancelIfToCome(last.registration, last.event, baseUrl);
    if (cancelled) counts.cancelled++;
    registration = last.registration;
    withLock = !cancelled && last.registration.status !== "cancelled";
    if (last.phoneLock) counts.phoneLocks++;
  } else if (last?.kind === "petition") {
    petition = last.petition;
  }
  const lang: Lang = last?.kind === "registration" ? last.registration.lang : (last?.petition.lang ?? "vi");
  const at = nowIso();
  const done = await write<{ audit: SubjectAuditEntry; counts: ErasureCounts }>({
    build: async (attempt) => {
      // Again after its condition failed: a transition moved the petition on (read it anew), or another erasure
      // took the registration (nothing of it left to do).
      if (attempt > 0 && petition) petition = (await getPetition(petition.trackingCode)) as StoredPetition | undefined;
      const petitionItem = petition && petitionErasure(petition, at);
      const now: ErasureCounts = {
        ...counts,
        registrations: counts.registrations + (registration ? 1 : 0),
        petitions: counts.petitions + (petitionItem && petition?.erasedAt === undefined ? 1 : 0),
        notices: data.addresses.length,
      };
      const notices = data.addresses.map((to) =>
        mailItem(erasureNotice(to, lang, now, at, options.requestId), [], { indexed: false, keepDays: NOTICE_DAYS }),
      );
      const audit = auditItem(data.phoneHash, {
        kind: "erase",
        event: "erased",
        by: options.by,
        ...(options.requestId ? { requestId: options.requestId } : {}),
        counts: { ...now },
      });
      return {
        items: {
          ...(registration ? registrationErasure(registration, at, withLock) : {}),
          petition: petitionItem,
          notices,
          audit: audit.item,
        },
        answer: { audit: audit.entry, counts: now },
      };
    },
    cancelled: (failed) => {
      if (failed("registration")) registration = undefined;
      if (failed("lock")) withLock = false;
      return failed("registration") || failed("lock") || failed("petition") ? "again" : "fail";
    },
    attempts: PETITION_ATTEMPTS,
  });
  Object.assign(counts, done.counts);
  return done.audit;
}
