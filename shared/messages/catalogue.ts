import type { Bilingual, Lang } from "../platform/i18n.ts";

/**
 * Every message a page or an e-mail shows lives in one catalogue per language: `vi/<section>.ts` and
 * `en/<section>.ts`. A section is small (what one page, one e-mail or one kind of problem shows), so that a
 * function bundles only the words it shows. A message is a string, or a template `(p) => string` for the
 * values it carries.
 *
 * The Vietnamese section is the reference: it `satisfies Messages`, and its English twin `satisfies
 * Catalogue<typeof vi.section>`, so a missing or extra key fails the type check, and an English template
 * receives exactly the Vietnamese one's values.
 */
export type Template = (p: never) => string;

export interface Messages {
  readonly [key: string]: string | Template | Messages;
}

/** The shape another language must give a section: the same keys, strings for strings, the same templates. */
export type Catalogue<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (p: infer P) => string
      ? (p: P) => string
      : Catalogue<T[K]>;
};

/** A section in every language: `const t = registrationText[lang]` is the one place a page chooses. */
export type ByLang<T> = { readonly [L in Lang]: Catalogue<T> };

export type StringKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T];

/**
 * A message in both languages, for what carries both (a problem's title and detail, a field's message): by its
 * key, or by a function that reads it (a template with its values).
 */
export function both<T>(text: ByLang<T>, message: StringKey<Catalogue<T>> | ((t: Catalogue<T>) => string)): Bilingual {
  const of = (t: Catalogue<T>) => (typeof message === "function" ? message(t) : (t[message] as string));
  return { vi: of(text.vi), en: of(text.en) };
}

/** Every message of a section in both languages, by key: for tables that carry both (JSON answers, problems). */
export function bothAll<T>(text: ByLang<T>): Record<StringKey<Catalogue<T>>, Bilingual> {
  const out = {} as Record<StringKey<Catalogue<T>>, Bilingual>;
  for (const key of Object.keys(text.vi) as StringKey<Catalogue<T>>[]) out[key] = both(text, key);
  return out;
}
