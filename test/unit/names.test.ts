import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configHelpers } from "../../shared/config/config.ts";
import { parseConfig } from "../../shared/config/parse.ts";
import { isPersonName, personName } from "../../shared/config/person.ts";
import { nameFieldText } from "../../shared/messages/edge.ts";
import { petitionSchema } from "../../shared/petitions/schema.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { singleLine } from "../../shared/platform/text.ts";
import { parseOrThrow } from "../../shared/platform/validation.ts";
import { registrationSchema } from "../../shared/registration/schema.ts";
import { fixture } from "../support/fixtures.ts";

/**
 * A person's name is letters of any script with their marks, spaces and `. ' ’ -`: every real name passes, and
 * nothing that could carry a link, an address or a number into the e-mails that greet her by it does.
 */

/** The name as the forms store it, or the field's error code. */
function check(name: string): { stored: string } | { code: string } {
  const result = personName.safeParse(name);
  if (result.success) return { stored: result.data };
  return { code: String(result.error.issues[0]?.message) };
}

const sample = fixture<{
  valid: { petitioner: { fullName: string } }[];
  edgeCases: { _case: string; petitioner?: { fullName: string } }[];
}>("petitions-sample.json");
const demo = fixture<{ womensUnion: { units: { staff: { name: string }[] }[] } }>("lam-binh-demo.json");

/** The one sample whose name is a header injection ("Ma Thị Hoa\r\nBcc: attacker@example.com"). */
const injected = (c: { _case: string }) => /CR\/LF/.test(c._case);

const REAL_NAMES = [
  ...sample.valid.map((p) => p.petitioner.fullName),
  ...sample.edgeCases.filter((c) => !injected(c)).flatMap((c) => (c.petitioner ? [c.petitioner.fullName] : [])),
  ...demo.womensUnion.units.flatMap((u) => u.staff.map((s) => s.name)),
  // Ethnic-minority names as women of the mountains write them (Thái, Mông, Dao, Ê Đê, Jrai, Bahnar, Khmer…).
  "Lò Thị Mai",
  "Hờ Thị Dung",
  "Sùng Thị Súa",
  "Bàn Thị Tươi",
  "Giàng Thị Mỷ",
  "H'Hen Niê",
  "H’Bơ Khăp",
  "Ksor H'Bơ Khăp",
  "Siu H'Mai",
  "Y Moan Ênuôl",
  "Đinh Thị Y Ưn",
  "Thạch Thị Sa Rinh",
  "Kpă Thị Lơi",
  "Nguyễn Thị Ngọc Ánh",
  "Đặng Thị Kín",
  "Nguyễn T. Hoa",
  "ĐINH THỊ HƯƠNG",
  "lê thị hồng",
  // Other scripts and the marks names carry.
  "Jean-Pierre Dupont",
  "O'Brien",
  "O’Neill",
  "J.R.R. Tolkien",
  "María José Núñez",
  "Мария Иванова",
  "王秀英",
  "아이유",
  "अनीता देवी",
  "สมศรี ใจดี",
  "عائشة بنت أحمد",
  "ʻIolani",
];

describe("real names", () => {
  it.each(REAL_NAMES)("takes %s, stored NFC", (name) => {
    expect(check(name)).toEqual({ stored: singleLine(name) });
    expect(check(name.normalize("NFD"))).toEqual({ stored: singleLine(name) });
  });

  it("reads the fixtures it promises to (twelve petitioners, the union's staff, the decomposed one)", () => {
    expect(sample.valid).toHaveLength(12);
    expect(REAL_NAMES.length).toBeGreaterThan(40);
    expect(sample.edgeCases.some((c) => c.petitioner?.fullName !== c.petitioner?.fullName.normalize("NFC"))).toBe(true);
  });
});

const NOT_NAMES = [
  "Click http://evil.example",
  "Chào Click http://evil.example",
  "Chào evil.example",
  "Nhận quà tại vietcombank.com.vn.evil.top",
  "www.evil.com",
  "t.co",
  "lan@example.org",
  "Lan at lan@example.org",
  "Gọi 0912 345 678",
  "Hoa 2",
  "Ma Thị Hoa\r\nBcc: attacker@example.com",
  "Hoa / Lan",
  "Mai: gọi ngay",
  "<script>alert(1)</script> Hoa",
  '=HYPERLINK("http://x")',
  "-Hoa",
  "'Hoa",
  "...",
  "Hoa 🌸",
  "Hoa\u200bLan",
  "Hoa １２",
  "Hoa٣",
  "例。com",
  "Hoa (Lan)",
  "Hoa, Lan",
];

describe("what is not a name", () => {
  it.each(NOT_NAMES)("refuses %j with name_invalid", (text) => {
    expect(check(text)).toEqual({ code: "name_invalid" });
  });

  it("says first that an empty name is missing, and a long one too long", () => {
    expect(check("   ")).toEqual({ code: "required" });
    expect(check(`${"Hoa ".repeat(30)}1`)).toEqual({ code: "too_long" });
  });
});

/** Every code point of a general category, for generators that cover every script. */
function codePoints(pattern: RegExp): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (pattern.test(String.fromCodePoint(cp))) out.push(cp);
  }
  return out;
}

const LETTERS = codePoints(/^\p{L}$/u);
const MARKS = codePoints(/^\p{M}$/u);
const charFrom = (points: number[]) =>
  fc.integer({ min: 0, max: points.length - 1 }).map((i) => String.fromCodePoint(points[i] as number));

/** A letter as typed: a letter of any script, now and then with a combining mark or two. */
const letter = fc
  .tuple(
    charFrom(LETTERS),
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.array(charFrom(MARKS), { maxLength: 2 })),
  )
  .map(([l, marks]) => l + marks.join(""));
const run = fc.array(letter, { minLength: 1, maxLength: 5 }).map((ls) => ls.join(""));
/** A word: runs of letters joined by `-`, `'` or `’` (Jean-Pierre, H'Hen), perhaps an initial's dot after it. */
const word = fc
  .tuple(run, fc.array(fc.tuple(fc.constantFrom("-", "'", "’"), run), { maxLength: 1 }), fc.boolean())
  .map(([first, rest, dot]) => first + rest.map(([j, r]) => j + r).join("") + (dot ? "." : ""));
/** Initials joined by dots: "J.R.R." */
const initials = fc.array(letter, { minLength: 2, maxLength: 4 }).map((ls) => `${ls.join(".")}.`);
const space = fc.constantFrom(" ", "  ", "\t", "\u00a0", "\u3000");
/** A name of up to four words, short enough for the field (100 characters once cleaned). */
const aName = fc
  .tuple(
    fc.oneof(word, initials),
    fc.array(fc.tuple(space, fc.oneof({ weight: 4, arbitrary: word }, initials)), { maxLength: 3 }),
  )
  .map(([first, rest]) => first + rest.map(([s, w]) => s + w).join(""))
  .filter((name) => [...singleLine(name)].length < 100);

/**
 * What may never be in a name, as long as cleaning the line leaves it there (cleaning removes controls and bidi
 * overrides, and folds spaces, before the check): digits of every script, symbols, punctuation but `. ' ’ -`,
 * format characters (a zero-width space), unassigned code points.
 */
const FORBIDDEN = codePoints(/^[^\p{L}\p{M}\s.'’-]$/u).filter(
  (cp) => singleLine(String.fromCodePoint(cp)) === String.fromCodePoint(cp),
);

describe("any name, any script (fast-check)", () => {
  it("takes every name made of letters, marks, spaces and . ' ’ -, and stores it NFC with single spaces", () => {
    fc.assert(
      fc.property(aName, (name) => {
        const cleaned = singleLine(name);
        expect(check(name)).toEqual({ stored: cleaned });
        expect(isPersonName(cleaned)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses a name with any other character anywhere in it", () => {
    expect(FORBIDDEN).toEqual(
      expect.arrayContaining(["0", "9", "@", "/", ":", "٣", "１"].map((c) => c.codePointAt(0))),
    );
    fc.assert(
      fc.property(aName, charFrom(FORBIDDEN), fc.nat(), (name, bad, at) => {
        const chars = [...name];
        const i = at % (chars.length + 1);
        const text = [...chars.slice(0, i), bad, ...chars.slice(i)].join("");
        expect(check(text), JSON.stringify(text)).toEqual({ code: "name_invalid" });
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses a link, an e-mail address or a bare domain after a greeting or a name", () => {
    const payload = fc.oneof(fc.webUrl(), fc.emailAddress(), fc.domain());
    fc.assert(
      fc.property(fc.constantFrom("Chào", "Click", "Ma Thị Hoa", ""), space, payload, (before, gap, link) => {
        const text = `${before}${gap}${link}`;
        fc.pre([...text].length < 100); // a longer one is refused as too long first
        expect(check(text), link).toEqual({ code: "name_invalid" });
      }),
      { numRuns: 2000 },
    );
  });
});

describe("both forms", () => {
  const config = parseConfig(fixture("lam-binh-demo.json"));
  const helpers = configHelpers(config);
  const refusal = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fieldErrors;
    }
    throw new Error("the body was taken");
  };

  it("refuse a link as the registrant's or the petitioner's name, beside that field, in both languages", () => {
    const message = { vi: nameFieldText.vi.name_invalid, en: nameFieldText.en.name_invalid };
    const reg = refusal(() =>
      parseOrThrow(registrationSchema(config, helpers), { fullName: "Chào Click http://evil.example" }),
    );
    expect(reg.find((e) => e.path === "fullName")).toEqual({ path: "fullName", code: "name_invalid", message });
    const pet = refusal(() =>
      parseOrThrow(petitionSchema(config, helpers), { petitioner: { fullName: "evil@example.org" } }),
    );
    expect(pet.find((e) => e.path === "petitioner.fullName")).toEqual({
      path: "petitioner.fullName",
      code: "name_invalid",
      message,
    });
  });

  it("leave the petition's group line free text (a group's name may hold a number)", () => {
    const pet = refusal(() =>
      parseOrThrow(petitionSchema(config, helpers), {
        onBehalfOf: "Tổ hợp tác dệt thổ cẩm thôn Bản Khiển (15 thành viên)",
        petitioner: { fullName: "Hoàng Thị Duyên" },
      }),
    );
    expect(pet.map((e) => e.path)).not.toContain("onBehalfOf");
    expect(pet.map((e) => e.path)).not.toContain("petitioner.fullName");
    expect(pet.length).toBeGreaterThan(0);
  });
});
