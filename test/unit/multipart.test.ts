import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/platform/errors.ts";
import {
  headerParameters,
  MAX_PART_HEADER_BYTES,
  MAX_PARTS,
  MAX_UPLOAD_BYTES,
  type Multipart,
  MultipartError,
  type MultipartProblem,
  parseMultipart,
} from "../../shared/platform/multipart.ts";

/**
 * The upload parser against bodies built by hand (every rule it enforces, each way to break it) and by Node's own
 * encoder (`new FormData()` serialised by `new Response(form)`: what fetch sends, and the same algorithm browsers
 * follow), with a real .xlsx made by exceljs as the file.
 */

const BOUNDARY = "----TiengNoiBoundary7MA4YWxkTrZu0gW";
const TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A body from parts written out: each part's header lines and its content. */
function body(parts: { headers: string[]; content: string | Buffer }[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers.join("\r\n")}\r\n\r\n`));
    chunks.push(typeof part.content === "string" ? Buffer.from(part.content) : part.content);
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const field = (name: string, value: string | Buffer) => ({
  headers: [`Content-Disposition: form-data; name="${name}"`],
  content: value,
});

function refusal(run: () => unknown): MultipartError {
  try {
    run();
  } catch (error) {
    if (error instanceof MultipartError) return error;
    throw error;
  }
  throw new Error("not refused");
}

const reasonOf = (run: () => unknown): MultipartProblem => refusal(run).reason;

/** Encoded by Node's fetch implementation (undici), as `fetch(url, { body: form })` sends it. */
async function encoded(form: FormData): Promise<{ data: Buffer; type: string }> {
  const response = new Response(form);
  return { data: Buffer.from(await response.arrayBuffer()), type: response.headers.get("content-type") as string };
}

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Vấn đề");
  sheet.addRow(["Người nêu", "Vấn đề"]);
  sheet.addRow(["Hoàng Thị Lan", "Đường vào bản Nà Liềm sạt lở"]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const count = (m: Multipart) => Object.keys(m.fields).length + Object.keys(m.files).length;

describe("a file upload as Node's FormData encoder sends it", () => {
  it("gives the text fields (NFC) and the .xlsx file byte for byte", async () => {
    const xlsx = await workbook();
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
    const form = new FormData();
    form.set("action", "import");
    form.set("note", "Hội nghị đối thoại Thượng Lâm".normalize("NFD"));
    form.set(
      "sheet",
      new File([xlsx], "Danh sách vấn đề.xlsx", {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      }),
    );
    const { data, type } = await encoded(form);
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const parsed = parseMultipart(data, type);
    expect({ ...parsed.fields }).toEqual({ action: "import", note: "Hội nghị đối thoại Thượng Lâm" });
    const sheet = parsed.files.sheet;
    expect(sheet?.filename).toBe("Danh sách vấn đề.xlsx");
    expect(sheet?.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(sheet?.data.equals(xlsx)).toBe(true);
    // The workbook still opens.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet?.data as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.getCell("B2").value).toBe("Đường vào bản Nà Liềm sạt lở");
  });

  it("reads a CSV file part, and an empty file as an empty field (Node's encoder leaves its empty name out)", async () => {
    const form = new FormData();
    form.set("sheet", new File(["Vấn đề;Lĩnh vực\r\nĐường;infrastructure\r\n"], "issues.csv", { type: "text/csv" }));
    form.set("photo", new File([], ""));
    const { data, type } = await encoded(form);
    const parsed = parseMultipart(data, type);
    expect(Object.keys(parsed.files)).toEqual(["sheet"]);
    expect(parsed.files.sheet?.data.toString()).toBe("Vấn đề;Lĩnh vực\r\nĐường;infrastructure\r\n");
    expect(parsed.fields.photo).toBe("");
  });
});

describe("a file upload built by hand", () => {
  it("reads quoted boundaries, RFC 5987 file names, a Windows path and a part without Content-Type", () => {
    const boundary = "a b(c)+_,-./:=?";
    const data = body(
      [
        { headers: ['Content-Disposition: form-data; name="sheet"; filename="C:\\Users\\Lan\\ds.csv"'], content: "x" },
        {
          headers: [
            "content-disposition: form-data; name=other; filename=\"a.csv\"; filename*=UTF-8''V%E1%BA%A5n%20%C4%91%E1%BB%81.csv",
            "Content-Type: text/csv; charset=utf-8",
          ],
          content: "y",
        },
        field("lang", "en"),
      ],
      boundary,
    );
    const parsed = parseMultipart(data, `Multipart/Form-Data; charset=utf-8; boundary="${boundary}"`);
    expect(parsed.files.sheet).toMatchObject({ filename: "ds.csv", contentType: "application/octet-stream" });
    expect(parsed.files.other).toMatchObject({ filename: "Vấn đề.csv", contentType: "text/csv; charset=utf-8" });
    expect(parsed.fields.lang).toBe("en");
  });

  it("keeps a field's bytes exactly, line breaks and a boundary-like line included", () => {
    const value = `một\r\nhai\n--${BOUNDARY.slice(0, -1)}\r\n--not-it\r\n`;
    expect(parseMultipart(body([field("content", value)]), TYPE).fields.content).toBe(value);
  });

  it("keeps a field named __proto__ as a field, not the object's prototype", () => {
    const parsed = parseMultipart(body([field("__proto__", "x"), field("constructor", "y")]), TYPE);
    expect(Object.getOwnPropertyDescriptor(parsed.fields, "__proto__")?.value).toBe("x");
    expect(parsed.fields.constructor).toBe("y");
    expect(Object.getPrototypeOf(parsed.fields)).toBeNull();
  });

  it('reads a file input left empty, as a browser sends it (filename="", no bytes), as no file', () => {
    const empty = {
      headers: ['Content-Disposition: form-data; name="sheet"; filename=""', "Content-Type: application/octet-stream"],
      content: "",
    };
    const parsed = parseMultipart(body([empty, field("action", "import")]), TYPE);
    expect(count(parsed)).toBe(1);
    expect(parsed.fields.action).toBe("import");
  });

  it("accepts transport padding after a boundary, and no epilogue or one line end", () => {
    const data = Buffer.from(`--${BOUNDARY}  \r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${BOUNDARY}--`);
    expect(parseMultipart(data, TYPE).fields.a).toBe("1");
  });

  it("takes MAX_PARTS parts, not one more", () => {
    const parts = Array.from({ length: MAX_PARTS }, (_, i) => field(`f${i}`, String(i)));
    expect(count(parseMultipart(body(parts), TYPE))).toBe(MAX_PARTS);
    expect(reasonOf(() => parseMultipart(body([...parts, field("one-more", "")]), TYPE))).toBe("too-many-parts");
  });

  it("takes a body of the largest size, and refuses one byte more with a 413", () => {
    const frame = body([field("f", "")]).length;
    const fits = body([field("f", "x".repeat(MAX_UPLOAD_BYTES - frame))]);
    expect(fits.length).toBe(MAX_UPLOAD_BYTES);
    expect(parseMultipart(fits, TYPE).fields.f?.length).toBe(MAX_UPLOAD_BYTES - frame);
    const over = refusal(() => parseMultipart(body([field("f", "x".repeat(MAX_UPLOAD_BYTES - frame + 1))]), TYPE));
    expect([over.reason, over.status, over.type]).toEqual(["too-large", 413, "too-large"]);
    expect(over.detail?.vi).toContain("1 MB");
    expect(reasonOf(() => parseMultipart(body([field("f", "xx")]), TYPE, { maxBytes: 10 }))).toBe("too-large");
  });

  it("takes a part's header block up to its bound", () => {
    const name = "n".repeat(MAX_PART_HEADER_BYTES - 'Content-Disposition: form-data; name=""'.length);
    expect(parseMultipart(body([field(name, "v")]), TYPE).fields[name]).toBe("v");
    expect(reasonOf(() => parseMultipart(body([field(`${name}n`, "v")]), TYPE))).toBe("header");
  });
});

describe("what the parser refuses, and as which problem", () => {
  const ok = body([field("a", "1")]);
  const cases: [string, () => unknown, MultipartProblem][] = [
    ["JSON", () => parseMultipart(ok, "application/json"), "media-type"],
    ["no Content-Type", () => parseMultipart(ok, undefined), "media-type"],
    ["multipart/mixed", () => parseMultipart(ok, `multipart/mixed; boundary=${BOUNDARY}`), "media-type"],
    ["no boundary", () => parseMultipart(ok, "multipart/form-data"), "boundary"],
    ["an empty boundary", () => parseMultipart(ok, 'multipart/form-data; boundary=""'), "boundary"],
    [
      "a 71-character boundary",
      () => parseMultipart(ok, `multipart/form-data; boundary=${"b".repeat(71)}`),
      "boundary",
    ],
    ["a boundary ending in a space", () => parseMultipart(ok, 'multipart/form-data; boundary="ab "'), "boundary"],
    [
      "a boundary given twice",
      () => parseMultipart(ok, `multipart/form-data; boundary=${BOUNDARY}; boundary=${BOUNDARY}`),
      "boundary",
    ],
    ["another boundary than the body's", () => parseMultipart(ok, `${TYPE}x`), "structure"],
    ["an empty body", () => parseMultipart(Buffer.alloc(0), TYPE), "structure"],
    ["a preamble", () => parseMultipart(Buffer.concat([Buffer.from("hello\r\n"), ok]), TYPE), "structure"],
    ["no closing boundary", () => parseMultipart(ok.subarray(0, ok.length - 4), TYPE), "structure"],
    ["an epilogue", () => parseMultipart(Buffer.concat([ok, Buffer.from("trailing")]), TYPE), "structure"],
    [
      "a boundary followed by something else",
      () => parseMultipart(Buffer.from(ok.toString().replace(`--${BOUNDARY}--`, `--${BOUNDARY}x--`)), TYPE),
      "structure",
    ],
    [
      "no blank line after the headers",
      () =>
        parseMultipart(
          Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n--${BOUNDARY}--`),
          TYPE,
        ),
      "structure",
    ],
    [
      "a folded header",
      () => parseMultipart(body([{ headers: ["Content-Disposition: form-data;", ' name="a"'], content: "" }]), TYPE),
      "header",
    ],
    [
      "a header without a colon",
      () => parseMultipart(body([{ headers: ["Content-Disposition form-data"], content: "" }]), TYPE),
      "header",
    ],
    [
      "a bare LF in a header",
      () =>
        parseMultipart(body([{ headers: ['Content-Disposition: form-data; name="a"\nX-Evil: 1'], content: "" }]), TYPE),
      "header",
    ],
    [
      "too many header lines",
      () =>
        parseMultipart(
          body([{ headers: ['Content-Disposition: form-data; name="a"', ...Array(8).fill("X-Pad: 1")], content: "" }]),
          TYPE,
        ),
      "header",
    ],
    [
      "two Content-Dispositions",
      () =>
        parseMultipart(
          body([
            {
              headers: ['Content-Disposition: form-data; name="a"', 'Content-Disposition: form-data; name="b"'],
              content: "",
            },
          ]),
          TYPE,
        ),
      "header",
    ],
    [
      "an unclosed quote in a parameter",
      () => parseMultipart(body([{ headers: ['Content-Disposition: form-data; name="a'], content: "" }]), TYPE),
      "header",
    ],
    [
      "a parameter given twice",
      () =>
        parseMultipart(body([{ headers: ['Content-Disposition: form-data; name="a"; name="b"'], content: "" }]), TYPE),
      "header",
    ],
    [
      "a bad Content-Type",
      () =>
        parseMultipart(
          body([{ headers: ['Content-Disposition: form-data; name="a"', "Content-Type: csv"], content: "" }]),
          TYPE,
        ),
      "header",
    ],
    [
      "base64 content",
      () =>
        parseMultipart(
          body([
            { headers: ['Content-Disposition: form-data; name="a"', "Content-Transfer-Encoding: base64"], content: "" },
          ]),
          TYPE,
        ),
      "header",
    ],
    [
      "a file name in another charset",
      () =>
        parseMultipart(
          body([{ headers: ["Content-Disposition: form-data; name=a; filename*=ISO-8859-1''a.csv"], content: "" }]),
          TYPE,
        ),
      "header",
    ],
    [
      "a header that is not UTF-8",
      () =>
        parseMultipart(
          Buffer.concat([
            Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"; filename="`),
            Buffer.from([0xe9]),
            Buffer.from(`.csv"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`),
          ]),
          TYPE,
        ),
      "header",
    ],
    [
      "no Content-Disposition",
      () => parseMultipart(body([{ headers: ["Content-Type: text/plain"], content: "" }]), TYPE),
      "disposition",
    ],
    [
      "an attachment, not form-data",
      () => parseMultipart(body([{ headers: ['Content-Disposition: attachment; name="a"'], content: "" }]), TYPE),
      "disposition",
    ],
    [
      "a part without a name",
      () =>
        parseMultipart(body([{ headers: ['Content-Disposition: form-data; filename="a.csv"'], content: "" }]), TYPE),
      "disposition",
    ],
    ["a name sent twice", () => parseMultipart(body([field("a", "1"), field("a", "2")]), TYPE), "duplicate"],
    [
      "a file and a field of one name",
      () =>
        parseMultipart(
          body([
            field("a", "1"),
            { headers: ['Content-Disposition: form-data; name="a"; filename="a.csv"'], content: "x" },
          ]),
          TYPE,
        ),
      "duplicate",
    ],
    [
      "a text field that is not UTF-8",
      () => parseMultipart(body([field("a", Buffer.from([0xc3, 0x28]))]), TYPE),
      "encoding",
    ],
  ];

  it.each(cases)("%s", (_, run, reason) => {
    expect(reasonOf(run)).toBe(reason);
  });

  it("is one of the edge's problems, explained in both languages", () => {
    const statuses = new Map<MultipartProblem, [number, string]>();
    for (const [, run] of cases) {
      const error = refusal(run);
      expect(error).toBeInstanceOf(AppError);
      expect(error.title.vi).not.toBe(error.title.en);
      expect(error.detail?.vi).toBeTruthy();
      expect(error.detail?.en).toBeTruthy();
      statuses.set(error.reason, [error.status, error.type]);
    }
    expect(statuses.get("media-type")).toEqual([415, "unsupported-media-type"]);
    expect(statuses.get("structure")).toEqual([400, "malformed-body"]);
    expect(refusal(() => parseMultipart(body([field("a", "1"), field("a", "2")]), TYPE)).detail?.vi).toContain("“a”");
  });
});

describe("header parameters", () => {
  it("reads tokens and quoted strings, with escapes", () => {
    const parsed = headerParameters('Form-Data ; name="a \\"b\\" c\\\\d" ;filename=x.csv;');
    expect(parsed?.value).toBe("form-data");
    expect(Object.fromEntries(parsed?.params ?? [])).toEqual({ name: 'a "b" c\\d', filename: "x.csv" });
  });

  it("keeps a backslash before anything but a quote or a backslash (a Windows path)", () => {
    expect(headerParameters('form-data; filename="C:\\tmp\\a.csv"')?.params.get("filename")).toBe("C:\\tmp\\a.csv");
  });

  it.each(["a; b", "a; =b", "a; b=c d", 'a; b="c" d', "a; b=é"])("refuses %s", (header) => {
    expect(headerParameters(header)).toBeUndefined();
  });
});

/** Field names as our forms have them; values anything (a browser sends CRLF for every line break). */
const fieldName = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/);
const value = fc.string({ unit: "grapheme", maxLength: 40 });
const formParts = fc.uniqueArray(
  fc.record({
    name: fieldName,
    value,
    file: fc.option(fc.uint8Array({ minLength: 1, maxLength: 200 }), { nil: undefined }),
  }),
  { selector: (p) => p.name, minLength: 1, maxLength: MAX_PARTS },
);

async function encode(parts: { name: string; value: string; file: Uint8Array | undefined }[]) {
  const form = new FormData();
  for (const p of parts) {
    if (p.file) form.set(p.name, new File([p.file], `${p.name}.bin`, { type: "application/octet-stream" }));
    else form.set(p.name, p.value);
  }
  return encoded(form);
}

const browserLineBreaks = (s: string) => s.replace(/\r\n|\r|\n/g, "\r\n");

/** Where each boundary line starts (`--boundary`) in an encoded body. */
function boundaryLines(data: Buffer, type: string): number[] {
  const dash = Buffer.from(`--${headerParameters(type)?.params.get("boundary")}`);
  const at: number[] = [];
  for (let i = data.indexOf(dash); i >= 0; i = data.indexOf(dash, i + 1)) at.push(i);
  return at;
}

describe("properties", () => {
  it("reads back whatever Node's encoder wrote: every field (NFC) and every file's bytes", async () => {
    await fc.assert(
      fc.asyncProperty(formParts, async (parts) => {
        const { data, type } = await encode(parts);
        const parsed = parseMultipart(data, type);
        for (const p of parts) {
          if (p.file) expect(parsed.files[p.name]?.data.equals(Buffer.from(p.file))).toBe(true);
          else expect(parsed.fields[p.name]).toBe(browserLineBreaks(p.value).normalize("NFC"));
        }
        expect(count(parsed)).toBe(parts.length);
      }),
      { numRuns: 150 },
    );
  });

  it("refuses a body whose first or closing boundary is damaged, or that was cut short, with its own error", async () => {
    await fc.assert(
      fc.asyncProperty(
        formParts,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom("first", "closing", "cut", "header"),
        async (parts, pick, flip, where) => {
          const { data, type } = await encode(parts);
          const lines = boundaryLines(data, type);
          const boundaryLength = (headerParameters(type)?.params.get("boundary")?.length ?? 0) + 2;
          const damaged = Buffer.from(data);
          let contentType = type;
          if (where === "first") {
            const i = pick % (boundaryLength + 2); // the line's bytes and its CRLF
            damaged[i] = (damaged[i] as number) ^ flip;
          } else if (where === "closing") {
            // The closing delimiter: the CRLF before it, --boundary and its --.
            const start = (lines.at(-1) as number) - 2;
            const i = start + (pick % (boundaryLength + 4));
            damaged[i] = (damaged[i] as number) ^ flip;
          } else if (where === "header") {
            const boundary = headerParameters(type)?.params.get("boundary") as string;
            const i = pick % boundary.length;
            const changed = String.fromCharCode(boundary.charCodeAt(i) ^ (flip & 0x1f) || 0x41);
            contentType = type.replace(boundary, boundary.slice(0, i) + changed + boundary.slice(i + 1));
            if (contentType === type) return;
          }
          const input = where === "cut" ? data.subarray(0, pick % (data.length - 2)) : damaged;
          expect(() => parseMultipart(input, contentType)).toThrow(MultipartError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads a body with a damaged inner boundary as fewer parts, or refuses it: never as the same parts", async () => {
    await fc.assert(
      fc.asyncProperty(
        formParts.filter((p) => p.length >= 2),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (parts, which, pick, flip) => {
          const { data, type } = await encode(parts);
          const lines = boundaryLines(data, type);
          const inner = lines.slice(1, -1);
          const boundaryLength = (headerParameters(type)?.params.get("boundary")?.length ?? 0) + 2;
          const start = (inner[which % inner.length] as number) - 2;
          const damaged = Buffer.from(data);
          const i = start + (pick % (boundaryLength + 4)); // CRLF, --boundary, CRLF
          damaged[i] = (damaged[i] as number) ^ flip;
          let parsed: Multipart | undefined;
          try {
            parsed = parseMultipart(damaged, type);
          } catch (error) {
            expect(error).toBeInstanceOf(MultipartError);
          }
          if (parsed) expect(count(parsed)).toBeLessThan(parts.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("throws nothing but its own error, whatever the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        formParts,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (parts, edits) => {
          const { data, type } = await encode(parts);
          const damaged = Buffer.from(data);
          for (const [at, byte] of edits) damaged[at % damaged.length] = byte;
          try {
            parseMultipart(damaged, type);
          } catch (error) {
            expect(error).toBeInstanceOf(MultipartError);
          }
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 80 }), (bytes, type) => {
        for (const contentType of [type, TYPE, `multipart/form-data; boundary=${type}`]) {
          try {
            parseMultipart(Buffer.from(bytes), contentType);
          } catch (error) {
            expect(error).toBeInstanceOf(MultipartError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
