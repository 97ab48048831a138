import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { observed } from "#shared/platform/metrics.ts";
import { reconcileEvents } from "#shared/registration/places.ts";

/**
 * On a schedule: repair what a function killed mid-registration leaves behind (a seat or waitlist ticket counted
 * without its registration), and give any seat still free to the waitlist, for every event still to come.
 */
export const handler = observed(
  middy<ScheduledEvent, { events: number; reconciled: number }>().handler(() =>
    reconcileEvents((process.env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "")),
  ),
);
