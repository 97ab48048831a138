import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoConfig } from "../../shared/config/demo.ts";
import { keys, queries } from "../../shared/keys.ts";
import { getPetition } from "../../shared/petitions/petition.ts";
import { sendOfficerLink } from "../../shared/petitions/service.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { db, queryAll } from "../../shared/platform/dynamo.ts";
import { keyedHash, secretReady } from "../../shared/platform/secret.ts";
import { addDays, type WorkingCalendar, workdays } from "../../shared/platform/workdays.ts";
import {
  type AuditEntry,
  alarmToSend,
  completeRequest,
  deadlinesOf,
  firstAlarm,
  type RightsRequest,
  requestsOf,
  sendRightsRequestAlarm,
} from "../../shared/rights/requests.ts";
import { LOG_DIR } from "../support/capture-logs.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, submit } from "../support/petitions.ts";
import { linksIn, type Mail, postForm, postJson, startStack, type TestStack } from "../support/stack.ts";
import { at } from "../support/sweeps.ts";

/**
 * Issue 12, part 5: her data rights, her side. "My data" from her own link (a registration's, a petition's) shows what
 * is held and takes her requests: a correction and a withdrawal of consent apply at once to that item, a copy and an
 * erasure are requests for her commune union, each logged with its limits (through the working-day calendar: Tết
 * 2027), the union mailed with a link and reminded once, her receipt mailed. An officer records a request for a woman
 * at her side. Against DynamoDB Local and the local SES, through the local API Gateway, with the app's clock moved.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
  await secretReady();
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

const EVENT = "doi-thoai-thuong-lam-2027";
const UNIT = "hlhpn-thuong-lam";
const SCREENER = demoPath.screener;
/** Her details: none is in the shared fixtures, so the log check below looks for exactly these. */
const HER = {
  fullName: "Hoàng Thị Mỷ",
  phone: "0387 654 321",
  e164: "+84387654321",
  email: "my.quyen@example.org",
  newEmail: "my.quyen.moi@example.org",
};
const OTHER = { fullName: "Lý Thị Sinh", phone: "0398 111 222", email: "sinh.ly@example.org" };
const hashOf = (e164: string) => keyedHash("phone", e164);

async function register(person: { fullName: string; phone: string; email?: string }, ethnicity = true) {
  const res = await postJson(`${stack.url}/events/${EVENT}/registrations`, {
    fullName: person.fullName,
    phone: person.phone,
    ...(person.email ? { email: person.email } : {}),
    gender: "female",
    role: "Hội viên phụ nữ",
    commune: "thuong-lam",
    village: "Nà Tông",
    ...(ethnicity ? { ethnicity: "Tày", ethnicityConsent: true } : {}),
    consent: true,
  });
  expect(res.status, res.text).toBe(201);
  const manage = (res.json.links as { manage: string }).manage;
  const token = manage.split("/r/")[1] as string;
  return { me: `${stack.url}/me/${token}`, manage, registrationId: res.json.registrationId as string };
}

const registrationItem = async (registrationId: string) =>
  (
    await db().send(
      new GetCommand({
        TableName: stack.tableName,
        Key: keys.registration(EVENT, registrationId),
        ConsistentRead: true,
      }),
    )
  ).Item as Record<string, unknown>;

/** Every item but the outbox (whose mails the notifier marks sent as it goes), in a stable order. */
async function tableState(): Promise<string[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items
    .filter((i) => !String(i.pk).startsWith("MAIL#"))
    .map((i) => JSON.stringify(Object.fromEntries(Object.entries(i).sort(([a], [b]) => a.localeCompare(b)))))
    .sort();
}

/** The outbox's mails of one kind (kept, without their bodies, once sent). */
async function outboxOfKind(kind: string): Promise<number> {
  const out = await db().send(
    new ScanCommand({
      TableName: stack.tableName,
      FilterExpression: "begins_with(pk, :m) AND kind = :kind",
      ExpressionAttributeValues: { ":m": "MAIL#", ":kind": kind },
      Select: "COUNT",
      ConsistentRead: true,
    }),
  );
  return out.Count ?? 0;
}

const auditOf = (phoneHash: string) => queryAll<AuditEntry>({ ...queries.auditOf(phoneHash), ConsistentRead: true });

/** The /me/ link (a union staff member's, for one request) in a mail. */
const meLinkIn = (mail: Mail) => linksIn(mail).find((l) => /\/me\/[a-z2-7]{32}$/.test(l)) as string;

async function page(url: string) {
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
}

async function post(url: string, fields: Record<string, string>) {
  const res = await postForm(url, fields);
  return { status: res.status, html: await res.text() };
}

describe("my data, from her registration's link", () => {
  it("shows what is held (the phone masked), links from her registration page, and a GET changes nothing", async () => {
    at("2027-02-01T09:00");
    const { me, manage } = await register(HER);
    expect((await page(manage)).html).toContain(`href="/me/${me.split("/me/")[1]}"`);
    const before = await tableState();
    const shown = await page(me);
    expect(shown.status).toBe(200);
    for (const text of [HER.fullName, HER.email, "0387 *** 321", "Tày", "2026-11-registration-v1", "Thượng Lâm"])
      expect(shown.html).toContain(text);
    expect(shown.html).not.toContain("654");
    for (const action of ["correct", "correct-phone", "withdraw-consent", "copy", "erase"])
      expect(shown.html).toContain(`name="action" value="${action}"`);
    expect(shown.html).not.toMatch(/<form[^>]*method="get"/i);
    expect((await fetch(me, { method: "HEAD" })).status).toBe(200);
    expect((await page(`${me}?lang=en`)).html).toContain("My data");
    expect(await tableState()).toEqual(before);
    // Another kind of link (a staff member's petition link, a made-up one) opens nothing here.
    expect((await page(`${stack.url}/me/${"a".repeat(32)}`)).status).toBe(404);
  });

  it("withdraws her consent to record her ethnicity: the group and the consent's timestamp go at once, logged completed", async () => {
    at("2027-02-02T10:00");
    const { me, registrationId } = await register({ ...OTHER });
    expect(await registrationItem(registrationId)).toMatchObject({ ethnicity: { name: "Tày" } });
    const done = await post(me, { action: "withdraw-consent" });
    expect(done.status).toBe(200);
    expect(done.html).toContain("Đã xóa dân tộc của chị");
    const item = await registrationItem(registrationId);
    expect(item.ethnicity).toBeUndefined();
    expect(item.ethnicityConsentAt).toBeUndefined();
    expect(item.fullName).toBe(OTHER.fullName);

    const hash = hashOf("+84398111222");
    const [request] = await requestsOf(hash);
    expect(request).toMatchObject({
      kind: "withdraw-consent",
      fields: ["ethnicity", "ethnicityConsentAt"],
      channel: { via: "link" },
      source: { eventId: EVENT, registrationId },
      unitId: UNIT,
      ackDue: "2027-02-04",
      completeDue: "2027-02-17",
    });
    expect(request?.completedAt).toBe(request?.receivedAt);
    expect(request?.alarm).toBeUndefined();
    expect((await auditOf(hash)).map((a) => a.event).sort()).toEqual(["completed", "received"]);
    // Neither the request nor its audit trail holds her data.
    const logged = JSON.stringify([await requestsOf(hash), await auditOf(hash)]);
    for (const data of [OTHER.fullName, OTHER.email, "398111222", "Tày"]) expect(logged).not.toContain(data);

    await mailFor(stack.inbox, OTHER.email, "Đã thực hiện yêu cầu của chị");
    const again = await page(me);
    expect(again.html).toContain("Không có thông tin dân tộc nào được lưu");
    expect(again.html).not.toContain('value="withdraw-consent"');
    // Pressed again (another tab): nothing held, nothing recorded.
    expect((await post(me, { action: "withdraw-consent" })).html).toContain("Không có thông tin dân tộc nào được lưu");
    expect(await requestsOf(hash)).toHaveLength(1);
  });

  it("corrects her name and e-mail at once (NFC, the form's rules), tells the old address, and re-shows a bad form", async () => {
    at("2027-02-03T10:00");
    const person = { fullName: "Nông Thị Xuân", phone: "0399 222 333", email: "xuan.nong@example.org" };
    const { me, registrationId } = await register(person, false);
    const bad = await post(me, { action: "correct", fullName: "Xuân http://evil.example", email: "không phải e-mail" });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="f-fullName-err"/);
    expect(bad.html).toMatch(/id="f-email-err"/);
    expect(bad.html).toContain('value="không phải e-mail"');
    expect(await registrationItem(registrationId)).toMatchObject({ fullName: person.fullName, email: person.email });

    const decomposed = "Nông Thị Xuân Mai".normalize("NFD");
    const done = await post(me, { action: "correct", fullName: `  ${decomposed} `, email: "Xuan.Mai@Example.ORG" });
    expect(done.status).toBe(200);
    expect(done.html).toContain("Họ tên và e-mail trên đăng ký này đã được sửa");
    const item = await registrationItem(registrationId);
    expect(item.fullName).toBe("Nông Thị Xuân Mai");
    expect(item.email).toBe("Xuan.Mai@example.org");
    const [request] = await requestsOf(hashOf("+84399222333"));
    expect(request).toMatchObject({ kind: "correct", fields: ["fullName", "email"] });
    expect(request?.completedAt).toBeDefined();
    await mailFor(stack.inbox, person.email, "E-mail trong thông tin của chị đã được đổi");
    await mailFor(stack.inbox, "Xuan.Mai@example.org", "Đã thực hiện yêu cầu của chị");
    // The same again changes nothing and records nothing.
    const same = await post(me, { action: "correct", fullName: "Nông Thị Xuân Mai", email: "Xuan.Mai@example.org" });
    expect(same.html).toContain("không có gì thay đổi");
    expect(await requestsOf(hashOf("+84399222333"))).toHaveLength(1);
    // A POST without a button's action changes nothing.
    expect((await post(me, { fullName: "Ai Đó" })).status).toBe(400);
    expect((await registrationItem(registrationId)).fullName).toBe("Nông Thị Xuân Mai");
  });
});

describe("an erasure request, through Tết", () => {
  let me: string;
  let request: RightsRequest;
  const hash = () => hashOf(HER.e164);

  it("is logged with its limits (2 working days after Thursday 4 February 2027 is Monday 15th), the union mailed, her receipt", async () => {
    at("2027-02-04T09:00");
    expect(await requestsOf(hash())).toHaveLength(0);
    // Her link, as her confirmation mail carries it.
    const confirmation = await mailFor(stack.inbox, HER.email, "Xác nhận đăng ký");
    const manage = linksIn(confirmation).find((l) => l.includes("/r/")) as string;
    me = manage.replace("/r/", "/me/");

    // Without ticking that she understands: the form comes back, the message beside the box, nothing recorded.
    const unticked = await post(me, { action: "erase" });
    expect(unticked.status).toBe(400);
    expect(unticked.html).toMatch(/id="f-confirm-err"/);
    expect(await requestsOf(hash())).toHaveLength(0);

    const asked = await post(me, { action: "erase", confirm: "on" });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Hội đã nhận yêu cầu của chị");
    [request] = (await requestsOf(hash())) as [RightsRequest];
    expect(request).toMatchObject({
      kind: "erase",
      channel: { via: "link" },
      unitId: UNIT,
      ackDue: "2027-02-15",
      completeDue: "2027-02-19",
      alarm: { day: "2027-02-12", stage: "acknowledge" },
    });
    expect(request.acknowledgedAt).toBeUndefined();
    expect(request.completedAt).toBeUndefined();

    const unitMail = await mailFor(stack.inbox, SCREENER, "Yêu cầu về dữ liệu cá nhân: Xóa dữ liệu");
    expect(unitMail.subject).toContain("15/02/2027");
    const body = `${unitMail.subject}\n${unitMail.body.text}\n${unitMail.body.html}`;
    for (const data of [HER.fullName, HER.email, "387654321", "0387"]) expect(body).not.toContain(data);
    expect(meLinkIn(unitMail)).toBeDefined();
    const receipt = await mailFor(stack.inbox, HER.email, "Hội đã nhận yêu cầu của chị: Xóa dữ liệu");
    expect(receipt.body.text).toContain("Thứ Hai, 15/02/2027");
    expect(receipt.body.text).toContain("Thứ Sáu, 19/02/2027");
    expect(linksIn(receipt)).toEqual([]);

    // A second press finds the first: one request.
    const twice = await post(me, { action: "erase", confirm: "on" });
    expect(twice.html).toContain("không cần gửi lại");
    expect(await requestsOf(hash())).toHaveLength(1);
    const shown = await page(me);
    expect(shown.html).toContain("Hội sẽ xác nhận trước hết Thứ Hai, 15/02/2027");
  });

  it("reminds the union once when its alarm is due, however many sweeps call at once", async () => {
    const ours = (keys: { pk: string; sk: string }[]) =>
      keys.filter((k) => k.sk.startsWith("REQUEST#") && k.sk.endsWith(request.requestId));
    at("2027-02-11T09:00");
    expect(ours(await queryAll(queries.alarmsDueBy("2027-02-11")))).toEqual([]);
    at("2027-02-12T09:00");
    const [key] = ours(await queryAll(queries.alarmsDueBy("2027-02-12")));
    expect(key).toBeDefined();
    const due = { pk: key?.pk as string, sk: key?.sk as string };
    const results = await Promise.all([1, 2, 3].map(() => sendRightsRequestAlarm(due, "2027-02-12", stack.url)));
    expect(results.sort()).toEqual(["sent", "skipped", "skipped"]);
    expect(await sendRightsRequestAlarm(due, "2027-02-12", stack.url)).toBe("skipped");
    const reminder = await mailFor(stack.inbox, SCREENER, "Nhắc: xác nhận yêu cầu về dữ liệu cá nhân (Xóa dữ liệu)");
    expect(`${reminder.body.text}`).not.toContain(HER.fullName);
    // Counted in the outbox, where the sending transaction wrote it, not by waiting for a second mail not to come.
    expect(await outboxOfKind("rights-acknowledge")).toBe(1);
    const [after] = await requestsOf(hash());
    expect(after?.alarm).toEqual({ day: "2027-02-18", stage: "complete" });
    expect((await auditOf(hash())).filter((a) => a.event === "reminded")).toHaveLength(1);
  });

  it("is acknowledged, then carried out, from the union's link (who asks is on the page, not in the mail)", async () => {
    at("2027-02-12T10:00");
    const unitMail = await mailFor(stack.inbox, SCREENER, "Yêu cầu về dữ liệu cá nhân: Xóa dữ liệu");
    const link = meLinkIn(unitMail);
    const before = await tableState();
    const shown = await page(link);
    expect(shown.status).toBe(200);
    for (const text of [HER.fullName, HER.email, "0387 654 321", `npm run subject -- --phone ${HER.e164} --erase`])
      expect(shown.html).toContain(text);
    expect(shown.html).toContain('value="acknowledge"');
    expect(await tableState()).toEqual(before);

    const acked = await post(link, { action: "acknowledge" });
    expect(acked.status).toBe(200);
    expect(acked.html).toContain("Đã ghi nhận: Hội đã xác nhận yêu cầu.");
    let [stored] = await requestsOf(hash());
    expect(stored).toMatchObject({ acknowledgedBy: SCREENER, alarm: { day: "2027-02-18", stage: "complete" } });
    expect(stored?.acknowledgedAt?.startsWith("2027-02-12")).toBe(true);
    expect((await post(link, { action: "acknowledge" })).html).toContain("Yêu cầu này đã được xác nhận lúc");

    // `npm run subject` carries it out and records it: the alarm goes with it.
    expect(await completeRequest(hash(), request.requestId, "ops")).toBe("completed");
    expect(await completeRequest(hash(), request.requestId, "ops")).toBe("already");
    expect(await completeRequest(hash(), "nosuchrequest222", "ops")).toBe("unknown");
    [stored] = await requestsOf(hash());
    expect(stored).toMatchObject({ completedBy: "ops" });
    expect(stored?.alarm).toBeUndefined();
    const item = (
      await db().send(
        new GetCommand({
          TableName: stack.tableName,
          Key: { pk: (stored as RightsRequest & { pk: string }).pk, sk: (stored as RightsRequest & { sk: string }).sk },
        }),
      )
    ).Item as Record<string, unknown>;
    for (const attribute of keys.alarmsIndexAttributes) expect(item[attribute]).toBeUndefined();
    expect((await auditOf(hash())).map((a) => a.event).sort()).toEqual([
      "acknowledged",
      "completed",
      "received",
      "reminded",
    ]);
    expect((await page(link)).html).not.toContain('value="complete"');
    expect((await page(me)).html).toContain("Đã thực hiện lúc");
  });
});

describe("an erasure request's reminder, under any number of sweeps at once", () => {
  it("goes once, whether 2 or 6 sweeps reach it together", async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), async (sweeps) => {
        serial++;
        // A woman of her own (and her own request) for each run.
        at("2027-02-04T09:00");
        const phone = `0386 700 ${String(100 + serial).padStart(3, "0")}`;
        const { me } = await register({ fullName: "Hà Thị Vân", phone, email: `van.${serial}@example.org` });
        expect((await post(me, { action: "erase", confirm: "on" })).status).toBe(200);
        const e164 = `+84386700${String(100 + serial).padStart(3, "0")}`;
        const [request] = await requestsOf(hashOf(e164));
        at("2027-02-12T09:00");
        const [key] = (await queryAll<{ pk: string; sk: string }>(queries.alarmsDueBy("2027-02-12"))).filter(
          (k) => k.sk.startsWith("REQUEST#") && k.sk.endsWith(request?.requestId ?? "-"),
        );
        const due = { pk: key?.pk as string, sk: key?.sk as string };
        const results = await Promise.all(
          Array.from({ length: sweeps }, () => sendRightsRequestAlarm(due, "2027-02-12", stack.url)),
        );
        expect(results.filter((r) => r === "sent")).toHaveLength(1);
        const reminded = (await auditOf(hashOf(e164))).filter((e) => e.event === "reminded");
        expect(reminded).toHaveLength(1);
      }),
      { numRuns: 3 },
    );
    resetClock();
  });
});

describe("her petition's link", () => {
  it("opens her data too, and a correction bumps the petition's version (no transition read before it can undo it)", async () => {
    at("2027-02-16T09:00");
    const email = "petition.my@example.org";
    const { trackingCode: code } = await submit(stack.url, petitionBody({}, email));
    expect((await act((await linkFor(stack.inbox, SCREENER, code)).link, "accept")).status).toBe(200);
    expect((await act((await linkFor(stack.inbox, demoPath.approver, code)).link, "forward")).status).toBe(200);
    const hers = (await linkFor(stack.inbox, email, code)).link;
    const token = hers.split("/a/")[1] as string;
    expect((await page(hers)).html).toContain(`href="/me/${token}"`);
    const me = `${stack.url}/me/${token}`;
    expect((await page(me)).html).toContain("Đề nghị tăng mức vay vốn ưu đãi");
    const stored = parseTrackingCode(code) as string;
    const before = await getPetition(stored);
    const done = await post(me, { action: "correct", fullName: "Ma Thị Hoà", email });
    expect(done.status).toBe(200);
    const after = await getPetition(stored);
    expect(after?.petitioner.fullName).toBe("Ma Thị Hoà");
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.status).toBe(before?.status);
    // The agency's step still works: it acts on the petition as it is now.
    expect((await act((await linkFor(stack.inbox, demoPath.agency, code)).link, "acknowledge")).status).toBe(200);
    expect((await getPetition(stored))?.petitioner.fullName).toBe("Ma Thị Hoà");
  });
});

describe("an officer at her side", () => {
  it("records a request for a woman without e-mail, from her intake link; a bad form comes back with its messages", async () => {
    at("2027-02-17T09:00");
    const body = petitionBody();
    const phone = (body.petitioner as { phone: string }).phone;
    await submit(stack.url, body);
    await sendOfficerLink(SCREENER, stack.url);
    const mail = await mailFor(stack.inbox, SCREENER, "Đường link nhập");
    const intake = linksIn(mail).find((l) => /\/o\/[a-z2-7]{32}$/.test(l)) as string;
    const form = await page(intake);
    expect(form.html).toContain('id="data-request"');
    expect(form.html).toContain('href="#data-request"');
    const target = `${intake}/data-requests`;
    expect(form.html).toContain(`action="${new URL(target).pathname}"`);

    const bad = await post(target, { phone: "12345", note: "" });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="f-phone-err"/);
    expect(bad.html).toContain('value="12345"');
    expect(bad.html).toMatch(/<fieldset id="f-kind" class="invalid">/);
    const hash = hashOf(`+84${phone.slice(1)}`);
    expect(await requestsOf(hash)).toHaveLength(0);

    const done = await post(target, { phone, kind: "copy", note: "Chị cần bản sao để nộp hồ sơ vay vốn." });
    expect(done.status).toBe(200);
    expect(done.html).toContain("Đã ghi nhận yêu cầu");
    expect(done.html).toContain("Thứ Sáu, 19/02/2027");
    const [request] = await requestsOf(hash);
    expect(request).toMatchObject({
      kind: "copy",
      channel: { via: "officer", email: SCREENER, unitId: UNIT },
      unitId: UNIT,
      note: "Chị cần bản sao để nộp hồ sơ vay vốn.",
      ackDue: "2027-02-19",
      completeDue: "2027-03-04",
    });
    expect(request?.source).toBeUndefined();
    const unitMail = await mailFor(stack.inbox, SCREENER, "Yêu cầu về dữ liệu cá nhân: Xin bản sao dữ liệu");
    expect(unitMail.body.text).toContain("ghi nhận giúp");
    // Her petition (found by her phone's keyed hash) names her on the union's page.
    const shown = await page(meLinkIn(unitMail));
    expect(shown.html).toContain("Ma Thị Hoa");
    expect(shown.html).toContain(`npm run subject -- --phone +84${phone.slice(1)} --export`);

    // Nobody acted, and no sweep ran for weeks: the first that runs sends the latest alarm due — overdue, to the unit
    // and to the approvers above it — once, and nothing it slept through.
    at("2027-03-05T09:00");
    const due = (await queryAll<{ pk: string; sk: string }>(queries.alarmsDueBy("2027-03-05"))).find((k) =>
      k.sk.endsWith(request?.requestId as string),
    );
    expect(due).toBeDefined();
    const key = { pk: due?.pk as string, sk: due?.sk as string };
    expect(await sendRightsRequestAlarm(key, "2027-03-05", stack.url)).toBe("sent");
    expect(await sendRightsRequestAlarm(key, "2027-03-05", stack.url)).toBe("skipped");
    await mailFor(stack.inbox, demoPath.approver, "Quá hạn: yêu cầu về dữ liệu cá nhân (Xin bản sao dữ liệu)");
    await mailFor(stack.inbox, SCREENER, "Quá hạn: yêu cầu về dữ liệu cá nhân (Xin bản sao dữ liệu)");
    // One mail each for the unit's screener and the approvers above; no reminder it slept through.
    expect(await outboxOfKind("rights-overdue")).toBe(3);
    expect(await outboxOfKind("rights-complete")).toBe(0);
    expect((await requestsOf(hash))[0]?.alarm).toBeUndefined();
  });
});

describe("a request's limits and alarms, for any day of 2027 and any rights configuration", () => {
  it("acknowledges within the working days asked, completes within the calendar days, and reminds in order, each once", () => {
    const demo = demoConfig();
    const days = workdays(demo.calendar as WorkingCalendar);
    const settings = fc.record({
      acknowledgeWorkingDays: fc.integer({ min: 1, max: 10 }),
      completeDays: fc.integer({ min: 1, max: 60 }),
      remindDaysBefore: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 360 }),
        fc.integer({ min: 0, max: 23 }),
        settings,
        (offset, hour, rights) => {
          const config = { ...demo, rights };
          const day = addDays("2027-01-01", offset);
          const receivedAt = new Date(Date.parse(`${day}T${String(hour).padStart(2, "0")}:30:00+07:00`)).toISOString();
          const { ackDue, completeDue } = deadlinesOf(config, receivedAt);
          expect(days.isWorkingDay(ackDue)).toBe(true);
          expect(days.workingDaysLeft(day, ackDue)).toBe(rights.acknowledgeWorkingDays);
          const calendarDue = addDays(day, rights.completeDays);
          expect(completeDue).toBe([calendarDue, ackDue].sort().at(-1));
          const request: RightsRequest = {
            requestId: "aaaaaaaaaaaaaaaa",
            phoneHash: "0".repeat(64),
            kind: "erase",
            channel: { via: "link" },
            unitId: UNIT,
            lang: "vi",
            receivedAt,
            ackDue,
            completeDue,
          };
          // A sweep on each alarm's own day sends it and sets the next: days rise, stages keep their order, once each.
          const sent: { day: string; stage: string }[] = [];
          let alarm = firstAlarm(request, config);
          while (alarm) {
            const plan = alarmToSend(request, config, alarm, alarm.day);
            expect(plan?.send).toEqual(alarm);
            sent.push(alarm);
            alarm = plan?.next;
          }
          expect(sent.length).toBeLessThanOrEqual(3);
          expect(sent.at(-1)?.stage).toBe("overdue");
          expect(sent.at(-1)?.day).toBe(days.addWorkingDays(completeDue, 1));
          for (const [i, a] of sent.entries()) {
            expect(a.day > day).toBe(true);
            if (i > 0) expect(a.day > (sent[i - 1]?.day ?? "")).toBe(true);
          }
          // A sweeper that slept past them all sends the last one, once.
          const first = firstAlarm(request, config);
          if (first)
            expect(alarmToSend(request, config, first, "2029-12-31")).toEqual({ send: sent.at(-1), next: undefined });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the logs", () => {
  it("hold none of her data", () => {
    const text = readFileSync(join(LOG_DIR, `${process.pid}.jsonl`), "utf8");
    expect(text).toContain("data-rights request recorded");
    expect(text).toContain("data-rights reminder sent");
    for (const secret of [
      HER.fullName,
      HER.email,
      HER.e164,
      "0387654321",
      OTHER.fullName,
      OTHER.email,
      "Nông Thị Xuân",
      "xuan.nong@example.org",
      "Xuan.Mai@example.org",
    ])
      expect(text).not.toContain(secret);
  });
});
