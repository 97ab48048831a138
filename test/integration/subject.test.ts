import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { invocation } from "../../local/handlers.ts";
import { loadConfig } from "../../shared/config/store.ts";
import { getEvent } from "../../shared/events/model.ts";
import { keys, queries } from "../../shared/keys.ts";
import { getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { epochSeconds, resetClock } from "../../shared/platform/clock.ts";
import { db, queryAll, tableName } from "../../shared/platform/dynamo.ts";
import { keyedHash, secretReady } from "../../shared/platform/secret.ts";
import { phoneHash as lockHash } from "../../shared/registration/model.ts";
import { attendanceCounts, eventRegistrations } from "../../shared/registration/roster.ts";
import {
  EXPORT_FORMAT,
  erasePetitionPersonalData,
  eraseSubject,
  exportSubject,
  NOTICE_DAYS,
  type StoredPetition,
  type StoredRegistration,
} from "../../shared/rights/subject.ts";
import { act, demoPath, linkFor, mailFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { linksIn, postForm, postJson, startStack, type TestStack } from "../support/stack.ts";
import { at } from "../support/sweeps.ts";

/**
 * Her data rights, the ops side (issue 12): a woman with two registrations (two events of the demo district) and one
 * petition, all with one phone and one address. Her export finds all of it and the mails sent to her; her erasure
 * leaves nothing of her name, number or address anywhere in the table (but the notice telling her, until its TTL),
 * keeps every count, writes an audit trail without her data, and a second erasure finds nothing.
 */
let stack: TestStack;
/** DynamoDB requests made outside any function's invocation: the command's own (the notifier's are its). */
const calls: string[] = [];
let counting = false;

beforeAll(async () => {
  stack = await startStack();
  await secretReady();
  db().middlewareStack.add(
    (next, context) => async (args) => {
      if (counting && invocation.getStore() === undefined) {
        calls.push(String(context.commandName).replace(/Command$/, ""));
      }
      return next(args);
    },
    { step: "initialize", name: "countSubjectRequests" },
  );
});
afterAll(async () => {
  resetClock();
  await stack?.stop();
});

const HER = {
  fullName: "Lò Thị Sấu",
  phone: "0398 765 432",
  e164: "+84398765432",
  email: "lo.thi.sau@example.org",
};
const DIALOGUE = "doi-thoai-thuong-lam-2027";
const TRAINING = "tap-huan-dtcs-2027";

async function register(eventId: string) {
  const res = await postJson(`${stack.url}/events/${eventId}/registrations`, {
    fullName: HER.fullName,
    phone: HER.phone,
    email: HER.email,
    gender: "female",
    birthYear: 1988,
    ethnicity: "Tày",
    ethnicityConsent: true,
    role: "Hội viên phụ nữ",
    commune: "thuong-lam",
    village: "Bản Khuổi Hon",
    needsInterpreter: "Tiếng Tày",
    consent: true,
  });
  expect(res.status, res.text).toBe(201);
  return res.json as { registrationId: string; code: string; status: string };
}

/** Mails leave the pending index once sent (their body goes then): wait until none is. */
async function untilSent(): Promise<void> {
  await expect
    .poll(async () => (await queryAll(queries.pendingMailsBefore("\uffff"))).length, { timeout: 60_000, interval: 50 })
    .toBe(0);
}

/** Every item of the table, as stored. */
async function everything(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The items that still name her: by name, by number (any way written), by address. */
async function naming(): Promise<{ name: unknown[]; phone: unknown[]; email: unknown[] }> {
  const items = await everything();
  const text = (i: unknown) => JSON.stringify(i).normalize("NFC").toLowerCase();
  return {
    name: items.filter((i) => text(i).includes(HER.fullName.toLowerCase())),
    phone: items.filter((i) => text(i).includes("398765432") || text(i).includes("398 765 432")),
    email: items.filter((i) => text(i).includes(HER.email)),
  };
}

describe("her data: found, exported, erased", () => {
  it("finds her two registrations, her petition and her mails; erases them everywhere, keeping every count", async () => {
    // Before both events: she registers for each, and sends a petition with the same number and address.
    at("2027-02-01T09:00");
    const dialogue = await register(DIALOGUE);
    const training = await register(TRAINING);
    const body = petitionBody({ village: "Bản Khuổi Hon" }, HER.email) as Record<string, unknown> & {
      petitioner: Record<string, unknown>;
    };
    Object.assign(body.petitioner, {
      fullName: HER.fullName,
      phone: HER.phone,
      ethnicity: "Tày",
      ethnicityConsent: true,
    });
    const { trackingCode } = await submit(stack.url, body);
    const code = parseTrackingCode(trackingCode) as string;
    // The screener asks her something; she answers from her link: words of hers in its record.
    const screener = await linkFor(stack.inbox, demoPath.screener, trackingCode);
    expect((await act(screener.link, "request_info", { question: "Ở thôn nào?" })).status).toBe(200);
    const own = await linkFor(stack.inbox, HER.email, "Cần bổ sung thông tin");
    expect((await act(own.link, "provide_info", { info: "Thôn ở đầu xã, gần trường tiểu học." })).status).toBe(200);
    await stack.inbox.waitFor(HER.email, 4); // two confirmations, the receipt, the question
    await untilSent();

    const copy = await exportSubject(HER.phone, { by: "ops:test" });
    expect(copy.json).toMatchObject({ format: EXPORT_FORMAT, version: 1, phone: HER.e164 });
    expect(copy.json.registrations.map((r) => r.event.id).sort()).toEqual([DIALOGUE, TRAINING].sort());
    for (const r of copy.json.registrations) {
      expect(r).toMatchObject({ fullName: HER.fullName, phone: HER.e164, email: HER.email, ethnicity: "Tày" });
      expect(r.event.title).toBeTruthy();
      expect(r.phoneLock).toBe(true);
      expect(r.consent.ethnicityAt).toBeDefined();
    }
    expect(copy.json.registrations.map((r) => r.registrationId).sort()).toEqual(
      [dialogue.registrationId, training.registrationId].sort(),
    );
    expect(copy.json.petitions).toHaveLength(1);
    expect(copy.json.petitions[0]).toMatchObject({
      trackingCode,
      petitioner: { fullName: HER.fullName, phone: HER.e164, email: HER.email, ethnicity: "Tày" },
    });
    expect(copy.json.petitions[0]?.history.map((e) => e.action)).toContain("provide_info");
    expect(copy.json.mails.length).toBeGreaterThanOrEqual(4);
    for (const m of copy.json.mails) expect(m).toMatchObject({ to: HER.email, status: "sent" });
    expect(copy.json.mails.every((m) => m.text === undefined)).toBe(true); // sent: their bodies are gone
    expect(copy.text).toContain("Dữ liệu cá nhân Tiếng Nói lưu về số điện thoại 0398 765 432");
    expect(copy.text).toContain("Personal data Tiếng Nói holds about the phone number 0398 765 432");
    expect(copy.text.indexOf("Đăng ký tham dự sự kiện: 2")).toBeLessThan(
      copy.text.indexOf("Registrations for events: 2"),
    );

    // After the dialogue, before the training: one registration is history, the other still to come.
    at("2027-03-10T09:00");
    const dialogueBefore = await getEvent(DIALOGUE, true);
    const trainingBefore = await getEvent(TRAINING, true);
    const { helpers } = await loadConfig();
    const countsBefore = attendanceCounts(await eventRegistrations(DIALOGUE), helpers);
    const mailsBefore = (await stack.inbox.to(HER.email)).length;

    await loadConfig(); // warm, as a function's second request would be
    calls.length = 0;
    counting = true;
    const erased = await eraseSubject(HER.phone, { by: "ops:test" });
    counting = false;
    console.info(
      `DynamoDB requests of the erasure (2 registrations, 1 petition): ${calls.length}\n  ${calls.join(", ")}`,
    );

    expect(erased.found).toBe(true);
    expect(erased.counts).toMatchObject({
      registrations: 2,
      cancelled: 1,
      phoneLocks: 2,
      petitions: 1,
      notices: 1,
      mailsInFlight: 0,
    });
    expect(erased.counts.mails).toBe(copy.json.mails.length);

    // She is told, once, in her language; the notice names nothing of hers.
    const notice = await mailFor(stack.inbox, HER.email, "Dữ liệu cá nhân của chị đã được xóa");
    expect(notice.body.text).toContain("Đây là thư cuối cùng gửi đến địa chỉ này");
    expect(notice.body.text).not.toContain(HER.fullName);
    await untilSent();
    expect((await stack.inbox.to(HER.email)).length).toBe(mailsBefore + 1);

    // Nothing in the table names her any more, but the notice's recipient, which goes with its entry.
    const left = await naming();
    expect(left.name).toEqual([]);
    expect(left.phone).toEqual([]);
    expect(left.email).toHaveLength(1);
    const held = left.email[0] as Record<string, unknown>;
    expect(held).toMatchObject({ kind: "rights-erased", status: "sent" });
    expect(held.text).toBeUndefined();
    expect(held.gsi5pk).toBeUndefined();
    expect(held.ttl as number).toBeLessThanOrEqual(epochSeconds() + NOTICE_DAYS * 86400);

    // The registrations stay, anonymous, with what the counts need: the dialogue's seat and counts unchanged.
    const dialogueReg = (await eventRegistrations(DIALOGUE)).find(
      (r) => r.registrationId === dialogue.registrationId,
    ) as StoredRegistration;
    expect(dialogueReg).toMatchObject({ status: "confirmed", gender: "female", commune: "thuong-lam" });
    expect(dialogueReg.erasedAt).toBeDefined();
    for (const field of ["fullName", "phone", "email", "birthYear", "ethnicity", "village", "needsInterpreter"]) {
      expect(dialogueReg, field).not.toHaveProperty(field);
    }
    expect((await getEvent(DIALOGUE, true))?.confirmedCount).toBe(dialogueBefore?.confirmedCount);
    const countsAfter = attendanceCounts(await eventRegistrations(DIALOGUE), helpers);
    expect(countsAfter.total).toEqual(countsBefore.total);
    // The training still to come: cancelled as she would cancel it, her seat given back.
    const trainingReg = (await eventRegistrations(TRAINING)).find(
      (r) => r.registrationId === training.registrationId,
    ) as StoredRegistration;
    expect(trainingReg).toMatchObject({ status: "cancelled", cancelledBy: "self" });
    expect((await getEvent(TRAINING, true))?.confirmedCount).toBe((trainingBefore?.confirmedCount ?? 0) - 1);
    // Her number's locks are gone (the training's with its cancellation): it names no event any more.
    const locks = await everything();
    for (const eventId of [DIALOGUE, TRAINING]) {
      const lock = keys.phoneLock(eventId, lockHash(eventId, HER.e164));
      expect(
        locks.some((i) => i.pk === lock.pk && i.sk === lock.sk),
        eventId,
      ).toBe(false);
    }

    // Her registration link, still in her inbox, leads nowhere now (no page of her, never a 500).
    const confirmations = await stack.inbox.to(HER.email);
    const herLink = confirmations.flatMap((m) => linksIn(m)).find((l) => /\/r\/[a-z2-7]{32}$/.test(l)) as string;
    expect(herLink).toBeDefined();
    const gone = await fetch(herLink);
    expect([404, 410]).toContain(gone.status);
    expect(await gone.text()).not.toContain(HER.fullName);

    // The petition stays, anonymous, still counted by commune (the leaders' report) and readable by its code.
    const petition = (await getPetition(code)) as StoredPetition;
    expect(petition.erasedAt).toBeDefined();
    expect(petition.petitioner).toEqual({ gender: "female" });
    expect(petition.title).toBe(body.title);
    expect(petition.gsi5pk).toBeUndefined();
    const byCommune = await queryAll<{ pk: string }>(queries.petitionsOfCommuneSince("thuong-lam", "2027-01-01"));
    expect(byCommune.map((k) => k.pk)).toContain(keys.petition(code).pk);
    expect((await publicStatus(stack.url, trackingCode)).status).toBe(200);

    // The audit trail: the export, the erasure's start and completion; counts and who, never her data.
    const phoneHash = keyedHash("phone", HER.e164);
    const audit = await queryAll<Record<string, unknown>>(queries.auditOf(phoneHash));
    expect(audit.map((e) => e.event)).toEqual(["exported", "erasure-started", "erased"]);
    expect(audit.every((e) => e.by === "ops:test")).toBe(true);
    const trail = JSON.stringify(audit).toLowerCase();
    for (const secret of [HER.fullName.toLowerCase(), "398765432", HER.email]) expect(trail).not.toContain(secret);

    // Again: nothing is found, nothing changes, and it says so (and the audit records that it ran).
    const again = await eraseSubject(HER.phone, { by: "ops:test" });
    expect(again.found).toBe(false);
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    expect((await getPetition(code))?.version).toBe(petition.version);
    const after = await exportSubject(HER.phone, { by: "ops:test" });
    expect(after.json.registrations.length + after.json.petitions.length + after.json.mails.length).toBe(0);
    expect(after.text).toContain("Không có dữ liệu cá nhân nào được lưu");
    // No second notice: counted where the erasure's transaction would have written one, not by waiting for none to come.
    expect((await naming()).email).toHaveLength(1);
    expect((await queryAll<Record<string, unknown>>(queries.auditOf(phoneHash))).map((e) => e.event)).toEqual([
      "exported",
      "erasure-started",
      "erased",
      "nothing-found",
      "nothing-found",
    ]);
  });
});

describe("a number that cancelled and registered again for one event", () => {
  it("has both registrations erased, and the one lock (the newer one's) deleted with the newer", async () => {
    resetClock();
    at("2027-02-04T09:00");
    const woman = {
      fullName: "Hoàng Thị Liên",
      phone: "0336 444 555",
      gender: "female",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
      consent: true,
    };
    const first = await postJson(`${stack.url}/events/${TRAINING}/registrations`, woman);
    expect(first.status, first.text).toBe(201);
    expect((await postForm((first.json.links as { manage: string }).manage, { action: "cancel" })).status).toBe(200);
    const second = await postJson(`${stack.url}/events/${TRAINING}/registrations`, woman);
    expect(second.status, second.text).toBe(201);
    const lock = keys.phoneLock(TRAINING, lockHash(TRAINING, "+84336444555"));
    const hasLock = async () => (await everything()).some((i) => i.pk === lock.pk && i.sk === lock.sk);
    expect(await hasLock()).toBe(true);

    const erased = await eraseSubject(woman.phone, { by: "ops:test" });
    expect(erased.counts).toMatchObject({ registrations: 2, cancelled: 1, phoneLocks: 1, notices: 0 });
    expect(await hasLock()).toBe(false);
    const left = (await eventRegistrations(TRAINING)).filter((r) =>
      [first.json.registrationId, second.json.registrationId].includes(r.registrationId),
    );
    expect(left.map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    expect(left.every((r) => r.fullName === undefined && (r as StoredRegistration).erasedAt !== undefined)).toBe(true);
  });
});

describe("a transition that read her data before her erasure", () => {
  it("cannot write it back: the erasure bumped the version its condition holds on", async () => {
    resetClock();
    at("2027-02-03T09:00");
    const body = petitionBody({}, "race.erasure@example.org");
    const { trackingCode } = await submit(stack.url, body);
    const code = parseTrackingCode(trackingCode) as string;
    const screener = await linkFor(stack.inbox, demoPath.screener, trackingCode);
    // The screener's accept reads the petition, then waits at its transaction until the erasure is done.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let held = false;
    const name = "holdTransition";
    db().middlewareStack.add(
      (next, context) => async (args) => {
        if (invocation.getStore()?.fn === "act-on-petition" && context.commandName === "TransactWriteItemsCommand") {
          held = true;
          await gate;
        }
        return next(args);
      },
      { step: "initialize", name },
    );
    try {
      const accepting = act(screener.link, "accept");
      await expect.poll(() => held, { timeout: 30_000 }).toBe(true);
      expect(await erasePetitionPersonalData(code)).toEqual({ erased: true, purged: false });
      release();
      expect((await accepting).status).toBe(410); // told the step moved on; pressed again, it goes through
    } finally {
      db().middlewareStack.remove(name);
    }
    const after = (await getPetition(code)) as StoredPetition;
    expect(after.status).toBe("screening");
    expect(after.petitioner).not.toHaveProperty("fullName");
    expect(after.petitioner).not.toHaveProperty("phone");
    expect((await act(screener.link, "accept")).status).toBe(200);
    const accepted = (await getPetition(code)) as StoredPetition;
    expect(accepted.status).toBe("approval");
    expect(accepted.petitioner).toEqual({ gender: "female" });
  });
});

describe("the by-subject index", () => {
  it("holds every new registration by her phone's keyed hash and every mail by its recipient's, never either", async () => {
    resetClock();
    at("2027-02-02T09:00");
    const res = await postJson(`${stack.url}/events/${DIALOGUE}/registrations`, {
      fullName: "Hà Thị Mây",
      phone: "0356 111 222",
      email: "Ha.Thi.May@Example.org",
      gender: "female",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
      consent: true,
    });
    expect(res.status, res.text).toBe(201);
    const stored = (await eventRegistrations(DIALOGUE)).find((r) => r.registrationId === res.json.registrationId);
    const index = stored as unknown as Record<string, string>;
    expect(index.gsi5pk).toBe(`SUBJECT#${keyedHash("phone", "+84356111222")}`);
    expect(index.gsi5sk).toBe(stored?.createdAt);
    await stack.inbox.waitFor("Ha.Thi.May@example.org");
    // The address as every keyed hash of one takes it: trimmed, lower case.
    const mails = await queryAll<{ pk: string }>(queries.mailsTo(keyedHash("email", "ha.thi.may@example.org")));
    expect(mails).toHaveLength(1);
    expect(JSON.stringify(mails)).not.toMatch(/356111222|example\.org/i);
  });
});

describe("npm run subject", () => {
  const ROOT = resolve(import.meta.dirname, "../..");
  const subject = (args: string[]) =>
    promisify(execFile)(join(ROOT, "node_modules/.bin/tsx"), ["scripts/subject.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });

  it("exports to a file, erases only with --yes (a dry run otherwise), and says when nothing is held", async () => {
    resetClock();
    const dir = mkdtempSync(join(tmpdir(), "subject-"));
    try {
      const phone = "0359 222 333";
      const res = await postJson(`${stack.url}/events/${TRAINING}/registrations`, {
        fullName: "Ma Thị Đào",
        phone,
        gender: "female",
        role: "Hội viên phụ nữ",
        commune: "thuong-lam",
        consent: true,
      });
      expect(res.status, res.text).toBe(201);
      const table = ["--endpoint", inject("dynamoEndpoint"), "--table", stack.tableName, "--phone", phone];
      const held = async () =>
        (await eventRegistrations(TRAINING)).find((r) => r.registrationId === res.json.registrationId);

      await expect(subject(["--phone", phone])).rejects.toThrow(/--export \[--out file.json\]/);

      const out = join(dir, "her.json");
      const exported = await subject([...table, "--export", "--out", out, "--by", "ops:lan"]);
      expect(exported.stdout).toContain("Đăng ký tham dự sự kiện: 1");
      expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({
        format: EXPORT_FORMAT,
        registrations: [{ fullName: "Ma Thị Đào", event: { id: TRAINING } }],
      });

      const dry = await subject([...table, "--erase"]);
      expect(dry.stdout).toMatch(/Dry run .*nothing changed.*1 registration\(s\) \(1 for events still to come/s);
      expect((await held())?.fullName).toBe("Ma Thị Đào");

      const erased = await subject([...table, "--erase", "--yes", "--by", "ops:lan"]);
      expect(erased.stdout).toMatch(/Erased .*1 registration\(s\) \(1 cancelled first\)/);
      expect(await held()).toMatchObject({ status: "cancelled" });
      expect(await held()).not.toHaveProperty("fullName");

      const again = await subject([...table, "--erase", "--yes"]);
      expect(again.stdout).toContain("Nothing is held about this number");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
