import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { configHelpers } from "#shared/config/config.ts";
import { demoConfig } from "#shared/config/demo.ts";
import { openApiDocument } from "#shared/openapi/document.ts";

/**
 * `npm run openapi [-- --out openapi.json --server https://…]`: write the API's OpenAPI 3.1 description for the demo
 * configuration (a deployed stack serves its own at GET /openapi.json, for the configuration it was seeded with).
 */
const { values } = parseArgs({
  options: {
    out: { type: "string", default: "openapi.json" },
    server: { type: "string", default: "http://127.0.0.1:3000" },
  },
});
const config = demoConfig();
const document = openApiDocument(config, configHelpers(config), values.server as string);
writeFileSync(values.out as string, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`Wrote ${values.out}: ${Object.keys(document.paths as object).length} paths.\n`);
