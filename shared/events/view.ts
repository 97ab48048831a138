import { loadConfig } from "../config/store.ts";
import { now } from "../platform/clock.ts";
import { notFound } from "../platform/errors.ts";
import { getEvent } from "./events.ts";
import { eventView } from "./pages.ts";

export const unknownEvent = () => notFound({ vi: "Không có sự kiện này.", en: "There is no such event." });

/** An event as the public sees it, with the configuration the pages need; 404 when there is no such event. */
export async function loadEventView(eventId: string) {
  const [{ config, helpers }, event] = await Promise.all([loadConfig(), getEvent(eventId)]);
  if (!event) throw unknownEvent();
  return { event, view: eventView(event, helpers, now()), config, helpers };
}
