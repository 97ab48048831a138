import { createHash, randomBytes, randomInt } from "node:crypto";

/**
 * Codes a person reads aloud or types on a phone keypad: no 0/O, 1/I/L, 2/Z, 5/S, 8/B look-alikes.
 * 25 symbols; 8 of them carry 37 bits, enough for a per-event check-in code that is also locked unique.
 */
export const SPOKEN_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";

export function spokenCode(length = 8): string {
  let out = "";
  for (let i = 0; i < length; i++) out += SPOKEN_ALPHABET[randomInt(SPOKEN_ALPHABET.length)];
  return out;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Uint8Array): string {
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

/** A secret for a link in an e-mail: 160 random bits, URL-safe. Only its hash is ever stored. */
export function newLinkToken(): string {
  return base32(randomBytes(20));
}

export const LINK_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
