import { routes } from "../declarations.ts";
import type { Lang } from "./i18n.ts";

/**
 * Every URL a page or an e-mail shows is built here, from the route's name in the declarations: a path changes in
 * one place. Parameters are encoded; English adds `?lang=en` (Vietnamese is the default and needs nothing).
 * `base`: for pages, `req.pageBase` (origin-relative: the page works on whatever host it was reached through); for
 * e-mails and JSON answers, the API's absolute root (`req.baseUrl`, or the configured public URL off a request).
 */
type Route = (typeof routes)[number];
export type RouteName = Route["name"];

/** The `{param}` names in a path template, as a type. */
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;
type ParamsOf<N extends RouteName> = Record<ParamNames<Extract<Route, { name: N }>["path"]>, string>;

const byName = new Map<string, string>(routes.map((r) => [r.name, r.path]));

/** What a link adds for a reader of each language: Vietnamese is the default and needs nothing. */
const LANG_QUERY: Record<Lang, Record<string, string>> = { vi: {}, en: { lang: "en" } };

const langQuery = (lang: Lang = "vi") => LANG_QUERY[lang];

export interface LinkOptions {
  base: string;
  lang?: Lang;
  /** Query parameters besides the language (never a token: tokens go in the path). */
  query?: Record<string, string>;
}

export function link<N extends RouteName>(name: N, params: ParamsOf<N>, options: LinkOptions): string {
  const path = (byName.get(name) as string).replace(/\{(\w+)\}/g, (_, key: string) =>
    encodeURIComponent((params as Record<string, string>)[key] ?? ""),
  );
  const query = new URLSearchParams({ ...langQuery(options.lang), ...options.query });
  const search = query.size > 0 ? `?${query}` : "";
  return `${options.base.replace(/\/$/, "")}${path}${search}`;
}

/**
 * A link already built, with query parameters added (values encoded) and the reader's language: a page's own link
 * with `?view=`, or an event's link from its JSON view as shown to a reader of `lang` (`withQuery(url, {}, lang)`).
 */
export function withQuery(url: string, query: Record<string, string | undefined>, lang: Lang = "vi"): string {
  const all = Object.entries({ ...query, ...langQuery(lang) }).filter((e): e is [string, string] => e[1] !== undefined);
  if (all.length === 0) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${new URLSearchParams(all)}`;
}
