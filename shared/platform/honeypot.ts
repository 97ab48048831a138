import { honeypotText } from "../messages/common.ts";
import { html, type SafeHtml } from "./html.ts";
import type { Lang } from "./i18n.ts";

/**
 * A field people never see and bots fill in. A post that fills it gets an ordinary-looking answer and nothing
 * is stored or sent: the bot learns nothing, the woman behind the next post loses nothing.
 */
export const HONEYPOT_FIELD = "website";

export function honeypotFilled(body: unknown): boolean {
  const value = (body as Record<string, unknown> | null | undefined)?.[HONEYPOT_FIELD];
  return value !== undefined && value !== null && String(value).trim() !== "";
}

export function honeypotInput(lang: Lang): SafeHtml {
  return html`<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT_FIELD}">${honeypotText[lang].label}</label><input id="f-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off" value=""></div>`;
}
