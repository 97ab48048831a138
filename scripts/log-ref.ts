import { logRef } from "#shared/petitions/tracking.ts";
import { secretReady } from "#shared/platform/secret.ts";
import { commandArgs, fail } from "./target.ts";

/**
 * `npm run log-ref -- --code ABCDE-FGHJK [--secret-arn <LinkSecretArn output>]`: the name a petition goes by in the
 * logs (`petition`, a keyed hash of its tracking code: logs never hold the code, which opens its status). Needs the
 * stack's key, as the functions do; locally the key in .data/.
 */
const { values } = commandArgs({ code: { type: "string" } });
const code = values.code as string | undefined;
if (!code) fail("Usage: npm run log-ref -- --code <tracking code> [--secret-arn ARN]");
await secretReady();
process.stdout.write(`${logRef(code)}\n`);
