import { CfnOutput, Duration, Names, RemovalPolicy, Stack, type StackProps, Tags, Validations } from "aws-cdk-lib";
import {
  AccessLogFormat,
  BasePathMapping,
  DomainName,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type MethodDeploymentOptions,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  SecurityPolicy,
} from "aws-cdk-lib/aws-apigateway";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { FilterCriteria, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
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
  MailFromBehaviorOnMxFailure,
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
import { type FailureQueue, Monitoring } from "./alarms.ts";
import { type DeployContext, PRODUCTION_STAGE, reservedConcurrencyOf } from "./context.ts";
import { buildDashboard } from "./dashboard.ts";
import { ProjectFunction, tracingPolicy } from "./function.ts";

/**
 * A stage's settings (infra/context.ts reads and checks them from `-c`): the stage (`prod`, `staging`: the API
 * stage's name and part of the stack's), the address mail is sent from, who the alarms mail, the public address for
 * links in e-mails (defaults to the custom domain's, else the API's own URL), an optional custom domain, and an
 * optional SES domain identity to send from.
 */
export interface TiengNoiStackProps extends StackProps, Omit<DeployContext, "alarmEmails"> {
  alarmEmails?: readonly string[];
}

/** The tags every resource of a stage carries. */
export const tagsOf = (stage: string) => ({ project: "tieng-noi", stage });

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
 * The whole backend of one stage on AWS, built from shared/declarations.ts: the table, one function per handler, the
 * REST API with its routes (and an optional custom domain), the stream-driven notifier, the schedules, SES sending
 * (and its bounces and complaints), WAF, logs, X-Ray tracing and throttling; the alarms that mail ops and their
 * dashboard (infra/alarms.ts, infra/dashboard.ts). Every resource is tagged with the project and the stage; a
 * production stack is protected from deletion and keeps its data and logs. What is the account's, not the stage's
 * (API Gateway's logging role), is infra/account.ts's.
 */
export class TiengNoiStack extends Stack {
  readonly table: Table;
  readonly secret: Secret;
  readonly api: RestApi;
  readonly functions: Record<FunctionName, ProjectFunction>;
  readonly mailConfigurationSet: ConfigurationSet;
  readonly monitoring: Monitoring;
  /** Every queue in the stack: each holds what failed for good, and each has its depth alarm. */
  private readonly failureQueues: FailureQueue[] = [];

  constructor(scope: Construct, id: string, props: TiengNoiStackProps) {
    const production = props.stage === PRODUCTION_STAGE;
    super(scope, id, { ...props, terminationProtection: props.terminationProtection ?? production });
    for (const [key, value] of Object.entries(tagsOf(props.stage))) Tags.of(this).add(key, value);

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

    const senderIdentityArns = this.mailIdentities(props);
    // Every mail goes out under this set: SES reports its bounces and complaints to the mail-event consumers.
    this.mailConfigurationSet = new ConfigurationSet(this, "MailConfigurationSet", {
      configurationSetName: `tieng-noi-${props.stage}`,
    });
    const environment: Record<string, string> = { LOG_LEVEL: "info", STAGE: props.stage };
    if (props.publicBaseUrl) environment.PUBLIC_BASE_URL = props.publicBaseUrl;

    // X-Ray's two actions, which have no resource-level permission: alone in one policy every function's role has.
    const tracing = tracingPolicy(this, "Tracing");
    Validations.of(tracing).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permission (active tracing).",
    });
    // Each function gets exactly what its declaration lists (infra/function.ts): no more, whatever it is.
    this.functions = Object.fromEntries(
      Object.keys(functions).map((name) => {
        const pf = new ProjectFunction(this, `Fn-${name}`, {
          name: name as FunctionName,
          environment,
          production,
          tracing,
        });
        pf.bindTable(this.table)
          .grantSendEmail(senderIdentityArns, props.senderEmail, this.mailConfigurationSet)
          .grantSecret(this.secret);
        return [name, pf];
      }),
    ) as Record<FunctionName, ProjectFunction>;

    this.api = this.buildApi(props.stage, production);
    if (props.customDomain) this.addCustomDomain(props.customDomain);
    this.connectStreams();
    this.connectMailEvents(props.stage, props.publicBaseUrl ?? this.api.url);
    const rules = schedules.map((schedule) => ({
      fn: schedule.fn,
      rule: this.schedule(schedule.fn, schedule.everyMinutes, props.publicBaseUrl ?? this.api.url),
    }));
    this.protectWithWaf(props.stage);

    this.monitoring = new Monitoring(this, "Alarms", {
      stage: props.stage,
      alarmEmails: props.alarmEmails ?? [],
      api: this.api,
      functions: this.functions,
      streamConsumers: streamConsumers.map((c) => c.fn),
      schedules: rules,
      failureQueues: this.failureQueues,
    });
    buildDashboard(this, "Dashboard", {
      stage: props.stage,
      monitoring: this.monitoring,
      api: this.api,
      functions: this.functions,
      reserved: Object.fromEntries(
        (Object.keys(functions) as FunctionName[])
          .map((name) => [name, reservedConcurrencyOf(name, production)])
          .filter(([, value]) => value !== undefined),
      ),
      streamConsumers: streamConsumers.map((c) => c.fn),
      schedules: rules,
      failureQueues: this.failureQueues,
    });

    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the API and pages" });
    new CfnOutput(this, "TableName", { value: this.table.tableName, description: "For npm run seed / roster --table" });
    new CfnOutput(this, "AlarmTopicArn", {
      value: this.monitoring.topic.topicArn,
      description: "The alarms' topic: subscribe more people to it (each confirms by e-mail)",
    });
    this.acknowledgeFindings();
  }

  /**
   * The SES identities mail is sent from, and their ARNs for the senders' grant. By default the sender's address
   * alone (SES mails it a link to confirm). With a mail domain: the domain, with Easy DKIM (three CNAME records) and
   * a MAIL FROM subdomain `mail.<domain>` (an MX and an SPF record), so that receivers see mail signed and bounced
   * for the union's own domain; the records to publish are outputs.
   */
  private mailIdentities(props: TiengNoiStackProps): string[] {
    if (!props.mailDomain) {
      const sender = new EmailIdentity(this, "Sender", { identity: Identity.email(props.senderEmail) });
      return [sender.emailIdentityArn];
    }
    const mailFrom = `mail.${props.mailDomain}`;
    const domain = new EmailIdentity(this, "MailDomain", {
      identity: Identity.domain(props.mailDomain),
      mailFromDomain: mailFrom,
      // Until the MX record is published, SES keeps sending with its own MAIL FROM rather than refusing.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    domain.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `SES Easy DKIM: publish this CNAME in ${props.mailDomain}'s DNS`,
      });
    });
    new CfnOutput(this, "MailFromMxRecord", {
      value: `${mailFrom} MX 10 feedback-smtp.${this.region}.amazonses.com`,
      description: "SES custom MAIL FROM: publish this MX record",
    });
    new CfnOutput(this, "MailFromSpfRecord", {
      value: `${mailFrom} TXT "v=spf1 include:amazonses.com ~all"`,
      description: "SES custom MAIL FROM: publish this SPF (TXT) record",
    });
    new CfnOutput(this, "DmarcRecord", {
      value: `_dmarc.${props.mailDomain} TXT "v=DMARC1; p=none;"`,
      description: "Large mailbox providers expect a DMARC record: publish it if the domain has none",
    });
    return [
      domain.emailIdentityArn,
      // If the address is verified on its own in the account too, SES authorises the send on the address instead.
      this.formatArn({ service: "ses", resource: "identity", resourceName: props.senderEmail }),
    ];
  }

  /**
   * A function run on a clock, with the API's address for the links in the mails it writes (it has no request to
   * take it from). A run EventBridge cannot deliver (Lambda throttled past its retries, the function gone) and a run
   * that fails after Lambda's own retries both land in the function's failure queue. Neither retries past the next
   * run, which does the same work.
   */
  private schedule(fn: FunctionName, everyMinutes: number, publicBaseUrl: string): Rule {
    const pf = this.functions[fn];
    pf.fn.addEnvironment("PUBLIC_BASE_URL", publicBaseUrl);
    const period = Duration.minutes(everyMinutes);
    const failures = this.failureQueue(`Failed-${fn}`, {
      name: `${fn}-failed`,
      holds: `scheduled runs of ${fn} that failed after their retries or could not be delivered`,
      todo:
        `Read ${fn}'s errors in its log group; each message names the run (EventBridge's or Lambda's error ` +
        "attributes). The next run does the same work: once the cause is fixed, purge the queue.",
    });
    pf.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: period, onFailure: new SqsDestination(failures) });
    this.acknowledgeAsyncFailures(pf.fn, `its asynchronous failures go to the on-failure destination Failed-${fn}`);
    return new Rule(this, `Every-${fn}`, {
      schedule: Schedule.rate(period),
      targets: [new LambdaFunction(pf.fn, { retryAttempts: 2, maxEventAge: period, deadLetterQueue: failures })],
    });
  }

  /** A queue that holds what failed for good, encrypted, TLS only, kept 14 days, with its depth alarm. */
  private failureQueue(id: string, doc: Omit<FailureQueue, "queue">): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const reason = `This queue is itself a dead-letter queue (${doc.holds}): nothing reads it to fail again.`;
    Validations.of(queue).acknowledge(
      { id: "AwsSolutions-SQS3", reason },
      { id: "Serverless-SQSRedrivePolicy", reason },
    );
    this.failureQueues.push({ ...doc, queue });
    return queue;
  }

  /** cdk-nag's Serverless-LambdaDLQ on one function, for the reason that function needs no dead-letter queue. */
  private acknowledgeAsyncFailures(fn: IFunction, why: string): void {
    Validations.of(fn).acknowledge({
      id: "Serverless-LambdaDLQ",
      reason: `A function dead-letter queue would stay empty: ${why}.`,
    });
  }

  /**
   * The API under a custom domain (regional, TLS 1.2), the stage at its root. Its DNS record is the output: a CNAME
   * (or an alias) from the domain to API Gateway's regional name.
   */
  private addCustomDomain({ domainName, certificateArn }: { domainName: string; certificateArn: string }): void {
    const domain = new DomainName(this, "Domain", {
      domainName,
      certificate: Certificate.fromCertificateArn(this, "Certificate", certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new BasePathMapping(this, "DomainMapping", {
      domainName: domain,
      restApi: this.api,
      stage: this.api.deploymentStage,
    });
    new CfnOutput(this, "DomainCnameRecord", {
      value: `${domainName} CNAME ${domain.domainNameAliasDomainName}`,
      description: "Publish this record (or an alias to it) so the custom domain reaches the API",
    });
  }

  private buildApi(stage: string, production: boolean): RestApi {
    const accessLogs = new LogGroup(this, "ApiAccessLogs", {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
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
      // A session record's sheet is uploaded as multipart/form-data: handed to the function base64-encoded, bytes intact.
      binaryMediaTypes: ["multipart/form-data"],
      // The role API Gateway writes execution logs with is one per account and region: infra/account.ts owns it, so
      // stages coexist and deleting one leaves the others logging.
      cloudWatchRole: false,
      deployOptions: {
        stageName: stage,
        // X-Ray: each request's trace from API Gateway through its function to DynamoDB, Secrets Manager and SES.
        tracingEnabled: true,
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
        // One permission per function for this API, not two per method (its own and the console's test): the API
        // reaches a function only through the integrations it declares, and per-method permissions (~2 × 56)
        // would bring the stack near CloudFormation's 500 resources.
        integration = new LambdaIntegration(this.functions[fn].fn, { scopePermissionToMethod: false });
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
      const dlq = this.failureQueue(`Dlq-${consumer.fn}`, {
        name: `${consumer.fn}-stream-failed`,
        holds: `stream batches ${consumer.fn} failed ${consumer.retryAttempts + 1} times (their shard and sequence numbers)`,
        todo:
          `Read ${consumer.fn}'s errors. The mails stay pending in the table and the mail-sweeper sends them once ` +
          "the cause (SES refusing the sender, a quota) is fixed; then purge the queue.",
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
      this.acknowledgeAsyncFailures(
        pf.fn,
        "it is invoked only by its stream's event source mapping (synchronously), whose failures go to the mapping's " +
          `on-failure destination Dlq-${consumer.fn}`,
      );
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
      const failures = this.failureQueue(`Failed-${consumer.fn}`, {
        name: `${consumer.fn}-failed`,
        holds: `SES bounce and complaint events ${consumer.fn} failed on after Lambda's retries`,
        todo:
          `Read ${consumer.fn}'s errors; each message holds the whole event (requestPayload). Once fixed, invoke ` +
          `${consumer.fn} again with it (aws lambda invoke --payload), or act by hand on the address it names, then ` +
          "delete the message.",
      });
      pf.fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(failures) });
      this.acknowledgeAsyncFailures(
        pf.fn,
        `SNS invokes it asynchronously and its failures go to the on-failure destination Failed-${consumer.fn}`,
      );
      // What SNS itself cannot deliver (the function throttled past SNS's retries, or gone) waits here.
      const undelivered = this.failureQueue(`Undelivered-${consumer.fn}`, {
        name: `${consumer.fn}-undelivered`,
        holds: `SES bounce and complaint events SNS could not deliver to ${consumer.fn}`,
        todo:
          `Check ${consumer.fn}'s throttles and that it exists; once fixed, publish each message's body to the ` +
          "MailEvents topic again (aws sns publish), then delete it.",
      });
      topic.addSubscription(new LambdaSubscription(pf.fn, { deadLetterQueue: undelivered }));
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
   * cdk-nag findings that are deliberate, each acknowledged on the resources it is about, with its reason. Findings
   * about one resource are acknowledged where that resource is made (the secret, the stream's ListStreams, the
   * failure queues, the functions' dead-letter queues).
   */
  private acknowledgeFindings(): void {
    // On the API, which holds every method.
    Validations.of(this.api).acknowledge(
      {
        id: "AwsSolutions-APIG2",
        reason: "Every handler validates its input with zod and answers RFC 9457 problems in Vietnamese and English.",
      },
      {
        id: "AwsSolutions-APIG4",
        reason:
          "Public forms need no account; staff act through unguessable single-purpose links, checked by the handlers.",
      },
      {
        id: "AwsSolutions-COG4",
        reason: "No Cognito: participants, petitioners and staff have no accounts by design (links in e-mails).",
      },
    );
    for (const [name, pf] of Object.entries(this.functions) as [FunctionName, ProjectFunction][]) {
      const runtime =
        "Node.js 22 is the runtime the project targets and tests (issue #2); moving to 24 is a deliberate upgrade.";
      Validations.of(pf.fn).acknowledge(
        { id: "AwsSolutions-L1", reason: runtime },
        { id: "Serverless-LambdaLatestVersion", reason: runtime },
      );
      if (routes.some((r) => r.fn === name) || name === fallbackFunction) {
        this.acknowledgeAsyncFailures(
          pf.fn,
          "API Gateway invokes it synchronously and the person gets its answer (or a 5XX, counted by the API's alarm); " +
            "a dead-letter queue receives only failed asynchronous invocations, and nothing invokes it asynchronously",
        );
      }
    }
  }
}
