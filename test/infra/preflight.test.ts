import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  advise,
  describeFailure,
  LAMBDA_MIN_UNRESERVED,
  type PreflightFacts,
  plannedReservations,
} from "../../scripts/preflight.ts";

/**
 * `npm run preflight`'s advice (scripts/preflight.ts), from the account's answers to what to request before go-live:
 * a pure function, tried here on accounts of every kind without AWS; and the command itself without credentials.
 */
const PROD_RESERVED = plannedReservations("prod").reduce((sum, p) => sum + p.reserved, 0);

/** An account ready for production: every answer as it should be. */
function ready(): PreflightFacts {
  return {
    region: "ap-southeast-1",
    stage: "prod",
    lambda: { quota: 1000, unreserved: 1000, reservedByStage: 0 },
    planned: plannedReservations("prod"),
    ses: {
      productionAccess: true,
      sendingEnabled: true,
      enforcementStatus: "HEALTHY",
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 12,
    },
    identities: [
      { identity: "thongbao@hoiphunu.example.vn", kind: "address", found: false },
      {
        identity: "hoiphunu.example.vn",
        kind: "domain",
        found: true,
        verified: true,
        dkimStatus: "SUCCESS",
        dkimSigning: true,
        mailFromDomain: "mail.hoiphunu.example.vn",
        mailFromStatus: "SUCCESS",
      },
    ],
    apiGatewayLogsRole: true,
  };
}
const todoText = (f: PreflightFacts) => advise(f).todo.join("\n");

describe("preflight's advice", () => {
  it("asks for nothing from an account that is ready, and reports each check", () => {
    const advice = advise(ready());
    expect(advice.todo).toEqual([]);
    expect(advice.blocked).toBe(false);
    const report = advice.report.join("\n");
    expect(report).toContain(`stage prod reserves ${PROD_RESERVED}`);
    expect(report).toContain(`✓ Lambda: after the deploy ${1000 - PROD_RESERVED} stay unreserved`);
    expect(report).toContain("✓ SES: production access");
    expect(report).toContain("✓ SES: hoiphunu.example.vn signs with DKIM");
    expect(report).toContain("✓ API Gateway");
    expect(report).not.toContain("✗");
  });

  it("reserves what the declarations say in production (the public forms), and a small cap on other stages", () => {
    expect(
      plannedReservations("prod")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["create-registration", "petition-lookup", "submit-petition"]);
    expect(PROD_RESERVED).toBe(480);
    expect(plannedReservations("staging").every((p) => p.reserved === 10)).toBe(true);
  });

  it("blocks a new account whose concurrency quota cannot hold the reservations, and names the quota to request", () => {
    const f = ready();
    f.lambda = { quota: 10, unreserved: 10, reservedByStage: 0 };
    const advice = advise(f);
    expect(advice.blocked).toBe(true);
    expect(advice.report.join("\n")).toContain(`leave ${10 - PROD_RESERVED} unreserved`);
    expect(todoText(f)).toContain("quota of at least 1000 in ap-southeast-1");
    expect(todoText(f)).toContain("L-B99A9384");
  });

  it("counts what other stages already reserve, and what this stage's deployed functions hold, once", () => {
    // Two other stages hold 30 each; the quota must hold them, prod's 480 and Lambda's 100.
    const crowded = ready();
    crowded.lambda = { quota: 600, unreserved: 540, reservedByStage: 0 };
    expect(advise(crowded).blocked).toBe(true);
    expect(todoText(crowded)).toContain(`at least ${Math.max(1000, 60 + PROD_RESERVED + LAMBDA_MIN_UNRESERVED)}`);
    // A redeploy: its own 480 are already out of the unreserved.
    const redeploy = ready();
    redeploy.lambda = { quota: 1000, unreserved: 1000 - PROD_RESERVED, reservedByStage: PROD_RESERVED };
    expect(advise(redeploy).blocked).toBe(false);
    expect(advise(redeploy).todo).toEqual([]);
  });

  it("asks production for the default quota even when the reservations fit", () => {
    const f = ready();
    f.lambda = { quota: 700, unreserved: 700, reservedByStage: 0 };
    const advice = advise(f);
    expect(advice.blocked).toBe(false);
    expect(todoText(f)).toContain("quota of 1000");
    // Not asked of a test stage.
    const staging = { ...f, stage: "staging", planned: plannedReservations("staging") };
    expect(advise(staging).todo).toEqual([]);
  });

  it("blocks production in the SES sandbox, asks for production access, or to wait when it is requested", () => {
    const f = ready();
    f.ses = { ...f.ses, productionAccess: false, max24HourSend: 200, maxSendRate: 1 };
    expect(advise(f).blocked).toBe(true);
    expect(todoText(f)).toContain("Request SES production access in ap-southeast-1");
    f.ses.reviewStatus = "PENDING";
    expect(todoText(f)).toContain("Wait for SES production access");
    expect(advise(f).report.join("\n")).toContain("sandbox");
    // A test stage may stay in the sandbox.
    expect(advise({ ...f, stage: "staging", planned: [] }).blocked).toBe(false);
  });

  it("asks for a higher SES quota and rate when production's are under a session day's", () => {
    const f = ready();
    f.ses = { ...f.ses, max24HourSend: 500, maxSendRate: 2 };
    const todo = todoText(f);
    expect(todo).toContain("sending quota of at least 1000 mails a day");
    expect(todo).toContain("maximum send rate of at least 10 a second");
    expect(advise(f).blocked).toBe(false);
  });

  it("blocks when SES has stopped the account's sending, and warns when it is under review", () => {
    const stopped = ready();
    stopped.ses = { ...stopped.ses, enforcementStatus: "SHUTDOWN" };
    expect(advise(stopped).blocked).toBe(true);
    const disabled = ready();
    disabled.ses = { ...disabled.ses, sendingEnabled: false };
    expect(advise(disabled).blocked).toBe(true);
    const probation = ready();
    probation.ses = { ...probation.ses, enforcementStatus: "PROBATION" };
    expect(advise(probation).blocked).toBe(false);
    expect(todoText(probation)).toContain("mail-health");
  });

  it("says how to verify the sender: the mail SES sends to an address, or a domain's DNS records", () => {
    const address = ready();
    address.identities = [
      { identity: "thongbao@hoiphunu.example.vn", kind: "address", found: true, verified: false },
      { identity: "hoiphunu.example.vn", kind: "domain", found: false },
    ];
    expect(advise(address).blocked).toBe(true);
    expect(todoText(address)).toContain("open the verification mail SES sends to thongbao@hoiphunu.example.vn");
    // Unsigned: the advice is to send from the union's domain with DKIM.
    expect(todoText(address)).toContain("-c mailDomain=");
    const domain = ready();
    domain.identities = [
      {
        identity: "hoiphunu.example.vn",
        kind: "domain",
        found: true,
        verified: false,
        dkimStatus: "PENDING",
        mailFromDomain: "mail.hoiphunu.example.vn",
        mailFromStatus: "PENDING",
      },
    ];
    const todo = todoText(domain);
    expect(todo).toContain("Publish the DNS records of hoiphunu.example.vn");
    expect(todo).toContain("three DKIM CNAME records");
    expect(todo).toContain("MX and SPF records of mail.hoiphunu.example.vn");
    // A verified address is enough to send; its domain's DKIM is still advised.
    const verifiedAddress = ready();
    verifiedAddress.identities = [
      { identity: "thongbao@hoiphunu.example.vn", kind: "address", found: true, verified: true },
      { identity: "hoiphunu.example.vn", kind: "domain", found: false },
    ];
    expect(advise(verifiedAddress).blocked).toBe(false);
  });

  it("blocks a deploy when API Gateway's account-wide logs role is not set, and says to deploy the account stack", () => {
    const f = ready();
    f.apiGatewayLogsRole = false;
    expect(advise(f).blocked).toBe(true);
    expect(todoText(f)).toContain("npm run deploy:account once in ap-southeast-1");
  });
});

describe("preflight's failures", () => {
  it("says what is wrong in a sentence, never a stack trace", () => {
    const error = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(describeFailure(error("CredentialsProviderError", "Could not load credentials from any providers"))).toMatch(
      /^No AWS credentials: .*AWS_PROFILE/,
    );
    expect(describeFailure(error("Error", "Region is missing"))).toMatch(/^No AWS region: give --region/);
    expect(
      describeFailure(error("ExpiredTokenException", "The security token included in the request is expired")),
    ).toMatch(/refused \(ExpiredTokenException\)/);
    expect(
      describeFailure(error("AccessDeniedException", "not authorized to perform lambda:GetAccountSettings")),
    ).toMatch(/^Access denied .*lambda:GetAccountSettings/);
    expect(describeFailure(error("Error", "getaddrinfo ENOTFOUND lambda.ap-southeast-1.amazonaws.com"))).toMatch(
      /could not be reached/,
    );
    for (const e of [error("TypeError", "x"), "plain"]) expect(describeFailure(e)).not.toMatch(/\n\s+at /);
  });

  const home = mkdtempSync(join(tmpdir(), "preflight-home-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("exits 1 with that sentence when run without credentials", async () => {
    const root = resolve(import.meta.dirname, "../..");
    const result = await promisify(execFile)(
      join(root, "node_modules/.bin/tsx"),
      ["scripts/preflight.ts", "--region", "ap-southeast-1", "--sender-email", "thongbao@hoiphunu.example.vn"],
      {
        cwd: root,
        // A machine that has never seen AWS: no credentials, no profile, no instance metadata.
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
      },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No AWS credentials");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
