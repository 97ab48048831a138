import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../../local/gateway.ts";
import { getHistory } from "../../shared/petitions/petition.ts";
import { sendOfficerLink } from "../../shared/petitions/service.ts";
import { parseTrackingCode } from "../../shared/petitions/tracking.ts";
import { addressSeenItem } from "../../shared/platform/addresses.ts";
import { nowIso } from "../../shared/platform/clock.ts";
import { db } from "../../shared/platform/dynamo.ts";
import { secretReady } from "../../shared/platform/secret.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { act, linkFor, petitionBody, publicStatus, submit } from "../support/petitions.ts";
import { linksIn, postJson, startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/**
 * Links are the only keys staff have. Ten thousand random and mutated tokens open nothing, and a link for one
 * petition never acts on another.
 */
let stack: TestStack;
const real: Record<string, string> = {};
let codeA: string;
let codeB: string;

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "token-event" })]) });
  // Her address answered before (she acted from a link mailed to it), so her receipt carries her own link.
  await secretReady();
  await db().send(new TransactWriteCommand({ TransactItems: [addressSeenItem("owner.a@example.org", nowIso())] }));
  const a = await submit(stack.url, petitionBody({}, "owner.a@example.org"));
  const b = await submit(stack.url, petitionBody());
  codeA = a.trackingCode;
  codeB = b.trackingCode;
  real.screener = (await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", codeA)).link.slice(-32);
  real.petitioner = (await linkFor(stack.inbox, "owner.a@example.org", codeA)).link.slice(-32);
  await postJson(`${stack.url}/events/token-event/registrations`, {
    ...validRegistration,
    email: "reg.owner@example.org",
  });
  real.registration = linksIn((await stack.inbox.waitFor("reg.owner@example.org"))[0] as never)
    .find((l) => l.includes("/r/"))
    ?.slice(-32) as string;
  await sendOfficerLink("hlhpn.khuonha@example.org", stack.url);
  real.officer = linksIn((await stack.inbox.waitFor("hlhpn.khuonha@example.org"))[0] as never)
    .find((l) => l.includes("/o/"))
    ?.slice(-32) as string;
  for (const t of Object.values(real)) expect(t).toMatch(/^[a-z2-7]{32}$/);
});
afterAll(async () => stack?.stop());

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const base32 = (length: number) =>
  fc.array(fc.constantFrom(...BASE32), { minLength: length, maxLength: length }).map((a) => a.join(""));

/** Small changes to a real token: one to three symbols replaced, cut short, lengthened, upper-cased, encoded. */
const mutated = () =>
  fc.constantFrom(...Object.keys(real)).chain((kind) =>
    fc.oneof(
      fc.array(fc.tuple(fc.nat(31), fc.constantFrom(...BASE32)), { minLength: 1, maxLength: 3 }).map((changes) => {
        const chars = [...(real[kind] as string)];
        for (const [i, c] of changes) chars[i] = c;
        return chars.join("");
      }),
      fc.nat(31).map((n) => (real[kind] as string).slice(0, n)),
      base32(1).map((c) => `${real[kind]}${c}`),
      fc.constant((real[kind] as string).toUpperCase()),
      fc.constant(`${real[kind]}%00`),
      fc.constant(encodeURIComponent(`../${real[kind]}`)),
    ),
  );

const anyToken = () =>
  fc.oneof(base32(32), mutated(), fc.string({ minLength: 1, maxLength: 80 }).map(encodeURIComponent), base32(52));

const requests = (token: string) => [
  { method: "GET", url: `/a/${token}`, body: "" },
  { method: "POST", url: `/a/${token}`, body: "action=accept" },
  { method: "POST", url: `/r/${token}`, body: "action=cancel" },
  { method: "GET", url: `/o/${token}`, body: "" },
  {
    method: "POST",
    url: `/o/${token}`,
    body: new URLSearchParams({
      title: "x",
      content: "y",
      category: "credit",
      commune: "thuong-lam",
      "petitioner.fullName": "A",
      "petitioner.phone": "0912345601",
      consent: "on",
    }).toString(),
  },
];

describe("10,000 random and mutated tokens", () => {
  it("never authorise anything", async () => {
    const before = await countItems(stack.tableName);
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(anyToken(), fc.nat(4), async (token, which) => {
        if (Object.values(real).includes(token)) return; // a mutation that changed nothing
        const req = requests(token)[which] as { method: string; url: string; body: string };
        tried++;
        const { result } = await dispatch({
          method: req.method,
          url: req.url,
          headers: [["Content-Type", "application/x-www-form-urlencoded"]],
          body: Buffer.from(req.body),
        });
        expect([400, 404, 405, 410], `${req.method} ${req.url} → ${result.statusCode}`).toContain(result.statusCode);
        expect(result.body).not.toMatch(/Đã ghi nhận|Đã hủy đăng ký|Đã gửi kiến nghị/);
      }),
      { numRuns: 10_000 },
    );
    expect(tried).toBeGreaterThan(9_900);
    expect(await countItems(stack.tableName)).toMatchObject({
      petitions: before.petitions,
      registrations: before.registrations,
    });
    expect((await getHistory(parseTrackingCode(codeA) as string)).map((h) => h.action)).toEqual(["submit"]);
    const event = (await (await fetch(`${stack.url}/events/token-event`)).json()) as {
      seatsLeft: number;
      capacity: number;
    };
    expect(event.capacity - event.seatsLeft).toBe(1);
  }, 300_000);
});

describe("a link for one petition", () => {
  it("never acts on another, whatever the body names", async () => {
    const link = `${stack.url}/a/${real.screener}`;
    const res = await act(link, "mark_duplicate", { duplicateOf: codeB, trackingCode: codeB, code: codeB });
    expect(res.status).toBe(200);
    expect((await publicStatus(stack.url, codeA)).json).toMatchObject({ status: "duplicate", duplicateOf: codeB });
    expect((await publicStatus(stack.url, codeB)).json.status).toBe("screening");
    expect((await getHistory(parseTrackingCode(codeB) as string)).map((h) => h.action)).toEqual(["submit"]);
    // Her own link shows her petition, whatever is asked for in the query.
    const page = await (await fetch(`${stack.url}/a/${real.petitioner}?trackingCode=${codeB}&code=${codeB}`)).text();
    expect(page).toContain(`<dd>${codeA}</dd>`);
  });
});
