import type { ByLang } from "./catalogue.ts";
import * as en from "./en/petition-mails.ts";
import * as vi from "./vi/petition-mails.ts";

export const petitionerMailText: ByLang<typeof vi.petitionerMail> = {
  vi: vi.petitionerMail,
  en: en.petitionerMail,
};

/** Staff read Vietnamese. */
export const staffMailText = vi.staffMail;
export const officerLinkMailText = vi.officerLinkMail;
