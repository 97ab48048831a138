import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * Which table a command works on. With no options: the local one `npm start` runs (DynamoDB Local on port
 * 8000, table tieng-noi-local). With `--table <name>` alone: the deployed table, through the usual AWS
 * credentials and region (AWS_PROFILE, AWS_REGION). `--endpoint` points anywhere else.
 */
export function commandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(options: T) {
  const { values } = parseArgs({
    options: {
      table: { type: "string" },
      endpoint: { type: "string" },
      "secret-arn": { type: "string" },
      ...options,
    },
  });
  const v = values as Record<string, string | boolean | undefined>;
  const local = v.table === undefined && v.endpoint === undefined;
  process.env.TABLE_NAME = (v.table as string | undefined) ?? "tieng-noi-local";
  if (local || v.endpoint) {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = (v.endpoint as string | undefined) ?? "http://127.0.0.1:8000";
    process.env.AWS_REGION ??= "ap-southeast-1";
    process.env.AWS_ACCESS_KEY_ID ??= "local";
    process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  }
  // Links and keyed hashes need the key held outside the table: the stack's secret (its LinkSecretArn output) on
  // AWS, the file `npm start` made locally.
  const arn = (v["secret-arn"] as string | undefined) ?? process.env.SECRET_ARN;
  if (arn) process.env.SECRET_ARN = arn;
  else process.env.SECRET_FILE ??= resolve(".data/secret.key");
  return { values: v, where: local ? "local DynamoDB (npm start)" : `table ${process.env.TABLE_NAME}` };
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The API's public address for links in the e-mails a command writes: `--base-url`, else the local `npm start`. */
export function baseUrlArg(values: Record<string, string | boolean | undefined>): string {
  const given = (values["base-url"] as string | undefined) ?? process.env.PUBLIC_BASE_URL ?? "http://127.0.0.1:3000";
  return given.replace(/\/$/, "");
}
