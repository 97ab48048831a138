import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { ESBUILD_OPTIONS, ROOT } from "../infra/function.ts";
import { functions } from "../shared/declarations.ts";

/** Every function bundled exactly as the stack bundles it, plus the two floors, with esbuild's metafile. */
export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  floor: "floor" | "floor-mail";
  /** Every contributor, largest first: package (or "app code") → bytes in the output. */
  contributors: [string, number][];
}

function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1] as string;
  return "app code (functions/, shared/)";
}

function contributors(meta: Metafile, out: string): [string, number][] {
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(meta.outputs[out]?.inputs ?? {})) {
    totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

export async function bundleAll(outDir: string): Promise<Bundle[]> {
  mkdirSync(outDir, { recursive: true });
  const entries: [string, string, Bundle["floor"]][] = [
    ["floor", "bench/floor.ts", "floor"],
    ["floor-mail", "bench/floor-mail.ts", "floor-mail"],
    ...Object.entries(functions).map(([name, d]): [string, string, Bundle["floor"]] => [
      name,
      d.entry,
      "sendsMail" in d && d.sendsMail ? "floor-mail" : "floor",
    ]),
  ];
  const bundles: Bundle[] = [];
  for (const [name, entry, floor] of entries) {
    const outfile = join(outDir, name, "index.mjs");
    const result = await build({
      entryPoints: [resolve(ROOT, entry)],
      outfile,
      ...ESBUILD_OPTIONS,
      mainFields: [...ESBUILD_OPTIONS.mainFields],
      metafile: true,
    });
    const relOut = Object.keys(result.metafile.outputs).find((o) => o.endsWith("index.mjs")) as string;
    bundles.push({
      name,
      file: outfile,
      bytes: statSync(outfile).size,
      gzipBytes: gzipSync(readFileSync(outfile)).length,
      floor,
      contributors: contributors(result.metafile, relOut),
    });
  }
  return bundles;
}
