import { revokeOfficerLinks, sendOfficerLink } from "#shared/petitions/service.ts";
import { baseUrlArg, commandArgs, fail } from "./target.ts";

/**
 * `npm run officer-link -- --email <staff e-mail> [--base-url https://…]`: e-mail a union officer her personal
 * link for entering petitions on women's behalf. The base URL is the API's public address (the stack's ApiUrl
 * output); locally it defaults to the address `npm start` serves. The link works for `links.officerDays` (30 by
 * default); `--revoke` kills every intake link she was sent until now.
 */
const { values, where } = commandArgs({
  email: { type: "string" },
  "base-url": { type: "string" },
  revoke: { type: "boolean" },
});
const email = values.email as string | undefined;
if (!email) fail("Usage: npm run officer-link -- --email <staff e-mail> [--revoke] [--base-url URL] [--table name]");
try {
  if (values.revoke) {
    const { revokedAt } = await revokeOfficerLinks(email);
    process.stdout.write(`Intake links issued to that address before ${revokedAt} no longer work (${where}).\n`);
  } else {
    const { unitId } = await sendOfficerLink(email, baseUrlArg(values));
    process.stdout.write(`Intake link for ${unitId} queued in ${where}; the notifier sends it.\n`);
  }
} catch (error) {
  fail((error as Error).message);
}
