import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Config, ConfigHelpers } from "../config/config.ts";
import { consentedEthnicity } from "../config/ethnic-groups.ts";
import { type Loaded, loadConfig } from "../config/store.ts";
import { getEvent } from "../events/model.ts";
import { keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { eventProblemText } from "../messages/events.ts";
import {
  actionDoneText,
  notAllowedText,
  sessionChoiceText,
  stepDoneText,
  submitProblemText,
} from "../messages/petitions.ts";
import { intakeLimitsText } from "../messages/staff-links.ts";
import { addressSeen, addressSeenItem, receiptCountItem } from "../platform/addresses.ts";
import { now, nowIso } from "../platform/clock.ts";
import { dailyCountItem } from "../platform/counters.ts";
import { db, putIf, putNew, type TransactItem, tableName } from "../platform/dynamo.ts";
import { AppError, ValidationError } from "../platform/errors.ts";
import { honeypotFilled } from "../platform/honeypot.ts";
import type { Lang } from "../platform/i18n.ts";
import { idempotencyOf, replay } from "../platform/idempotency.ts";
import { link } from "../platform/links.ts";
import { log } from "../platform/log.ts";
import { count } from "../platform/metrics.ts";
import { mailItem } from "../platform/outbox.ts";
import type { ProblemType } from "../platform/problems.ts";
import { addressHash, keyedHash, secretReady } from "../platform/secret.ts";
import { holderGone, issueToken, requireToken, type TokenRecord, unknownLink } from "../platform/tokens.ts";
import { parseOrThrow } from "../platform/validation.ts";
import { type Built, type LabelledItems, write } from "../platform/write.ts";
import { alarmAfter, alarmAttributes, overseersOf, purgeAttributes, withoutAlarm } from "./alarms.ts";
import { commitmentItems } from "./commitments.ts";
import { DEADLINE_OF, deadlineFor, stepEnded } from "./deadlines.ts";
import { officerLinkMail } from "./mails.ts";
import { notificationItems, type Receipt, TOKEN_KINDS } from "./notify.ts";
import {
  actorName,
  getHistory,
  getPetition,
  type HistoryEntry,
  type Petition,
  recipientsFor,
  routePetition,
} from "./petition.ts";
import { type PetitionInput, petitionSchema } from "./schema.ts";
import { displayCode, logRef, newTrackingCode } from "./tracking.ts";
import {
  type Action,
  actionInput,
  agencyMaySee,
  allowedActions,
  applyEffect,
  type CommitmentDraft,
  FINAL,
  isAction,
  type Role,
  startsNewStep,
  targetState,
  transitionFor,
} from "./workflow.ts";

export const CONSENT_VERSION = "2026-11-petition-v1";

const statusUrl = (displayedCode: string, base: string) =>
  link("petition-status", { trackingCode: displayedCode }, { base });

export interface SubmitAnswer {
  trackingCode: string;
  status: Petition["status"];
  statusUrl: string;
  notStored?: string[];
}

export interface SubmitOptions {
  lang: Lang;
  baseUrl: string;
  idempotencyKey?: string;
  /** A union officer entering the petition for a woman (from her personal intake link). */
  enteredBy?: Petition["enteredBy"];
  /**
   * An issue raised at a dialogue session, entered by its organiser (shared/sessions/issues.ts): no officer's daily cap
   * (the session bounds it), and how it was raised.
   */
  session?: { raisedAt: "session" | "before"; raisedBy: "woman" | "group" };
}

/**
 * At most `limit` petitions a day from one phone number, counted in the submission's own transaction. The limit
 * is per phone, not per address: a room of women sharing a venue's Wi-Fi never reaches it together.
 */
function phoneLimitItem(phone: string, limit: number, at: string): TransactItem {
  const hash = keyedHash("phone", phone);
  return dailyCountItem((day) => keys.phoneDay(hash, day), limit, at);
}

/** An officer enters at most `limit` petitions a day: her link cannot become a way around every other limit. */
function officerLimitItem(email: string, limit: number, at: string): TransactItem {
  const hash = officerKey(email);
  return dailyCountItem((day) => keys.officerDay(hash, day), limit, at);
}

/** An officer's links record: revoked (and when), or reinstated by a new link (and when). */
interface OfficerRecord {
  revoked?: boolean;
  revokedAt?: string;
  reinstatedAt?: string;
}

async function officerRecord(email: string): Promise<OfficerRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.officer(officerKey(email)) }));
  return out.Item as OfficerRecord | undefined;
}

/** An officer's items (revocation, day counter) are keyed by a keyed hash of her address, as every address is. */
const officerKey = addressHash;

type DailyLimitText = typeof submitProblemText | typeof intakeLimitsText;

/** Today's limit is reached (a phone's petitions, an officer's entries): 429, come back in an hour or tomorrow. */
const dailyLimit = (type: ProblemType, text: DailyLimitText, limit: number) =>
  new AppError(
    429,
    type,
    both(text, "tooMany"),
    both(text, (t) => t.tooManyDetail({ limit })),
    {},
    { "Retry-After": "3600" },
  );

/**
 * The session a petition names: a dialogue session of its own commune (its leaders answer there). From the public form,
 * one still to come and open (anyone may name it: the session lists it, its leaders get it beforehand); an officer
 * entering what a woman said at a session may name one that is over.
 */
async function requireSession(eventId: string, commune: string, upcoming: boolean): Promise<void> {
  const event = await getEvent(eventId);
  const refuse = (message: "noSuchEvent" | "notThisSession") =>
    new ValidationError([
      {
        path: "eventId",
        code: "invalid",
        message:
          message === "noSuchEvent" ? both(eventProblemText, "noSuchEvent") : both(sessionChoiceText, "notThisSession"),
      },
    ]);
  if (!event) throw refuse("noSuchEvent");
  const over = now().getTime() >= Date.parse(event.startsAt) || event.status !== "open";
  if (event.kind !== "dialogue" || event.area !== commune || (upcoming && over)) throw refuse("notThisSession");
}

/** Receive a petition: store it in `screening`, record its submission, and tell the screeners and the petitioner. */
export async function submitPetition(body: unknown, options: SubmitOptions): Promise<SubmitAnswer> {
  await secretReady();
  const { config, helpers } = await loadConfig();
  const idem = idempotencyOf(`petition\n${options.enteredBy?.email ?? ""}`, options.idempotencyKey, body);
  // A retry gets its first answer before anything is checked again (the configuration may have changed since).
  const first = idem && (await replay(idem));
  if (first) return first.body as unknown as SubmitAnswer;
  if (honeypotFilled(body)) {
    log.info("honeypot filled: nothing stored");
    const trackingCode = displayCode(newTrackingCode());
    return { trackingCode, status: "screening", statusUrl: statusUrl(trackingCode, options.baseUrl) };
  }
  const input = parseOrThrow(petitionSchema(config, helpers), body);
  if (input.eventId) await requireSession(input.eventId, input.commune, !options.enteredBy);
  const at = nowIso();
  const { limits } = config;
  // A receipt to an address that never answered carries fixed words only; past today's receipts to it, none goes.
  const receipt = {
    send: input.petitioner.email !== undefined,
    addressSeen: await addressSeen(input.petitioner.email),
  };
  const answer = await write({
    idempotency: idem && { idem, statusCode: 201, replay: "after-cancellation" },
    build: () => newPetition(input, options, config, helpers, at, receipt),
    cancelled: (failed) => {
      if (failed("phone-limit")) throw dailyLimit("too-many-today", submitProblemText, limits.petitionsPerPhonePerDay);
      if (failed("officer-limit")) throw dailyLimit("officer-limit", intakeLimitsText, limits.intakePerOfficerPerDay);
      if (failed("receipt-limit")) {
        receipt.send = false;
        return "again";
      }
      // Otherwise a tracking code collision (one in ~10^13): draw another.
      return "again";
    },
    attempts: 5,
  });
  log.info("petition submitted", {
    petition: logRef(answer.trackingCode),
    category: input.category,
    assisted: Boolean(options.enteredBy),
  });
  count("Petitions");
  return answer;
}

/** A new petition's items under a fresh tracking code: the petition, its first history entry, its links and mails. */
export function newPetition(
  input: PetitionInput,
  options: SubmitOptions,
  config: Config,
  helpers: ConfigHelpers,
  at: string,
  receipt: Receipt,
): Built<SubmitAnswer> & { petition: Petition } {
  const category = config.categories.find((c) => c.id === input.category);
  const ethnicity = consentedEthnicity(input.petitioner, at);
  const { ethnicityConsent: _, ...petitioner } = input.petitioner;
  const trackingCode = newTrackingCode();
  const petition: Petition = {
    trackingCode,
    status: "screening",
    version: 1,
    stepVersion: 1,
    title: input.title,
    content: input.content,
    category: input.category,
    commune: input.commune,
    village: input.village,
    petitioner: { ...petitioner, ethnicity: ethnicity.ethnicity, ethnicityConsentAt: ethnicity.ethnicityConsentAt },
    onBehalfOf: input.onBehalfOf,
    eventId: input.eventId,
    shareIdentityWithAgency: input.shareIdentityWithAgency ?? !category?.sensitive,
    lang: options.lang,
    consentAt: at,
    consentVersion: CONSENT_VERSION,
    enteredBy: options.enteredBy,
    ...(options.session ? { raisedAt: options.session.raisedAt, raisedBy: options.session.raisedBy } : {}),
    // Sent beforehand naming a session: the session's dossier and its follow-up list it (shared/sessions/).
    ...(input.eventId && !options.session ? { raisedAt: "before" as const } : {}),
    routing: routePetition(helpers, config, input.commune, input.category),
    createdAt: at,
    updatedAt: at,
    stepStartedAt: at,
  };
  const deadline = deadlineFor(config, input.category, "screening", at);
  if (deadline) petition.deadline = deadline;
  const entry: HistoryEntry = {
    version: 1,
    at,
    action: "submit",
    role: "petitioner",
    actor: options.enteredBy?.name ?? actorName("petitioner", undefined, petition, config),
    to: "screening",
  };
  return {
    petition,
    items: {
      // An officer entering petitions for many women is not held to one phone's daily limit.
      "phone-limit": options.enteredBy
        ? undefined
        : phoneLimitItem(input.petitioner.phone, config.limits.petitionsPerPhonePerDay, at),
      "officer-limit":
        options.enteredBy && !options.session
          ? officerLimitItem(options.enteredBy.email, config.limits.intakePerOfficerPerDay, at)
          : undefined,
      "receipt-limit":
        receipt.send && petition.petitioner.email
          ? receiptCountItem(petition.petitioner.email, config.limits.receiptsPerAddressPerDay, at)
          : undefined,
      petition: putNew({
        ...keys.petition(trackingCode),
        ...petition,
        ...alarmAttributes(petition, alarmAfter(petition, config)),
        ...keys.communeIndex(petition.commune, at, trackingCode),
        // Found by her phone for her data rights (a group's issue has none).
        ...(petition.petitioner.phone ? keys.subjectIndex(keyedHash("phone", petition.petitioner.phone), at) : {}),
      }),
      history: putNew({ ...keys.petitionHistory(trackingCode, 1), ...entry }),
      // The session it names lists it (shared/sessions/).
      issue: petition.eventId
        ? putNew({
            ...keys.sessionIssue(petition.eventId, trackingCode),
            eventId: petition.eventId,
            trackingCode,
            raisedAt: petition.raisedAt ?? "before",
            createdAt: at,
          })
        : undefined,
      notifications: notificationItems({ petition, config, baseUrl: options.baseUrl, receipt }),
    },
    answer: {
      trackingCode: displayCode(trackingCode),
      status: "screening",
      statusUrl: statusUrl(displayCode(trackingCode), options.baseUrl),
      ...(ethnicity.notStored ? { notStored: [`petitioner.${ethnicity.notStored}`] } : {}),
    },
  };
}

/** What a link in an e-mail lets its holder see and do. */
export interface LinkView {
  petition: Petition;
  history: HistoryEntry[];
  role: Role;
  email?: string;
  /** An overseer's unit (the unit above a late step, from its escalation link). */
  unit?: string;
  actions: Action[];
  config: Config;
}

/** The step this link was for is over: say who did what, and when. */
export class StepDone extends AppError {
  constructor(
    readonly entry: HistoryEntry | undefined,
    readonly view: LinkView,
  ) {
    const who = entry
      ? both(actionDoneText, (t) => `${entry.actor} ${t[entry.action]}`)
      : both(stepDoneText, "handled");
    super(410, "step-done", both(stepDoneText, "title"), who, {
      ...(entry ? { actedAt: entry.at, action: entry.action } : {}),
    });
    this.name = "StepDone";
  }
}

/**
 * What a token gives access to. The history is read only when a page will show it: acting needs the token and
 * the petition, nothing more (three requests with the write).
 */
async function resolve(
  token: string,
  loaded: Loaded,
  withHistory: boolean,
): Promise<{ view: LinkView; record: TokenRecord; stale: boolean }> {
  const record = await requireToken(token, TOKEN_KINDS.step, TOKEN_KINDS.petitioner);
  const subject = record.subject;
  const code = subject.trackingCode ?? "";
  const [petition, history] = await Promise.all([getPetition(code), withHistory ? getHistory(code) : []]);
  if (!petition) throw unknownLink();
  const role: Role = record.kind === TOKEN_KINDS.petitioner ? "petitioner" : (subject.role as Role);
  if (role === "overseer") requireOverseer(subject.email, subject.unitId, petition, loaded);
  else if (role !== "petitioner") requireRole(role, subject.email, petition, loaded);
  // A staff link works only for the step it was sent for.
  const stale = role !== "petitioner" && Number(subject.stepVersion) !== petition.stepVersion;
  const actions = stale ? [] : allowedActions(petition.status, role, petition.askedBy);
  const unit = role === "overseer" ? subject.unitId : undefined;
  return {
    view: { petition, history, role, email: subject.email, ...(unit ? { unit } : {}), actions, config: loaded.config },
    record,
    stale,
  };
}

/**
 * A staff link works only while its holder holds that role for this petition in the configuration as it is now:
 * someone removed, or a unit re-assigned, holds a dead link, which names the unit to ask and nothing else.
 */
function requireRole(role: Role, email: string | undefined, petition: Petition, loaded: Loaded): void {
  const { config, helpers } = loaded;
  // The units as the configuration routes this commune now (a reseed may have moved it), the agency as chosen.
  const current = { ...petition, routing: { ...petition.routing, ...currentUnits(helpers, petition) } };
  if (recipientsFor(role, current, config).some((r) => r.email === email)) return;
  const unitId = role === "screener" ? current.routing.screeningUnit : current.routing.approvingUnit;
  throw holderGone(config.womensUnion.units.find((u) => u.id === unitId)?.name ?? unitId);
}

/**
 * An escalation's link works while its unit is still above the step's holder in the configuration as it is now and
 * its holder is still one of that unit's approvers.
 */
function requireOverseer(email: string | undefined, unitId: string | undefined, petition: Petition, loaded: Loaded) {
  const { helpers } = loaded;
  const current = { ...petition, routing: { ...petition.routing, ...currentUnits(helpers, petition) } };
  const unit = overseersOf(current, helpers).find((u) => u.id === unitId);
  if (unit?.staff.some((s) => s.role === "approver" && s.email === email)) return;
  throw holderGone(helpers.unit(unitId ?? "")?.name ?? unitId ?? "");
}

/** The commune's screening and approving units in the configuration as it is now. */
function currentUnits(helpers: ConfigHelpers, petition: Petition): Partial<Petition["routing"]> {
  const screening = helpers.screeningUnit(petition.commune)?.id;
  // A unit above that took the approval over (shared/petitions/alarms.ts) keeps it while it is still above the commune.
  const above = helpers.approvingUnitsAbove(petition.commune).map((u) => u.id);
  const approving = above.includes(petition.routing.approvingUnit) ? petition.routing.approvingUnit : above[0];
  return { ...(screening ? { screeningUnit: screening } : {}), ...(approving ? { approvingUnit: approving } : {}) };
}

/** The step this link was for is over: who ended it, and when. */
async function stepDone(view: LinkView, stepVersion: number): Promise<StepDone> {
  const history = view.history.length > 0 ? view.history : await getHistory(view.petition.trackingCode);
  return new StepDone(endOfStep(history, stepVersion), { ...view, history });
}

/** The entry that ended the step a link was sent for. */
function endOfStep(history: HistoryEntry[], stepVersion: number): HistoryEntry | undefined {
  return history.find((e) => e.version > stepVersion && e.from !== undefined && startsNewStep(e.from, e.to, e.action));
}

/** GET /a/{token}: the petition, its history and the allowed actions. Changes nothing. */
export async function viewLink(token: string): Promise<LinkView> {
  const { view, record, stale } = await resolve(token, await loadConfig(), true);
  if (stale) throw await stepDone(view, Number(record.subject.stepVersion));
  return view;
}

const notAllowed = () =>
  new AppError(403, "action-not-allowed", both(notAllowedText, "title"), both(notAllowedText, "detail"));

/** The request of an action: which one, and its fields (a reason, an answer…). */
export interface ActionResult {
  action: Action;
  petition: Petition;
  entry: HistoryEntry;
}

/**
 * POST /a/{token}: one transition, in one transaction — the petition under a version condition, a history
 * entry, and the links and mails for whoever comes next. Of many simultaneous presses exactly one wins; the
 * others learn who acted and when.
 */
export async function actOnLink(token: string, body: unknown, baseUrl: string): Promise<ActionResult> {
  await secretReady();
  const loaded = await loadConfig();
  const { view, record, stale } = await resolve(token, loaded, false);
  if (stale) throw await stepDone(view, Number(record.subject.stepVersion));
  return takeAction(view, body, baseUrl, loaded);
}

/**
 * Someone acting on a petition outside its step links: the organiser of the session it was raised at, from her own
 * organiser link (answered in the hall). The same transition, table and transaction as a link's.
 */
export async function actAs(
  who: { role: Role; email: string },
  petition: Petition,
  body: unknown,
  baseUrl: string,
): Promise<ActionResult> {
  await secretReady();
  const loaded = await loadConfig();
  const actions = allowedActions(petition.status, who.role, petition.askedBy);
  const view: LinkView = { petition, history: [], role: who.role, email: who.email, actions, config: loaded.config };
  return takeAction(view, body, baseUrl, loaded);
}

/** One transition of the action table, from a view of the petition as its actor holds it. */
async function takeAction(view: LinkView, body: unknown, baseUrl: string, loaded: Loaded): Promise<ActionResult> {
  const plan = await planAction(view, body, baseUrl, loaded);
  const { before, next, entry, action } = plan;
  await write({
    build: () => ({
      items: {
        // Replaced whole, only if nobody acted since we read it.
        petition: putIf({ ...keys.petition(before.trackingCode), ...plan.item }, "version = :v", {
          ":v": before.version,
        }),
        ...plan.items,
      },
      answer: undefined,
    }),
    cancelled: async (failed): Promise<"fail"> => {
      if (!failed("petition")) return "fail";
      const history = await getHistory(before.trackingCode);
      // Someone acted between our read and our write: for this person, as for a reused link, the step is done.
      throw new StepDone(
        history.find((e) => e.version === entry.version),
        { ...view, history },
      );
    },
  });
  log.info("petition transition", {
    petition: logRef(before.trackingCode),
    action,
    from: before.status,
    to: next.status,
  });
  count("Transitions", { action });
  return { action, petition: next, entry };
}

/** A transition worked out, not yet written: the petition's new item, and the other items its transaction holds. */
export interface ActionPlan {
  action: Action;
  before: Petition;
  next: Petition;
  entry: HistoryEntry;
  /** The petition as stored after it (with its alarm or purge place). */
  item: Record<string, unknown>;
  /** Its history entry, the links and mails for whoever comes next, its commitments, her address seen. */
  items: LabelledItems;
}

/**
 * Work out one transition: the checks (allowed, fields), the effect, the new deadline and alarm, the history entry and
 * who is told. Writing it is the caller's: a link's action replaces the petition under its version; an issue answered
 * in the hall as it is recorded (shared/sessions/issues.ts) is created answered, in one transaction.
 */
export async function planAction(view: LinkView, body: unknown, baseUrl: string, loaded: Loaded): Promise<ActionPlan> {
  const action = (body as { action?: unknown } | undefined)?.action;
  if (!isAction(action) || !view.actions.includes(action)) throw notAllowed();
  const before = view.petition;
  const transition = transitionFor(before.status, view.role, action);
  if (!transition) throw notAllowed();
  const fields = parseOrThrow(actionInput(action), body);
  const config = loaded.config;
  const at = nowIso();
  const version = before.version + 1;
  const to = targetState(transition, before.askedBy);
  const next: Petition = { ...before, status: to, version, updatedAt: at };
  const newStep = startsNewStep(before.status, to, action);
  if (newStep) Object.assign(next, { stepVersion: version, stepStartedAt: at });
  // A step against another deadline (the agency's acknowledgement, then its answer) gets its own, fixed now.
  const newDeadline = newStep || DEADLINE_OF[before.status] !== DEADLINE_OF[to];
  if (newDeadline) {
    const deadline = deadlineFor(config, before.category, to, at);
    if (deadline) next.deadline = deadline;
    else delete next.deadline;
  }
  const petitionByCode = (code: string) => getPetition(code, false);
  const commitments: CommitmentDraft[] = [];
  const effectInput = {
    before,
    next,
    fields,
    at,
    config,
    role: view.role,
    unit: view.unit,
    petitionByCode,
    commitments,
  };
  const note = await applyEffect(action, effectInput);
  // The commitments its answer carries: each its own item, link and alarms (a bad due day is a field error, here).
  const promised = commitmentItems({ petition: next, drafts: commitments, at, loaded, baseUrl });
  if (promised.count > 0) next.commitmentCount = (before.commitmentCount ?? 0) + promised.count;
  const ended = stepEnded(before, to, at, newStep);
  // Its next alarm: the new deadline's first, or after an answer the follow-up's; else the one it had (a nudge keeps
  // the step and its reminders).
  // Ended, it waits in the purge partition for the day its personal data goes (shared/rights/retention.ts).
  const item: Record<string, unknown> =
    newDeadline || to === "answered"
      ? {
          ...withoutAlarm(next as unknown as Record<string, unknown>),
          ...(FINAL.has(to) ? purgeAttributes(next, config) : alarmAttributes(next, alarmAfter(next, config))),
        }
      : { ...next };
  const entry: HistoryEntry = {
    version,
    at,
    action,
    role: view.role,
    actor: actorName(view.role, view.email, before, config),
    from: before.status,
    to,
    ...(note ? { note } : {}),
    // A union note is internal unless its writer ticked "the agency may see this" (shared/petitions/audience.ts).
    ...(note && agencyMaySee(action, fields) ? { agencyMaySee: true } : {}),
    ...(ended ? { ended } : {}),
    // Which agency it went to: the leaders' report counts each agency's petitions by it.
    ...(to === "forwarded" && newStep ? { agency: next.routing.agency } : {}),
  };
  return {
    action,
    before,
    next,
    entry,
    item,
    items: {
      history: putNew({ ...keys.petitionHistory(before.trackingCode, version), ...entry }),
      notifications: notificationItems({
        petition: next,
        before,
        transition,
        entry,
        config,
        baseUrl,
        // Union staff acting from their own link: replies to the mails this sends reach them.
        ...((view.role === "screener" || view.role === "approver") && view.email ? { sentOnBy: view.email } : {}),
      }),
      commitments: promised.items,
      // She acted from a link mailed to her address: from now on her receipts may carry her own words.
      "address seen":
        view.role === "petitioner" && before.petitioner.email
          ? addressSeenItem(before.petitioner.email, at)
          : undefined,
    },
  };
}

/** An officer's personal intake link: who she is, from configuration (a link for someone removed stops working). */
export async function officerByToken(
  token: string,
): Promise<{ name: string; email: string; unitId: string; unitName: string }> {
  await secretReady();
  const [record, { config }] = await Promise.all([requireToken(token, TOKEN_KINDS.officer), loadConfig()]);
  const { email, unitId } = record.subject as { email: string; unitId: string };
  const unit = config.womensUnion.units.find((u) => u.id === unitId);
  const staff = unit?.staff.find((s) => s.email === email);
  if (!unit || !staff) throw holderGone(unit?.name ?? unitId);
  const item = await officerRecord(email);
  // Revoked: every link dies, those issued before and those screening mails carry after, until ops send her a new
  // one; links issued before that new one stay dead.
  if (item?.revoked === true || (item?.reinstatedAt && record.createdAt < item.reinstatedAt)) {
    throw new AppError(410, "revoked-link", both(intakeLimitsText, "revoked"), both(intakeLimitsText, "revokedDetail"));
  }
  return { name: staff.name, email, unitId, unitName: unit.name };
}

/**
 * Ops send an officer her personal intake link (`npm run officer-link`): the token and the mail that carries
 * it are written together; the notifier delivers it. A revocation ends here: her new links work, older ones stay dead.
 */
export async function sendOfficerLink(email: string, baseUrl: string): Promise<{ unitId: string }> {
  await secretReady();
  const { config } = await loadConfig();
  const unit = config.womensUnion.units.find((u) => u.staff.some((s) => s.email === email));
  const staff = unit?.staff.find((s) => s.email === email);
  if (!unit || !staff) throw new Error(`${email} is not a Women's Union staff address in the configuration`);
  const reinstatedAt = nowIso();
  const revoked = (await officerRecord(email))?.revoked === true;
  const expires = new Date(now().getTime() + config.links.officerDays * 86_400_000);
  const link = issueToken(TOKEN_KINDS.officer, { email, unitId: unit.id }, expires);
  await write({
    build: () => ({
      items: {
        link: link.item,
        mail: mailItem(officerLinkMail({ to: email, name: staff.name, token: link.ref, baseUrl }), [link]),
        // Revoked until now: this link works, and none issued before it (those of screening mails meanwhile).
        reinstated: revoked
          ? putIf({ ...keys.officer(officerKey(email)), reinstatedAt }, "revoked = :yes", { ":yes": true })
          : undefined,
      },
      answer: undefined,
    }),
  });
  log.info("officer link sent", { unitId: unit.id });
  return { unitId: unit.id };
}

/**
 * `npm run officer-link -- --revoke --email …`: every intake link she holds stops working (a lost phone, a forwarded
 * mail), and so do those later screening mails carry, until ops send her a new link. To stop her for good, take her
 * out of the configuration.
 */
export async function revokeOfficerLinks(email: string): Promise<{ revokedAt: string }> {
  await secretReady();
  const revokedAt = nowIso();
  await db().send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.officer(officerKey(email)), revokedAt, revoked: true } }),
  );
  log.info("officer links revoked");
  return { revokedAt };
}
