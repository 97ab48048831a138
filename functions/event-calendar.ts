import { eventCalendar } from "#shared/events/calendar.ts";
import { getEvent, unknownEvent } from "#shared/events/model.ts";
import { nowIso } from "#shared/platform/clock.ts";
import { httpHandler } from "#shared/platform/http.ts";

/** GET /events/{eventId}/calendar.ics: the link in confirmation e-mails ("add to calendar"). */
export const handler = httpHandler(async (req) => {
  const event = await getEvent(req.params.eventId ?? "");
  if (!event) throw unknownEvent();
  return {
    statusCode: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.id}.ics"`,
      "Cache-Control": "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
    },
    body: eventCalendar(event, nowIso()),
  };
});
