import { resolve } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { Charset, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type FunctionName, functions, settingsOf, type TableAccess } from "../shared/declarations.ts";

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
  /** The function's name in the declarations: its entry, memory and timeout come from there. */
  name: FunctionName;
  environment?: Record<string, string>;
  logRetention?: RetentionDays;
}

/**
 * A Lambda function with the project's defaults: Node.js 22 on ARM64, one esbuild ESM bundle with the AWS SDK
 * inside (loading it from the runtime is slower), minified, source maps on, its own log group with retention.
 */
export class ProjectFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const settings = settingsOf(props.name);
    this.fn = new NodejsFunction(this, "Function", {
      entry: resolve(ROOT, functions[props.name].entry),
      handler: "handler",
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memoryMB,
      timeout: Duration.seconds(settings.timeoutSeconds),
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, "package-lock.json"),
      environment: props.environment,
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
  }

  /** Least privilege on the table, and where to find it, in one call. */
  bindTable(table: ITable, access: TableAccess): this {
    if (access === "RW") table.grantReadWriteData(this.fn);
    else table.grantReadData(this.fn);
    this.fn.addEnvironment("TABLE_NAME", table.tableName);
    return this;
  }
}
