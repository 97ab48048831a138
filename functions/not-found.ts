import { AppError } from "#shared/platform/errors.ts";
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
      throw new AppError(
        405,
        "method-not-allowed",
        { vi: "Phương thức không được hỗ trợ", en: "Method not allowed" },
        {
          vi: `Địa chỉ này chỉ nhận: ${match.allow.join(", ")}.`,
          en: `This address accepts: ${match.allow.join(", ")}.`,
        },
        { allow: match.allow },
        { Allow: match.allow.join(", ") },
      );
    }
    throw new AppError(
      404,
      "not-found",
      { vi: "Không tìm thấy", en: "Not found" },
      {
        vi: "Không có trang này.",
        en: "There is no such page.",
      },
    );
  },
  { ignoreBody: true },
);
