import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedRoutes } from "../../shared/declarations.ts";
import { configWith, testEvent } from "../support/fixtures.ts";
import { startStack, type TestStack } from "../support/stack.ts";

/** The edges of HTTP on every POST route: too big, wrong type, not JSON; and routes or methods that do not exist. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: configWith([testEvent({ id: "edge-event" })]) });
});
afterAll(async () => stack?.stop());

const concrete = (path: string) => path.replace("{eventId}", "edge-event").replace(/\{\w+\}/g, "a".repeat(32));
const posts = servedRoutes.filter((r) => r.method === "POST").map((r) => concrete(r.path));

describe.each(posts)("POST %s", (path) => {
  const send = (contentType: string, body: string) =>
    fetch(`${stack.url}${path}`, { method: "POST", headers: { "content-type": contentType }, body });

  it("refuses a body over 64 KB (413), another content type (415) and malformed JSON (400)", async () => {
    const big = await send("application/json", JSON.stringify({ content: "ạ".repeat(40_000) }));
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/64 KB/);
    expect((await send("text/xml", "<x/>")).status).toBe(415);
    expect((await send("application/json", '{"title": "unterminated')).status).toBe(400);
    expect((await send("application/json", "[".repeat(50_000))).status).toBe(400);
  });
});

describe("the language switch", () => {
  it("is offered on a page a GET answers, never on one a POST answers (its relative link would be a 405)", async () => {
    const form = await (await fetch(`${stack.url}/events/edge-event/register`)).text();
    expect(form).toContain('href="?lang=en"');
    const sentBack = await fetch(`${stack.url}/events/edge-event/registrations`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "fullName=",
    });
    expect(sentBack.status).toBe(400);
    const page = await sentBack.text();
    expect(page).toContain("<form");
    expect(page).not.toContain("?lang=");
  });
});

describe("unknown routes and wrong methods", () => {
  it.each(["/nowhere", "/events/edge-event/nowhere", "/petitions/a/b/c", "/a", "/a/", "/%2e%2e/%2e%2e/etc/passwd"])(
    "answers %s with 404",
    async (path) => {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.status).toBe(404);
    },
  );

  it("answers a method a known path does not take with 405 and Allow", async () => {
    for (const [method, path, allow] of [
      ["DELETE", "/events/edge-event", "GET, HEAD"],
      ["PUT", "/petitions", "GET, HEAD, POST"],
      ["PATCH", `/a/${"a".repeat(32)}`, "GET, HEAD, POST"],
      ["GET", "/petitions/lookup", "POST"],
    ] as const) {
      const res = await fetch(`${stack.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});
