import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { type SweepResult, sweepOutbox } from "#shared/platform/notifier.ts";

/** On a schedule: send the mails the stream could not deliver (an SES outage longer than its retries). */
export const handler = middy<ScheduledEvent, SweepResult>().handler(() => sweepOutbox());
