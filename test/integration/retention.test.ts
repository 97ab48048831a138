import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScheduled } from "../../local/runtime.ts";
import { getEvent } from "../../shared/events/model.ts";
import { keys } from "../../shared/keys.ts";
import { getPetition } from "../../shared/petitions/petition.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { resetClock } from "../../shared/platform/clock.ts";
import { db, tableName } from "../../shared/platform/dynamo.ts";
import { secretReady } from "../../shared/platform/secret.ts";
import { phoneHash as lockHash } from "../../shared/registration/model.ts";
import { eventRegistrations } from "../../shared/registration/roster.ts";
import type { RetentionRun } from "../../shared/rights/retention.ts";
import type { StoredPetition, StoredRegistration } from "../../shared/rights/subject.ts";
import { act, demoPath, linkFor, petitionBody, submit } from "../support/petitions.ts";
import { postJson, startStack, type TestStack } from "../support/stack.ts";
import { at } from "../support/sweeps.ts";

/**
 * Retention (issue 12), with the app's clock: the demo configuration keeps a registration's personal data 90 days
 * after its event ends and a petition's 24 months after it ends. The scheduled retention sweeper (held to its
 * declaration) removes them on that day, not the day before; a petition still open keeps its data.
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

const retention = () => runScheduled<RetentionRun>("retention-sweeper");
/** The demo's dialogue session: 08:00–11:00 on 8 March 2027 (Vietnam). */
const DIALOGUE = "doi-thoai-thuong-lam-2027";

async function registration(registrationId: string): Promise<StoredRegistration> {
  return (await eventRegistrations(DIALOGUE)).find((r) => r.registrationId === registrationId) as StoredRegistration;
}

async function exists(key: { pk: string; sk: string }): Promise<boolean> {
  return (
    (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item !== undefined
  );
}

describe("a registration's personal data", () => {
  it("goes 90 days after its event ends, not the day before; the counts stay", async () => {
    at("2027-02-01T09:00");
    const phone = "+84387000111";
    const res = await postJson(`${stack.url}/events/${DIALOGUE}/registrations`, {
      fullName: "Triệu Thị Hằng",
      phone,
      email: "trieu.hang@example.org",
      gender: "female",
      birthYear: 1990,
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
      village: "Bản Phiêng Luông",
      consent: true,
    });
    expect(res.status, res.text).toBe(201);
    const id = res.json.registrationId as string;
    const lock = keys.phoneLock(DIALOGUE, lockHash(DIALOGUE, phone));
    const confirmed = (await getEvent(DIALOGUE, true))?.confirmedCount;

    // The event ends on 8 March: the 90th day after is 6 June. On the 5th, late in the evening, nothing goes.
    at("2027-06-05T23:30");
    // (The demo's 2023 training, long over and with nobody registered, is marked on the first run.)
    expect(await retention()).toMatchObject({ registrations: 0 });
    expect(await getEvent(DIALOGUE, true)).not.toHaveProperty("personalDataRemovedAt");
    expect(await registration(id)).toMatchObject({ fullName: "Triệu Thị Hằng", phone, village: "Bản Phiêng Luông" });
    expect(await exists(lock)).toBe(true);

    at("2027-06-06T00:30");
    expect(await retention()).toMatchObject({ events: 1, registrations: 1 });
    const after = await registration(id);
    expect(after).toMatchObject({
      status: "confirmed",
      gender: "female",
      role: "Hội viên phụ nữ",
      commune: "thuong-lam",
    });
    expect(after.erasedAt).toBeDefined();
    for (const field of ["fullName", "phone", "email", "birthYear", "village", "gsi5pk", "gsi5sk"]) {
      expect(after, field).not.toHaveProperty(field);
    }
    expect(await exists(lock)).toBe(false);
    const event = (await getEvent(DIALOGUE, true)) as unknown as Record<string, unknown>;
    expect(event.confirmedCount).toBe(confirmed);
    expect(event.personalDataRemovedAt).toBeDefined();

    // Marked: the next run reads nothing more of it.
    expect(await retention()).toMatchObject({ events: 0, registrations: 0 });
    resetClock();
  });
});

describe("a petition's personal data", () => {
  it("goes 24 months after it ends (withdrawn), not the day before; an open petition keeps it", async () => {
    at("2027-02-01T09:00");
    const email = "ended.petition@example.org";
    const ended = await submit(stack.url, petitionBody({}, email));
    const open = await submit(stack.url, petitionBody({}, "open.petition@example.org"));
    // Her own link comes with the first mail a person sends her (a receipt to a new address carries none).
    const screener = await linkFor(stack.inbox, demoPath.screener, ended.trackingCode);
    expect((await act(screener.link, "request_info", { question: "Thôn nào?" })).status).toBe(200);
    const own = await linkFor(stack.inbox, email, "Cần bổ sung thông tin");
    at("2027-02-02T10:00");
    expect((await act(own.link, "withdraw", { reason: "Đã được giải quyết" })).status).toBe(200);
    const endedCode = parseTrackingCode(ended.trackingCode) as string;
    const openCode = parseTrackingCode(open.trackingCode) as string;
    const stored = (await getPetition(endedCode)) as StoredPetition;
    expect(stored.status).toBe("withdrawn");
    expect(stored.gsi3pk).toBe("PURGE");

    // Withdrawn on 2 February 2027: its data goes on 2 February 2029.
    at("2029-02-01T23:30");
    expect(await retention()).toMatchObject({ petitions: 0 });
    expect((await getPetition(endedCode))?.petitioner.fullName).toBeDefined();

    at("2029-02-02T00:30");
    expect(await retention()).toMatchObject({ petitions: 1 });
    const purged = (await getPetition(endedCode)) as StoredPetition;
    expect(purged.erasedAt).toBeDefined();
    expect(purged.status).toBe("withdrawn");
    expect(Object.keys(purged.petitioner)).toEqual(["gender"]);
    for (const attribute of ["gsi3pk", "gsi3sk", "gsi5pk", "gsi5sk", "village"]) {
      expect(purged, attribute).not.toHaveProperty(attribute);
    }
    expect(purged.gsi4pk).toBeDefined(); // still counted in its commune's figures
    expect(purged.title).toBe(stored.title);

    // Years later, the open petition still holds hers; the ended one is not read again.
    at("2031-06-01T09:00");
    expect(await retention()).toMatchObject({ petitions: 0 });
    const still = (await getPetition(openCode)) as StoredPetition;
    expect(still.erasedAt).toBeUndefined();
    expect(still.petitioner).toMatchObject({ email: "open.petition@example.org" });
    expect(still.petitioner.fullName).toBeDefined();
    resetClock();
  });
});
