import type { ByLang } from "./catalogue.ts";
import * as en from "./en/organiser.ts";
import * as vi from "./vi/organiser.ts";

export const organiserText: ByLang<typeof vi.organiser> = { vi: vi.organiser, en: en.organiser };
export const doorProblemText: ByLang<typeof vi.doorProblems> = { vi: vi.doorProblems, en: en.doorProblems };
export const organiserProblemText: ByLang<typeof vi.organiserProblems> = {
  vi: vi.organiserProblems,
  en: en.organiserProblems,
};

/** Staff documents are Vietnamese. */
export const rosterText = vi.roster;
export const countGroupText = vi.countGroups;
