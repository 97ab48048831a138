import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/api.ts";

export const apiDescription = {
  title: "Tiếng Nói",
  description:
    "Registrations for the Women's Union's trainings and policy dialogues, and petitions (kiến nghị) routed through its units to the agencies that answer them. Pages and JSON share their routes: send `Accept: application/json` for JSON. Vietnamese by default; `?lang=en` or `Accept-Language: en` for English. Links in e-mails carry their token in the path, never in a query string.",
} satisfies Catalogue<typeof vi.apiDescription>;
