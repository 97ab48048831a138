import type { ByLang } from "./catalogue.ts";
import * as en from "./en/common.ts";
import * as vi from "./vi/common.ts";

/** The common sections in both languages: read `layoutText[lang].site`. */
export const layoutText: ByLang<typeof vi.layout> = { vi: vi.layout, en: en.layout };
export const mailLayoutText: ByLang<typeof vi.mailLayout> = { vi: vi.mailLayout, en: en.mailLayout };
export const datesText: ByLang<typeof vi.dates> = { vi: vi.dates, en: en.dates };
export const problemText: ByLang<typeof vi.problems> = { vi: vi.problems, en: en.problems };
export const busyText: ByLang<typeof vi.busy> = { vi: vi.busy, en: en.busy };
export const edgeProblemText: ByLang<typeof vi.edgeProblems> = { vi: vi.edgeProblems, en: en.edgeProblems };
export const noRouteText: ByLang<typeof vi.noRoute> = { vi: vi.noRoute, en: en.noRoute };
export const linkProblemText: ByLang<typeof vi.linkProblems> = { vi: vi.linkProblems, en: en.linkProblems };
export const badIdempotencyKeyText: ByLang<typeof vi.badIdempotencyKey> = {
  vi: vi.badIdempotencyKey,
  en: en.badIdempotencyKey,
};
export const reusedIdempotencyKeyText: ByLang<typeof vi.reusedIdempotencyKey> = {
  vi: vi.reusedIdempotencyKey,
  en: en.reusedIdempotencyKey,
};
export const fieldText: ByLang<typeof vi.fields> = { vi: vi.fields, en: en.fields };
export const formText: ByLang<typeof vi.form> = { vi: vi.form, en: en.form };
export const honeypotText: ByLang<typeof vi.honeypot> = { vi: vi.honeypot, en: en.honeypot };
export const personText: ByLang<typeof vi.person> = { vi: vi.person, en: en.person };

export type FieldMessageCode = keyof typeof vi.fields;
