import { describe, expect, it } from "vitest";
import { formatVietnamMobile, maskVietnamMobile, normalizeVietnamMobile } from "../../shared/platform/phone.ts";
import { charCount, foldForMatch, multiLine, singleLine } from "../../shared/platform/text.ts";

describe("Vietnamese mobile numbers", () => {
  it.each([
    ["0912345601", "+84912345601"],
    ["0912 345 601", "+84912345601"],
    ["+84 912.345.601", "+84912345601"],
    ["84912345601", "+84912345601"],
    ["(091) 234-5601", "+84912345601"],
    ["0084 356 789 003", "+84356789003"],
    ["０９１２３４５６０１", "+84912345601"],
  ])("normalises %s to %s", (input, e164) => {
    expect(normalizeVietnamMobile(input)).toBe(e164);
  });

  it.each(["12345", "0212345678", "091234560", "09123456011", "+1 912 345 6011", "", "0912-345-6O1"])(
    "refuses %s",
    (input) => {
      expect(normalizeVietnamMobile(input)).toBeUndefined();
    },
  );

  it("formats a stored number for its owner, and masks it on pages behind links", () => {
    expect(formatVietnamMobile("+84912345601")).toBe("0912 345 601");
    expect(maskVietnamMobile("+84912345601")).toBe("0912 *** 601");
  });
});

describe("text as typed on phones", () => {
  it("stores NFC, whatever the keyboard sent", () => {
    const nfd = "Nông Thị Lan".normalize("NFD");
    expect(nfd).not.toBe("Nông Thị Lan");
    expect(singleLine(nfd)).toBe("Nông Thị Lan");
  });

  it("makes one line of a name: no CR/LF, tabs or control characters survive", () => {
    expect(singleLine("  Ma Thị Hoa\r\nBcc: attacker@example.com\t\u0000 ")).toBe(
      "Ma Thị Hoa Bcc: attacker@example.com",
    );
    expect(singleLine("a\u202Eb\u2028c")).toBe("ab c");
  });

  it("keeps paragraphs in content but drops control characters", () => {
    expect(multiLine("Dòng một\r\nDòng hai\u0000\r\n\r\nĐoạn mới  ")).toBe("Dòng một\nDòng hai\n\nĐoạn mới");
  });

  it("counts characters as people do (code points of the NFC form)", () => {
    expect(charCount("Thị".normalize("NFD"))).toBe(3);
    expect(charCount("🙏")).toBe(1);
  });

  it("folds names for matching variants", () => {
    expect(foldForMatch("H'Mông")).toBe(foldForMatch("Hmong"));
    expect(foldForMatch("Đồng")).toBe("dong");
  });
});
