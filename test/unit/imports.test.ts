import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The direction of the import arrows. Reads the static `import … from` and `export … from` of every .ts file the
 * app is built from (type-only imports vanish at build, so they are left out) and checks that (1) nothing imports
 * itself round a cycle, (2) a domain folder uses only the platform, the message catalogue, the declarations, the
 * keys, its own files and another domain's model.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const SOURCES = ["shared", "functions", "local", "infra", "scripts"];
/** The `imports` aliases of package.json. */
const ALIASES: Record<string, string> = { "#shared/": "shared/", "#local/": "local/" };

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

// `import x, { y } from "m"`, `import * as m from "m"`, `export { y } from "m"`, `export * from "m"`, `import "m"`.
const STATEMENT = /^\s*(import|export)\s+(?:([^;'"]*?)\s+from\s+)?["']([^"']+)["']/gm;

/** True when nothing of the statement is left after the build: `import type …`, or `{ type a, type b }` only. */
function typeOnly(clause: string | undefined): boolean {
  if (clause === undefined) return false;
  if (/^type\s/.test(clause)) return true;
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces?.[1]) return false;
  const names = braces[1]
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

/** The repository-relative .ts file a specifier names, or undefined for packages and data files. */
function target(from: string, specifier: string): string | undefined {
  const alias = Object.keys(ALIASES).find((a) => specifier.startsWith(a));
  let path: string;
  if (alias) path = `${ALIASES[alias]}${specifier.slice(alias.length)}`;
  else if (specifier.startsWith(".")) path = relative(ROOT, resolve(ROOT, dirname(from), specifier));
  else return undefined;
  return path.endsWith(".ts") ? path : undefined;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCES.flatMap(sourceFiles)) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const targets = new Set<string>();
    for (const [, , clause, specifier] of text.matchAll(STATEMENT)) {
      const to = specifier && !typeOnly(clause) ? target(file, specifier) : undefined;
      if (to) targets.add(to);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Every cycle's files, one cycle per strongly connected component (Tarjan), as a path back to its start. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = stack.splice(stack.indexOf(node));
    if (component.length > 1 || graph.get(node)?.includes(node)) found.push(pathRound(graph, new Set(component), node));
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** One concrete cycle through `start` inside its component (breadth first, so the shortest). */
function pathRound(graph: Map<string, string[]>, component: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

const DOMAINS = ["registration", "petitions", "events", "config"];
const domainOf = (file: string) => DOMAINS.find((d) => file.startsWith(`shared/${d}/`));

/** What any domain file may import besides its own folder (shared/messages/: the words it shows, in both languages). */
const SHARED_BY_ALL = ["shared/platform/", "shared/messages/", "shared/declarations.ts", "shared/keys.ts"];

/**
 * What another domain shows the others: its model. Configuration has no model.ts: its shapes (schema.ts, with
 * config.ts's helpers over them), how it is read (store.ts) and what a person may say of herself on any form
 * (person.ts, ethnic-groups.ts) are the model every domain reads.
 */
const MODELS = [
  "shared/registration/model.ts",
  "shared/events/model.ts",
  "shared/config/config.ts",
  "shared/config/schema.ts",
  // Reading the stored, already checked configuration (loadConfig): never the seed's checks (parse.ts).
  "shared/config/store.ts",
  "shared/config/person.ts",
  "shared/config/ethnic-groups.ts",
];

function domainViolations(graph: Map<string, string[]>): string[] {
  const violations: string[] = [];
  for (const [file, targets] of graph) {
    const domain = domainOf(file);
    if (!domain) continue;
    for (const to of targets) {
      const allowed =
        to.startsWith(`shared/${domain}/`) || SHARED_BY_ALL.some((s) => to.startsWith(s)) || MODELS.includes(to);
      if (!allowed) violations.push(`${file} -> ${to}`);
    }
  }
  return violations.sort();
}

describe("import arrows", () => {
  const graph = importGraph();

  it("reads the imports it checks", () => {
    expect(graph.get("shared/platform/routing.ts")).toContain("shared/declarations.ts");
    expect(graph.get("local/gateway.ts")).toContain("shared/platform/routing.ts");
    // A type-only import is not an arrow at run time.
    expect(typeOnly("type { Registration }")).toBe(true);
    expect(typeOnly("{ type Registration, type Lang }")).toBe(true);
    expect(typeOnly("{ type Registration, phoneHash }")).toBe(false);
  });

  it("has no cycles", () => {
    const found = cycles(graph).map((c) => c.join(" -> "));
    expect(found, `import cycles:\n${found.join("\n")}`).toEqual([]);
  });

  it("lets a domain folder use only the platform, messages, declarations, keys, itself and other domains' models", () => {
    expect(domainViolations(graph)).toEqual([]);
  });
});

describe("one way to write", () => {
  it("every transaction of the app goes through write() (replay, labelled items, the label that failed)", () => {
    const direct = SOURCES.flatMap(sourceFiles).filter((file) => {
      if (file === "shared/platform/write.ts" || file === "shared/platform/dynamo.ts") return false;
      const text = readFileSync(join(ROOT, file), "utf8");
      return /import\s*\{[^}]*\btransact\b[^}]*\}\s*from\s*["'][^"']*platform\/dynamo\.ts["']/.test(text);
    });
    expect(direct).toEqual([]);
  });
});
