import { submitFromRequest } from "#shared/petitions/http.ts";
import { officerByToken } from "#shared/petitions/service.ts";
import { httpHandler } from "#shared/platform/http.ts";

/** POST /o/{token}: a petition entered by a union officer; it records who entered it, the woman stays the contact. */
export const handler = httpHandler(
  async (req) => {
    const officer = await officerByToken(req.params.token ?? "");
    return submitFromRequest(req, {
      enteredBy: { name: officer.name, email: officer.email, unitId: officer.unitId },
      officer: { name: officer.name, unit: officer.unitName },
    });
  },
  { pages: true },
);
