import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../local/services.ts";

/** `npm start` as a newcomer runs it: everything up, the URLs printed, and nothing left running after. */
const ROOT = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
});

function javaPids(dynamoPort: number): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.includes("DynamoDBLocal.jar") && l.includes(`-port ${dynamoPort} `))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** The node process that owns java: the watchdog shell names it (`kill -0 <node> … kill -0 <java>`). */
function ownerOf(javaPid: number): number {
  const out = execFileSync("ps", ["-eo", "args="], { encoding: "utf8" });
  const line = out.split("\n").find((l) => l.includes("while kill -0") && l.includes(`kill -0 ${javaPid}`)) ?? "";
  return Number(/kill -0 (\d+)/.exec(line)?.[1]);
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

async function start() {
  const [api, dynamo, ses] = [await freePort(), await freePort(), await freePort()];
  child = spawn(
    resolve(ROOT, "node_modules/.bin/tsx"),
    [
      "local/start.ts",
      "--in-memory",
      "--port",
      String(api),
      "--dynamodb-port",
      String(dynamo),
      "--ses-port",
      String(ses),
    ],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "warn" } },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const ready = await waitUntil(() => output.includes("Press Ctrl-C"), 45_000);
  if (!ready) throw new Error(`npm start did not come up:\n${output}`);
  return { api, dynamo, ses, output: () => output };
}

describe("npm start", () => {
  it("serves the demo data, prints the URLs, and Ctrl-C leaves no java process behind", async () => {
    const { api, dynamo, ses, output } = await start();
    expect(output()).toContain(`http://127.0.0.1:${api}/events`);
    expect(output()).toContain(`http://127.0.0.1:${ses}/`);
    expect(output()).toContain(`http://127.0.0.1:${api}/petitions/new`);
    expect(output()).toContain(
      `npm run organiser-link -- --event doi-thoai-thuong-lam-2027 --email hlhpn.thuonglam@example.org --base-url http://127.0.0.1:${api}`,
    );
    expect(output()).toContain(
      `npm run leader-link -- --unit hlhpn-lam-binh --email chutich.hlhpn.lambinh@example.org --base-url http://127.0.0.1:${api}`,
    );
    const events = (await (await fetch(`http://127.0.0.1:${api}/events`)).json()) as { events: unknown[] };
    expect(Array.isArray(events.events)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${ses}/`)).status).toBe(200);
    expect(javaPids(dynamo)).toHaveLength(1);

    process.kill(-(child?.pid as number), "SIGINT");
    expect(await waitUntil(() => child?.exitCode !== null, 15_000)).toBe(true);
    expect(await waitUntil(() => javaPids(dynamo).length === 0, 10_000)).toBe(true);
  });

  it("does not leave java running even when node is killed outright", async () => {
    const { dynamo } = await start();
    const [java] = javaPids(dynamo);
    const owner = ownerOf(java as number);
    expect(owner).toBeGreaterThan(0);
    process.kill(owner, "SIGKILL");
    expect(await waitUntil(() => javaPids(dynamo).length === 0, 10_000)).toBe(true);
  });
});
