/**
 * How every item in the single table is keyed: one function per entity or access pattern. Nothing else in
 * the code writes a `pk`, `sk` or index key by hand.
 *
 * | item                | pk                 | sk                 | index keys                         |
 * |---------------------|--------------------|--------------------|------------------------------------|
 * | configuration       | CONFIG             | CURRENT            |                                    |
 * | event               | EVENT#<eventId>    | EVENT              | gsi1: EVENTS / <startsAt>#<id>     |
 * | registration        | EVENT#<eventId>    | REG#<regId>        |                                    |
 * | registration code   | EVENT#<eventId>    | CODE#<code>        | (uniqueness of the spoken code)    |
 * | phone lock          | EVENT#<eventId>    | PHONE#<sha256>     | (one registration per phone)       |
 * | waitlist place      | EVENT#<eventId>    | WAIT#<ticket>      | (ordered by ticket)                |
 * | organiser's record  | EVENT#<eventId>    | LOG#<at>#<id>      | (bulk actions: who, when, how many)|
 * | burst alert sent    | EVENT#<eventId>    | ALERT#<yyyy-mm-dd> | (at most one a day per event)      |
 * | petition            | PET#<trackingCode> | PETITION           |                                    |
 * | petition history    | PET#<trackingCode> | HIST#<version>     | (one entry per transition)         |
 * | petitions per phone | RATE#<sha256>      | DAY#<yyyy-mm-dd>   | (a counter, expires after 2 days)  |
 * | link token          | TOKEN#<sha256>     | TOKEN              |                                    |
 * | idempotency record  | IDEM#<sha256>      | IDEM               |                                    |
 * | outgoing e-mail     | MAIL#<mailId>      | MAIL               | gsi2: OUTBOX#pending / <created>   |
 * |                     |                    |                    | (only while unsent: the sweeper)   |
 */

export interface Key {
  pk: string;
  sk: string;
}

const TICKET_WIDTH = 10;

export const keys = {
  config: (): Key => ({ pk: "CONFIG", sk: "CURRENT" }),

  event: (eventId: string): Key => ({ pk: `EVENT#${eventId}`, sk: "EVENT" }),
  eventsIndex: (startsAt: string, eventId: string) => ({ gsi1pk: "EVENTS", gsi1sk: `${startsAt}#${eventId}` }),
  eventsIndexPartition: "EVENTS",

  registration: (eventId: string, registrationId: string): Key => ({
    pk: `EVENT#${eventId}`,
    sk: `REG#${registrationId}`,
  }),
  registrationPrefix: "REG#",
  registrationCode: (eventId: string, code: string): Key => ({ pk: `EVENT#${eventId}`, sk: `CODE#${code}` }),
  phoneLock: (eventId: string, phoneHash: string): Key => ({ pk: `EVENT#${eventId}`, sk: `PHONE#${phoneHash}` }),
  waitlistPlace: (eventId: string, ticket: number): Key => ({
    pk: `EVENT#${eventId}`,
    sk: `WAIT#${String(ticket).padStart(TICKET_WIDTH, "0")}`,
  }),
  waitlistPrefix: "WAIT#",
  eventLog: (eventId: string, at: string, id: string): Key => ({ pk: `EVENT#${eventId}`, sk: `LOG#${at}#${id}` }),
  eventLogPrefix: "LOG#",
  burstAlert: (eventId: string, day: string): Key => ({ pk: `EVENT#${eventId}`, sk: `ALERT#${day}` }),

  petition: (trackingCode: string): Key => ({ pk: `PET#${trackingCode}`, sk: "PETITION" }),
  petitionHistory: (trackingCode: string, version: number): Key => ({
    pk: `PET#${trackingCode}`,
    sk: `HIST#${String(version).padStart(4, "0")}`,
  }),
  historyPrefix: "HIST#",
  phoneDay: (phoneHash: string, day: string): Key => ({ pk: `RATE#${phoneHash}`, sk: `DAY#${day}` }),

  token: (tokenHash: string): Key => ({ pk: `TOKEN#${tokenHash}`, sk: "TOKEN" }),
  idempotency: (scopedKeyHash: string): Key => ({ pk: `IDEM#${scopedKeyHash}`, sk: "IDEM" }),
  mail: (mailId: string): Key => ({ pk: `MAIL#${mailId}`, sk: "MAIL" }),
  outboxPending: (createdAt: string, mailId: string) => ({
    gsi2pk: "OUTBOX#pending",
    gsi2sk: `${createdAt}#${mailId}`,
  }),
  outboxPendingPartition: "OUTBOX#pending",
} as const;

/** A query's key condition: the items of `partition` whose sort key starts with `prefix`. */
export function startingWith(partition: Key, prefix: string) {
  return {
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": partition.pk, ":prefix": prefix },
  };
}
