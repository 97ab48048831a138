import { sendOrganiserLink } from "#shared/registration/organisers.ts";
import { baseUrlArg, commandArgs, fail } from "./target.ts";

/**
 * `npm run organiser-link -- --event <id> --email <organiser> [--base-url https://…]`: e-mail an event's
 * organiser her personal link to its roster, counts, check-in and walk-ins (`/g/{token}`). She must be on the
 * staff of the union unit that organises the event. The base URL is the API's public address (the stack's ApiUrl
 * output); locally it defaults to the address `npm start` serves.
 */
const { values, where } = commandArgs({
  event: { type: "string" },
  email: { type: "string" },
  "base-url": { type: "string" },
});
const eventId = values.event as string | undefined;
const email = values.email as string | undefined;
if (!eventId || !email) {
  fail("Usage: npm run organiser-link -- --event <eventId> --email <organiser e-mail> [--base-url URL] [--table name]");
}
const baseUrl = baseUrlArg(values);
try {
  await sendOrganiserLink(eventId, email, baseUrl);
  process.stdout.write(`Organiser link for ${eventId} queued in ${where}; the notifier sends it.\n`);
} catch (error) {
  fail((error as Error).message);
}
