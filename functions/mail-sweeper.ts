import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { observed } from "#shared/platform/metrics.ts";
import { type SweepResult, sweepOutbox } from "#shared/platform/notifier.ts";

/** On a schedule: send the mails the stream could not deliver (an SES outage longer than its retries). */
export const handler = observed(middy<ScheduledEvent, SweepResult>().handler(() => sweepOutbox()));
