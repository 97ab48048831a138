import { sendLeaderLink } from "#shared/reports/service.ts";
import { baseUrlArg, commandArgs, fail } from "./target.ts";

/**
 * `npm run leader-link -- --unit <unitId> --email <leader> [--base-url https://…]`: e-mail a leader her link to the
 * on-time report of her unit's area (`/l/{token}`): which agencies answer, on time, what the women say, what is
 * overdue. The report holds no personal data. The base URL is the API's public address (the stack's ApiUrl output);
 * locally it defaults to the address `npm start` serves.
 */
const { values, where } = commandArgs({
  unit: { type: "string" },
  email: { type: "string" },
  "base-url": { type: "string" },
});
const unitId = values.unit as string | undefined;
const email = values.email as string | undefined;
if (!unitId || !email) {
  fail("Usage: npm run leader-link -- --unit <unitId> --email <leader e-mail> [--base-url URL] [--table name]");
}
try {
  await sendLeaderLink(unitId, email, baseUrlArg(values));
  process.stdout.write(`Leader link for ${unitId} queued in ${where}; the notifier sends it.\n`);
} catch (error) {
  fail((error as Error).message);
}
