import middy from "@middy/core";
import type { SNSEvent } from "aws-lambda";
import { handleMailEvents, type MailEventsResult } from "#shared/petitions/mail-events.ts";
import { observed } from "#shared/platform/metrics.ts";

/**
 * SES's bounces and complaints, from the configuration set's SNS topic: each recorded against its mail and address,
 * and a step that reached nobody told to the unit above, a bounced step mail sent again, an unreachable petitioner
 * phoned by her commune union (shared/petitions/mail-events.ts).
 */
export const handler = observed(
  middy<SNSEvent, MailEventsResult>().handler((event) =>
    handleMailEvents(event, (process.env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "")),
  ),
);
