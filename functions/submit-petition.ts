import { submitFromRequest } from "#shared/petitions/http.ts";
import { httpHandler } from "#shared/platform/http.ts";

/** POST /petitions: a petition from the public form or an API client; answers its tracking code. */
export const handler = httpHandler((req) =>
  submitFromRequest(req, { formAction: "petitions", statusPrefix: "petitions/" }),
);
