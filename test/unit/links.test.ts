import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routes } from "../../shared/declarations.ts";
import { pageBaseOf } from "../../shared/platform/http.ts";
import { link, withQuery } from "../../shared/platform/links.ts";
import { matchRoute } from "../../shared/platform/routing.ts";

/** Every URL comes from a route's name: built here, it is routed back to that same route with the same params. */
describe("link(name, params)", () => {
  it("gives every route a name of its own", () => {
    const names = routes.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("builds URLs the router takes back to the named route, with any parameter value", () => {
    const base = "https://abc.execute-api.ap-southeast-1.amazonaws.com/prod";
    for (const route of routes) {
      const keys = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      fc.assert(
        fc.property(
          // "." and ".." are path steps to every URL parser, not values: no id, token or code is either.
          fc.tuple(
            ...keys.map(() => fc.string({ minLength: 1, maxLength: 30 }).filter((v) => v !== "." && v !== "..")),
          ),
          fc.constantFrom("vi" as const, "en" as const),
          (values, lang) => {
            const params = Object.fromEntries(keys.map((k, i) => [k, values[i] as string]));
            const url = new URL(link(route.name as never, params as never, { base, lang }));
            expect(url.origin + url.pathname.slice(0, 5)).toBe(`${new URL(base).origin}/prod`);
            expect(url.searchParams.get("lang")).toBe(lang === "en" ? "en" : null);
            const found = matchRoute(route.method, url.pathname.slice("/prod".length));
            // A literal route of the same shape ("/petitions/new") wins over "{trackingCode}" = "new": as on AWS.
            if (found.kind === "route" && found.route.path !== route.path) return;
            expect(found).toMatchObject({ kind: "route", route: { path: route.path }, params });
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it("adds the language to a link already built", () => {
    expect(withQuery("https://x/prod/events/a/register", {}, "en")).toBe("https://x/prod/events/a/register?lang=en");
    expect(withQuery("https://x/prod/events/a/register", {}, "vi")).toBe("https://x/prod/events/a/register");
    expect(withQuery("https://x/p?view=roster", {}, "en")).toBe("https://x/p?view=roster&lang=en");
  });

  it("is the only way the app writes a route's path", () => {
    const ROOT = resolve(import.meta.dirname, "../..");
    const files = execFileSync(
      "git",
      ["ls-files", "-co", "--exclude-standard", "shared", "functions", "local", "scripts"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter((f) => f.endsWith(".ts") && f !== "shared/platform/links.ts" && f !== "shared/declarations.ts");
    // A path segment of a declared route followed by an interpolated value, or a relative climb to one.
    const prefixes = [...new Set(routes.map((r) => r.path.split("/")[1]).filter(Boolean))].join("|");
    const handBuilt = new RegExp(`[\`"'](?:\\$\\{[^}]+\\})?(?:\\.\\./)*/?(?:${prefixes})/(?:\\$\\{|[a-z]+[\`"'])`);
    const found = files.filter((f) => handBuilt.test(readFileSync(join(ROOT, f), "utf8")));
    expect(found).toEqual([]);
  });
});

describe("the base a page links from", () => {
  const event = (path: string, full: string, stage = "prod") =>
    ({ path, requestContext: { path: full, stage } }) as unknown as Parameters<typeof pageBaseOf>[0];
  it("is the stage on the execute-api URL, nothing on a custom domain or locally", () => {
    expect(pageBaseOf(event("/events/a/register", "/prod/events/a/register"))).toBe("/prod");
    expect(pageBaseOf(event("/events/a/register", "/events/a/register"))).toBe("");
    expect(pageBaseOf(event("/events/a/register", "/v1/events/a/register"))).toBe("/v1");
    // A path the two fields spell differently (encoding): the stage, if the client's path starts with it.
    expect(pageBaseOf(event("/petitions/AB3CD-EF4GH", "/prod/petitions/AB3CD%2DEF4GH"))).toBe("/prod");
    expect(pageBaseOf(event("/petitions/AB3CD-EF4GH", "/petitions/AB3CD%2DEF4GH"))).toBe("");
  });
});
