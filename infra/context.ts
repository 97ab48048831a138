import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FunctionDeclaration, type FunctionName, functions } from "../shared/declarations.ts";

/**
 * Everything a deployment is told on the command line (`-c key=value`), read and checked in one place. Every
 * problem names its `-c` flag and says what is expected; all of them are reported at once, so one failed synth
 * shows everything that is missing or wrong.
 *
 *   -c stage=prod                                   lowercase letters, digits, hyphens (default: dev)
 *   -c senderEmail=thongbao@hoiphunu.example.vn     the address mail is sent from (required outside dev)
 *   -c alarmEmail=ops@hoiphunu.example.vn[,…]       who the alarms mail (required outside dev)
 *   -c publicBaseUrl=https://…                      the address in e-mailed links (default: https://domainName,
 *                                                   else the API's own URL)
 *   -c domainName=… -c certificateArn=arn:aws:acm:… a custom domain for the API (both or neither)
 *   -c mailDomain=hoiphunu.example.vn               send from a verified domain (Easy DKIM, MAIL FROM mail.<domain>)
 */
export interface DeployContext {
  stage: string;
  senderEmail: string;
  /** Who the alarms mail; none in dev unless given. */
  alarmEmails: string[];
  publicBaseUrl?: string;
  /** An API Gateway custom domain, with its ACM certificate (in the stack's region). */
  customDomain?: { domainName: string; certificateArn: string };
  /** An SES domain identity to send from, with Easy DKIM and a custom MAIL FROM domain. */
  mailDomain?: string;
}

/** The stage where defaults stand in for what a real deployment must be told. */
export const DEV_STAGE = "dev";
/**
 * The stage whose data and logs outlive its stack, whose stack cannot be deleted by mistake, and which reserves its
 * public forms' declared concurrency in full.
 */
export const PRODUCTION_STAGE = "prod";

/**
 * The reserved concurrency of a declared function outside production: several stages (dev, staging, prod) share an
 * account's concurrency, and Lambda refuses a reservation that leaves fewer than 100 unreserved. Production's 3 ×
 * 160 plus two other stages' 3 × 10 leave 460 of the default quota of 1,000; the cap still shows a stage's
 * throttling path (its alarms, API Gateway's 503 page) and keeps a test flood from taking the account.
 */
export const NON_PRODUCTION_RESERVED_CONCURRENCY = 10;

/** What a declared function reserves on a stage (undefined: none), as infra/function.ts applies it. */
export function reservedConcurrencyOf(name: FunctionName, production: boolean): number | undefined {
  const declared = (functions[name] as FunctionDeclaration).reservedConcurrency;
  if (declared === undefined) return undefined;
  return production ? declared : Math.min(declared, NON_PRODUCTION_RESERVED_CONCURRENCY);
}
/** The sender in dev when none is given: an example address, never verified. */
export const DEV_SENDER = "tieng-noi@example.org";

/** The context keys this app reads: a key that differs only in case is almost surely one of these, mistyped. */
export const CONTEXT_KEYS = [
  "stage",
  "senderEmail",
  "alarmEmail",
  "publicBaseUrl",
  "domainName",
  "certificateArn",
  "mailDomain",
] as const;

export class ContextError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The deployment's context has ${problems.length === 1 ? "a problem" : `${problems.length} problems`} ` +
        `(give each with -c key=value):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ContextError";
  }
}

const STAGE = /^[a-z][a-z0-9-]{0,20}$/;
/** An address SES and people can use: one @, no spaces, a domain with a dot. Not RFC 5322, on purpose. */
const EMAIL = /^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

export const isEmail = (value: string): boolean => EMAIL.test(value) && value.length <= 254;

/** An https:// URL with a host and nothing after its path: what links in e-mails are built on. */
function isHttpsBase(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
}

/**
 * The context as the app gets it, checked. `get` reads one key (`app.node.tryGetContext`); `region` is the stack's
 * region when it is known (CDK_DEFAULT_REGION), to check the certificate is in it.
 */
export function parseContext(
  get: (key: string) => unknown,
  options: { region?: string; keys?: readonly string[] } = {},
): { context: DeployContext; problems: string[] } {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      problems.push(`-c ${key}: expected text, got ${JSON.stringify(value)}`);
      return undefined;
    }
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  };

  for (const key of options.keys ?? []) {
    const meant = CONTEXT_KEYS.find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
    if (meant) problems.push(`-c ${key}=…: no such setting; did you mean -c ${meant}=…? (names are case-sensitive)`);
  }

  const stage = text("stage") ?? DEV_STAGE;
  if (!STAGE.test(stage)) {
    problems.push(
      `-c stage=${stage}: a stage is lowercase letters, digits and hyphens, starting with a letter, at most 21 ` +
        "characters (it names the stack, the API stage and the mail configuration set), e.g. -c stage=prod",
    );
  }
  const dev = stage === DEV_STAGE;

  const senderGiven = text("senderEmail");
  if (senderGiven === undefined && !dev) {
    problems.push(
      `-c senderEmail=…: required for stage ${stage}: the address every e-mail is sent from, which SES verifies, ` +
        "e.g. -c senderEmail=thongbao@hoiphunu.example.vn",
    );
  } else if (senderGiven !== undefined && !isEmail(senderGiven)) {
    problems.push(`-c senderEmail=${senderGiven}: not an e-mail address (expected name@domain.tld)`);
  }

  const alarmGiven = text("alarmEmail");
  const alarmEmails = (alarmGiven ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (alarmEmails.length === 0 && !dev) {
    problems.push(
      `-c alarmEmail=…: required for stage ${stage}: who is mailed when an alarm goes off (comma-separated for ` +
        "several), e.g. -c alarmEmail=ops@hoiphunu.example.vn",
    );
  }
  for (const address of alarmEmails) {
    if (!isEmail(address)) problems.push(`-c alarmEmail=${alarmGiven}: "${address}" is not an e-mail address`);
  }

  const domainName = text("domainName")?.toLowerCase().replace(/\.$/, "");
  const certificateArn = text("certificateArn");
  let customDomain: DeployContext["customDomain"];
  if (domainName !== undefined && !HOSTNAME.test(domainName)) {
    problems.push(`-c domainName=${domainName}: not a domain name (expected e.g. tiengnoi.hoiphunu.example.vn)`);
  }
  if (domainName !== undefined && certificateArn === undefined) {
    problems.push(
      `-c certificateArn=…: required with -c domainName=${domainName}: the ARN of an ACM certificate for it, in the ` +
        "stack's region",
    );
  }
  if (certificateArn !== undefined) {
    const match = CERTIFICATE_ARN.exec(certificateArn);
    if (domainName === undefined) {
      problems.push(`-c certificateArn=…: given without -c domainName=…, the domain the certificate is for`);
    }
    if (!match) {
      problems.push(
        `-c certificateArn=${certificateArn}: not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)`,
      );
    } else if (options.region && match[1] !== options.region) {
      problems.push(
        `-c certificateArn=${certificateArn}: the certificate is in ${match[1]}, the stack in ${options.region}; a ` +
          "regional API's custom domain needs a certificate in its own region",
      );
    }
  }
  if (domainName !== undefined && certificateArn !== undefined) customDomain = { domainName, certificateArn };

  let publicBaseUrl = text("publicBaseUrl");
  if (publicBaseUrl !== undefined) {
    if (!isHttpsBase(publicBaseUrl)) {
      problems.push(
        `-c publicBaseUrl=${publicBaseUrl}: must be an https:// URL with no query or fragment (links in e-mails ` +
          "are built on it), e.g. -c publicBaseUrl=https://tiengnoi.hoiphunu.example.vn",
      );
    }
    publicBaseUrl = publicBaseUrl.replace(/\/+$/, "");
  } else if (customDomain) {
    publicBaseUrl = `https://${customDomain.domainName}`;
  }

  const mailDomain = text("mailDomain")?.toLowerCase().replace(/\.$/, "");
  // In dev, with a mail domain and no sender, an address at that domain.
  const senderEmail = senderGiven ?? (mailDomain ? `tieng-noi@${mailDomain}` : DEV_SENDER);
  if (mailDomain !== undefined) {
    if (!HOSTNAME.test(mailDomain)) {
      problems.push(`-c mailDomain=${mailDomain}: not a domain name (expected e.g. hoiphunu.example.vn)`);
    } else if (senderGiven !== undefined && senderEmail.split("@")[1]?.toLowerCase() !== mailDomain) {
      problems.push(
        `-c senderEmail=${senderEmail}: with -c mailDomain=${mailDomain} mail is sent from that domain: give an ` +
          `address at it, e.g. -c senderEmail=thongbao@${mailDomain}`,
      );
    }
  }

  const context: DeployContext = { stage, senderEmail, alarmEmails };
  if (publicBaseUrl !== undefined) context.publicBaseUrl = publicBaseUrl;
  if (customDomain) context.customDomain = customDomain;
  if (mailDomain !== undefined) context.mailDomain = mailDomain;
  return { context, problems };
}

/** The context, or a ContextError listing every problem. */
export function readContext(
  get: (key: string) => unknown,
  options: { region?: string; keys?: readonly string[] } = {},
): DeployContext {
  const { context, problems } = parseContext(get, options);
  if (problems.length > 0) throw new ContextError(problems);
  return context;
}

/**
 * Is the module at `moduleUrl` (its `import.meta.url`) the script Node was started with? Compared as real paths:
 * `import.meta.url` percent-encodes spaces and letters such as "ế" (a folder named "Tiếng Nói app"), is a
 * `file:///C:/…` URL on Windows, and names the file behind any symlink, while `process.argv[1]` is a plain path
 * as typed.
 */
export function isEntryPoint(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  if (!argv1) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(argv1);
  } catch {
    return false;
  }
}
