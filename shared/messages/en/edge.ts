import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/edge.ts";

export const crossSite = {
  title: "The form could not be sent",
  detail:
    "The form must be sent from Tiếng Nói's own page. Go back to Tiếng Nói's form and send it again. Nothing was stored.",
  home: "Go to Tiếng Nói's home page",
} satisfies Catalogue<typeof vi.crossSite>;

export const deepJson = {
  title: "JSON nested too deeply",
  detail: (p) => `JSON may be nested at most ${p.max} levels deep. Nothing was stored.`,
} satisfies Catalogue<typeof vi.deepJson>;

export const nameField = {
  name_invalid:
    "A name may hold only letters, spaces and the marks . ' ’ - (no digits, web addresses or e-mail addresses).",
} satisfies Catalogue<typeof vi.nameField>;
