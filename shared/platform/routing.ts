import { type RouteDeclaration, servedRoutes } from "../declarations.ts";

/**
 * Matches a request to a declared route the way API Gateway does: literal segments win over `{param}`
 * segments. The local runtime routes with it, and the fallback function uses it to tell 404 from 405.
 */
export type RouteMatch =
  | { kind: "route"; route: RouteDeclaration; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "none" };

function segments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = segments(template);
  const got = segments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith("{") && w.endsWith("}")) {
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

const literalCount = (template: string) => segments(template).filter((s) => !s.startsWith("{")).length;

export function matchRoute(
  method: string,
  path: string,
  table: readonly RouteDeclaration[] = servedRoutes,
): RouteMatch {
  const candidates = table
    .map((route) => ({ route, params: matchPath(route.path, path) }))
    .filter((c): c is { route: RouteDeclaration; params: Record<string, string> } => c.params !== undefined);
  if (candidates.length === 0) return { kind: "none" };
  const best = Math.max(...candidates.map((c) => literalCount(c.route.path)));
  const onPath = candidates.filter((c) => literalCount(c.route.path) === best);
  const hit = onPath.find((c) => c.route.method === method);
  if (hit) return { kind: "route", route: hit.route, params: hit.params };
  return { kind: "method-not-allowed", allow: [...new Set(onPath.map((c) => c.route.method))] };
}
