import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type FunctionName, functions } from "#shared/declarations.ts";

/** The repository root: function entries in the declarations are relative to it. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const loaded = new Map<FunctionName, Promise<unknown>>();

/** Import a function's module the way Lambda would (once per "container") and return its `handler`. */
export function loadHandler(fn: FunctionName): Promise<unknown> {
  let handler = loaded.get(fn);
  if (!handler) {
    const url = pathToFileURL(resolve(ROOT, functions[fn].entry)).href;
    handler = import(url).then((mod: { handler?: unknown }) => {
      if (typeof mod.handler !== "function") throw new Error(`${functions[fn].entry} exports no handler`);
      return mod.handler;
    });
    loaded.set(fn, handler);
  }
  return handler;
}
