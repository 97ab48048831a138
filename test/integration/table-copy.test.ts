import { DescribeTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../local/services.ts";
import { sendOfficerLink } from "../../shared/petitions/service.ts";
import { sha256 } from "../../shared/platform/ids.ts";
import { keyedHash, secretReady } from "../../shared/platform/secret.ts";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { act, demoPath, linkFor, petitionBody, submit } from "../support/petitions.ts";
import { type Mail, postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 9: a copy of the table — every item, and every record its stream carried — opens no door. After a whole
 * petition path, a registration, an organiser link and an officer link, the links that arrived by e-mail work, and
 * nothing found in the copy does: no token is stored, not even in the mail that carried it, and a mail's body is
 * gone once it is sent.
 */
let stack: TestStack;
const { screener: SCREENER, approver: APPROVER, agency: AGENCY } = demoPath;
const EVENT = "copy-test";
const PETITIONER = "copy.petitioner@example.org";
const REGISTRANT = "copy.registrant@example.org";

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: EVENT })]) });
});
afterAll(async () => stack?.stop());

const client = () => ({
  endpoint: inject("dynamoEndpoint"),
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});

/** Every item of the table, as a backup or an export would hold it. */
async function tableCopy(): Promise<Record<string, unknown>[]> {
  const dynamo = new DynamoDBClient(client());
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.send(
      new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start as never, ConsistentRead: true }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  dynamo.destroy();
  return items;
}

/** Every record the table's stream holds, from its beginning: new and old images alike. */
async function streamCopy(): Promise<unknown[]> {
  const dynamo = new DynamoDBClient(client());
  const arn = (await dynamo.send(new DescribeTableCommand({ TableName: stack.tableName }))).Table?.LatestStreamArn;
  dynamo.destroy();
  const streams = new DynamoDBStreamsClient(client());
  const records: unknown[] = [];
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
  for (const shard of shards) {
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      )
    ).ShardIterator;
    // An open shard's iterator never ends: read until a page comes back empty.
    while (iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if (!out.Records?.length) break;
      records.push(...out.Records);
      iterator = out.NextShardIterator;
    }
  }
  streams.destroy();
  return records;
}

/** Whatever in a text has the shape of a link token. */
const tokensIn = (text: string) => [...new Set(text.match(/(?<![a-z2-7])[a-z2-7]{32}(?![a-z2-7])/g) ?? [])];
const mailText = (mails: Mail[]) => mails.map((m) => `${m.body.text ?? ""}\n${m.body.html ?? ""}`).join("\n");

/** Whether `token` opens any link page (each kind of link lives under its own path). */
async function opens(token: string): Promise<boolean> {
  for (const path of ["a", "r", "g", "o"]) {
    const res = await fetch(`${stack.url}/${path}/${token}`);
    await res.arrayBuffer();
    if (res.status === 200) return true;
  }
  return false;
}

describe("a copy of the table", () => {
  it("holds no working link after a whole workflow, while the mails that carried the links still work", async () => {
    // A petition from submission to the agency's answer: step links, her own link, an officer's intake link.
    const { trackingCode: code } = await submit(stack.url, petitionBody({}, PETITIONER));
    const screening = await linkFor(stack.inbox, SCREENER, code);
    expect((await act(screening.link, "accept")).status).toBe(200);
    const approval = await linkFor(stack.inbox, APPROVER, code);
    expect((await act(approval.link, "forward")).status).toBe(200);
    const agency = await linkFor(stack.inbox, AGENCY, code);
    expect((await act(agency.link, "acknowledge")).status).toBe(200);
    await stack.inbox.waitFor(PETITIONER, 2);
    // A registration (her link to cancel), an organiser's roster link, an officer's own intake link.
    const registered = await postJson(`${stack.url}/events/${EVENT}/registrations`, {
      ...validRegistration,
      phone: "0912 345 777",
      email: REGISTRANT,
    });
    expect(registered.status, registered.text).toBe(201);
    const before = {
      screener: (await stack.inbox.to(SCREENER)).length,
      approver: (await stack.inbox.to(APPROVER)).length,
    };
    await sendOrganiserLink(EVENT, SCREENER, stack.url);
    await sendOfficerLink(APPROVER, stack.url);
    await stack.inbox.waitFor(REGISTRANT);
    await stack.inbox.waitFor(SCREENER, before.screener + 1);
    await stack.inbox.waitFor(APPROVER, before.approver + 1);

    // The links people received work (so the search below can find a token when there is one).
    const inbox = await stack.inbox.all();
    const received = tokensIn(mailText(inbox));
    expect(received.length).toBeGreaterThanOrEqual(8);
    const working: string[] = [];
    for (const token of received) if (await opens(token)) working.push(token);
    // The screener's and approver's links are spent (their steps are done); the others open.
    expect(working.length).toBeGreaterThanOrEqual(5);

    // Every mail was sent: the outbox keeps no body.
    const items = await tableCopy();
    const mails = items.filter((i) => JSON.stringify(i.pk).includes("MAIL#"));
    expect(mails.length).toBe(inbox.length);
    for (const mail of mails) expect(Object.keys(mail)).not.toEqual(expect.arrayContaining(["html"]));
    for (const mail of mails) expect(Object.keys(mail)).not.toContain("text");

    // Nothing in the table or its stream is a token that works, or contains one that did.
    const copy = JSON.stringify({ items, stream: await streamCopy() });
    expect(copy.length).toBeGreaterThan(10_000);
    for (const token of received) expect(copy).not.toContain(token);
    // Her phone is keyed with the secret, not a bare SHA-256 anyone could reverse by trying every mobile number.
    await secretReady();
    const phone = "+84912345777";
    expect(copy).toContain(keyedHash("phone", `${EVENT}\n${phone}`));
    for (const bare of [`${EVENT}\n${phone}`, phone]) expect(copy).not.toContain(sha256(bare));
    const candidates = tokensIn(copy);
    for (const candidate of candidates) expect(await opens(candidate), candidate).toBe(false);
  });
});
