/** Vietnamese first, English second: every message the system shows exists in both (shared/messages/). */
export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];

export interface Bilingual {
  vi: string;
  en: string;
}

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/**
 * Vietnamese unless the page or request asks for English with `?lang=en`. The browser's Accept-Language is
 * deliberately ignored: many cheap phones in Vietnam are set to English, and their owners read Vietnamese.
 */
export function chooseLang(query: string | undefined): Lang {
  return LANGS.find((lang) => lang === query) ?? "vi";
}
