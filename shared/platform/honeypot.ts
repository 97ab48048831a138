import { honeypotText } from "../messages/common.ts";
import { html, type SafeHtml } from "./html.ts";
import type { Lang } from "./i18n.ts";

/**
 * A field people never see and bots fill in. A post that fills it gets an ordinary-looking answer and nothing
 * is stored or sent: the bot learns nothing, the woman behind the next post loses nothing.
 */
export const HONEYPOT_FIELD = "website";

/**
 * Did the post fill the field? Text counts when it is more than spaces. Any other value (a number, `true`, an
 * object, an array) is no person's: the form only ever sends text, and an API client leaves the field out, so
 * that is a bot too. It is only looked at, never read into: `String()` of a deeply nested array recursed until
 * the stack ran out.
 */
export function honeypotFilled(body: unknown): boolean {
  if (body === null || typeof body !== "object" || !Object.hasOwn(body, HONEYPOT_FIELD)) return false;
  const value = (body as Record<string, unknown>)[HONEYPOT_FIELD];
  if (typeof value === "string") return value.trim() !== "";
  return value !== undefined && value !== null;
}

export function honeypotInput(lang: Lang): SafeHtml {
  return html`<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT_FIELD}">${honeypotText[lang].label}</label><input id="f-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off" value=""></div>`;
}
