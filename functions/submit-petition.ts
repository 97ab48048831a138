import { submitFromRequest } from "#shared/petitions/http.ts";
import { httpHandler } from "#shared/platform/http.ts";
import { link } from "#shared/platform/links.ts";

/** POST /petitions: a petition from the public form or an API client; answers its tracking code. */
export const handler = httpHandler((req) =>
  submitFromRequest(req, { formAction: link("petitions", {}, { base: req.pageBase }) }),
);
