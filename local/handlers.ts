import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import {
  type DynamoAction,
  type FunctionDeclaration,
  type FunctionName,
  functions,
  isWriteAction,
  settingsOf,
  table,
} from "#shared/declarations.ts";
import { setAccessGuard } from "#shared/platform/dynamo.ts";
import { setSecretGuard } from "#shared/platform/secret.ts";

/** The repository root: function entries in the declarations are relative to it. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const loaded = new Map<FunctionName, Promise<unknown>>();

/** Import a function's module the way Lambda would (once per "container") and return its `handler`. */
export function loadHandler(fn: FunctionName): Promise<unknown> {
  let handler = loaded.get(fn);
  if (!handler) {
    const url = pathToFileURL(resolve(ROOT, functions[fn].entry)).href;
    handler = import(url).then((mod: { handler?: unknown }) => {
      if (typeof mod.handler !== "function") throw new Error(`${functions[fn].entry} exports no handler`);
      return mod.handler;
    });
    loaded.set(fn, handler);
  }
  return handler;
}

/**
 * The invocation a piece of work belongs to: which function runs it (what it may do), and its request id (the
 * benchmark counts DynamoDB requests per request with it). Work outside any invocation — tests, ops commands,
 * the seed — runs as no function and is not held to any declaration.
 */
export const invocation = new AsyncLocalStorage<{ requestId: string; fn: FunctionName }>();
let guarding = false;

/**
 * Run `work` as an invocation of `fn`, as Lambda would run it with the function's role: every DynamoDB request it
 * makes, however deep, is checked against the function's declaration and refused (AccessDeniedException) when
 * the declaration does not allow it. The API Gateway stand-in, the schedules and the stream delivery all call this.
 */
export function invoke<T>(fn: FunctionName, work: () => Promise<T>, requestId: string = randomUUID()): Promise<T> {
  // Once per process: the document client keeps the guard, and a client made later gets it too.
  if (!guarding) {
    setAccessGuard(checkAccess);
    setSecretGuard(secretGuard);
  }
  guarding = true;
  return invocation.run({ requestId, fn }, work);
}

/**
 * The context Lambda gives an invocation of `fn`: its name, its own request id (which is not API Gateway's), and the
 * time it has left. The logs read the first two (shared/platform/log.ts), as on AWS.
 */
export function lambdaContext(fn: FunctionName, awsRequestId: string = randomUUID()): Context {
  const settings = settingsOf(fn);
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn}`,
    memoryLimitInMB: String(settings.memoryMB),
    awsRequestId,
    logGroupName: `/aws/lambda/${fn}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invoke `handler` with `event` as Lambda would invoke `fn`: as its invocation, with its context. */
export function invokeHandler<E, R>(
  fn: FunctionName,
  handler: (event: E, context: Context) => Promise<R>,
  event: E,
): Promise<R> {
  const requestId = randomUUID();
  return invoke(fn, () => handler(event, lambdaContext(fn, requestId)), requestId);
}

/**
 * One authorisation as IAM makes it: an action on the table's items with the partition key it touches (what
 * `dynamodb:LeadingKeys` sees), or an action on an index. A transaction is one authorisation per item.
 */
export interface Authorisation {
  action: DynamoAction | string;
  tableName?: string;
  /** The base table's partition key, when the request names one. */
  key?: string;
  index?: string;
}

type Input = Record<string, unknown>;

/** A key attribute as the caller wrote it: a plain value (document client) or an AttributeValue. */
const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : ((value as { S?: string } | undefined)?.S ?? undefined);
const partitionKeyOf = (item: unknown) => text((item as Input | undefined)?.[table.partitionKey]);

/** The partition key a Query's key condition fixes (`pk = :v`, with or without a name placeholder). */
function queriedKey(input: Input): string | undefined {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Input;
  for (const [, name, value] of String(input.KeyConditionExpression ?? "").matchAll(/(#?\w+)\s*=\s*(:\w+)/g)) {
    if ((names[name as string] ?? name) === table.partitionKey) return text(values[value as string]);
  }
  return undefined;
}

const ITEM_ACTIONS: Record<string, DynamoAction> = {
  GetItemCommand: "GetItem",
  PutItemCommand: "PutItem",
  UpdateItemCommand: "UpdateItem",
  DeleteItemCommand: "DeleteItem",
};
const TRANSACT_ACTIONS: Record<string, DynamoAction> = {
  Get: "GetItem",
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "ConditionCheckItem",
};

/** What IAM authorises for a command: one entry per action and key (or index) it needs. */
export function authorisationsOf(command: string, input: Input): Authorisation[] {
  const tableName = input.TableName as string | undefined;
  const itemAction = ITEM_ACTIONS[command];
  if (itemAction) return [{ action: itemAction, tableName, key: partitionKeyOf(input.Item ?? input.Key) }];
  if (command === "QueryCommand" || command === "ScanCommand") {
    const action = command === "QueryCommand" ? "Query" : "Scan";
    if (input.IndexName) return [{ action, tableName, index: String(input.IndexName) }];
    return [{ action, tableName, key: action === "Query" ? queriedKey(input) : undefined }];
  }
  if (command === "TransactWriteItemsCommand" || command === "TransactGetItemsCommand") {
    return ((input.TransactItems ?? []) as Record<string, Input>[]).flatMap((item) =>
      Object.entries(item).map(([kind, op]) => ({
        action: TRANSACT_ACTIONS[kind] ?? kind,
        tableName: op.TableName as string | undefined,
        key: partitionKeyOf(op.Item ?? op.Key),
      })),
    );
  }
  if (command === "BatchGetItemCommand" || command === "BatchWriteItemCommand") {
    const action = command === "BatchGetItemCommand" ? "BatchGetItem" : "BatchWriteItem";
    return Object.entries((input.RequestItems ?? {}) as Record<string, unknown>).flatMap(([name, requests]) => {
      const keys =
        action === "BatchGetItem"
          ? ((requests as { Keys?: unknown[] }).Keys ?? [])
          : (requests as { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]).map(
              (r) => r.PutRequest?.Item ?? r.DeleteRequest?.Key,
            );
      return keys.map((k) => ({ action, tableName: name, key: partitionKeyOf(k) }));
    });
  }
  // Anything else (PartiQL, DescribeTable, …) no function declares: refused under its own name.
  return [{ action: command.replace(/Command$/, ""), tableName }];
}

/** IAM's StringLike: `*` any run of characters, `?` one. */
const likePattern = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

/** Only the family of a key (`EVENT#…`): its rest may be a keyed hash, which no log line should carry. */
const familyOf = (key: string | undefined) => (key === undefined ? "no partition key" : key.replace(/#.*/, "#…"));

/** Why the declaration refuses this authorisation, or undefined when it allows it. */
export function refusal(declaration: FunctionDeclaration, request: Authorisation): string | undefined {
  const action = `dynamodb:${request.action}`;
  if (request.tableName !== undefined && request.tableName !== process.env.TABLE_NAME) {
    return `${action} on another table`;
  }
  if (request.index !== undefined) {
    const indexes: readonly string[] = declaration.indexes ?? [];
    if (request.action !== "Query" || !indexes.includes(request.index)) return `${action} on index ${request.index}`;
    return undefined;
  }
  if (!(declaration.dynamo as readonly string[]).includes(request.action)) return `${action} (not declared)`;
  // Stricter than IAM in one case: a request naming no partition key (a Scan) is refused even if declared.
  const [kind, patterns] = isWriteAction(request.action)
    ? ["writes", declaration.writeKeys]
    : ["reads", declaration.readKeys];
  if (!patterns?.some((p) => request.key !== undefined && likePattern(p).test(request.key))) {
    return `${action} on ${familyOf(request.key)} (not among the key families of its ${kind})`;
  }
  return undefined;
}

export class AccessDenied extends Error {
  constructor(fn: FunctionName, why: string) {
    super(`${fn} is not authorized to perform ${why}: see its declaration in shared/declarations.ts`);
    this.name = "AccessDeniedException";
  }
}

/** The functions that loaded the key, each as its own Lambda "container" would (shared/platform/secret.ts). */
const holdingSecret = new Set<FunctionName>();

const secretGuard = {
  loaded(): void {
    const fn = invocation.getStore()?.fn;
    if (!fn) return;
    if (!(functions[fn] as FunctionDeclaration).secret) {
      throw new AccessDenied(fn, "secretsmanager:GetSecretValue (not declared `secret`)");
    }
    holdingSecret.add(fn);
  },
  used(): void {
    const fn = invocation.getStore()?.fn;
    if (fn && !holdingSecret.has(fn)) {
      throw new Error(`${fn} uses the secret without loading it: await secretReady() before keyed hashes or tokens`);
    }
  },
};

/** The guard the local runtime puts on the document client (shared/platform/dynamo.ts). */
function checkAccess(command: string, input: Record<string, unknown>): void {
  const fn = invocation.getStore()?.fn;
  if (!fn) return;
  for (const request of authorisationsOf(command, input)) {
    const why = refusal(functions[fn], request);
    if (why) throw new AccessDenied(fn, why);
  }
}
