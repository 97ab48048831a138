import { resolve } from "node:path";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { ManagedPolicy, Policy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, type CfnFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { Charset, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IConfigurationSet } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import {
  type FunctionDeclaration,
  type FunctionName,
  functions,
  isWriteAction,
  settingsOf,
} from "../shared/declarations.ts";
import { reservedConcurrencyOf } from "./context.ts";

/** Where the repository sits: function entries in the declarations are relative to it. */
export const ROOT = resolve(import.meta.dirname, "..");

/**
 * How every function is bundled: one minified ESM file for Node.js 22 with the AWS SDK inside. ESM bundles need
 * `require` for the few CommonJS dependencies inside the SDK (otherwise "Dynamic require of node:https is not
 * supported"). The benchmark (bench/bundles.ts) builds with these same settings.
 */
export const BUNDLE = {
  target: "node22",
  // Vietnamese text as UTF-8, not \uXXXX escapes: every page's words are a third of the bytes.
  charset: "utf8",
  mainFields: ["module", "main"],
  minify: true,
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** The same settings as esbuild build options: what the benchmark bundles with, so it measures what ships. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: BUNDLE.target,
  mainFields: [...BUNDLE.mainFields],
  minify: BUNDLE.minify,
  charset: BUNDLE.charset,
  banner: { js: BUNDLE.banner },
  logLevel: "warning",
} as const;

export interface ProjectFunctionProps {
  /** The function's name in the declarations: its entry, memory, timeout and reserved concurrency come from there. */
  name: FunctionName;
  environment?: Record<string, string>;
  logRetention?: RetentionDays;
  /** Production keeps its log group when the stack is deleted, and reserves its declared concurrency in full. */
  production?: boolean;
  /** The stack's one X-Ray policy (`tracingPolicy`), attached to the function's role. */
  tracing: ManagedPolicy;
}

/**
 * X-Ray's two actions for Lambda's active tracing (a segment per invocation, sampled; no SDK in the bundle, see
 * TOOLCHAIN's note on the tracer). They have no resource-level permission, so they sit alone in one policy that every
 * function's role is attached to, acknowledged there (infra/stack.ts): `tracing: Tracing.ACTIVE` would add them to
 * each role's default policy, next to the declared grants, where an acknowledgement of `*` would hide any other `*`.
 * One policy for the stack, not one per function: CloudFormation counts resources (at most 500 a stack).
 */
export function tracingPolicy(scope: Construct, id: string): ManagedPolicy {
  return new ManagedPolicy(scope, id, {
    description: "Lambda active tracing: write X-Ray segments (no resource-level permission exists)",
    statements: [
      new PolicyStatement({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }),
    ],
  });
}

/**
 * A Lambda function with the project's defaults: Node.js 22 on ARM64, one esbuild ESM bundle with the AWS SDK
 * inside (loading it from the runtime is slower), minified, source maps on, its own log group with retention, X-Ray
 * active tracing, and the reserved concurrency its declaration asks for.
 *
 * Its role holds exactly what its declaration (shared/declarations.ts) says it calls, statement by statement: its
 * own log group, the table's items (`bindTable`), its indexes, SES (`grantSendEmail`), the secret (`grantSecret`),
 * the stream (`readStream`). No AWS managed policy: AWSLambdaBasicExecutionRole would let every function create log
 * groups and write to any of them in the account.
 */
export class ProjectFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  private readonly declaration: FunctionDeclaration;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    this.declaration = functions[props.name];
    // Made here, not by Lambda on first write: so it has a retention, and the role needs no logs:CreateLogGroup.
    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `tieng-noi ${props.name}: what its declaration lists, nothing more`,
    });
    // Its own group's streams only (the group's ARN ends in `:*`, which is its streams).
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    props.tracing.attachToRole(this.role);
    const settings = settingsOf(props.name);
    this.fn = new NodejsFunction(this, "Function", {
      entry: resolve(ROOT, this.declaration.entry),
      handler: "handler",
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memoryMB,
      timeout: Duration.seconds(settings.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, "package-lock.json"),
      environment: props.environment,
      reservedConcurrentExecutions: reservedConcurrencyOf(props.name, props.production === true),
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        platform: "node",
        mainFields: [...BUNDLE.mainFields],
        minify: BUNDLE.minify,
        charset: Charset.UTF8,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        externalModules: [],
        banner: BUNDLE.banner,
        // The JSON imports (configuration, ethnic groups) use import attributes.
        esbuildArgs: { "--log-level": "warning" },
      },
    });
    (this.fn.node.defaultChild as CfnFunction).tracingConfig = { mode: "Active" };
    // Created once its role may write traces: Lambda checks that when tracing is active.
    this.fn.node.addDependency(props.tracing);
  }

  /**
   * The declared actions on the table's items: its reads in one statement and its writes in another, each under
   * `dynamodb:LeadingKeys` with the key families declared for it; `dynamodb:Query` on each declared index, held
   * by the index's own ARN (that condition key describes the table's partition key, not an index's: see `readKeys`
   * in the declarations). A function that touches no item gets none of these, nor the table's name.
   */
  bindTable(table: ITable): this {
    const { dynamo, readKeys, writeKeys, indexes = [] } = this.declaration;
    const onItems = (sid: string, actions: readonly string[], leadingKeys: readonly string[] | undefined) => {
      if (actions.length === 0) return;
      if (!leadingKeys?.length) throw new Error(`${this.node.id}: ${sid} need their key families declared`);
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid,
          actions: actions.map((action) => `dynamodb:${action}`),
          resources: [table.tableArn],
          conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...leadingKeys] } },
        }),
      );
    };
    onItems(
      "TableReads",
      dynamo.filter((a) => !isWriteAction(a)),
      readKeys,
    );
    onItems("TableWrites", dynamo.filter(isWriteAction), writeKeys);
    if (indexes.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: "IndexQueries",
          actions: ["dynamodb:Query"],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    if (dynamo.length > 0 || indexes.length > 0) this.fn.addEnvironment("TABLE_NAME", table.tableName);
    return this;
  }

  /**
   * `ses:SendEmail` (the only SES call the notifier makes) from the sender's identities, when declared `sendsMail`:
   * the address's, or with a mail domain the domain's (and the address's, which SES authorises against instead if
   * it, too, is verified in the account); with a configuration set (whose events report bounces and complaints),
   * under that set too: SES authorises a send on the configuration set it names as well as on the identity.
   */
  grantSendEmail(identityArns: readonly string[], address: string, configurationSet?: IConfigurationSet): this {
    if (!this.declaration.sendsMail) return this;
    const resources = [...identityArns];
    if (configurationSet) {
      const name = configurationSet.configurationSetName;
      resources.push(Stack.of(this).formatArn({ service: "ses", resource: "configuration-set", resourceName: name }));
      this.fn.addEnvironment("MAIL_CONFIGURATION_SET", name);
    }
    this.role.addToPrincipalPolicy(new PolicyStatement({ sid: "SendMail", actions: ["ses:SendEmail"], resources }));
    this.fn.addEnvironment("SENDER_EMAIL", address);
    return this;
  }

  /** Reading the one secret, and where it is, when declared `secret`. */
  grantSecret(secret: ISecret): this {
    if (!this.declaration.secret) return this;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: "Secret", actions: ["secretsmanager:GetSecretValue"], resources: [secret.secretArn] }),
    );
    this.fn.addEnvironment("SECRET_ARN", secret.secretArn);
    return this;
  }

  /**
   * What Lambda's event source mapping reads a table's stream with, on the function's role: the stream's own
   * ARN, and `dynamodb:ListStreams`, which has no resource-level permission and so is the one statement on `*`.
   * That statement sits alone in its own policy, so that the acknowledgement of its `*` (infra/stack.ts) covers
   * it and nothing else. The policy is the role's child: the function, and so its event source mapping, are
   * created after it (Lambda checks the role when the mapping is made).
   */
  readStream(streamArn: string): Policy {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: "StreamRecords",
        actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        resources: [streamArn],
      }),
    );
    return new Policy(this.role, "ListStreams", {
      roles: [this.role],
      statements: [new PolicyStatement({ actions: ["dynamodb:ListStreams"], resources: ["*"] })],
    });
  }
}
