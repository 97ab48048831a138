import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../../local/gateway.ts";
import { routes } from "../../shared/declarations.ts";
import { crossSiteText, deepJsonText, nameFieldText } from "../../shared/messages/edge.ts";
import { jsonDeeperThan, MAX_JSON_DEPTH } from "../../shared/platform/http.ts";
import { LOG_DIR } from "../support/capture-logs.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { petitionBody, submit } from "../support/petitions.ts";
import { postForm, postJson, startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/**
 * What the HTTP edge does for every function: HSTS on every response; a post from another site's page refused
 * before anything is read; JSON nested too deep refused before anything walks it; the honeypot never crashing on
 * what a bot puts in it; and a name that is a link refused beside its field.
 */
let stack: TestStack;
let trackingCode: string;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "edge-event", capacity: 1000 })]) });
  trackingCode = (await submit(stack.url, petitionBody())).trackingCode;
});
afterAll(async () => stack?.stop());

const HSTS = "max-age=31536000";
const BOGUS = "a".repeat(32);
const registrations = () => `${stack.url}/events/edge-event/registrations`;

let phoneSeq = 0;
const nextPhone = () => `07${String(20_000_000 + phoneSeq++).slice(-8)}`;
/** A valid registration as JSON, with a fresh phone. */
const registration = (overrides: Record<string, unknown> = {}) => ({
  ...validRegistration,
  phone: nextPhone(),
  ...overrides,
});
/** The same as a browser's form post sends it. */
const asForm = (body: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === true ? "on" : String(v)]));

describe("Strict-Transport-Security", () => {
  const expectHsts = (res: Response, what: string) =>
    expect(res.headers.get("strict-transport-security"), what).toBe(HSTS);

  it("is on a page, JSON, a calendar file and a HEAD", async () => {
    const page = await fetch(`${stack.url}/events/edge-event/register`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expectHsts(page, "page");
    const json = await fetch(`${stack.url}/events`, { headers: { accept: "application/json" } });
    expect(json.headers.get("content-type")).toContain("application/json");
    expectHsts(json, "JSON");
    expectHsts(await fetch(`${stack.url}/events/edge-event/calendar.ics`), "calendar");
    expectHsts(await fetch(`${stack.url}/petitions/new`, { method: "HEAD" }), "HEAD");
  });

  it("is on a created answer, a problem, an error page, a 404 and a 405", async () => {
    const created = await postJson(registrations(), registration());
    expect(created.status).toBe(201);
    expect(created.headers.get("strict-transport-security")).toBe(HSTS);
    const problem = await postJson(registrations(), { fullName: "" });
    expect(problem.status).toBe(400);
    expect(problem.headers.get("content-type")).toContain("application/problem+json");
    expect(problem.headers.get("strict-transport-security")).toBe(HSTS);
    const errorPage = await postForm(registrations(), { fullName: "" });
    expect(errorPage.status).toBe(400);
    expectHsts(errorPage, "form re-shown");
    const unknownLink = await fetch(`${stack.url}/r/${BOGUS}`);
    expect(unknownLink.status).toBeGreaterThanOrEqual(400);
    expectHsts(unknownLink, "unknown link");
    const notFound = await fetch(`${stack.url}/nowhere`);
    expect(notFound.status).toBe(404);
    expectHsts(notFound, "404 (the fallback function)");
    const wrongMethod = await fetch(`${stack.url}/events`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expectHsts(wrongMethod, "405");
  });

  it("is on a redirect a function writes by hand (the tracking code lookup's 303)", async () => {
    const res = await postForm(`${stack.url}/petitions/lookup`, { code: trackingCode });
    // fetch follows redirects: ask again without following, to see the 303 itself.
    expect(res.status).toBe(200);
    const redirect = await fetch(`${stack.url}/petitions/lookup`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code: trackingCode }),
      redirect: "manual",
    });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get("location")).toContain("/petitions/");
    expectHsts(redirect, "303");
  });
});

/** Every POST route with an HTML form, as a browser would reach it (a made-up token: the check comes first). */
const POSTS = routes
  .filter((r) => r.method === "POST")
  .map((r) => r.path.replace("{eventId}", "edge-event").replace("{token}", BOGUS));

describe("a post from another site's page", () => {
  it("covers every POST route with a form", () => {
    expect(POSTS.sort()).toEqual(
      [
        "/events/edge-event/registrations",
        "/petitions",
        "/petitions/lookup",
        `/a/${BOGUS}`,
        `/o/${BOGUS}`,
        `/r/${BOGUS}`,
        `/g/${BOGUS}`,
        `/g/${BOGUS}/bulk`,
        `/g/${BOGUS}/record`,
        `/g/${BOGUS}/sheet`,
        `/s/${BOGUS}`,
        `/c/${BOGUS}`,
        `/me/${BOGUS}`,
        `/o/${BOGUS}/data-requests`,
      ].sort(),
    );
  });

  const CROSS_SITE: [string, Record<string, string>][] = [
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["an Origin of another host", { origin: "https://evil.example" }],
    ["an Origin of another port of this host", { origin: "http://127.0.0.1:1" }],
    ["Origin: null", { origin: "null" }],
    ["an Origin that is no URL", { origin: "evil" }],
    ["a same-origin Origin with Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", origin: "SELF" }],
  ];

  describe.each(POSTS)("POST %s", (path) => {
    const send = (headers: Record<string, string>, body: Record<string, string> = {}) =>
      fetch(`${stack.url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === "SELF" ? stack.url : v])),
        },
        body: new URLSearchParams(body),
      });

    it.each(CROSS_SITE)("refuses %s with a 403 page, Vietnamese then English", async (_, headers) => {
      const res = await send(headers, { action: "cancel", code: trackingCode, fullName: "Ma Thị Hoa" });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("strict-transport-security")).toBe(HSTS);
      expect(res.headers.get("content-security-policy")).toContain("form-action 'self'");
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html><html lang="vi">/); // the project's page layout
      expect(html).toContain("<header><span>Tiếng Nói</span></header>");
      const vi = html.indexOf(crossSiteText.vi.detail);
      const en = html.indexOf(crossSiteText.en.detail.replaceAll("'", "&#39;"));
      expect(vi).toBeGreaterThan(0);
      expect(en).toBeGreaterThan(vi);
      expect(html).toContain('<section lang="en">');
      expect(html).toContain("Chưa có thông tin nào được lưu");
      expect(html).toContain("Nothing was stored");
      expect(html).not.toContain("<form");
    });

    it("takes the same post from this site's own page (same-origin, same-site) or from no browser", async () => {
      // The route's own answer to this (empty) form, as a client that is no browser gets it: a 400 or an unknown link.
      const own = (await send({}, { code: "" })).status;
      expect([400, 404, 410]).toContain(own);
      const browsers: Record<string, string>[] = [
        { origin: "SELF", "sec-fetch-site": "same-origin" },
        { origin: "SELF", "sec-fetch-site": "same-site" },
        { origin: "SELF" },
        { "sec-fetch-site": "same-origin" },
        { "sec-fetch-site": "none" },
      ];
      for (const headers of browsers) {
        expect((await send(headers, { code: "" })).status, JSON.stringify(headers)).toBe(own);
      }
    });
  });

  it("answers a JSON client with problem+json, in the language asked for", async () => {
    const vi = await postJson(`${stack.url}/petitions`, petitionBody(), { origin: "https://evil.example" });
    expect(vi.status).toBe(403);
    expect(vi.headers.get("content-type")).toContain("application/problem+json");
    expect(vi.headers.get("strict-transport-security")).toBe(HSTS);
    expect(vi.json).toMatchObject({
      type: "/problems/cross-site",
      status: 403,
      title: crossSiteText.vi.title,
      detail: crossSiteText.vi.detail,
    });
    const en = await postJson(`${stack.url}/petitions?lang=en`, petitionBody(), { "sec-fetch-site": "cross-site" });
    expect(en.status).toBe(403);
    expect(en.json).toMatchObject({ type: "/problems/cross-site", title: crossSiteText.en.title });
  });

  it("stores and sends nothing, and reads no body (a 70 KB one is refused as cross-site, not as too large)", async () => {
    const before = await countItems(stack.tableName);
    const evil = { origin: "https://evil.example" };
    expect((await postJson(registrations(), registration(), evil)).status).toBe(403);
    expect((await postJson(`${stack.url}/petitions`, petitionBody(), evil)).status).toBe(403);
    const form = await fetch(registrations(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...evil },
      body: new URLSearchParams(asForm(registration())),
    });
    expect(form.status).toBe(403);
    const huge = await postJson(registrations(), { fullName: "ạ".repeat(40_000) }, evil);
    expect(huge.status).toBe(403);
    expect(await countItems(stack.tableName)).toEqual(before);
  });

  it("takes JSON without Origin or Sec-Fetch-Site, and a same-origin form, and stores them", async () => {
    const before = await countItems(stack.tableName);
    expect((await postJson(registrations(), registration())).status).toBe(201);
    expect((await postJson(`${stack.url}/petitions`, petitionBody())).status).toBe(201);
    const form = await fetch(registrations(), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: stack.url,
        "sec-fetch-site": "same-origin",
      },
      body: new URLSearchParams(asForm(registration())),
    });
    expect(form.status).toBe(201);
    const after = await countItems(stack.tableName);
    expect([after.registrations - before.registrations, after.petitions - before.petitions]).toEqual([2, 1]);
  });

  it("reads the headers whatever their case, as API Gateway passes them (event.headers as the client sent them)", async () => {
    const host = new URL(stack.url).host;
    const post = (headers: [string, string][]) =>
      dispatch({
        method: "POST",
        url: "/petitions/lookup",
        headers: [["Content-Type", "application/x-www-form-urlencoded"], ...headers],
        body: Buffer.from("code="),
        host,
      }).then(({ result }) => result.statusCode);
    expect(await post([["ORIGIN", "https://evil.example"]])).toBe(403);
    expect(await post([["Sec-Fetch-Site", "Cross-Site"]])).toBe(403);
    expect(
      await post([
        ["Host", host.toUpperCase()],
        ["Origin", stack.url],
      ]),
    ).toBe(404);
    expect(
      await post([
        ["HOST", host],
        ["origin", stack.url],
      ]),
    ).toBe(404);
    // No Host header at all (a client that sent none): the host API Gateway names in requestContext.domainName.
    expect(await post([["Origin", stack.url]])).toBe(404);
    expect(await post([["Origin", "https://evil.example"]])).toBe(403);
  });
});

/**
 * The lines this process logged since `offset` (LOG_DIR is set for the test run: vitest.config.ts). A file that is
 * shorter than `offset` was started again (another run's global setup empties the folder): read it whole.
 */
const logFile = () => join(LOG_DIR, `${process.pid}.jsonl`);
const logSize = () => (existsSync(logFile()) ? statSync(logFile()).size : 0);
const linesSince = (offset: number) => {
  const bytes = existsSync(logFile()) ? readFileSync(logFile()) : Buffer.alloc(0);
  return bytes
    .subarray(bytes.length < offset ? 0 : offset)
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; message: string });
};

const nested = (depth: number, inner = "1") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

describe("JSON nested deeper than 32 levels", () => {
  it("is a 400 problem on every POST route, in both languages, with nothing logged as an error", async () => {
    expect(process.env.LOG_DIR).toBe(LOG_DIR);
    const offset = logSize();
    const before = await countItems(stack.tableName);
    const bodies = [
      `{"website":${nested(31_990)}}`, // the review's 64 KB body: it crashed the honeypot check
      `{"fullName":${nested(32_000)}}`,
      `{"petitioner":{"fullName":${nested(40)}}}`,
      nested(33),
      `{"a":${'{"b":'.repeat(40)}1${"}".repeat(40)}}`,
    ];
    for (const path of POSTS) {
      for (const body of bodies) {
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(64 * 1024);
        const res = await postJson(`${stack.url}${path}`, body);
        expect(res.status, `${path} ${body.slice(0, 30)}`).toBe(400);
        if (res.headers.get("content-type")?.includes("text/html")) {
          // Link pages answer browsers' and scanners' requests with pages, whatever was sent.
          expect(res.text).toContain(deepJsonText.vi.title);
          continue;
        }
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(res.headers.get("strict-transport-security")).toBe(HSTS);
        expect(res.json).toMatchObject({
          type: "/problems/too-deep",
          status: 400,
          title: deepJsonText.vi.title,
          detail: deepJsonText.vi.detail({ max: 32 }),
        });
      }
    }
    const en = await postJson(`${registrations()}?lang=en`, nested(100));
    expect(en.json).toMatchObject({ title: deepJsonText.en.title, detail: deepJsonText.en.detail({ max: 32 }) });
    expect(await countItems(stack.tableName)).toEqual(before);
    // A line that is logged, to show the log was read: a bot's post, answered and not stored.
    expect((await postJson(registrations(), registration({ website: "x" }))).status).toBe(201);
    const lines = linesSince(offset);
    expect(lines.map((l) => l.message)).toContain("honeypot filled: nothing stored");
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
    expect(lines.map((l) => l.message)).not.toContain("unhandled error");
  });

  it("takes 32 levels, counts only brackets outside strings, and leaves a 'deep' text alone", async () => {
    // 32 levels is not refused as too deep (it is refused as a body that is not a registration).
    const atLimit = await postJson(registrations(), { ...registration(), village: JSON.parse(nested(31)) });
    expect(atLimit.status).toBe(400);
    expect(atLimit.json.type).toBe("/problems/validation");
    const overLimit = await postJson(registrations(), { ...registration(), village: JSON.parse(nested(32)) });
    expect(overLimit.json.type).toBe("/problems/too-deep");
    // Brackets in text, and escaped quotes before them, are text.
    const text = await postJson(registrations(), registration({ village: `\\"${"[{".repeat(40)}"` }));
    expect(text.status).toBe(201);
  });
});

describe("the depth count before JSON.parse", () => {
  /** The depth of a parsed value (bounded here: the values are at most ~45 deep). */
  const depthOf = (v: unknown): number =>
    v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;

  it("agrees with the parsed value's depth for any JSON, whatever brackets, quotes and backslashes its text holds", () => {
    const text = fc.string({ unit: fc.constantFrom("[", "]", "{", "}", '"', "\\", "a", "ạ", "\n"), maxLength: 12 });
    const value = fc
      .tuple(fc.oneof(fc.jsonValue({ maxDepth: 3 }), text), fc.array(fc.tuple(fc.boolean(), text), { maxLength: 45 }))
      .map(([inner, wraps]) =>
        wraps.reduce<unknown>((v, [asArray, key]) => (asArray ? [v, key] : { [key]: v }), inner),
      );
    fc.assert(
      fc.property(value, fc.boolean(), (v, pretty) => {
        const json = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(jsonDeeperThan(json, MAX_JSON_DEPTH)).toBe(depthOf(v) > MAX_JSON_DEPTH);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the honeypot with what a bot puts in it", () => {
  it.each([
    ["an object", { url: "http://spam.example" }],
    ["an array", ["http://spam.example"]],
    ["an empty object", {}],
    ["an empty array (once read as no text at all)", []],
    ["a number", 42],
    ["true", true],
    ["nesting within the limit", JSON.parse(nested(30, '"x"'))],
  ])("takes %s as filled: an ordinary answer, nothing stored, no error", async (_, website) => {
    const offset = logSize();
    const before = await countItems(stack.tableName);
    const reg = await postJson(registrations(), registration({ website }));
    expect(reg.status).toBe(201);
    expect(reg.json.code).toEqual(expect.any(String));
    const pet = await postJson(`${stack.url}/petitions`, { ...petitionBody(), website });
    expect(pet.status).toBe(201);
    expect(pet.json.trackingCode).toMatch(/^\w{5}-\w{5}$/);
    expect(await countItems(stack.tableName)).toEqual(before);
    const lines = linesSince(offset);
    expect(lines.filter((l) => l.message === "honeypot filled: nothing stored")).toHaveLength(2);
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
  });

  it("takes a form's `website.a` (an object once the form is read) as filled", async () => {
    const before = await countItems(stack.tableName);
    const res = await postForm(registrations(), { ...asForm(registration()), "website.a": "http://spam.example" });
    expect(res.status).toBe(201);
    expect(await countItems(stack.tableName)).toEqual(before);
  });

  it("takes null, an empty text and spaces as not filled: a person's post is stored", async () => {
    const before = await countItems(stack.tableName);
    for (const website of [null, "", "   "])
      expect((await postJson(registrations(), registration({ website }))).status).toBe(201);
    expect((await countItems(stack.tableName)).registrations - before.registrations).toBe(3);
  });
});

describe("a name that is not a name", () => {
  const message = nameFieldText;

  it("is refused beside the field in JSON: problem+json with errors, in both languages", async () => {
    const reg = await postJson(registrations(), registration({ fullName: "Chào Click http://evil.example" }));
    expect(reg.status).toBe(400);
    expect(reg.headers.get("content-type")).toContain("application/problem+json");
    expect(reg.json.errors).toEqual([
      {
        path: "fullName",
        code: "name_invalid",
        message: message.vi.name_invalid,
        vi: message.vi.name_invalid,
        en: message.en.name_invalid,
      },
    ]);
    const pet = await postJson(`${stack.url}/petitions?lang=en`, {
      ...petitionBody({}, "relay.target@example.org"),
      petitioner: { ...petitionBody().petitioner, fullName: "Nhận quà tại evil.example", email: "x@example.org" },
    });
    expect(pet.status).toBe(400);
    expect(pet.json.errors).toEqual([expect.objectContaining({ path: "petitioner.fullName", code: "name_invalid" })]);
    expect((pet.json.errors as { message: string }[])[0]?.message).toBe(message.en.name_invalid);
  });

  it("is refused on the forms, which come back with the message beside the field", async () => {
    const reg = await postForm(registrations(), { ...asForm(registration()), fullName: "lan@example.org" });
    expect(reg.status).toBe(400);
    const regPage = await reg.text();
    expect(regPage).toContain(
      `<span class="err" id="f-fullName-err">${message.vi.name_invalid.replaceAll("'", "&#39;")}`,
    );
    expect(regPage).toContain('value="lan@example.org"');
    const pet = await postForm(`${stack.url}/petitions`, {
      title: "Đề nghị hỗ trợ",
      content: "Nội dung",
      category: "credit",
      commune: "thuong-lam",
      "petitioner.fullName": "Gọi 0912 345 678",
      "petitioner.phone": nextPhone(),
      consent: "on",
    });
    expect(pet.status).toBe(400);
    expect(await pet.text()).toContain(
      `<span class="err" id="f-petitioner-fullName-err">${message.vi.name_invalid.replaceAll("'", "&#39;")}`,
    );
  });

  it("sends no e-mail to the address typed beside it", async () => {
    await postJson(
      registrations(),
      registration({ fullName: "Click http://evil.example", email: "victim@example.org" }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await stack.inbox.to("victim@example.org")).toEqual([]);
  });

  it.each(["Lò Thị Mai", "Hờ Thị Dung", "Sùng Thị Súa", "Bàn Thị Tươi", "H'Hen Niê"])(
    "takes %s, typed decomposed or not, on both forms",
    async (fullName) => {
      expect((await postJson(registrations(), registration({ fullName: fullName.normalize("NFD") }))).status).toBe(201);
      const pet = petitionBody();
      expect(
        (await postJson(`${stack.url}/petitions`, { ...pet, petitioner: { ...pet.petitioner, fullName } })).status,
      ).toBe(201);
    },
  );
});
