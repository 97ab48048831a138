import type { ByLang } from "./catalogue.ts";
import * as en from "./en/sessions-public.ts";
import * as vi from "./vi/sessions-public.ts";

export const sessionPageText: ByLang<typeof vi.sessionPage> = { vi: vi.sessionPage, en: en.sessionPage };
export const sessionProblemText: ByLang<typeof vi.sessionProblems> = {
  vi: vi.sessionProblems,
  en: en.sessionProblems,
};
