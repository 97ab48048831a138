import type { ByLang } from "./catalogue.ts";
import * as en from "./en/sessions.ts";
import * as vi from "./vi/sessions.ts";

export const commitmentMailText: ByLang<typeof vi.commitmentMail> = { vi: vi.commitmentMail, en: en.commitmentMail };
export const commitmentPageText: ByLang<typeof vi.commitmentPage> = { vi: vi.commitmentPage, en: en.commitmentPage };
export const commitmentProblemText: ByLang<typeof vi.commitmentProblems> = {
  vi: vi.commitmentProblems,
  en: en.commitmentProblems,
};
export const sessionIssueText: ByLang<typeof vi.sessionIssue> = { vi: vi.sessionIssue, en: en.sessionIssue };
export const recordPageText: ByLang<typeof vi.recordPage> = { vi: vi.recordPage, en: en.recordPage };
export const dossierText: ByLang<typeof vi.dossier> = { vi: vi.dossier, en: en.dossier };
