import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { EventConfig } from "../config/schema.ts";
import { keys } from "../keys.ts";
import { db, tableName } from "../platform/dynamo.ts";

/** Events are described in configuration: each load writes them here (their record is model.ts's). */

const CONFIG_FIELDS = [
  "kind",
  "title",
  "organizer",
  "venue",
  "area",
  "startsAt",
  "endsAt",
  "capacity",
  "registrationClosesAt",
  "audience",
  "status",
] as const satisfies readonly (keyof EventConfig)[];

/**
 * Create or update an event from configuration without touching its counters: reloading configuration never
 * gives away or takes back a seat.
 */
export async function upsertEvent(event: EventConfig): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":zero": 0 };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const field of CONFIG_FIELDS) {
    names[`#${field}`] = field;
    if (event[field] === undefined) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = event[field];
    }
  }
  sets.push("#id = :id");
  names["#id"] = "id";
  values[":id"] = event.id;
  for (const [attribute, value] of Object.entries(keys.eventsIndex(event.startsAt, event.id))) {
    sets.push(`${attribute} = :${attribute}`);
    values[`:${attribute}`] = value;
  }
  for (const counter of ["confirmedCount", "waitlistedCount", "waitTicket", "overCapacityCount"]) {
    sets.push(`${counter} = if_not_exists(${counter}, :zero)`);
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.event(event.id),
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}
