/**
 * Text as people type it on phones: Vietnamese often arrives decomposed (NFD) from some keyboards, with stray
 * spaces and sometimes control characters. Everything stored is NFC.
 */

// C0/C1 controls, line and paragraph separators, and bidi overrides (which can disguise text in e-mails).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const ANY_SPACE_RUN = /[\s\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/** One-line text (names, titles): NFC, every run of whitespace or line breaks becomes one space, trimmed. */
export function singleLine(value: string): string {
  return value.normalize("NFC").replace(ANY_SPACE_RUN, " ").replace(CONTROL, "").trim();
}

/** Multi-line text (petition content): NFC, CRLF → LF, other control characters removed, trimmed. */
export function multiLine(value: string): string {
  return value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2028\u2029]/g, "\n")
    .replace(CONTROL, "")
    .replace(/[\t ]+\n/g, "\n")
    .trim();
}

/** Length as a person counts it: Unicode code points of the NFC form (an emoji is one, not two). */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value.normalize("NFC")) n++;
  return n;
}

/** A key for comparing names regardless of case, accents' encoding and punctuation ("H'Mông" ≈ "hmong"). */
export function foldForMatch(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}
