import { inflateRawSync } from "node:zlib";
import * as z from "zod/mini";
import type { ConfigHelpers } from "../config/config.ts";
import { personName } from "../config/person.ts";
import type { Config } from "../config/schema.ts";
import { both } from "../messages/catalogue.ts";
import {
  sheetAliasesText,
  sheetCellText,
  sheetColumnsText,
  sheetCommuneAgencyText,
  sheetExampleText,
  sheetFileText,
} from "../messages/sheet.ts";
import type { Bilingual, Lang } from "../platform/i18n.ts";
import { normalizeVietnamMobile } from "../platform/phone.ts";
import { foldForMatch, singleLine } from "../platform/text.ts";
import { blankOr, line, optionalLine, paragraph, toFieldErrors } from "../platform/validation.ts";
import type { IssueRow } from "./issues.ts";

/**
 * The issues raised at a dialogue session, as the organiser kept them in a spreadsheet (one row an issue), read into
 * rows the session's record can take: an Excel workbook (.xlsx, its first worksheet) or a CSV file. The header row
 * names the columns, in Vietnamese or English (the template's names or the usual others, matched without regard to
 * case or accents); every problem of every row is reported beside its row and column, and the caller decides what
 * to import. Nothing here evaluates a formula (a cell's saved result is its value) or treats a text starting with
 * = + - @ as anything but text.
 */

/** One import takes at most this many issues: a session's list, not a district's archive. */
export const MAX_SHEET_ROWS = 500;
/** A workbook unpacked is at most this large: a 1 MB zip could otherwise unpack to a gigabyte (a "zip bomb"). */
export const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;
/**
 * A workbook holds at most this many cells, in all its sheets (exceljs reads every sheet). exceljs keeps ~0.9 KB a
 * cell: 50,000 rows of three cells, a 687 KB file, took 131 MB (measured). 500 issues of 12 columns are 6,000 cells;
 * a template bordered down to row 1,000 adds 12,000 empty ones.
 */
export const MAX_SHEET_CELLS = 60_000;
const MAX_ZIP_ENTRIES = 500;
/** The header row is looked for among the first non-blank rows (a sheet may open with a title and a date). */
const HEADER_SEARCH_ROWS = 10;

export const SHEET_COLUMNS = [
  "raisedBy",
  "phone",
  "village",
  "category",
  "title",
  "content",
  "hallAnswer",
  "answeredBy",
  "commitment",
  "commitmentAgency",
  "commitmentDue",
] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];

/**
 * One issue of the sheet, checked: what the session's record makes a petition (and its commitment) of. It holds what
 * the issue says and nothing of where it stood (its row is in `IssueSheet.rowNumbers`), so the same issue read again
 * from a sheet with a row inserted above it is the same value.
 */
/** A row as the record takes it (shared/sessions/issues.ts): the same shape as the organiser's form gives. */
export type { IssueRow };

export interface SheetRefusal {
  /** The sheet row (1-based); 0 when the whole file is refused. */
  row: number;
  /** The column the problem is in; "header" for the header row's own problems, "file" for the whole file. */
  field: SheetColumn | "header" | "file";
  message: Bilingual;
}

export interface IssueSheet {
  rows: IssueRow[];
  /** Each row's number in the sheet (1-based, as Excel numbers it): `rows[i]` is row `rowNumbers[i]`. */
  rowNumbers: number[];
  refused: SheetRefusal[];
}

export interface SheetFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

// ---------------------------------------------------------------------------------------------------------------
// Cells: what a sheet holds, read the same from a workbook and from a CSV file.

type Cell =
  | { kind: "text"; text: string }
  /** A number: its text, and the number (a phone Excel took for one lost its leading 0). */
  | { kind: "number"; text: string; value: number }
  /** A date cell: YYYY-MM-DD, and how it reads as text (dd/mm/yyyy). */
  | { kind: "date"; text: string; day: string }
  | { kind: "formulaNoValue" }
  | { kind: "error"; error: string };

interface SheetRow {
  /** The sheet's row number, 1-based. */
  number: number;
  /** By column, 0-based; absent for an empty cell. */
  cells: (Cell | undefined)[];
  /** Columns whose value is a vertically merged cell's, from a row above: they do not make a row non-blank. */
  inherited: ReadonlySet<number>;
}

const textOf = (cell: Cell | undefined): string =>
  cell && (cell.kind === "text" || cell.kind === "number" || cell.kind === "date") ? cell.text : "";

const isBlank = (cell: Cell | undefined) => cell === undefined || (textOf(cell).trim() === "" && cell.kind === "text");

// ---------------------------------------------------------------------------------------------------------------
// The whole file refused: one message, no rows.

const fileText = sheetFileText;

function refusedWhole(message: Bilingual): IssueSheet {
  return { rows: [], rowNumbers: [], refused: [{ row: 0, field: "file", message }] };
}

function sizeText(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

// ---------------------------------------------------------------------------------------------------------------
// Workbooks

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** What a workbook's zip holds, unpacked: its bytes, and the cells of its worksheets. */
export interface ZipContents {
  bytes: number;
  cells: number;
}

/** A worksheet's cell element, with or without a namespace prefix (`<c r="A1">`, `<x:c r="A1">`, `<c/>`). */
const CELL_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;

/**
 * What a workbook's zip unpacks to, counted by unpacking each entry (not by what its directory claims), stopping past
 * `maxBytes`; undefined when it is not a zip this reads. Run before exceljs unpacks it all into memory and builds an
 * object of every cell.
 */
export function inspectZip(data: Buffer, maxBytes: number): ZipContents | "too-large" | undefined {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  if (entries === 0xffff || at === 0xffffffff || entries > MAX_ZIP_ENTRIES) return undefined;
  const contents: ZipContents = { bytes: 0, cells: 0 };
  for (let n = 0; n < entries; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== ZIP_CENTRAL) return undefined;
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString("latin1", at + 46, Math.min(data.length, at + 46 + nameLength));
    if (compressed === 0xffffffff || local === 0xffffffff) return undefined;
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > data.length || data.readUInt32LE(local) !== ZIP_LOCAL) return undefined;
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    if (start + compressed > data.length) return undefined;
    let bytes = data.subarray(start, start + compressed);
    if (method === 8) {
      try {
        bytes = inflateRawSync(bytes, { maxOutputLength: maxBytes - contents.bytes + 1 });
      } catch (error) {
        return error instanceof RangeError ? "too-large" : undefined;
      }
    } else if (method !== 0) return undefined;
    contents.bytes += bytes.length;
    if (contents.bytes > maxBytes) return "too-large";
    if (WORKSHEET.test(name.replace(/^\//, "")))
      contents.cells += bytes.toString("latin1").match(CELL_ELEMENT)?.length ?? 0;
  }
  return contents;
}

/** exceljs's cell values (its CellValue), as far as this reads them. */
type ExcelValue = unknown;

const pad = (n: number) => String(n).padStart(2, "0");

/** A cell value of exceljs as a Cell: a formula's saved result, rich text's text, a date's day. */
function excelCell(value: ExcelValue): Cell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return { kind: "text", text: value };
  if (typeof value === "number") return { kind: "number", text: String(value), value };
  if (typeof value === "boolean") return { kind: "text", text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    // exceljs gives the sheet's wall-clock date and time as if in UTC.
    const [y, m, d] = [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()];
    return { kind: "date", day: `${y}-${pad(m)}-${pad(d)}`, text: `${pad(d)}/${pad(m)}/${y}` };
  }
  if (typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if ("formula" in v || "sharedFormula" in v) {
    // Never evaluated: the result Excel saved, or nothing.
    if (v.result === undefined || v.result === null) return { kind: "formulaNoValue" };
    return excelCell(v.result);
  }
  if (typeof v.error === "string") return { kind: "error", error: v.error };
  if (Array.isArray(v.richText)) {
    return { kind: "text", text: v.richText.map((r) => (typeof r?.text === "string" ? r.text : "")).join("") };
  }
  if ("hyperlink" in v) return excelCell(v.text);
  return undefined;
}

async function workbookRows(data: Buffer): Promise<SheetRow[] | Bilingual> {
  const contents = inspectZip(data, MAX_UNZIPPED_BYTES);
  if (contents === "too-large") {
    return both(fileText, (t) => t.unzippedTooLarge({ max: sizeText(MAX_UNZIPPED_BYTES) }));
  }
  if (contents === undefined) return both(fileText, "unreadable");
  if (contents.cells > MAX_SHEET_CELLS) return both(fileText, (t) => t.tooManyCells({ max: MAX_SHEET_CELLS }));
  // 1 MB of library: loaded only where a sheet is read (docs/TOOLCHAIN.md).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own global `Buffer extends ArrayBuffer`, which Node's Buffer does not satisfy as typed.
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return both(fileText, "unreadable");
  }
  const sheet = workbook.worksheets[0];
  // A zip without a worksheet is another kind of document (.docx, .odt): Excel saves none without one.
  if (!sheet) return both(fileText, "notSheet");
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: (Cell | undefined)[] = [];
    const inherited = new Set<number>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      let value: ExcelValue = cell.value;
      const master = cell.master;
      if (master !== cell) {
        // A merged cell: a region merged down a column (one village for several issues) gives each row its value;
        // one merged across columns (a title spread wide) gives it to its first column only.
        if (master.fullAddress.col !== col) return;
        value = master.value;
        inherited.add(col - 1);
      }
      cells[col - 1] = excelCell(value);
    });
    rows.push({ number, cells, inherited });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

/** A CSV record that holds anything, and its number (1-based: its row as Excel shows the file). */
export interface CsvRecord {
  number: number;
  cells: string[];
}

/**
 * CSV records as Excel reads them: fields separated by `separator`, quoted with "" for a quote inside, a quoted field
 * may hold line breaks; lines end in CRLF, LF or CR. Records with nothing in them are counted, not kept (a megabyte of
 * empty lines is no work). Returns the record where a quote is never closed instead.
 */
export function csvRecords(text: string, separator: string): CsvRecord[] | { unclosedAt: number } {
  const records: CsvRecord[] = [];
  let number = 1;
  let record: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    record.push(field);
    if (record.some((cell) => cell !== "")) records.push({ number, cells: record });
    number++;
    record = [];
    field = "";
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '"' && field === "") {
      const opened = number;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return { unclosedAt: opened };
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Excel keeps what follows a closing quote, up to the separator, as part of the field.
    } else if (c === separator) {
      record.push(field);
      field = "";
      i++;
    } else if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      const stop = nextStop(text, i, separator);
      field += text.slice(i, stop);
      i = stop;
    }
  }
  if (field !== "" || record.length > 0) endRecord();
  return records;
}

/** The next separator or line break: where an unquoted field stops (a quote inside it is just a character). */
function nextStop(text: string, from: number, separator: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === separator || c === "\r" || c === "\n") return i;
  }
  return text.length;
}

const NONE: ReadonlySet<number> = new Set();

function csvRows(records: CsvRecord[]): SheetRow[] {
  return records.map(({ number, cells }) => ({
    number,
    cells: cells.map((text): Cell | undefined => (text === "" ? undefined : { kind: "text", text })),
    inherited: NONE,
  }));
}

/** Strict UTF-8; it drops a leading byte-order mark itself (`ignoreBOM` is false). */
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A CSV file's rows: UTF-8 (with or without a byte-order mark), separated by commas or, as Excel saves it where the
 * decimal mark is a comma (Vietnam), by semicolons: the separator under which a header row is found wins. An Excel
 * `sep=;` first line says which, and is not a row.
 */
function csvSheet(data: Buffer): { rows: SheetRow[]; columns?: Columns } | Bilingual {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return both(fileText, "notUtf8");
  }
  const hint = /^sep=([,;\t])\r?\n/i.exec(text);
  if (hint) text = text.slice(hint[0].length);
  const separators = hint ? [hint[1] as string] : [",", ";"];
  let best: { rows: SheetRow[]; columns?: Columns } | undefined;
  let unclosed: number | undefined;
  for (const separator of separators) {
    const records = csvRecords(text, separator);
    if (!Array.isArray(records)) {
      unclosed ??= records.unclosedAt;
      continue;
    }
    const rows = csvRows(records);
    const columns = findHeader(rows);
    if (!best || (columns && (!best.columns || columns.count > best.columns.count))) {
      best = columns ? { rows, columns } : { rows };
    }
  }
  if (!best) return both(fileText, (t) => t.unclosedQuote({ row: unclosed ?? 1 }));
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// The header row

/** A header as it is compared: no note in brackets, no case, no accents, no punctuation. */
const headerKey = (text: string) => foldForMatch(text.replace(/\([^)]*\)|\[[^\]]*\]/g, ""));

type HeaderMeaning = SheetColumn | "ignored";

/** Every name a header may have, in both languages. */
const HEADER_NAMES: Map<string, HeaderMeaning> = (() => {
  const names = new Map<string, HeaderMeaning>();
  const add = (name: string, meaning: HeaderMeaning) => {
    const key = headerKey(name);
    if (key !== "") names.set(key, meaning);
  };
  for (const lang of ["vi", "en"] as const) {
    for (const column of SHEET_COLUMNS) {
      add(sheetColumnsText[lang][column], column);
      for (const alias of sheetAliasesText[lang][column].split("|")) add(alias, column);
    }
    for (const alias of sheetAliasesText[lang].ignored.split("|")) add(alias, "ignored");
  }
  return names;
})();

interface Columns {
  /** The header row's index in the rows. */
  index: number;
  /** Each known column's sheet column (0-based). */
  at: Partial<Record<SheetColumn, number>>;
  count: number;
  problems: SheetRefusal[];
}

/** The first of the first rows that names the title column, and what each of its cells names. */
function findHeader(rows: SheetRow[]): Columns | undefined {
  let seen = 0;
  for (let index = 0; index < rows.length && seen < HEADER_SEARCH_ROWS; index++) {
    const row = rows[index] as SheetRow;
    if (row.cells.every(isBlank)) continue;
    seen++;
    if (!row.cells.some((c) => c?.kind === "text" && HEADER_NAMES.get(headerKey(c.text)) === "title")) continue;
    const at: Partial<Record<SheetColumn, number>> = {};
    const problems: SheetRefusal[] = [];
    row.cells.forEach((cell, col) => {
      const name = singleLine(textOf(cell));
      if (name === "") return;
      const meaning = HEADER_NAMES.get(headerKey(name)) ?? (headerKey(name) === "" ? "ignored" : undefined);
      if (meaning === undefined) {
        problems.push({ row: row.number, field: "header", message: both(fileText, (t) => t.unknownColumn({ name })) });
      } else if (meaning !== "ignored") {
        if (at[meaning] !== undefined) {
          problems.push({
            row: row.number,
            field: "header",
            message: both(fileText, (t) => t.duplicateColumn({ name })),
          });
        } else at[meaning] = col;
      }
    });
    return { index, at, count: Object.keys(at).length, problems };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// One row: checked with the project's text rules, its category and agency looked up in the configuration.

/** The messages of this file's own checks (the rest are the platform's field messages). */
type CellCode = "categoryUnknown" | "agencyUnknown" | "dateInvalid";
const CELL_CODES = new Set<string>(["categoryUnknown", "agencyUnknown", "dateInvalid"]);

/** `find` recognises the cell's text (else `message`), and the row keeps what it found. */
function found<T>(find: (input: string) => T | undefined, message: CellCode) {
  return z.pipe(
    z.string().check(
      z.minLength(1, { message: "required" }),
      z.refine((v: string) => find(singleLine(v)) !== undefined, { message }),
    ),
    z.transform((v: string) => find(singleLine(v)) as T),
  );
}

/** A day written dd/mm/yyyy (or with - or .), or yyyy-mm-dd; a date cell arrives as yyyy-mm-dd. */
export function sheetDay(text: string): string | undefined {
  const value = singleLine(text);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const [y, m, d] = dmy
    ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])]
    : ymd
      ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
      : [0, 0, 0];
  if (y < 2000 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * A Vietnamese mobile number as a sheet holds it: typed 0912 345 678 into a cell Excel takes for a number, it is
 * saved as 912345678 (also in a CSV file Excel writes). Nine digits that make a mobile number get their 0 back.
 */
function sheetPhone(text: string): string | undefined {
  const value = singleLine(text);
  return normalizeVietnamMobile(/^[35789]\d{8}$/.test(value) ? `0${value}` : value);
}

/** The shortest beginning of a name that may stand for it ("Y tế" for "Y tế, chăm sóc sức khỏe bà mẹ và trẻ em"). */
const MIN_PREFIX = 3;

/**
 * The configuration's categories and agencies by every name a sheet may give them: the id, the name (in either
 * language), or the beginning of one name that begins no other ("Phòng Y tế" for "Phòng Y tế huyện Lâm Bình"),
 * compared as headers are (no case, accents or punctuation). A name two of them share stands for neither.
 */
function lookups(config: Config, helpers: ConfigHelpers, eventCommune: string) {
  const index = (entries: [string, string][]) => {
    const map = new Map<string, string | null>();
    for (const [name, id] of entries) {
      const key = foldForMatch(name);
      if (key === "") continue;
      map.set(key, map.has(key) && map.get(key) !== id ? null : id);
    }
    return (text: string): string | undefined => {
      const key = foldForMatch(text);
      const exact = map.get(key);
      if (exact !== undefined || key.length < MIN_PREFIX) return exact ?? undefined;
      const ids = new Set<string | null>();
      for (const [name, id] of map) if (name.startsWith(key)) ids.add(id);
      return ids.size === 1 ? ([...ids][0] ?? undefined) : undefined;
    };
  };
  const commune = helpers.area(eventCommune)?.name;
  const category = index(
    config.categories.flatMap((c) => [c.id, c.name, c.en].map((n): [string, string] => [n, c.id])),
  );
  const agency = index(
    config.agencies.flatMap((a) => {
      const names = [a.id, a.name, a.name.replace(/\([^)]*\)/g, "")];
      // The agency of each commune (its People's Committee) by the session's commune's name: "UBND Xã Thượng Lâm".
      if (commune && a.email.includes("{area}")) {
        for (const lang of ["vi", "en"] as const) {
          names.push(...sheetCommuneAgencyText[lang].names({ commune }).split("|"));
        }
      }
      return names.map((n): [string, string] => [n, a.id]);
    }),
  );
  return { category, agency };
}

/** A due day as the sheet writes it, kept as YYYY-MM-DD. */
const dueDay = z.pipe(
  z.string().check(z.refine((v: string) => sheetDay(v) !== undefined, { message: "dateInvalid" })),
  z.transform((v: string) => sheetDay(v) as string),
);

function rowSchema(find: ReturnType<typeof lookups>) {
  return z.object({
    raisedBy: blankOr(personName),
    phone: blankOr(
      z.pipe(
        z.string().check(z.refine((v: string) => sheetPhone(v) !== undefined, { message: "phone_invalid" })),
        z.transform((v: string) => sheetPhone(v) as string),
      ),
    ),
    village: optionalLine(100),
    category: found(find.category, "categoryUnknown"),
    title: line(200),
    content: blankOr(paragraph(5000)),
    hallAnswer: blankOr(paragraph(5000)),
    answeredBy: optionalLine(200),
    commitment: blankOr(paragraph(1000)),
    commitmentAgency: blankOr(found(find.agency, "agencyUnknown")),
    commitmentDue: blankOr(dueDay),
  });
}

/** The lists a refusal of an unknown category or agency offers, each in its language. */
function choices(config: Config) {
  return {
    categories: {
      vi: config.categories.map((c) => c.name).join("; "),
      en: config.categories.map((c) => c.en).join("; "),
    },
    agencies: config.agencies.map((a) => a.name).join("; "),
  };
}

function cellMessage(code: CellCode, offered: ReturnType<typeof choices>): Bilingual {
  const t = sheetCellText;
  if (code === "categoryUnknown") {
    return {
      vi: t.vi.categoryUnknown({ values: offered.categories.vi }),
      en: t.en.categoryUnknown({ values: offered.categories.en }),
    };
  }
  if (code === "agencyUnknown") return both(t, (m) => m.agencyUnknown({ values: offered.agencies }));
  return both(t, "dateInvalid");
}

/** The template's example row in either language: a sheet that kept it does not import it. */
function isExample(row: SheetRow, at: Columns["at"]): boolean {
  const same = (column: SheetColumn, example: string) => {
    const col = at[column];
    if (col === undefined) return true;
    const cell = row.cells[col];
    const value = cell?.kind === "date" ? cell.day : textOf(cell);
    if (column === "phone") return sheetPhone(value) === sheetPhone(example);
    if (column === "commitmentDue") return sheetDay(value) === sheetDay(example);
    return foldForMatch(value) === foldForMatch(example);
  };
  return (["vi", "en"] as const).some((lang) => SHEET_COLUMNS.every((c) => same(c, sheetExampleText[lang][c])));
}

/** A row of column numbers ("1", "(2)", …) under the header, as official tables have: not an issue. */
const isColumnNumbering = (values: string[]) =>
  values.length > 0 && values.every((v) => /^\(?\d{1,2}\)?$/.test(v.trim()));

interface RowContext {
  schema: ReturnType<typeof rowSchema>;
  config: Config;
  offered: ReturnType<typeof choices>;
}

function checkRow(row: SheetRow, at: Columns["at"], context: RowContext): IssueRow | SheetRefusal[] {
  const refused: SheetRefusal[] = [];
  const refuse = (field: SheetColumn, message: Bilingual) => {
    if (!refused.some((r) => r.field === field)) refused.push({ row: row.number, field, message });
  };
  const input: Record<string, string> = {};
  for (const column of SHEET_COLUMNS) {
    const col = at[column];
    const cell = col === undefined ? undefined : row.cells[col];
    if (cell?.kind === "formulaNoValue") refuse(column, both(sheetCellText, "formulaNoValue"));
    else if (cell?.kind === "error")
      refuse(
        column,
        both(sheetCellText, (t) => t.cellError({ error: cell.error })),
      );
    else if (cell?.kind === "date" && column === "commitmentDue") input[column] = cell.day;
    else input[column] = textOf(cell);
  }
  const present = (column: SheetColumn) => (input[column] ?? "").trim() !== "";
  const result = context.schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    for (const error of toFieldErrors(result.error)) {
      const field = error.path as SheetColumn;
      const issue = result.error.issues.find((i) => i.path.join(".") === error.path);
      const own = issue && CELL_CODES.has(issue.message) ? (issue.message as CellCode) : undefined;
      refuse(field, own ? cellMessage(own, context.offered) : error.message);
    }
  }
  // What one column says only with another.
  if (present("phone") && !present("raisedBy")) refuse("raisedBy", both(sheetCellText, "phoneWithoutName"));
  if (present("answeredBy") && !present("hallAnswer")) {
    refuse("hallAnswer", both(sheetCellText, "answeredByWithoutAnswer"));
  }
  if ((present("commitmentAgency") || present("commitmentDue")) && !present("commitment")) {
    refuse("commitment", both(sheetCellText, "commitmentMissing"));
  }
  if (refused.length > 0 || !result.success) return refused;
  const v = result.data;
  const categoryAgency = context.config.categories.find((c) => c.id === v.category)?.agency as string;
  return {
    ...(v.raisedBy ? { raisedBy: { fullName: v.raisedBy, ...(v.phone ? { phone: v.phone } : {}) } } : {}),
    ...(v.village ? { village: v.village } : {}),
    category: v.category,
    title: v.title,
    content: v.content ?? v.title,
    ...(v.hallAnswer ? { hallAnswer: { text: v.hallAnswer, ...(v.answeredBy ? { by: v.answeredBy } : {}) } } : {}),
    ...(v.commitment
      ? {
          commitment: {
            what: v.commitment,
            agency: v.commitmentAgency ?? categoryAgency,
            ...(v.commitmentDue ? { due: v.commitmentDue } : {}),
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------

type Kind = "xlsx" | "csv" | "old-excel" | "other";

/** What the file is, by its first bytes first (a renamed file is what it holds), then by its name and type. */
function kindOf(file: SheetFile): Kind {
  const head = file.data.subarray(0, 4).toString("hex");
  if (head === "504b0304") return "xlsx";
  if (head === "d0cf11e0") return "old-excel";
  const name = file.filename.toLowerCase();
  const type = file.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (name.endsWith(".xlsx") || name.endsWith(".xls")) return "other";
  if (name.endsWith(".csv") || name.endsWith(".txt")) return "csv";
  // Windows names a .csv file application/vnd.ms-excel.
  if (["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"].includes(type)) return "csv";
  return "other";
}

/**
 * Reads the issues of an uploaded sheet. `eventCommune` is the session's commune: an agency that answers per commune
 * may be named after it ("UBND Xã Thượng Lâm"). A file that is not a sheet, has no header row, no issue row or more
 * than MAX_SHEET_ROWS is refused whole (`refused` holds one entry, row 0, field "file", and `rows` is empty);
 * otherwise every row's every problem is in `refused`, and the rows with none are in `rows`.
 */
export async function readIssueSheet(
  file: SheetFile,
  config: Config,
  helpers: ConfigHelpers,
  eventCommune: string,
): Promise<IssueSheet> {
  if (file.data.length === 0) return refusedWhole(both(fileText, "empty"));
  const kind = kindOf(file);
  if (kind === "old-excel") return refusedWhole(both(fileText, "oldExcel"));
  if (kind === "other") return refusedWhole(both(fileText, "notSheet"));
  let rows: SheetRow[];
  let columns: Columns | undefined;
  if (kind === "xlsx") {
    const read = await workbookRows(file.data);
    if (!Array.isArray(read)) return refusedWhole(read);
    rows = read;
    columns = findHeader(rows);
  } else {
    const read = csvSheet(file.data);
    if ("vi" in read) return refusedWhole(read);
    rows = read.rows;
    columns = read.columns;
  }
  if (!columns) {
    return refusedWhole({
      vi: fileText.vi.noHeader({ title: sheetColumnsText.vi.title }),
      en: fileText.en.noHeader({ title: sheetColumnsText.en.title }),
    });
  }
  const { at } = columns;
  const known = Object.values(at) as number[];
  const data: SheetRow[] = [];
  let first = true;
  for (const row of rows.slice(columns.index + 1)) {
    const own = known.filter((col) => !row.inherited.has(col) && !isBlank(row.cells[col]));
    if (own.length === 0) continue;
    const numbering = first && isColumnNumbering(own.map((col) => textOf(row.cells[col])));
    first = false;
    if (numbering || isExample(row, at)) continue;
    data.push(row);
  }
  if (data.length === 0) return refusedWhole(both(fileText, "noRows"));
  if (data.length > MAX_SHEET_ROWS) {
    return refusedWhole(both(fileText, (t) => t.tooManyRows({ max: MAX_SHEET_ROWS, count: data.length })));
  }
  const find = lookups(config, helpers, eventCommune);
  const context: RowContext = { schema: rowSchema(find), config, offered: choices(config) };
  const out: IssueSheet = { rows: [], rowNumbers: [], refused: [...columns.problems] };
  for (const row of data) {
    const checked = checkRow(row, at, context);
    if (Array.isArray(checked)) out.refused.push(...checked);
    else {
      out.rows.push(checked);
      out.rowNumbers.push(row.number);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The template

/** One CSV cell, quoted when it holds a separator, a quote or a line break. */
const csvCell = (text: string) => (/[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * The template the organiser downloads: the header row and the example row, as a CSV file Excel opens with its
 * accents (UTF-8 with a byte-order mark, CRLF line ends). Vietnamese unless asked for English.
 */
export function sheetTemplateCsv(lang: Lang = "vi"): string {
  const header = SHEET_COLUMNS.map((c) => sheetColumnsText[lang][c]);
  const example = SHEET_COLUMNS.map((c) => sheetExampleText[lang][c]);
  return `\uFEFF${[header, example].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
