import type { RestApi } from "aws-cdk-lib/aws-apigateway";
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IWidget,
  MathExpression,
  Metric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import type { Rule } from "aws-cdk-lib/aws-events";
import type { Construct } from "constructs";
import type { FunctionName } from "../shared/declarations.ts";
import { ALARM_PERIOD, type FailureQueue, type Monitoring, SES_PERIOD, THRESHOLDS } from "./alarms.ts";
import type { ProjectFunction } from "./function.ts";

export interface DashboardProps {
  stage: string;
  monitoring: Monitoring;
  api: RestApi;
  functions: Record<FunctionName, ProjectFunction>;
  /** Reserved concurrency by function, for the lines drawn on their concurrency graph. */
  reserved: Partial<Record<FunctionName, number>>;
  streamConsumers: readonly FunctionName[];
  schedules: readonly { fn: FunctionName; rule: Rule }[];
  failureQueues: readonly FailureQueue[];
}

/**
 * One page with what the alarms watch, in the same order: every alarm's state on top, then the API, the functions,
 * the mail path (stream, queues, schedules) and SES's reputation, each graph with its alarm's threshold drawn.
 */
export function buildDashboard(scope: Construct, id: string, props: DashboardProps): Dashboard {
  const period = ALARM_PERIOD;
  const stage = props.api.deploymentStage;
  const line = (value: number, label: string): HorizontalAnnotation => ({ value, label });
  const entries = Object.entries(props.functions) as [FunctionName, ProjectFunction][];
  const widgets: IWidget[][] = [
    [
      new TextWidget({
        markdown:
          `# Tiếng Nói · ${props.stage}\n` +
          "Every alarm mails the alarm topic when it goes off and when it clears; its description says what to do. " +
          "README, “Deploying (ops)”, has the runbook.",
        width: 24,
        height: 2,
      }),
    ],
    [new AlarmStatusWidget({ title: "Alarms", alarms: props.monitoring.alarms, width: 24, height: 6 })],
    [
      new GraphWidget({
        title: "API requests and errors",
        left: [
          stage.metricCount({ statistic: "Sum", period, label: "requests" }),
          stage.metricClientError({ statistic: "Sum", period, label: "4XX" }),
          stage.metricServerError({ statistic: "Sum", period, label: "5XX" }),
        ],
        leftAnnotations: [line(THRESHOLDS.api4xxPerPeriod, "4XX surge")],
        width: 8,
      }),
      new GraphWidget({
        title: "API 5XX share",
        left: [
          new MathExpression({
            expression: "errors / MAX([requests, 1])",
            usingMetrics: {
              errors: stage.metricServerError({ statistic: "Sum", period }),
              requests: stage.metricCount({ statistic: "Sum", period }),
            },
            label: "5XX / requests",
            period,
          }),
        ],
        leftAnnotations: [line(THRESHOLDS.api5xxRate, "alarm")],
        width: 8,
      }),
      new GraphWidget({
        title: "API latency (ms)",
        left: ["p50", "p95", "p99"].map((statistic) => stage.metricLatency({ statistic, period, label: statistic })),
        leftAnnotations: [line(THRESHOLDS.apiLatencyP95Ms, "p95 alarm")],
        width: 8,
      }),
    ],
    [
      new GraphWidget({
        title: "Function errors (Lambda)",
        left: entries.map(([name, pf]) => pf.fn.metricErrors({ statistic: "Sum", period, label: name })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function log lines at level "error"',
        left: entries.map(([name]) => props.monitoring.loggedErrors.get(name)).filter((m) => m !== undefined),
        width: 8,
      }),
      new GraphWidget({
        title: "Function throttles",
        left: entries.map(([name, pf]) => pf.fn.metricThrottles({ statistic: "Sum", period, label: name })),
        width: 8,
      }),
    ],
    [
      new GraphWidget({
        title: "Public forms: concurrent invocations (reserved concurrency drawn)",
        left: (Object.keys(props.reserved) as FunctionName[]).map((name) =>
          props.functions[name].fn.metric("ConcurrentExecutions", { statistic: "Maximum", period, label: name }),
        ),
        leftAnnotations: [...new Set(Object.values(props.reserved))].map((value) => line(value, "reserved")),
        width: 12,
      }),
      new GraphWidget({
        title: "Function duration p95 (ms)",
        left: entries.map(([name, pf]) => pf.fn.metricDuration({ statistic: "p95", period, label: name })),
        width: 12,
      }),
    ],
    [
      new GraphWidget({
        title: "Mail: stream iterator age (ms)",
        left: props.streamConsumers.map((name) =>
          props.functions[name].fn.metric("IteratorAge", { statistic: "Maximum", period, label: name }),
        ),
        leftAnnotations: [line(THRESHOLDS.iteratorAgeMs, "alarm")],
        width: 8,
      }),
      new GraphWidget({
        title: "Failure queues: messages waiting",
        left: props.failureQueues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period, label: name }),
        ),
        leftAnnotations: [line(THRESHOLDS.queueDepth, "alarm")],
        width: 8,
      }),
      new GraphWidget({
        title: "Schedules: runs not delivered",
        left: props.schedules.map(
          ({ fn, rule }) =>
            new Metric({
              namespace: "AWS/Events",
              metricName: "FailedInvocations",
              dimensionsMap: { RuleName: rule.ruleName },
              statistic: "Sum",
              period,
              label: fn,
            }),
        ),
        width: 8,
      }),
    ],
    [
      new GraphWidget({
        title: "SES reputation (account-wide)",
        left: [
          new Metric({
            namespace: "AWS/SES",
            metricName: "Reputation.BounceRate",
            statistic: "Maximum",
            period: SES_PERIOD,
            label: "bounce rate",
          }),
          new Metric({
            namespace: "AWS/SES",
            metricName: "Reputation.ComplaintRate",
            statistic: "Maximum",
            period: SES_PERIOD,
            label: "complaint rate",
          }),
        ],
        leftAnnotations: [
          line(THRESHOLDS.sesBounceRate, "bounce alarm"),
          line(THRESHOLDS.sesComplaintRate, "complaint alarm"),
        ],
        width: 24,
      }),
    ],
  ];
  return new Dashboard(scope, id, { dashboardName: `tieng-noi-${props.stage}`, widgets });
}
