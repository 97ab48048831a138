import { both } from "../messages/catalogue.ts";
import { uploadText } from "../messages/sheet.ts";
import { AppError } from "./errors.ts";
import type { ProblemType } from "./problems.ts";

/**
 * A file upload (`multipart/form-data`, RFC 7578 over RFC 2046's syntax), read whole from the bytes API Gateway hands
 * over: a spreadsheet and the few text fields of the form that sends it. Strict rather than forgiving, since only our
 * own pages (a browser's encoder) and API clients post it: a body must start at its first boundary and end at its
 * closing one, every part says `Content-Disposition: form-data; name=…`, no name comes twice, text is UTF-8 (stored
 * NFC, as every text is). Whatever is wrong is a `MultipartError`: an `AppError` with one of the edge's problems
 * (400 malformed-body, 413 too-large, 415 unsupported-media-type), so a handler need not catch it.
 */

/**
 * The largest upload: a sheet of the 500 issues one import takes. The edge's 64 KB (MAX_BODY_BYTES) holds 200 rows
 * without content (~24 KB as .xlsx, ~52 KB as CSV) but not 500 with a 300-character paragraph each (measured: ~90 KB
 * as .xlsx, ~330 KB as CSV); with 1,000 characters each they are ~190 KB and ~790 KB. Base64 makes 1 MB 1.4 MB of
 * Lambda's 6 MB request.
 */
export const MAX_UPLOAD_BYTES = 1024 * 1024;
/** More parts than a form has fields is not our form. */
export const MAX_PARTS = 20;
/** A part's header block: a Content-Disposition with a long Vietnamese file name (3 bytes a letter), a Content-Type. */
export const MAX_PART_HEADER_BYTES = 2048;
const MAX_PART_HEADER_LINES = 8;

export type MultipartProblem =
  | "media-type"
  | "boundary"
  | "too-large"
  | "too-many-parts"
  | "header"
  | "disposition"
  | "structure"
  | "encoding"
  | "duplicate";

const t = uploadText;

/** An upload that cannot be read, and which of the edge's problems it is. */
export class MultipartError extends AppError {
  constructor(
    readonly reason: MultipartProblem,
    status: number,
    type: ProblemType,
    title: AppError["title"],
    detail: AppError["detail"],
  ) {
    super(status, type, title, detail);
    this.name = "MultipartError";
  }
}

function refuse(reason: MultipartProblem, values: { max?: number; name?: string } = {}): MultipartError {
  switch (reason) {
    case "media-type":
      return new MultipartError(
        reason,
        415,
        "unsupported-media-type",
        both(t, "mediaType"),
        both(t, "notMultipartDetail"),
      );
    case "too-large":
      return new MultipartError(
        reason,
        413,
        "too-large",
        both(t, "tooLarge"),
        both(t, (m) => m.tooLargeDetail({ max: sizeText(values.max ?? MAX_UPLOAD_BYTES) })),
      );
    case "too-many-parts":
      return malformed(
        reason,
        both(t, (m) => m.tooManyPartsDetail({ max: values.max ?? MAX_PARTS })),
      );
    case "duplicate":
      return malformed(
        reason,
        both(t, (m) => m.duplicateDetail({ name: values.name ?? "" })),
      );
    case "boundary":
      return malformed(reason, both(t, "boundaryDetail"));
    case "header":
      return malformed(reason, both(t, "headerDetail"));
    case "disposition":
      return malformed(reason, both(t, "dispositionDetail"));
    case "encoding":
      return malformed(reason, both(t, "encodingDetail"));
    case "structure":
      return malformed(reason, both(t, "structureDetail"));
  }
}

const malformed = (reason: MultipartProblem, detail: AppError["title"]) =>
  new MultipartError(reason, 400, "malformed-body", both(t, "malformed"), detail);

/** 1048576 → "1 MB", 65536 → "64 KB": what a person reads in the refusal. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

export interface UploadedFile {
  /** The name it had on her computer, without a folder (an old browser sends the whole path). */
  filename: string;
  /** The part's Content-Type as sent (`application/octet-stream` when it sent none). */
  contentType: string;
  data: Buffer;
}

export interface Multipart {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

export interface MultipartLimits {
  maxBytes?: number;
  maxParts?: number;
}

// RFC 9110's token characters, and RFC 2046's boundary characters (a space allowed, not last).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

interface Parameters {
  value: string;
  params: Map<string, string>;
}

/**
 * `value; name=token; name="quoted \" string"` (a Content-Type, a Content-Disposition): the value lowercased, each
 * parameter's name lowercased. Undefined when it is not that shape or names a parameter twice.
 */
export function headerParameters(header: string): Parameters | undefined {
  let i = header.indexOf(";");
  const value = (i < 0 ? header : header.slice(0, i)).trim().toLowerCase();
  const params = new Map<string, string>();
  if (i < 0) return { value, params };
  while (i < header.length) {
    // At a ";": skip it and the spaces after it; a trailing ";" ends the list.
    i++;
    while (header[i] === " " || header[i] === "\t") i++;
    if (i >= header.length) break;
    const eq = header.indexOf("=", i);
    if (eq < 0) return undefined;
    const name = header.slice(i, eq).trim().toLowerCase();
    if (!TOKEN.test(name) || params.has(name)) return undefined;
    i = eq + 1;
    let val = "";
    if (header[i] === '"') {
      i++;
      for (;;) {
        if (i >= header.length) return undefined;
        const c = header[i] as string;
        // A backslash escapes a quote or a backslash; before anything else it is itself (a Windows path's).
        if (c === "\\" && (header[i + 1] === '"' || header[i + 1] === "\\")) {
          val += header[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          val += c;
          i++;
        }
      }
      while (header[i] === " " || header[i] === "\t") i++;
      if (i < header.length && header[i] !== ";") return undefined;
    } else {
      const end = header.indexOf(";", i);
      val = (end < 0 ? header.slice(i) : header.slice(i, end)).trim();
      if (!TOKEN.test(val)) return undefined;
      i = end < 0 ? header.length : end;
    }
    params.set(name, val);
  }
  return { value, params };
}

/** The boundary a Content-Type names, if it is `multipart/form-data` (else a 415) with a valid one (else a 400). */
function boundaryOf(contentType: string | undefined): string {
  const parsed = headerParameters(contentType ?? "");
  const type = parsed?.value ?? (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "multipart/form-data") throw refuse("media-type");
  const boundary = parsed?.params.get("boundary");
  if (boundary === undefined || !BCHARS.test(boundary)) throw refuse("boundary");
  return boundary;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

interface PartHeaders {
  name: string;
  filename?: string;
  contentType?: string;
}

function readHeaders(block: Buffer): PartHeaders {
  let text: string;
  try {
    text = utf8.decode(block);
  } catch {
    throw refuse("header");
  }
  const lines = text.split("\r\n");
  if (lines.length > MAX_PART_HEADER_LINES) throw refuse("header");
  let disposition: Parameters | undefined;
  let contentType: string | undefined;
  for (const line of lines) {
    // A folded line (obsolete in HTTP, never sent by a browser) or a bare CR or LF is not a header we read.
    if (line.startsWith(" ") || line.startsWith("\t") || /[\r\n\0]/.test(line)) throw refuse("header");
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon).toLowerCase();
    if (!TOKEN.test(name)) throw refuse("header");
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") {
      if (disposition) throw refuse("header");
      disposition = headerParameters(value);
      if (!disposition) throw refuse("header");
    } else if (name === "content-type") {
      if (
        contentType !== undefined ||
        !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;.*)?$/.test(value)
      )
        throw refuse("header");
      contentType = value;
    } else if (name === "content-transfer-encoding") {
      // Deprecated by RFC 7578 (4.7); a part encoded otherwise would be read as garbage.
      if (!["binary", "8bit", "7bit"].includes(value.toLowerCase())) throw refuse("header");
    }
    // Any other header is ignored, as RFC 7578 (4.8) says.
  }
  const fieldName = disposition?.params.get("name");
  if (disposition?.value !== "form-data" || fieldName === undefined || fieldName === "") throw refuse("disposition");
  const filename = fileNameOf(disposition.params);
  return {
    name: fieldName.normalize("NFC"),
    ...(filename === undefined ? {} : { filename }),
    ...(contentType === undefined ? {} : { contentType }),
  };
}

/** `filename*=UTF-8''…` (RFC 5987, which some clients send) before `filename="…"`, without any folder. */
function fileNameOf(params: Map<string, string>): string | undefined {
  const extended = params.get("filename*");
  let name = params.get("filename");
  if (extended !== undefined) {
    const match = /^utf-8'[^']*'(.*)$/i.exec(extended);
    if (!match) throw refuse("header");
    try {
      name = decodeURIComponent(match[1] as string);
    } catch {
      throw refuse("header");
    }
  }
  if (name === undefined) return undefined;
  return (name.split(/[\\/]/).pop() as string).normalize("NFC");
}

/**
 * Reads a `multipart/form-data` body. `contentType` is the request's Content-Type header (its boundary). Throws a
 * `MultipartError` for anything it cannot read; a file input left empty (a browser sends `filename=""` and no bytes)
 * is no file.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined, limits: MultipartLimits = {}): Multipart {
  const maxBytes = limits.maxBytes ?? MAX_UPLOAD_BYTES;
  const maxParts = limits.maxParts ?? MAX_PARTS;
  const boundary = boundaryOf(contentType);
  if (body.length > maxBytes) throw refuse("too-large", { max: maxBytes });
  const dashBoundary = Buffer.from(`--${boundary}`, "latin1");
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  // No preamble: every encoder we are sent from (browsers, fetch's FormData, curl) starts at the first boundary.
  if (!body.subarray(0, dashBoundary.length).equals(dashBoundary)) throw refuse("structure");
  const fields: Record<string, string> = Object.create(null);
  const files: Record<string, UploadedFile> = Object.create(null);
  const seen = new Set<string>();
  let pos = dashBoundary.length;
  let parts = 0;
  for (;;) {
    // After a boundary: "--" closes the body, else optional transport padding and a line end start a part.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) {
      const epilogue = body.subarray(pos + 2);
      if (epilogue.length > 0 && !epilogue.equals(CRLF)) throw refuse("structure");
      return { fields, files };
    }
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw refuse("structure");
    pos += 2;
    if (++parts > maxParts) throw refuse("too-many-parts", { max: maxParts });
    const headerEnd = body.subarray(pos, pos + MAX_PART_HEADER_BYTES + HEADER_END.length).indexOf(HEADER_END);
    if (headerEnd < 0) throw refuse(body.length - pos > MAX_PART_HEADER_BYTES ? "header" : "structure");
    const headers = readHeaders(body.subarray(pos, pos + headerEnd));
    pos += headerEnd + HEADER_END.length;
    const end = body.indexOf(delimiter, pos);
    if (end < 0) throw refuse("structure");
    const content = body.subarray(pos, end);
    pos = end + delimiter.length;
    if (headers.filename === "" && content.length === 0) continue;
    if (seen.has(headers.name)) throw refuse("duplicate", { name: headers.name });
    seen.add(headers.name);
    if (headers.filename !== undefined) {
      files[headers.name] = {
        filename: headers.filename,
        contentType: headers.contentType ?? "application/octet-stream",
        data: Buffer.from(content),
      };
    } else {
      try {
        fields[headers.name] = utf8.decode(content).normalize("NFC");
      } catch {
        throw refuse("encoding");
      }
    }
  }
}
