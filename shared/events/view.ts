import { loadConfig } from "../config/store.ts";
import { now } from "../platform/clock.ts";
import { eventView, getEvent, unknownEvent } from "./model.ts";

/** An event as the public sees it, with the configuration the pages need; 404 when there is no such event. */
export async function loadEventView(eventId: string, base: string) {
  const [{ config, helpers }, event] = await Promise.all([loadConfig(), getEvent(eventId)]);
  if (!event) throw unknownEvent();
  return { event, view: eventView(event, helpers, now(), base), config, helpers };
}
