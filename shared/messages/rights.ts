import type { ByLang } from "./catalogue.ts";
import * as en from "./en/rights.ts";
import * as vi from "./vi/rights.ts";

export const rightsKindText: ByLang<typeof vi.rightsKinds> = { vi: vi.rightsKinds, en: en.rightsKinds };
export const rightsLinkText: ByLang<typeof vi.rightsLink> = { vi: vi.rightsLink, en: en.rightsLink };
export const myDataText: ByLang<typeof vi.myData> = { vi: vi.myData, en: en.myData };
export const myDataDoneText: ByLang<typeof vi.myDataDone> = { vi: vi.myDataDone, en: en.myDataDone };
export const requestPageText: ByLang<typeof vi.requestPage> = { vi: vi.requestPage, en: en.requestPage };
export const officerRequestText: ByLang<typeof vi.officerRequest> = { vi: vi.officerRequest, en: en.officerRequest };
export const receiptMailText: ByLang<typeof vi.receiptMail> = { vi: vi.receiptMail, en: en.receiptMail };
export const unitMailText: ByLang<typeof vi.unitMail> = { vi: vi.unitMail, en: en.unitMail };
