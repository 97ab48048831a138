import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { demoConfig } from "../../shared/config/demo.ts";
import { fieldText } from "../../shared/messages/common.ts";
import { nameFieldText } from "../../shared/messages/edge.ts";
import { sheetAliasesText, sheetCellText, sheetColumnsText, sheetFileText } from "../../shared/messages/sheet.ts";
import { foldForMatch, multiLine, singleLine } from "../../shared/platform/text.ts";
import {
  type CsvRecord,
  csvRecords,
  type IssueRow,
  type IssueSheet,
  inspectZip,
  MAX_SHEET_CELLS,
  MAX_SHEET_ROWS,
  MAX_UNZIPPED_BYTES,
  readIssueSheet,
  SHEET_COLUMNS,
  type SheetColumn,
  sheetDay,
  sheetTemplateCsv,
} from "../../shared/sessions/sheet.ts";

/**
 * The import of a session's issues from a spreadsheet, against real files: workbooks written by exceljs (as Excel
 * saves them: shared strings, date cells, formulas with their saved results, merged cells) and CSV files as Excel
 * writes them in Vietnam (semicolons, a byte-order mark, CRLF), read with the demo district's configuration for the
 * dialogue session of Thượng Lâm.
 */

const config = demoConfig();
const helpers = configHelpers(config);
const COMMUNE = "thuong-lam";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const HEADER = [
  "Người nêu",
  "Số điện thoại",
  "Thôn, bản",
  "Lĩnh vực",
  "Vấn đề",
  "Nội dung",
  "Đã trả lời tại hội nghị",
  "Người trả lời",
  "Cam kết",
  "Cơ quan thực hiện",
  "Hạn",
];

type Row = unknown[] | undefined;

/** A workbook whose first sheet holds `rows` from row 1 (undefined: a row left empty). */
async function workbook(rows: Row[], edit?: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Vấn đề");
  rows.forEach((row, i) => {
    if (row) sheet.getRow(i + 1).values = row as ExcelJS.CellValue[];
  });
  edit?.(sheet, book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An issue with its sheet row, as these tests compare them. */
type Numbered = IssueRow & { row: number };
interface Read {
  rows: Numbered[];
  refused: IssueSheet["refused"];
}

/** The sheet read, each row with its number (`rowNumbers`) beside what it says. */
const numbered = (sheet: IssueSheet): Read => {
  expect(sheet.rowNumbers).toHaveLength(sheet.rows.length);
  return { rows: sheet.rows.map((r, i) => ({ row: sheet.rowNumbers[i] as number, ...r })), refused: sheet.refused };
};

const readXlsx = async (data: Buffer, filename = "van-de.xlsx") =>
  numbered(await readIssueSheet({ filename, contentType: XLSX, data }, config, helpers, COMMUNE));
const readCsv = async (text: string | Buffer, filename = "van-de.csv", contentType = "text/csv") =>
  numbered(
    await readIssueSheet(
      { filename, contentType, data: typeof text === "string" ? Buffer.from(text) : text },
      config,
      helpers,
      COMMUNE,
    ),
  );

/** A CSV file as Excel writes it: a cell quoted when it holds the separator, a quote or a line break. */
function csv(rows: string[][], separator = ";", lineEnd = "\r\n", bom = true): string {
  const cell = (v: string) => (/["\r\n,;]/.test(v) || v.includes(separator) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${bom ? "\uFEFF" : ""}${rows.map((r) => r.map(cell).join(separator)).join(lineEnd)}${lineEnd}`;
}

const where = (sheet: Read) => sheet.refused.map((r) => `${r.row} ${r.field}`);
const wholeRefusal = (sheet: Read) => {
  expect(sheet.rows).toEqual([]);
  expect(sheet.refused).toHaveLength(1);
  expect(sheet.refused[0]).toMatchObject({ row: 0, field: "file" });
  return sheet.refused[0]?.message;
};

describe("an Excel workbook", () => {
  it("reads every column of a Vietnamese sheet: NFD text as NFC, a date cell, a phone Excel took for a number", async () => {
    const nfd = (s: string) => s.normalize("NFD");
    const data = await workbook([
      HEADER,
      [
        nfd("Hoàng Thị Mai"),
        912345678,
        nfd("Nà Liềm"),
        "Y tế",
        nfd("Trạm y tế xã thiếu thuốc"),
        nfd("Trạm y tế thiếu thuốc hạ sốt.\r\nChị em phải xuống huyện mua."),
        nfd("Phòng Y tế sẽ cấp bổ sung thuốc"),
        nfd("Trưởng phòng Y tế huyện"),
        nfd("Cấp bổ sung thuốc hạ sốt"),
        "Phòng Y tế",
        new Date(Date.UTC(2027, 6, 31)),
      ],
      ["", "", "Khuổi Củng", "infrastructure", "Đường vào bản sạt lở"],
      [
        "Ma Thị Hoa",
        "",
        "",
        "Policy credit and loans",
        "Xin vay vốn nuôi bò",
        "",
        "Sẽ xét cho vay đợt tháng 7",
        "",
        "Xét cho vay",
        "",
        "15/08/2027",
      ],
      [
        "",
        "",
        "",
        "ĐƯỜNG GIAO THÔNG, ĐIỆN",
        "Điện chập chờn",
        "",
        "",
        "",
        "Sửa đường dây",
        "UBND Xã Thượng Lâm",
        "2027-09-01",
      ],
    ]);
    const sheet = await readXlsx(data);
    expect(sheet.refused).toEqual([]);
    expect(sheet.rows).toEqual([
      {
        row: 2,
        raisedBy: { fullName: "Hoàng Thị Mai", phone: "+84912345678" },
        village: "Nà Liềm",
        category: "health",
        title: "Trạm y tế xã thiếu thuốc",
        content: "Trạm y tế thiếu thuốc hạ sốt.\nChị em phải xuống huyện mua.",
        hallAnswer: { text: "Phòng Y tế sẽ cấp bổ sung thuốc", by: "Trưởng phòng Y tế huyện" },
        commitment: { what: "Cấp bổ sung thuốc hạ sốt", agency: "phong-yte", due: "2027-07-31" },
      },
      {
        row: 3,
        village: "Khuổi Củng",
        category: "infrastructure",
        title: "Đường vào bản sạt lở",
        content: "Đường vào bản sạt lở",
      },
      {
        row: 4,
        raisedBy: { fullName: "Ma Thị Hoa" },
        category: "credit",
        title: "Xin vay vốn nuôi bò",
        content: "Xin vay vốn nuôi bò",
        hallAnswer: { text: "Sẽ xét cho vay đợt tháng 7" },
        // No agency named: the category's.
        commitment: { what: "Xét cho vay", agency: "nhcsxh", due: "2027-08-15" },
      },
      {
        row: 5,
        category: "infrastructure",
        title: "Điện chập chờn",
        content: "Điện chập chờn",
        commitment: { what: "Sửa đường dây", agency: "ubnd-xa", due: "2027-09-01" },
      },
    ] satisfies Numbered[]);
    const text = JSON.stringify(sheet);
    expect(text).toBe(text.normalize("NFC"));
  });

  it("takes a formula's saved result without evaluating it, and keeps text that starts with = + - @ as text", async () => {
    const data = await workbook(
      [
        HEADER,
        [
          "Lò Thị Sen",
          "",
          { formula: 'UPPER("nà liềm")', result: "NÀ LIỀM" },
          "health",
          // Evaluated, this would be 2: the saved result is what the sheet showed her.
          { formula: "1+1", result: "Thiếu nước sạch" },
          '=HYPERLINK("http://example.org","bấm vào đây")',
          "+ Sẽ khắc phục",
          "@Chủ tịch xã",
          "- Khoan giếng",
          "",
          { formula: "DATE(2027,10,1)", result: new Date(Date.UTC(2027, 9, 1)) },
        ],
        ["", "", "", "health", { formula: "A1" }],
        ["", "", "", { formula: "1/0", result: { error: "#DIV/0!" } }, "Trường học xuống cấp"],
      ],
      (sheet) => {
        sheet.getCell("K2").numFmt = "dd/mm/yyyy";
      },
    );
    const sheet = await readXlsx(data);
    expect(sheet.rows).toEqual([
      {
        row: 2,
        raisedBy: { fullName: "Lò Thị Sen" },
        village: "NÀ LIỀM",
        category: "health",
        title: "Thiếu nước sạch",
        content: '=HYPERLINK("http://example.org","bấm vào đây")',
        hallAnswer: { text: "+ Sẽ khắc phục", by: "@Chủ tịch xã" },
        commitment: { what: "- Khoan giếng", agency: "phong-yte", due: "2027-10-01" },
      },
    ]);
    expect(sheet.refused).toEqual([
      { row: 3, field: "title", message: { vi: sheetCellText.vi.formulaNoValue, en: sheetCellText.en.formulaNoValue } },
      {
        row: 4,
        field: "category",
        message: {
          vi: sheetCellText.vi.cellError({ error: "#DIV/0!" }),
          en: sheetCellText.en.cellError({ error: "#DIV/0!" }),
        },
      },
    ]);
  });

  it("reports every problem of every row beside its row and column, skips blank rows, and keeps the good rows", async () => {
    const good = ["Hà Thị Thu", "0987 654 321", "Nà Liềm", "education", "Thiếu phòng học"];
    const data = await workbook([
      HEADER,
      ["Hà Thị Thu", "0987654321", "", "giáo dục và y tế", "Thiếu phòng học"], // 2: no such category
      ["Hà Thị Thu", "0123 456 789", "", "education", "Thiếu phòng học"], // 3: not a mobile number
      undefined, // 4: blank
      ["", "", "", "", "", "", "", "", "", "", ""], // 5: blank, every cell an empty string
      ["  ", " ", "", "", "\t"], // 6: blank, only spaces
      good, // 7
      ["", "0987654321", "", "education", "Thiếu phòng học"], // 8: a phone without a name
      ["Hà Thị Thu 2", "", "", "education", "Thiếu phòng học"], // 9: a name with a digit
      ["", "", "", "education", "x".repeat(201)], // 10: too long
      ["", "", "", "education", ""], // 11: no title
      ["", "", "", "education", "Thiếu giáo viên", "", "", "Hiệu trưởng"], // 12: answered by, no answer
      ["", "", "", "education", "Thiếu giáo viên", "", "", "", "", "phong-gddt", "31/12/2027"], // 13: no commitment
      ["", "", "", "education", "Thiếu giáo viên", "", "", "", "Xây thêm lớp", "", "31/02/2027"], // 14: no such day
      ["", "", "", "education", "Thiếu giáo viên", "", "", "", "Xây thêm lớp", "Sở Giáo dục", ""], // 15: no such agency
      ["Lan", "12", "", "", "", "", "", "x"], // 16: four problems
      good, // 17
    ]);
    const sheet = await readXlsx(data);
    expect(sheet.rows.map((r) => r.row)).toEqual([7, 17]);
    expect(sheet.rows[0]).toMatchObject({ raisedBy: { fullName: "Hà Thị Thu", phone: "+84987654321" } });
    expect(where(sheet)).toEqual([
      "2 category",
      "3 phone",
      "8 raisedBy",
      "9 raisedBy",
      "10 title",
      "11 title",
      "12 hallAnswer",
      "13 commitment",
      "14 commitmentDue",
      "15 commitmentAgency",
      "16 phone",
      "16 category",
      "16 title",
      "16 hallAnswer",
    ]);
    const message = (row: number, field: string) =>
      sheet.refused.find((r) => r.row === row && r.field === field)?.message;
    expect(message(2, "category")?.vi).toContain(
      "Vốn vay, tín dụng chính sách; Y tế, chăm sóc sức khỏe bà mẹ và trẻ em",
    );
    expect(message(2, "category")?.en).toContain("Policy credit and loans; Health, maternal and child care");
    expect(message(3, "phone")).toEqual({ vi: fieldText.vi.phone_invalid, en: fieldText.en.phone_invalid });
    expect(message(8, "raisedBy")?.vi).toBe(sheetCellText.vi.phoneWithoutName);
    expect(message(9, "raisedBy")?.en).toBe(nameFieldText.en.name_invalid);
    expect(message(10, "title")?.vi).toBe(fieldText.vi.too_long({ max: 200 }));
    expect(message(11, "title")?.en).toBe(fieldText.en.required);
    expect(message(12, "hallAnswer")?.vi).toBe(sheetCellText.vi.answeredByWithoutAnswer);
    expect(message(13, "commitment")?.en).toBe(sheetCellText.en.commitmentMissing);
    expect(message(14, "commitmentDue")?.vi).toBe(sheetCellText.vi.dateInvalid);
    expect(message(15, "commitmentAgency")?.vi).toContain("Phòng Y tế huyện Lâm Bình");
  });

  it("takes 500 issue rows, and refuses 501 whole", async () => {
    const rows = (n: number) => [
      HEADER,
      ...Array.from({ length: n }, (_, i) => ["", "", `Thôn ${i}`, "other", `Vấn đề số ${i + 1}`]),
    ];
    const started = performance.now();
    const full = await readXlsx(await workbook(rows(MAX_SHEET_ROWS)));
    const readMs = performance.now() - started;
    expect(full.refused).toEqual([]);
    expect(full.rows).toHaveLength(MAX_SHEET_ROWS);
    expect(full.rows.at(-1)).toMatchObject({ row: MAX_SHEET_ROWS + 1, title: "Vấn đề số 500" });
    const over = wholeRefusal(await readXlsx(await workbook(rows(MAX_SHEET_ROWS + 1))));
    expect(over?.vi).toBe(sheetFileText.vi.tooManyRows({ max: 500, count: 501 }));
    // Blank rows are not issues: 500 of them among 500 issues are still one import.
    const spaced = rows(MAX_SHEET_ROWS).flatMap((r, i) => (i === 0 ? [r] : [r, undefined]));
    expect((await readXlsx(await workbook(spaced))).rows).toHaveLength(MAX_SHEET_ROWS);
    console.log(`500-row workbook read in ${readMs.toFixed(0)} ms`);
  });

  it("gives each issue as what it says, its row beside it: a row inserted above changes its number, not its value", async () => {
    const issue = ["Lò Thị Sen", "0912345678", "Nà Liềm", "health", "Thiếu thuốc"];
    const before = await readIssueSheet(
      { filename: "a.xlsx", contentType: XLSX, data: await workbook([HEADER, issue]) },
      config,
      helpers,
      COMMUNE,
    );
    const after = await readIssueSheet(
      {
        filename: "a.xlsx",
        contentType: XLSX,
        data: await workbook([HEADER, ["", "", "", "other", "Mới thêm"], issue]),
      },
      config,
      helpers,
      COMMUNE,
    );
    expect(before.rowNumbers).toEqual([2]);
    expect(after.rowNumbers).toEqual([2, 3]);
    expect(after.rows[1]).toEqual(before.rows[0]);
    expect(JSON.stringify(after.rows[1])).toBe(JSON.stringify(before.rows[0]));
    expect(before.rows[0]).not.toHaveProperty("row");
  });

  it("reads the first worksheet only, in the workbook's order", async () => {
    const data = await workbook([], (_, book) => {
      book.removeWorksheet(book.worksheets[0]?.id as number);
      const first = book.addWorksheet("Hội nghị");
      first.addRow(HEADER);
      first.addRow(["", "", "", "land", "Tranh chấp đất rừng"]);
      const second = book.addWorksheet("Nháp");
      second.addRow(HEADER);
      second.addRow(["", "", "", "không có", ""]);
    });
    const sheet = await readXlsx(data);
    expect(sheet.refused).toEqual([]);
    expect(sheet.rows.map((r) => r.title)).toEqual(["Tranh chấp đất rừng"]);
  });

  it("finds the header under a title block, in any case, with or without accents, in English, and reads past STT and notes", async () => {
    const data = await workbook([
      ["DANH SÁCH Ý KIẾN, KIẾN NGHỊ TẠI HỘI NGHỊ ĐỐI THOẠI"],
      ["Xã Thượng Lâm, ngày 15/03/2027"],
      undefined,
      ["STT", "NGUOI NEU", "so dien thoai (di dong)", "Thôn/bản", "Category", "Title", "Ghi chú", "Due"],
      ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
      [1, "Nông Thị Lan", "+84 356 789 003", "Bản Khiếu", "ethnic-policy", "Hỗ trợ nhà ở", "đã gửi xã"],
      [2, "", "", "", "Khác", "Tảo hôn ở bản"],
      [3],
    ]);
    const sheet = await readXlsx(data);
    expect(sheet.refused).toEqual([]);
    expect(sheet.rows).toEqual([
      {
        row: 6,
        raisedBy: { fullName: "Nông Thị Lan", phone: "+84356789003" },
        village: "Bản Khiếu",
        category: "ethnic-policy",
        title: "Hỗ trợ nhà ở",
        content: "Hỗ trợ nhà ở",
      },
      { row: 7, category: "other", title: "Tảo hôn ở bản", content: "Tảo hôn ở bản" },
    ]);
  });

  it("refuses an unknown or repeated column at the header row, and still checks every row", async () => {
    const data = await workbook([
      ["Vấn đề", "Lĩnh vực", "Số hộ", "Thôn", "Bản"],
      ["Thiếu nước", "land", "12", "Nà Liềm", "Nà Liềm"],
      ["Thiếu nước", "xây dựng"],
    ]);
    const sheet = await readXlsx(data);
    expect(where(sheet)).toEqual(["1 header", "1 header", "3 category"]);
    expect(sheet.refused[0]?.message.vi).toBe(sheetFileText.vi.unknownColumn({ name: "Số hộ" }));
    expect(sheet.refused[1]?.message.en).toBe(sheetFileText.en.duplicateColumn({ name: "Bản" }));
    expect(sheet.rows.map((r) => r.row)).toEqual([2]);
  });

  it("gives a village merged down a column to each of its rows, and a title merged across to the title only", async () => {
    const data = await workbook(
      [
        ["Thôn, bản", "Lĩnh vực", "Vấn đề", "Cam kết"],
        ["Nà Liềm", "land", "Sạt lở đất"],
        [null, "health", "Thiếu thuốc", "Cấp thuốc"],
        [null, "education", "Trường xa"],
        [null],
      ],
      (sheet) => {
        sheet.mergeCells("A2:A5");
        sheet.mergeCells("C2:D2");
      },
    );
    const sheet = await readXlsx(data);
    expect(sheet.refused).toEqual([]);
    expect(sheet.rows.map((r) => [r.row, r.village, r.title, r.commitment?.what])).toEqual([
      [2, "Nà Liềm", "Sạt lở đất", undefined],
      [3, "Nà Liềm", "Thiếu thuốc", "Cấp thuốc"],
      [4, "Nà Liềm", "Trường xa", undefined],
    ]);
  });
});

/** A zip of one entry: `content` deflated, its directory claiming `claimed` bytes unpacked. */
function zipOf(name: string, content: Buffer, claimed = content.length): Buffer {
  const packed = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(claimed, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(claimed, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = local.length + nameBytes.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return Buffer.concat([local, nameBytes, packed, central, nameBytes, end]);
}

describe("a file that is not a sheet of issues is refused whole, with one message", () => {
  it.each([
    ["an empty file", Buffer.alloc(0), "issues.xlsx", "empty"],
    ["a PDF", Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "bien-ban.pdf", "notSheet"],
    ["a PDF named .xlsx", Buffer.from("%PDF-1.7\n"), "bien-ban.xlsx", "notSheet"],
    ["an old .xls", Buffer.from("d0cf11e0a1b11ae1000000000000000000", "hex"), "issues.xls", "oldExcel"],
    [
      "a damaged zip",
      Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(200, 7)]),
      "issues.xlsx",
      "unreadable",
    ],
    ["a zip that is no workbook", zipOf("hello.txt", Buffer.from("xin chào")), "issues.xlsx", "notSheet"],
  ] as const)("%s", async (_, data, filename, key) => {
    const message = wholeRefusal(await readXlsx(data, filename));
    expect(message).toEqual({ vi: sheetFileText.vi[key], en: sheetFileText.en[key] });
  });

  it("refuses a workbook that unpacks past MAX_UNZIPPED_BYTES before exceljs unpacks it, even if its directory lies", async () => {
    const zeros = Buffer.alloc(MAX_UNZIPPED_BYTES + 1);
    for (const claimed of [zeros.length, 1000]) {
      const bomb = zipOf("xl/sharedStrings.xml", zeros, claimed);
      expect(bomb.length).toBeLessThan(64 * 1024);
      expect(inspectZip(bomb, MAX_UNZIPPED_BYTES)).toBe("too-large");
      const message = wholeRefusal(await readXlsx(bomb));
      expect(message?.en).toBe(sheetFileText.en.unzippedTooLarge({ max: "20 MB" }));
    }
    expect(inspectZip(zipOf("xl/sharedStrings.xml", Buffer.alloc(MAX_UNZIPPED_BYTES)), MAX_UNZIPPED_BYTES)).toEqual({
      bytes: MAX_UNZIPPED_BYTES,
      cells: 0,
    });
  });

  it("counts a workbook's cells before exceljs builds them, and refuses more than MAX_SHEET_CELLS", async () => {
    const real = await workbook([["Vấn đề", "Lĩnh vực"], ["Đường", "other", "x"], undefined, [null, "y"]]);
    const contents = inspectZip(real, MAX_UNZIPPED_BYTES);
    expect(contents).toEqual({ bytes: expect.any(Number), cells: 6 });
    expect((contents as { bytes: number }).bytes).toBeGreaterThan(real.length);
    // As Excel and the OpenXML SDK write them: empty styled cells, and a namespace prefix.
    const sheet = (n: number, cell: string) =>
      Buffer.from(`<worksheet><sheetData><row r="1">${cell.repeat(n)}</row></sheetData></worksheet>`);
    expect(
      inspectZip(zipOf("xl/worksheets/sheet1.xml", sheet(3, '<x:c r="A1" s="1"/>')), MAX_UNZIPPED_BYTES),
    ).toMatchObject({ cells: 3 });
    expect(
      inspectZip(zipOf("xl/worksheets/sheet1.xml", sheet(2, "<c><v>1</v></c><col/>")), MAX_UNZIPPED_BYTES),
    ).toMatchObject({ cells: 2 });
    const crowded = zipOf("xl/worksheets/sheet1.xml", sheet(MAX_SHEET_CELLS + 1, '<c r="A1" s="3"/>'));
    expect(wholeRefusal(await readXlsx(crowded))?.vi).toBe(sheetFileText.vi.tooManyCells({ max: MAX_SHEET_CELLS }));
    const full = zipOf("xl/worksheets/sheet1.xml", sheet(MAX_SHEET_CELLS, '<c r="A1" s="3"/>'));
    expect(inspectZip(full, MAX_UNZIPPED_BYTES)).toMatchObject({ cells: MAX_SHEET_CELLS });
    // Not refused for its cells (a worksheet alone is no workbook exceljs reads).
    expect(wholeRefusal(await readXlsx(full))?.vi).not.toBe(sheetFileText.vi.tooManyCells({ max: MAX_SHEET_CELLS }));
  });

  it("refuses a sheet without a title column, and one with no issue under its header", async () => {
    const noHeader = wholeRefusal(
      await readXlsx(
        await workbook([
          ["Họ tên", "Ý kiến"],
          ["Lan", "Đường hỏng"],
        ]),
      ),
    );
    expect(noHeader?.vi).toBe(sheetFileText.vi.noHeader({ title: "Vấn đề" }));
    expect(noHeader?.en).toBe(sheetFileText.en.noHeader({ title: "Title" }));
    // The header is looked for in the first 10 rows that hold anything.
    const late = [...Array.from({ length: 10 }, (_, i) => [`Dòng ${i}`]), HEADER, ["", "", "", "other", "Vấn đề"]];
    expect(wholeRefusal(await readXlsx(await workbook(late)))?.en).toBe(noHeader?.en);
    const empty = wholeRefusal(await readXlsx(await workbook([HEADER, undefined, ["", " "]])));
    expect(empty?.vi).toBe(sheetFileText.vi.noRows);
  });
});

describe("a CSV file", () => {
  const rows = [
    HEADER,
    [
      "Lường Thị Hiền",
      "912345678",
      "Nà Liềm",
      "Việc làm, sinh kế, giảm nghèo",
      'Học nghề "may công nghiệp"',
      "Dòng một; có dấu chấm phẩy, và dấu phẩy\r\nDòng hai",
      "",
      "",
      "",
      "",
      "",
    ],
    ["", "", "Khuổi Củng", "other", "Thiếu nước; mùa khô", "", "", "", "Khoan giếng", "ubnd-xa", "1/9/2027"],
  ];
  const expected: Numbered[] = [
    {
      row: 2,
      raisedBy: { fullName: "Lường Thị Hiền", phone: "+84912345678" },
      village: "Nà Liềm",
      category: "employment",
      title: 'Học nghề "may công nghiệp"',
      content: "Dòng một; có dấu chấm phẩy, và dấu phẩy\nDòng hai",
    },
    {
      row: 3,
      village: "Khuổi Củng",
      category: "other",
      title: "Thiếu nước; mùa khô",
      content: "Thiếu nước; mùa khô",
      commitment: { what: "Khoan giếng", agency: "ubnd-xa", due: "2027-09-01" },
    },
  ];

  it("reads semicolons with a byte-order mark and CRLF (Excel in Vietnam), quoted line breaks and quotes", async () => {
    const text = csv(rows, ";");
    expect(text).toContain('"Học nghề ""may công nghiệp"""');
    expect(await readCsv(text)).toEqual({ rows: expected, refused: [] });
  });

  it("reads its first header past the byte-order mark, even quoted", async () => {
    const sheet = await readCsv('\uFEFF"Số hộ";Vấn đề;Lĩnh vực\r\n12;Đường;other\r\n');
    expect(sheet.refused).toEqual([
      {
        row: 1,
        field: "header",
        message: {
          vi: sheetFileText.vi.unknownColumn({ name: "Số hộ" }),
          en: sheetFileText.en.unknownColumn({ name: "Số hộ" }),
        },
      },
    ]);
  });

  it("reads commas without a byte-order mark, and LF or CR line ends", async () => {
    for (const lineEnd of ["\n", "\r"]) {
      expect(await readCsv(csv(rows, ",", lineEnd, false))).toEqual({ rows: expected, refused: [] });
    }
  });

  it("follows Excel's sep= line, which is no row", async () => {
    expect(await readCsv(`sep=;\r\n${csv(rows, ";", "\r\n", false)}`)).toEqual({ rows: expected, refused: [] });
  });

  it("numbers rows as Excel shows them: a line break inside quotes does not start a row, an empty line does", async () => {
    const text = csv([HEADER, ["", "", "", "other", "Một\nhai\nba"], [], ["", "", "", "other", "Bốn"]], ",");
    expect((await readCsv(text)).rows.map((r) => [r.row, r.title])).toEqual([
      [2, "Một hai ba"],
      [4, "Bốn"],
    ]);
  });

  it("is known by its name or its type (Windows calls a .csv application/vnd.ms-excel); a zip is a workbook whatever its name", async () => {
    const text = csv(rows, ";");
    expect((await readCsv(text, "van-de.txt", "text/plain")).rows).toEqual(expected);
    expect((await readCsv(text, "upload", "application/vnd.ms-excel")).rows).toEqual(expected);
    const xlsx = await workbook(rows);
    expect((await readCsv(xlsx, "van-de.csv", "text/csv")).rows).toEqual(expected);
  });

  it("is refused whole when it is not UTF-8 (Excel's plain CSV in Windows-1258) or a quote is never closed", async () => {
    const legacy = Buffer.from("V\xe2n \xf0\xea;L\xecnh v\xf4\xf4c\r\n", "latin1");
    expect(wholeRefusal(await readCsv(legacy))?.vi).toBe(sheetFileText.vi.notUtf8);
    const unclosed = `${csv([HEADER, ["", "", "", "other", "Đường"]])}"Lan;;;other;Vấn đề\r\n`;
    expect(wholeRefusal(await readCsv(unclosed))?.en).toBe(sheetFileText.en.unclosedQuote({ row: 3 }));
  });
});

describe("the template", () => {
  it("is a CSV file Excel opens with its accents: the Vietnamese header row and an example row", () => {
    const template = sheetTemplateCsv();
    expect(template.startsWith("\uFEFF")).toBe(true);
    const lines = template.slice(1).split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(csvRecords(template.slice(1), ",")).toEqual([
      { number: 1, cells: HEADER },
      { number: 2, cells: expect.any(Array) },
    ]);
  });

  it("is read as a sheet with its example left out, in either language, and takes the rows typed under it", async () => {
    for (const lang of ["vi", "en"] as const) {
      const template = sheetTemplateCsv(lang);
      expect(wholeRefusal(await readCsv(template))?.en).toBe(sheetFileText.en.noRows);
      const filled = `${template},,,other,Trường mầm non thiếu cô giáo\r\n`;
      expect((await readCsv(filled)).rows).toEqual([
        { row: 3, category: "other", title: "Trường mầm non thiếu cô giáo", content: "Trường mầm non thiếu cô giáo" },
      ]);
      // Saved by Excel as a workbook, the example (its phone now a number, its day a date) is still left out.
      const records = (csvRecords(template.slice(1), ",") as CsvRecord[]).map((r) => r.cells);
      const example = (records[1] as string[]).map((v, i) =>
        i === 1 ? 912345678 : i === 10 ? new Date(`${sheetDay(v)}T00:00:00Z`) : v,
      );
      expect(wholeRefusal(await readXlsx(await workbook([records[0], example])))?.vi).toBe(sheetFileText.vi.noRows);
    }
  });
});

describe("the header names", () => {
  it("never name two columns alike, in either language", () => {
    const owner = new Map<string, string>();
    for (const lang of ["vi", "en"] as const) {
      const names: [string, string][] = [
        ...SHEET_COLUMNS.flatMap((c): [string, string][] => [
          [sheetColumnsText[lang][c], c],
          ...sheetAliasesText[lang][c].split("|").map((a): [string, string] => [a, c]),
        ]),
        ...sheetAliasesText[lang].ignored.split("|").map((a): [string, string] => [a, "ignored"]),
      ];
      for (const [name, column] of names) {
        const key = foldForMatch(name);
        expect(owner.get(key) ?? column, `${name} (${lang})`).toBe(column);
        owner.set(key, column);
      }
    }
  });
});

describe("days", () => {
  it.each([
    ["31/07/2027", "2027-07-31"],
    ["1/9/2027", "2027-09-01"],
    ["01.09.2027", "2027-09-01"],
    ["29-02-2028", "2028-02-29"],
    ["2027-7-5", "2027-07-05"],
    [" 2027-07-31 ", "2027-07-31"],
  ])("reads %s as %s", (text, day) => {
    expect(sheetDay(text)).toBe(day);
  });

  it.each(["31/02/2027", "29/02/2027", "2027/07/31", "07/31/2027", "31/07/27", "31/07/1999", "tháng 7", "46599"])(
    "refuses %s",
    (text) => {
      expect(sheetDay(text)).toBeUndefined();
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Properties: any rows of valid values come back as they were meant, from a workbook and from a CSV file.

const LETTERS = [..."aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"];
const WORDS = ["Hoàng", "Thị", "Lan", "Ma", "Nông", "Hứa", "Đặng", "Lò", "Mai", "H'Hen", "Ngọc", "Ánh", "Triệu", "Bàn"];
const word = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 8 });
/** Text as people type it into a cell: words, digits, punctuation that means something to a CSV file or a formula. */
const phrase = (max: number) =>
  fc
    .array(fc.oneof(word, fc.constantFrom("=", "+", "-", "@", '"', ";", ",", "'", "1", "2027", "(1)", "\n", "  ")), {
      minLength: 1,
      maxLength: Math.min(max, 30),
    })
    .map((parts) => parts.join(" ").slice(0, max))
    .filter((t) => singleLine(t) !== "");
const name = fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 4 }).map((w) => w.join(" "));
const phone = fc
  .tuple(fc.constantFrom("3", "5", "7", "8", "9"), fc.stringMatching(/^\d{8}$/), fc.nat(3))
  .map(([first, rest, style]) => {
    const e164 = `+84${first}${rest}`;
    const national = `0${first}${rest}`;
    const written = [
      national,
      `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`,
      `+84 ${first}${rest}`,
      `84${first}${rest}`,
    ][style] as string;
    return { written, e164 };
  });
const stripAccents = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const category = fc.tuple(fc.constantFrom(...config.categories), fc.nat(3)).map(([c, style]) => ({
  id: c.id,
  agency: c.agency,
  written: [c.id, c.name, c.en, stripAccents(c.name).toUpperCase()][style] as string,
}));
const agency = fc
  .tuple(fc.constantFrom(...config.agencies), fc.boolean())
  .map(([a, byId]) => ({ id: a.id, written: byId ? a.id : a.name }));
const day = fc
  .date({ min: new Date("2027-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const issue = fc.record({
  raisedBy: fc.option(fc.record({ name, phone: fc.option(phone, { nil: undefined }) }), { nil: undefined }),
  village: fc.option(phrase(100), { nil: undefined }),
  category,
  title: phrase(200),
  content: fc.option(phrase(2000), { nil: undefined }),
  answer: fc.option(fc.record({ text: phrase(500), by: fc.option(phrase(200), { nil: undefined }) }), {
    nil: undefined,
  }),
  commitment: fc.option(
    fc.record({
      what: phrase(1000),
      agency: fc.option(agency, { nil: undefined }),
      due: fc.option(fc.record({ day, style: fc.constantFrom("dmy", "iso", "cell") }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});
type Issue = typeof issue extends fc.Arbitrary<infer T> ? T : never;

const nfd = (s: string | undefined) => (s === undefined ? "" : s.normalize("NFD"));

/** The issue's cells in the sheet's column order; a date is a Date cell only where `cells` allows it. */
function cellsOf(i: Issue, columns: readonly SheetColumn[], cells: boolean): unknown[] {
  const due = i.commitment?.due;
  const [y, m, d] = due ? due.day.split("-") : [];
  const value: Record<SheetColumn, unknown> = {
    raisedBy: nfd(i.raisedBy?.name),
    phone: i.raisedBy?.phone?.written ?? "",
    village: nfd(i.village),
    category: i.category.written,
    title: nfd(i.title),
    content: nfd(i.content),
    hallAnswer: nfd(i.answer?.text),
    answeredBy: nfd(i.answer?.by),
    commitment: nfd(i.commitment?.what),
    commitmentAgency: i.commitment?.agency?.written ?? "",
    commitmentDue: !due
      ? ""
      : due.style === "cell" && cells
        ? new Date(`${due.day}T00:00:00Z`)
        : due.style === "iso"
          ? due.day
          : `${d}/${m}/${y}`,
  };
  return columns.map((c) => value[c]);
}

function expectedRow(i: Issue, row: number): Numbered {
  const title = singleLine(i.title);
  return {
    row,
    ...(i.raisedBy
      ? { raisedBy: { fullName: i.raisedBy.name, ...(i.raisedBy.phone ? { phone: i.raisedBy.phone.e164 } : {}) } }
      : {}),
    ...(i.village ? { village: singleLine(i.village) } : {}),
    category: i.category.id,
    title,
    content: i.content ? multiLine(i.content) : title,
    ...(i.answer
      ? { hallAnswer: { text: multiLine(i.answer.text), ...(i.answer.by ? { by: singleLine(i.answer.by) } : {}) } }
      : {}),
    ...(i.commitment
      ? {
          commitment: {
            what: multiLine(i.commitment.what),
            agency: i.commitment.agency?.id ?? i.category.agency,
            ...(i.commitment.due ? { due: i.commitment.due.day } : {}),
          },
        }
      : {}),
  };
}

describe("properties", () => {
  const sheets = fc.record({
    issues: fc.array(issue, { minLength: 1, maxLength: 6 }),
    columns: fc.shuffledSubarray([...SHEET_COLUMNS], { minLength: SHEET_COLUMNS.length }),
    lang: fc.constantFrom("vi" as const, "en" as const),
  });

  it("any rows of valid values come back from a workbook as they were meant (NFC, trimmed, looked up)", async () => {
    await fc.assert(
      fc.asyncProperty(sheets, async ({ issues, columns, lang }) => {
        const header = columns.map((c) => sheetColumnsText[lang][c]);
        const data = await workbook([header, ...issues.map((i) => cellsOf(i, columns, true))]);
        expect(await readXlsx(data)).toEqual({ rows: issues.map((i, n) => expectedRow(i, n + 2)), refused: [] });
      }),
      { numRuns: 40 },
    );
  });

  it("any rows of valid values come back from a CSV file with either separator", async () => {
    await fc.assert(
      fc.asyncProperty(sheets, fc.constantFrom(",", ";"), fc.boolean(), async ({ issues, columns, lang }, sep, bom) => {
        const header = columns.map((c) => sheetColumnsText[lang][c]);
        const text = csv([header, ...issues.map((i) => cellsOf(i, columns, false) as string[])], sep, "\r\n", bom);
        // A line break inside a cell makes the next rows' numbers Excel's: one row per record, not per line.
        expect(await readCsv(text)).toEqual({ rows: issues.map((i, n) => expectedRow(i, n + 2)), refused: [] });
      }),
      { numRuns: 60 },
    );
  });

  it("reads back any table written as CSV, whatever its cells hold", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "ă", " ", ",", ";", '"', "\r", "\n", "\r\n", "=", "x"),
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(",", ";"),
        fc.constantFrom("\r\n", "\n"),
        (table, sep, lineEnd) => {
          const quote = (v: string) => (/[",;\r\n]/.test(v) || v === "" ? `"${v.replace(/"/g, '""')}"` : v);
          const text = table.map((r) => r.map(quote).join(sep)).join(lineEnd);
          // Numbered as Excel shows them; a record with nothing in it is counted, not kept.
          const expected = table
            .map((cells, i) => ({ number: i + 1, cells }))
            .filter((r) => r.cells.some((c) => c !== ""));
          expect(csvRecords(text, sep)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
