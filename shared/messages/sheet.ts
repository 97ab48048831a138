import type { ByLang } from "./catalogue.ts";
import * as en from "./en/sheet.ts";
import * as vi from "./vi/sheet.ts";

/** The spreadsheet import of a session's issues and its upload, in both languages: read `sheetFileText[lang].empty`. */
export const uploadText: ByLang<typeof vi.upload> = { vi: vi.upload, en: en.upload };
export const sheetFileText: ByLang<typeof vi.sheetFile> = { vi: vi.sheetFile, en: en.sheetFile };
export const sheetCellText: ByLang<typeof vi.sheetCell> = { vi: vi.sheetCell, en: en.sheetCell };
export const sheetColumnsText: ByLang<typeof vi.sheetColumns> = { vi: vi.sheetColumns, en: en.sheetColumns };
export const sheetAliasesText: ByLang<typeof vi.sheetAliases> = { vi: vi.sheetAliases, en: en.sheetAliases };
export const sheetCommuneAgencyText: ByLang<typeof vi.sheetCommuneAgency> = {
  vi: vi.sheetCommuneAgency,
  en: en.sheetCommuneAgency,
};
export const sheetExampleText: ByLang<typeof vi.sheetExample> = { vi: vi.sheetExample, en: en.sheetExample };
