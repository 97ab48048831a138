import type { SweepRun } from "../../functions/deadline-sweeper.ts";
import { runScheduled } from "../../local/runtime.ts";
import { now, shiftClock } from "../../shared/platform/clock.ts";

/** Driving the deadline sweeper through weeks of deadlines with the app's clock, not by waiting. */

/** Move the app's clock to a Vietnam wall time ("2027-02-15T09:00"). */
export function at(vietnamTime: string): void {
  shiftClock(Date.parse(`${vietnamTime}:00+07:00`) - now().getTime());
}

/** One run of the scheduled deadline sweeper, as EventBridge runs it (held to its declaration). */
export const sweep = () => runScheduled<SweepRun>("deadline-sweeper");
