import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { observed } from "#shared/platform/metrics.ts";
import { type RetentionRun, sweepRetention } from "#shared/rights/retention.ts";

/**
 * On a schedule: registrations' personal data some days after their event ends, ended petitions' some months after
 * they ended (shared/rights/retention.ts). Each run reads only what is due.
 */
export const handler = observed(middy<ScheduledEvent, RetentionRun>().handler(() => sweepRetention()));
