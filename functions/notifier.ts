import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { observed } from "#shared/platform/metrics.ts";
import { deliverBatch } from "#shared/platform/notifier.ts";

/** The table's stream → SES: sends the e-mails handlers wrote to the outbox (the declared filter passes new mails). */
export const handler = observed(middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(deliverBatch));
