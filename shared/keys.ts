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
 * | petition            | PET#<trackingCode> | PETITION           |                                           |
 * | petition            |                    |                    | alarms: ALARMS / <day>#<trackingCode>     |
 * |                     |                    |                    | (its next reminder or escalation's day)   |
 * |                     |                    |                    | by commune: AREA#<commune> / <sent>#<code>|
 * | petition history    | PET#<trackingCode> | HIST#<version>     | (one entry per transition)                |
 * | reminder, escalation| PET#<trackingCode> | HIST#<version>#<a> | (after the transition it followed)        |
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
/** For code that tells requests apart by their index (the benchmark's and the tests' request counters). */
export const indexNames = {
  events: EVENTS_INDEX.name,
  pendingMails: OUTBOX_INDEX.name,
  alarms: ALARMS_INDEX.name,
  petitionsByCommune: AREA_INDEX.name,
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
  /** Every address SES reported bounced or complained (ops' list: a command, never a function). */
  mailHealth: () => ({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": MAIL_HEALTH } }),
};
