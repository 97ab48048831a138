import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { TiengNoiStack } from "./stack.ts";

/**
 * The CDK app. Ops deploy with
 *   npx cdk deploy -c senderEmail=thongbao@hoiphunu.example.vn -c stage=prod
 * Synth needs no AWS credentials (`npm run synth`); cdk-nag's AwsSolutions checks run on every synth.
 */
export function buildApp(app: App = new App()): { app: App; stack: TiengNoiStack } {
  const stage = String(app.node.tryGetContext("stage") ?? "dev");
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(stage)) throw new Error(`stage "${stage}": lowercase letters, digits, hyphens`);
  const senderEmail = String(app.node.tryGetContext("senderEmail") ?? "tieng-noi@example.org");
  const publicBaseUrl = app.node.tryGetContext("publicBaseUrl") as string | undefined;
  const stack = new TiengNoiStack(app, `TiengNoi-${stage}`, {
    stage,
    senderEmail,
    publicBaseUrl,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: `Tiếng Nói (${stage}): registrations, petitions and approval workflows`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();
