import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendOfficerLink } from "../../shared/petitions/service.ts";
import { configWith, testEvent, validRegistration } from "../support/fixtures.ts";
import { petitionBody } from "../support/petitions.ts";
import { linksIn, postForm, postJson, startStack, type TestStack } from "../support/stack.ts";
import { countItems } from "../support/store.ts";

/** Bots fill the hidden field and are answered politely with nothing kept; one phone cannot flood the union. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "bot-event" })]) });
});
afterAll(async () => stack?.stop());

describe("the honeypot", () => {
  it("is on the public forms, hidden from people", async () => {
    for (const path of ["/events/bot-event/register", "/petitions/new"]) {
      const html = await (await fetch(`${stack.url}${path}`)).text();
      expect(html).toMatch(/<div class="hp" aria-hidden="true">.*name="website".*tabindex="-1"/);
    }
  });

  it("answers a filled form like any other and stores and sends nothing", async () => {
    const before = await countItems(stack.tableName);
    const registration = await postForm(`${stack.url}/events/bot-event/registrations`, {
      ...Object.fromEntries(Object.entries(validRegistration).map(([k, v]) => [k, String(v === true ? "on" : v)])),
      website: "http://spam.example",
    });
    expect(registration.status).toBe(201);
    expect(await registration.text()).toContain("Đăng ký thành công");
    const petition = await postJson(`${stack.url}/petitions`, {
      ...petitionBody({}, "bot@example.org"),
      website: "cheap pills",
    });
    expect(petition.status).toBe(201);
    expect(petition.json.trackingCode).toMatch(/^\w{5}-\w{5}$/);
    expect(await countItems(stack.tableName)).toEqual(before);
    expect((await fetch(`${stack.url}/petitions/${petition.json.trackingCode}`)).status).toBe(404);
  });
});

describe("petitions per phone per day", () => {
  it("takes ten from one phone, refuses the eleventh with 429, and takes other phones and officers' entries", async () => {
    const body = petitionBody();
    for (let i = 0; i < 10; i++) expect((await postJson(`${stack.url}/petitions`, body)).status).toBe(201);
    const eleventh = await postJson(`${stack.url}/petitions`, body);
    expect(eleventh.status).toBe(429);
    expect(eleventh.json.type).toBe("/problems/too-many-today");
    expect(eleventh.headers.get("retry-after")).toBe("3600");
    expect(String(eleventh.json.detail)).toContain("tối đa 10");
    expect((await postJson(`${stack.url}/petitions`, petitionBody())).status).toBe(201);
    // An officer entering petitions from a session for women is not limited by their phones.
    await sendOfficerLink("hlhpn.thuonglam@example.org", stack.url);
    const [mail] = await stack.inbox.waitFor("hlhpn.thuonglam@example.org");
    const intake = linksIn(mail as never).find((l) => l.includes("/o/")) as string;
    expect((await postJson(intake, body)).status).toBe(201);
  });
});
