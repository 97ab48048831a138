import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { GetCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findMail, injectMailEvent, sesEventFor } from "../../local/mail-events.ts";
import { deliverMailEvent } from "../../local/runtime.ts";
import { keys, queries } from "../../shared/keys.ts";
import { type DeliveryEventType, listMailHealth, type MailEventsResult } from "../../shared/petitions/mail-events.ts";
import { getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { db, tableName } from "../../shared/platform/dynamo.ts";
import { LOG_DIR } from "../support/capture-logs.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 10, part 4: a mail that does not arrive is not silence. SES's bounces and complaints (made locally by
 * local/mail-events.ts, in the SNS envelope the configuration set's topic would deliver) reach the mail-events
 * function as itself: recorded against the mail and the address, a step that reached nobody told to the unit above,
 * a step mail that bounced for now sent again, a petitioner whose address bounces phoned by her commune union.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
/** An ops command, as `npm run` starts it, on this file's table. */
const command = (script: string, args: string[]) =>
  run(
    join(ROOT, "node_modules/.bin/tsx"),
    [script, "--endpoint", inject("dynamoEndpoint"), "--table", stack.tableName, ...args],
    { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
  );

const UNDELIVERED = "Kiến nghị chưa đến được nơi xử lý";
const UNREACHABLE = "Không gửi được thư cho người kiến nghị";
const province = "phochutich.hlhpn.tuyenquang@example.org";
const otherAgency = "ubnd.thuong-lam@example.org";

/** SES's report on the newest mail to `to` about petition `code` (display form) of `kind`. */
const report = (to: string, type: DeliveryEventType, code: string, kind = "assigned") =>
  injectMailEvent<MailEventsResult>({ to, type, kind, trackingCode: parseTrackingCode(code) });
const only = (results: MailEventsResult[]) => {
  expect(results).toHaveLength(1);
  return results[0] as MailEventsResult;
};

/** The mails of one kind about one petition the outbox holds (sent or not), to one address if given. */
async function outbox(code: string, kind: string, to?: string) {
  const out = await db().send(
    new ScanCommand({
      TableName: tableName(),
      FilterExpression: "kind = :kind AND contains(subject, :code)",
      ExpressionAttributeValues: { ":kind": kind, ":code": code },
      ConsistentRead: true,
    }),
  );
  return ((out.Items ?? []) as { to: string; resendOf?: string }[]).filter((m) => to === undefined || m.to === to);
}

const healthOf = async (address: string) => (await listMailHealth()).find((h) => h.address === address);

/** Submit, accept, forward: the petition is with the agency, whose "assigned" mail has arrived. */
async function atAgency() {
  const { trackingCode: code } = await submit(stack.url, petitionBody());
  const screening = await linkFor(stack.inbox, demoPath.screener, code);
  expect((await act(screening.link, "accept")).status).toBe(200);
  const approval = await linkFor(stack.inbox, demoPath.approver, code);
  expect((await act(approval.link, "forward")).status).toBe(200);
  await linkFor(stack.inbox, demoPath.agency, code);
  return code;
}

describe("a permanent bounce of a step's mail", () => {
  it("tells the unit above, which re-routes; once per step, however often SES reports it", async () => {
    const code = await atAgency();
    const stored = parseTrackingCode(code) as string;
    const before = await getPetition(stored);

    const bounced = await report(demoPath.agency, "Permanent", code);
    expect(only(bounced.results)).toMatchObject({ events: 1, recorded: 1, notices: 1 });
    // Both district approvers (the union that forwarded it) hear which address bounced, with a link as its overseer.
    const notice = await linkFor(stack.inbox, demoPath.approver, `${UNDELIVERED}: ${code}`);
    await linkFor(stack.inbox, demoPath.approver2, `${UNDELIVERED}: ${code}`);
    expect(notice.mail.body.text).toContain(demoPath.agency);
    const page = await (await fetch(notice.link)).text();
    expect(page).toContain('value="reroute"');
    expect(page).toContain('value="take_over"');

    // The petition is marked for this step, without a new version (nobody acting now is refused for it).
    const marked = await getPetition(stored);
    expect(marked).toMatchObject({
      version: before?.version,
      undelivered: { role: "agency", stepVersion: before?.stepVersion },
    });
    // The bounce is on its mail.
    const mail = await db().send(
      new GetCommand({ TableName: tableName(), Key: keys.mail(bounced.mail.mailId), ConsistentRead: true }),
    );
    expect(mail.Item?.deliveryEvents).toEqual([{ type: "Permanent", subType: "General", at: expect.any(String) }]);

    // SNS delivers the same report again: recorded once, nothing sent.
    expect(only(await deliverMailEvent<MailEventsResult>(bounced.event))).toMatchObject({
      duplicates: 1,
      notices: 0,
    });
    expect(await healthOf(demoPath.agency)).toMatchObject({
      permanent: 1,
      transient: 0,
      complaint: 0,
      lastType: "Permanent",
      lastKind: "assigned",
    });
    // Ops read the list: the agency's address itself (it is configuration, not a person's).
    const { stdout } = await command("scripts/mail-health.ts", []);
    expect(stdout).toMatch(new RegExp(`${demoPath.agency.replace(/\./g, "\\.")}\\s+1\\s+0\\s+0\\s+0\\s+Permanent`));
    // A second bounce of the same mail (a new report) adds to the count, and still sends nothing more.
    expect(only((await report(demoPath.agency, "Permanent", code)).results)).toMatchObject({ notices: 0 });
    expect((await healthOf(demoPath.agency))?.permanent).toBe(2);
    expect(await outbox(code, "undelivered")).toHaveLength(2);

    // The district re-routes it to the commune's People's Committee, which gets it.
    expect((await act(notice.link, "reroute", { agency: "ubnd-xa" })).status).toBe(200);
    const second = await linkFor(stack.inbox, otherAgency, code);
    expect((await fetch(second.link)).status).toBe(200);
    // The new step is not marked: a bounce of its mail would be told again.
    expect((await getPetition(stored))?.stepVersion).toBeGreaterThan(before?.stepVersion ?? 0);
  });

  it("waits while another holder of the step can still be reached (a unit's two approvers)", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const screening = await linkFor(stack.inbox, demoPath.screener, code);
    expect((await act(screening.link, "accept")).status).toBe(200);
    await linkFor(stack.inbox, demoPath.approver, code);
    await linkFor(stack.inbox, demoPath.approver2, code);

    // One approver's address bounces: the other has it, nobody is told (ops see the address on the list).
    expect(only((await report(demoPath.approver, "Permanent", code)).results)).toMatchObject({ notices: 0 });
    expect((await healthOf(demoPath.approver))?.permanent).toBeGreaterThan(0);
    // Then the other's: the petition reached nobody, and the province (above the approving unit) is told.
    expect(only((await report(demoPath.approver2, "Permanent", code)).results)).toMatchObject({ notices: 1 });
    const notice = await linkFor(stack.inbox, province, `${UNDELIVERED}: ${code}`);
    expect(notice.mail.body.text).toContain(`${demoPath.approver}, ${demoPath.approver2}`);
    expect(await (await fetch(notice.link)).text()).toContain('value="take_over"');
  });

  it("of a mail that did not hand over the step (a notice, an escalation) is recorded, nothing more", async () => {
    const code = await atAgency();
    // The approver's "assigned" mail is for a step that is over: the petition is with the agency now.
    expect(only((await report(demoPath.approver2, "Permanent", code)).results)).toMatchObject({
      recorded: 1,
      notices: 0,
      resends: 0,
    });
    expect(await outbox(code, "undelivered")).toHaveLength(0);
  });
});

describe("a transient bounce of a step's mail", () => {
  it("sends it again once, with a link that works; never twice, never a resend's resend", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const first = await linkFor(stack.inbox, demoPath.screener, code);
    const bounced = await report(demoPath.screener, "Transient", code);
    expect(only(bounced.results)).toMatchObject({ resends: 1 });
    const again = await linkFor(stack.inbox, demoPath.screener, code, 2);
    expect(again.mail.subject).toBe(first.mail.subject);
    expect(again.link).not.toBe(first.link);
    expect((await fetch(again.link)).status).toBe(200);

    // A second transient bounce of the same original mail: recorded, not sent again.
    const second = only(await deliverMailEvent<MailEventsResult>(sesEventFor(bounced.mail, "Transient")));
    expect(second).toMatchObject({ recorded: 1, resends: 0 });
    // The resend bounces for now too: not sent a third time.
    const ofResend = await report(demoPath.screener, "Transient", code);
    expect(ofResend.mail.mailId).not.toBe(bounced.mail.mailId);
    expect(only(ofResend.results)).toMatchObject({ resends: 0 });
    const assigned = await outbox(code, "assigned", demoPath.screener);
    expect(assigned).toHaveLength(2);
    expect(assigned.filter((m) => m.resendOf === bounced.mail.mailId)).toHaveLength(1);
    expect((await healthOf(demoPath.screener))?.transient).toBeGreaterThanOrEqual(3);
  });

  it("keeps the first mail's Reply-To: the agency's resend still answers to the approver who forwarded it", async () => {
    const code = await atAgency();
    const first = await linkFor(stack.inbox, demoPath.agency, code);
    expect(first.mail.replyTo).toEqual([demoPath.approver]);
    expect(only((await report(demoPath.agency, "Transient", code)).results)).toMatchObject({ resends: 1 });
    const again = await linkFor(stack.inbox, demoPath.agency, code, 2);
    expect(again.link).not.toBe(first.link);
    expect(again.mail.replyTo).toEqual([demoPath.approver]);
  });

  it("sends nothing once the step is over", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const screening = await linkFor(stack.inbox, demoPath.screener, code);
    expect((await act(screening.link, "accept")).status).toBe(200);
    expect(only((await report(demoPath.screener, "Transient", code)).results)).toMatchObject({ resends: 0 });
    expect(await outbox(code, "assigned", demoPath.screener)).toHaveLength(1);
  });
});

describe("a permanent bounce of her mail", () => {
  it("asks the commune union to phone her, once; her address shows masked and reaches no log", async () => {
    const local = `hoa.${randomBytes(4).toString("hex")}`;
    const email = `${local}@gmail.com`;
    const { trackingCode: code } = await submit(stack.url, petitionBody({}, email));
    await stack.inbox.waitFor(email);
    const bounced = await report(email, "Permanent", code, "receipt");
    expect(only(bounced.results)).toMatchObject({ unreachable: 1 });
    const notice = await mailFor(stack.inbox, demoPath.screener, `${UNREACHABLE}: ${code}`);
    expect(notice.body.text).toContain("điện thoại");
    expect(await getPetition(parseTrackingCode(code) as string)).toMatchObject({ petitionerUnreachable: true });
    // Again: nothing more.
    expect(only((await report(email, "Permanent", code, "receipt")).results)).toMatchObject({ unreachable: 0 });
    expect(await outbox(code, "petitioner-unreachable")).toHaveLength(1);

    // The list shows her address masked; no health item, nor any line the run logged, holds it.
    expect(await healthOf("h***@gmail.com")).toMatchObject({ permanent: 2, lastKind: "receipt" });
    const health = await db().send(new QueryCommand({ TableName: tableName(), ...queries.mailHealth() }));
    expect(JSON.stringify(health.Items)).not.toContain(local);
    const logged = readdirSync(LOG_DIR).map((f) => readFileSync(join(LOG_DIR, f), "utf8"));
    expect(logged.join("").length).toBeGreaterThan(0);
    for (const lines of logged) expect(lines).not.toContain(local);
  });
});

describe("a complaint", () => {
  it("is recorded against its mail and listed, and changes nothing (npm run mail-event)", async () => {
    const { trackingCode: code } = await submit(stack.url, petitionBody());
    const screening = await linkFor(stack.inbox, demoPath.screener, code);
    expect((await act(screening.link, "accept")).status).toBe(200);
    await linkFor(stack.inbox, demoPath.approver2, code);
    const before = await getPetition(parseTrackingCode(code) as string);

    const { stdout } = await command("scripts/mail-event.ts", [
      "--to",
      demoPath.approver2,
      "--type",
      "Complaint",
      "--kind",
      "assigned",
      "--code",
      code,
    ]);
    expect(stdout).toMatch(/Complaint reported on mail \w+ \(assigned\).*0 notice\(s\), 0 resend\(s\)/);
    const mail = await findMail(demoPath.approver2, { kind: "assigned", trackingCode: parseTrackingCode(code) });
    const item = await db().send(
      new GetCommand({ TableName: tableName(), Key: keys.mail(mail?.mailId ?? ""), ConsistentRead: true }),
    );
    expect(item.Item?.deliveryEvents).toEqual([{ type: "Complaint", subType: "abuse", at: expect.any(String) }]);
    expect(await healthOf(demoPath.approver2)).toMatchObject({ complaint: 1, lastType: "Complaint" });
    expect(await getPetition(parseTrackingCode(code) as string)).toEqual(before);

    const listed = JSON.parse((await command("scripts/mail-health.ts", ["--json"])).stdout) as { address: string }[];
    expect(listed.map((h) => h.address)).toContain(demoPath.approver2);
    // The command refuses what it cannot be: a report it does not know, a deployed table.
    await expect(command("scripts/mail-event.ts", ["--to", demoPath.approver2, "--type", "Soft"])).rejects.toThrow(
      /Usage: npm run mail-event/,
    );
  });
});

describe("SNS's redeliveries", () => {
  it("give exactly one notice or resend, however many copies of a report and fresh reports overlap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<DeliveryEventType>("Permanent", "Transient", "Undetermined"),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 }),
        async (type, copies, fresh) => {
          const { trackingCode: code } = await submit(stack.url, petitionBody());
          const stored = parseTrackingCode(code) as string;
          const mail = await findMail(demoPath.screener, { kind: "assigned", trackingCode: stored });
          if (!mail) throw new Error("no assigned mail");
          const counted = type.toLowerCase() as "permanent" | "transient" | "undetermined";
          const countBefore = (await healthOf(demoPath.screener))?.[counted] ?? 0;
          const event = sesEventFor(mail, type);
          const results = (
            await Promise.all([
              ...Array.from({ length: copies }, () => deliverMailEvent<MailEventsResult>(event)),
              ...Array.from({ length: fresh }, () => deliverMailEvent<MailEventsResult>(sesEventFor(mail, type))),
            ])
          ).flat();
          const total = (k: keyof MailEventsResult) => results.reduce((n, r) => n + r[k], 0);
          expect(total("recorded")).toBe(1 + fresh);
          expect(total("duplicates")).toBe(copies - 1);
          if (type === "Permanent") {
            expect(total("notices")).toBe(1);
            expect(total("resends")).toBe(0);
            // One notice to each of the district's two approvers.
            expect(await outbox(code, "undelivered")).toHaveLength(2);
          } else {
            expect(total("resends")).toBe(1);
            expect(await outbox(code, "assigned", demoPath.screener)).toHaveLength(2);
          }
          expect((await healthOf(demoPath.screener))?.[counted]).toBe(countBefore + 1 + fresh);
        },
      ),
      { numRuns: 6 },
    );
  });
});
