import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_LOG_LEVELS, THRESHOLDS } from "../../infra/alarms.ts";
import { buildApp } from "../../infra/app.ts";
import { reservedConcurrencyOf } from "../../infra/context.ts";
import { type FunctionName, functions, schedules, streamConsumers } from "../../shared/declarations.ts";
import { type ApiEvent, httpHandler } from "../../shared/platform/http.ts";
import { setLogSink } from "../../shared/platform/log.ts";

/**
 * The alarms of a stage (infra/alarms.ts) and the dashboard: each alarm watches its metric, at its threshold and
 * period, and mails the alarm topic both when it goes off and when it clears.
 */
const STAGE = "alarmtest";
const ADDRESSES = ["ops@example.org", "lead@example.org"];
const dirs: string[] = [];
function synth(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), "cdk-alarms-"));
  dirs.push(outdir);
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { "aws:cdk:bundling-stacks": [], senderEmail: "thongbao@example.org", ...context },
  });
  const built = buildApp(app);
  app.synth();
  return Template.fromStack(built.stack);
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, unknown> };
let template: Template;
let resources: Record<string, Resource>;
let topic: string;
beforeAll(() => {
  template = synth({ stage: STAGE, alarmEmail: ADDRESSES.join(",") });
  resources = template.toJSON().Resources;
  topic = idOf("AWS::SNS::Topic", "AlarmsTopic");
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
function idOf(type: string, prefix: string): string {
  const id = ofType(type).find(([rid]) => rid.startsWith(prefix))?.[0];
  if (!id) throw new Error(`no ${type} ${prefix}…`);
  return id;
}
const fnId = (name: FunctionName) => idOf("AWS::Lambda::Function", `Fn${name.replace(/-/g, "")}Function`);
const FIVE_MINUTES = 300;

/** The alarm named `tieng-noi-<stage>-<suffix>`, which must mail the topic going off and clearing. */
function alarm(suffix: string): Record<string, unknown> {
  const name = `tieng-noi-${STAGE}-${suffix}`;
  const found = ofType("AWS::CloudWatch::Alarm").find(([, a]) => a.Properties.AlarmName === name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found[1].Properties;
}

/** The metric of one metric-math input, by its id. */
function input(props: Record<string, unknown>, id: string) {
  const metrics = props.Metrics as { Id: string; MetricStat?: Record<string, unknown>; ReturnData?: boolean }[];
  const found = metrics.find((m) => m.Id === id);
  if (!found?.MetricStat) throw new Error(`no metric ${id} in ${JSON.stringify(metrics.map((m) => m.Id))}`);
  return found.MetricStat as { Metric: Record<string, unknown>; Period: number; Stat: string };
}
const expression = (props: Record<string, unknown>) =>
  (props.Metrics as { Expression?: string; ReturnData?: boolean }[]).find((m) => m.ReturnData !== false)?.Expression;

/** API Gateway's metrics of the stage: by the API's name and the stage's. */
const apiDimensions = () => [
  { Name: "ApiName", Value: `tieng-noi-${STAGE}` },
  { Name: "Stage", Value: { Ref: idOf("AWS::ApiGateway::Stage", "ApiDeploymentStage") } },
];

describe("the alarm topic", () => {
  it("is encrypted with a key CloudWatch may use, takes only TLS, and mails every -c alarmEmail address", () => {
    const key = idOf("AWS::KMS::Key", "AlarmsTopicKey");
    expect(resources[topic]?.Properties.KmsMasterKeyId).toEqual({ "Fn::GetAtt": [key, "Arn"] });
    expect(JSON.stringify(resources[key]?.Properties.KeyPolicy)).toContain('"Service":"cloudwatch.amazonaws.com"');
    const subscriptions = ofType("AWS::SNS::Subscription").filter(([, s]) => s.Properties.Protocol === "email");
    expect(subscriptions.map(([, s]) => s.Properties.Endpoint).sort()).toEqual([...ADDRESSES].sort());
    for (const [, s] of subscriptions) expect(s.Properties.TopicArn).toEqual({ Ref: topic });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({ Action: "sns:Publish", Principal: { Service: "cloudwatch.amazonaws.com" } }),
        ]),
      },
    });
  });

  it("has no subscription in dev when no address is given (the alarms still exist)", () => {
    const dev = synth({ stage: "dev", senderEmail: undefined });
    dev.resourceCountIs("AWS::SNS::Subscription", 1); // the mail-events function's, only
    // At least each function's own alarm.
    expect(Object.keys(dev.findResources("AWS::CloudWatch::Alarm")).length).toBeGreaterThan(
      Object.keys(functions).length,
    );
  });
});

describe("every alarm", () => {
  it("mails the topic when it goes off and when it clears, and says what it means and what to do", () => {
    const alarms = ofType("AWS::CloudWatch::Alarm");
    const expected =
      3 + // API: 5XX rate, 4XX surge, p95 latency
      Object.keys(functions).length + // each function's errors and throttles (one alarm)
      streamConsumers.length + // iterator age
      ofType("AWS::SQS::Queue").length + // every queue's depth
      schedules.length + // every schedule's failed deliveries
      2; // SES bounce and complaint rates
    expect(alarms).toHaveLength(expected);
    for (const [id, a] of alarms) {
      expect(a.Properties.AlarmActions, id).toEqual([{ Ref: topic }]);
      expect(a.Properties.OKActions, id).toEqual([{ Ref: topic }]);
      expect(a.Properties.AlarmName, id).toMatch(new RegExp(`^tieng-noi-${STAGE}-`));
      expect(a.Properties.AlarmDescription, id).toMatch(/\. What to do: .{20,}/);
    }
  });
});

describe("the API", () => {
  it("alarms on the stage's 5XX share of requests, counted from enough requests", () => {
    const a = alarm("api-5xx-rate");
    expect(a).toMatchObject({
      Threshold: THRESHOLDS.api5xxRate,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
      TreatMissingData: "notBreaching",
    });
    expect(expression(a)).toBe(`IF(requests >= ${THRESHOLDS.api5xxMinRequests}, errors / requests, 0)`);
    for (const [id, metricName] of [
      ["errors", "5XXError"],
      ["requests", "Count"],
    ] as const) {
      expect(input(a, id)).toEqual({
        Metric: { Namespace: "AWS/ApiGateway", MetricName: metricName, Dimensions: apiDimensions() },
        Period: FIVE_MINUTES,
        Stat: "Sum",
      });
    }
    expect(THRESHOLDS.api5xxRate).toBe(0.02);
  });

  it("alarms on a surge of 4XX answers beyond a whole session's", () => {
    expect(alarm("api-4xx-surge")).toMatchObject({
      Namespace: "AWS/ApiGateway",
      MetricName: "4XXError",
      Dimensions: apiDimensions(),
      Statistic: "Sum",
      Period: FIVE_MINUTES,
      Threshold: 500,
      EvaluationPeriods: 1,
    });
    // A session: 222 women, each form back twice and one 409, in two periods.
    expect(THRESHOLDS.api4xxPerPeriod).toBeGreaterThan((222 * 3) / 2);
  });

  it("alarms on the p95 latency for a quarter of an hour", () => {
    expect(alarm("api-latency-p95")).toMatchObject({
      Namespace: "AWS/ApiGateway",
      MetricName: "Latency",
      Dimensions: apiDimensions(),
      ExtendedStatistic: "p95",
      Period: FIVE_MINUTES,
      Threshold: 2000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });
});

describe("each function", () => {
  it("counts the log lines it writes at level error, from its own log group", () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const fn = resources[fnId(name)] as Resource;
      const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup;
      template.hasResourceProperties("AWS::Logs::MetricFilter", {
        LogGroupName: logGroup,
        FilterPattern: '{ ($.level = "error") || ($.level = "ERROR") }',
        MetricTransformations: [
          {
            MetricNamespace: `TiengNoi/${STAGE}`,
            MetricName: `LoggedErrors-${name}`,
            MetricValue: "1",
            DefaultValue: 0,
          },
        ],
      });
    }
  });

  it("alarms on its errors: Lambda's, and those the HTTP edge answers with a 500 and logs", () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      const a = alarm(`${name}-errors`);
      expect(a, name).toMatchObject({
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
      expect(expression(a)).toBe("FILL(crashed, 0) + FILL(logged, 0) + FILL(throttled, 0)");
      expect(input(a, "crashed")).toEqual({
        Metric: {
          Namespace: "AWS/Lambda",
          MetricName: "Errors",
          Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId(name) } }],
        },
        Period: FIVE_MINUTES,
        Stat: "Sum",
      });
      expect(input(a, "logged")).toEqual({
        Metric: { Namespace: `TiengNoi/${STAGE}`, MetricName: `LoggedErrors-${name}` },
        Period: FIVE_MINUTES,
        Stat: "Sum",
      });
    }
  });

  it("alarms on its throttles, in the same alarm", () => {
    for (const name of Object.keys(functions) as FunctionName[]) {
      expect(input(alarm(`${name}-errors`), "throttled"), name).toEqual({
        Metric: {
          Namespace: "AWS/Lambda",
          MetricName: "Throttles",
          Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId(name) } }],
        },
        Period: FIVE_MINUTES,
        Stat: "Sum",
      });
    }
  });

  it("matches the line the HTTP edge really writes for an unhandled error (which it answers with a 500)", async () => {
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      const failing = httpHandler(async () => {
        throw new Error("boom");
      });
      const event = {
        resource: "/petitions",
        path: "/petitions",
        httpMethod: "GET",
        headers: {},
        queryStringParameters: null,
        pathParameters: null,
        isBase64Encoded: false,
        body: null,
        requestContext: { requestId: "r-1", stage: STAGE, domainName: "api.example.org" },
      } as unknown as ApiEvent;
      const response = await failing(event, { functionName: "probe", awsRequestId: "l-1" } as Context);
      expect(response.statusCode).toBe(500);
    } finally {
      setLogSink(previous);
    }
    const errors = lines
      .map((l) => JSON.parse(l) as { level: string; message: string })
      .filter((l) => l.message === "unhandled error");
    expect(errors).toHaveLength(1);
    // The synthesized pattern, read back: `$.level = "…"` terms joined by ||.
    const [, filter] = ofType("AWS::Logs::MetricFilter")[0] as [string, Resource];
    const pattern = filter.Properties.FilterPattern as string;
    const terms = [...pattern.matchAll(/\$\.(\w+) = "([^"]*)"/g)].map(([, field, value]) => ({ field, value }));
    expect(pattern.replace(/\(\$\.\w+ = "[^"]*"\)/g, "T")).toBe("{ T || T }");
    expect(terms.map((t) => t.value)).toEqual([...ERROR_LOG_LEVELS]);
    const line = errors[0] as Record<string, unknown>;
    expect(terms.some((t) => line[t.field as string] === t.value)).toBe(true);
  });
});

describe("the mail path", () => {
  it("alarms when the notifier falls five minutes behind on the stream for ten minutes", () => {
    for (const { fn } of streamConsumers) {
      expect(alarm(`${fn}-stream-age`)).toMatchObject({
        Namespace: "AWS/Lambda",
        MetricName: "IteratorAge",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId(fn) } }],
        Statistic: "Maximum",
        Period: FIVE_MINUTES,
        Threshold: 300_000,
        EvaluationPeriods: 2,
      });
    }
  });

  it("alarms on the first message in every queue of the stack (each is a dead-letter or failure queue)", () => {
    const queues = ofType("AWS::SQS::Queue").map(([id]) => id);
    // The stream's, the mail events' (Lambda's failures and SNS's undelivered), and each schedule's.
    expect(queues.map((id) => id.replace(/[A-F0-9]{8}$/, "")).sort()).toEqual(
      [
        "Dlqnotifier",
        "Failedmailevents",
        "Undeliveredmailevents",
        ...schedules.map((s) => `Failed${s.fn.replace(/-/g, "")}`),
      ].sort(),
    );
    const depthAlarms = ofType("AWS::CloudWatch::Alarm").filter(
      ([, a]) => a.Properties.MetricName === "ApproximateNumberOfMessagesVisible",
    );
    expect(depthAlarms).toHaveLength(queues.length);
    for (const queue of queues) {
      const found = depthAlarms.find(([, a]) =>
        JSON.stringify(a.Properties.Dimensions).includes(JSON.stringify({ "Fn::GetAtt": [queue, "QueueName"] })),
      );
      expect(found?.[1].Properties, queue).toMatchObject({
        Namespace: "AWS/SQS",
        Statistic: "Maximum",
        Period: FIVE_MINUTES,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        EvaluationPeriods: 1,
      });
    }
  });

  it("alarms when a schedule's run could not be delivered to its function", () => {
    for (const { fn } of schedules) {
      const a = alarm(`${fn}-schedule`);
      const rule = idOf("AWS::Events::Rule", `Every${fn.replace(/-/g, "")}`);
      expect(a).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
      expect(expression(a)).toBe("FILL(failed, 0) + FILL(toDlq, 0) + FILL(lost, 0)");
      for (const [id, metricName] of [
        ["failed", "FailedInvocations"],
        ["toDlq", "InvocationsSentToDlq"],
        ["lost", "InvocationsFailedToBeSentToDlq"],
      ] as const) {
        expect(input(a, id)).toEqual({
          Metric: {
            Namespace: "AWS/Events",
            MetricName: metricName,
            Dimensions: [{ Name: "RuleName", Value: { Ref: rule } }],
          },
          Period: FIVE_MINUTES,
          Stat: "Sum",
        });
      }
      // Its errors once it runs are its function's errors alarm.
      expect(alarm(`${fn}-errors`)).toBeDefined();
    }
  });

  it("alarms on SES's bounce and complaint rates before SES reviews the account", () => {
    for (const [suffix, metricName, threshold] of [
      ["ses-bounce-rate", "Reputation.BounceRate", 0.03],
      ["ses-complaint-rate", "Reputation.ComplaintRate", 0.0005],
    ] as const) {
      expect(alarm(suffix)).toMatchObject({
        Namespace: "AWS/SES",
        MetricName: metricName,
        Statistic: "Maximum",
        Period: 3600,
        Threshold: threshold,
        EvaluationPeriods: 1,
        TreatMissingData: "ignore",
      });
    }
    // Below SES's review rates (5 % bounces, 0.1 % complaints).
    expect(THRESHOLDS.sesBounceRate).toBeLessThan(0.05);
    expect(THRESHOLDS.sesComplaintRate).toBeLessThan(0.001);
  });
});

describe("the dashboard", () => {
  it("shows every alarm's state and the metrics they watch", () => {
    const dashboards = ofType("AWS::CloudWatch::Dashboard");
    expect(dashboards).toHaveLength(1);
    const [, dashboard] = dashboards[0] as [string, Resource];
    expect(dashboard.Properties.DashboardName).toBe(`tieng-noi-${STAGE}`);
    // The body as CloudWatch gets it: its text, with each reference written as JSON.
    const parts = (dashboard.Properties.DashboardBody as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
    const body = parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join("");
    for (const [id] of ofType("AWS::CloudWatch::Alarm")) expect(body, id).toContain(`"Fn::GetAtt":["${id}","Arn"]`);
    for (const metric of [
      "5XXError",
      "4XXError",
      "Latency",
      "Errors",
      "Throttles",
      "IteratorAge",
      "ApproximateNumberOfMessagesVisible",
      "FailedInvocations",
      "Reputation.BounceRate",
      "Reputation.ComplaintRate",
      "ConcurrentExecutions",
    ])
      expect(body, metric).toContain(metric);
    // The public forms' reserved concurrency, drawn on their concurrency graph.
    for (const name of Object.keys(functions) as FunctionName[]) {
      const reserved = reservedConcurrencyOf(name, false);
      if (reserved !== undefined) expect(body).toContain(`"value":${reserved}`);
    }
  });
});
