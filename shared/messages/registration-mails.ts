import type { ByLang } from "./catalogue.ts";
import * as en from "./en/registration-mails.ts";
import * as vi from "./vi/registration-mails.ts";

export const participantMailText: ByLang<typeof vi.participantMail> = {
  vi: vi.participantMail,
  en: en.participantMail,
};
export const confirmationMailText: ByLang<typeof vi.confirmationMail> = {
  vi: vi.confirmationMail,
  en: en.confirmationMail,
};
export const promotedMailText: ByLang<typeof vi.promotedMail> = { vi: vi.promotedMail, en: en.promotedMail };
export const cancelledMailText: ByLang<typeof vi.cancelledMail> = { vi: vi.cancelledMail, en: en.cancelledMail };

/** Staff read Vietnamese. */
export const organiserMailText = vi.organiserMail;
export const organiserLinkMailText = vi.organiserLinkMail;
export const burstMailText = vi.burstMail;
