import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { CONTEXT_KEYS, ContextError, isEntryPoint, readContext } from "./context.ts";
import { TiengNoiStack } from "./stack.ts";

/**
 * The CDK app: one stage's stack. Ops deploy with
 *   npm run deploy:account                      (once per account and region: infra/account.ts)
 *   npx cdk deploy -c stage=prod -c senderEmail=thongbao@hoiphunu.example.vn -c alarmEmail=ops@hoiphunu.example.vn
 * The context is read and checked in infra/context.ts: every problem is reported at once, each naming its `-c` flag.
 * Synth needs no AWS credentials (`npm run synth`); cdk-nag's AwsSolutions and Serverless checks run on every synth
 * and fail it on any finding that is neither fixed nor acknowledged on its resource.
 */
export function buildApp(app: App = new App()): { app: App; stack: TiengNoiStack } {
  const context = readContext((key) => app.node.tryGetContext(key), {
    region: process.env.CDK_DEFAULT_REGION,
    // The app's own settings are plain words; CDK's carry a colon (aws:cdk:…, @aws-cdk/…:…).
    keys: Object.keys(app.node.getAllContext()).filter((key) => !key.includes(":")),
  });
  const stack = new TiengNoiStack(app, `TiengNoi-${context.stage}`, {
    ...context,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: `Tiếng Nói (${context.stage}): registrations, petitions and approval workflows`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}

if (isEntryPoint(import.meta.url)) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A wrong or missing `-c` value is the operator's to fix: say what, without a stack trace.
    if (!(error instanceof ContextError)) throw error;
    process.stderr.write(`${error.message}\nKnown settings: ${CONTEXT_KEYS.map((k) => `-c ${k}=…`).join(" ")}\n`);
    process.exit(1);
  }
}
