/**
 * The one place that says what the system is made of: the table, the functions, the HTTP routes and the
 * stream consumers. The CDK stack (infra/) and the local runtime (local/) both build themselves from these
 * declarations, so the two worlds cannot drift; test/infra/stack.test.ts fails if they do.
 *
 * Adding a route is one line in `routes` (plus its function in `functions` when it is a new handler).
 */

export const table = {
  partitionKey: "pk",
  sortKey: "sk",
  /**
   * Sparse global secondary indexes: an item is in an index only when it carries that index's keys; `holds` is
   * what shared/keys.ts finds an index by. The pending mails' index holds keys only: every mail is written there,
   * and their bodies would double the write cost.
   */
  indexes: [
    { name: "gsi1", holds: "events", partitionKey: "gsi1pk", sortKey: "gsi1sk", projection: "ALL" },
    { name: "gsi2", holds: "pending mails", partitionKey: "gsi2pk", sortKey: "gsi2sk", projection: "KEYS_ONLY" },
    /**
     * Petitions with a running deadline, by the day of their next reminder or escalation: the deadline sweeper reads
     * what is due and nothing else, so its cost follows what is due, not how many petitions there are.
     */
    { name: "gsi3", holds: "alarms", partitionKey: "gsi3pk", sortKey: "gsi3sk", projection: "KEYS_ONLY" },
    /** Petitions by commune and the day they were sent: the leaders' report reads a unit's area, period by period. */
    { name: "gsi4", holds: "petitions by commune", partitionKey: "gsi4pk", sortKey: "gsi4sk", projection: "KEYS_ONLY" },
    /**
     * Her data rights: the items holding a woman's personal data by a keyed hash of her phone (registrations,
     * petitions), and the mails by a keyed hash of their recipient's address, so that an export or an erasure reads
     * what is hers and nothing else.
     */
    { name: "gsi5", holds: "by subject", partitionKey: "gsi5pk", sortKey: "gsi5sk", projection: "KEYS_ONLY" },
  ],
  /**
   * Outgoing e-mails (the outbox) are the items whose partition key starts with this: shared/keys.ts keys every
   * mail with it, and the notifier's stream filter (below) selects them by it.
   */
  mailKeyPrefix: "MAIL#",
  /** Epoch seconds; DynamoDB deletes expired items (tokens, idempotency records, sent mail bodies). */
  timeToLiveAttribute: "ttl",
  stream: "NEW_AND_OLD_IMAGES",
} as const;

/**
 * A DynamoDB action as IAM names it (`dynamodb:<action>`). IAM has no action for a transaction: each item of a
 * TransactWriteItems is authorised as the action it is (a Put as PutItem, an Update as UpdateItem, a Delete as
 * DeleteItem, a ConditionCheck as ConditionCheckItem), and each item of a TransactGetItems as GetItem.
 */
export type DynamoAction = ReadAction | WriteAction;
/** Actions that change nothing (a condition check only looks). */
export const READ_ACTIONS = ["GetItem", "BatchGetItem", "Query", "Scan", "ConditionCheckItem"] as const;
/** Actions that change items: a function that declares one writes to the table. */
export const WRITE_ACTIONS = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];
export type WriteAction = (typeof WRITE_ACTIONS)[number];
export const isWriteAction = (action: string): action is WriteAction =>
  (WRITE_ACTIONS as readonly string[]).includes(action);

export type IndexName = (typeof table.indexes)[number]["name"];

export interface FunctionDeclaration {
  /** Source file, relative to the repository root. Exports `handler`. */
  entry: string;
  /**
   * Exactly the actions it calls on the table's items (shared/keys.ts), read from its code. The stack grants
   * these and no others (no Scan unless it scans); the local runtime refuses any other with AccessDeniedException.
   */
  dynamo: readonly DynamoAction[];
  /**
   * The key families its reads and its writes touch, as patterns of the partition key (`*` for any rest, IAM's
   * StringLike): `dynamodb:LeadingKeys` on its two table statements, one for its read actions and one for its
   * write actions. Two, because one would let a function write every family it only reads (a public form could
   * overwrite the configuration it reads). Required for each kind of action it declares.
   *
   * That condition key is the base table's partition key only: a Query on an index names the index's partition
   * key, which it cannot describe (under `ForAllValues` it would either refuse the query or, with no table key in
   * the request, hold for anything). So the index statement carries no condition and is held by its resource
   * instead: the named indexes, Query only.
   */
  readKeys?: readonly string[];
  writeKeys?: readonly string[];
  /** The indexes it queries: `dynamodb:Query` on each index's own ARN, nothing else there. */
  indexes?: readonly IndexName[];
  /** Needs to send e-mail through SES (`ses:SendEmail` from the sender identity only). */
  sendsMail?: boolean;
  /**
   * Reads the key held outside the table (shared/platform/secret.ts): `SECRET_ARN` and `GetSecretValue` on that one
   * secret. Every function that writes to the table needs it (link tokens, keyed hashes of phones and addresses),
   * and one that reads an item keyed by a keyed hash.
   */
  secret?: true;
  memoryMB?: number;
  timeoutSeconds?: number;
  /**
   * Concurrent invocations reserved for it on AWS (infra/function.ts applies it; production only, other stages get a
   * small cap so that several stages fit in one account). Declared for the public write forms (the functions behind
   * routes declared `publicForm`): it guarantees them room when the rest of the account is busy and caps what a
   * flood of one form can take from everything else. Sized from the crowd benchmark (bench/RESULTS.md, "A crowd
   * registering at once"): 1,000 registrations were answered in 9.4 s through 25 invocations at a time, so each held
   * its function 9.4 × 25 / 1000 ≈ 0.235 s (0.205 s with AWS's conflict rules); a cold container first adds its
   * cold start, ≤ 0.464 s for these functions (the benchmark's "cold start adds" column). A room of 222 (the
   * benchmark's seats, and the README's session) pressing the same button within one second, every one on a cold
   * container, needs 222 × (0.235 + 0.464) ≈ 155 at once: 160. API Gateway's own limit on each form (50/s after a
   * burst, infra/stack.ts THROTTLING) needs only 50 × 0.7 ≈ 35 once the burst is through. And 160 registrations at
   * once claim at most 160 / 0.235 ≈ 680 seats a second, under the ~1,000 writes a second the event item takes (the
   * benchmark's hot partitions), so the cap also keeps a crowd from queueing on it.
   */
  reservedConcurrency?: number;
}

/** Read-only or read-write, for code that sorts functions by what they may change (the benchmark's layouts). */
export type TableAccess = "RO" | "RW";
export function tableAccess(declaration: FunctionDeclaration): TableAccess {
  return declaration.dynamo.some(isWriteAction) ? "RW" : "RO";
}

/** What a function gets unless its declaration says otherwise, on AWS and in the local runtime alike. */
export const functionDefaults = { memoryMB: 256, timeoutSeconds: 10 } as const;

/*
 * Key families (shared/keys.ts): CONFIG the configuration (only the seed writes it), EVENT#* an event with its
 * registrations, codes, phone locks, waitlist, log and alerts, PET#* a petition and its history, RATE#* petitions
 * per phone, ADDR#* an address's answering mark and receipts, OFFICER#* an officer's revocation and intake counter,
 * TOKEN#* link tokens, IDEM#* idempotency records, MAIL#* the outbox, DIGEST the agencies' weekly digests,
 * MAILHEALTH the addresses SES reported bounced or complained. Each list below is what the function's code
 * reaches; the whole integration suite runs every function under these lists (local/handlers.ts), so a missing
 * one fails a test.
 */
/** What the registration write path calls: reads, the lock (put, delete), the claim (update), transactions. */
const REGISTRATION_CALLS = ["GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"] as const;

export const functions = {
  // The events index, and the configuration for area names.
  "list-events": { entry: "functions/list-events.ts", dynamo: ["GetItem"], readKeys: ["CONFIG"], indexes: ["gsi1"] },
  "get-event": { entry: "functions/get-event.ts", dynamo: ["GetItem"], readKeys: ["CONFIG", "EVENT#*"] },
  "event-calendar": { entry: "functions/event-calendar.ts", dynamo: ["GetItem"], readKeys: ["EVENT#*"] },
  "registration-form": {
    entry: "functions/registration-form.ts",
    dynamo: ["GetItem"],
    readKeys: ["CONFIG", "EVENT#*"],
  },
  // Phone lock (put, delete if the claim fails), claim (update), her items (transaction), promotions, burst alert.
  "create-registration": {
    entry: "functions/create-registration.ts",
    dynamo: REGISTRATION_CALLS,
    readKeys: ["CONFIG", "EVENT#*", "IDEM#*"],
    writeKeys: ["EVENT#*", "IDEM#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
    reservedConcurrency: 160,
  },
  // Her registration, and her place on the waitlist (a count of the places before hers).
  "registration-link": {
    entry: "functions/registration-link.ts",
    dynamo: ["GetItem", "Query"],
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*"],
  },
  // Her registration, phone lock and waitlist place; the counter given back; the next waiting woman promoted.
  "cancel-registration": {
    entry: "functions/cancel-registration.ts",
    dynamo: REGISTRATION_CALLS,
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*"],
    writeKeys: ["EVENT#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
  },
  "petition-form": { entry: "functions/petition-form.ts", dynamo: ["GetItem"], readKeys: ["CONFIG"] },
  // One transaction: the petition, its history, the day's counters (phone, receipts), its links and mails.
  "submit-petition": {
    entry: "functions/submit-petition.ts",
    dynamo: ["GetItem", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "IDEM#*", "EVENT#*", "ADDR#*"],
    // EVENT#: a petition naming a dialogue session is listed in it (shared/sessions/).
    writeKeys: ["RATE#*", "PET#*", "TOKEN#*", "MAIL#*", "IDEM#*", "ADDR#*", "EVENT#*"],
    secret: true,
    reservedConcurrency: 160,
  },
  // The petition and its history (a query of its own partition).
  "petition-status": {
    entry: "functions/petition-status.ts",
    dynamo: ["GetItem", "Query"],
    readKeys: ["CONFIG", "PET#*"],
  },
  "petition-lookup": {
    entry: "functions/petition-lookup.ts",
    dynamo: ["GetItem"],
    readKeys: ["PET#*"],
    reservedConcurrency: 160,
  },
  "action-page": {
    entry: "functions/action-page.ts",
    dynamo: ["GetItem", "Query"],
    readKeys: ["CONFIG", "TOKEN#*", "PET#*"],
  },
  // The petition replaced whole under its version (a put), its history, the next links and mails, her address seen.
  "act-on-petition": {
    entry: "functions/act-on-petition.ts",
    dynamo: ["GetItem", "Query", "PutItem"],
    readKeys: ["CONFIG", "TOKEN#*", "PET#*"],
    writeKeys: ["PET#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
  },
  // Her link, and whether it was revoked: her item is keyed by a keyed hash of her address, so this page, alone of
  // those that only read, holds the secret.
  "intake-form": {
    entry: "functions/intake-form.ts",
    dynamo: ["GetItem"],
    readKeys: ["CONFIG", "TOKEN#*", "OFFICER#*"],
    secret: true,
  },
  // As submit-petition, with the officer's day counter instead of the phone's.
  "submit-intake": {
    entry: "functions/submit-intake.ts",
    dynamo: ["GetItem", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "TOKEN#*", "OFFICER#*", "IDEM#*", "EVENT#*", "ADDR#*"],
    writeKeys: ["OFFICER#*", "PET#*", "TOKEN#*", "MAIL#*", "IDEM#*", "ADDR#*", "EVENT#*"],
    secret: true,
  },
  // The event's registrations and the organisers' log: queries of the event's own partition.
  // A dialogue session's record page also lists its issues: the session's pointers, then the petitions (a batch read).
  "organiser-page": {
    entry: "functions/organiser-page.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query"],
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*", "PET#*"],
  },
  // Check-in (a code's item, an update), letting in from the waitlist, a walk-in's whole registration.
  "organiser-action": {
    entry: "functions/organiser-action.ts",
    dynamo: REGISTRATION_CALLS,
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*"],
    writeKeys: ["EVENT#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
  },
  // A bulk cancel of a flood is hundreds of transactions in one request: it gets API Gateway's whole 29 s.
  "organiser-bulk": {
    entry: "functions/organiser-bulk.ts",
    dynamo: REGISTRATION_CALLS,
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*"],
    // ADDR#: each cancellation mail counts against its address's daily cap.
    writeKeys: ["EVENT#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
    timeoutSeconds: 28,
  },
  // Answers from the route table alone.
  "not-found": { entry: "functions/not-found.ts", dynamo: [] },
  // Claims and finishes the mails the stream brings (the stream record holds the mail: nothing to read).
  notifier: {
    entry: "functions/notifier.ts",
    dynamo: ["UpdateItem"],
    writeKeys: ["MAIL#*"],
    sendsMail: true,
    secret: true,
    timeoutSeconds: 60,
  },
  // The pending mails' index (keys only), then each mail from the table.
  "mail-sweeper": {
    entry: "functions/mail-sweeper.ts",
    dynamo: ["GetItem", "UpdateItem"],
    readKeys: ["MAIL#*"],
    writeKeys: ["MAIL#*"],
    indexes: ["gsi2"],
    sendsMail: true,
    secret: true,
    timeoutSeconds: 120,
  },
  // The events index, each event's counters recounted from its partition, and the waitlist's promotions.
  "registration-reconciler": {
    entry: "functions/registration-reconciler.ts",
    dynamo: REGISTRATION_CALLS,
    readKeys: ["EVENT#*"],
    writeKeys: ["EVENT#*", "TOKEN#*", "MAIL#*"],
    indexes: ["gsi1"],
    secret: true,
    timeoutSeconds: 120,
  },
  // The alarms index (keys only), each due petition, its next alarm (an update), its history entry, the mails and
  // their links; once a week every petition with a running deadline (a batch read) and each agency's digest marker.
  "deadline-sweeper": {
    entry: "functions/deadline-sweeper.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem"],
    // EVENT#: a session's record and its event (the organiser's reminders, shared/sessions/record.ts).
    // SUBJECT#: a data-rights request's limits (shared/rights/requests.ts), its audit entry.
    readKeys: ["CONFIG", "PET#*", "DIGEST", "EVENT#*", "SUBJECT#*"],
    writeKeys: ["PET#*", "TOKEN#*", "MAIL#*", "DIGEST", "EVENT#*", "SUBJECT#*"],
    // gsi4, and each petition's history: the monthly summary's figures for each approving unit's leaders.
    indexes: ["gsi3", "gsi4"],
    secret: true,
    timeoutSeconds: 120,
  },
  // SES's bounce and complaint events (shared/petitions/mail-events.ts): the mail each names, its petition and the
  // address's health item (its step's other holders' too); a notice or a resend with its link, in one transaction
  // with the petition's flag or the mail's mark (a resend's petition is only checked: ConditionCheckItem).
  "mail-events": {
    entry: "functions/mail-events.ts",
    dynamo: ["GetItem", "ConditionCheckItem", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "MAIL#*", "PET#*", "MAILHEALTH"],
    writeKeys: ["MAIL#*", "PET#*", "TOKEN#*", "MAILHEALTH"],
    secret: true,
  },
  // The API's description, for the configuration it runs with (its communes, categories, agencies).
  openapi: { entry: "functions/openapi.ts", dynamo: ["GetItem"], readKeys: ["CONFIG"] },
  // The leader's link, then the area's petitions (the petitions-by-commune index, a batch read) and their histories.
  "leaders-report": {
    entry: "functions/leaders-report.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query"],
    readKeys: ["CONFIG", "TOKEN#*", "PET#*"],
    indexes: ["gsi4"],
    memoryMB: 512,
    timeoutSeconds: 28,
  },
  // A dialogue session's public follow-up page: the event, its check-in counts, its issues (petitions) and their
  // commitments.
  "session-page": {
    entry: "functions/session-page.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query"],
    readKeys: ["CONFIG", "EVENT#*", "PET#*"],
  },
  // The session record from the organiser's link: an issue entered, answered in the hall with its commitments, the
  // record closed. Each issue is a petition written as submit-petition writes one.
  "session-record": {
    entry: "functions/session-record.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*", "PET#*", "ADDR#*"],
    writeKeys: ["EVENT#*", "PET#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
  },
  // The secretary's sheet (a multipart upload), each row recorded as session-record records an issue, a transaction
  // each (a long sheet has API Gateway's whole 29 s); its template. Reading a workbook takes exceljs: a megabyte
  // bundled, and the CPU that 1,024 MB buys (a 500-row sheet reads in ~0.2 s on the test machine).
  "session-sheet": {
    entry: "functions/session-sheet.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*", "PET#*", "ADDR#*"],
    writeKeys: ["EVENT#*", "PET#*", "TOKEN#*", "MAIL#*", "ADDR#*"],
    secret: true,
    memoryMB: 1024,
    timeoutSeconds: 28,
  },
  // A session's dossier for an invited leader (GET) and the issues she will answer in the hall (POST).
  dossier: {
    entry: "functions/dossier.ts",
    dynamo: ["GetItem", "BatchGetItem", "Query", "PutItem"],
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*", "PET#*"],
    writeKeys: ["EVENT#*"],
    secret: true,
  },
  // A commitment's page (GET) and its progress reports (POST), from the agency's (or the overseer's) link.
  // Her mail on a report is conditioned on her petition not being erased meanwhile (ConditionCheckItem).
  commitment: {
    entry: "functions/commitment.ts",
    dynamo: ["GetItem", "Query", "ConditionCheckItem", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "TOKEN#*", "PET#*"],
    writeKeys: ["PET#*", "TOKEN#*", "MAIL#*"],
    secret: true,
  },
  // Her data from her own link (see, correct, withdraw a consent, ask for a copy or erasure), or a request the
  // officer records for a woman at her side.
  "my-data": {
    entry: "functions/my-data.ts",
    dynamo: ["GetItem", "Query", "PutItem", "UpdateItem"],
    readKeys: ["CONFIG", "TOKEN#*", "EVENT#*", "PET#*", "OFFICER#*", "SUBJECT#*"],
    // ADDR#: her receipts count against their address's daily cap, as every receipt does.
    writeKeys: ["EVENT#*", "PET#*", "SUBJECT#*", "MAIL#*", "TOKEN#*", "ADDR#*"],
    indexes: ["gsi5"],
    secret: true,
  },
  // Retention: registrations' personal data some days after their event, petitions' some months after they end.
  "retention-sweeper": {
    entry: "functions/retention-sweeper.ts",
    dynamo: ["GetItem", "Query", "UpdateItem", "DeleteItem"],
    readKeys: ["CONFIG", "EVENT#*", "PET#*"],
    writeKeys: ["EVENT#*", "PET#*"],
    indexes: ["gsi1", "gsi3"],
    secret: true,
    timeoutSeconds: 120,
  },
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functions;

/** A function's memory and timeout: its declaration's own, else the defaults. */
export function settingsOf(name: FunctionName): { memoryMB: number; timeoutSeconds: number } {
  const declared: FunctionDeclaration = functions[name];
  return {
    memoryMB: declared.memoryMB ?? functionDefaults.memoryMB,
    timeoutSeconds: declared.timeoutSeconds ?? functionDefaults.timeoutSeconds,
  };
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";

export interface RouteDeclaration {
  /** What pages and e-mails call it: `link(name, params)` (shared/platform/links.ts) builds its URL. */
  name: string;
  method: HttpMethod;
  /** API Gateway resource path: literal segments and `{param}` segments. */
  path: string;
  fn: FunctionName;
  /**
   * A public form anyone can POST without a link: the WAF's public-form rate rule (infra/stack.ts) covers exactly
   * these routes, per IP, sized for a whole room behind one venue's NAT. Staff and link routes stay out of it.
   */
  publicForm?: boolean;
}

export const routes = [
  { name: "home", method: "GET", path: "/", fn: "list-events" },
  { name: "events", method: "GET", path: "/events", fn: "list-events" },
  { name: "event", method: "GET", path: "/events/{eventId}", fn: "get-event" },
  { name: "event-calendar", method: "GET", path: "/events/{eventId}/calendar.ics", fn: "event-calendar" },
  { name: "registration-form", method: "GET", path: "/events/{eventId}/register", fn: "registration-form" },
  {
    name: "registrations",
    method: "POST",
    path: "/events/{eventId}/registrations",
    fn: "create-registration",
    publicForm: true,
  },
  { name: "registration-link", method: "GET", path: "/r/{token}", fn: "registration-link" },
  { name: "registration-cancel", method: "POST", path: "/r/{token}", fn: "cancel-registration" },
  { name: "petition-lookup", method: "GET", path: "/petitions", fn: "petition-lookup" },
  { name: "petition-lookup-post", method: "POST", path: "/petitions/lookup", fn: "petition-lookup", publicForm: true },
  { name: "petition-form", method: "GET", path: "/petitions/new", fn: "petition-form" },
  { name: "petitions", method: "POST", path: "/petitions", fn: "submit-petition", publicForm: true },
  { name: "petition-status", method: "GET", path: "/petitions/{trackingCode}", fn: "petition-status" },
  { name: "action-page", method: "GET", path: "/a/{token}", fn: "action-page" },
  { name: "action", method: "POST", path: "/a/{token}", fn: "act-on-petition" },
  { name: "intake-form", method: "GET", path: "/o/{token}", fn: "intake-form" },
  { name: "intake", method: "POST", path: "/o/{token}", fn: "submit-intake" },
  { name: "organiser-page", method: "GET", path: "/g/{token}", fn: "organiser-page" },
  { name: "organiser-action", method: "POST", path: "/g/{token}", fn: "organiser-action" },
  { name: "organiser-bulk", method: "POST", path: "/g/{token}/bulk", fn: "organiser-bulk" },
  { name: "leaders-report", method: "GET", path: "/l/{token}", fn: "leaders-report" },
  { name: "leaders-csv", method: "GET", path: "/l/{token}/petitions.csv", fn: "leaders-report" },
  { name: "openapi", method: "GET", path: "/openapi.json", fn: "openapi" },
  { name: "session", method: "GET", path: "/sessions/{eventId}", fn: "session-page" },
  { name: "session-record", method: "POST", path: "/g/{token}/record", fn: "session-record" },
  { name: "session-sheet-template", method: "GET", path: "/g/{token}/sheet", fn: "session-sheet" },
  { name: "session-sheet", method: "POST", path: "/g/{token}/sheet", fn: "session-sheet" },
  { name: "dossier", method: "GET", path: "/s/{token}", fn: "dossier" },
  { name: "dossier-reply", method: "POST", path: "/s/{token}", fn: "dossier" },
  { name: "commitment", method: "GET", path: "/c/{token}", fn: "commitment" },
  { name: "commitment-progress", method: "POST", path: "/c/{token}", fn: "commitment" },
  { name: "my-data", method: "GET", path: "/me/{token}", fn: "my-data" },
  { name: "my-data-request", method: "POST", path: "/me/{token}", fn: "my-data" },
  { name: "intake-data-request", method: "POST", path: "/o/{token}/data-requests", fn: "my-data" },
] as const satisfies readonly RouteDeclaration[];

/**
 * Every route as served, in both worlds: a GET route also answers HEAD with the same function (API Gateway
 * does not do this by itself). Link checkers and mail scanners send HEAD; it shows, never changes.
 */
export const servedRoutes: readonly RouteDeclaration[] = routes.flatMap((r): RouteDeclaration[] =>
  r.method === "GET" ? [r, { ...r, method: "HEAD" }] : [r],
);

/**
 * What answers a request no route takes: unknown paths (404) and known paths with another method (405).
 * API Gateway sends these to the function through an ANY method on every resource and a `{proxy+}` catch-all.
 */
export const fallbackFunction: FunctionName = "not-found";

export interface StreamConsumerDeclaration {
  fn: FunctionName;
  /**
   * A Lambda event filter pattern (the JSON that `FilterCriteria` takes). The local runtime applies the same
   * pattern; it understands literal lists and `{ "prefix": "…" }`.
   */
  filterPattern: Record<string, unknown>;
  batchSize: number;
  /** Retries of a failing batch before it goes to the on-failure destination. */
  retryAttempts: number;
  bisectBatchOnError: boolean;
  maxBatchingWindowSeconds: number;
}

export const streamConsumers = [
  {
    fn: "notifier",
    filterPattern: { eventName: ["INSERT"], dynamodb: { Keys: { pk: { S: [{ prefix: table.mailKeyPrefix }] } } } },
    batchSize: 25,
    retryAttempts: 8,
    bisectBatchOnError: true,
    maxBatchingWindowSeconds: 1,
  },
] as const satisfies readonly StreamConsumerDeclaration[];

export interface ScheduleDeclaration {
  fn: FunctionName;
  everyMinutes: number;
}

/** Functions run on a clock: an EventBridge rule on AWS, a timer in the local runtime. */
export const schedules = [
  { fn: "mail-sweeper", everyMinutes: 5 },
  { fn: "registration-reconciler", everyMinutes: 10 },
  // Alarms are due from 08:00 (Vietnam) of their day: a quarter of an hour is as late as any reminder comes.
  { fn: "deadline-sweeper", everyMinutes: 15 },
  // Retention is counted in days: twice an hour is soon enough, and cheap (it reads only what is due).
  { fn: "retention-sweeper", everyMinutes: 30 },
] as const satisfies readonly ScheduleDeclaration[];

/** The SES sending events a consumer is told of (an SES configuration set's event types, as CloudFormation names them). */
export type MailEventType = "bounce" | "complaint";

export interface MailEventConsumerDeclaration {
  fn: FunctionName;
  events: readonly MailEventType[];
}

/**
 * Functions told what became of the mail the notifier sent: on AWS, the mail goes out under an SES configuration set
 * whose event destination (an SNS topic) invokes each of these with the events it declares; locally,
 * `npm run mail-event` (local/mail-events.ts) hands them the same SNS-shaped event, as the same function.
 */
export const mailEventConsumers = [
  { fn: "mail-events", events: ["bounce", "complaint"] },
] as const satisfies readonly MailEventConsumerDeclaration[];
