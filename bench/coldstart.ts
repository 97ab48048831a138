import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import type { Bundle } from "./bundles.ts";

/**
 * A cold-start proxy: a fresh Node process loads and initialises a bundle (module evaluation, SDK clients made
 * at load); the time is measured inside the process, so process start-up itself is not counted. Runs are
 * interleaved across bundles so that drift on a shared machine hits all of them alike.
 */
export interface ColdStart {
  name: string;
  medianMs: number;
  p90Ms: number;
  runs: number;
}

const SCRIPT = (url: string) =>
  `const t0 = performance.now(); const m = await import(${JSON.stringify(url)}); if (typeof m.handler !== "function") process.exit(2); process.stdout.write(String(performance.now() - t0));`;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/**
 * What Lambda's environment says of itself, where a library reads it at load: Powertools' Tracer turns tracing on
 * (and patches Node's http and https) only in Lambda, and the X-Ray SDK starts in its Lambda mode. Used where the
 * observability options are compared (all bundles of that comparison get it alike).
 */
export const LAMBDA_ENV = {
  AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
  AWS_LAMBDA_FUNCTION_NAME: "bench",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
  LAMBDA_TASK_ROOT: "/var/task",
  _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
  AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
  AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
};

/** Run an ES module script in a fresh Node process with a Lambda-like environment; its stdout. */
export function inFreshNode(script: string, what: string, extraEnv: Record<string, string> = {}): string {
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: "ap-southeast-1",
    TABLE_NAME: "bench",
    SENDER_EMAIL: "b@example.org",
    ...extraEnv,
  };
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`${what} did not load: ${out.stderr}`);
  return out.stdout;
}

export function coldStarts(bundles: Bundle[], runs: number, extraEnv: Record<string, string> = {}): ColdStart[] {
  const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const bundle of bundles) {
      times.get(bundle.name)?.push(Number(inFreshNode(SCRIPT(pathToFileURL(bundle.file).href), bundle.name, extraEnv)));
    }
  }
  return bundles.map((b) => {
    const t = times.get(b.name) ?? [];
    return { name: b.name, medianMs: percentile(t, 50), p90Ms: percentile(t, 90), runs: t.length };
  });
}
