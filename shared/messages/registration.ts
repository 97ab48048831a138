import type { ByLang } from "./catalogue.ts";
import * as en from "./en/registration.ts";
import * as vi from "./vi/registration.ts";

export const registrationFormText: ByLang<typeof vi.registrationForm> = {
  vi: vi.registrationForm,
  en: en.registrationForm,
};
export const registeredText: ByLang<typeof vi.registered> = { vi: vi.registered, en: en.registered };
export const registrationLinkText: ByLang<typeof vi.registrationLink> = {
  vi: vi.registrationLink,
  en: en.registrationLink,
};
export const cancelledText: ByLang<typeof vi.cancelled> = { vi: vi.cancelled, en: en.cancelled };
export const alreadyRegisteredText: ByLang<typeof vi.alreadyRegistered> = {
  vi: vi.alreadyRegistered,
  en: en.alreadyRegistered,
};
export const cancelProblemText: ByLang<typeof vi.cancelProblems> = { vi: vi.cancelProblems, en: en.cancelProblems };
export const noActionText: ByLang<typeof vi.noAction> = { vi: vi.noAction, en: en.noAction };
export const noCancelActionText: ByLang<typeof vi.noCancelAction> = { vi: vi.noCancelAction, en: en.noCancelAction };
