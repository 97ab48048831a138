import { CfnOutput, Duration, Names, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import {
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type MethodDeploymentOptions,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from "aws-cdk-lib/aws-apigateway";
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";
import {
  type FunctionName,
  fallbackFunction,
  functions,
  type MailEventType,
  mailEventConsumers,
  routes,
  schedules,
  servedRoutes,
  streamConsumers,
  table as tableDeclaration,
} from "../shared/declarations.ts";
import { STRICT_TRANSPORT_SECURITY } from "../shared/platform/http.ts";
import { ProjectFunction } from "./function.ts";

export interface TiengNoiStackProps extends StackProps {
  /** Deployment stage, e.g. `prod` or `staging`: the API stage name and part of the stack name. */
  stage: string;
  /** The verified SES identity mail is sent from. */
  senderEmail: string;
  /** The public address of the API (a custom domain), for links in e-mails; defaults to the API's own URL. */
  publicBaseUrl?: string;
}

/** Requests per second for the whole stage, and for the public write forms. See README "Rate limits". */
export const THROTTLING = {
  stage: { rateLimit: 100, burstLimit: 200 },
  forms: { rateLimit: 50, burstLimit: 300 },
};
/**
 * Requests of any kind per IP per 5 minutes before WAF blocks. A dialogue session on one venue's Wi-Fi: 222 women
 * each open the form, register, send a petition and follow it (about 15 requests, pages and posts), and the
 * organiser checks each in at the door (a POST and its page): 222 × 15 + 222 × 2 ≈ 3,800, so 6,000 leaves half again.
 */
export const WAF_RATE_LIMIT_PER_IP = 6000;
/**
 * POSTs per IP to the public forms (routes declared `publicForm`) in one window before WAF blocks them. A whole
 * room of 222 behind one venue's NAT, each registering (1 POST + up to 2 re-shows with mistakes), petitioning
 * (1 + 1 re-show) and looking up (1), makes 222 × 6 = 1,332 POSTs in the whole session: the limit leaves 668
 * (three more POSTs each, half as much again) even if the room does all of it inside one window. A script from one
 * IP still gets about 200 POSTs a minute; one registration per phone per event, the organiser's bulk cancel and the
 * burst alert e-mail handle what an IP limit cannot tell apart from a room. See README "Rate limits".
 */
export const WAF_FORM_RATE_LIMIT_PER_IP = 2000;
/** The window of the public-form rule: WAF's longest (60–600 s), so a script gets the fewest POSTs per minute. */
export const WAF_FORM_RATE_WINDOW_SECONDS = 600;

/**
 * The WAF regex for a declared route path: `{param}` segments become `[^/]+`, any prefix (the stage, `/prod`, is in
 * the path on the execute-api domain; a custom domain may have none or a base path), an optional trailing slash,
 * anchored at the end. No groups: WAF's regex syntax rejects capturing subexpressions.
 */
export function wafPathRegex(path: string): string {
  const regex = `${path
    .split("/")
    .map((segment) => (/^\{\w+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/")}/?$`;
  if (regex.length > 200) throw new Error(`WAF regex over 200 characters for ${path}: ${regex}`);
  return regex;
}

/** The configuration set's event types, by the declarations' names for them. */
const SES_EVENTS: Record<MailEventType, EmailSendingEvent> = {
  bounce: EmailSendingEvent.BOUNCE,
  complaint: EmailSendingEvent.COMPLAINT,
};

/**
 * The whole backend on AWS, built from shared/declarations.ts: the table, one function per handler, the REST
 * API with its routes, the stream-driven notifier, SES sending (and its bounces and complaints), WAF, logs and
 * throttling.
 */
export class TiengNoiStack extends Stack {
  readonly table: Table;
  readonly secret: Secret;
  readonly api: RestApi;
  readonly functions: Record<FunctionName, ProjectFunction>;
  readonly mailConfigurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: TiengNoiStackProps) {
    super(scope, id, props);

    const d = tableDeclaration;
    this.table = new Table(this, "Table", {
      partitionKey: { name: d.partitionKey, type: AttributeType.STRING },
      sortKey: { name: d.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: StreamViewType[d.stream],
      timeToLiveAttribute: d.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const index of d.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[index.projection],
      });
    }

    /*
     * The one key held outside the table (shared/platform/secret.ts): link tokens are derived with it, and phone,
     * e-mail and officer keys are keyed hashes made with it. Rotating it kills every link ever e-mailed (organisers',
     * officers', petitioners', registrations') and resets the phone and e-mail keys: a number could register again
     * for an event it is registered for, every address counts as never having answered, and today's counters start
     * over. So it never rotates by itself (acknowledged below), and a production stack keeps it when the stack is
     * deleted, as it keeps the table.
     */
    this.secret = new Secret(this, "LinkSecret", {
      description: `tieng-noi ${props.stage}: the key of link tokens and of phone and e-mail keys`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotating this key kills every e-mailed link and resets the phone and e-mail keys; it changes only by hand, deliberately.",
    });

    const sender = new EmailIdentity(this, "Sender", { identity: Identity.email(props.senderEmail) });
    // Every mail goes out under this set: SES reports its bounces and complaints to the mail-event consumers.
    this.mailConfigurationSet = new ConfigurationSet(this, "MailConfigurationSet", {
      configurationSetName: `tieng-noi-${props.stage}`,
    });
    const environment: Record<string, string> = { LOG_LEVEL: "info" };
    if (props.publicBaseUrl) environment.PUBLIC_BASE_URL = props.publicBaseUrl;

    // Each function gets exactly what its declaration lists (infra/function.ts): no more, whatever it is.
    this.functions = Object.fromEntries(
      Object.keys(functions).map((name) => {
        const pf = new ProjectFunction(this, `Fn-${name}`, { name: name as FunctionName, environment });
        pf.bindTable(this.table)
          .grantSendEmail(sender, props.senderEmail, this.mailConfigurationSet)
          .grantSecret(this.secret);
        return [name, pf];
      }),
    ) as Record<FunctionName, ProjectFunction>;

    this.api = this.buildApi(props.stage);
    this.connectStreams();
    this.connectMailEvents(props.stage, props.publicBaseUrl ?? this.api.url);
    for (const schedule of schedules) {
      // A scheduled function has no request to take the API's address from, for the links in the mails it writes.
      this.functions[schedule.fn].fn.addEnvironment("PUBLIC_BASE_URL", props.publicBaseUrl ?? this.api.url);
      new Rule(this, `Every-${schedule.fn}`, {
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new LambdaFunction(this.functions[schedule.fn].fn, { retryAttempts: 2 })],
      });
    }
    this.protectWithWaf(props.stage);

    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the API and pages" });
    new CfnOutput(this, "TableName", { value: this.table.tableName, description: "For npm run seed / roster --table" });
    this.acknowledgeFindings();
  }

  private buildApi(stage: string): RestApi {
    const accessLogs = new LogGroup(this, "ApiAccessLogs", {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const methodOptions: Record<string, MethodDeploymentOptions> = {};
    for (const route of routes) {
      if (route.method === "POST") {
        methodOptions[`${route.path}/POST`] = {
          throttlingRateLimit: THROTTLING.forms.rateLimit,
          throttlingBurstLimit: THROTTLING.forms.burstLimit,
        };
      }
    }
    const api = new RestApi(this, "Api", {
      restApiName: `tieng-noi-${stage}`,
      description: "Tiếng Nói: registrations, petitions and approvals by e-mail link",
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: stage,
        throttlingRateLimit: THROTTLING.stage.rateLimit,
        throttlingBurstLimit: THROTTLING.stage.burstLimit,
        // Errors only, and never request or response bodies: they carry personal data.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        // resourcePath is the route template (/r/{token}): the access log never holds a token.
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTimeEpoch",
            method: "$context.httpMethod",
            route: "$context.resourcePath",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationLatencyMs: "$context.integrationLatency",
            waf: "$context.waf.status",
            bytes: "$context.responseLength",
          }),
        ),
        methodOptions,
      },
    });

    const integrations = new Map<FunctionName, LambdaIntegration>();
    const integrationFor = (fn: FunctionName) => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new LambdaIntegration(this.functions[fn].fn);
        integrations.set(fn, integration);
      }
      return integration;
    };
    for (const route of servedRoutes) {
      api.root.resourceForPath(route.path).addMethod(route.method, integrationFor(route.fn));
    }
    // A known path with another method reaches the fallback (405 with Allow) instead of API Gateway's 403.
    for (const path of new Set(routes.map((r) => r.path))) {
      api.root.resourceForPath(path).addMethod("ANY", integrationFor(fallbackFunction));
    }
    // API Gateway's own answers say "HTTPS only" too, as every function's answer does (shared/platform/http.ts).
    const hsts = { "Strict-Transport-Security": `'${STRICT_TRANSPORT_SECURITY}'` };
    // Any other 4xx of API Gateway's own keeps its status and body.
    api.addGatewayResponse("Default4xx", { type: ResponseType.DEFAULT_4XX, responseHeaders: hsts });
    // Unknown paths, throttling and WAF blocks answer in the same problem+json shape as the handlers.
    const problem = (status: number, type: string, vi: string, en: string) => ({
      statusCode: String(status),
      responseHeaders: { "Content-Type": "'application/problem+json'", "Cache-Control": "'no-store'", ...hsts },
      templates: {
        "application/json": JSON.stringify({ type: `/problems/${type}`, title: vi, titleEn: en, status }),
      },
    });
    api.addGatewayResponse("UnknownPath", {
      type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
      ...problem(404, "not-found", "Không tìm thấy", "Not found"),
    });
    api.addGatewayResponse("Throttled", {
      type: ResponseType.THROTTLED,
      ...problem(
        429,
        "throttled",
        "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút",
        "Too many requests, try again shortly",
      ),
    });
    api.addGatewayResponse("TooLarge", {
      type: ResponseType.REQUEST_TOO_LARGE,
      ...problem(413, "too-large", "Nội dung quá lớn", "Request body too large"),
    });
    api.addGatewayResponse("Blocked", {
      type: ResponseType.WAF_FILTERED,
      ...problem(403, "blocked", "Yêu cầu bị chặn", "Request blocked"),
    });
    api.addGatewayResponse("Default5xx", {
      type: ResponseType.DEFAULT_5XX,
      ...problem(503, "unavailable", "Hệ thống đang bận", "Service temporarily unavailable"),
    });
    return api;
  }

  private connectStreams(): void {
    for (const consumer of streamConsumers) {
      const dlq = new Queue(this, `Dlq-${consumer.fn}`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(dlq).acknowledge({
        id: "AwsSolutions-SQS3",
        reason: "This queue is itself the on-failure destination of the stream consumer.",
      });
      const streamArn = this.table.tableStreamArn;
      if (!streamArn) throw new Error("the table has no stream");
      const pf = this.functions[consumer.fn];
      // The mapping, not DynamoEventSource: that would put the `*` of ListStreams among the function's other grants.
      // Its id is the one DynamoEventSource gave it, so a deployed stack keeps its mapping (and its stream position).
      pf.fn.addEventSourceMapping(`DynamoDBEventSource:${Names.nodeUniqueId(this.table.node)}`, {
        eventSourceArn: streamArn,
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
        retryAttempts: consumer.retryAttempts,
        bisectBatchOnError: consumer.bisectBatchOnError,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(dlq),
        filters: [FilterCriteria.filter(consumer.filterPattern)],
      });
      // Acknowledged on that one policy, which holds that one statement: a `*` anywhere else still fails synth.
      Validations.of(pf.readStream(streamArn)).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "dynamodb:ListStreams has no resource-level permission; the stream's event source mapping needs it.",
      });
    }
  }

  /**
   * SES → SNS → the declared consumers: the configuration set's event destination publishes the declared events to
   * a topic each consumer is subscribed to. The events name their recipients (a petitioner's address among them), so
   * the topic is encrypted with a key of its own that SES may use, and takes only TLS. A consumer that still fails
   * after Lambda's two retries leaves the event in its own failure queue.
   */
  private connectMailEvents(stage: string, publicBaseUrl: string): void {
    const key = new Key(this, "MailEventsKey", {
      description: `tieng-noi ${stage}: SES's bounce and complaint events`,
      enableKeyRotation: true,
      removalPolicy: stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // SES publishes to an encrypted topic only if it may use the topic's key (the AWS managed SNS key cannot allow
    // it). What it may publish, and from which configuration set, the topic's own policy says (below).
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: "SesPublishesMailEvents",
        principals: [new ServicePrincipal("ses.amazonaws.com")],
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
      }),
    );
    const topic = new Topic(this, "MailEvents", {
      displayName: `tieng-noi ${stage}: bounces and complaints`,
      masterKey: key,
      enforceSSL: true,
    });
    // The destination adds the topic policy that lets SES publish, for this configuration set only.
    new ConfigurationSetEventDestination(this, "MailEventsDestination", {
      configurationSet: this.mailConfigurationSet,
      destination: EventDestination.snsTopic(topic),
      events: [...new Set(mailEventConsumers.flatMap((c) => c.events))].map((e) => SES_EVENTS[e]),
    });
    for (const consumer of mailEventConsumers) {
      const pf = this.functions[consumer.fn];
      // No request to take the API's address from, for the links in the notices and resends it writes.
      pf.fn.addEnvironment("PUBLIC_BASE_URL", publicBaseUrl);
      const failures = new Queue(this, `Failed-${consumer.fn}`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(failures).acknowledge({
        id: "AwsSolutions-SQS3",
        reason: "This queue is itself the on-failure destination of the mail-event consumer.",
      });
      pf.fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(failures) });
      topic.addSubscription(new LambdaSubscription(pf.fn));
    }
  }

  private protectWithWaf(stage: string): void {
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests would store bodies and paths (tokens, personal data): off.
      sampledRequestsEnabled: false,
    });
    // POSTs to the declared public forms only: staff and link routes (/r, /a, /o, …) are never in this rule.
    const formPaths = [...new Set(routes.filter((r) => "publicForm" in r && r.publicForm).map((r) => r.path))].map(
      (path): CfnWebACL.StatementProperty => ({
        regexMatchStatement: {
          regexString: wafPathRegex(path),
          fieldToMatch: { uriPath: {} },
          textTransformations: [{ priority: 0, type: "URL_DECODE" }],
        },
      }),
    );
    const [onlyFormPath] = formPaths;
    if (!onlyFormPath) throw new Error("no route is declared publicForm");
    const publicFormPosts: CfnWebACL.StatementProperty = {
      andStatement: {
        statements: [
          {
            byteMatchStatement: {
              searchString: "POST",
              fieldToMatch: { method: {} },
              positionalConstraint: "EXACTLY",
              textTransformations: [{ priority: 0, type: "NONE" }],
            },
          },
          formPaths.length === 1 ? onlyFormPath : { orStatement: { statements: formPaths } },
        ],
      },
    };
    const acl = new CfnWebACL(this, "WebAcl", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`tieng-noi-${stage}`),
      rules: [
        {
          name: "rate-per-ip",
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: WAF_RATE_LIMIT_PER_IP, aggregateKeyType: "IP", evaluationWindowSec: 300 },
          },
          visibilityConfig: visibility("rate-per-ip"),
        },
        {
          name: "rate-public-forms-per-ip",
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: WAF_FORM_RATE_LIMIT_PER_IP,
              aggregateKeyType: "IP",
              evaluationWindowSec: WAF_FORM_RATE_WINDOW_SECONDS,
              scopeDownStatement: publicFormPosts,
            },
          },
          visibilityConfig: visibility("rate-public-forms-per-ip"),
        },
        {
          name: "aws-known-bad-inputs",
          priority: 2,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
          visibilityConfig: visibility("known-bad-inputs"),
        },
      ],
    });
    new CfnWebACLAssociation(this, "WebAclAssociation", {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl.attrArn,
    });
  }

  /**
   * cdk-nag AwsSolutions findings that are deliberate for the whole stack, each with its reason. Findings about one
   * resource are acknowledged on that resource, where it is made (the secret, the stream's ListStreams, the API's
   * logging role).
   */
  private acknowledgeFindings(): void {
    const ack = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    ack(
      "AwsSolutions-APIG2",
      "Every handler validates its input with zod and answers RFC 9457 problems in Vietnamese and English.",
    );
    ack(
      "AwsSolutions-APIG4",
      "Public forms need no account; staff act through unguessable single-purpose links, checked by the handlers.",
    );
    ack(
      "AwsSolutions-COG4",
      "No Cognito: participants, petitioners and staff have no accounts by design (links in e-mails).",
    );
    // The account-level role API Gateway writes its execution logs with: on the API only, where CDK makes it.
    Validations.of(this.api).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      reason:
        "API Gateway writes its execution logs with this account-level role; AWS maintains what the service needs.",
    });
    ack(
      "AwsSolutions-L1",
      "Node.js 22 is the runtime the project targets and tests (issue #2); moving to 24 is a deliberate upgrade.",
    );
  }
}
