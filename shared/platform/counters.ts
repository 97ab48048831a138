import type { Key } from "../keys.ts";
import { epochSeconds } from "./clock.ts";
import { vietnamDay } from "./dates.ts";
import type { TransactItem } from "./dynamo.ts";
import { tableName } from "./dynamo.ts";

/**
 * A daily limit, counted in the transaction of what it limits: the item for `key` (a `DAY#<Vietnam day>` key of
 * some family) goes up by one, only while it is below `limit`; the write's `cancelled` reacts to its label. The
 * counter expires two days later.
 */
export function dailyCountItem(key: (day: string) => Key, limit: number, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key(vietnamDay(new Date(at))),
      UpdateExpression: "ADD #count :one SET #ttl = :ttl",
      ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
      ExpressionAttributeNames: { "#count": "count", "#ttl": "ttl" },
      ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":ttl": epochSeconds(new Date(at)) + 2 * 86400 },
    },
  };
}
