import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { RestApi } from "aws-cdk-lib/aws-apigateway";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { Rule } from "aws-cdk-lib/aws-events";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { FilterPattern, MetricFilter } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionName } from "../shared/declarations.ts";
import type { ProjectFunction } from "./function.ts";

/**
 * Thresholds of the alarms, for a district-scale civic app: a few hundred people a day, a few sessions a month
 * where a room of 222 registers within minutes (bench/RESULTS.md, README "Rate limits"). Each alarm mails the stage's
 * alarm topic when it goes off and again when it clears. test/infra/alarms.test.ts checks each one.
 */
export const THRESHOLDS = {
  /**
   * Share of the stage's requests answered 5XX in five minutes, counted once at least `api5xxMinRequests` came: a
   * single failure among three requests at night is 33 % and is already reported by its function's errors alarm.
   * 2 % of a session's burst (222 registrations in ~10 minutes, about 110 requests a period) is two women turned
   * away in five minutes: that is worth a person's look during a session.
   */
  api5xxRate: 0.02,
  api5xxMinRequests: 20,
  /**
   * 4XX answers in five minutes. The worst honest burst is a session: 222 women whose forms each come back twice
   * with a mistake and whose phone is refused once as already registered make 222 × 3 = 666 4XX in the ten-minute
   * burst, about 333 a period; 500 leaves half again. Above it: a flood (a script on the forms, WAF blocks), a
   * broken page, or links that stopped working.
   */
  api4xxPerPeriod: 500,
  /**
   * API Gateway's p95 latency, in ms, for three periods in a row (15 minutes). The benchmark's p95 of people's
   * requests, cold starts included, is 542 ms (bench/RESULTS.md, layout (a)); 2 s is nearly four times that, and is
   * as long as a page may take on a weak phone signal. Three periods, so one slow bulk cancel (up to 28 s by
   * design) on a quiet night does not page anyone.
   */
  apiLatencyP95Ms: 2000,
  apiLatencyPeriods: 3,
  /**
   * Errors of one function in five minutes: Lambda's `Errors` (crashes, timeouts, a scheduled or stream run that
   * threw) plus the lines it logged at level "error" (the HTTP edge's "unhandled error" behind every 500 it answers,
   * "configuration unusable" behind its 503s, the notifier's "mail rejected permanently", the sweeper's "calendar
   * gap"). One is enough: each is a person not served or a mail not sent, and the app logs "error" only for that. The
   * same alarm counts throttled invocations: a woman was turned away, or a run was delayed.
   */
  functionErrors: 1,
  /**
   * Age, in ms, of the oldest stream record the notifier has not finished, for two periods in a row. Mails leave
   * within a second normally (bench: 100 ms locally); five minutes behind for ten minutes means the stream is stuck
   * on a batch it keeps retrying, or SES refuses, and the mail-sweeper (every 5 minutes) is not catching up either.
   */
  iteratorAgeMs: 300_000,
  iteratorAgePeriods: 2,
  /** Messages in a dead-letter or failure queue: every one is a mail, an event or a run that failed for good. */
  queueDepth: 1,
  /** Scheduled runs EventBridge could not hand to their function (failed, sent to its dead-letter queue, or lost). */
  scheduleFailures: 1,
  /**
   * SES's account-wide bounce rate (`Reputation.BounceRate`, 0–1). SES puts an account under review at 5 % and may
   * pause its sending at 10 %; 3 % is above the under-2 % of a healthy list and leaves time to act before review.
   */
  sesBounceRate: 0.03,
  /** SES's account-wide complaint rate: review at 0.1 %, pause at 0.5 %; alarm at half the review rate. */
  sesComplaintRate: 0.0005,
} as const;

/** The period of every alarm but SES's: long enough to hold a few requests, short enough for a session's burst. */
export const ALARM_PERIOD = Duration.minutes(5);
/**
 * SES computes its reputation rates over its own window and publishes them a few times an hour at most: an hour's
 * maximum, with missing hours leaving the alarm as it was.
 */
export const SES_PERIOD = Duration.hours(1);

/** The levels a log line is written at when ops must look (shared/platform/log.ts writes "error"). */
export const ERROR_LOG_LEVELS = ["error", "ERROR"] as const;
/**
 * The metric filter on each function's log group: JSON lines whose `level` is an error level. Every such line
 * counts: the HTTP edge (shared/platform/http.ts) answers an unhandled error with a 500 and logs
 * `{"level":"error","message":"unhandled error",…}`, so Lambda's own `Errors` stays 0 for it.
 */
export const ERROR_LOG_PATTERN = FilterPattern.any(
  ...ERROR_LOG_LEVELS.map((level) => FilterPattern.stringValue("$.level", "=", level)),
);

/** One alarm as the README's runbook lists it. */
export interface AlarmDoc {
  name: string;
  metric: string;
  threshold: string;
  means: string;
  todo: string;
}

/** A queue that only fills when something failed for good, with what is in it and what to do about it. */
export interface FailureQueue {
  /** Short name for the alarm, e.g. `notifier-stream`. */
  name: string;
  queue: Queue;
  holds: string;
  todo: string;
}

export interface MonitoringProps {
  stage: string;
  /** Who the alarm topic mails (each address confirms its subscription once). */
  alarmEmails: readonly string[];
  api: RestApi;
  functions: Record<FunctionName, ProjectFunction>;
  /** Functions reading the table's stream: their iterator age. */
  streamConsumers: readonly FunctionName[];
  /** Scheduled functions and their rules. */
  schedules: readonly { fn: FunctionName; rule: Rule }[];
  /** Every queue in the stack: each is a dead-letter or failure queue. */
  failureQueues: readonly FailureQueue[];
}

/**
 * The stage's alarms and the topic they mail: API Gateway's 5XX rate, 4XX surge and p95 latency on the stage; each
 * function's errors (Lambda's and logged) and throttles; the notifier's stream iterator age; every failure queue's
 * depth; the schedules' failed invocations; SES's bounce and complaint rates. Every alarm acts on the topic when it
 * goes off and when it clears.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly docs: AlarmDoc[] = [];
  /** Each function's logged-errors metric (from its log group's metric filter). */
  readonly loggedErrors = new Map<FunctionName, Metric>();
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stage = props.stage;
    const stack = Stack.of(this);

    // Encrypted like every topic here; CloudWatch may use the key to publish to it, and nothing else of the
    // account's services may.
    const key = new Key(this, "TopicKey", {
      description: `tieng-noi ${props.stage}: the alarm topic`,
      enableKeyRotation: true,
      // It encrypts only messages in flight: nothing to keep once the stage is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: "CloudWatchAlarmsPublish",
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
      }),
    );
    this.topic = new Topic(this, "Topic", {
      displayName: `tieng-noi ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic's own policy replaces SNS's default one: say that this account's alarms may publish.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: "CloudWatchAlarmsPublish",
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: {
            "aws:SourceArn": stack.formatArn({ service: "cloudwatch", resource: "alarm", resourceName: "*" }),
          },
        },
      }),
    );
    for (const address of props.alarmEmails) {
      const subscription = this.topic.addSubscription(new EmailSubscription(address));
      Validations.of(subscription).acknowledge({
        id: "Serverless-SNSRedrivePolicy",
        reason:
          "An alarm's mail is not data to replay: an alarm that could not be mailed stays in ALARM on its dashboard, " +
          "and its state, not the message, is what ops act on.",
      });
    }

    this.apiAlarms(props.api);
    for (const [name, pf] of Object.entries(props.functions) as [FunctionName, ProjectFunction][]) {
      this.functionAlarms(name, pf);
    }
    for (const fn of props.streamConsumers) this.iteratorAgeAlarm(fn, props.functions[fn]);
    this.queueAlarms(props.failureQueues);
    for (const { fn, rule } of props.schedules) this.scheduleAlarm(fn, rule);
    this.sesAlarms();
  }

  /** An alarm on the topic, going off and clearing, described for the mail it sends and for the runbook. */
  private alarm(
    id: string,
    doc: Omit<AlarmDoc, "name"> & { suffix: string },
    options: {
      metric: IMetric;
      threshold: number;
      evaluationPeriods?: number;
      treatMissingData?: TreatMissingData;
      comparison?: ComparisonOperator;
    },
  ): Alarm {
    const name = `tieng-noi-${this.stage}-${doc.suffix}`;
    const alarm = new Alarm(this, id, {
      alarmName: name,
      alarmDescription: `${doc.means} What to do: ${doc.todo}`.slice(0, 1024),
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.evaluationPeriods ?? 1,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    this.docs.push({ name, metric: doc.metric, threshold: doc.threshold, means: doc.means, todo: doc.todo });
    return alarm;
  }

  private apiAlarms(api: RestApi): void {
    const stage = api.deploymentStage;
    const period = ALARM_PERIOD;
    this.alarm(
      "Api5xxRate",
      {
        suffix: "api-5xx-rate",
        metric: `AWS/ApiGateway 5XXError ÷ Count (Sum), stage ${this.stage}, counted from ${THRESHOLDS.api5xxMinRequests} requests`,
        threshold: `≥ ${THRESHOLDS.api5xxRate * 100} % in 5 min`,
        means:
          "People are getting error pages (500/503): a function fails, times out or is throttled, or DynamoDB refuses.",
        todo:
          "Open the dashboard: which function's errors or throttles rose with it. Read that function's log group " +
          '(level "error"). "configuration unusable" means run npm run seed; throttles mean the reserved concurrency ' +
          "or the account's quota is reached (npm run preflight).",
      },
      {
        metric: new MathExpression({
          expression: `IF(requests >= ${THRESHOLDS.api5xxMinRequests}, errors / requests, 0)`,
          usingMetrics: {
            errors: stage.metricServerError({ statistic: "Sum", period }),
            requests: stage.metricCount({ statistic: "Sum", period }),
          },
          label: "5XX share of requests",
          period,
        }),
        threshold: THRESHOLDS.api5xxRate,
      },
    );
    this.alarm(
      "Api4xxSurge",
      {
        suffix: "api-4xx-surge",
        metric: `AWS/ApiGateway 4XXError (Sum), stage ${this.stage}`,
        threshold: `≥ ${THRESHOLDS.api4xxPerPeriod} in 5 min`,
        means:
          "Far more refused requests than a whole session makes: a flood on the forms (WAF blocks, 429s), a page that " +
          "posts wrongly, or e-mailed links that no longer open.",
        todo:
          "Look at the access log (ApiAccessLogs: route, status, waf) for which route and status. A flood: the WAF " +
          "rules and the organiser's bulk cancel; a broken page or link: the last deploy.",
      },
      { metric: stage.metricClientError({ statistic: "Sum", period }), threshold: THRESHOLDS.api4xxPerPeriod },
    );
    this.alarm(
      "ApiLatencyP95",
      {
        suffix: "api-latency-p95",
        metric: `AWS/ApiGateway Latency (p95), stage ${this.stage}`,
        threshold: `≥ ${THRESHOLDS.apiLatencyP95Ms} ms for ${THRESHOLDS.apiLatencyPeriods} periods of 5 min`,
        means: "Pages are slow for everyone for a quarter of an hour, far beyond cold starts.",
        todo:
          "X-Ray's service map shows where the time goes (DynamoDB, Secrets Manager, SES). Check DynamoDB throttling " +
          "and the functions' duration on the dashboard.",
      },
      {
        metric: stage.metricLatency({ statistic: "p95", period }),
        threshold: THRESHOLDS.apiLatencyP95Ms,
        evaluationPeriods: THRESHOLDS.apiLatencyPeriods,
      },
    );
  }

  private functionAlarms(name: FunctionName, pf: ProjectFunction): void {
    const period = ALARM_PERIOD;
    const filter = new MetricFilter(this, `LoggedErrors-${name}`, {
      logGroup: pf.logGroup,
      filterPattern: ERROR_LOG_PATTERN,
      metricNamespace: `TiengNoi/${this.stage}`,
      metricName: `LoggedErrors-${name}`,
      metricValue: "1",
      // 0 for every other line (Lambda's START/REPORT lines included): a value in every period the function ran,
      // next to Lambda's own Errors.
      defaultValue: 0,
    });
    const logged = filter.metric({ statistic: "Sum", period });
    this.loggedErrors.set(name, logged);
    // One alarm per function for its errors and its throttles (both ≥ 1 in 5 minutes): one resource, not two, for
    // each of some thirty functions, under CloudFormation's 500 a stack. The dashboard shows which of the two rose.
    this.alarm(
      `Errors-${name}`,
      {
        suffix: `${name}-errors`,
        metric: `AWS/Lambda Errors (Sum) + log lines at level "error" (metric filter) + AWS/Lambda Throttles (Sum), function ${name}`,
        threshold: `≥ ${THRESHOLDS.functionErrors} in 5 min`,
        means:
          `${name} failed (an error page, a mail not sent, a run that did not finish) or was refused by Lambda ` +
          "(throttled: its reserved concurrency or the account's concurrency was full).",
        todo:
          `The dashboard says which. Errors: read ${name}'s log group for lines with "level":"error" (message, error ` +
          "name, frames) and its X-Ray traces. Throttles: npm run preflight shows the account's quota and what is " +
          "reserved; request a higher quota, or raise the function's reservedConcurrency in shared/declarations.ts if " +
          "a real crowd needs it.",
      },
      {
        metric: new MathExpression({
          expression: "FILL(crashed, 0) + FILL(logged, 0) + FILL(throttled, 0)",
          usingMetrics: {
            crashed: pf.fn.metricErrors({ statistic: "Sum", period }),
            logged,
            throttled: pf.fn.metricThrottles({ statistic: "Sum", period }),
          },
          label: `${name} errors and throttles`,
          period,
        }),
        threshold: THRESHOLDS.functionErrors,
      },
    );
  }

  private iteratorAgeAlarm(name: FunctionName, pf: ProjectFunction): void {
    this.alarm(
      `IteratorAge-${name}`,
      {
        suffix: `${name}-stream-age`,
        metric: `AWS/Lambda IteratorAge (Maximum), function ${name}`,
        threshold: `≥ ${THRESHOLDS.iteratorAgeMs / 60_000} min for ${THRESHOLDS.iteratorAgePeriods} periods of 5 min`,
        means:
          "Mails are late: the table's stream is not being read as fast as mails are written, or a batch keeps failing.",
        todo: `Read ${name}'s errors; SES throttling or a refused sender shows there. Check the SES sending quota (npm run preflight).`,
      },
      {
        metric: pf.fn.metric("IteratorAge", { statistic: "Maximum", period: ALARM_PERIOD }),
        threshold: THRESHOLDS.iteratorAgeMs,
        evaluationPeriods: THRESHOLDS.iteratorAgePeriods,
      },
    );
  }

  private queueAlarms(queues: readonly FailureQueue[]): void {
    // Every queue of the stack is a place where failures wait: none may be left without its alarm.
    const covered = new Set(queues.map((q) => q.queue));
    const missing = Stack.of(this)
      .node.findAll()
      .filter((c): c is Queue => c instanceof Queue && !covered.has(c));
    if (missing.length > 0) {
      throw new Error(`queues without a depth alarm: ${missing.map((c) => c.node.path).join(", ")}`);
    }
    for (const { name, queue, holds, todo } of queues) {
      this.alarm(
        `QueueDepth-${name}`,
        {
          suffix: `queue-${name}`,
          metric: `AWS/SQS ApproximateNumberOfMessagesVisible (Maximum), ${holds}`,
          threshold: `≥ ${THRESHOLDS.queueDepth}`,
          means: `Something failed for good and waits in the queue: ${holds}.`,
          todo,
        },
        {
          metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", period: ALARM_PERIOD }),
          threshold: THRESHOLDS.queueDepth,
        },
      );
    }
  }

  private scheduleAlarm(name: FunctionName, rule: Rule): void {
    const events = (metricName: string) =>
      new Metric({
        namespace: "AWS/Events",
        metricName,
        dimensionsMap: { RuleName: rule.ruleName },
        statistic: "Sum",
        period: ALARM_PERIOD,
      });
    this.alarm(
      `Schedule-${name}`,
      {
        suffix: `${name}-schedule`,
        metric: `AWS/Events FailedInvocations + InvocationsSentToDlq + InvocationsFailedToBeSentToDlq (Sum), rule of ${name}`,
        threshold: `≥ ${THRESHOLDS.scheduleFailures} in 5 min`,
        means: `EventBridge could not start ${name} on its schedule (its errors once started are ${name}'s errors alarm).`,
        todo: `Look at ${name}'s throttles and its failure queue; check the rule is enabled and the function exists.`,
      },
      {
        metric: new MathExpression({
          expression: "FILL(failed, 0) + FILL(toDlq, 0) + FILL(lost, 0)",
          usingMetrics: {
            failed: events("FailedInvocations"),
            toDlq: events("InvocationsSentToDlq"),
            lost: events("InvocationsFailedToBeSentToDlq"),
          },
          label: `${name} schedule failures`,
          period: ALARM_PERIOD,
        }),
        threshold: THRESHOLDS.scheduleFailures,
      },
    );
  }

  /**
   * SES's reputation metrics, not counts from the configuration set: they are the very rates SES reviews and pauses
   * an account on, computed by SES over its own window of recent sending, with nothing to set up. Counts from the
   * configuration set (an event destination to CloudWatch) would give this stage's own bounces, but a rate over
   * five minutes of a small app's mail (two bounces in twenty mails is 10 %) says nothing SES acts on; the
   * bounce and complaint events themselves already reach the mail-events function, which deals with each address.
   * They are account-wide: every stage in the account reports the same rates.
   */
  private sesAlarms(): void {
    const ses = (metricName: string) =>
      new Metric({ namespace: "AWS/SES", metricName, statistic: "Maximum", period: SES_PERIOD });
    this.alarm(
      "SesBounceRate",
      {
        suffix: "ses-bounce-rate",
        metric: "AWS/SES Reputation.BounceRate (Maximum, 1 h), account-wide",
        threshold: `≥ ${THRESHOLDS.sesBounceRate * 100} %`,
        means: "Too many mails bounce: SES reviews the account at 5 % and may stop all sending at 10 %.",
        todo:
          "npm run mail-health lists the addresses that bounced; look for a bad import (an organiser's list) or a " +
          "form flood with made-up addresses. The SES console's reputation page shows the review status.",
      },
      {
        metric: ses("Reputation.BounceRate"),
        threshold: THRESHOLDS.sesBounceRate,
        treatMissingData: TreatMissingData.IGNORE,
      },
    );
    this.alarm(
      "SesComplaintRate",
      {
        suffix: "ses-complaint-rate",
        metric: "AWS/SES Reputation.ComplaintRate (Maximum, 1 h), account-wide",
        threshold: `≥ ${THRESHOLDS.sesComplaintRate * 100} %`,
        means: "Recipients mark our mail as spam: SES reviews the account at 0.1 % and may stop sending at 0.5 %.",
        todo:
          "npm run mail-health lists the complaining addresses (they get no more mail); check what was sent to them " +
          "(reminders, digests) and whether someone was signed up by another.",
      },
      {
        metric: ses("Reputation.ComplaintRate"),
        threshold: THRESHOLDS.sesComplaintRate,
        treatMissingData: TreatMissingData.IGNORE,
      },
    );
  }
}
