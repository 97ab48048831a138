import { both } from "#shared/messages/catalogue.ts";
import { noRouteText } from "#shared/messages/common.ts";
import { AppError, notFound } from "#shared/platform/errors.ts";
import { httpHandler } from "#shared/platform/http.ts";
import { matchRoute } from "#shared/platform/routing.ts";

/**
 * Whatever no route takes: an unknown path (404) or a known path with another method (405 with Allow).
 * API Gateway sends these here through ANY methods; the local runtime does the same.
 */
export const handler = httpHandler(
  async (req) => {
    const match = matchRoute(req.method, req.event.path);
    if (match.kind === "method-not-allowed") {
      const allow = match.allow.join(", ");
      throw new AppError(
        405,
        "method-not-allowed",
        both(noRouteText, "method"),
        both(noRouteText, (t) => t.methodDetail({ allow })),
        { allow: match.allow },
        { Allow: allow },
      );
    }
    throw notFound(both(noRouteText, "pageDetail"));
  },
  { ignoreBody: true },
);
