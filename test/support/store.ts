import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../../shared/keys.ts";
import { db } from "../../shared/platform/dynamo.ts";

/** What a test stack's table holds, by kind: to prove that a refused request stored nothing. */
export async function countItems(
  tableName: string,
): Promise<{ registrations: number; petitions: number; mails: number; all: number }> {
  let start: Record<string, unknown> | undefined;
  const counts = { registrations: 0, petitions: 0, mails: 0, all: 0 };
  do {
    const out = await db().send(
      new ScanCommand({ TableName: tableName, ProjectionExpression: "pk, sk", ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) {
      counts.all++;
      if (String(item.sk).startsWith("REG#")) counts.registrations++;
      if (item.sk === "PETITION") counts.petitions++;
      if (keys.isMail(String(item.pk))) counts.mails++;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return counts;
}
