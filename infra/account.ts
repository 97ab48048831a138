import { App, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags, Validations } from "aws-cdk-lib";
import { CfnAccount } from "aws-cdk-lib/aws-apigateway";
import { ManagedPolicy, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { Construct } from "constructs";
import { isEntryPoint } from "./context.ts";

/** The stack's name: one per account and region, whatever the stages. */
export const ACCOUNT_STACK_NAME = "TiengNoi-account";

/**
 * What API Gateway needs once per account and region, not once per stage: the role it writes every REST API's
 * execution logs with (an account-wide setting, `AWS::ApiGateway::Account`). A stage's stack does not own it
 * (`cloudWatchRole: false` there): if each stage's stack did, deleting one stage would remove the setting under
 * every other, and two stages would fight over it. Deployed once, before the first stage:
 *
 *   npm run deploy:account        (cdk deploy --app "npx tsx infra/account.ts")
 *
 * `npm run preflight` says whether it is there. Retained when this stack is deleted, so the stages keep logging.
 */
export class TiengNoiAccountStack extends Stack {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.role = new Role(this, "ApiGatewayLogsRole", {
      assumedBy: new ServicePrincipal("apigateway.amazonaws.com"),
      description: "API Gateway writes the execution logs of this account's REST APIs (every Tiếng Nói stage)",
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      reason:
        "API Gateway writes the execution log groups it names itself, for any API of the account; AWS maintains " +
        "this service-role policy for exactly that.",
    });
    const account = new CfnAccount(this, "ApiGatewayAccount", { cloudWatchRoleArn: this.role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    new CfnOutput(this, "ApiGatewayLogsRoleArn", {
      value: this.role.roleArn,
      description: "API Gateway's CloudWatch Logs role for this account and region",
    });
    Tags.of(this).add("project", "tieng-noi");
  }
}

/** The account app, with the same cdk-nag checks as the stages' (infra/app.ts). */
export function buildAccountApp(app: App = new App()): { app: App; stack: TiengNoiAccountStack } {
  const stack = new TiengNoiAccountStack(app, ACCOUNT_STACK_NAME, {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: "Tiếng Nói: API Gateway's account-wide CloudWatch Logs role (once per account and region)",
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}

if (isEntryPoint(import.meta.url)) buildAccountApp().app.synth();
