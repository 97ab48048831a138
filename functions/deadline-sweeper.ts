import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { type DeadlineSweep, sweepDeadlines } from "#shared/petitions/sweep.ts";

/**
 * On a schedule: remind whoever holds a step before its deadline, tell the union unit above once it is past (and
 * the next one up as it stays past), and send each agency its weekly digest (shared/petitions/sweep.ts).
 */
export const handler = middy<ScheduledEvent, DeadlineSweep>().handler(() =>
  sweepDeadlines((process.env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "")),
);
