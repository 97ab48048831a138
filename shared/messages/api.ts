import type { ByLang } from "./catalogue.ts";
import * as en from "./en/api.ts";
import * as vi from "./vi/api.ts";

export const apiDescriptionText: ByLang<typeof vi.apiDescription> = { vi: vi.apiDescription, en: en.apiDescription };
