import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import type { ConfigHelpers } from "../config/config.ts";
import { personName } from "../config/person.ts";
import { type Loaded, loadConfig } from "../config/store.ts";
import { type EventRecord, getEvent } from "../events/model.ts";
import { type Key, keys, queries } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { myDataText } from "../messages/rights.ts";
import { TOKEN_KINDS } from "../petitions/notify.ts";
import { getPetition, type Petition } from "../petitions/petition.ts";
import { officerByToken } from "../petitions/service.ts";
import { receiptCountItem } from "../platform/addresses.ts";
import { nowIso } from "../platform/clock.ts";
import { db, queryAll, type TransactItem, tableName } from "../platform/dynamo.ts";
import { AppError, ValidationError } from "../platform/errors.ts";
import type { Lang } from "../platform/i18n.ts";
import { mailItem } from "../platform/outbox.ts";
import { keyedHash, secretReady } from "../platform/secret.ts";
import { holderGone, requireToken, type TokenRecord, unknownLink } from "../platform/tokens.ts";
import {
  blankOr,
  checkbox,
  mobilePhone,
  oneOf,
  optionalEmail,
  paragraph,
  parseOrThrow,
} from "../platform/validation.ts";
import { write } from "../platform/write.ts";
import type { Registration } from "../registration/model.ts";
import { emailChangedMail, receiptMail } from "./mails.ts";
import {
  acknowledgeRequest,
  completeByKey,
  getRequest,
  isOpen,
  logRecorded,
  newRequestItems,
  REQUEST_KINDS,
  type Recorded,
  type RequestKind,
  RIGHTS_TOKEN_KIND,
  type RightsRequest,
  requestsOf,
  type Source,
} from "./requests.ts";

/**
 * "My data" (`/me/{token}`): the link decides whose page it is. Her own links — a registration's, a petition's —
 * show what is held about her from that item and take her requests; a union staff member's link for one request
 * (kind `rights-request`, from the unit's mail) shows the request and who asks, and records its acknowledgement and
 * completion. An officer's intake link records a request for a woman at her side (`/o/{token}/data-requests`).
 *
 * What applies at once applies to the item her link is for, in one transaction with its request: a correction of
 * her name or e-mail (conditioned on what she was shown: a petition on its version, which every transition replaces
 * it under, and which this bumps so that no transition read before it can write the old name back), a withdrawal of
 * her consent to record her ethnicity (the group and the consent's timestamp go together). A copy, an erasure and a
 * phone number's correction are requests the commune union carries out (`npm run subject`).
 */

/** A registration's link is of this kind (shared/registration/registration.ts issues it). */
const REGISTRATION_LINK = "registration";

/** The item her link is for. */
export type Held =
  | { from: "registration"; registration: Registration; event?: EventRecord }
  | { from: "petition"; petition: Petition };

/** What is held about her in one item, whichever it is. */
export interface Facts {
  fullName?: string;
  phone?: string;
  email?: string;
  gender?: string;
  birthYear?: number;
  ethnicity?: { code: string; name: string };
  ethnicityConsentAt?: string;
  consentAt?: string;
  consentVersion?: string;
  commune: string;
  village?: string;
  role?: string;
  needsInterpreter?: string;
  onBehalfOf?: string;
  lang: Lang;
}

export function factsOf(held: Held): Facts {
  if (held.from === "registration") {
    const r = held.registration;
    return {
      fullName: r.fullName,
      phone: r.phone,
      email: r.email,
      gender: r.gender,
      birthYear: r.birthYear,
      ethnicity: r.ethnicity,
      ethnicityConsentAt: r.ethnicityConsentAt,
      consentAt: r.consentAt,
      consentVersion: r.consentVersion,
      commune: r.commune,
      village: r.village,
      role: r.role,
      needsInterpreter: r.needsInterpreter,
      lang: r.lang,
    };
  }
  const p = held.petition;
  return {
    fullName: p.petitioner?.fullName,
    phone: p.petitioner?.phone,
    email: p.petitioner?.email,
    gender: p.petitioner?.gender,
    ethnicity: p.petitioner?.ethnicity,
    ethnicityConsentAt: p.petitioner?.ethnicityConsentAt,
    consentAt: p.consentAt,
    consentVersion: p.consentVersion,
    commune: p.commune,
    village: p.village,
    onBehalfOf: p.onBehalfOf,
    lang: p.lang,
  };
}

/** Her page: the item, and her requests (all of them, by her phone). Without a phone, nothing of hers is held. */
export interface HerView {
  held: Held;
  facts: Facts;
  requests: RightsRequest[];
  loaded: Loaded;
}

/** One of her items as the union's page shows it. */
export interface HerItem {
  facts: Facts;
  /** The event's title or the petition's: what the item is. */
  what: string;
}

/** The union's page for one request. */
export interface UnitView {
  request: RightsRequest;
  email: string;
  unitId: string;
  items: HerItem[];
  loaded: Loaded;
}

export type MeView = { who: "her"; view: HerView } | { who: "unit"; view: UnitView };

async function getRegistration(eventId: string, registrationId: string): Promise<Registration | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.registration(eventId, registrationId), ConsistentRead: true }),
  );
  return out.Item as Registration | undefined;
}

async function heldBy(record: TokenRecord): Promise<Held> {
  if (record.kind === REGISTRATION_LINK) {
    const { eventId = "", registrationId = "" } = record.subject;
    const [registration, event] = await Promise.all([getRegistration(eventId, registrationId), getEvent(eventId)]);
    if (!registration) throw unknownLink();
    return { from: "registration", registration, ...(event ? { event } : {}) };
  }
  const petition = await getPetition(record.subject.trackingCode ?? "");
  if (!petition) throw unknownLink();
  return { from: "petition", petition };
}

const sourceOf = (held: Held): Source =>
  held.from === "registration"
    ? { eventId: held.registration.eventId, registrationId: held.registration.registrationId }
    : { trackingCode: held.petition.trackingCode };

const whatOf = (held: Held): string =>
  held.from === "registration" ? (held.event?.title ?? held.registration.eventId) : held.petition.title;

const phoneHashOf = (facts: Facts) => (facts.phone ? keyedHash("phone", facts.phone) : undefined);

/** The union unit her request goes to: her commune's union (the one that screens her petitions). */
function unitFor(held: Held, helpers: ConfigHelpers): string {
  const commune = held.from === "registration" ? held.registration.commune : held.petition.commune;
  const unit = helpers.screeningUnit(commune)?.id;
  if (unit) return unit;
  if (held.from === "petition") return held.petition.routing.screeningUnit;
  throw new Error(`no union unit screens the commune ${commune}`);
}

async function herView(record: TokenRecord, loaded: Loaded): Promise<HerView> {
  const held = await heldBy(record);
  const facts = factsOf(held);
  const hash = phoneHashOf(facts);
  return { held, facts, requests: hash ? await requestsOf(hash) : [], loaded };
}

/** Her most recent items holding her phone (the by-subject index, newest first), read whole. */
async function latestItems(phoneHash: string, max: number): Promise<Held[]> {
  const found = await queryAll<Key>({ ...queries.itemsOfSubject(phoneHash), ScanIndexForward: false, Limit: max }, max);
  const items = await Promise.all(
    found.map(async (k) => {
      const out = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: k.pk, sk: k.sk } }));
      return out.Item as (Registration | Petition) | undefined;
    }),
  );
  return items.flatMap((item): Held[] => {
    if (!item) return [];
    if ("trackingCode" in item && "petitioner" in item) return [{ from: "petition", petition: item }];
    if ("registrationId" in item) return [{ from: "registration", registration: item as Registration }];
    return [];
  });
}

/** What the union's page shows of her: the item she asked from, or (an officer's request) her latest items. */
async function itemsFor(r: RightsRequest, helpers: ConfigHelpers): Promise<HerItem[]> {
  let held: Held[] = [];
  const s = r.source;
  if (s && "trackingCode" in s) {
    const petition = await getPetition(s.trackingCode, false);
    held = petition ? [{ from: "petition", petition }] : [];
  } else if (s) {
    const [registration, event] = await Promise.all([
      getRegistration(s.eventId, s.registrationId),
      getEvent(s.eventId),
    ]);
    held = registration ? [{ from: "registration", registration, ...(event ? { event } : {}) }] : [];
  } else {
    // A request an officer recorded by phone: only her items of the communes this unit screens are its to see.
    held = (await latestItems(r.phoneHash, 5)).filter(
      (h) => helpers.screeningUnit(factsOf(h).commune)?.id === r.unitId,
    );
  }
  return held.map((h) => ({ facts: factsOf(h), what: whatOf(h) })).filter((i) => i.facts.phone !== undefined);
}

async function unitView(record: TokenRecord, loaded: Loaded): Promise<UnitView> {
  const { pk = "", sk = "", unitId = "", email = "" } = record.subject;
  const unit = loaded.helpers.unit(unitId);
  // A staff link works while its holder is on the unit's staff in the configuration as it is now.
  if (!unit?.staff.some((s) => s.email === email)) throw holderGone(unit?.name ?? unitId);
  const request = await getRequest({ pk, sk });
  if (!request) throw unknownLink();
  return { request, email, unitId, items: await itemsFor(request, loaded.helpers), loaded };
}

async function resolve(token: string): Promise<{ record: TokenRecord; loaded: Loaded }> {
  await secretReady();
  const [record, loaded] = await Promise.all([
    requireToken(token, REGISTRATION_LINK, TOKEN_KINDS.petitioner, RIGHTS_TOKEN_KIND),
    loadConfig(),
  ]);
  return { record, loaded };
}

/** GET /me/{token}: whose page the link opens. Reading changes nothing (mail scanners open links). */
export async function viewMe(token: string): Promise<MeView> {
  const { record, loaded } = await resolve(token);
  if (record.kind === RIGHTS_TOKEN_KIND) return { who: "unit", view: await unitView(record, loaded) };
  return { who: "her", view: await herView(record, loaded) };
}

/** The correction form: the registration and petition forms' own rules for a name and an address. */
export const correctionSchema = z.object({ fullName: personName, email: optionalEmail });
export const erasureSchema = z.object({ confirm: checkbox });
/** What an officer records for a woman at her side. */
export const officerRequestSchema = z.object({
  phone: mobilePhone,
  kind: oneOf(REQUEST_KINDS),
  note: blankOr(paragraph(500)),
});

const noAction = () => new AppError(400, "no-action", both(myDataText, "noAction"), both(myDataText, "noActionDetail"));

export type Notice = "nothingChanged" | "changedMeanwhile" | "noEthnicity" | "erased";

export type HerOutcome =
  | { outcome: "done"; request: RightsRequest; mailed: boolean; held: Held }
  | { outcome: "received"; request: RightsRequest; mailed: boolean; held: Held }
  | { outcome: "already"; request: RightsRequest; held: Held }
  | { outcome: "notice"; notice: Notice; view: HerView };

export type UnitOutcome = { action: "acknowledge" | "complete"; recorded: Recorded; view: UnitView };

export type MeOutcome = { who: "her"; result: HerOutcome } | { who: "unit"; result: UnitOutcome };

/** POST /me/{token}: her button, or the union's. */
export async function actOnMe(token: string, body: unknown, baseUrl: string): Promise<MeOutcome> {
  const { record, loaded } = await resolve(token);
  const action = (body as { action?: unknown } | undefined)?.action;
  if (record.kind === RIGHTS_TOKEN_KIND) {
    if (action !== "acknowledge" && action !== "complete") throw noAction();
    const view = await unitView(record, loaded);
    const key = { pk: record.subject.pk ?? "", sk: record.subject.sk ?? "" };
    const recorded =
      action === "acknowledge" ? await acknowledgeRequest(key, view.email) : await completeByKey(key, view.email);
    return { who: "unit", result: { action, recorded, view: { ...view, request: recorded.request } } };
  }
  if (!(REQUEST_KINDS as readonly unknown[]).includes(action)) throw noAction();
  return { who: "her", result: await actAsHer(record, action as RequestKind, body, loaded, baseUrl) };
}

/** The transaction item of a change applied to her item at once. */
type Change = { item: TransactItem; fields: string[] };

function correctionChange(held: Held, facts: Facts, fullName: string, email: string | undefined, at: string): Change {
  const fields = [
    ...(fullName !== facts.fullName ? ["fullName"] : []),
    ...((email ?? "") !== (facts.email ?? "") ? ["email"] : []),
  ];
  if (held.from === "registration") {
    const r = held.registration;
    return {
      fields,
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.registration(r.eventId, r.registrationId),
          UpdateExpression: `SET fullName = :name, updatedAt = :at${email ? ", email = :email" : " REMOVE email"}`,
          // Only over what she was shown: a correction made meanwhile (another tab, another device) is not overwritten.
          ConditionExpression: `fullName = :was${r.email ? " AND email = :wasEmail" : " AND attribute_not_exists(email)"}`,
          ExpressionAttributeValues: {
            ":name": fullName,
            ":at": at,
            ":was": r.fullName,
            ...(email ? { ":email": email } : {}),
            ...(r.email ? { ":wasEmail": r.email } : {}),
          },
        },
      },
    };
  }
  const p = held.petition;
  return {
    fields,
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.petition(p.trackingCode),
        UpdateExpression: `SET petitioner.fullName = :name, version = :next, updatedAt = :at${email ? ", petitioner.email = :email" : " REMOVE petitioner.email"}`,
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: {
          ":name": fullName,
          ":at": at,
          ":v": p.version,
          ":next": p.version + 1,
          ...(email ? { ":email": email } : {}),
        },
      },
    },
  };
}

/** Her ethnicity and the evidence of her consent to it, erased together from her item. */
function withdrawalChange(held: Held, at: string): Change {
  const fields = ["ethnicity", "ethnicityConsentAt"];
  if (held.from === "registration") {
    const r = held.registration;
    return {
      fields,
      item: {
        Update: {
          TableName: tableName(),
          Key: keys.registration(r.eventId, r.registrationId),
          UpdateExpression: "REMOVE ethnicity, ethnicityConsentAt SET updatedAt = :at",
          ConditionExpression: "attribute_exists(ethnicity) OR attribute_exists(ethnicityConsentAt)",
          ExpressionAttributeValues: { ":at": at },
        },
      },
    };
  }
  const p = held.petition;
  return {
    fields,
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.petition(p.trackingCode),
        UpdateExpression:
          "REMOVE petitioner.ethnicity, petitioner.ethnicityConsentAt SET version = :next, updatedAt = :at",
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":at": at, ":v": p.version, ":next": p.version + 1 },
      },
    },
  };
}

const confirmRequired = () =>
  new ValidationError([{ path: "confirm", code: "confirm_required", message: both(myDataText, "confirmRequired") }]);

async function actAsHer(
  record: TokenRecord,
  kind: RequestKind,
  body: unknown,
  loaded: Loaded,
  baseUrl: string,
): Promise<HerOutcome> {
  const view = await herView(record, loaded);
  const { held, facts } = view;
  const phoneHash = phoneHashOf(facts);
  // Nothing of hers is held here any more (erased): the page says so, and nothing is recorded.
  if (!phoneHash) return { outcome: "notice", notice: "erased", view };
  const at = nowIso();
  let change: Change | undefined;
  let newEmail = facts.email;
  if (kind === "correct") {
    const input = parseOrThrow(correctionSchema, body);
    change = correctionChange(held, facts, input.fullName, input.email, at);
    if (change.fields.length === 0) return { outcome: "notice", notice: "nothingChanged", view };
    newEmail = input.email;
  } else if (kind === "withdraw-consent") {
    if (!facts.ethnicity && !facts.ethnicityConsentAt) return { outcome: "notice", notice: "noEthnicity", view };
    change = withdrawalChange(held, at);
  } else {
    if (kind === "erase" && !parseOrThrow(erasureSchema, body).confirm) throw confirmRequired();
    // A second press (another tab, a double tap) finds the first: one request is enough.
    const open = view.requests.find((r) => r.kind === kind && isOpen(r));
    if (open) return { outcome: "already", request: open, held };
  }
  const { config, helpers } = loaded;
  const oldEmail = change?.fields.includes("email") ? facts.email : undefined;
  let receipt = newEmail !== undefined;
  let notice = oldEmail !== undefined;
  const limit = config.limits.receiptsPerAddressPerDay;
  const answer = await write<{ request?: RightsRequest; mailed: boolean }>({
    build: () => {
      const { request, items } = newRequestItems(
        {
          phoneHash,
          kind,
          ...(change ? { fields: change.fields } : {}),
          channel: { via: "link" },
          source: sourceOf(held),
          unitId: unitFor(held, helpers),
          lang: facts.lang,
          done: change !== undefined,
        },
        { config, helpers, baseUrl, at },
      );
      const to = receipt ? newEmail : undefined;
      const was = notice ? oldEmail : undefined;
      return {
        items: {
          change: change?.item,
          request: items,
          // Receipts to one address are capped a day, as every receipt is: past the cap, none goes.
          "receipt-limit": to ? receiptCountItem(to, limit, at) : undefined,
          receipt: to ? mailItem(receiptMail({ request, to })) : undefined,
          "notice-limit": was ? receiptCountItem(was, limit, at) : undefined,
          notice: was ? mailItem(emailChangedMail({ to: was, lang: facts.lang, at })) : undefined,
        },
        answer: { request, mailed: to !== undefined },
      };
    },
    cancelled: (failed) => {
      if (failed("change")) return { answer: { mailed: false } };
      if (failed("receipt-limit")) receipt = false;
      if (failed("notice-limit")) notice = false;
      return failed("receipt-limit") || failed("notice-limit") ? "again" : "fail";
    },
    attempts: 3,
  });
  const { request } = answer;
  if (!request) return { outcome: "notice", notice: "changedMeanwhile", view: await herView(record, loaded) };
  logRecorded(request);
  const after = change ? await heldBy(record) : held;
  return { outcome: change ? "done" : "received", request, mailed: answer.mailed, held: after };
}

export interface OfficerOutcome {
  outcome: "received" | "already";
  request: RightsRequest;
  unitName: string;
}

/**
 * POST /o/{token}/data-requests: an officer records a request for a woman at her side, from her intake link. The
 * unit responsible is the union of the commune of her latest item (by her phone's keyed hash), else the officer's
 * own. It is a request for the unit in every case: the officer's link serves many women, and what it records is
 * carried out by the unit that sees her items.
 */
export async function recordForOfficer(
  token: string,
  body: unknown,
  baseUrl: string,
  lang: Lang,
): Promise<OfficerOutcome> {
  const officer = await officerByToken(token);
  const { config, helpers } = await loadConfig();
  const input = parseOrThrow(officerRequestSchema, body);
  const phoneHash = keyedHash("phone", input.phone);
  const [latest] = await latestItems(phoneHash, 1);
  const unitId = (latest && helpers.screeningUnit(factsOf(latest).commune)?.id) ?? officer.unitId;
  const unitName = helpers.unit(unitId)?.name ?? unitId;
  const open = (await requestsOf(phoneHash)).find((r) => r.kind === input.kind && isOpen(r));
  if (open) return { outcome: "already", request: open, unitName: helpers.unit(open.unitId)?.name ?? open.unitId };
  const at = nowIso();
  const request = await write<RightsRequest>({
    build: () => {
      const { request, items } = newRequestItems(
        {
          phoneHash,
          kind: input.kind,
          channel: { via: "officer", email: officer.email, name: officer.name, unitId: officer.unitId },
          unitId,
          ...(input.note ? { note: input.note } : {}),
          lang,
          done: false,
        },
        { config, helpers, baseUrl, at },
      );
      return { items: { request: items }, answer: request };
    },
  });
  logRecorded(request);
  return { outcome: "received", request, unitName };
}
