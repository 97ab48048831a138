import { compactCode, randomSpoken, SPOKEN_ALPHABET } from "../platform/ids.ts";
import { keyedHash } from "../platform/secret.ts";

/**
 * The tracking code (mã tra cứu) a petitioner keeps on paper or in a text message: ten symbols from the
 * alphabet without look-alikes (46 random bits, so it cannot be guessed), shown as two groups of five.
 */
const LENGTH = 10;

export function newTrackingCode(): string {
  return randomSpoken(LENGTH);
}

/** "AB3CD-EF4GH" */
export function displayCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a person typed (lower case, spaces, dashes) → the stored code, or undefined if it cannot be one. */
export function parseTrackingCode(input: string): string | undefined {
  const compact = compactCode(input);
  if (compact.length !== LENGTH) return undefined;
  for (const ch of compact) if (!SPOKEN_ALPHABET.includes(ch)) return undefined;
  return compact;
}

/**
 * How logs name a petition: a keyed hash, never the code. The code travels on paper and by SMS and opens the public
 * status page; a log reader can still follow one petition's lines, and support can compute the reference of a code.
 */
export function logRef(code: string): string {
  return keyedHash("tracking", parseTrackingCode(code) ?? code).slice(0, 16);
}
