import type { ByLang } from "./catalogue.ts";
import * as en from "./en/rights-subject.ts";
import * as vi from "./vi/rights-subject.ts";

export const subjectSummaryText: ByLang<typeof vi.subjectSummary> = { vi: vi.subjectSummary, en: en.subjectSummary };
export const erasureMailText: ByLang<typeof vi.erasureMail> = { vi: vi.erasureMail, en: en.erasureMail };
