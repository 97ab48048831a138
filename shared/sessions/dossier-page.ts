import { dossierText } from "../messages/sessions.ts";
import { categoryName } from "../petitions/labels.ts";
import { displayCode } from "../petitions/tracking.ts";
import { formatSpan } from "../platform/dates.ts";
import { html, type SafeHtml } from "../platform/html.ts";
import type { Lang } from "../platform/i18n.ts";
import type { dossierByToken } from "./dossier.ts";

/** An invited leader's page (`/s/{token}`): the issues sent beforehand, and a box on each to say she will answer it. */
export function dossierPage(
  found: Awaited<ReturnType<typeof dossierByToken>>,
  marked: readonly string[],
  lang: Lang,
  notice?: SafeHtml,
): SafeHtml {
  const t = dossierText[lang];
  const { event, dossier, loaded } = found;
  const byCode = new Map(dossier.issues.map((i) => [i.code, i.view] as const));
  const groups = dossier.byCategory.map(
    (g) =>
      html`<h3>${categoryName(loaded.config, g.category, lang)} (${g.codes.length})</h3><ul>${g.codes.map((code) => {
        const v = byCode.get(code);
        if (!v) return html`<li><p>${t.protected}</p></li>`;
        const id = `answer-${code}`;
        return html`<li><p><strong>${displayCode(code)}</strong> · ${v?.title ?? ""}</p><p>${v?.content ?? ""}</p><label class="check" for="${id}"><input type="checkbox" id="${id}" name="answer.${code}" value="on"${marked.includes(code) ? html` checked` : ""}>${t.willAnswer}</label></li>`;
      })}</ul>`,
  );
  const places = dossier.byPlace.map((p) => html`<li>${p.place}: ${p.n}</li>`);
  return html`<h1>${t.heading({ title: event.title })}</h1><p>${formatSpan(event.startsAt, event.endsAt, lang)} · ${event.venue}</p>${notice ? html`<div class="notice" role="status">${notice}</div>` : ""}${
    dossier.issues.length === 0
      ? html`<p>${t.none}</p>`
      : html`<p>${t.intro}</p><h2>${t.byPlace}</h2><ul>${places}</ul><h2>${t.byCategory}</h2><form method="post"><input type="hidden" name="lang" value="${lang}">${groups}<button type="submit">${t.send}</button></form>`
  }`;
}
