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
  /** Bytes of the project's own logger and metrics (shared/platform/log.ts, metrics.ts) in the output. */
  observabilityBytes?: number;
}

const OWN_OBSERVABILITY = /shared\/platform\/(log|metrics)\.ts$/;

function observabilityBytes(meta: Metafile, out: string): number {
  return Object.entries(meta.outputs[out]?.inputs ?? {})
    .filter(([input]) => OWN_OBSERVABILITY.test(input))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
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
      observabilityBytes: observabilityBytes(result.metafile, relOut),
    });
  }
  return bundles;
}

/**
 * Powertools for AWS Lambda, each utility as a function adopting it would carry it: imported, made at load with
 * its middy middleware, configured as this project would (the Logger with the project's scrubber as its JSON
 * replacer, Metrics with the namespace and the stage). The Tracer also patches Node's http(s) at load when tracing is
 * on, which the cold-start proxy's Lambda-like environment turns on (bench/coldstart.ts `LAMBDA_ENV`).
 */
export const POWERTOOLS = {
  Logger: [
    'import { Logger } from "@aws-lambda-powertools/logger";',
    'import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";',
    `import { scrub } from ${JSON.stringify(resolve(ROOT, "shared/platform/log.ts"))};`,
    'export const logger = new Logger({ serviceName: "tieng-noi", jsonReplacerFn: (_k, v) => (typeof v === "string" ? scrub(v) : v) });',
    "export const loggerMiddleware = injectLambdaContext(logger);",
  ],
  Metrics: [
    'import { Metrics } from "@aws-lambda-powertools/metrics";',
    'import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";',
    'export const metrics = new Metrics({ namespace: "TiengNoi", serviceName: "tieng-noi", defaultDimensions: { stage: "bench" } });',
    "export const metricsMiddleware = logMetrics(metrics);",
  ],
  Tracer: [
    'import { Tracer } from "@aws-lambda-powertools/tracer";',
    'import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";',
    'export const tracer = new Tracer({ serviceName: "tieng-noi" });',
    "export const tracerMiddleware = captureLambdaHandler(tracer);",
  ],
} as const;
export type PowertoolsUtility = keyof typeof POWERTOOLS;

/** The functions the utilities are tried on: the lightest API function, the heaviest, and the notifier. */
export const OBSERVABILITY_PROBES = ["list-events", "submit-petition", "notifier"] as const;
/** What is tried on each: each utility alone, and Logger with Metrics (what a team adopting them usually takes). */
export const OBSERVABILITY_VARIANTS: PowertoolsUtility[][] = [
  ["Logger"],
  ["Metrics"],
  ["Tracer"],
  ["Logger", "Metrics"],
];

/** A probe function's bundle with some Powertools utilities added, built with the stack's settings. */
export interface Variant extends Bundle {
  fn: string;
  utilities: PowertoolsUtility[];
}

export async function bundleObservabilityVariants(outDir: string): Promise<Variant[]> {
  const variants: Variant[] = [];
  for (const fn of OBSERVABILITY_PROBES) {
    for (const utilities of OBSERVABILITY_VARIANTS) {
      const name = `${fn} + ${utilities.join(" + ")}`;
      const outfile = join(outDir, `${fn}+${utilities.join("+")}`, "index.mjs");
      const entry = resolve(ROOT, functions[fn].entry);
      const result = await build({
        stdin: {
          contents: [
            `export { handler } from ${JSON.stringify(entry)};`,
            ...utilities.flatMap((u) => POWERTOOLS[u]),
          ].join("\n"),
          resolveDir: ROOT,
          sourcefile: `${fn}-with-powertools.ts`,
          loader: "ts",
        },
        outfile,
        ...ESBUILD_OPTIONS,
        mainFields: [...ESBUILD_OPTIONS.mainFields],
        metafile: true,
      });
      const relOut = Object.keys(result.metafile.outputs).find((o) => o.endsWith("index.mjs")) as string;
      variants.push({
        name,
        fn,
        utilities,
        file: outfile,
        bytes: statSync(outfile).size,
        gzipBytes: gzipSync(readFileSync(outfile)).length,
        floor: "sendsMail" in functions[fn] && functions[fn].sendsMail ? "floor-mail" : "floor",
        contributors: contributors(result.metafile, relOut),
        observabilityBytes: observabilityBytes(result.metafile, relOut),
      });
    }
  }
  return variants;
}
