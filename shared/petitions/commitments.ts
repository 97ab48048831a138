import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import type { Config, ConfigHelpers } from "../config/config.ts";
import type { Unit } from "../config/schema.ts";
import { type Loaded, loadConfig } from "../config/store.ts";
import { type Key, keys } from "../keys.ts";
import { both } from "../messages/catalogue.ts";
import { commitmentMailText, commitmentPageText, commitmentProblemText } from "../messages/sessions.ts";
import { now, nowIso } from "../platform/clock.ts";
import { formatDay, vietnamDay } from "../platform/dates.ts";
import { db, putNew, type TransactItem, TransactionCancelled, tableName } from "../platform/dynamo.ts";
import { AppError, ValidationError } from "../platform/errors.ts";
import { html } from "../platform/html.ts";
import { link } from "../platform/links.ts";
import { log } from "../platform/log.ts";
import { mailButton, mailHtml, mailText } from "../platform/mail-layout.ts";
import { count } from "../platform/metrics.ts";
import { mailItem, type OutgoingMail } from "../platform/outbox.ts";
import { secretReady } from "../platform/secret.ts";
import { holderGone, type IssuedToken, issueToken, requireToken, unknownLink } from "../platform/tokens.ts";
import { checkbox, optionalLine } from "../platform/validation.ts";
import { addDays, isCalendarDay, type WorkingCalendar, workdays } from "../platform/workdays.ts";
import { write } from "../platform/write.ts";
import type { Commitment } from "../sessions/model.ts";
import { type Alarm, deadlineAlarmAfter, latestDue } from "./alarms.ts";
import { type CommitmentEntryItem, commitmentsWithEntries } from "./commitments-read.ts";
import { agencyName } from "./labels.ts";
import { agencyAddress, getPetition, type Petition } from "./petition.ts";
import { displayCode, logRef } from "./tracking.ts";
import type { CommitmentDraft } from "./workflow.ts";

/**
 * Commitments: what an answer promised ("the commune will repair the road before the rainy season"), which agency
 * keeps it and by when. Each is an item of its own in its petition's partition, with its own link for the agency to
 * report progress, and the reminders and escalation of a petition's step (shared/petitions/alarms.ts): it sits in the
 * same alarms index, and the deadline sweeper sends its alarms (`sendCommitmentAlarm`).
 */

export const COMMITMENT_TOKEN = "commitment";

/** A commitment as the table holds it: with its next alarm while it is open. */
type Stored = Commitment & { alarm?: Alarm; commune: string } & Record<string, unknown>;

const dueProblem = (message: "badDue" | "pastDue") =>
  new ValidationError([{ path: "commitmentDue", code: "invalid", message: both(commitmentProblemText, message) }]);

/**
 * The day a commitment is due, from what was typed: a date (dd/mm/yyyy or yyyy-mm-dd), a number of working days from
 * `at` through the calendar, or nothing (the configured `sessions.commitmentWorkingDays`).
 */
export function commitmentDue(typed: string | undefined, at: string, config: Config): string {
  const today = vietnamDay(new Date(at));
  const text = (typed ?? "").trim();
  const calendar = config.calendar as WorkingCalendar | undefined;
  const inWorkingDays = (n: number) =>
    calendar ? workdays(calendar).addWorkingDays(today, n) : addDays(today, Math.ceil((n * 7) / 5));
  if (text === "") return inWorkingDays(config.sessions.commitmentWorkingDays);
  if (/^\d{1,3}$/.test(text)) {
    const n = Number(text);
    if (n < 1) throw dueProblem("badDue");
    return inWorkingDays(n);
  }
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const day = dmy ? `${dmy[3]}-${dmy[2]?.padStart(2, "0")}-${dmy[1]?.padStart(2, "0")}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isCalendarDay(day)) throw dueProblem("badDue");
  if (day <= today) throw dueProblem("pastDue");
  return day;
}

/** The next alarm of an open commitment after `after` (none once it is done). */
export function commitmentAlarmAfter(c: Commitment, config: Config, after?: string): Alarm | undefined {
  if (c.status !== "open") return undefined;
  return deadlineAlarmAfter(c.due, vietnamDay(new Date(c.madeAt)), config, after);
}

function alarmPlace(c: Commitment, alarm: Alarm | undefined): Record<string, unknown> {
  return alarm ? { alarm, ...keys.commitmentAlarm(alarm.day, c.trackingCode, c.n) } : {};
}

/** How long a commitment's link works: until well after its deadline (escalations keep coming with fresh ones). */
const linkExpiry = (c: Commitment) => new Date(Date.parse(`${addDays(c.due, 90)}T00:00:00+07:00`));

/** A link to a commitment: for the agency keeping it, or for a union unit above (an escalation). */
function commitmentLink(c: Commitment, holder: { role: "agency" | "overseer"; email: string; unitId?: string }) {
  const subject: Record<string, string> = {
    trackingCode: c.trackingCode,
    n: String(c.n),
    role: holder.role,
    email: holder.email,
    ...(holder.unitId ? { unitId: holder.unitId } : {}),
  };
  return issueToken(COMMITMENT_TOKEN, subject, linkExpiry(c));
}

/** The agency's address for this commitment (one per commune when its address names `{area}`). */
function agencyAddressOf(config: Config, c: Pick<Stored, "agency" | "commune">): string | undefined {
  const agency = config.agencies.find((a) => a.id === c.agency);
  return agency ? agencyAddress(agency, c.commune) : undefined;
}

/** The mail to whoever holds a commitment's link: what, due when, and the link. Staff read Vietnamese. */
function commitmentMail(
  c: Commitment,
  to: string,
  linkRef: IssuedToken,
  subject: string,
  lead: string,
  baseUrl: string,
): OutgoingMail {
  const t = commitmentMailText.vi;
  const url = link("commitment", { token: linkRef.ref }, { base: baseUrl });
  const due = formatDay(c.due, "vi");
  return {
    to,
    kind: "commitment",
    subject,
    html: mailHtml(
      "vi",
      subject,
      html`<p>${lead}</p><p><strong>${t.what}:</strong> ${c.what}</p><p><strong>${t.due}:</strong> ${due}</p>${mailButton(url, t.button)}`,
    ),
    text: mailText([lead, "", [t.what, c.what], [t.due, due], "", `${t.button}: ${url}`]),
  };
}

/**
 * The items of the commitments an answer carried (shared/petitions/service.ts writes them in the transition's
 * transaction): each commitment with its first alarm, its agency's link and the mail that carries it. A due day that
 * cannot be read is a field error before anything is written.
 */
export function commitmentItems(input: {
  petition: Petition;
  drafts: readonly CommitmentDraft[];
  at: string;
  loaded: Loaded;
  baseUrl: string;
}): { items: TransactItem[]; count: number } {
  const { petition, drafts, at, loaded, baseUrl } = input;
  const { config } = loaded;
  const items: TransactItem[] = [];
  drafts.forEach((draft, i) => {
    const n = (petition.commitmentCount ?? 0) + i + 1;
    const c: Stored = {
      trackingCode: petition.trackingCode,
      n,
      what: draft.what,
      agency: draft.agency,
      due: commitmentDue(draft.due, at, config),
      madeAt: at,
      madeIn: draft.madeIn,
      madeBy: draft.madeBy,
      ...(petition.eventId ? { eventId: petition.eventId } : {}),
      commune: petition.commune,
      status: "open",
      percent: 0,
      version: 1,
    };
    items.push(
      putNew({ ...keys.commitment(c.trackingCode, n), ...c, ...alarmPlace(c, commitmentAlarmAfter(c, config)) }),
    );
    const to = agencyAddressOf(config, c);
    if (!to) return;
    const t = commitmentMailText.vi;
    const token = commitmentLink(c, { role: "agency", email: to });
    const agency = agencyName(config, c.agency);
    const lead = t.newLead({ agency, by: c.madeBy, due: formatDay(c.due, "vi") });
    const mail = commitmentMail(c, to, token, t.newSubject({ code: displayCode(c.trackingCode) }), lead, baseUrl);
    items.push(token.item, mailItem(mail, [token]));
  });
  return { items, count: drafts.length };
}

/** The union units above a commitment's agency: the commune's approving unit, then those above it. */
function overseersOfCommitment(c: Pick<Stored, "commune">, helpers: ConfigHelpers): Unit[] {
  const approving = helpers.approvingUnit(c.commune);
  return approving ? [approving, ...helpers.approvingUnitsAbove(approving.area)] : [];
}

/** The item of commitment `n` of a petition, read consistently. */
export async function getCommitment(trackingCode: string, n: number): Promise<Stored | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.commitment(trackingCode, n), ConsistentRead: true }),
  );
  return out.Item as Stored | undefined;
}

/** A report on a commitment (its progress), or what the sweeper did about it (a reminder, an escalation). */
export type CommitmentEntry = Omit<CommitmentEntryItem, "sk">;

/** A petition's commitments and their entries, in order. */
export function commitmentsOf(trackingCode: string): Promise<{ commitment: Stored; entries: CommitmentEntry[] }[]> {
  return commitmentsWithEntries<Stored>(trackingCode);
}

/** The petition and number of a commitment, from its key as the alarms index gives it (`PET#<code>`, `COMMIT#<nn>`). */
const alarmKeyOf = (key: Key) => ({
  trackingCode: key.pk.slice("PET#".length),
  n: Number(key.sk.slice("COMMIT#".length)),
});

/**
 * One commitment's due alarm (the deadline sweeper calls this for the alarms index's commitment keys), sent once:
 * in one transaction with the move to its next alarm, conditioned on the alarm it read and on its version.
 */
export async function sendCommitmentAlarm(
  key: Key,
  until: string,
  baseUrl: string,
  loaded: Loaded,
): Promise<Alarm["kind"] | "skipped"> {
  const { config, helpers } = loaded;
  const { trackingCode, n } = alarmKeyOf(key);
  const c = await getCommitment(trackingCode, n);
  const stored = c?.alarm;
  if (!c || !stored || stored.day > until || c.status !== "open") return "skipped";
  const { send, next } = latestDue(stored, (after) => commitmentAlarmAfter(c, config, after), until);
  const at = nowIso();
  const t = commitmentMailText.vi;
  const code = displayCode(trackingCode);
  const due = formatDay(c.due, "vi");
  const mails: TransactItem[] = [];
  let unitId: string | undefined;
  if (send.kind === "remind") {
    const to = agencyAddressOf(config, c);
    if (to) {
      const token = commitmentLink(c, { role: "agency", email: to });
      const mail = commitmentMail(c, to, token, t.remindSubject({ code, due }), t.remindLead({ due }), baseUrl);
      mails.push(token.item, mailItem(mail, [token]));
    }
  } else {
    const chain = overseersOfCommitment(c, helpers);
    const unit = chain[Math.min(send.n, chain.length) - 1];
    unitId = unit?.id;
    for (const s of unit?.staff.filter((x) => x.role === "approver") ?? []) {
      const token = commitmentLink(c, { role: "overseer", email: s.email, unitId: unit?.id });
      const lead = t.escalateLead({ agency: agencyName(config, c.agency), due });
      mails.push(
        token.item,
        mailItem(commitmentMail(c, s.email, token, t.escalateSubject({ code }), lead, baseUrl), [token]),
      );
    }
  }
  const seen: Record<string, string> = keys.commitmentAlarm(stored.day, trackingCode, n);
  const [pkName, skName] = keys.alarmsIndexAttributes as unknown as [string, string];
  const target: Record<string, string> | undefined = next ? keys.commitmentAlarm(next.day, trackingCode, n) : undefined;
  const entry: CommitmentEntry = {
    at,
    kind: send.kind === "remind" ? "remind" : "escalate",
    ...(unitId ? { unitId } : {}),
  };
  try {
    await write({
      build: () => ({
        items: {
          commitment: {
            Update: {
              TableName: tableName(),
              Key: keys.commitment(trackingCode, n),
              UpdateExpression: target ? "SET alarm = :alarm, #ipk = :ipk, #isk = :isk" : "REMOVE alarm, #ipk, #isk",
              ConditionExpression: "#isk = :seen AND version = :v",
              ExpressionAttributeNames: { "#ipk": pkName, "#isk": skName },
              ExpressionAttributeValues: {
                ":seen": seen[skName],
                ":v": c.version,
                ...(target && next ? { ":alarm": next, ":ipk": target[pkName], ":isk": target[skName] } : {}),
              },
            },
          },
          entry: putNew({ ...keys.commitmentEntry(trackingCode, n, `${at}#${send.kind}-${send.n}`), ...entry }),
          mails,
        },
        answer: undefined,
      }),
    });
  } catch (error) {
    if (error instanceof TransactionCancelled) return "skipped";
    throw error;
  }
  log.info("commitment alarm sent", { petition: logRef(trackingCode), n, kind: send.kind, level: send.n });
  if (send.kind === "remind") count("RemindersSent");
  if (send.kind === "escalate") count("Escalations");
  return send.kind;
}

/** Who holds a commitment link, and the commitment with its petition. */
export interface CommitmentView {
  commitment: Stored;
  entries: CommitmentEntry[];
  petition: Petition;
  role: "agency" | "overseer";
  email: string;
  unitId?: string;
  loaded: Loaded;
}

/** The commitment a link is for (its holder must still be the agency's address or an approver of its unit). */
export async function commitmentByToken(token: string): Promise<CommitmentView> {
  const [record, loaded] = await Promise.all([requireToken(token, COMMITMENT_TOKEN), loadConfig()]);
  const subject = record.subject as {
    trackingCode: string;
    n: string;
    role: "agency" | "overseer";
    email: string;
    unitId?: string;
  };
  const n = Number(subject.n);
  const [all, petition] = await Promise.all([commitmentsOf(subject.trackingCode), getPetition(subject.trackingCode)]);
  const found = all.find((x) => x.commitment.n === n);
  if (!found || !petition) throw unknownLink();
  // Still the holder in the configuration as it is now: the agency's address, or an approver of the unit above.
  const { config, helpers } = loaded;
  if (subject.role === "agency" && agencyAddressOf(config, found.commitment) !== subject.email) {
    throw holderGone(agencyName(config, found.commitment.agency));
  }
  if (subject.role === "overseer") {
    const unit = overseersOfCommitment(found.commitment, helpers).find((u) => u.id === subject.unitId);
    if (!unit?.staff.some((s) => s.role === "approver" && s.email === subject.email)) {
      throw holderGone(helpers.unit(subject.unitId ?? "")?.name ?? subject.unitId ?? "");
    }
  }
  return {
    commitment: found.commitment,
    entries: found.entries,
    petition,
    role: subject.role,
    email: subject.email,
    ...(subject.unitId ? { unitId: subject.unitId } : {}),
    loaded,
  };
}

/** A progress report's fields: the percent done, a note (public), done. */
export const progressSchema = z.object({
  percent: z.pipe(
    optionalLine(3),
    z.transform((v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v))),
  ),
  note: optionalLine(1000),
  done: checkbox,
});

const percentProblem = (message: "percent" | "backwards") =>
  new ValidationError([{ path: "percent", code: "invalid", message: both(commitmentProblemText, message) }]);

/**
 * A progress report from a commitment's link: the commitment updated under its version (two reports at once: one
 * wins, the other is asked again), its entry, and the woman who raised the issue told if she has an address.
 */
export async function reportProgress(
  view: CommitmentView,
  body: unknown,
  baseUrl: string,
): Promise<{ commitment: Stored; entry: CommitmentEntry }> {
  await secretReady();
  const { commitment: c, petition, loaded } = view;
  if (c.status === "done") {
    throw new AppError(409, "commitment-done", both(commitmentPageText, "title"), both(commitmentPageText, "closed"));
  }
  const parsed = progressSchema.safeParse(body);
  if (!parsed.success) throw percentProblem("percent");
  const fields = parsed.data;
  const percent = fields.done ? 100 : (fields.percent ?? c.percent);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw percentProblem("percent");
  if (percent < c.percent) throw percentProblem("backwards");
  const at = nowIso();
  const done = fields.done || percent === 100;
  const by =
    view.role === "agency"
      ? agencyName(loaded.config, c.agency)
      : (loaded.helpers.unit(view.unitId ?? "")?.name ?? view.unitId ?? "");
  const after: Stored = {
    ...c,
    percent,
    ...(fields.note ? { note: fields.note } : {}),
    reportedAt: at,
    version: c.version + 1,
    ...(done ? { status: "done" as const, doneAt: at, onTime: vietnamDay(new Date(at)) <= c.due } : {}),
  };
  // Only the report's own fields, under the version it read: a sweep moving its alarm meanwhile is not undone (the
  // sweep's move leaves the version as it is); done, it leaves the alarms index.
  const [pkName, skName] = keys.alarmsIndexAttributes as unknown as [string, string];
  const update: TransactItem = {
    Update: {
      TableName: tableName(),
      Key: keys.commitment(c.trackingCode, c.n),
      UpdateExpression: [
        `SET #percent = :percent, reportedAt = :at, version = :next${fields.note ? ", #note = :note" : ""}`,
        done ? ", #status = :done, doneAt = :at, onTime = :onTime REMOVE alarm, #ipk, #isk" : "",
      ].join(""),
      ConditionExpression: "version = :v",
      ExpressionAttributeNames: {
        "#percent": "percent",
        ...(fields.note ? { "#note": "note" } : {}),
        ...(done ? { "#status": "status", "#ipk": pkName, "#isk": skName } : {}),
      },
      ExpressionAttributeValues: {
        ":percent": percent,
        ":at": at,
        ":next": after.version,
        ":v": c.version,
        ...(fields.note ? { ":note": fields.note } : {}),
        ...(done ? { ":done": "done", ":onTime": after.onTime } : {}),
      },
    },
  };
  const entry: CommitmentEntry = {
    at,
    kind: "progress",
    percent,
    ...(fields.note ? { note: fields.note } : {}),
    ...(done ? { done: true } : {}),
    by,
  };
  const herMail =
    petition.petitioner.email && petition.raisedBy !== "group"
      ? progressMail(petition, after, done, baseUrl)
      : undefined;
  try {
    await write({
      build: () => ({
        items: {
          commitment: update,
          entry: putNew({ ...keys.commitmentEntry(c.trackingCode, c.n, `${at}#progress`), ...entry }),
          her: herMail ? mailItem(herMail) : undefined,
          // Her mail only while her data is hers to be told with: an erasure meanwhile (shared/rights/subject.ts) wins.
          "still hers": herMail
            ? {
                ConditionCheck: {
                  TableName: tableName(),
                  Key: keys.petition(petition.trackingCode),
                  ConditionExpression: "attribute_not_exists(erasedAt)",
                },
              }
            : undefined,
        },
        answer: undefined,
      }),
    });
  } catch (error) {
    // Another report won (or her data was erased meanwhile): the page shows the commitment as it is now.
    if (error instanceof TransactionCancelled) throw percentProblem("backwards");
    throw error;
  }
  log.info("commitment progress", { petition: logRef(c.trackingCode), n: c.n, percent, done });
  return { commitment: after, entry };
}

/** Her mail when a commitment about her issue moves: no link is needed (she follows the petition by its code). */
function progressMail(p: Petition, c: Stored, done: boolean, baseUrl: string): OutgoingMail {
  const t = commitmentMailText[p.lang];
  const code = displayCode(p.trackingCode);
  const subject = done ? t.doneSubject({ code }) : t.progressSubject({ code });
  const lead = done ? t.doneLead : t.progressLead({ percent: c.percent });
  const url = link("petition-status", { trackingCode: code }, { base: baseUrl, lang: p.lang });
  const due = formatDay(c.due, p.lang);
  return {
    to: p.petitioner.email as string,
    kind: done ? "commitment-done" : "commitment-progress",
    subject,
    html: mailHtml(
      p.lang,
      subject,
      html`<p>${lead}</p><p><strong>${t.what}:</strong> ${c.what}</p><p><strong>${t.due}:</strong> ${due}</p>${c.note ? html`<p><strong>${t.note}:</strong> ${c.note}</p>` : ""}${mailButton(url, t.followButton)}`,
    ),
    text: mailText([
      lead,
      "",
      [t.what, c.what],
      [t.due, due],
      c.note ? [t.note, c.note] : undefined,
      "",
      `${t.followButton}: ${url}`,
    ]),
  };
}

/** Whether an open commitment is past its day (Vietnam time, now). */
export function isOverdue(c: Pick<Commitment, "status" | "due">, at: Date = now()): boolean {
  return c.status === "open" && c.due < vietnamDay(at);
}
