import { createHash, randomBytes, randomInt } from "node:crypto";

/**
 * Codes a person reads aloud or types on a phone keypad: no 0/O, 1/I/L, 2/Z, 5/S, 8/B look-alikes.
 * 25 symbols; the registration code is 7 random symbols (32 bits, locked unique per event) and a check symbol.
 */
export const SPOKEN_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";
const SPOKEN_LENGTH = 8;

/**
 * The check symbol: a weighted sum mod 25. Every weight and every difference between neighbouring weights is
 * prime to 25, so one misheard or mistyped symbol, or two neighbours swapped, never gives another valid code:
 * the organiser hears "no such code", never someone else's name.
 */
const CHECK_WEIGHTS = [1, 2, 3, 4, 6, 7, 8];

function checkSymbol(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += SPOKEN_ALPHABET.indexOf(body[i] as string) * (CHECK_WEIGHTS[i] ?? 1);
  return SPOKEN_ALPHABET[(SPOKEN_ALPHABET.length - (sum % SPOKEN_ALPHABET.length)) % SPOKEN_ALPHABET.length] as string;
}

export function randomSpoken(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += SPOKEN_ALPHABET[randomInt(SPOKEN_ALPHABET.length)];
  return out;
}

/** A registration code: read aloud at check-in, so it ends with its check symbol. */
export function spokenCode(): string {
  const body = randomSpoken(SPOKEN_LENGTH - 1);
  return body + checkSymbol(body);
}

/** What a person typed or heard, without the spaces, dashes and lower case people add. */
export function compactCode(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-_.]/g, "");
}

/** A typed registration code → the stored code, or undefined when it cannot be one (length, symbol, check). */
export function parseSpokenCode(input: string): string | undefined {
  const code = compactCode(input);
  if (code.length !== SPOKEN_LENGTH || [...code].some((c) => !SPOKEN_ALPHABET.includes(c))) return undefined;
  return checkSymbol(code.slice(0, -1)) === code.slice(-1) ? code : undefined;
}

/** "ACD4-79KM": two groups of four are easier to read aloud. */
export function displaySpokenCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** An opaque identifier for records (80 random bits). Not a secret. */
export function newId(): string {
  return base32(randomBytes(10));
}

export const LINK_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
