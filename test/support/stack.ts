import { randomBytes } from "node:crypto";
import type { DynamoDBRecord } from "aws-lambda";
import { inject } from "vitest";
import { startRuntime } from "../../local/runtime.ts";
import { type RunningSes, startSesLocal } from "../../local/services.ts";
import { demoConfig } from "../../shared/config/demo.ts";

/**
 * A whole local stack for one test file: its own table in the shared DynamoDB Local, its own local SES,
 * the API on a free port and the stream delivered to the notifier, exactly as `npm start` runs them.
 */
export interface TestStack {
  url: string;
  tableName: string;
  ses: RunningSes;
  /** Stop the local SES (a mail outage) … */
  stopSes(): Promise<void>;
  /** … and bring it back on the same address. */
  startSes(): Promise<void>;
  inbox: Inbox;
  /** Records the stream consumers gave up on (Lambda's on-failure destination). */
  deadLetters: DynamoDBRecord[];
  stop(): Promise<void>;
}

export interface Mail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  replyTo?: string[];
  body: { text?: string; html?: string };
  at: number;
}

export class Inbox {
  constructor(private readonly endpoint: string) {}

  async all(): Promise<Mail[]> {
    const res = await fetch(`${this.endpoint}/store`);
    return ((await res.json()) as { emails: Mail[] }).emails;
  }

  async to(address: string): Promise<Mail[]> {
    return (await this.all()).filter((m) => m.destination.to.includes(address));
  }

  /** Wait until `count` messages to `address` have arrived (the notifier runs off the stream). */
  // A bound, not a speed: a loaded machine (the suite runs once beside CPU hogs) may take this long; a pass is quick.
  async waitFor(address: string, count = 1, timeoutMs = 60_000): Promise<Mail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mails = await this.to(address);
      if (mails.length >= count) return mails;
      if (Date.now() > deadline) throw new Error(`expected ${count} mail(s) to ${address}, got ${mails.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Every http(s) link in a mail's text part. */
export function linksIn(mail: Mail): string[] {
  return [...(mail.body.text ?? "").matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export interface StackOptions {
  config?: unknown;
  /** Another DynamoDB (e.g. one the test restarts); default: the run's shared in-memory one. */
  dynamoEndpoint?: string;
  /** How often scheduled functions (the outbox sweeper) run; default: as declared (minutes). */
  scheduleEveryMs?: number;
}

export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  let ses = await startSesLocal();
  const port = ses.port;
  const tableName = uniqueName("test");
  const deadLetters: DynamoDBRecord[] = [];
  const runtime = await startRuntime({
    dynamoEndpoint: options.dynamoEndpoint ?? inject("dynamoEndpoint"),
    sesEndpoint: ses.endpoint,
    tableName,
    port: 0,
    config: options.config ?? demoConfig(),
    pollMs: 25,
    retryDelayMs: () => 25,
    scheduleEveryMs: options.scheduleEveryMs,
    onStreamFailure: (records) => deadLetters.push(...records),
  });
  let sesRunning = true;
  const stack: TestStack = {
    url: runtime.url,
    tableName,
    ses,
    inbox: new Inbox(ses.endpoint),
    deadLetters,
    stopSes: async () => {
      await ses.stop();
      sesRunning = false;
    },
    startSes: async () => {
      ses = await startSesLocal({ port });
      stack.ses = ses;
      sesRunning = true;
    },
    stop: async () => {
      await runtime.stop();
      if (sesRunning) await ses.stop();
    },
  };
  return stack;
}

/** POST JSON and return status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, json, text };
}

/** POST a form as a browser does (application/x-www-form-urlencoded). */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}
