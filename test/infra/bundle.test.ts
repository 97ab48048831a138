import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { functions } from "../../shared/declarations.ts";

/**
 * `npm run synth` as ops run it — the CDK CLI, offline, with no AWS credentials — with the real esbuild
 * bundling of every function (the other infra tests skip it). Each bundle is then loaded in a fresh Node
 * process the way Lambda would: the ESM banner, the bundled SDK and the JSON imports must all work.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const outdir = mkdtempSync(join(tmpdir(), "cdk-synth-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The environment of a machine that has never seen AWS: no credentials, no profile, no instance metadata. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: outdir, AWS_EC2_METADATA_DISABLED: "true" };
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  return env;
}

describe("npm run synth", () => {
  it("synthesizes offline, and bundles every function into one ESM file that loads and exports a handler", async () => {
    // A stage other than dev is told its sender and who its alarms mail (infra/context.ts).
    const context = ["stage=bundle", "senderEmail=thongbao@example.org", "alarmEmail=ops@example.org"];
    await run("npm", ["run", "synth", "--", "-q", "-o", outdir, ...context.flatMap((c) => ["-c", c])], {
      cwd: ROOT,
      env: offlineEnv(),
    });
    const template = JSON.parse(readFileSync(join(outdir, "TiengNoi-bundle.template.json"), "utf8"));
    const lambdas = Object.entries(
      template.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>,
    ).filter(([, r]) => r.Type === "AWS::Lambda::Function");
    expect(lambdas).toHaveLength(Object.keys(functions).length);
    const sizes: string[] = [];
    for (const [id, fn] of lambdas) {
      const assetDir = join(outdir, fn.Metadata?.["aws:asset:path"] as string);
      expect(readdirSync(assetDir).sort()).toEqual(["index.mjs", "index.mjs.map"]);
      const bundle = join(assetDir, "index.mjs");
      sizes.push(`${id}: ${(statSync(bundle).size / 1024).toFixed(0)} KB`);
      const { stdout } = await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
        ],
        { env: { PATH: process.env.PATH, AWS_REGION: "ap-southeast-1" } },
      );
      expect(stdout.trim(), id).toBe("function");
    }
    console.info(sizes.join("\n"));
  }, 120_000);
});
