import { sendOfficerLink } from "#shared/petitions/service.ts";
import { baseUrlArg, commandArgs, fail } from "./target.ts";

/**
 * `npm run officer-link -- --email <staff e-mail> [--base-url https://…]`: e-mail a union officer her personal
 * link for entering petitions on women's behalf. The base URL is the API's public address (the stack's ApiUrl
 * output); locally it defaults to the address `npm start` serves.
 */
const { values, where } = commandArgs({ email: { type: "string" }, "base-url": { type: "string" } });
const email = values.email as string | undefined;
if (!email) fail("Usage: npm run officer-link -- --email <staff e-mail> [--base-url URL] [--table name]");
const baseUrl = baseUrlArg(values);
try {
  const { unitId } = await sendOfficerLink(email, baseUrl);
  process.stdout.write(`Intake link for ${unitId} queued in ${where}; the notifier sends it.\n`);
} catch (error) {
  fail((error as Error).message);
}
