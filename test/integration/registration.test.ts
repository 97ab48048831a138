import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queries } from "../../shared/keys.ts";
import { resetClock, shiftClock } from "../../shared/platform/clock.ts";
import { db, queryAll } from "../../shared/platform/dynamo.ts";
import { displaySpokenCode, parseSpokenCode } from "../../shared/platform/ids.ts";
import { LOG_DIR } from "../support/capture-logs.ts";
import { configWith, isoInDays, testEvent, validRegistration } from "../support/fixtures.ts";
import { linksIn, postForm, postJson, startStack, type TestStack } from "../support/stack.ts";

/** Registration against DynamoDB Local and the local SES, through the local API Gateway. */
let stack: TestStack;
const open = "open-dialogue";
const small = "small-dialogue";
const promote = "promotion-dialogue";

beforeAll(async () => {
  stack = await startStack({
    config: configWith([
      testEvent({ id: open }),
      testEvent({ id: small, capacity: 1 }),
      testEvent({ id: promote, capacity: 1 }),
      testEvent({ id: "duplicates-dialogue", capacity: 1 }),
      testEvent({ id: "closed-dialogue", status: "closed" }),
      testEvent({
        id: "past-dialogue",
        startsAt: isoInDays(-2, 8),
        endsAt: isoInDays(-2, 11),
        registrationClosesAt: undefined,
      }),
      testEvent({ id: "deadline-dialogue", registrationClosesAt: isoInDays(-1, 17) }),
    ]),
  });
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

const registrations = (eventId: string) => `${stack.url}/events/${eventId}/registrations`;
let phoneSeq = 100;
/** A fresh valid phone number per call, so tests do not collide on the one-per-phone rule. */
const nextPhone = () => `09123${String(phoneSeq++).padStart(5, "0")}`;

describe("registering", () => {
  it("confirms a valid registration with a readable code, stored NFC with an E.164 phone", async () => {
    const decomposed = "Ma Thị Hoa".normalize("NFD");
    const res = await postJson(registrations(open), {
      ...validRegistration,
      fullName: `  ${decomposed} `,
      phone: "+84 912.345.601",
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "confirmed" });
    expect(res.json.code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{8}$/);
    expect(parseSpokenCode(String(res.json.code))).toBe(res.json.code);
    expect((res.json.links as { manage: string }).manage).toMatch(/\/r\/[a-z2-7]{32}$/);
    expect(typeof res.json.registrationId).toBe("string");
    expect(res.json.waitlistPosition).toBeUndefined();

    // The same person typed in NFC and another phone format is the same phone: a duplicate.
    const again = await postJson(registrations(open), { ...validRegistration, phone: "0912345601" });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ type: "/problems/already-registered" });
    expect(again.json.errors).toMatchObject([{ path: "phone", code: "already_registered" }]);
  });

  it("answers a phone that already registered the same way, whatever that registration's state", async () => {
    const event = "duplicates-dialogue";
    const url = registrations(event);
    const phones = { confirmed: nextPhone(), waitlisted: nextPhone(), reused: nextPhone() };
    expect((await postJson(url, { ...validRegistration, phone: phones.confirmed })).json.status).toBe("confirmed");
    expect((await postJson(url, { ...validRegistration, phone: phones.waitlisted })).json.status).toBe("waitlisted");
    // A number that registered, cancelled, and registered again.
    const first = await postJson(url, { ...validRegistration, phone: phones.reused });
    const link = (first.json.links as { manage: string }).manage;
    expect((await postForm(link, { action: "cancel" })).status).toBe(200);
    expect((await postJson(url, { ...validRegistration, phone: phones.reused })).status).toBe(201);

    const json: string[] = [];
    const pages: string[] = [];
    for (const phone of Object.values(phones)) {
      const answer = await postJson(url, { ...validRegistration, phone });
      expect(answer.status).toBe(409);
      json.push(answer.text);
      const form = { ...validRegistration, phone, consent: "on", lang: "vi" } as Record<string, string>;
      const page = await postForm(url, form);
      expect(page.status).toBe(409);
      // The page re-shows her own form: only the number she typed differs.
      pages.push((await page.text()).replaceAll(phone, "<phone>"));
    }
    expect(new Set(json).size).toBe(1);
    expect(new Set(pages).size).toBe(1);
    expect(json[0]).not.toMatch(/confirmed|waitlist|cancel|có chỗ|chờ|hủy/i);
    expect(pages[0]).toMatch(/<span class="err" id="f-phone-err">Số điện thoại này đã có đăng ký cho sự kiện này/);
  });

  it("counts the seat: the event shows one seat fewer", async () => {
    const before = (await (await fetch(`${stack.url}/events/${open}`)).json()) as { seatsLeft: number };
    const res = await postJson(registrations(open), { ...validRegistration, phone: nextPhone() });
    expect(res.status).toBe(201);
    const after = (await (await fetch(`${stack.url}/events/${open}`)).json()) as { seatsLeft: number };
    expect(after.seatsLeft).toBe(before.seatsLeft - 1);
  });

  it("puts people on the waitlist once the seats are taken, with their position", async () => {
    const first = await postJson(registrations(small), { ...validRegistration, phone: nextPhone() });
    const second = await postJson(registrations(small), { ...validRegistration, phone: nextPhone() });
    const third = await postJson(registrations(small), { ...validRegistration, phone: nextPhone() });
    expect([first.json.status, second.json.status, third.json.status]).toEqual([
      "confirmed",
      "waitlisted",
      "waitlisted",
    ]);
    expect([second.json.waitlistPosition, third.json.waitlistPosition]).toEqual([1, 2]);
  });

  it("answers an unknown event with 404", async () => {
    const res = await postJson(registrations("no-such-event"), { ...validRegistration, phone: nextPhone() });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${stack.url}/events/no-such-event`)).status).toBe(404);
  });

  it.each([
    ["closed-dialogue", "closed"],
    ["past-dialogue", "past"],
    ["deadline-dialogue", "deadline"],
  ])("refuses %s with 409 and the reason (%s)", async (eventId, reason) => {
    const res = await postJson(registrations(eventId), { ...validRegistration, phone: nextPhone() });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ reason, type: `/problems/registration-${reason}` });
    expect(String(res.json.detail)).not.toBe("");
  });

  it("closes registration when the clock passes the deadline", async () => {
    shiftClock(28 * 86_400_000);
    try {
      const res = await postJson(registrations(open), { ...validRegistration, phone: nextPhone() });
      expect(res.status).toBe(409);
      expect(res.json.reason).toBe("deadline");
    } finally {
      resetClock();
    }
  });

  it("lists only open events", async () => {
    const res = await fetch(`${stack.url}/events`);
    const body = (await res.json()) as { events: { id: string }[] };
    const ids = body.events.map((e) => e.id);
    expect(ids).toContain(open);
    expect(ids).not.toContain("closed-dialogue");
    expect(ids).not.toContain("past-dialogue");
  });
});

describe("bad input", () => {
  it("lists every bad field once, in Vietnamese and English", async () => {
    const res = await postJson(registrations(open), {
      fullName: "   ",
      phone: "12345",
      email: "not-an-email",
      gender: "unknown",
      role: "Thủ tướng",
      commune: "atlantis",
      ethnicity: "Mông",
      consent: false,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const errors = res.json.errors as { path: string; code: string; vi: string; en: string }[];
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.code]));
    expect(byPath).toEqual({
      fullName: "required",
      phone: "phone_invalid",
      email: "email_invalid",
      gender: "one_of",
      role: "one_of",
      commune: "commune_unknown",
      consent: "consent_required",
    });
    for (const e of errors) {
      expect(e.vi.length).toBeGreaterThan(0);
      expect(e.en.length).toBeGreaterThan(0);
      expect(e.vi).not.toBe(e.en);
    }
  });

  it("keeps an ethnic group only with its own consent: without it, registers and says it was not stored", async () => {
    const without = await postJson(registrations(open), { ...validRegistration, phone: nextPhone(), ethnicity: "Tày" });
    expect(without.status).toBe(201);
    expect(without.json.notStored).toEqual(["ethnicity"]);
    const withConsent = await postJson(registrations(open), {
      ...validRegistration,
      phone: nextPhone(),
      ethnicity: "Tày",
      ethnicityConsent: true,
    });
    expect(withConsent.json.notStored).toBeUndefined();
    const stored = await queryAll<Record<string, unknown>>(queries.registrationsOf(open));
    const byId = (id: unknown) => stored.find((r) => r.registrationId === id);
    expect(byId(without.json.registrationId)?.ethnicity).toBeUndefined();
    expect(byId(withConsent.json.registrationId)).toMatchObject({
      ethnicity: { code: "02", name: "Tày" },
      ethnicityConsentAt: expect.any(String),
    });
  });

  it("answers in English with ?lang=en", async () => {
    const res = await postJson(`${registrations(open)}?lang=en`, { ...validRegistration, phone: "1" });
    expect(res.status).toBe(400);
    expect(res.json.title).toBe("Some fields are not valid");
  });

  it("refuses malformed JSON (400), other content types (415) and bodies over 64 KB (413)", async () => {
    expect((await postJson(registrations(open), "{not json")).status).toBe(400);
    const text = await fetch(registrations(open), {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    expect(text.status).toBe(415);
    const big = await postJson(registrations(open), { ...validRegistration, village: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.json.type).toBe("/problems/too-large");
  });

  it("ignores fields it does not know, and never stores them", async () => {
    const res = await postJson(registrations(open), {
      ...validRegistration,
      phone: nextPhone(),
      status: "cancelled",
      isAdmin: true,
    });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("confirmed");
  });

  it("answers unknown routes with 404 and wrong methods with 405", async () => {
    const missing = await fetch(`${stack.url}/nowhere`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${stack.url}/events/${open}`, { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("Idempotency-Key", () => {
  it("returns the first answer to a retried POST and creates nothing new", async () => {
    const body = { ...validRegistration, phone: nextPhone() };
    const key = { "idempotency-key": "retry-1" };
    const before = (await (await fetch(`${stack.url}/events/${open}`)).json()) as { seatsLeft: number };
    const first = await postJson(registrations(open), body, key);
    const retried = await Promise.all([1, 2, 3, 4, 5].map(() => postJson(registrations(open), body, key)));
    expect(first.status).toBe(201);
    // The first answer also carries her link; a replay never does (only the link's hash is ever stored).
    const { links, ...answer } = first.json;
    expect(links).toBeDefined();
    for (const r of retried) {
      expect(r.status).toBe(201);
      expect(r.json).toEqual(answer);
    }
    const after = (await (await fetch(`${stack.url}/events/${open}`)).json()) as { seatsLeft: number };
    expect(after.seatsLeft).toBe(before.seatsLeft - 1);
  });

  it("treats NFC and NFD forms of one body as the same request, and refuses the key with another body (422)", async () => {
    const body = { ...validRegistration, phone: nextPhone(), fullName: "Hoàng Thị Duyên" };
    const key = { "idempotency-key": "retry-2" };
    const first = await postJson(registrations(open), body, key);
    const nfd = await postJson(registrations(open), { ...body, fullName: body.fullName.normalize("NFD") }, key);
    const { links: _, ...answer } = first.json;
    expect(nfd.json).toEqual(answer);
    const other = await postJson(registrations(open), { ...body, village: "Nặm Đíp" }, key);
    expect(other.status).toBe(422);
  });
});

describe("e-mail, cancel link and waitlist", () => {
  it("sends a Vietnamese confirmation with the details, the code, a calendar link and a cancel link", async () => {
    const email = "confirm@example.org";
    const res = await postJson(registrations(open), { ...validRegistration, phone: nextPhone(), email });
    const [mail] = await stack.inbox.waitFor(email);
    expect(mail?.subject).toContain("Xác nhận đăng ký");
    expect(mail?.body.text).toContain(displaySpokenCode(String(res.json.code)));
    expect(mail?.body.html).toContain(displaySpokenCode(String(res.json.code)));
    expect(mail?.body.text).toContain("Hội trường UBND xã Thượng Lâm");
    const links = linksIn(mail as never);
    expect(links.some((l) => l.endsWith(`/events/${open}/calendar.ics`))).toBe(true);
    expect(links.some((l) => /\/r\/[a-z2-7]{32}$/.test(l))).toBe(true);
    const ics = await fetch(links.find((l) => l.endsWith(".ics")) as string);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VEVENT");
  });

  it("a GET of the cancel link changes nothing; the button's POST cancels and promotes the first waiting", async () => {
    const holder = "holder@example.org";
    const waiting = "waiting@example.org";
    await postJson(registrations(promote), { ...validRegistration, phone: nextPhone(), email: holder });
    const w = await postJson(registrations(promote), { ...validRegistration, phone: nextPhone(), email: waiting });
    expect(w.json.status).toBe("waitlisted");
    const [confirmation] = await stack.inbox.waitFor(holder);
    const link = linksIn(confirmation as never).find((l) => l.includes("/r/")) as string;

    // Mail scanners fetch links: GET and HEAD show the page and change nothing.
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      const html = await page.text();
      expect(html).toContain("Hủy đăng ký");
      expect(html).toContain("đã có chỗ");
    }
    await fetch(link, { method: "HEAD" });
    const unchanged = (await (await fetch(`${stack.url}/events/${promote}`)).json()) as {
      seatsLeft: number;
      waitlisted: number;
    };
    expect(unchanged).toMatchObject({ seatsLeft: 0, waitlisted: 1 });

    // A POST without the button's action=cancel (a scanner submitting whatever it finds) changes nothing.
    const stray = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(stray.status).toBe(400);
    expect(await (await fetch(`${stack.url}/events/${promote}`)).json()).toMatchObject({ seatsLeft: 0, waitlisted: 1 });

    const cancel = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=cancel",
    });
    expect(cancel.status).toBe(200);
    expect(await cancel.text()).toContain("Đã hủy đăng ký");

    const after = (await (await fetch(`${stack.url}/events/${promote}`)).json()) as {
      seatsLeft: number;
      waitlisted: number;
    };
    expect(after).toMatchObject({ seatsLeft: 0, waitlisted: 0 });
    const promoted = await stack.inbox.waitFor(waiting, 2);
    expect(promoted.map((m) => m.subject).join("\n")).toContain("Chị đã có chỗ");
    const cancelledMail = await stack.inbox.waitFor(holder, 2);
    expect(cancelledMail.map((m) => m.subject).join("\n")).toContain("Đã hủy đăng ký");

    // The used link still opens, shows the cancellation and offers no button; a second POST is friendly.
    const used = await fetch(link);
    const usedHtml = await used.text();
    expect(usedHtml).toContain("đã hủy");
    expect(usedHtml).not.toContain("<button");
    const again = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=cancel",
    });
    expect(again.status).toBe(410);
    const againHtml = await again.text();
    expect(againHtml).toContain("đã được hủy");
    expect(againHtml).not.toMatch(/at .*\.ts|Error:/);
  });

  it("shows a friendly page for unknown and malformed links", async () => {
    for (const token of ["a".repeat(32), "not-a-token", "%00", "x".repeat(500)]) {
      const res = await fetch(`${stack.url}/r/${token}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("Liên kết không hợp lệ");
      const post = await fetch(`${stack.url}/r/${token}`, { method: "POST" });
      expect(post.status).toBe(404);
    }
  });

  it("queues no e-mail when no address was given, and the registration still succeeds", async () => {
    // The outbox is written in the registration's own transaction: count it, rather than wait for an inbox.
    const outbox = async () =>
      (
        await db().send(
          new ScanCommand({
            TableName: stack.tableName,
            FilterExpression: "begins_with(pk, :m)",
            ExpressionAttributeValues: { ":m": "MAIL#" },
            Select: "COUNT",
          }),
        )
      ).Count;
    const before = await outbox();
    const res = await postJson(registrations(open), { ...validRegistration, phone: nextPhone() });
    expect(res.status).toBe(201);
    expect(await outbox()).toBe(before);
    await postJson(registrations(open), { ...validRegistration, phone: nextPhone(), email: "counted@example.org" });
    expect(await outbox()).toBe((before ?? 0) + 1);
  });
});

describe("the form page", () => {
  // Accept-Language is ignored on purpose (phones set to English, owners reading Vietnamese).
  const form = (lang = "") =>
    fetch(`${stack.url}/events/${open}/register${lang}`, { headers: { "accept-language": "en-US,en" } });

  it("is small, self-contained HTML in Vietnamese by default and English on request", async () => {
    for (const [suffix, lang, label] of [
      ["", "vi", "Số điện thoại di động"],
      ["?lang=en", "en", "Mobile phone number"],
    ] as const) {
      const res = await form(suffix);
      const html = await res.text();
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-language")).toBe(lang);
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(Buffer.byteLength(html)).toBeLessThan(30 * 1024);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(label);
      expect(html).not.toMatch(/<script|src="http|href="http|@import/);
      // Consent is never pre-ticked.
      expect(html).not.toMatch(/name="(consent|ethnicityConsent)"[^>]*checked/);
    }
  });

  it("re-shows a form post with mistakes: values kept (escaped), each message beside its field", async () => {
    const body = new URLSearchParams({
      fullName: `<script>alert(1)</script> Hoa`,
      phone: "12",
      gender: "female",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
      consent: "on",
      lang: "vi",
    });
    const res = await fetch(registrations(open), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt; Hoa"');
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toMatch(/<span class="err" id="f-phone-err">Số điện thoại di động Việt Nam không hợp lệ/);
    expect(html).toMatch(/<input type="checkbox" id="f-consent" name="consent" value="on" checked>/);
  });
});

describe("logs", () => {
  it("hold no phone number, e-mail address or name from this file's registrations", async () => {
    const text = readFileSync(join(LOG_DIR, `${process.pid}.jsonl`), "utf8");
    expect(text).toContain("registration created"); // the log was captured
    for (const secret of [
      "0912345601",
      "+84912345601",
      "confirm@example.org",
      "holder@example.org",
      "Ma Thị Hoa",
      "Hoàng Thị Duyên",
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
