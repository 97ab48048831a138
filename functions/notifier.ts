import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { deliverBatch } from "#shared/platform/notifier.ts";

/** The table's stream → SES: sends the e-mails handlers wrote to the outbox (filtered to new MAIL# items). */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(deliverBatch);
