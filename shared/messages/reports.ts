import type { ByLang } from "./catalogue.ts";
import * as en from "./en/reports.ts";
import * as vi from "./vi/reports.ts";

export const leadersPageText: ByLang<typeof vi.leadersPage> = { vi: vi.leadersPage, en: en.leadersPage };
export const leadersColumnsText: ByLang<typeof vi.leadersColumns> = { vi: vi.leadersColumns, en: en.leadersColumns };
export const leadersValuesText: ByLang<typeof vi.leadersValues> = { vi: vi.leadersValues, en: en.leadersValues };
export const leadersStepsText: ByLang<typeof vi.leadersSteps> = { vi: vi.leadersSteps, en: en.leadersSteps };
export const leadersChartsText: ByLang<typeof vi.leadersCharts> = { vi: vi.leadersCharts, en: en.leadersCharts };
export const leaderMailText: ByLang<typeof vi.leaderMail> = { vi: vi.leaderMail, en: en.leaderMail };
