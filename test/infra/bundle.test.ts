import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.ts";
import { functions } from "../../shared/declarations.ts";

/**
 * The one test that runs the real esbuild bundling of every function (the others skip it), then loads each
 * bundle in a fresh Node process the way Lambda would: the ESM banner, the bundled SDK and the imports of
 * JSON must all work.
 */
const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), "cdk-bundle-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("bundling", () => {
  it("bundles every function into one ESM file that loads and exports a handler", async () => {
    const app = new App({
      outdir,
      context: { senderEmail: "thongbao@example.org", stage: "bundle", "aws:cdk:enable-asset-metadata": true },
    });
    const { stack } = buildApp(app);
    const assembly = app.synth();
    const template = Template.fromStack(stack).toJSON();
    const lambdas = Object.entries(
      template.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>,
    ).filter(([, r]) => r.Type === "AWS::Lambda::Function");
    expect(lambdas).toHaveLength(Object.keys(functions).length);
    const sizes: Record<string, number> = {};
    for (const [id, fn] of lambdas) {
      const assetDir = join(assembly.directory, fn.Metadata?.["aws:asset:path"] as string);
      expect(readdirSync(assetDir).sort()).toEqual(["index.mjs", "index.mjs.map"]);
      const bundle = join(assetDir, "index.mjs");
      sizes[id] = statSync(bundle).size;
      const { stdout } = await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
        ],
        {
          env: { PATH: process.env.PATH, AWS_REGION: "ap-southeast-1" },
        },
      );
      expect(stdout.trim(), id).toBe("function");
    }
    console.info(
      Object.entries(sizes)
        .map(([id, b]) => `${id}: ${(b / 1024).toFixed(0)} KB`)
        .join("\n"),
    );
  }, 120_000);
});
