import type { ByLang } from "./catalogue.ts";
import * as en from "./en/edge.ts";
import * as vi from "./vi/edge.ts";

/** The edge's refusals and the name field's message in both languages: read `crossSiteText[lang].title`. */
export const crossSiteText: ByLang<typeof vi.crossSite> = { vi: vi.crossSite, en: en.crossSite };
export const deepJsonText: ByLang<typeof vi.deepJson> = { vi: vi.deepJson, en: en.deepJson };
export const nameFieldText: ByLang<typeof vi.nameField> = { vi: vi.nameField, en: en.nameField };
