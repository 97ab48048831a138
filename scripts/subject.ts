import { writeFileSync } from "node:fs";
import { now } from "#shared/platform/clock.ts";
import { vietnamDay } from "#shared/platform/dates.ts";
import { normalizeVietnamMobile } from "#shared/platform/phone.ts";
import { keyedHash, secretReady } from "#shared/platform/secret.ts";
import { completeRequest, isOpen, requestsOf } from "#shared/rights/requests.ts";
import { eraseSubject, exportSubject, findSubject, summaryOf } from "#shared/rights/subject.ts";
import { baseUrlArg, commandArgs, fail } from "./target.ts";

const USAGE = `Her data rights, from ops (shared/rights/subject.ts): everything held about one phone number.

  npm run subject -- --phone <number> --export [--out file.json] [--by <your name>] [--request <id>]
      Writes her data as JSON (format "tieng-noi.subject-export", version 1: see SubjectExport) to --out
      (default subject-export-<day>.json) and prints a summary in Vietnamese, then English. Recorded in her audit trail.

  npm run subject -- --phone <number> --erase [--yes] [--by <your name>] [--request <id>] [--base-url URL]
      Without --yes: a dry run. Prints what is held and what an erasure would do; changes nothing.
      With --yes: erases her personal data everywhere: registrations (one for an event still to come is cancelled
      first, its seat going to the waitlist) and petitions keep only what the counts need; the mails to her
      addresses, their pending links, her phone locks and her addresses' marks are deleted. She is told by e-mail at
      each address she gave. Recorded in her audit trail (counts and who, never her data). Run again, it finds
      nothing and says so.

  --by      who runs it, for the audit trail (default: ops:$USER)
  --request the data-rights request it carries out, if any
  --table / --endpoint / --secret-arn: which table and key (see scripts/target.ts); locally, npm start's.`;

const { values, where } = commandArgs({
  phone: { type: "string" },
  export: { type: "boolean" },
  erase: { type: "boolean" },
  yes: { type: "boolean" },
  out: { type: "string" },
  by: { type: "string" },
  request: { type: "string" },
  "base-url": { type: "string" },
  help: { type: "boolean" },
});
const phone = values.phone as string | undefined;
if (values.help || !phone || values.export === values.erase) fail(USAGE);
const by = (values.by as string | undefined) ?? `ops:${process.env.USER ?? "unknown"}`;
const requestId = values.request as string | undefined;

/**
 * Her open requests of this kind (from her link, or the officer's) are carried out by this run: each is recorded
 * completed, its reminders stop (shared/rights/requests.ts), and the run says which.
 */
async function carriedOut(phone: string, kind: "copy" | "erase", by: string): Promise<void> {
  await secretReady();
  const e164 = normalizeVietnamMobile(phone);
  if (!e164) return;
  const phoneHash = keyedHash("phone", e164);
  for (const r of (await requestsOf(phoneHash)).filter((x) => x.kind === kind && isOpen(x))) {
    await completeRequest(phoneHash, r.requestId, by);
    process.stdout.write(`Request ${r.requestId} (${kind}, received ${r.receivedAt}) recorded as carried out.\n`);
  }
}

try {
  if (values.export) {
    const copy = await exportSubject(phone, { by, ...(requestId ? { requestId } : {}) });
    const out = (values.out as string | undefined) ?? `subject-export-${vietnamDay(now())}.json`;
    writeFileSync(out, `${JSON.stringify(copy.json, null, 2)}\n`, { encoding: "utf8", mode: 0o600 });
    process.stdout.write(`${copy.text}\n\nJSON written to ${out} (from ${where}).\n`);
    await carriedOut(phone, "copy", by);
  } else if (!values.yes) {
    const data = await findSubject(phone);
    const toCome = data.registrations.filter(
      (r) => r.registration.status !== "cancelled" && r.event && now().getTime() < Date.parse(r.event.startsAt),
    ).length;
    process.stdout.write(
      [
        summaryOf(data, "vi"),
        "",
        summaryOf(data, "en"),
        "",
        `Dry run (${where}): nothing changed. An erasure would remove the personal data of ${data.registrations.length} registration(s)` +
          ` (${toCome} for events still to come, cancelled first) and ${data.petitions.length} petition(s),` +
          ` delete ${data.mails.length} mail(s) to her address(es), and tell her at ${data.addresses.length} address(es).`,
        "Run again with --yes to erase.",
        "",
      ].join("\n"),
    );
  } else {
    const result = await eraseSubject(phone, {
      by,
      ...(requestId ? { requestId } : {}),
      baseUrl: baseUrlArg(values),
    });
    const c = result.counts;
    process.stdout.write(
      result.found
        ? `Erased in ${where}: ${c.registrations} registration(s) (${c.cancelled} cancelled first), ${c.petitions} petition(s), ` +
            `${c.phoneLocks} phone lock(s), ${c.mails} mail(s) and ${c.links} link(s), ${c.addressMarks} address mark(s); ` +
            `${c.notices} notice(s) to her queued.${c.mailsInFlight > 0 ? ` ${c.mailsInFlight} mail(s) were being sent: their body goes when sent, the rest at their TTL.` : ""}\n` +
            `Audit entry ${result.audit.id}.\n`
        : `Nothing is held about this number in ${where}: nothing changed (audit entry ${result.audit.id}).\n`,
    );
    await carriedOut(phone, "erase", by);
  }
} catch (error) {
  fail((error as Error).message);
}
