import { injectMailEvent } from "#local/mail-events.ts";
import { DELIVERY_EVENT_TYPES, type DeliveryEventType, type MailEventsResult } from "#shared/petitions/mail-events.ts";
import { parseTrackingCode } from "#shared/petitions/tracking.ts";
import { baseUrlArg, commandArgs, fail } from "./target.ts";

/**
 * `npm run mail-event -- --to <address> --type Permanent|Transient|Undetermined|Complaint [--kind assigned]
 * [--code <tracking code>]`: what SES would report of the newest mail to that address, given to the `mail-events`
 * function as its SNS topic would (local/mail-events.ts). For the local stack (`npm start`) or, with `--endpoint`,
 * another DynamoDB Local; on AWS, SES's mailbox simulator (bounce@simulator.amazonses.com) makes real ones.
 */
const { values, where } = commandArgs({
  to: { type: "string" },
  type: { type: "string" },
  kind: { type: "string" },
  code: { type: "string" },
  "base-url": { type: "string" },
});
const usage =
  "Usage: npm run mail-event -- --to <address> --type Permanent|Transient|Undetermined|Complaint [--kind <mail kind>] [--code <tracking code>] [--endpoint URL --table name]";
const to = values.to as string | undefined;
const type = values.type as string | undefined;
if (!to || !type || !(DELIVERY_EVENT_TYPES as readonly string[]).includes(type)) fail(usage);
if (values.table !== undefined && values.endpoint === undefined) {
  fail("mail-event reports on a local table only (npm start, or --endpoint); on AWS, SES reports its own.");
}
const code = values.code as string | undefined;
const trackingCode = code === undefined ? undefined : parseTrackingCode(code);
if (code !== undefined && !trackingCode) fail(`${code} is not a tracking code`);
// Links in the mails it writes (a notice, a resend) point at the API `npm start` serves, or --base-url.
process.env.PUBLIC_BASE_URL = baseUrlArg(values);
try {
  const { mail, results } = await injectMailEvent<MailEventsResult>({
    to,
    type: type as DeliveryEventType,
    kind: values.kind as string | undefined,
    trackingCode,
  });
  const done = results.map((r) => `${r.notices} notice(s), ${r.resends} resend(s), ${r.unreachable} unreachable`);
  process.stdout.write(`${type} reported on mail ${mail.mailId} (${mail.kind}) in ${where}: ${done.join("; ")}.\n`);
} catch (error) {
  fail((error as Error).message);
}
