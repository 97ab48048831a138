import { execFile } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import { buildAccountApp } from "../../infra/account.ts";
import { buildApp } from "../../infra/app.ts";
import {
  ContextError,
  DEV_SENDER,
  isEntryPoint,
  NON_PRODUCTION_RESERVED_CONCURRENCY,
  parseContext,
} from "../../infra/context.ts";
import { type FunctionDeclaration, type FunctionName, functions, routes } from "../../shared/declarations.ts";

/**
 * Deploying without traps: the context checked in one place (infra/context.ts), the app run from any folder, stages
 * that coexist in one account, tags, protection and retention by stage, the custom domain, the SES domain identity,
 * reserved concurrency, X-Ray.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const CERTIFICATE = "arn:aws:acm:ap-southeast-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";
const BASE = { senderEmail: "thongbao@hoiphunu.example.vn", alarmEmail: "ops@hoiphunu.example.vn" };

/** Each context is synthesized once for the whole file. */
const synthesized = new Map<string, ReturnType<typeof synthOnce>>();
function synth(context: Record<string, unknown>) {
  const key = JSON.stringify(context);
  if (!synthesized.has(key)) synthesized.set(key, synthOnce(context));
  return synthesized.get(key) as ReturnType<typeof synthOnce>;
}
function synthOnce(context: Record<string, unknown>) {
  const outdir = tempDir("cdk-deploy-");
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { "aws:cdk:bundling-stacks": [], ...context },
  });
  const { stack } = buildApp(app);
  const assembly = app.synth();
  return { stack, template: Template.fromStack(stack), artifact: assembly.getStackByName(stack.stackName) };
}
type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };
const resourcesOf = (t: Template) => Object.entries(t.toJSON().Resources as Record<string, Resource>);
const problemsOf = (context: Record<string, unknown>, region?: string) =>
  parseContext((key) => context[key], { region, keys: Object.keys(context) }).problems;

describe("the context", () => {
  it("needs nothing in dev: the example sender, no alarm address", () => {
    const { context, problems } = parseContext(() => undefined);
    expect(problems).toEqual([]);
    expect(context).toEqual({ stage: "dev", senderEmail: DEV_SENDER, alarmEmails: [] });
  });

  it("needs a well-formed sender and alarm address outside dev, and says both at once, naming each -c flag", () => {
    const problems = problemsOf({ stage: "prod" });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^-c senderEmail=…: required for stage prod/);
    expect(problems[1]).toMatch(/^-c alarmEmail=…: required for stage prod/);
    expect(problemsOf({ stage: "staging", senderEmail: "thongbao", alarmEmail: "ops@x.vn, nobody" })).toEqual([
      "-c senderEmail=thongbao: not an e-mail address (expected name@domain.tld)",
      '-c alarmEmail=ops@x.vn, nobody: "nobody" is not an e-mail address',
    ]);
    const { context } = parseContext((k) => ({ stage: "prod", ...BASE, alarmEmail: "a@x.vn, b@y.vn" })[k]);
    expect(context.alarmEmails).toEqual(["a@x.vn", "b@y.vn"]);
  });

  it("takes a lowercase stage only", () => {
    for (const stage of ["Prod", "1prod", "prod_2", "a".repeat(22), "prod stage"]) {
      expect(problemsOf({ stage, ...BASE })[0], stage).toMatch(new RegExp(`^-c stage=${stage}: a stage is lowercase`));
    }
    for (const stage of ["prod", "staging-2", "dev"]) expect(problemsOf({ stage, ...BASE }), stage).toEqual([]);
  });

  it("takes an https publicBaseUrl only, without its trailing slash", () => {
    for (const url of ["http://tiengnoi.example.vn", "tiengnoi.example.vn", "https://x.vn/?a=1", "https://x.vn/#top"]) {
      expect(problemsOf({ publicBaseUrl: url })[0], url).toMatch(/^-c publicBaseUrl=.*: must be an https:\/\/ URL/);
    }
    const { context, problems } = parseContext((k) => ({ publicBaseUrl: "https://tiengnoi.example.vn/" })[k]);
    expect(problems).toEqual([]);
    expect(context.publicBaseUrl).toBe("https://tiengnoi.example.vn");
  });

  it("takes a custom domain with its certificate, in the stack's region, and builds links on it", () => {
    expect(problemsOf({ domainName: "tiengnoi.example.vn" })).toEqual([
      expect.stringMatching(/^-c certificateArn=…: required with -c domainName=tiengnoi\.example\.vn/),
    ]);
    expect(problemsOf({ certificateArn: CERTIFICATE })).toEqual([
      expect.stringMatching(/^-c certificateArn=…: given without -c domainName/),
    ]);
    expect(problemsOf({ domainName: "tiengnoi.example.vn", certificateArn: "arn:aws:iam::1:role/x" })[0]).toMatch(
      /not an ACM certificate ARN/,
    );
    expect(problemsOf({ domainName: "tiengnoi.example.vn", certificateArn: CERTIFICATE }, "us-east-1")[0]).toMatch(
      /the certificate is in ap-southeast-1, the stack in us-east-1/,
    );
    const { context } = parseContext((k) => ({ domainName: "TiengNoi.Example.VN", certificateArn: CERTIFICATE })[k], {
      region: "ap-southeast-1",
    });
    expect(context.customDomain).toEqual({ domainName: "tiengnoi.example.vn", certificateArn: CERTIFICATE });
    expect(context.publicBaseUrl).toBe("https://tiengnoi.example.vn");
  });

  it("sends from an address at the mail domain", () => {
    expect(problemsOf({ stage: "prod", ...BASE, mailDomain: "other.example.vn" })).toEqual([
      expect.stringMatching(/^-c senderEmail=thongbao@hoiphunu\.example\.vn: with -c mailDomain=other\.example\.vn/),
    ]);
    expect(problemsOf({ stage: "prod", ...BASE, mailDomain: "hoiphunu.example.vn" })).toEqual([]);
    expect(parseContext((k) => ({ mailDomain: "hoiphunu.example.vn" })[k]).context.senderEmail).toBe(
      "tieng-noi@hoiphunu.example.vn",
    );
  });

  it("catches a setting whose name is mistyped in case, and a value that is not text", () => {
    expect(problemsOf({ senderemail: "a@b.vn" })).toEqual([
      "-c senderemail=…: no such setting; did you mean -c senderEmail=…? (names are case-sensitive)",
    ]);
    expect(problemsOf({ stage: 42 })[0]).toBe("-c stage: expected text, got 42");
  });

  it("stops synth for a production stage without a sender, with one clear message", () => {
    const app = new App({
      outdir: tempDir("cdk-deploy-"),
      builtinCloudFormationValidation: false,
      context: { "aws:cdk:bundling-stacks": [], stage: "prod" },
    });
    expect(() => buildApp(app)).toThrow(ContextError);
    expect(() => buildApp(app)).toThrow(/-c senderEmail=…: required for stage prod[\s\S]*-c alarmEmail=…: required/);
  });

  it("makes `cdk synth -c stage=prod` without a sender fail with that message, not a stack trace", async () => {
    const failure = await run(
      join(ROOT, "node_modules/.bin/cdk"),
      ["synth", "--no-validation", "-q", "-c", "stage=prod"],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: tempDir("cdk-home-"), AWS_EC2_METADATA_DISABLED: "true" },
      },
    ).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain("-c senderEmail=…: required for stage prod");
    expect(failure?.stderr).toContain("-c alarmEmail=…: required for stage prod");
    expect(failure?.stderr).not.toMatch(/\n\s+at .*\.ts:\d+/);
  }, 60_000);
});

describe("the app, from any folder", () => {
  it("knows it is the entry point whatever the path: spaces, Vietnamese letters, a symlink", () => {
    const dir = join(tempDir("entry-"), "Tiếng Nói app");
    mkdirSync(dir);
    const file = join(dir, "app.ts");
    writeFileSync(file, "");
    const url = pathToFileURL(file).href;
    expect(url).toContain("Ti%E1%BA%BFng%20N%C3%B3i%20app");
    // The check it replaces: false here, so the app silently synthesized nothing.
    expect(url === `file://${file}`).toBe(false);
    expect(isEntryPoint(url, file)).toBe(true);
    const link = join(dir, "..", "link.ts");
    symlinkSync(file, link);
    expect(isEntryPoint(url, link)).toBe(true);
    expect(isEntryPoint(url, join(dir, "other.ts"))).toBe(false);
    expect(isEntryPoint(url, undefined)).toBe(false);
  });

  it("synthesizes from a copy of the repository in a folder named “Tiếng Nói app”", async () => {
    const copy = join(tempDir("folder-"), "Tiếng Nói app");
    const skip = new Set(["node_modules", ".git", "cdk.out", ".tmp", ".data", "out"]);
    cpSync(ROOT, copy, {
      recursive: true,
      filter: (source) =>
        !relative(ROOT, source)
          .split("/")
          .some((part) => skip.has(part)),
    });
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    const outdir = join(copy, "cdk.out");
    // As the CDK CLI runs cdk.json's app (npx tsx infra/app.ts, in the project's folder), bundling skipped.
    const env = {
      PATH: process.env.PATH,
      HOME: tempDir("cdk-home-"),
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ "aws:cdk:bundling-stacks": [], stage: "folder", ...BASE }),
    };
    const tsx = join(copy, "node_modules/.bin/tsx");
    await run(tsx, ["infra/app.ts"], { cwd: copy, env });
    const template = JSON.parse(readFileSync(join(outdir, "TiengNoi-folder.template.json"), "utf8"));
    const lambdas = Object.values(template.Resources as Record<string, Resource>).filter(
      (r) => r.Type === "AWS::Lambda::Function",
    );
    expect(lambdas).toHaveLength(Object.keys(functions).length);
    // The functions' code is taken from the copy (infra/function.ts ROOT), whose real path keeps its letters.
    expect(realpathSync(copy)).toContain("Tiếng Nói app");
    // (infra/account.ts decides it is the entry point with the same isEntryPoint, tested above.)
  }, 60_000);
});

describe("stages in one account", () => {
  it("own nothing account-wide: API Gateway's logging role is the account stack's, retained", () => {
    const { template } = synth({ stage: "stage-a", ...BASE });
    template.resourceCountIs("AWS::ApiGateway::Account", 0);
    expect(JSON.stringify(template.toJSON())).not.toContain("AmazonAPIGatewayPushToCloudWatchLogs");

    const outdir = tempDir("cdk-account-");
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const { stack } = buildAccountApp(app);
    app.synth();
    expect(stack.stackName).toBe("TiengNoi-account");
    const account = Template.fromStack(stack);
    account.resourceCountIs("AWS::ApiGateway::Account", 1);
    account.hasResource("AWS::ApiGateway::Account", { DeletionPolicy: "Retain" });
    account.hasResource("AWS::IAM::Role", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: "apigateway.amazonaws.com" } })],
        }),
      }),
    });
  });

  it("name everything they name by their stage, so two never collide", () => {
    const named = (stage: string) => {
      const names: string[] = [];
      for (const [, r] of resourcesOf(synth({ stage, ...BASE }).template)) {
        for (const key of ["Name", "AlarmName", "DashboardName", "ConfigurationSetName", "TopicName", "QueueName"]) {
          const value = r.Properties?.[key];
          if (typeof value === "string") names.push(`${r.Type} ${value}`);
        }
      }
      return names;
    };
    const a = named("stage-a");
    const b = named("stage-b");
    // At least a name per function (its alarm) besides the table, topic, queues and dashboard.
    expect(a.length).toBeGreaterThan(Object.keys(functions).length + 10);
    expect(a.filter((n) => b.includes(n))).toEqual([]);
  });
});

describe("a stage's stack", () => {
  it("tags every resource and the stack itself with the project and the stage", () => {
    const { template, artifact } = synth({ stage: "stage-a", ...BASE });
    expect(artifact.tags).toEqual({ project: "tieng-noi", stage: "stage-a" });
    for (const [id, r] of resourcesOf(template)) {
      const tags = r.Properties?.Tags as object[] | Record<string, string> | undefined;
      if (tags === undefined) continue;
      const list = Array.isArray(tags) ? tags : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      expect(list, id).toEqual(
        expect.arrayContaining([
          { Key: "project", Value: "tieng-noi" },
          { Key: "stage", Value: "stage-a" },
        ]),
      );
    }
  });

  it("protects production from deletion and keeps its logs; other stages go whole", () => {
    const prod = synth({ stage: "prod", ...BASE });
    expect(prod.stack.terminationProtection).toBe(true);
    expect(prod.artifact.terminationProtection).toBe(true);
    const groups = resourcesOf(prod.template).filter(([, r]) => r.Type === "AWS::Logs::LogGroup");
    expect(groups.length).toBe(Object.keys(functions).length + 1);
    for (const [id, r] of groups) expect(r.DeletionPolicy, id).toBe("Retain");

    const test = synth({ stage: "stage-a", ...BASE });
    expect(test.stack.terminationProtection).toBe(false);
    for (const [id, r] of resourcesOf(test.template).filter(([, r]) => r.Type === "AWS::Logs::LogGroup"))
      expect(r.DeletionPolicy, id).toBe("Delete");
  });

  it("traces every function and the API stage with X-Ray", () => {
    const { template } = synth({ stage: "stage-a", ...BASE });
    template.hasResourceProperties("AWS::ApiGateway::Stage", { StageName: "stage-a", TracingEnabled: true });
    const lambdas = resourcesOf(template).filter(([, r]) => r.Type === "AWS::Lambda::Function");
    expect(lambdas).toHaveLength(Object.keys(functions).length);
    for (const [id, r] of lambdas) expect(r.Properties?.TracingConfig, id).toEqual({ Mode: "Active" });
  });

  it("reserves concurrency for the functions behind the public forms: as declared in production, capped elsewhere", () => {
    const publicForms = new Set<FunctionName>(routes.filter((r) => "publicForm" in r && r.publicForm).map((r) => r.fn));
    const declared = (Object.entries(functions) as [FunctionName, FunctionDeclaration][]).filter(
      ([, f]) => f.reservedConcurrency !== undefined,
    );
    expect(new Set(declared.map(([name]) => name))).toEqual(publicForms);
    for (const [stage, expected] of [
      ["prod", (f: FunctionDeclaration) => f.reservedConcurrency],
      ["stage-b", () => NON_PRODUCTION_RESERVED_CONCURRENCY],
    ] as const) {
      const { template } = synth({ stage, ...BASE });
      for (const [id, r] of resourcesOf(template).filter(([, r]) => r.Type === "AWS::Lambda::Function")) {
        const name = (Object.keys(functions) as FunctionName[]).find((n) =>
          id.startsWith(`Fn${n.replace(/-/g, "")}Function`),
        ) as FunctionName;
        const want = publicForms.has(name) ? expected(functions[name]) : undefined;
        expect(r.Properties?.ReservedConcurrentExecutions, `${stage} ${name}`).toBe(want);
      }
    }
  });

  it("serves a custom domain at its root, and writes links on it", () => {
    const { template } = synth({
      stage: "domain",
      ...BASE,
      domainName: "tiengnoi.hoiphunu.example.vn",
      certificateArn: CERTIFICATE,
    });
    template.hasResourceProperties("AWS::ApiGateway::DomainName", {
      DomainName: "tiengnoi.hoiphunu.example.vn",
      RegionalCertificateArn: CERTIFICATE,
      EndpointConfiguration: { Types: ["REGIONAL"] },
      SecurityPolicy: "TLS_1_2",
    });
    template.resourceCountIs("AWS::ApiGateway::BasePathMapping", 1);
    for (const [id, r] of resourcesOf(template).filter(([, r]) => r.Type === "AWS::Lambda::Function")) {
      const env = (r.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
      expect(env.PUBLIC_BASE_URL, id).toBe("https://tiengnoi.hoiphunu.example.vn");
    }
    expect(Object.keys(template.toJSON().Outputs)).toContain("DomainCnameRecord");
  });

  it("leaves room under CloudFormation's 500 resources a stack, with every option on", () => {
    const { template } = synth({
      stage: "prod",
      ...BASE,
      alarmEmail: "ops@hoiphunu.example.vn,lead@hoiphunu.example.vn",
      domainName: "tiengnoi.hoiphunu.example.vn",
      certificateArn: CERTIFICATE,
      mailDomain: "hoiphunu.example.vn",
    });
    // About a dozen resources per new function and route. Issue 12 brought it from 347 to 414 (seven functions, eleven
    // routes), after folding each function's throttles alarm into its errors alarm: room for one more such capability.
    // Past 430, alarms and the dashboard move to a stack of their own before anything else is added.
    expect(resourcesOf(template).length).toBeLessThanOrEqual(430);
  });

  it("sends from the single address by default, or from a domain with Easy DKIM and a MAIL FROM subdomain", () => {
    const address = synth({ stage: "stage-a", ...BASE }).template;
    address.resourceCountIs("AWS::SES::EmailIdentity", 1);
    address.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: BASE.senderEmail });

    const domain = synth({ stage: "maildomain", ...BASE, mailDomain: "hoiphunu.example.vn" }).template;
    domain.resourceCountIs("AWS::SES::EmailIdentity", 1);
    domain.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "hoiphunu.example.vn",
      MailFromAttributes: { MailFromDomain: "mail.hoiphunu.example.vn", BehaviorOnMxFailure: "USE_DEFAULT_VALUE" },
    });
    const identity = domain.toJSON().Resources;
    const dkim = JSON.stringify(identity[Object.keys(identity).find((k) => k.startsWith("MailDomain")) as string]);
    expect(dkim).not.toContain('"SigningEnabled":false');
    const outputs = domain.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(["DkimRecord1", "DkimRecord2", "DkimRecord3", "MailFromMxRecord", "MailFromSpfRecord"]),
    );
    expect(JSON.stringify(outputs.MailFromSpfRecord?.Value)).toContain("v=spf1 include:amazonses.com");
    // The senders may send from the domain (and from the address, should it be verified on its own too).
    const senders = resourcesOf(domain).filter(
      ([, r]) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties).includes("ses:SendEmail"),
    );
    expect(senders.length).toBeGreaterThan(0);
    for (const [, r] of senders) {
      const text = JSON.stringify(r.Properties);
      expect(text).toContain(":identity/");
      expect(text).toContain(`:identity/${BASE.senderEmail}`);
    }
  });
});
