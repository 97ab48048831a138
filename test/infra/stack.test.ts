import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.ts";
import {
  THROTTLING,
  WAF_FORM_RATE_LIMIT_PER_IP,
  WAF_FORM_RATE_WINDOW_SECONDS,
  WAF_RATE_LIMIT_PER_IP,
} from "../../infra/stack.ts";
import { createTableInput } from "../../local/table.ts";
import {
  type FunctionDeclaration,
  type FunctionName,
  functions,
  isWriteAction,
  mailEventConsumers,
  routes,
  schedules,
  servedRoutes,
  streamConsumers,
  table,
  tableAccess,
} from "../../shared/declarations.ts";
import { keys } from "../../shared/keys.ts";
import { STRICT_TRANSPORT_SECURITY } from "../../shared/platform/http.ts";
import { matchRoute } from "../../shared/platform/routing.ts";

/** The synthesized stack, checked against the declarations the local runtime also uses. */
const dirs: string[] = [];
function synth(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "cdk-test-"));
  dirs.push(outdir);
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: {
      "aws:cdk:bundling-stacks": [],
      senderEmail: "thongbao@example.org",
      alarmEmail: "ops@example.org",
      stage: "test",
      ...context,
    },
  });
  const built = buildApp(app);
  app.synth();
  return { ...built, template: Template.fromStack(built.stack) };
}

let template: Template;
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
beforeAll(() => {
  template = synth().template;
  resources = template.toJSON().Resources;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** Which declared function a CloudFormation Lambda resource is (by its construct path). */
function functionNameOf(logicalId: string): FunctionName {
  const name = Object.keys(functions).find((n) => logicalId.startsWith(`Fn${n.replace(/-/g, "")}`));
  if (!name) throw new Error(`no declared function for ${logicalId}`);
  return name as FunctionName;
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown; Effect: string; Sid?: string };
const statementsOf = (policy: { Properties: Record<string, unknown> }) =>
  (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;

/** The logical id of a Lambda function's role. */
const roleOf = (fn: { Properties: Record<string, unknown> }) =>
  (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];

/** Every statement of every policy attached to a function's role. */
function grantsOf(functionId: string): Statement[] {
  const role = roleOf(resources[functionId] as { Properties: Record<string, unknown> });
  return ofType("AWS::IAM::Policy")
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, p]) => statementsOf(p));
}

/** A statement in words: its actions, what they apply to, and the leading keys it is held to. */
function describeGrant(statement: Statement): string {
  const idOf = (value: unknown) => JSON.stringify(value).match(/"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z0-9]+)"/)?.[1] ?? "";
  const target = (resource: unknown): string => {
    const json = JSON.stringify(resource);
    if (resource === "*") return "*";
    if (json.includes("/index/")) return `index ${json.match(/\/index\/(\w+)/)?.[1]}`;
    if (json.includes(":identity/")) return "the sender identity";
    if (json.includes(":configuration-set/")) return "the configuration set";
    const id = idOf(resource);
    const type = resources[id]?.Type;
    if (type === "AWS::DynamoDB::Table") return json.includes("StreamArn") ? "the table's stream" : "the table";
    if (type === "AWS::SecretsManager::Secret") return "the secret";
    if (type === "AWS::SQS::Queue")
      return id.startsWith("Dlq") ? "the stream's failure queue" : "its own failure queue";
    return `${type} ${id}`;
  };
  const keys = (statement.Condition as { "ForAllValues:StringLike"?: { "dynamodb:LeadingKeys": string[] } })?.[
    "ForAllValues:StringLike"
  ]?.["dynamodb:LeadingKeys"];
  const on = [statement.Resource].flat().map(target).join(", ");
  return `${[statement.Action].flat().join(" ")} on ${on}${keys ? ` [${[keys].flat().join(" ")}]` : ""}`;
}

/** Every (method, path) → function the API serves, read back from the template's resources and methods. */
function apiRoutes(): { method: string; path: string; fn: FunctionName }[] {
  const paths = new Map<string, string>();
  const restApi = ofType("AWS::ApiGateway::RestApi")[0]?.[0];
  const pathOf = (ref: unknown): string => {
    const r = ref as { "Fn::GetAtt"?: [string, string]; Ref?: string };
    if (r["Fn::GetAtt"]?.[0] === restApi) return "";
    const id = r.Ref as string;
    if (!paths.has(id)) {
      const res = resources[id]?.Properties as { ParentId: unknown; PathPart: string };
      paths.set(id, `${pathOf(res.ParentId)}/${res.PathPart}`);
    }
    return paths.get(id) as string;
  };
  return ofType("AWS::ApiGateway::Method").map(([, m]) => {
    const p = m.Properties as { HttpMethod: string; ResourceId: unknown; Integration: { Uri: unknown } };
    const uri = JSON.stringify(p.Integration.Uri);
    const lambda = ofType("AWS::Lambda::Function").find(([id]) => uri.includes(`"${id}"`))?.[0] as string;
    return { method: p.HttpMethod, path: pathOf(p.ResourceId) || "/", fn: functionNameOf(lambda) };
  });
}

describe("the table", () => {
  it("is the declared table: keys, index, TTL, stream, on demand, point-in-time recovery, retained", () => {
    const local = createTableInput("x");
    template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        KeySchema: local.KeySchema,
        AttributeDefinitions: Match.arrayEquals(local.AttributeDefinitions as unknown[]),
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamViewType: table.stream },
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        GlobalSecondaryIndexes: (local.GlobalSecondaryIndexes ?? []).map((g) =>
          Match.objectLike({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }),
        ),
      }),
    });
  });
});

describe("the functions", () => {
  it("has one Node.js 22 ARM64 function per declared handler, each with a log group that expires", () => {
    const lambdas = ofType("AWS::Lambda::Function");
    expect(lambdas.map(([id]) => functionNameOf(id)).sort()).toEqual(Object.keys(functions).sort());
    for (const [, fn] of lambdas) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
      });
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: expect.anything() });
    }
    for (const [, group] of ofType("AWS::Logs::LogGroup")) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it("grants no wildcard actions, no AWS managed policy, and no resource `*` but ListStreams and X-Ray's, each alone", () => {
    for (const [id, policy] of ofType("AWS::IAM::Policy")) {
      for (const statement of statementsOf(policy)) {
        for (const action of [statement.Action].flat()) expect(action, id).not.toMatch(/(^\*$|:\*$)/);
      }
    }
    const everywhere = ofType("AWS::IAM::Policy").flatMap(([id, p]) =>
      statementsOf(p)
        .filter((s) => [s.Resource].flat().includes("*"))
        .map((s) => [id, s.Action]),
    );
    expect(everywhere).toEqual([[expect.stringMatching(/^FnnotifierRoleListStreams/), "dynamodb:ListStreams"]]);
    // X-Ray's two actions: alone in the stack's one tracing policy, which every function's role is attached to, and
    // which exists before any function (Lambda checks it when tracing is active).
    const tracing = ofType("AWS::IAM::ManagedPolicy");
    expect(tracing).toHaveLength(1);
    const [tracingId, tracingPolicy] = tracing[0] as [string, { Properties: Record<string, unknown> }];
    expect(statementsOf(tracingPolicy)).toEqual([
      { Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Effect: "Allow", Resource: "*" },
    ]);
    const lambdas = ofType("AWS::Lambda::Function");
    expect(tracingPolicy.Properties.Roles).toEqual(
      expect.arrayContaining(lambdas.map(([, fn]) => ({ Ref: roleOf(fn) }))),
    );
    for (const [id, fn] of lambdas) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: "Active" });
      expect((resources[id] as unknown as { DependsOn: string[] }).DependsOn, id).toContain(tracingId);
    }
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const role = resources[roleOf(fn)];
      expect(role?.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it("lets each function write only to its own log group, which it does not create", () => {
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logs = grantsOf(id).filter((s) => [s.Action].flat().some((a) => a.startsWith("logs:")));
      expect(logs, id).toEqual([
        {
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Effect: "Allow",
          Resource: { "Fn::GetAtt": [logGroup, "Arn"] },
        },
      ]);
    }
  });

  it("grants each function exactly the calls its code makes: this list changes when its code or declaration does", () => {
    // What each function may do beyond its own logs (and X-Ray's traces, above), read back from the template. `[…]`
    // is dynamodb:LeadingKeys. A scheduled function may put a failed run in its own failure queue.
    const expected: Record<FunctionName, string[]> = {
      "list-events": ["dynamodb:GetItem on the table [CONFIG]", "dynamodb:Query on index gsi1"],
      "get-event": ["dynamodb:GetItem on the table [CONFIG EVENT#*]"],
      "event-calendar": ["dynamodb:GetItem on the table [EVENT#*]"],
      "registration-form": ["dynamodb:GetItem on the table [CONFIG EVENT#*]"],
      "create-registration": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG EVENT#* IDEM#*]",
        "dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem on the table [EVENT#* IDEM#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "registration-link": ["dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#*]"],
      "cancel-registration": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#*]",
        "dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem on the table [EVENT#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "petition-form": ["dynamodb:GetItem on the table [CONFIG]"],
      openapi: ["dynamodb:GetItem on the table [CONFIG]"],
      "submit-petition": [
        "dynamodb:GetItem on the table [CONFIG IDEM#* EVENT#* ADDR#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [RATE#* PET#* TOKEN#* MAIL#* IDEM#* ADDR#* EVENT#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "petition-status": ["dynamodb:GetItem dynamodb:Query on the table [CONFIG PET#*]"],
      "petition-lookup": ["dynamodb:GetItem on the table [PET#*]"],
      "action-page": ["dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* PET#*]"],
      "act-on-petition": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* PET#*]",
        "dynamodb:PutItem on the table [PET#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "intake-form": [
        "dynamodb:GetItem on the table [CONFIG TOKEN#* OFFICER#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "submit-intake": [
        "dynamodb:GetItem on the table [CONFIG TOKEN#* OFFICER#* IDEM#* EVENT#* ADDR#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [OFFICER#* PET#* TOKEN#* MAIL#* IDEM#* ADDR#* EVENT#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "organiser-page": [
        "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#* PET#*]",
      ],
      "organiser-action": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#*]",
        "dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem on the table [EVENT#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "organiser-bulk": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#*]",
        "dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem on the table [EVENT#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "not-found": [],
      notifier: [
        "dynamodb:UpdateItem on the table [MAIL#*]",
        "ses:SendEmail on the sender identity, the configuration set",
        "secretsmanager:GetSecretValue on the secret",
        "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl on the stream's failure queue",
        "dynamodb:DescribeStream dynamodb:GetRecords dynamodb:GetShardIterator on the table's stream",
        "dynamodb:ListStreams on *",
      ],
      "mail-sweeper": [
        "dynamodb:GetItem on the table [MAIL#*]",
        "dynamodb:UpdateItem on the table [MAIL#*]",
        "dynamodb:Query on index gsi2",
        "ses:SendEmail on the sender identity, the configuration set",
        "secretsmanager:GetSecretValue on the secret",
        "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl on its own failure queue",
      ],
      "registration-reconciler": [
        "dynamodb:GetItem dynamodb:Query on the table [EVENT#*]",
        "dynamodb:PutItem dynamodb:UpdateItem dynamodb:DeleteItem on the table [EVENT#* TOKEN#* MAIL#*]",
        "dynamodb:Query on index gsi1",
        "secretsmanager:GetSecretValue on the secret",
        "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl on its own failure queue",
      ],
      "deadline-sweeper": [
        "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG PET#* DIGEST EVENT#* SUBJECT#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [PET#* TOKEN#* MAIL#* DIGEST EVENT#* SUBJECT#*]",
        "dynamodb:Query on index gsi3, index gsi4",
        "secretsmanager:GetSecretValue on the secret",
        "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl on its own failure queue",
      ],
      "leaders-report": [
        "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG TOKEN#* PET#*]",
        "dynamodb:Query on index gsi4",
      ],
      "mail-events": [
        "dynamodb:GetItem dynamodb:ConditionCheckItem on the table [CONFIG MAIL#* PET#* MAILHEALTH]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [MAIL#* PET#* TOKEN#* MAILHEALTH]",
        "secretsmanager:GetSecretValue on the secret",
        "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl on its own failure queue",
      ],
      "session-page": ["dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG EVENT#* PET#*]"],
      "session-sheet": [
        "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#* PET#* ADDR#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [EVENT#* PET#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "session-record": [
        "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#* PET#* ADDR#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [EVENT#* PET#* TOKEN#* MAIL#* ADDR#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      dossier: [
        "dynamodb:GetItem dynamodb:BatchGetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#* PET#*]",
        "dynamodb:PutItem on the table [EVENT#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      commitment: [
        "dynamodb:GetItem dynamodb:Query dynamodb:ConditionCheckItem on the table [CONFIG TOKEN#* PET#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [PET#* TOKEN#* MAIL#*]",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "my-data": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG TOKEN#* EVENT#* PET#* OFFICER#* SUBJECT#*]",
        "dynamodb:PutItem dynamodb:UpdateItem on the table [EVENT#* PET#* SUBJECT#* MAIL#* TOKEN#* ADDR#*]",
        "dynamodb:Query on index gsi5",
        "secretsmanager:GetSecretValue on the secret",
      ],
      "retention-sweeper": [
        "dynamodb:GetItem dynamodb:Query on the table [CONFIG EVENT#* PET#*]",
        "dynamodb:UpdateItem dynamodb:DeleteItem on the table [EVENT#* PET#*]",
        "dynamodb:Query on index gsi1, index gsi3",
        "secretsmanager:GetSecretValue on the secret",
        "sqs:SendMessage sqs:GetQueueAttributes sqs:GetQueueUrl on its own failure queue",
      ],
    };
    const granted = Object.fromEntries(
      ofType("AWS::Lambda::Function").map(([id]) => [
        functionNameOf(id),
        grantsOf(id)
          .filter((s) => ![s.Action].flat().some((a) => a.startsWith("logs:")))
          .map(describeGrant),
      ]),
    );
    expect(granted).toEqual(expected);
  });

  it("declares key families that shared/keys.ts makes, for every kind of action declared, and no Scan", () => {
    const builders = Object.values(keys).filter((k) => typeof k === "function") as ((...a: unknown[]) => unknown)[];
    const families = builders
      .map((build) => (build("x", "1", "x") as { pk?: unknown } | undefined)?.pk)
      .filter((pk): pk is string => typeof pk === "string");
    for (const [name, declared] of Object.entries(functions) as [FunctionName, FunctionDeclaration][]) {
      expect(declared.dynamo, name).not.toContain("Scan");
      const reads = declared.dynamo.some((a) => !isWriteAction(a));
      expect((declared.readKeys ?? []).length > 0, `${name} readKeys`).toBe(reads);
      expect((declared.writeKeys ?? []).length > 0, `${name} writeKeys`).toBe(tableAccess(declared) === "RW");
      for (const pattern of [...(declared.readKeys ?? []), ...(declared.writeKeys ?? [])]) {
        const like = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
        expect(
          families.some((pk) => like.test(pk)),
          `${name}: ${pattern}`,
        ).toBe(true);
      }
    }
    // Only the seed writes the configuration.
    for (const [name, declared] of Object.entries(functions) as [string, FunctionDeclaration][])
      expect(declared.writeKeys ?? [], name).not.toContain("CONFIG");
  });

  it("gives the table's name, the secret and the sender only to the functions declared to use them", () => {
    const secrets = ofType("AWS::SecretsManager::Secret");
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.[1].Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const declared: FunctionDeclaration = functions[functionNameOf(id)];
      const env = Object.keys((fn.Properties.Environment as { Variables: object }).Variables);
      expect(env.includes("TABLE_NAME"), `${id} TABLE_NAME`).toBe(declared.dynamo.length > 0);
      expect(env.includes("SECRET_ARN"), `${id} SECRET_ARN`).toBe(declared.secret === true);
      expect(env.includes("SENDER_EMAIL"), `${id} SENDER_EMAIL`).toBe(declared.sendsMail === true);
      // Whoever sends names the configuration set, whose events report its bounces and complaints.
      expect(env.includes("MAIL_CONFIGURATION_SET"), `${id} MAIL_CONFIGURATION_SET`).toBe(declared.sendsMail === true);
      // Every metric carries its stage (shared/platform/metrics.ts): the alarms read the stage's own.
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.STAGE, id).toBe("test");
    }
    // Every function that writes to the table holds the key; of the pages that only read, only the officer's
    // intake form does (it reads her item, keyed by a keyed hash of her address).
    for (const [name, declared] of Object.entries(functions) as [FunctionName, FunctionDeclaration][]) {
      expect(declared.secret === true, name).toBe(tableAccess(declared) === "RW" || name === "intake-form");
    }
  });

  it("keeps the secret when a production stack is deleted, and drops a test stack's", () => {
    template.hasResource("AWS::SecretsManager::Secret", { DeletionPolicy: "Delete" });
    const prod = synth({ stage: "prod" }).template;
    prod.hasResource("AWS::SecretsManager::Secret", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });

  it("lets only the functions declared to send mail do so, from the configured identity", () => {
    template.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "thongbao@example.org" });
    const senders = ofType("AWS::IAM::Policy").filter(([, p]) =>
      JSON.stringify(p.Properties).includes("ses:SendEmail"),
    );
    const declared = Object.entries(functions).filter(([, f]) => "sendsMail" in f && f.sendsMail);
    expect(senders.map(([id]) => functionNameOf(id)).sort()).toEqual(declared.map(([name]) => name).sort());
  });
});

describe("the API", () => {
  it("serves exactly the declared routes, and the local runtime routes each one to the same function", () => {
    const served = apiRoutes().filter((r) => r.method !== "ANY");
    const declared = servedRoutes.map((r) => ({ method: r.method, path: r.path, fn: r.fn }));
    expect(served.map((r) => `${r.method} ${r.path} ${r.fn}`).sort()).toEqual(
      declared.map((r) => `${r.method} ${r.path} ${r.fn}`).sort(),
    );
    for (const r of served) {
      const concrete = r.path.replace(/\{(\w+)\}/g, "sample-$1");
      const local = matchRoute(r.method, concrete);
      expect(local.kind === "route" ? local.route.fn : local.kind, `${r.method} ${r.path}`).toBe(r.fn);
    }
  });

  it("answers other methods on known paths through the fallback function (405), and unknown paths with a 404 problem", () => {
    const anys = apiRoutes().filter((r) => r.method === "ANY");
    expect(new Set(anys.map((a) => a.path))).toEqual(new Set(routes.map((r) => r.path)));
    expect(new Set(anys.map((a) => a.fn))).toEqual(new Set(["not-found"]));
    template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", {
      ResponseType: "MISSING_AUTHENTICATION_TOKEN",
      StatusCode: "404",
    });
  });

  it("says HTTPS only on API Gateway's own answers too (any 4xx, any 5xx, and each named one)", () => {
    const answers = ofType("AWS::ApiGateway::GatewayResponse").map(([, r]) => r.Properties);
    expect(answers.map((a) => a.ResponseType)).toEqual(expect.arrayContaining(["DEFAULT_4XX", "DEFAULT_5XX"]));
    for (const answer of answers) {
      expect(answer.ResponseParameters, String(answer.ResponseType)).toMatchObject({
        "gatewayresponse.header.Strict-Transport-Security": `'${STRICT_TRANSPORT_SECURITY}'`,
      });
    }
  });

  it("throttles the stage and the public forms, logs access without paths, and sits behind a WAF rate rule", () => {
    template.hasResourceProperties("AWS::ApiGateway::Stage", {
      StageName: "test",
      MethodSettings: Match.arrayWith([
        Match.objectLike({ HttpMethod: "*", ThrottlingRateLimit: THROTTLING.stage.rateLimit, DataTraceEnabled: false }),
        Match.objectLike({ HttpMethod: "POST", ThrottlingRateLimit: THROTTLING.forms.rateLimit }),
      ]),
      AccessLogSetting: Match.objectLike({ Format: Match.stringLikeRegexp("resourcePath") }),
    });
    const format = JSON.stringify(template.findResources("AWS::ApiGateway::Stage"));
    expect(format).not.toContain("$context.path");
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: { RateBasedStatement: Match.objectLike({ Limit: WAF_RATE_LIMIT_PER_IP, AggregateKeyType: "IP" }) },
        }),
      ]),
    });
    template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
  });

  it("limits POSTs per IP to exactly the declared public forms, sized for a room of 222 behind one NAT", () => {
    type Statement = Record<string, unknown>;
    type Rule = { Name: string; Statement: Statement; VisibilityConfig: Statement };
    const rules = ofType("AWS::WAFv2::WebACL").flatMap(([, acl]) => acl.Properties.Rules as Rule[]);
    const rule = rules.find((r) => r.Name === "rate-public-forms-per-ip");
    expect(rule?.VisibilityConfig).toEqual({
      CloudWatchMetricsEnabled: true,
      MetricName: "rate-public-forms-per-ip",
      SampledRequestsEnabled: false,
    });
    const rate = rule?.Statement.RateBasedStatement as Statement & { ScopeDownStatement: Statement };
    expect(rate).toMatchObject({
      Limit: WAF_FORM_RATE_LIMIT_PER_IP,
      EvaluationWindowSec: WAF_FORM_RATE_WINDOW_SECONDS,
      AggregateKeyType: "IP",
    });
    // 222 people × 6 POSTs (registration with 2 re-shows, petition with 1, one lookup) stay under it by half again.
    expect(WAF_FORM_RATE_LIMIT_PER_IP).toBeGreaterThanOrEqual(222 * 6 * 1.5);

    const [method, paths] = (rate.ScopeDownStatement.AndStatement as { Statements: Statement[] }).Statements as [
      Statement,
      Statement,
    ];
    expect(method).toEqual({
      ByteMatchStatement: {
        SearchString: "POST",
        FieldToMatch: { Method: {} },
        PositionalConstraint: "EXACTLY",
        TextTransformations: [{ Priority: 0, Type: "NONE" }],
      },
    });
    const pathStatements = (paths.OrStatement as { Statements: Statement[] } | undefined)?.Statements ?? [paths];
    const regexes = pathStatements.map((p) => {
      const m = p.RegexMatchStatement as { RegexString: string; FieldToMatch: unknown };
      expect(m.FieldToMatch).toEqual({ UriPath: {} });
      expect(m.RegexString.length).toBeLessThanOrEqual(200);
      return new RegExp(m.RegexString);
    });
    const caught = (path: string) => regexes.some((r) => r.test(path));

    const publicForms = routes.filter((r) => "publicForm" in r && r.publicForm);
    expect(publicForms.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "POST /events/{eventId}/registrations",
      "POST /petitions",
      "POST /petitions/lookup",
    ]);
    expect(regexes).toHaveLength(publicForms.length);
    // Each declared path, with and without the stage in front: caught iff a public form is declared on it.
    for (const r of servedRoutes) {
      const concrete = r.path.replace(/\{(\w+)\}/g, "sample-$1");
      const isForm = publicForms.some((f) => f.path === r.path);
      for (const path of [concrete, `/prod${concrete}`]) expect(caught(path), `${r.method} ${path}`).toBe(isForm);
    }
    for (const path of [
      "/prod/events/tap-huan/registrations",
      "/petitions",
      "/prod/petitions/lookup",
      "/prod/petitions/",
    ])
      expect(caught(path), path).toBe(true);
    for (const path of [
      "/prod/r/abc",
      "/prod/a/abc",
      "/prod/o/abc",
      "/prod/g/abc",
      "/prod/events/x/register",
      "/prod/petitions/new",
      "/prod/petitions/lookup/x",
      "/prod/events/registrations",
    ])
      expect(caught(path), path).toBe(false);
  });
});

describe("the notifier on the stream", () => {
  it("is wired as declared: filter, batch, partial failures, bisect, bounded retries, an SQS on-failure destination", () => {
    const [consumer] = streamConsumers;
    if (!consumer) throw new Error("no stream consumer declared");
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: consumer.batchSize,
      MaximumRetryAttempts: consumer.retryAttempts,
      BisectBatchOnFunctionError: consumer.bisectBatchOnError,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      StartingPosition: "TRIM_HORIZON",
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(consumer.filterPattern) }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
  });
});

describe("bounces and complaints", () => {
  const idOf = (type: string, prefix: string) => ofType(type).find(([id]) => id.startsWith(prefix))?.[0] as string;

  it("sends under a configuration set whose declared events reach the consumers through an encrypted topic", () => {
    const set = idOf("AWS::SES::ConfigurationSet", "MailConfigurationSet");
    expect(resources[set]?.Properties).toMatchObject({ Name: "tieng-noi-test" });
    const topic = idOf("AWS::SNS::Topic", "MailEvents");
    const events = [...new Set(mailEventConsumers.flatMap((c) => c.events))];
    template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      ConfigurationSetName: { Ref: set },
      EventDestination: { Enabled: true, MatchingEventTypes: events, SnsDestination: { TopicARN: { Ref: topic } } },
    });
    expect(events).toEqual(["bounce", "complaint"]);
    // Encrypted at rest with a key SES may use (the events name recipients), and TLS only.
    const key = idOf("AWS::KMS::Key", "MailEventsKey");
    expect(resources[topic]?.Properties.KmsMasterKeyId).toEqual({ "Fn::GetAtt": [key, "Arn"] });
    expect(JSON.stringify(resources[key]?.Properties.KeyPolicy)).toContain('"Service":"ses.amazonaws.com"');
    expect(resources[key]?.Properties.EnableKeyRotation).toBe(true);
    // Only SES may publish to it, and only for this configuration set.
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({
            Action: "sns:Publish",
            Principal: { Service: "ses.amazonaws.com" },
            Condition: { StringEquals: Match.objectLike({ "AWS:SourceArn": Match.anyValue() }) },
          }),
        ]),
      },
    });
    for (const consumer of mailEventConsumers) {
      const fn = idOf("AWS::Lambda::Function", `Fn${consumer.fn.replace(/-/g, "")}Function`);
      // What SNS cannot deliver to it waits in a queue of its own.
      const undelivered = idOf("AWS::SQS::Queue", `Undelivered${consumer.fn.replace(/-/g, "")}`);
      template.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: "lambda",
        TopicArn: { Ref: topic },
        Endpoint: { "Fn::GetAtt": [fn, "Arn"] },
        RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [undelivered, "Arn"] } },
      });
      template.hasResourceProperties("AWS::Lambda::Permission", {
        Principal: "sns.amazonaws.com",
        SourceArn: { Ref: topic },
        FunctionName: { "Fn::GetAtt": [fn, "Arn"] },
      });
      template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: fn },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
      // Links in the notices and resends it writes.
      const env = resources[fn]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
      expect(Object.keys(env?.Variables ?? {})).toContain("PUBLIC_BASE_URL");
    }
  });

  it("names the configuration set in the senders' environment and their SendEmail grant", () => {
    const set = idOf("AWS::SES::ConfigurationSet", "MailConfigurationSet");
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if (env.MAIL_CONFIGURATION_SET !== undefined) expect(env.MAIL_CONFIGURATION_SET, id).toEqual({ Ref: set });
    }
  });
});

describe("scheduled functions", () => {
  it("run on EventBridge rules as declared", () => {
    for (const schedule of schedules) {
      const [id] =
        Object.entries(resources).find(
          ([rid, r]) => r.Type === "AWS::Events::Rule" && rid.startsWith(`Every${schedule.fn.replace(/-/g, "")}`),
        ) ?? [];
      expect(id, schedule.fn).toBeDefined();
      expect(resources[id as string]?.Properties.ScheduleExpression).toBe(`rate(${schedule.everyMinutes} minutes)`);
    }
  });

  it("put a run that cannot be delivered, or that fails after its retries, in the function's failure queue", () => {
    for (const schedule of schedules) {
      const prefix = schedule.fn.replace(/-/g, "");
      const rule = ofType("AWS::Events::Rule").find(([id]) => id.startsWith(`Every${prefix}`))?.[1];
      const fn = ofType("AWS::Lambda::Function").find(([id]) => id.startsWith(`Fn${prefix}Function`))?.[0];
      const queue = ofType("AWS::SQS::Queue").find(([id]) => id.startsWith(`Failed${prefix}`))?.[0];
      expect(queue, schedule.fn).toBeDefined();
      const age = schedule.everyMinutes * 60;
      // Neither EventBridge nor Lambda retries past the next run, which does the same work.
      expect(rule?.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { "Fn::GetAtt": [fn, "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [queue, "Arn"] } },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: age },
        }),
      ]);
      template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: fn },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: age,
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue, "Arn"] } } },
      });
      // EventBridge may write to that queue, for this rule only.
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: "sqs:SendMessage", Principal: { Service: "events.amazonaws.com" } }),
          ]),
        },
      });
    }
  });
});

describe("cdk-nag", () => {
  it("passes AwsSolutions and Serverless with every finding fixed or acknowledged (synth above would have thrown)", () => {
    expect(() => synth({ stage: "nagcheck" })).not.toThrow();
  });

  it("acknowledges findings on the resources they are about, never on the whole app or stack", () => {
    const { app } = synth({ stage: "nagscope" });
    const acknowledged = app.node
      .findAll()
      .filter((c) => c.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const c of acknowledged) {
      expect(c instanceof Stack || c === app, c.node.path).toBe(false);
      // Every acknowledgement says why.
      for (const m of c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        for (const reason of Object.values(m.data as Record<string, string>))
          expect(reason.length, c.node.path).toBeGreaterThan(30);
      }
    }
  });

  it("acknowledges the stream's `*` on its one statement only: `*` anywhere else fails synth", () => {
    /** The findings that stop synth once `fn`'s role may send mail as anyone (`ses:SendEmail` on `*`). */
    const findingsWithStar = (fn: FunctionName): string => {
      const outdir = mkdtempSync(join(tmpdir(), "cdk-test-"));
      dirs.push(outdir);
      const app = new App({
        outdir,
        builtinCloudFormationValidation: false,
        context: { "aws:cdk:bundling-stacks": [] },
      });
      const { stack } = buildApp(app);
      stack.functions[fn].role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ["ses:SendEmail"], resources: ["*"] }),
      );
      expect(() => app.synth(), fn).toThrow(/validation-report/);
      return readFileSync(join(outdir, "validation-report.json"), "utf8");
    };
    // A page that only reads, and the stream consumer itself, whose role holds the acknowledged statement.
    for (const fn of ["list-events", "notifier"] as const) {
      const report = findingsWithStar(fn);
      expect(report, fn).toContain("AwsSolutions-IAM5[Resource::*]");
      expect(report, fn).toContain(`Fn-${fn}/Role/DefaultPolicy/Resource`);
    }
  });

  it("does fail synth on an unacknowledged finding", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdk-test-"));
    dirs.push(outdir);
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { "aws:cdk:bundling-stacks": [] } });
    const { stack } = buildApp(app);
    new Bucket(Stack.of(stack), "UnloggedBucket");
    // A queue with no dead-letter queue of its own: both packs find it.
    new Queue(stack, "StrayQueue", { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    expect(() => app.synth()).toThrow(/validation-report/);
    const report = readFileSync(join(outdir, "validation-report.json"), "utf8");
    expect(report).toContain("AwsSolutions-S1");
    expect(report).toContain("AwsSolutions-SQS3");
    expect(report).toContain("Serverless-SQSRedrivePolicy");
  });
});
