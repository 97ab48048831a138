import type { Context } from "aws-lambda";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type ApiEvent, httpHandler, json } from "../../shared/platform/http.ts";
import { setLogSink } from "../../shared/platform/log.ts";
import { count, dimensionValue, type MetricName, NAMESPACE, observed } from "../../shared/platform/metrics.ts";

/**
 * The metrics (shared/platform/metrics.ts) as CloudWatch reads them: embedded metric format lines, each checked
 * against the format's rules, for every metric the system counts; written once per invocation, never with a
 * person's data as a dimension.
 */

const lines: string[] = [];
const previous = setLogSink((line) => lines.push(line));
afterAll(() => setLogSink(previous));
afterEach(() => {
  lines.length = 0;
  delete process.env.STAGE;
});

type Emf = Record<string, unknown> & {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
};

/**
 * The format's rules (CloudWatch's "Embedded metric format specification"): `_aws` with a millisecond Timestamp and
 * at least one directive; each directive a Namespace, Dimensions as arrays of at most 30 keys, Metrics with a Name and
 * a Unit; each dimension key a string member of the document, each metric name a number member.
 */
function checkEmf(line: string): Emf {
  const doc = JSON.parse(line) as Emf;
  expect(Object.keys(doc._aws).sort()).toEqual(["CloudWatchMetrics", "Timestamp"]);
  expect(Number.isInteger(doc._aws.Timestamp)).toBe(true);
  expect(Math.abs(doc._aws.Timestamp - Date.now())).toBeLessThan(60_000);
  expect(doc._aws.CloudWatchMetrics.length).toBeGreaterThan(0);
  for (const directive of doc._aws.CloudWatchMetrics) {
    expect(Object.keys(directive).sort()).toEqual(["Dimensions", "Metrics", "Namespace"]);
    expect(directive.Namespace).toBe(NAMESPACE);
    for (const set of directive.Dimensions) {
      expect(set.length).toBeGreaterThan(0);
      expect(set.length).toBeLessThanOrEqual(30);
      for (const key of set) expect(typeof doc[key], `dimension ${key}`).toBe("string");
    }
    expect(directive.Metrics.length).toBeGreaterThan(0);
    expect(directive.Metrics.length).toBeLessThanOrEqual(100);
    for (const metric of directive.Metrics) {
      expect(Object.keys(metric).sort()).toEqual(["Name", "Unit"]);
      expect(metric.Unit).toBe("Count");
      expect(typeof doc[metric.Name], `metric ${metric.Name}`).toBe("number");
    }
  }
  return doc;
}

const emf = () => lines.filter((l) => l.startsWith('{"_aws"')).map(checkEmf);
const ctx = (name = "metrics-probe") => ({ functionName: name, awsRequestId: `req-${Math.random()}` }) as Context;
const invocation = (work: () => void | Promise<void>, name?: string) =>
  observed(async () => {
    await work();
    return "done";
  })({}, ctx(name));

/** Every metric, how it is counted, and the dimensions it must be published under. */
const EVERY: [MetricName, () => void, string[][], Record<string, string>][] = [
  [
    "Registrations",
    () => count("Registrations", { outcome: "seat" }),
    [["stage"], ["stage", "outcome"]],
    { outcome: "seat" },
  ],
  ["Petitions", () => count("Petitions"), [["stage"]], {}],
  [
    "Transitions",
    () => count("Transitions", { action: "request_info" }),
    [["stage"], ["stage", "action"]],
    { action: "request_info" },
  ],
  ["MailsSent", () => count("MailsSent"), [["stage"]], {}],
  ["MailsFailed", () => count("MailsFailed"), [["stage"]], {}],
  [
    "MailsBounced",
    () => count("MailsBounced", { type: "permanent" }),
    [["stage"], ["stage", "type"]],
    { type: "permanent" },
  ],
  ["MailsComplained", () => count("MailsComplained"), [["stage"]], {}],
  ["OverdueSteps", () => count("OverdueSteps"), [["stage"]], {}],
  ["RemindersSent", () => count("RemindersSent"), [["stage"]], {}],
  ["Escalations", () => count("Escalations"), [["stage"]], {}],
  [
    "UnhandledErrors",
    () => count("UnhandledErrors", { route: "/a/{token}" }),
    [["stage"], ["stage", "route"]],
    { route: "/a/{token}" },
  ],
];

describe("each metric is one well-formed EMF line", () => {
  it.each(EVERY)("%s", async (name, counting, dimensions, values) => {
    await invocation(counting);
    const docs = emf();
    expect(docs).toHaveLength(1);
    const [doc] = docs as [Emf];
    expect(doc._aws.CloudWatchMetrics).toEqual([
      { Namespace: "TiengNoi", Dimensions: dimensions, Metrics: [{ Name: name, Unit: "Count" }] },
    ]);
    expect(doc).toMatchObject({ stage: "local", [name]: 1, ...values });
  });

  it("the stage comes from STAGE", async () => {
    process.env.STAGE = "prod";
    await invocation(() => count("Petitions"));
    expect(emf()[0]).toMatchObject({ stage: "prod", Petitions: 1 });
  });

  it("the line names the invocation, as every log line does (properties, not dimensions)", async () => {
    const context = ctx("submit-petition-probe");
    await observed(async () => count("Petitions"))({}, context);
    const [doc] = emf();
    expect(doc).toMatchObject({ requestId: context.awsRequestId, functionName: "submit-petition-probe" });
    expect(doc?._aws.CloudWatchMetrics.flatMap((d) => d.Dimensions.flat())).not.toContain("requestId");
  });
});

describe("written once per invocation", () => {
  it("counts add up; nothing counted, nothing written", async () => {
    await invocation(() => {
      count("MailsSent");
      count("MailsSent");
      count("MailsSent", 3);
    });
    expect(emf().map((d) => d.MailsSent)).toEqual([5]);
    lines.length = 0;
    await invocation(() => undefined);
    expect(lines).toEqual([]);
  });

  it("as few lines as can hold them: one per value of a dimension", async () => {
    await invocation(async () => {
      count("RemindersSent");
      count("Escalations", 2);
      count("OverdueSteps");
      count("Transitions", { action: "auto_close" });
      await Promise.all([count("Transitions", { action: "auto_close" }), count("Transitions", { action: "accept" })]);
    });
    const docs = emf();
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({
      RemindersSent: 1,
      Escalations: 2,
      OverdueSteps: 1,
      Transitions: 2,
      action: "auto_close",
    });
    expect(docs[1]).toMatchObject({ Transitions: 1, action: "accept" });
    expect(docs[1]).not.toHaveProperty("RemindersSent");
  });

  it("written even when the handler throws; concurrent invocations keep their own counts", async () => {
    const failing = observed(async () => {
      count("MailsFailed");
      throw new Error("down");
    });
    await expect(failing({}, ctx())).rejects.toThrow("down");
    expect(emf().map((d) => d.MailsFailed)).toEqual([1]);
    lines.length = 0;
    await Promise.all(
      [1, 2, 3].map((n) =>
        invocation(async () => {
          for (let i = 0; i < n; i++) {
            count("MailsSent");
            await new Promise((r) => setTimeout(r, 1));
          }
        }),
      ),
    );
    expect(
      emf()
        .map((d) => d.MailsSent)
        .sort(),
    ).toEqual([1, 2, 3]);
  });

  it("outside an invocation (a test, an ops command), a count is written at once", () => {
    count("Petitions");
    expect(emf().map((d) => d.Petitions)).toEqual([1]);
  });
});

describe("the HTTP edge counts what Lambda cannot", () => {
  const event = (resource: string) =>
    ({
      resource,
      path: resource,
      httpMethod: "GET",
      headers: {},
      queryStringParameters: null,
      pathParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { requestId: "gw-1", path: `/prod${resource}`, stage: "prod", domainName: "x.example.org" },
    }) as unknown as ApiEvent;

  it("an unhandled error: a 500, its error line, and UnhandledErrors by route", async () => {
    const handler = httpHandler(async () => {
      throw new TypeError("x is undefined");
    });
    expect((await handler(event("/petitions/{trackingCode}"), ctx())).statusCode).toBe(500);
    const error = lines.map((l) => JSON.parse(l)).find((l) => l.level === "error");
    expect(error).toMatchObject({ message: "unhandled error", route: "/petitions/{trackingCode}", error: "TypeError" });
    expect(emf()).toEqual([
      expect.objectContaining({ UnhandledErrors: 1, route: "/petitions/{trackingCode}", correlationId: "gw-1" }),
    ]);
  });

  it("an answer, even a 4xx, counts nothing", async () => {
    const handler = httpHandler(async () => json(404, {}));
    expect((await handler(event("/events/{eventId}"), ctx())).statusCode).toBe(404);
    expect(emf()).toEqual([]);
  });
});

describe("no person's data, address or token can be a dimension", () => {
  it("names pass; anything else is `other`", () => {
    for (const name of [
      "seat",
      "waitlist",
      "request_info",
      "take_over",
      "/events/{eventId}/registrations",
      "/{proxy+}",
      "prod",
      "dev-2",
    ])
      expect(dimensionValue(name)).toBe(name);
    for (const data of [
      "0912345678",
      "+84912345678",
      "a0912345678",
      "chi.hoa@example.vn",
      "abcdefghijklmnopqrstuvwxyz234567",
      "/a/abcdefghijklmnopqrstuvwxyz234567",
      "K7M3P-Q9RTX",
      "k7m3p-q9r7x",
      "Ma Thị Hoa",
      "",
      "x".repeat(81),
    ])
      expect(dimensionValue(data), data).toBe("other");
  });

  it("a dimension given data is written as `other`", async () => {
    await invocation(() => count("Transitions", { action: "chi.hoa@example.vn" }));
    expect(emf()[0]).toMatchObject({ action: "other", Transitions: 1 });
    expect(lines.join("\n")).not.toContain("example.vn");
  });
});
