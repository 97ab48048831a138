import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * The one key held outside the table. Without it, nothing in the table (or its stream, or a backup) opens a
 * link or names a phone number:
 * - a link token is derived from a random id with it (`linkToken`): the table keeps the id and the token's
 *   hash, the outbox keeps a placeholder, and only code holding the key can turn either into a working link;
 * - phone, e-mail and tracking-code keys are keyed hashes (`keyedHash`), not bare SHA-256, which anyone could
 *   reverse over the ~5·10⁸ Vietnamese mobile numbers.
 *
 * On AWS the key is a Secrets Manager secret (`SECRET_ARN`), read once per cold start by the functions that
 * are granted it; locally it is a file (`SECRET_FILE`), made on first use. Code that needs it awaits
 * `secretReady()` once (the service functions do, at their start); the sync helpers below then work.
 */

export type KeyedPurpose = "phone" | "email" | "tracking" | "link" | "sheet-row";

let key: Buffer | undefined;
let loading: Promise<void> | undefined;

/**
 * The local runtime runs every function in one process, where a key loaded by one would hide another's missing
 * `secretReady()` or missing grant. Its guard (local/handlers.ts) marks which function loaded the key and refuses a
 * use by a function that did not, or is not declared `secret`, as Lambda's separate processes and roles would.
 */
export interface SecretGuard {
  loaded(): void;
  used(): void;
}
let guard: SecretGuard | undefined;
export function setSecretGuard(next: SecretGuard | undefined): void {
  guard = next;
}

async function fromSecretsManager(arn: string): Promise<string> {
  const client = new SecretsManagerClient({ maxAttempts: 3 });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error("the link secret is empty");
    return out.SecretString;
  } finally {
    client.destroy();
  }
}

/** The local key: read, or made once (two processes racing both end up reading the one that was written first). */
function fromFile(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== "EEXIST") throw raced;
    }
    return readFileSync(path, "utf8").trim();
  }
}

async function load(): Promise<void> {
  const arn = process.env.SECRET_ARN;
  const file = process.env.SECRET_FILE;
  const value = arn ? await fromSecretsManager(arn) : file ? fromFile(file) : undefined;
  if (!value) throw new Error("neither SECRET_ARN nor SECRET_FILE is set");
  if (value.length < 32) throw new Error("the secret is shorter than 32 characters");
  key = Buffer.from(value, "utf8");
}

/** Load the key (once per process; a failed load is tried again on the next call). */
export async function secretReady(): Promise<void> {
  guard?.loaded();
  loading ??= load().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Tests and the local runtime switch secrets between stacks: the next `secretReady()` reads again. */
export function forgetSecret(): void {
  key = undefined;
  loading = undefined;
}

function mac(purpose: KeyedPurpose, value: string): Buffer {
  if (!key) throw new Error("the secret is not loaded: await secretReady() first");
  guard?.used();
  return createHmac("sha256", key).update(`${purpose}\n${value}`, "utf8").digest();
}

/** A keyed hash of a value for one purpose (hex): the same value gives the same key, and nobody can reverse it. */
export function keyedHash(purpose: KeyedPurpose, value: string): string {
  return mac(purpose, value).toString("hex");
}

/** The raw keyed digest, for callers that encode it themselves (link tokens). */
export function keyedDigest(purpose: KeyedPurpose, value: string): Buffer {
  return mac(purpose, value);
}

/** An e-mail address as the system compares and hashes it: NFC, trimmed, lower case. */
export const normalisedAddress = (email: string): string => email.normalize("NFC").trim().toLowerCase();

/** The keyed hash an address is stored under (its marks, its mails, an officer's record): never the address. */
export const addressHash = (email: string): string => keyedHash("email", normalisedAddress(email));
