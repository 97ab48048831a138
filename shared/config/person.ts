import { line } from "../platform/validation.ts";

/** What a person may say of herself on any form: registrations and petitions read these from here. */
export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * A name in any script: a letter (\p{L}) first, then letters, their combining marks (\p{M}: the matras of Indic
 * scripts, a decomposed accent NFC could not compose), spaces and the marks names carry (`.` of an initial, `'` and
 * `’` of H'Hen or O'Brien, `-` of Jean-Pierre). No digits, `@`, `/` or `:`: the confirmation e-mails greet her by this
 * name, at whatever address was typed, so a "name" must not carry a link, an address or a phone number to a stranger.
 * The letter first also keeps `-` from starting a spreadsheet formula in the roster.
 */
const NAME_CHARACTERS = /^\p{L}[\p{L}\p{M} .'’-]*$/u;

/**
 * A dot followed by two letters is a domain ("evil.example", "t.co"), which mail programs turn into a link; a name's
 * dot ends an initial ("Nguyễn T. Hoa") or joins single ones ("J.R.R."). Every top-level domain has two letters or more.
 */
const DOMAIN_LIKE = /\.\p{L}\p{M}*\p{L}/u;

/** Is `name` (already trimmed, NFC, with single spaces: as `line` cleans it) a person's name? */
export function isPersonName(name: string): boolean {
  return NAME_CHARACTERS.test(name) && !DOMAIN_LIKE.test(name);
}

/** A person's full name on any form: required, at most 100 characters, a name and nothing else. */
export const personName = line(100, { test: isPersonName, message: "name_invalid" });
