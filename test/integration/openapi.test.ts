import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../shared/declarations.ts";
import { PROBLEMS } from "../../shared/platform/problems.ts";
import { sendLeaderLink } from "../../shared/reports/service.ts";
import { mailFor, petitionBody, submit } from "../support/petitions.ts";
import { linksIn, postJson, startStack, type TestStack } from "../support/stack.ts";

/**
 * Issue 11, part 4: the API describes itself. GET /openapi.json is served; every declared route and every problem
 * type is in it; and real answers — successes and problems — validate against the schema it gives for their route,
 * status and media type.
 */
let stack: TestStack;
let doc: OpenApi;
const ajv = new Ajv2020({ strict: false, allErrors: true });

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
  "x-problem-types": { type: string; status: number }[];
}

beforeAll(async () => {
  stack = await startStack();
  const res = await fetch(`${stack.url}/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  doc = (await res.json()) as OpenApi;
});
afterAll(async () => {
  await stack?.stop();
});

/** The schema the description gives for an answer (with its components, so a $ref resolves). */
function schemaFor(path: string, method: string, status: number, media: string): object {
  const operation = doc.paths[path]?.[method] as Operation;
  const answer = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`];
  const schema = answer?.content?.[media]?.schema;
  if (!schema) throw new Error(`no ${media} schema for ${method} ${path} ${status}`);
  return { ...schema, components: doc.components };
}

/** A real answer checked against the description: its status, media type and body. */
async function conforms(path: string, method: string, res: Response) {
  const media = (res.headers.get("content-type") ?? "").split(";")[0] as string;
  const body = await res.json();
  const validate = ajv.compile(schemaFor(path, method, res.status, media));
  expect(validate(body), `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return body as Record<string, unknown>;
}

const asJson = { headers: { accept: "application/json" } };

describe("the OpenAPI description", () => {
  it("is OpenAPI 3.1 and has every declared route, under its name", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const route of routes) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId, `${route.method} ${route.path}`).toBe(
        route.name,
      );
    }
  });

  it("names every problem type, with its status, and its Problem schema accepts exactly those", () => {
    const listed = new Map(doc["x-problem-types"].map((p) => [p.type, p.status]));
    for (const [type, p] of Object.entries(PROBLEMS)) expect(listed.get(`/problems/${type}`), type).toBe(p.status);
    const validate = ajv.compile({ ...doc.components.schemas.Problem, components: doc.components });
    expect(validate({ type: "/problems/validation", title: "x", status: 400 })).toBe(true);
    expect(validate({ type: "/problems/made-up", title: "x", status: 400 })).toBe(false);
  });

  it("describes the bodies the forms take: a valid petition passes its schema, a wrong one does not", () => {
    const schema = doc.paths["/petitions"]?.post?.requestBody?.content["application/json"]?.schema as object;
    const validate = ajv.compile(schema);
    expect(validate(petitionBody()), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...petitionBody(), category: "no-such-category" })).toBe(false);
  });

  it("matches real answers: events, a registration, a petition, its status, the leaders' report, and itself", async () => {
    const events = await conforms("/events", "get", await fetch(`${stack.url}/events`, asJson));
    const first = (events.events as { id: string }[])[0] as { id: string };
    await conforms("/events/{eventId}", "get", await fetch(`${stack.url}/events/${first.id}`, asJson));
    const registered = await fetch(`${stack.url}/events/${first.id}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        fullName: "Ma Thị Hoa",
        phone: "0912345688",
        gender: "female",
        role: "Hội viên phụ nữ",
        commune: "thuong-lam",
        consent: true,
      }),
    });
    await conforms("/events/{eventId}/registrations", "post", registered);
    const petitioned = await fetch(`${stack.url}/petitions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(petitionBody()),
    });
    const receipt = await conforms("/petitions", "post", petitioned);
    const status = await fetch(`${stack.url}/petitions/${receipt.trackingCode}`, asJson);
    await conforms("/petitions/{trackingCode}", "get", status);
    await conforms("/openapi.json", "get", await fetch(`${stack.url}/openapi.json`));

    await submit(stack.url, petitionBody());
    await sendLeaderLink("hlhpn-lam-binh", "openapi.leader@example.org", stack.url);
    const report = linksIn(await mailFor(stack.inbox, "openapi.leader@example.org", "Báo cáo")).find((l) =>
      l.includes("/l/"),
    ) as string;
    const path = new URL(report).pathname;
    expect(path.startsWith("/l/")).toBe(true);
    await conforms("/l/{token}", "get", await fetch(report, asJson));
  });

  it("matches real problems: invalid fields, a malformed body, an unknown event, route and method", async () => {
    const wrongPhone = petitionBody();
    wrongPhone.petitioner.phone = "12";
    const invalid = await postJson(`${stack.url}/petitions`, wrongPhone);
    expect(invalid.status).toBe(400);
    const check = (path: string, method: string, res: { status: number; json: unknown }) => {
      const validate = ajv.compile(schemaFor(path, method, res.status, "application/problem+json"));
      expect(validate(res.json), `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    };
    check("/petitions", "post", invalid);
    check("/petitions", "post", await postJson(`${stack.url}/petitions`, "{not json"));
    const unknown = await fetch(`${stack.url}/events/no-such-event`, asJson);
    check("/events/{eventId}", "get", { status: unknown.status, json: await unknown.json() });
    const wrongMethod = await fetch(`${stack.url}/petitions/new`, { method: "DELETE", headers: asJson.headers });
    expect(wrongMethod.status).toBe(405);
    check("/petitions/new", "get", { status: wrongMethod.status, json: await wrongMethod.json() });
  });
});
