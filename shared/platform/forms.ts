import { formText } from "../messages/common.ts";
import type { FieldError } from "./errors.ts";
import { html, type SafeHtml } from "./html.ts";
import type { Lang } from "./i18n.ts";

/**
 * Form controls that re-show what was typed and put each error message beside its field (and in a summary
 * at the top that links to it). They work without JavaScript: the server validates, the page answers.
 */

export type Values = Record<string, unknown>;

export interface FormState {
  lang: Lang;
  values: Values;
  errors: FieldError[];
}

const idOf = (name: string) => `f-${name.replace(/[^a-zA-Z0-9]+/g, "-")}`;

function fieldValue(values: Values, name: string): string {
  let node: unknown = values;
  for (const part of name.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (node === undefined || node === null) return "";
  if (typeof node === "object") return "";
  return String(node);
}

function errorOf(state: FormState, name: string): string | undefined {
  return state.errors.find((e) => e.path === name)?.message[state.lang];
}

function wrap(state: FormState, name: string, label: string, hint: string | undefined, control: SafeHtml): SafeHtml {
  const error = errorOf(state, name);
  const id = idOf(name);
  return html`<div class="${error ? "field invalid" : "field"}"><label for="${id}">${label}${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : ""}</label>${error ? html`<span class="err" id="${id}-err">${error}</span>` : ""}${control}</div>`;
}

function described(state: FormState, name: string, hint?: string): string {
  const id = idOf(name);
  return [hint ? `${id}-hint` : "", errorOf(state, name) ? `${id}-err` : ""].filter(Boolean).join(" ");
}

export interface TextOptions {
  type?: "text" | "tel" | "email";
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
}

export function textField(state: FormState, name: string, label: string, o: TextOptions = {}): SafeHtml {
  const aria = described(state, name, o.hint);
  return wrap(
    state,
    name,
    label,
    o.hint,
    html`<input id="${idOf(name)}" name="${name}" type="${o.type ?? "text"}" value="${fieldValue(state.values, name)}"${o.required ? html` required` : ""}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${o.inputmode ? html` inputmode="${o.inputmode}"` : ""}${o.maxlength ? html` maxlength="${o.maxlength}"` : ""}${aria ? html` aria-describedby="${aria}"` : ""}${errorOf(state, name) ? html` aria-invalid="true"` : ""}>`,
  );
}

export function textArea(
  state: FormState,
  name: string,
  label: string,
  o: { hint?: string; rows?: number; maxlength?: number } = {},
): SafeHtml {
  const aria = described(state, name, o.hint);
  return wrap(
    state,
    name,
    label,
    o.hint,
    html`<textarea id="${idOf(name)}" name="${name}" rows="${o.rows ?? 6}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ""}${aria ? html` aria-describedby="${aria}"` : ""}>${fieldValue(state.values, name)}</textarea>`,
  );
}

export function selectField(
  state: FormState,
  name: string,
  label: string,
  options: readonly { value: string; label: string }[],
  o: { hint?: string; required?: boolean; placeholder?: string } = {},
): SafeHtml {
  const current = fieldValue(state.values, name);
  const aria = described(state, name, o.hint);
  return wrap(
    state,
    name,
    label,
    o.hint,
    html`<select id="${idOf(name)}" name="${name}"${o.required ? html` required` : ""}${aria ? html` aria-describedby="${aria}"` : ""}><option value="">${o.placeholder ?? "—"}</option>${options.map(
      (opt) => html`<option value="${opt.value}"${opt.value === current ? html` selected` : ""}>${opt.label}</option>`,
    )}</select>`,
  );
}

export function radioGroup(
  state: FormState,
  name: string,
  legend: string,
  options: readonly { value: string; label: string }[],
): SafeHtml {
  const current = fieldValue(state.values, name);
  const error = errorOf(state, name);
  const id = idOf(name);
  return html`<fieldset id="${id}" class="${error ? "invalid" : ""}"><legend>${legend}</legend>${error ? html`<span class="err">${error}</span>` : ""}${options.map(
    (opt) =>
      html`<label class="check"><input type="radio" name="${name}" value="${opt.value}"${opt.value === current ? html` checked` : ""}>${opt.label}</label>`,
  )}</fieldset>`;
}

/** An unticked box unless the person ticked it: consent is never pre-given. */
export function checkboxField(state: FormState, name: string, label: string): SafeHtml {
  const raw = fieldValue(state.values, name);
  const ticked = raw === "on" || raw === "true" || raw === "1";
  const error = errorOf(state, name);
  const id = idOf(name);
  return html`<div class="${error ? "field invalid" : "field"}">${error ? html`<span class="err" id="${id}-err">${error}</span>` : ""}<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}" value="on"${ticked ? html` checked` : ""}>${label}</label></div>`;
}

export function errorSummary(state: FormState, labels: Record<string, string>): SafeHtml {
  if (state.errors.length === 0) return html``;
  return html`<div class="summary" role="alert" tabindex="-1"><h2>${formText[state.lang].fix}</h2><ul>${state.errors.map(
    (e) => html`<li><a href="#${idOf(e.path)}">${labels[e.path] ?? e.path}</a>: ${e.message[state.lang]}</li>`,
  )}</ul></div>`;
}
