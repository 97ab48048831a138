import { loadConfig } from "#shared/config/store.ts";
import { openApiDocument } from "#shared/openapi/document.ts";
import { httpHandler, json } from "#shared/platform/http.ts";

/** GET /openapi.json: the API described as OpenAPI 3.1, for the configuration it runs with. */
export const handler = httpHandler(async (req) => {
  const { config, helpers } = await loadConfig();
  return json(200, openApiDocument(config, helpers, req.baseUrl));
});
