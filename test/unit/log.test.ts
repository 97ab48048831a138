import type { Context } from "aws-lambda";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type ApiEvent, httpHandler, json } from "../../shared/platform/http.ts";
import { describeError, log, setLogSink } from "../../shared/platform/log.ts";
import { observed } from "../../shared/platform/metrics.ts";

/**
 * The logs (shared/platform/log.ts): every line of an invocation names it — Lambda's request id, the cold start, the
 * function, API Gateway's request id, X-Ray's trace — and nothing shaped like a phone number, an e-mail address or a
 * link token reaches a line, whatever path it takes (message, field, key, error, stack, an error a handler throws).
 */

const lines: string[] = [];
const previous = setLogSink((line) => lines.push(line));
afterAll(() => setLogSink(previous));
afterEach(() => {
  lines.length = 0;
  delete process.env._X_AMZN_TRACE_ID;
});
const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

const PHONE = "0912 345 678";
const EMAIL = "chi.hoa@example.vn";
const TOKEN = "abcdefghijklmnopqrstuvwxyz234567";
const SECRETS = [PHONE, PHONE.replaceAll(" ", ""), "912345678", EMAIL, TOKEN];
const expectClean = (text: string) => {
  for (const s of SECRETS) expect(text).not.toContain(s);
};

let sequence = 0;
function context(functionName: string): Context {
  return { functionName, awsRequestId: `lambda-request-${++sequence}` } as Context;
}
function apiEvent(resource = "/petitions"): ApiEvent {
  return {
    resource,
    path: resource,
    httpMethod: "GET",
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    isBase64Encoded: false,
    body: null,
    requestContext: {
      requestId: `gateway-request-${++sequence}`,
      path: `/prod${resource}`,
      stage: "prod",
      domainName: "api.example.org",
    },
  } as unknown as ApiEvent;
}

describe("every line of an HTTP invocation names it", () => {
  const handler = httpHandler(async () => {
    log.info("working", { step: 1 });
    await new Promise((r) => setTimeout(r, 5));
    log.warn("still working");
    return json(200, { ok: true });
  });
  const failing = httpHandler(async () => {
    log.info("about to fail");
    throw new Error("boom");
  });

  it("carries Lambda's request id, the function, API Gateway's request id; a cold start first, then warm", async () => {
    const first = { event: apiEvent(), context: context("list-events-probe") };
    const second = { event: apiEvent(), context: context("list-events-probe") };
    await handler(first.event, first.context);
    await handler(second.event, second.context);
    const out = parsed();
    expect(out.map((l) => l.message)).toEqual(["working", "still working", "working", "still working"]);
    for (const [i, run] of [first, first, second, second].entries()) {
      expect(out[i]).toMatchObject({
        requestId: run.context.awsRequestId,
        functionName: "list-events-probe",
        correlationId: run.event.requestContext.requestId,
        coldStart: run === first,
      });
      expect(out[i]).not.toHaveProperty("traceId");
    }
  });

  it("each function has its own cold start (locally every function shares one process)", async () => {
    await handler(apiEvent(), context("cold-a"));
    await handler(apiEvent(), context("cold-b"));
    await handler(apiEvent(), context("cold-a"));
    expect(parsed().map((l) => [l.functionName, l.coldStart])).toEqual([
      ["cold-a", true],
      ["cold-a", true],
      ["cold-b", true],
      ["cold-b", true],
      ["cold-a", false],
      ["cold-a", false],
    ]);
  });

  it("invocations running at once keep their own ids", async () => {
    const runs = Array.from({ length: 5 }, () => ({ event: apiEvent(), context: context("concurrent") }));
    await Promise.all(runs.map((r) => handler(r.event, r.context)));
    const out = parsed();
    expect(out).toHaveLength(10);
    for (const run of runs) {
      const own = out.filter((l) => l.requestId === run.context.awsRequestId);
      expect(own.map((l) => l.message).sort()).toEqual(["still working", "working"]);
      for (const l of own) expect(l.correlationId).toBe(run.event.requestContext.requestId);
    }
  });

  it("carries X-Ray's trace id when Lambda gives one", async () => {
    process.env._X_AMZN_TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    await handler(apiEvent(), context("traced"));
    for (const l of parsed()) expect(l.traceId).toBe("1-5759e988-bd862e3fe1be46a994272793");
  });

  it("the unhandled error's line, and the count beside it, carry them too", async () => {
    const run = { event: apiEvent("/petitions/{trackingCode}"), context: context("failing") };
    const res = await failing(run.event, run.context);
    expect(res.statusCode).toBe(500);
    const out = parsed();
    expect(out.map((l) => l.message ?? "(metrics)")).toEqual(["about to fail", "unhandled error", "(metrics)"]);
    for (const l of out) {
      expect(l).toMatchObject({
        requestId: run.context.awsRequestId,
        correlationId: run.event.requestContext.requestId,
        coldStart: true,
      });
    }
    expect(out[1]).toMatchObject({ level: "error", route: "/petitions/{trackingCode}", error: "Error" });
  });

  it("a line outside any invocation has none of them", () => {
    log.info("outside");
    expect(parsed()[0]).toEqual({ level: "info", time: expect.any(String), message: "outside" });
  });

  it("a caller's field cannot pass for the invocation's own", async () => {
    const spoof = httpHandler(async () => {
      log.info("spoof", { requestId: "not-it", coldStart: "maybe" });
      return json(200, {});
    });
    const ctx = context("spoof");
    await spoof(apiEvent(), ctx);
    expect(parsed()[0]).toMatchObject({ requestId: ctx.awsRequestId, coldStart: true });
  });
});

describe("scrubbing holds on every path into a line", () => {
  it("the message, field values and keys at any depth, arrays", () => {
    log.info(`called ${PHONE}`, {
      to: EMAIL,
      [EMAIL]: "as a key",
      nested: { a: { b: { c: [`/a/${TOKEN}`, { d: `+84 912 345 678` }] } } },
      list: [PHONE, EMAIL],
    });
    expectClean(lines.join("\n"));
    const [line] = parsed();
    expect(line?.message).toBe("called [phone]");
    expect(line?.to).toBe("[email]");
    expect(line?.["[email]"]).toBe("as a key");
  });

  it("leaves ids alone: a request id's hex digits are not a phone number (a run once met '…a1849…')", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom("0912345678", "84912345678", "+84 912 345 678"), (id, phone) => {
        lines.length = 0;
        log.info("x", { id, phone });
        const [line] = parsed();
        expect(line?.id).toBe(id);
        expect(line?.phone).toBe("[phone]");
      }),
      { numRuns: 200 },
    );
    log.info("x", { id: "90af1849-1234-5678-928a-03fd9575cfc9" });
    expect(parsed().at(-1)?.id).toBe("90af1849-1234-5678-928a-03fd9575cfc9");
  });

  it("deeper than five levels, an object is not written at all", () => {
    log.info("deep", { a: { b: { c: { d: { e: { f: EMAIL } } } } } });
    expectClean(lines[0] as string);
    expect(lines[0]).toContain('"e":"[…]"');
  });

  it("an error passed as a field is described, message and stack scrubbed", () => {
    const error = new Error(`SES refused ${EMAIL} (${PHONE}) for /r/${TOKEN}`);
    error.stack = `Error: SES refused ${EMAIL}\n    at send (/var/task/index.mjs:1:2)\n    at to ${EMAIL} (x.js:1:1)`;
    log.error("send failed", { cause: error, ...describeError(error) });
    expectClean(lines[0] as string);
    const [line] = parsed();
    expect(line?.error).toBe("Error");
    expect(line?.message).toBe("send failed");
    expect(line?.cause).toMatchObject({ error: "Error", errorMessage: expect.stringContaining("[email]") });
    expect(line?.frames).toEqual(["at send (/var/task/index.mjs:1:2)", "at to [email] (x.js:1:1)"]);
  });

  it("an error thrown in an HTTP handler: its line is scrubbed, the answer says nothing of it", async () => {
    const failing = httpHandler(async () => {
      throw new Error(`could not reach ${EMAIL} or ${PHONE}: /a/${TOKEN}`);
    });
    const res = await failing(apiEvent(), context("scrub-http"));
    expect(res.statusCode).toBe(500);
    expectClean(lines.join("\n"));
    expectClean(res.body);
  });

  it("an error that leaves a background handler is scrubbed in place (Lambda logs it), its class kept", async () => {
    class SendFailed extends Error {
      override name = "SendFailed";
    }
    const handler = observed(async () => {
      throw new SendFailed(`mail to ${EMAIL} at ${PHONE}`);
    });
    const thrown = await handler({}, context("scrub-background")).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(SendFailed);
    expect((thrown as Error).message).toBe("mail to [email] at [phone]");
    expectClean((thrown as Error).stack ?? "");
  });

  it("dates and bigints are written, not lost or thrown on", () => {
    log.info("values", { at: new Date("2027-01-02T03:04:05Z"), big: 10n, bad: new Date(Number.NaN) });
    expect(parsed()[0]).toMatchObject({ at: "2027-01-02T03:04:05.000Z", big: "10", bad: null });
  });
});
