import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { parseConfig } from "../../shared/config/parse.ts";
import { fieldText } from "../../shared/messages/common.ts";
import { petitionSchema } from "../../shared/petitions/schema.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { parseOrThrow } from "../../shared/platform/validation.ts";
import { fixture } from "../support/fixtures.ts";

/**
 * Every message a page or an e-mail shows comes from one catalogue per language (shared/messages/vi, …/en):
 * (1) no other file of the app holds a Vietnamese text or chooses a text by language inline; (2) the two
 * catalogues have the same sections and keys, and no empty message; (3) the petition form's consent message is
 * the petition's own.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const MESSAGES = "shared/messages/";

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Can a `/` after this (the last code character before it, or the word it ends) start a regular expression? */
function regexCanStart(before: string): boolean {
  const word = /([A-Za-z_$][\w$]*)\s*$/.exec(before)?.[1];
  if (word) return ["return", "typeof", "case", "in", "of", "void", "delete", "throw", "else", "do"].includes(word);
  const last = before.trimEnd().at(-1);
  return last === undefined || "(,=:[!&|?{};+-*%<>~^".includes(last);
}

/**
 * The string and template literals of TypeScript source, with comments and regular expressions left out: what the
 * program says, not what its comments or patterns say. (Template literals' `${…}` code is scanned as code.)
 */
function literals(source: string): string[] {
  const found: string[] = [];
  const templateDepths: number[] = []; // brace depth at which each open template's `${` resumes it
  let depth = 0;
  let i = 0;
  let code = ""; // the code read so far (literals blanked), to tell a regular expression from a division
  const readTemplate = () => {
    let text = "";
    while (i < source.length) {
      const c = source[i] as string;
      if (c === "\\") {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === "`") {
        i++;
        found.push(text);
        code += "``";
        return;
      } else if (c === "$" && source[i + 1] === "{") {
        i += 2;
        found.push(text);
        templateDepths.push(depth);
        depth++;
        code += "`${";
        return;
      } else {
        text += c;
        i++;
      }
    }
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      let text = "";
      i++;
      while (i < source.length && source[i] !== c) {
        text += source.slice(i, i + (source[i] === "\\" ? 2 : 1));
        i += source[i] === "\\" ? 2 : 1;
      }
      i++;
      found.push(text);
      code += '""';
    } else if (c === "`") {
      i++;
      readTemplate();
    } else if (c === "/" && regexCanStart(code)) {
      let inClass = false;
      i++;
      while (i < source.length && (inClass || source[i] !== "/") && source[i] !== "\n") {
        if (source[i] === "\\") i++;
        else if (source[i] === "[") inClass = true;
        else if (source[i] === "]") inClass = false;
        i++;
      }
      i++;
      while (/[a-z]/.test(source[i] ?? "")) i++;
      code += "/r/";
    } else if (c === "}" && templateDepths.at(-1) === depth - 1) {
      templateDepths.pop();
      depth--;
      i++;
      readTemplate();
    } else {
      if (c === "{") depth++;
      if (c === "}") depth--;
      code += c;
      i++;
    }
  }
  return found;
}

const VIETNAMESE = /[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]/i;

/** A text chosen by language on the spot instead of read from the catalogue. */
const INLINE_CHOICE = [
  /===\s*["'](?:en|vi)["']\s*\?/,
  /!==\s*["'](?:en|vi)["']\s*\?/,
  /\b(?:vi|en)\s*\?\s*[`"'(]/,
  /\b(?:const|let)\s+(?:vi|en)\s*=\s*[\w.]+\s*===\s*["'](?:vi|en)["']/,
];

/**
 * Files outside the catalogue that may still hold Vietnamese text, each with its reason. Only data belongs here.
 */
const NOT_MESSAGES: Record<string, string> = {};

const APP = [...sourceFiles("shared"), ...sourceFiles("functions")].filter((f) => !f.startsWith(MESSAGES));

describe("messages come from the catalogue", () => {
  it("reads literals, not comments or regular expressions", () => {
    const source = [
      "// Chào chị",
      "/* Tiếng Việt */",
      'const a = "một"; const b = x.replace(/đ/g, "d") / 2;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a template literal, for the scanner to read
      "const c = `hai ${d ? `ba` : 'bốn'} năm`;",
      "const e = { f: 1 }; const g = 'sáu';",
    ].join("\n");
    expect(literals(source)).toEqual(["một", "d", "hai ", "ba", "bốn", " năm", "sáu"]);
  });

  it("holds no Vietnamese text outside shared/messages/ (but the listed data)", () => {
    const offending = APP.filter((file) => !(file in NOT_MESSAGES)).flatMap((file) =>
      literals(readFileSync(join(ROOT, file), "utf8"))
        .filter((text) => VIETNAMESE.test(text))
        .map((text) => `${file}: ${text.slice(0, 60)}`),
    );
    expect(offending).toEqual([]);
  });

  it("keeps the list of exceptions to files that still need it", () => {
    const needless = Object.keys(NOT_MESSAGES).filter(
      (file) => !literals(readFileSync(join(ROOT, file), "utf8")).some((text) => VIETNAMESE.test(text)),
    );
    expect(needless).toEqual([]);
  });

  it("chooses a text by language only by reading the catalogue (`text[lang]`), never inline", () => {
    const offending = APP.flatMap((file) =>
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .map((line, n) => ({ line, n }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && INLINE_CHOICE.some((p) => p.test(line)))
        .map(({ line, n }) => `${file}:${n + 1}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});

/** Every section file of one language: its exports, by file. */
async function catalogue(lang: "vi" | "en"): Promise<Record<string, Record<string, unknown>>> {
  const dir = join(ROOT, MESSAGES, lang);
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await import(join(dir, f))])));
}

/** Every message's path in a section, and what it is: "string", or "template" with the values it was given. */
function messages(section: unknown, path = ""): [string, unknown][] {
  return Object.entries(section as Record<string, unknown>).flatMap(([key, value]): [string, unknown][] =>
    value && typeof value === "object" ? messages(value, `${path}${key}.`) : [[`${path}${key}`, value]],
  );
}

/** Sections with no English twin: staff documents and e-mails, which the Union's staff read in Vietnamese. */
const VIETNAMESE_ONLY = [
  "organiser.ts:roster",
  "organiser.ts:countGroups",
  "registration-mails.ts:organiserMail",
  "registration-mails.ts:organiserLinkMail",
  "registration-mails.ts:burstMail",
  "petition-mails.ts:staffMail",
  "petition-mails.ts:officerLinkMail",
];

describe("the catalogues", async () => {
  const vi = await catalogue("vi");
  const en = await catalogue("en");
  const sections = (c: Record<string, Record<string, unknown>>) =>
    Object.entries(c).flatMap(([file, mod]) => Object.keys(mod).map((name) => `${file}:${name}`));
  const section = (c: Record<string, Record<string, unknown>>, id: string) => {
    const [file, name] = id.split(":") as [string, string];
    return c[file]?.[name];
  };

  it("have the same sections in both languages, but the staff's", () => {
    expect(sections(en).sort()).toEqual(
      sections(vi)
        .filter((s) => !VIETNAMESE_ONLY.includes(s))
        .sort(),
    );
    for (const id of VIETNAMESE_ONLY) expect(section(vi, id), id).toBeDefined();
  });

  it("have the same keys in each section, and messages of the same kind", () => {
    for (const id of sections(en)) {
      const kinds = (c: typeof vi) => messages(section(c, id)).map(([path, m]) => `${path}: ${typeof m}`);
      expect(kinds(en), id).toEqual(kinds(vi));
    }
  });

  it("have no empty message, and templates that use what they are given", () => {
    for (const id of sections(vi)) {
      for (const [path, message] of [...messages(section(vi, id)), ...messages(section(en, id) ?? {})]) {
        const sample = new Proxy({}, { get: (_, name) => `«${String(name)}»` });
        const text = typeof message === "function" ? message(sample) : message;
        expect(typeof text, `${id} ${path}`).toBe("string");
        expect((text as string).trim(), `${id} ${path}`).not.toBe("");
        if (typeof message === "function") expect(text as string, `${id} ${path}`).toContain("«");
      }
    }
  });

  it("name every file of shared/messages/ once: a section file per language, an accessor beside them", () => {
    const files = (dir: string) => readdirSync(join(ROOT, MESSAGES, dir)).filter((f) => f.endsWith(".ts"));
    expect(files("en").sort()).toEqual(files("vi").sort());
    const accessors = files(".").filter((f) => f !== "catalogue.ts");
    expect(accessors.sort()).toEqual(files("vi").sort());
    expect(relative(ROOT, join(ROOT, MESSAGES))).toBe("shared/messages");
  });
});

describe("the petition form's consent", () => {
  it("says the petition's own words (sending a petition, not a registration), with the shared code", () => {
    const config = parseConfig(fixture("lam-binh-demo.json"));
    let thrown: unknown;
    try {
      parseOrThrow(petitionSchema(config, configHelpers(config)), { consent: "" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const consent = (thrown as ValidationError).fieldErrors.find((e) => e.path === "consent");
    expect(consent).toEqual({
      path: "consent",
      code: "consent_required",
      message: {
        vi: "Cần đồng ý với việc sử dụng thông tin để gửi kiến nghị.",
        en: "You must agree to the use of your information to send a petition.",
      },
    });
    expect(consent?.message.vi).toBe(fieldText.vi.petition_consent_required);
    expect(consent?.message.vi).not.toBe(fieldText.vi.consent_required);
  });
});
