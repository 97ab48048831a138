import { createHash } from "node:crypto";
import { layoutText } from "../messages/common.ts";
import type { Lang } from "./i18n.ts";

/**
 * Server-rendered HTML for cheap phones on weak connections: no JavaScript, no external assets, one small
 * inline stylesheet allowed by its hash in a strict Content-Security-Policy. Every interpolated value is
 * escaped unless it is already SafeHtml, so user text can never become markup.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#faf7f2}
header{background:#8a1538;color:#fff;padding:.6rem 1rem}
header a{color:#fff;text-decoration:none;font-weight:700}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem}
label{display:block;font-weight:600;margin-top:1rem}
.hint{display:block;font-weight:400;color:#555;font-size:.9rem}
input,select,textarea{display:block;width:100%;font:inherit;padding:.55rem;margin-top:.25rem;border:2px solid #777;border-radius:4px;background:#fff}
input[type=checkbox],input[type=radio]{display:inline-block;width:1.3rem;height:1.3rem;margin:0 .5rem 0 0;vertical-align:middle}
fieldset{border:0;padding:0;margin:1rem 0 0}
legend{font-weight:600}
.check{display:flex;align-items:flex-start;font-weight:400;margin-top:.75rem}
.err{color:#b00020;font-weight:600;display:block}
.invalid input,.invalid select,.invalid textarea{border-color:#b00020}
.summary{border:3px solid #b00020;padding:.75rem 1rem;margin:1rem 0;background:#fff}
.ok{border:3px solid #1e6b35;padding:.75rem 1rem;background:#fff}
.code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.15em}
button{font:inherit;font-weight:700;padding:.7rem 1.2rem;margin-top:1.25rem;border:0;border-radius:4px;background:#8a1538;color:#fff}
button.secondary{background:#555}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ccc;padding:.35rem;text-align:left}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
footer{max-width:40rem;margin:2rem auto;padding:0 1rem;color:#555;font-size:.9rem}
a{color:#8a1538}
`
  .replace(/\n/g, "")
  .trim();

const CSS_HASH = createHash("sha256").update(CSS, "utf8").digest("base64");

/** Nothing may load or run but the page's own stylesheet; forms post only back to this site. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${CSS_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface PageOptions {
  lang: Lang;
  title: string;
  body: SafeHtml;
  /** Offer a link to the same page in the other language (a relative `?lang=` link). */
  langSwitch?: boolean;
}

/** The language a page's switch offers: the other one, named in itself. */
const OTHER: Record<Lang, Lang> = { vi: "en", en: "vi" };

export function page({ lang, title, body, langSwitch = true }: PageOptions): string {
  const site = layoutText[lang].site;
  const to = OTHER[lang];
  const other = html`<a href="?lang=${to}" hreflang="${to}" lang="${to}">${layoutText[to].language}</a>`;
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><title>${title} · ${site}</title><style>${new SafeHtml(CSS)}</style></head><body><header><span>${site}</span></header><main>${body}</main><footer>${langSwitch ? other : ""}</footer></body></html>`}`;
}
