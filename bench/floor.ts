import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The floor for an API function: nothing but the SDK clients it needs, made at load time. A real handler can
 * hardly be smaller or start faster than this; the benchmark divides by it.
 */
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async () => ({ statusCode: 200, body: String(Boolean(db)) });
