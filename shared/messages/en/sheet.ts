import type { Catalogue } from "../catalogue.ts";
import type * as vi from "../vi/sheet.ts";

export const upload = {
  malformed: "The file upload could not be read",
  tooLarge: "The upload is too large",
  mediaType: "Unsupported content type",
  notMultipartDetail: "A file upload must be sent as multipart/form-data.",
  boundaryDetail: "The file upload has no boundary, or an invalid one.",
  structureDetail: "The file upload is damaged or incomplete. Choose the file again and resend it. Nothing was stored.",
  headerDetail: "A part of the form has a header that is too long or malformed.",
  dispositionDetail: "A part of the form has no name (Content-Disposition: form-data; name=…).",
  encodingDetail: "A text part of the form is not UTF-8 text.",
  tooManyPartsDetail: (p) => `The form has too many parts (at most ${p.max}).`,
  duplicateDetail: (p) => `The part “${p.name}” was sent twice.`,
  tooLargeDetail: (p) => `The upload is over ${p.max}. Split the sheet into smaller files.`,
} satisfies Catalogue<typeof vi.upload>;

export const sheetFile = {
  empty: "The file is empty.",
  notSheet: "This file is not a spreadsheet. Send an Excel (.xlsx) or CSV (.csv) file made from the template.",
  oldExcel:
    "Old Excel files (.xls) cannot be read. In Excel, choose Save As, type Excel Workbook (.xlsx), and send it again.",
  unreadable: "This Excel file could not be read. Open it in Excel, save it as .xlsx and send it again.",
  unzippedTooLarge: (p) => `Unpacked, this Excel file is larger than ${p.max}. Split the sheet into smaller files.`,
  notUtf8:
    "The CSV file is not UTF-8, so its Vietnamese accents would be garbled. In Excel, choose Save As, type CSV UTF-8, or send an .xlsx file.",
  unclosedQuote: (p) => `The quote (") opened on row ${p.row} is never closed.`,
  noHeader: (p) =>
    `No header row found: the sheet needs a column “${p.title}” in its first 10 rows (see the template).`,
  tooManyCells: (p) =>
    `This Excel file has more than ${p.max} cells. Keep only the sheet of the session's issues (500 rows at most) and send it again.`,
  noRows: "The sheet has no issue rows under its header row.",
  tooManyRows: (p) =>
    `The sheet has ${p.count} issue rows, more than the ${p.max} one import takes. Split it into several files.`,
  unknownColumn: (p) => `Unknown column “${p.name}”. Name the column as the template does, or delete it.`,
  duplicateColumn: (p) => `The column “${p.name}” appears twice.`,
} satisfies Catalogue<typeof vi.sheetFile>;

export const sheetCell = {
  categoryUnknown: (p) => `No such category. Write the id or name of a category in the list: ${p.values}.`,
  agencyUnknown: (p) => `No such agency. Write the id or name of an agency in the list: ${p.values}.`,
  dateInvalid: "Not a date: write day/month/year, e.g. 30/06/2027.",
  formulaNoValue:
    "The cell holds a formula whose result was never saved. Open and save the file in Excel, or type the value.",
  cellError: (p) => `The cell shows the error ${p.error}. Fix the formula or type the value.`,
  phoneWithoutName:
    "A phone number without the name of the woman who raised the issue. Write her name, or delete the number if a group raised it.",
  answeredByWithoutAnswer: "Someone answered, but the answer given in the hall is missing.",
  commitmentMissing: "An agency or a due date without the commitment itself.",
} satisfies Catalogue<typeof vi.sheetCell>;

export const sheetColumns = {
  raisedBy: "Raised by",
  phone: "Phone",
  village: "Village",
  category: "Category",
  title: "Title",
  content: "Content",
  hallAnswer: "Answered in the hall",
  answeredBy: "Answered by",
  commitment: "Commitment",
  commitmentAgency: "Commitment agency",
  commitmentDue: "Due",
} satisfies Catalogue<typeof vi.sheetColumns>;

export const sheetAliases = {
  raisedBy: "Name|Full name|Raised by (name)",
  phone: "Phone number|Mobile|Mobile phone",
  village: "Hamlet|Village or hamlet",
  category: "Field|Topic",
  title: "Issue|Summary",
  content: "Details|Description",
  hallAnswer: "Answer in the hall|Hall answer|Answer",
  answeredBy: "Answerer",
  commitment: "Commitment made",
  commitmentAgency: "Agency|Responsible agency",
  commitmentDue: "Due date|Deadline|Commitment due",
  ignored: "No|No.|Number|#|Notes|Note",
} satisfies Catalogue<typeof vi.sheetAliases>;

export const sheetCommuneAgency = {
  names: (p) => `People's Committee of ${p.commune}|${p.commune} People's Committee`,
} satisfies Catalogue<typeof vi.sheetCommuneAgency>;

export const sheetExample = {
  raisedBy: "Hoàng Thị Lan",
  phone: "0912 345 678",
  village: "Nà Liềm",
  category: "Policy credit and loans",
  title: "A poor-household loan to raise breeding cows",
  content: "The women of Nà Liềm ask for poor-household loans to raise breeding cows, over 3 years.",
  hallAnswer: "The Social Policy Bank will consider the loans in July's disbursement.",
  answeredBy: "Director of the Social Policy Bank's transaction office",
  commitment: "Consider and pay out the loans of the eligible households",
  commitmentAgency: "nhcsxh",
  commitmentDue: "2027-07-31",
} satisfies Catalogue<typeof vi.sheetExample>;
