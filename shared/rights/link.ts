import { rightsLinkText } from "../messages/rights.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import { link } from "../platform/links.ts";

/**
 * "Dữ liệu của tôi" from her own pages (her registration's, her petition's): the same token opens `/me/{token}`. A
 * module of its own, so that the pages carrying the link bundle nothing else of her data rights.
 */
export function myDataLink(token: string, base: string, lang: Lang): SafeHtml {
  return html`<p><a href="${link("my-data", { token }, { base, lang })}">${rightsLinkText[lang].link}</a></p>`;
}
