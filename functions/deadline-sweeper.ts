import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { type DeadlineSweep, type OtherAlarms, sweepDeadlines } from "#shared/petitions/sweep.ts";
import { observed } from "#shared/platform/metrics.ts";
import { monthlySummaryRound } from "#shared/reports/service.ts";
import { sendRightsRequestAlarm } from "#shared/rights/requests.ts";
import { sendRecordReminder } from "#shared/sessions/record.ts";

/** One run: the deadlines' alarms and digests, and on the first of the month the leaders' summaries. */
export type SweepRun = DeadlineSweep & { summaries: number };

/** The alarms of other domains in the same index: a session's record (its dossier, its reminders), a data-rights request. */
const OTHERS: readonly OtherAlarms[] = [
  {
    matches: (sk) => sk === "RECORD",
    send: async (key, until, base, loaded) => {
      const sent = await sendRecordReminder(key, until, base, loaded);
      return sent === "sent" ? "recordsReminded" : sent === "dossier" ? "dossiers" : "skipped";
    },
  },
  {
    matches: (sk) => sk.startsWith("REQUEST#"),
    send: async (key, until, base) =>
      (await sendRightsRequestAlarm(key, until, base)) === "sent" ? "rightsRequests" : "skipped",
  },
];

/**
 * On a schedule: remind whoever holds a step before its deadline, tell the union unit above once it is past (and
 * the next one up as it stays past), ask her about the answer and close what she never replies to, send each agency
 * its weekly digest (shared/petitions/sweep.ts), and each approving unit's leaders last month's figures
 * (shared/reports/service.ts).
 */
export const handler = observed(
  middy<ScheduledEvent, SweepRun>().handler(async () => {
    const base = (process.env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "");
    const deadlines = await sweepDeadlines(base, OTHERS);
    return { ...deadlines, summaries: await monthlySummaryRound(base) };
  }),
);
