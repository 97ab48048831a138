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

/** Table access a function needs: read-only or read-write. The stack grants exactly this. */
export type TableAccess = "RO" | "RW";

export interface FunctionDeclaration {
  /** Source file, relative to the repository root. Exports `handler`. */
  entry: string;
  table: TableAccess;
  /** Needs to send e-mail through SES. */
  sendsMail?: boolean;
  memoryMB?: number;
  timeoutSeconds?: number;
}

/** What a function gets unless its declaration says otherwise, on AWS and in the local runtime alike. */
export const functionDefaults = { memoryMB: 256, timeoutSeconds: 10 } as const;

export const functions = {
  "list-events": { entry: "functions/list-events.ts", table: "RO" },
  "get-event": { entry: "functions/get-event.ts", table: "RO" },
  "event-calendar": { entry: "functions/event-calendar.ts", table: "RO" },
  "registration-form": { entry: "functions/registration-form.ts", table: "RO" },
  "create-registration": { entry: "functions/create-registration.ts", table: "RW" },
  "registration-link": { entry: "functions/registration-link.ts", table: "RO" },
  "cancel-registration": { entry: "functions/cancel-registration.ts", table: "RW" },
  "petition-form": { entry: "functions/petition-form.ts", table: "RO" },
  "submit-petition": { entry: "functions/submit-petition.ts", table: "RW" },
  "petition-status": { entry: "functions/petition-status.ts", table: "RO" },
  "petition-lookup": { entry: "functions/petition-lookup.ts", table: "RO" },
  "action-page": { entry: "functions/action-page.ts", table: "RO" },
  "act-on-petition": { entry: "functions/act-on-petition.ts", table: "RW" },
  "intake-form": { entry: "functions/intake-form.ts", table: "RO" },
  "submit-intake": { entry: "functions/submit-intake.ts", table: "RW" },
  "organiser-page": { entry: "functions/organiser-page.ts", table: "RO" },
  "organiser-action": { entry: "functions/organiser-action.ts", table: "RW" },
  // A bulk cancel of a flood is hundreds of transactions in one request: it gets API Gateway's whole 29 s.
  "organiser-bulk": { entry: "functions/organiser-bulk.ts", table: "RW", timeoutSeconds: 28 },
  "not-found": { entry: "functions/not-found.ts", table: "RO" },
  notifier: { entry: "functions/notifier.ts", table: "RW", sendsMail: true, timeoutSeconds: 60 },
  "mail-sweeper": { entry: "functions/mail-sweeper.ts", table: "RW", sendsMail: true, timeoutSeconds: 120 },
  "registration-reconciler": { entry: "functions/registration-reconciler.ts", table: "RW", timeoutSeconds: 120 },
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
] as const satisfies readonly ScheduleDeclaration[];
