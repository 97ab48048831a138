import { mailLayoutText } from "../messages/common.ts";
import { html, type SafeHtml } from "./html.ts";
import type { Lang } from "./i18n.ts";

/**
 * The frame every e-mail shares: plain HTML with inline styles (mail clients ignore stylesheets) and a
 * plain-text twin. Every value is escaped by `html`; the text part never carries markup.
 */
export function mailHtml(lang: Lang, heading: string, body: SafeHtml): string {
  const footer = mailLayoutText[lang].footer;
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="margin:0;padding:16px;background:#faf7f2;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b"><div style="max-width:560px;margin:0 auto;background:#fff;padding:16px;border-top:6px solid #8a1538"><h1 style="font-size:20px;margin:0 0 12px">${heading}</h1>${body}<p style="color:#666;font-size:13px;margin-top:24px">${footer}</p></div></body></html>`}`;
}

export function mailButton(href: string, label: string): SafeHtml {
  return html`<p><a href="${href}" style="display:inline-block;background:#8a1538;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none;font-weight:bold">${label}</a></p>`;
}

/** Lines of plain text, with label: value rows. */
export function mailText(lines: (string | [string, string] | undefined)[]): string {
  return lines
    .filter((l) => l !== undefined)
    .map((l) => (Array.isArray(l) ? `${l[0]}: ${l[1]}` : l))
    .join("\n");
}
