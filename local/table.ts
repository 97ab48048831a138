import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { table } from "#shared/declarations.ts";

/** The table as DynamoDB's CreateTable sees it, built from the same declaration the CDK stack uses. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = [table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...new Set(keyNames)].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: "HASH" },
      { AttributeName: table.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: table.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: index.projection },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
  };
}

/**
 * Create the table if it is missing; add the indexes a newer declaration has and an older `.data/` table lacks (as a
 * CDK deploy adds them on AWS). Returns its stream ARN.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  try {
    const found = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = found.Table?.LatestStreamArn;
    if (arn) {
      await addMissingIndexes(client, tableName, found.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName) ?? []);
      return arn;
    }
    throw new Error(`table ${tableName} exists without a stream: delete it (or .data/) and start again`);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== "ResourceNotFoundException") throw error;
  }
  const created = await client.send(new CreateTableCommand(createTableInput(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
    }),
  );
  const arn = created.TableDescription?.LatestStreamArn;
  if (!arn) throw new Error("DynamoDB did not return a stream ARN");
  return arn;
}

async function addMissingIndexes(client: DynamoDBClient, tableName: string, present: (string | undefined)[]) {
  const input = createTableInput(tableName);
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.includes(index.IndexName)) continue;
    const names = index.KeySchema?.map((k) => k.AttributeName) ?? [];
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: input.AttributeDefinitions?.filter((a) => names.includes(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}
