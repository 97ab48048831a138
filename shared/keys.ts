import { table } from "./declarations.ts";

/**
 * How every item in the single table is keyed, and how each access pattern reads it: `keys` builds an item's
 * keys, `queries` the Query input of each pattern. Nothing else in the code writes a `pk`, `sk`, key prefix,
 * index name or index key by hand; the index names and attributes come from the table's declaration.
 *
 * | item                | pk                 | sk                 | index keys                                |
 * |---------------------|--------------------|--------------------|-------------------------------------------|
 * | configuration       | CONFIG             | CURRENT            |                                           |
 * | event               | EVENT#<eventId>    | EVENT              | events: EVENTS / <startsAt>#<id>          |
 * | registration        | EVENT#<eventId>    | REG#<regId>        |                                           |
 * | registration code   | EVENT#<eventId>    | CODE#<code>        | (uniqueness of the spoken code)           |
 * | phone lock          | EVENT#<eventId>    | PHONE#<keyed hash> | (one registration per phone)              |
 * | waitlist place      | EVENT#<eventId>    | WAIT#<ticket>      | (ordered by ticket)                       |
 * | organiser's record  | EVENT#<eventId>    | LOG#<at>#<id>      | (bulk actions: who, when, how many)       |
 * | burst alert sent    | EVENT#<eventId>    | ALERT#<yyyy-mm-dd> | (at most one a day per event)             |
 * | session's issue     | EVENT#<eventId>    | ISSUE#<code>       | (a petition raised at or for the session) |
 * | sheet row recorded  | EVENT#<eventId>    | ROW#<fingerprint>  | (an import run again records it once)     |
 * | dossier reply       | EVENT#<eventId>    | DOSSIER#<keyed h.> | (a leader's "I will answer these")        |
 * | session record      | EVENT#<eventId>    | RECORD             | alarms: ALARMS / <day>#EVENT#<eventId>    |
 * |                     |                    |                    | (the organiser's next record reminder)    |
 * | petition            | PET#<trackingCode> | PETITION           |                                           |
 * | petition            |                    |                    | alarms: ALARMS / <day>#<trackingCode>     |
 * |                     |                    |                    | (its next reminder or escalation's day)   |
 * |                     |                    |                    | by commune: AREA#<commune> / <sent>#<code>|
 * | petition history    | PET#<trackingCode> | HIST#<version>     | (one entry per transition)                |
 * | reminder, escalation| PET#<trackingCode> | HIST#<version>#<a> | (after the transition it followed)        |
 * | petition, ended     |                    |                    | purge: PURGE / <day>#<trackingCode>       |
 * |                     |                    |                    | (when its personal data is removed)       |
 * | petition, her phone |                    |                    | by subject: SUBJECT#<keyed hash> / <at>   |
 * | commitment          | PET#<trackingCode> | COMMIT#<nn>        | alarms: ALARMS / <day>#<code>#C<nn>       |
 * | commitment's record | PET#<trackingCode> | COMMIT#<nn>#<at>   | (its progress reports, in order)          |
 * | registration, phone | EVENT#<eventId>    | REG#<regId>        | by subject: SUBJECT#<keyed hash> / <at>   |
 * | data-rights request | SUBJECT#<keyed h.> | REQUEST#<at>#<id>  | alarms: ALARMS / <day>#SUBJECT#<id>       |
 * |                     |                    |                    | (its acknowledgement or completion due)   |
 * | audit entry         | SUBJECT#<keyed h.> | AUDIT#<at>#<id>    | (what was done, never the data itself)    |
 * | agency digest sent  | DIGEST             | WEEK#<monday>      | (at most one round a week)                |
 * | leaders' summary    | DIGEST             | MONTH#<yyyy-mm>    | (at most one round a month)               |
 * | petitions per phone | RATE#<keyed hash>  | DAY#<yyyy-mm-dd>   | (a counter, expires after 2 days)         |
 * | e-mail address      | ADDR#<keyed hash>  | SEEN               | (she acted from a link mailed to it)      |
 * | receipts per address| ADDR#<keyed hash>  | DAY#<yyyy-mm-dd>   | (a counter, expires after 2 days)         |
 * | officer's links     | OFFICER#<keyed h.> | LINKS              | (links issued before `revokedAt` are dead)|
 * | intake per officer  | OFFICER#<keyed h.> | DAY#<yyyy-mm-dd>   | (a counter, expires after 2 days)         |
 * | link token          | TOKEN#<sha256>     | TOKEN              | (of the token, which only the key makes)  |
 * | idempotency record  | IDEM#<sha256>      | IDEM               |                                           |
 * | outgoing e-mail     | MAIL#<mailId>      | MAIL               | pending mails: OUTBOX#pending / <created> |
 * |                     |                    |                    | (only while unsent: the sweeper)          |
 * |                     |                    |                    | by subject: MAILTO#<keyed hash> / <at>    |
 * |                     |                    |                    | (its recipient: her data rights)          |
 * | mail health         | MAILHEALTH         | <keyed hash>       | (an address SES reported bounced or       |
 * |                     |                    |                    | complained: one partition ops list)       |
 */

export interface Key {
  pk: string;
  sk: string;
}

type Index = (typeof table.indexes)[number];
function indexHolding<H extends Index["holds"]>(holds: H): Extract<Index, { holds: H }> {
  return table.indexes.find((i) => i.holds === holds) as Extract<Index, { holds: H }>;
}
const EVENTS_INDEX = indexHolding("events");
const OUTBOX_INDEX = indexHolding("pending mails");
const ALARMS_INDEX = indexHolding("alarms");
const AREA_INDEX = indexHolding("petitions by commune");
const SUBJECT_INDEX = indexHolding("by subject");
/** For code that tells requests apart by their index (the benchmark's and the tests' request counters). */
export const indexNames = {
  events: EVENTS_INDEX.name,
  pendingMails: OUTBOX_INDEX.name,
  alarms: ALARMS_INDEX.name,
  petitionsByCommune: AREA_INDEX.name,
  bySubject: SUBJECT_INDEX.name,
} as const;

const TICKET_WIDTH = 10;
const EVENTS = "EVENTS";
const OUTBOX_PENDING = "OUTBOX#pending";
const REGISTRATION = "REG#";
const WAIT = "WAIT#";
const LOG = "LOG#";
const HISTORY = "HIST#";
const ALARMS = "ALARMS";
const MAIL_HEALTH = "MAILHEALTH";
const PURGE = "PURGE";
const ISSUE = "ISSUE#";
const COMMITMENT = "COMMIT#";
const REQUEST = "REQUEST#";
const AUDIT = "AUDIT#";
const SUBJECT = "SUBJECT#";
/** Two digits: a petition's commitments, in the order they were made. */
const commitmentNumber = (n: number) => String(n).padStart(2, "0");

export const keys = {
  config: (): Key => ({ pk: "CONFIG", sk: "CURRENT" }),

  event: (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: "EVENT" }),
  /** An event's place in the events index, by start date. */
  eventsIndex: (startsAt: string, eventId: string) => ({
    [EVENTS_INDEX.partitionKey]: EVENTS,
    [EVENTS_INDEX.sortKey]: `${startsAt}#${eventId}`,
  }),

  registration: (eventId: string, registrationId: string): Key => ({
    pk: `EVENT#${eventId}`,
    sk: `${REGISTRATION}${registrationId}`,
  }),
  registrationCode: (eventId: string, code: string): Key => ({ pk: `EVENT#${eventId}`, sk: `CODE#${code}` }),
  phoneLock: (eventId: string, phoneHash: string): Key => ({ pk: `EVENT#${eventId}`, sk: `PHONE#${phoneHash}` }),
  waitlistPlace: (eventId: string, ticket: number): Key => ({
    pk: `EVENT#${eventId}`,
    sk: `${WAIT}${String(ticket).padStart(TICKET_WIDTH, "0")}`,
  }),
  /** The ticket a waitlist place's sort key holds. */
  waitlistTicket: (sk: string): number => Number(sk.slice(WAIT.length)),
  eventLog: (eventId: string, at: string, id: string): Key => ({ pk: `EVENT#${eventId}`, sk: `${LOG}${at}#${id}` }),
  burstAlert: (eventId: string, day: string): Key => ({ pk: `EVENT#${eventId}`, sk: `ALERT#${day}` }),
  /** A petition raised at a dialogue session (or named for it beforehand): the session's list of its issues. */
  sessionIssue: (eventId: string, trackingCode: string): Key => ({
    pk: `EVENT#${eventId}`,
    sk: `${ISSUE}${trackingCode}`,
  }),
  /** A sheet's row recorded as an issue of the session (by the row's fingerprint): an import run again skips it. */
  sessionRow: (eventId: string, fingerprint: string): Key => ({ pk: `EVENT#${eventId}`, sk: `ROW#${fingerprint}` }),
  /** An invited leader's reply to the session's dossier (the issues she will answer in the hall), by her address's hash. */
  dossierReply: (eventId: string, addressHash: string): Key => ({
    pk: `EVENT#${eventId}`,
    sk: `DOSSIER#${addressHash}`,
  }),
  /** The session's record: its attendance, whether the organiser closed it, its next reminder to her. */
  sessionRecord: (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: "RECORD" }),
  /** A session record's place in the alarms index: the day its organiser is next reminded to close it. */
  sessionRecordAlarm: (day: string, eventId: string) => ({
    [ALARMS_INDEX.partitionKey]: ALARMS,
    [ALARMS_INDEX.sortKey]: `${day}#EVENT#${eventId}`,
  }),

  petition: (trackingCode: string): Key => ({ pk: `PET#${trackingCode}`, sk: "PETITION" }),
  petitionHistory: (trackingCode: string, version: number): Key => ({
    pk: `PET#${trackingCode}`,
    sk: `${HISTORY}${String(version).padStart(4, "0")}`,
  }),
  /** A history entry the deadline sweeper adds (a reminder, an escalation): after the transition of `version`. */
  petitionAlarmEntry: (trackingCode: string, version: number, alarmId: string): Key => ({
    pk: `PET#${trackingCode}`,
    sk: `${HISTORY}${String(version).padStart(4, "0")}#${alarmId}`,
  }),
  /** A petition's place in the alarms index: the day its next reminder or escalation is due. */
  alarmsIndex: (day: string, trackingCode: string) => ({
    [ALARMS_INDEX.partitionKey]: ALARMS,
    [ALARMS_INDEX.sortKey]: `${day}#${trackingCode}`,
  }),
  /** A commitment an answer carried (what, which agency, by when): its own link, progress and alarms. */
  commitment: (trackingCode: string, n: number): Key => ({
    pk: `PET#${trackingCode}`,
    sk: `${COMMITMENT}${commitmentNumber(n)}`,
  }),
  /** One progress report on a commitment (or a reminder, an escalation), after the commitment in its partition. */
  commitmentEntry: (trackingCode: string, n: number, at: string): Key => ({
    pk: `PET#${trackingCode}`,
    sk: `${COMMITMENT}${commitmentNumber(n)}#${at}`,
  }),
  /** A commitment's place in the alarms index: the day its next reminder or escalation is due. */
  commitmentAlarm: (day: string, trackingCode: string, n: number) => ({
    [ALARMS_INDEX.partitionKey]: ALARMS,
    [ALARMS_INDEX.sortKey]: `${day}#${trackingCode}#C${commitmentNumber(n)}`,
  }),
  /** An ended petition's place in the purge partition of the alarms index: the day its personal data goes. */
  purgeIndex: (day: string, trackingCode: string) => ({
    [ALARMS_INDEX.partitionKey]: PURGE,
    [ALARMS_INDEX.sortKey]: `${day}#${trackingCode}`,
  }),
  /**
   * An item holding a woman's personal data, found by her phone (her data rights: `npm run subject`): a keyed hash
   * of the number (shared/platform/secret.ts, `keyedHash("phone", …)`), never the number.
   */
  subjectIndex: (phoneHash: string, at: string) => ({
    [SUBJECT_INDEX.partitionKey]: `${SUBJECT}${phoneHash}`,
    [SUBJECT_INDEX.sortKey]: at,
  }),
  /** A mail, found by its recipient's address (a keyed hash, `keyedHash("email", …)`): her data rights. */
  mailToIndex: (addressHash: string, at: string) => ({
    [SUBJECT_INDEX.partitionKey]: `MAILTO#${addressHash}`,
    [SUBJECT_INDEX.sortKey]: at,
  }),
  /** The attributes an item drops to leave the by-subject index (its personal data erased). */
  subjectIndexAttributes: [SUBJECT_INDEX.partitionKey, SUBJECT_INDEX.sortKey],
  /** A data-rights request (see, correct, copy, erase, withdraw a consent) and its deadlines. */
  rightsRequest: (phoneHash: string, at: string, id: string): Key => ({
    pk: `${SUBJECT}${phoneHash}`,
    sk: `${REQUEST}${at}#${id}`,
  }),
  /** A request's place in the alarms index: the day its acknowledgement or completion is next due. */
  rightsRequestAlarm: (day: string, phoneHash: string, id: string) => ({
    [ALARMS_INDEX.partitionKey]: ALARMS,
    [ALARMS_INDEX.sortKey]: `${day}#${SUBJECT}${phoneHash}#${id}`,
  }),
  /** What was done for a request (received, acknowledged, exported, erased): the audit trail, without the data. */
  audit: (phoneHash: string, at: string, id: string): Key => ({
    pk: `${SUBJECT}${phoneHash}`,
    sk: `${AUDIT}${at}#${id}`,
  }),
  /** A petition's place among its commune's, by the time it was sent. */
  communeIndex: (commune: string, createdAt: string, trackingCode: string) => ({
    [AREA_INDEX.partitionKey]: `AREA#${commune}`,
    [AREA_INDEX.sortKey]: `${createdAt}#${trackingCode}`,
  }),
  /** The attributes a petition drops to leave the alarms index (no deadline runs). */
  alarmsIndexAttributes: [ALARMS_INDEX.partitionKey, ALARMS_INDEX.sortKey],
  /** The week's round of agency digests: written once, by whichever sweep gets there first. */
  digestWeek: (monday: string): Key => ({ pk: "DIGEST", sk: `WEEK#${monday}` }),
  /** The month's summaries to the approving units' leaders: one marker per unit, one for the whole round. */
  digestMonth: (month: string): Key => ({ pk: "DIGEST", sk: `MONTH#${month}` }),
  phoneDay: (phoneHash: string, day: string): Key => ({ pk: `RATE#${phoneHash}`, sk: `DAY#${day}` }),
  /** Keyed hashes of an e-mail address and an officer's address (shared/platform/secret.ts), never the address. */
  address: (addressHash: string): Key => ({ pk: `ADDR#${addressHash}`, sk: "SEEN" }),
  addressDay: (addressHash: string, day: string): Key => ({ pk: `ADDR#${addressHash}`, sk: `DAY#${day}` }),
  officer: (officerHash: string): Key => ({ pk: `OFFICER#${officerHash}`, sk: "LINKS" }),
  officerDay: (officerHash: string, day: string): Key => ({ pk: `OFFICER#${officerHash}`, sk: `DAY#${day}` }),

  token: (tokenHash: string): Key => ({ pk: `TOKEN#${tokenHash}`, sk: "TOKEN" }),
  idempotency: (scopedKeyHash: string): Key => ({ pk: `IDEM#${scopedKeyHash}`, sk: "IDEM" }),
  mail: (mailId: string): Key => ({ pk: `${table.mailKeyPrefix}${mailId}`, sk: "MAIL" }),
  isMail: (pk: string | undefined): boolean => pk?.startsWith(table.mailKeyPrefix) === true,
  /** A mail is in the pending index until it is sent or refused for good. */
  outboxPending: (createdAt: string, mailId: string) => ({
    [OUTBOX_INDEX.partitionKey]: OUTBOX_PENDING,
    [OUTBOX_INDEX.sortKey]: `${createdAt}#${mailId}`,
  }),
  /** The attributes a mail drops to leave the pending index. */
  outboxPendingAttributes: [OUTBOX_INDEX.partitionKey, OUTBOX_INDEX.sortKey],
  /**
   * What SES reported of an address (shared/petitions/mail-events.ts): one item per address, keyed by its keyed hash,
   * all in one partition, so that ops read the whole list with one query (`npm run mail-health`).
   */
  mailHealth: (addressHash: string): Key => ({ pk: MAIL_HEALTH, sk: addressHash }),
} as const;

/** A query's key condition: the items of `partition` whose sort key starts with `prefix`. */
function startingWith(partition: Key, prefix: string) {
  return {
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": partition.pk, ":prefix": prefix },
  };
}

/** Each access pattern as the key part of a Query input: the caller adds projections, order and consistency. */
export const queries = {
  /** Every event, soonest first. */
  eventsByStart: () => ({
    IndexName: EVENTS_INDEX.name,
    KeyConditionExpression: `${EVENTS_INDEX.partitionKey} = :p`,
    ExpressionAttributeValues: { ":p": EVENTS },
  }),
  /** Mails not yet sent that were written before `before` (an ISO time), oldest first; keys only. */
  pendingMailsBefore: (before: string) => ({
    IndexName: OUTBOX_INDEX.name,
    KeyConditionExpression: `${OUTBOX_INDEX.partitionKey} = :p AND ${OUTBOX_INDEX.sortKey} < :before`,
    ExpressionAttributeValues: { ":p": OUTBOX_PENDING, ":before": before },
  }),
  /** Petitions whose next reminder or escalation is due on or before `day`, earliest first; keys only. */
  alarmsDueBy: (day: string) => ({
    IndexName: ALARMS_INDEX.name,
    KeyConditionExpression: `${ALARMS_INDEX.partitionKey} = :p AND ${ALARMS_INDEX.sortKey} < :after`,
    ExpressionAttributeValues: { ":p": ALARMS, ":after": `${day}#~` },
  }),
  /** A commune's petitions sent from `from` (an ISO time) on, keys only. */
  petitionsOfCommuneSince: (commune: string, from: string) => ({
    IndexName: AREA_INDEX.name,
    KeyConditionExpression: `${AREA_INDEX.partitionKey} = :p AND ${AREA_INDEX.sortKey} >= :from`,
    ExpressionAttributeValues: { ":p": `AREA#${commune}`, ":from": from },
  }),
  /** Every petition with a running deadline (the weekly digest reads them all), keys only. */
  alarmsAll: () => ({
    IndexName: ALARMS_INDEX.name,
    KeyConditionExpression: `${ALARMS_INDEX.partitionKey} = :p`,
    ExpressionAttributeValues: { ":p": ALARMS },
  }),
  registrationsOf: (eventId: string) => startingWith(keys.event(eventId), REGISTRATION),
  /** An event's waitlist places, in ticket order. */
  waitlistOf: (eventId: string) => startingWith(keys.event(eventId), WAIT),
  /** The waitlist places with a ticket before `ticket`. */
  waitlistBefore: (eventId: string, ticket: number) => ({
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :first AND :before",
    ExpressionAttributeValues: {
      ":pk": keys.event(eventId).pk,
      ":first": WAIT,
      ":before": keys.waitlistPlace(eventId, ticket - 1).sk,
    },
  }),
  /** The organisers' bulk actions on an event, oldest first. */
  eventLog: (eventId: string) => startingWith(keys.event(eventId), LOG),
  /** A petition's transitions, in order. */
  petitionHistory: (trackingCode: string) => startingWith(keys.petition(trackingCode), HISTORY),
  /** The invited leaders' replies to a session's dossier. */
  dossierRepliesOf: (eventId: string) => startingWith(keys.event(eventId), "DOSSIER#"),
  /** A session's issues (petitions raised at or for it), by tracking code. */
  issuesOf: (eventId: string) => startingWith(keys.event(eventId), ISSUE),
  /** A petition's commitments and their progress reports, in order. */
  commitmentsOf: (trackingCode: string) => startingWith(keys.petition(trackingCode), COMMITMENT),
  /** Ended petitions whose personal data is due to go by `day`, keys only. */
  purgeDueBy: (day: string) => ({
    IndexName: ALARMS_INDEX.name,
    KeyConditionExpression: `${ALARMS_INDEX.partitionKey} = :p AND ${ALARMS_INDEX.sortKey} < :after`,
    ExpressionAttributeValues: { ":p": PURGE, ":after": `${day}#~` },
  }),
  /** Every item holding her personal data (registrations, petitions), by her phone's keyed hash; keys only. */
  itemsOfSubject: (phoneHash: string) => ({
    IndexName: SUBJECT_INDEX.name,
    KeyConditionExpression: `${SUBJECT_INDEX.partitionKey} = :p`,
    ExpressionAttributeValues: { ":p": `${SUBJECT}${phoneHash}` },
  }),
  /** Every mail to an address, by its keyed hash; keys only. */
  mailsTo: (addressHash: string) => ({
    IndexName: SUBJECT_INDEX.name,
    KeyConditionExpression: `${SUBJECT_INDEX.partitionKey} = :p`,
    ExpressionAttributeValues: { ":p": `MAILTO#${addressHash}` },
  }),
  /** Her data-rights requests and their audit trail, in order. */
  requestsOf: (phoneHash: string) => startingWith({ pk: `${SUBJECT}${phoneHash}`, sk: "" }, REQUEST),
  auditOf: (phoneHash: string) => startingWith({ pk: `${SUBJECT}${phoneHash}`, sk: "" }, AUDIT),
  /** Every address SES reported bounced or complained (ops' list: a command, never a function). */
  mailHealth: () => ({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": MAIL_HEALTH } }),
};
