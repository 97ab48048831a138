import { parseArgs } from "node:util";
import { isEmail, isEntryPoint, PRODUCTION_STAGE, reservedConcurrencyOf } from "../infra/context.ts";
import { type FunctionName, functions } from "../shared/declarations.ts";

/**
 * `npm run preflight -- [--region ap-southeast-1] [--stage prod] [--sender-email thongbao@…] [--mail-domain …]`:
 * before a stage goes live, what the AWS account allows against what the stage needs, and what to request from AWS
 * (requests take days: make them first). Reads only, with the usual AWS credentials (AWS_PROFILE, AWS_REGION):
 *
 * - Lambda: the account's concurrency quota and its unreserved concurrency, against what the stage reserves for its
 *   public forms (shared/declarations.ts `reservedConcurrency`): Lambda refuses a reservation that leaves fewer than
 *   100 unreserved, and every other function of every stage runs from what is left;
 * - SES: the sandbox, the sending quota and rate, whether sending is enabled and the account's standing, and whether
 *   the sender's identity (its address, or its domain with `--mail-domain`) is verified, with DKIM and MAIL FROM;
 * - API Gateway: whether the account's CloudWatch Logs role is set (`npm run deploy:account`, once per region).
 *
 * The advice is a pure function of those answers (`advise`), tested without AWS (test/infra/preflight.test.ts).
 */

/** Lambda refuses a reservation that leaves the account fewer unreserved executions than this. */
export const LAMBDA_MIN_UNRESERVED = 100;
/**
 * The concurrency quota a production account should have: Lambda's usual default. New accounts are often given far
 * less (10), which cannot hold the public forms' reservations at all.
 */
export const LAMBDA_QUOTA_WANTED = 1000;
/**
 * Mails a day production must be able to send: a session day sends a confirmation to each of the 222 registered
 * (with waitlist moves and cancellations), petition receipts and each step's links, reminders and the weekly
 * digests; 1,000 leaves room for two sessions in a day. SES's sandbox allows 200.
 */
export const SES_DAILY_WANTED = 1000;
/**
 * Mails a second: the notifier sends a stream batch of up to 25 at once, and a session's 222 confirmations come
 * within minutes. At SES's sandbox rate of 1 a second they wait and the stream retries; 10 keeps them within a
 * minute of each registration.
 */
export const SES_RATE_WANTED = 10;

/** What a stage reserves, by function: the declarations' values, as infra/function.ts applies them to the stage. */
export function plannedReservations(stage: string): { name: FunctionName; reserved: number }[] {
  return (Object.keys(functions) as FunctionName[]).flatMap((name) => {
    const reserved = reservedConcurrencyOf(name, stage === PRODUCTION_STAGE);
    return reserved === undefined ? [] : [{ name, reserved }];
  });
}

export interface IdentityFacts {
  identity: string;
  kind: "address" | "domain";
  /** Not in SES at all (the stack creates it on deploy). */
  found: boolean;
  verified?: boolean;
  dkimStatus?: string;
  dkimSigning?: boolean;
  mailFromDomain?: string;
  mailFromStatus?: string;
}

/** The AWS answers preflight reads, reduced to what the advice needs. */
export interface PreflightFacts {
  region: string;
  stage: string;
  lambda: {
    /** The account's concurrent executions quota in the region. */
    quota: number;
    /** What no function has reserved (the stage's own reservations, if it is deployed, are already out of it). */
    unreserved: number;
    /** What this stage's deployed functions already reserve (0 before its first deploy). */
    reservedByStage: number;
  };
  /** What the stage will reserve, by function. */
  planned: { name: string; reserved: number }[];
  ses: {
    productionAccess: boolean;
    sendingEnabled: boolean;
    /** HEALTHY, PROBATION or SHUTDOWN. */
    enforcementStatus?: string;
    /** The status of a production access request (PENDING, GRANTED, DENIED, FAILED). */
    reviewStatus?: string;
    max24HourSend: number;
    maxSendRate: number;
    sentLast24Hours: number;
  };
  /** The sender's identities: its address, and the domain it is at (or `--mail-domain`). */
  identities: IdentityFacts[];
  /** Whether API Gateway's account-wide CloudWatch Logs role is set (undefined: not checked). */
  apiGatewayLogsRole?: boolean;
}

export interface Advice {
  /** What was found, one line each, ✓ or ✗ first. */
  report: string[];
  /** What to request or do before go-live. */
  todo: string[];
  /** Whether the stage cannot deploy, or cannot serve people, until the to-do list is done. */
  blocked: boolean;
}

/** The advice for a stage from the account's answers: pure, so it is tested without AWS. */
export function advise(f: PreflightFacts): Advice {
  const report: string[] = [];
  const todo: string[] = [];
  let blocked = false;
  const ok = (line: string) => report.push(`✓ ${line}`);
  const bad = (line: string) => report.push(`✗ ${line}`);
  const production = f.stage === PRODUCTION_STAGE;

  // Lambda
  const planned = f.planned.reduce((sum, p) => sum + p.reserved, 0);
  const added = Math.max(0, planned - f.lambda.reservedByStage);
  const after = f.lambda.unreserved - added;
  const plan = f.planned.map((p) => `${p.name} ${p.reserved}`).join(", ");
  report.push(
    `  Lambda in ${f.region}: quota ${f.lambda.quota} concurrent executions, ${f.lambda.unreserved} unreserved; ` +
      `stage ${f.stage} reserves ${planned} (${plan || "nothing"})` +
      (f.lambda.reservedByStage > 0 ? `, ${f.lambda.reservedByStage} of it already deployed` : ""),
  );
  // What others (other stages, other apps) reserve stays; the quota must hold it, this stage's, and 100 more.
  const reservedByOthers = f.lambda.quota - f.lambda.unreserved - f.lambda.reservedByStage;
  const wantedQuota = Math.max(LAMBDA_QUOTA_WANTED, reservedByOthers + planned + LAMBDA_MIN_UNRESERVED);
  if (after < LAMBDA_MIN_UNRESERVED) {
    blocked = true;
    bad(
      `Lambda: the deploy would leave ${after} unreserved, under the ${LAMBDA_MIN_UNRESERVED} Lambda requires: it fails`,
    );
    todo.push(
      `Request a Lambda concurrent executions quota of at least ${wantedQuota} in ${f.region} (Service Quotas → ` +
        'AWS Lambda → "Concurrent executions", L-B99A9384).',
    );
  } else if (f.lambda.quota < LAMBDA_QUOTA_WANTED && production) {
    bad(`Lambda: a quota of ${f.lambda.quota} leaves ${after} for every other function during a session`);
    todo.push(
      `Request a Lambda concurrent executions quota of ${LAMBDA_QUOTA_WANTED} in ${f.region} (Service Quotas → ` +
        'AWS Lambda → "Concurrent executions", L-B99A9384).',
    );
  } else {
    ok(`Lambda: after the deploy ${after} stay unreserved for the other functions`);
  }

  // SES account
  const s = f.ses;
  report.push(
    `  SES in ${f.region}: ${s.productionAccess ? "production access" : "sandbox"}, ${s.max24HourSend} a day ` +
      `(${s.sentLast24Hours} sent in the last 24 h), ${s.maxSendRate} a second, sending ` +
      `${s.sendingEnabled ? "enabled" : "DISABLED"}${s.enforcementStatus ? `, standing ${s.enforcementStatus}` : ""}`,
  );
  if (!s.sendingEnabled || s.enforcementStatus === "SHUTDOWN") {
    blocked = true;
    bad("SES: sending is stopped for this account: no mail leaves");
    todo.push("Open the SES console's reputation page and the AWS Support case it names; sending must be re-enabled.");
  } else if (s.enforcementStatus === "PROBATION") {
    bad("SES: the account is under review (bounces or complaints): SES may stop its sending");
    todo.push("Read the SES console's reputation page; lower the bounce and complaint rates (npm run mail-health).");
  }
  if (!s.productionAccess) {
    const pending = s.reviewStatus === "PENDING";
    bad(
      `SES: in the sandbox: mail goes only to verified addresses, ${s.max24HourSend} a day` +
        (s.reviewStatus ? ` (production access request: ${s.reviewStatus})` : ""),
    );
    if (production) blocked = true;
    todo.push(
      pending
        ? "Wait for SES production access (the request is pending); answer AWS Support's questions on the case."
        : `Request SES production access in ${f.region} (SES console → Account dashboard → Request production ` +
            "access): transactional mail, with the use case (registrations, petition receipts, links to act).",
    );
  } else {
    if (s.max24HourSend < SES_DAILY_WANTED) {
      bad(`SES: ${s.max24HourSend} mails a day is under the ${SES_DAILY_WANTED} a session day needs`);
      todo.push(`Request an SES sending quota of at least ${SES_DAILY_WANTED} mails a day in ${f.region}.`);
    }
    if (s.maxSendRate < SES_RATE_WANTED) {
      bad(`SES: ${s.maxSendRate} mails a second is under the ${SES_RATE_WANTED} a session's burst needs`);
      todo.push(`Request an SES maximum send rate of at least ${SES_RATE_WANTED} a second in ${f.region}.`);
    }
    if (s.max24HourSend >= SES_DAILY_WANTED && s.maxSendRate >= SES_RATE_WANTED) {
      ok("SES: production access, and quota and rate enough for a session day");
    }
  }

  // The sender's identities
  const address = f.identities.find((i) => i.kind === "address");
  const domain = f.identities.find((i) => i.kind === "domain");
  const verified = f.identities.filter((i) => i.found && i.verified);
  if (verified.length > 0) {
    ok(
      `SES: mail can be sent from ${address?.identity ?? domain?.identity} (${verified.map((i) => i.identity).join(", ")} verified)`,
    );
  } else {
    const name = address?.identity ?? domain?.identity ?? "the sender";
    bad(
      `SES: ${name} is not verified${f.identities.every((i) => !i.found) ? " (not in SES yet)" : ""}: no mail leaves`,
    );
    if (production) blocked = true;
    todo.push(
      domain?.found || (!address && domain)
        ? `Publish the DNS records of ${domain?.identity} (the stack's DkimRecord and MailFrom outputs) and wait for SES to verify it.`
        : `Deploy the stage, then open the verification mail SES sends to ${name} and follow its link.`,
    );
  }
  if (domain?.found) {
    if (domain.dkimStatus === "SUCCESS" && domain.dkimSigning !== false) ok(`SES: ${domain.identity} signs with DKIM`);
    else {
      bad(`SES: DKIM for ${domain.identity} is ${domain.dkimStatus ?? "not set up"}`);
      todo.push(`Publish the three DKIM CNAME records of ${domain.identity} (the stack's DkimRecord1–3 outputs).`);
    }
    if (domain.mailFromDomain) {
      if (domain.mailFromStatus === "SUCCESS") ok(`SES: MAIL FROM ${domain.mailFromDomain} is set up`);
      else {
        bad(`SES: MAIL FROM ${domain.mailFromDomain} is ${domain.mailFromStatus ?? "not set up"}`);
        todo.push(`Publish the MX and SPF records of ${domain.mailFromDomain} (the stack's MailFrom outputs).`);
      }
    }
  } else if (address && !domain?.found) {
    bad(`SES: ${address.identity}'s domain is not an SES identity, so mail is not DKIM-signed for it`);
    todo.push(
      "Send from the union's own domain with DKIM (deploy with -c mailDomain=<domain>): large mailbox providers " +
        "put unsigned mail in spam.",
    );
  }

  // API Gateway
  if (f.apiGatewayLogsRole === false) {
    blocked = true;
    bad(`API Gateway: no CloudWatch Logs role is set for the account in ${f.region}: a stage's deploy fails`);
    todo.push(`Run npm run deploy:account once in ${f.region} (infra/account.ts) before the first stage.`);
  } else if (f.apiGatewayLogsRole === true) {
    ok("API Gateway: the account's CloudWatch Logs role is set");
  }

  return { report, todo, blocked };
}

/** A failure of the AWS calls, in a sentence: what is wrong and what to do, never a stack trace. */
export function describeFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "CredentialsProviderError" || /Could not load credentials|credential/i.test(message)) {
    return (
      "No AWS credentials: preflight reads the account's settings with them. Sign in (aws sso login, or set " +
      "AWS_PROFILE / AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run it again."
    );
  }
  if (/Region is missing/i.test(message)) {
    return "No AWS region: give --region (e.g. --region ap-southeast-1) or set AWS_REGION.";
  }
  if (["ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException"].includes(name)) {
    return `The AWS credentials were refused (${name}): sign in again and run it again.`;
  }
  if (name === "AccessDeniedException" || name === "AccessDenied") {
    return (
      `Access denied (${message.slice(0, 200)}): preflight needs lambda:GetAccountSettings, lambda:ListFunctions, ` +
      "lambda:GetFunctionConcurrency, ses:GetAccount, ses:GetEmailIdentity and apigateway:GET on /account."
    );
  }
  if (/getaddrinfo|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(message)) {
    return `AWS could not be reached (${message.slice(0, 120)}): check the network and the region.`;
  }
  return `Preflight failed: ${name ? `${name}: ` : ""}${message.slice(0, 300)}`;
}

interface Options {
  region?: string;
  stage: string;
  senderEmail?: string;
  mailDomain?: string;
}

/** Asks AWS. The SDK clients are loaded here, so the advice above is tested without them. */
async function gather(options: Options): Promise<PreflightFacts> {
  const lambdaSdk = await import("@aws-sdk/client-lambda");
  const sesSdk = await import("@aws-sdk/client-sesv2");
  const apiSdk = await import("@aws-sdk/client-api-gateway");
  const config = options.region ? { region: options.region } : {};
  const lambda = new lambdaSdk.LambdaClient(config);
  const ses = new sesSdk.SESv2Client(config);
  const apigateway = new apiSdk.APIGatewayClient(config);
  const region = await lambda.config.region();

  const settings = await lambda.send(new lambdaSdk.GetAccountSettingsCommand({}));
  // The stage's deployed functions are named by CloudFormation after the stack: TiengNoi-<stage>-….
  let reservedByStage = 0;
  const prefix = `TiengNoi-${options.stage}-`;
  for await (const page of lambdaSdk.paginateListFunctions({ client: lambda }, {})) {
    for (const fn of page.Functions ?? []) {
      if (!fn.FunctionName?.startsWith(prefix)) continue;
      const c = await lambda.send(new lambdaSdk.GetFunctionConcurrencyCommand({ FunctionName: fn.FunctionName }));
      reservedByStage += c.ReservedConcurrentExecutions ?? 0;
    }
  }

  const account = await ses.send(new sesSdk.GetAccountCommand({}));
  const identity = async (name: string, kind: IdentityFacts["kind"]): Promise<IdentityFacts> => {
    try {
      const r = await ses.send(new sesSdk.GetEmailIdentityCommand({ EmailIdentity: name }));
      return {
        identity: name,
        kind,
        found: true,
        verified: r.VerifiedForSendingStatus === true,
        dkimStatus: r.DkimAttributes?.Status,
        dkimSigning: r.DkimAttributes?.SigningEnabled,
        mailFromDomain: r.MailFromAttributes?.MailFromDomain || undefined,
        mailFromStatus: r.MailFromAttributes?.MailFromDomainStatus,
      };
    } catch (error) {
      if ((error as Error).name === "NotFoundException") return { identity: name, kind, found: false };
      throw error;
    }
  };
  const identities: IdentityFacts[] = [];
  if (options.senderEmail) identities.push(await identity(options.senderEmail, "address"));
  const domain = options.mailDomain ?? options.senderEmail?.split("@")[1];
  if (domain) identities.push(await identity(domain, "domain"));

  let apiGatewayLogsRole: boolean | undefined;
  try {
    const a = await apigateway.send(new apiSdk.GetAccountCommand({}));
    apiGatewayLogsRole = Boolean(a.cloudwatchRoleArn);
  } catch (error) {
    if ((error as Error).name !== "AccessDeniedException") throw error;
  }

  return {
    region,
    stage: options.stage,
    lambda: {
      quota: settings.AccountLimit?.ConcurrentExecutions ?? 0,
      unreserved: settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
      reservedByStage,
    },
    planned: plannedReservations(options.stage),
    ses: {
      productionAccess: account.ProductionAccessEnabled === true,
      sendingEnabled: account.SendingEnabled !== false,
      enforcementStatus: account.EnforcementStatus,
      reviewStatus: account.Details?.ReviewDetails?.Status,
      max24HourSend: account.SendQuota?.Max24HourSend ?? 0,
      maxSendRate: account.SendQuota?.MaxSendRate ?? 0,
      sentLast24Hours: account.SendQuota?.SentLast24Hours ?? 0,
    },
    identities,
    apiGatewayLogsRole,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      region: { type: "string" },
      stage: { type: "string", default: "prod" },
      "sender-email": { type: "string" },
      "mail-domain": { type: "string" },
    },
  });
  const senderEmail = values["sender-email"];
  if (senderEmail !== undefined && !isEmail(senderEmail)) {
    process.stderr.write(`--sender-email ${senderEmail}: not an e-mail address\n`);
    return 2;
  }
  let facts: PreflightFacts;
  try {
    facts = await gather({
      region: values.region,
      stage: values.stage ?? "prod",
      senderEmail,
      mailDomain: values["mail-domain"],
    });
  } catch (error) {
    process.stderr.write(`${describeFailure(error)}\n`);
    return 1;
  }
  const advice = advise(facts);
  const out = [`Preflight for stage ${facts.stage} in ${facts.region}:`, ...advice.report];
  if (!senderEmail && !values["mail-domain"]) out.push("  (give --sender-email or --mail-domain to check the sender)");
  out.push("");
  if (advice.todo.length === 0) out.push("Nothing to request: ready for go-live.");
  else out.push("Before go-live:", ...advice.todo.map((t, i) => `  ${i + 1}. ${t}`));
  process.stdout.write(`${out.join("\n")}\n`);
  return advice.blocked ? 1 : 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main();
