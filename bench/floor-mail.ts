import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** The floor for the functions that send mail: the DynamoDB and SES clients, and nothing else. */
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ses = new SESClient({});

export const handler = async () => ({ batchItemFailures: [], ok: Boolean(db && ses) });
