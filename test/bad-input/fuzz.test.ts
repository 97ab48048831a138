import type { APIGatewayProxyResult } from "aws-lambda";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../../local/gateway.ts";
import { sendOrganiserLink } from "../../shared/registration/organisers.ts";
import { configWith, testEvent } from "../support/fixtures.ts";
import { linkFor, petitionBody, submit } from "../support/petitions.ts";
import { startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/**
 * Property-based tests over every POST endpoint and every form: random JSON, wrong types, huge strings,
 * decomposed Vietnamese, CR/LF, NUL, HTML, invalid UTF-8, deep nesting. The same functions run as behind
 * API Gateway (handed the same proxy events in-process, to keep 10,000+ bodies fast) against DynamoDB Local.
 * Never a 5xx, every refusal explained, nothing stored for a refused body.
 */
let stack: TestStack;
let screenerLink: string;
let cancelLink: string;
let intakeLink: string;
let organiserLink: string;
let bodies = 0;

beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "fuzz-event", capacity: 100_000 })]) });
  const petition = await submit(stack.url, petitionBody({}, "fuzz.owner@example.org"));
  screenerLink = (await linkFor(stack.inbox, "hlhpn.thuonglam@example.org", petition.trackingCode)).link;
  intakeLink = (await stack.inbox.waitFor("hlhpn.thuonglam@example.org")).flatMap(
    (m) => (m.body.text ?? "").match(/https?:\/\/\S+\/o\/[a-z2-7]{32}/g) ?? [],
  )[0] as string;
  const reg = await fetch(`${stack.url}/events/fuzz-event/registrations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      fullName: "Chủ link",
      phone: "0912 999 000",
      email: "fuzz.reg@example.org",
      gender: "female",
      role: "Khác",
      commune: "thuong-lam",
      consent: true,
    }),
  });
  expect(reg.status).toBe(201);
  await sendOrganiserLink("fuzz-event", "hlhpn.thuonglam@example.org", stack.url);
  organiserLink = (await stack.inbox.waitFor("hlhpn.thuonglam@example.org", 2)).flatMap(
    (m) => (m.body.text ?? "").match(/https?:\/\/\S+\/g\/[a-z2-7]{32}/g) ?? [],
  )[0] as string;
  cancelLink = ((await stack.inbox.waitFor("fuzz.reg@example.org"))[0]?.body.text ?? "").match(
    /https?:\/\/\S+\/r\/[a-z2-7]{32}/,
  )?.[0] as string;
});
afterAll(async () => {
  console.info(`fuzzed ${bodies} request bodies`);
  await stack?.stop();
});

const path = (link: string) => new URL(link).pathname;

async function post(url: string, contentType: string, body: string | Buffer): Promise<APIGatewayProxyResult> {
  bodies++;
  const { result } = await dispatch({
    method: "POST",
    url,
    headers: [["Content-Type", contentType]],
    body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
    host: new URL(stack.url).host,
  });
  return result;
}

const header = (r: APIGatewayProxyResult, name: string) =>
  String(Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] ?? "");

/** The promises every answer keeps, whatever was sent. */
function assertAnswered(r: APIGatewayProxyResult, asForm: boolean): void {
  expect(r.statusCode, r.body.slice(0, 300)).toBeLessThan(500);
  expect(r.body).not.toMatch(/\n\s+at .+\.(ts|js):\d+/); // never a stack trace
  if (r.statusCode < 400) return;
  if (asForm || header(r, "content-type").startsWith("text/html")) {
    expect(header(r, "content-type")).toContain("text/html");
    return;
  }
  expect(header(r, "content-type")).toContain("application/problem+json");
  const problem = JSON.parse(r.body) as {
    type: string;
    status: number;
    title: string;
    errors?: { path: string; vi: string; en: string }[];
  };
  expect(problem.status).toBe(r.statusCode);
  expect(problem.title.length).toBeGreaterThan(0);
  if (problem.type === "/problems/validation") {
    expect(problem.errors?.length).toBeGreaterThan(0);
    for (const e of problem.errors ?? []) {
      expect(e.path.length).toBeGreaterThan(0);
      expect(e.vi.length).toBeGreaterThan(0);
      expect(e.en.length).toBeGreaterThan(0);
    }
  }
}

// Text that has hurt systems before.
const vietnamese = fc.constantFrom(
  "Nông Thị Lan",
  "Đề nghị hỗ trợ nước sạch",
  "Xã Thượng Lâm",
  "Hội viên phụ nữ",
  "Vàng Thị Sinh",
  "Bản Khiển",
);
const nasty = fc.oneof(
  vietnamese,
  vietnamese.map((s) => s.normalize("NFD")),
  fc.constantFrom(
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "a\r\nBcc: x@example.com",
    "nul\u0000byte",
    "\u202Eevil",
    "' OR 1=1 --",
    "{{7*7}}",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection text on purpose
    "${7*7}",
    "🙏🏽👩🏻‍🌾",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer({ min: 200, max: 70_000 }).map((n) => "ạ".repeat(n)),
);
const anyValue = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const phone = fc.oneof(
  fc.constantFrom("0912 345 601", "+84 912.345.601", "12345", ""),
  fc.integer({ min: 0, max: 99_999_999 }).map((n) => `03${String(n).padStart(8, "0")}`),
);

/** A field is usually plausible, often not: enough valid bodies get through to prove storage is right. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyValue });

const registrationBody = fc.record(
  {
    fullName: field(vietnamese),
    phone: field(phone),
    email: field(fc.constantFrom("a@example.org", "not-mail", "")),
    gender: field(fc.constantFrom("female", "male", "other")),
    birthYear: field(fc.integer({ min: 1900, max: 2030 })),
    ethnicity: field(fc.constantFrom("Tày", "H'Mông", "Klingon", "")),
    ethnicityConsent: field(fc.boolean()),
    role: field(fc.constantFrom("Hội viên phụ nữ", "Trưởng thôn", "Vua")),
    commune: field(fc.constantFrom("thuong-lam", "khuon-ha", "atlantis")),
    village: field(vietnamese),
    needsInterpreter: field(fc.constantFrom("tiếng Mông", "")),
    consent: field(fc.boolean()),
  },
  { requiredKeys: [] },
);

const petitionLike = fc.record(
  {
    title: field(vietnamese),
    content: field(vietnamese),
    category: field(fc.constantFrom("credit", "violence", "weather")),
    commune: field(fc.constantFrom("thuong-lam", "binh-an", "atlantis")),
    village: field(vietnamese),
    petitioner: field(
      fc.record(
        {
          fullName: field(vietnamese),
          phone: field(phone),
          email: field(fc.constantFrom("b@example.org", "x")),
          gender: field(fc.constantFrom("female", "x")),
        },
        { requiredKeys: [] },
      ),
    ),
    onBehalfOf: field(vietnamese),
    shareIdentityWithAgency: field(fc.boolean()),
    consent: field(fc.boolean()),
  },
  { requiredKeys: [] },
);

/**
 * With every key optional, a fully valid random body is rare (about 1 in 1,000 petitions): a share of bodies
 * that are valid for certain proves, on every run, that what is accepted is stored.
 */
let validSeq = 0;
const validPetition = fc.constant(null).map(() => petitionBody());
const validRegistration = fc.constant(null).map(() => ({
  fullName: "Nông Thị Lan",
  phone: `07${String(10_000_000 + validSeq++).slice(-8)}`,
  gender: "female",
  role: "Hội viên phụ nữ",
  commune: "thuong-lam",
  consent: true,
}));
const sometimesValid = (valid: fc.Arbitrary<object>, random: fc.Arbitrary<object>) =>
  fc.oneof({ weight: 1, arbitrary: valid }, { weight: 9, arbitrary: random });

/** Deeply nested JSON, as text (the parser must refuse it calmly). */
const deep = fc
  .integer({ min: 10, max: 30_000 })
  .chain((depth) =>
    fc.constantFrom(
      `${"[".repeat(depth)}${"]".repeat(depth)}`,
      `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
      "[".repeat(depth),
    ),
  );
const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 200 })
  .map((bytes) =>
    Buffer.concat([Buffer.from('{"fullName":"'), Buffer.from([0xc3, 0x28, 0xff, ...bytes]), Buffer.from('"}')]),
  );

/** A value as a form field's text; an array of objects whose `toString` is not a function becomes its JSON. */
const fieldText = (v: unknown): string => {
  try {
    return String(v);
  } catch {
    return JSON.stringify(v) ?? "";
  }
};

const asForm = (value: unknown, prefix = ""): [string, string][] =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.entries(value).flatMap(([k, v]) =>
        v && typeof v === "object" && !Array.isArray(v)
          ? asForm(v, `${prefix}${k}.`)
          : [[`${prefix}${k}`, typeof v === "boolean" ? (v ? "on" : "") : fieldText(v)] as [string, string]],
      )
    : [];

const endpoints = () => ({
  registrations: "/events/fuzz-event/registrations",
  petitions: "/petitions",
  lookup: "/petitions/lookup",
  action: path(screenerLink),
  cancel: path(cancelLink),
  intake: path(intakeLink),
  organiser: path(organiserLink),
  "organiser-bulk": `${path(organiserLink)}/bulk`,
});

// Thousands of bodies each: a fixed amount of work, however long this machine needs for it (the run's 60 s per test
// is a bound on time, not on behaviour). A body that hangs still fails: past its function's timeout it is a 504.
describe("random bodies at every POST endpoint", { timeout: 300_000 }, () => {
  it("registrations (JSON): never a 5xx, every refusal a problem naming the field, stored only when accepted", async () => {
    const before = await countItems(stack.tableName);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(sometimesValid(validRegistration, registrationBody), async (body) => {
        const r = await post(endpoints().registrations, "application/json", JSON.stringify(body));
        assertAnswered(r, false);
        if (r.statusCode === 201) accepted++;
      }),
      { numRuns: 2500 },
    );
    expect((await countItems(stack.tableName)).registrations - before.registrations).toBe(accepted);
    expect(accepted).toBeGreaterThan(0);
  });

  it("petitions (JSON): the same promises", async () => {
    const before = await countItems(stack.tableName);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(sometimesValid(validPetition, petitionLike), async (body) => {
        const r = await post(endpoints().petitions, "application/json", JSON.stringify(body));
        assertAnswered(r, false);
        if (r.statusCode === 201) accepted++;
      }),
      { numRuns: 2500 },
    );
    expect((await countItems(stack.tableName)).petitions - before.petitions).toBe(accepted);
    expect(accepted).toBeGreaterThan(0);
  });

  it("every form: registration, petition, lookup, action link, cancel link, officer intake, organiser", async () => {
    const before = await countItems(stack.tableName);
    let accepted = 0;
    const forms = fc.oneof(
      registrationBody.map((b) => ["registrations", b] as const),
      petitionLike.map((b) => ["petitions", b] as const),
      petitionLike.map((b) => ["intake", b] as const),
      fc.record({ code: field(fc.constantFrom("AB3CD-EF4GH", "")) }).map((b) => ["lookup", b] as const),
      fc
        .record(
          {
            action: field(fc.constantFrom("accept", "reject", "forward", "answer", "nope")),
            reason: anyValue,
            note: anyValue,
            question: anyValue,
          },
          { requiredKeys: [] },
        )
        .map((b) => ["action", b] as const),
      fc.record({ action: anyValue }, { requiredKeys: [] }).map((b) => ["cancel", b] as const),
      fc
        .tuple(
          fc.record(
            {
              action: field(fc.constantFrom("checkin", "walk-in", "bulk-preview", "bulk-cancel", "nope")),
              code: field(fc.constantFrom("ACD4-79KM", "acd479km", "")),
              registrationId: field(fc.constantFrom("aaaaaaaaaaaaaaaa", "x")),
              overCapacity: field(fc.boolean()),
              from: field(fc.constantFrom("2027-03-01T10:05", "2020-01-01T00:00:00", "yesterday", "")),
              to: field(fc.constantFrom("2030-01-01T00:00", "")),
              status: field(fc.constantFrom("confirmed", "waitlisted", "cancelled", "all")),
              q: anyValue,
              notify: field(fc.boolean()),
              sel: field(fc.dictionary(fc.constantFrom("aaaaaaaaaaaaaaaa", "__proto__", "x.y"), fc.constant("on"))),
            },
            { requiredKeys: [] },
          ),
          registrationBody,
        )
        .chain(([organiser, person]) =>
          fc.constantFrom(
            ["organiser", { ...person, ...organiser }] as const,
            ["organiser-bulk", { ...person, ...organiser }] as const,
          ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(forms, async ([endpoint, body]) => {
        const r = await post(
          endpoints()[endpoint],
          "application/x-www-form-urlencoded",
          new URLSearchParams(asForm(body)).toString(),
        );
        assertAnswered(r, true);
        if (r.statusCode === 201 && endpoint !== "lookup") accepted++;
      }),
      { numRuns: 2000 },
    );
    const after = await countItems(stack.tableName);
    expect(after.registrations - before.registrations + after.petitions - before.petitions).toBe(accepted);
  });

  it("raw bytes: invalid UTF-8, deep nesting, arbitrary text under any content type", async () => {
    const before = await countItems(stack.tableName);
    const types = fc.constantFrom(
      "application/json",
      "application/x-www-form-urlencoded",
      "text/plain",
      "application/xml",
      "",
      "application/json; charset=latin1",
      "multipart/form-data",
    );
    const raw = fc.oneof(
      invalidUtf8,
      deep.map((s) => Buffer.from(s)),
      fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(endpoints())), types, raw, async (endpoint, type, body) => {
        const r = await post(endpoints()[endpoint as keyof ReturnType<typeof endpoints>], type, body);
        assertAnswered(
          r,
          type.startsWith("application/x-www-form-urlencoded") ||
            endpoint === "action" ||
            endpoint === "cancel" ||
            endpoint === "intake" ||
            endpoint === "organiser" ||
            endpoint === "lookup",
        );
      }),
      { numRuns: 2000 },
    );
    const after = await countItems(stack.tableName);
    expect([after.registrations, after.petitions]).toEqual([before.registrations, before.petitions]);
  });

  it("treats NFC and NFD forms of the same input identically", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(registrationBody, petitionLike, async (reg, pet) => {
        for (const [url, body] of [
          [endpoints().registrations, reg],
          [endpoints().petitions, pet],
        ] as const) {
          const nfc = JSON.parse(JSON.stringify(body, (_, v) => (typeof v === "string" ? v.normalize("NFC") : v)));
          const nfd = JSON.parse(JSON.stringify(body, (_, v) => (typeof v === "string" ? v.normalize("NFD") : v)));
          // Distinct phones, so that accepting one does not make the other a duplicate.
          const a = await post(url, "application/json", JSON.stringify(withPhone(nfc, n++)));
          const b = await post(url, "application/json", JSON.stringify(withPhone(nfd, n++)));
          expect(b.statusCode).toBe(a.statusCode);
          if (a.statusCode === 400) expect(errorsOf(b)).toEqual(errorsOf(a));
        }
      }),
      { numRuns: 300 },
    );
  });
});

function withPhone(body: Record<string, unknown>, n: number): Record<string, unknown> {
  const phone = `05${String(n).padStart(8, "0")}`;
  if (body.petitioner && typeof body.petitioner === "object")
    return { ...body, petitioner: { ...body.petitioner, phone } };
  return "phone" in body ? { ...body, phone } : body;
}

const errorsOf = (r: APIGatewayProxyResult) =>
  (JSON.parse(r.body).errors as { path: string; code: string }[] | undefined)?.map((e) => `${e.path}:${e.code}`);
