import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { type FunctionName, fallbackFunction } from "#shared/declarations.ts";
import { log } from "#shared/platform/log.ts";
import { matchRoute } from "#shared/platform/routing.ts";
import { invoke, lambdaContext, loadHandler } from "./handlers.ts";

/**
 * API Gateway on a laptop: each HTTP request becomes a REST API proxy event (the v1 shape API Gateway sends)
 * and goes to the same handler the CDK stack deploys, routed by the same declarations.
 */

const MAX_PAYLOAD = 10 * 1024 * 1024; // API Gateway's own limit; the handlers enforce their smaller one.
export const LOCAL_STAGE = "local";

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** An HTTP request as the gateway sees it: from a socket, or handed over in-process (tests, the benchmark). */
export interface GatewayRequest {
  method: string;
  /** Path and query, e.g. `/events?lang=en`. */
  url: string;
  headers: [string, string][];
  body: Buffer;
  host?: string;
  sourceIp?: string;
}

export function toProxyEvent(
  req: GatewayRequest,
  resource: string,
  params: Record<string, string> | null,
): APIGatewayProxyEvent {
  const url = new URL(req.url, "http://local");
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of req.headers) {
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    multiQuery[k] = [...(multiQuery[k] ?? []), v];
  }
  const hasQuery = Object.keys(query).length > 0;
  const body = req.body;
  // Text bodies arrive as strings; bytes that are not UTF-8 arrive base64-encoded for the handler to refuse.
  const text = body.length > 0 && isUtf8(body);
  const path = safeDecode(url.pathname);
  const userAgent = req.headers.find(([n]) => n.toLowerCase() === "user-agent")?.[1] ?? null;
  return {
    resource,
    path,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: params && Object.keys(params).length > 0 ? params : null,
    stageVariables: null,
    body: body.length === 0 ? null : text ? body.toString("utf8") : body.toString("base64"),
    isBase64Encoded: body.length > 0 && !text,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      domainName: req.host ?? "localhost",
      httpMethod: req.method,
      // Served at the root, as behind a custom domain: the path the client sees carries no stage.
      path,
      protocol: "HTTP/1.1",
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: "local",
      resourcePath: resource,
      stage: LOCAL_STAGE,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.sourceIp ?? "127.0.0.1",
        user: null,
        userAgent,
        userArn: null,
      },
    },
  };
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** API Gateway's integration timeout: a request not answered by then is a 504, however long its function may run. */
const INTEGRATION_TIMEOUT_MS = 29_000;

/**
 * On AWS every invocation runs in its own execution environment, with its own CPU; here they all share one
 * process. So that a crowd of 600 is not 600 handlers inching forward together on two cores — each running out
 * its own Lambda timeout while waiting on the others — a function runs at most this many invocations at once and
 * the others wait their turn. The wait is this machine's, not the system's (on AWS there is no line to wait in):
 * API Gateway's 29 seconds and the Lambda clock both start when an invocation gets its turn, so how long a test's
 * crowd waits in line depends on no deadline (a run with CPU hogs beside it once turned the 506th of 600 into a 504).
 */
export const LOCAL_CONCURRENCY = 25;

class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  /** Wait for a turn (give it back when done). */
  take(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((go) => this.waiting.push(go));
  }
  /** Hand the turn to the next in line, or free it. */
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

const turns = new Map<FunctionName, Turns>();

/** The invocation a piece of work belongs to (local/handlers.ts), here for the benchmark's request counter. */
export { invocation } from "./handlers.ts";

/**
 * Route a request as API Gateway would and run its function: the declared route's, or the fallback (404/405).
 * Over 10 MB is API Gateway's own 413; a function that runs past its timeout, or a request not answered within
 * API Gateway's 29 seconds, is a 504.
 */
export async function dispatch(req: GatewayRequest): Promise<{ result: APIGatewayProxyResult; route: string }> {
  const path = safeDecode(new URL(req.url, "http://local").pathname);
  const match = matchRoute(req.method, path);
  const fn: FunctionName = match.kind === "route" ? match.route.fn : fallbackFunction;
  // Logged by route template, never by path: paths carry link tokens.
  const route = match.kind === "route" ? match.route.path : "/{proxy+}";
  if (req.body.length > MAX_PAYLOAD) return { route, result: gatewayError(413, "Request Entity Too Large") };
  const event = toProxyEvent(req, route, match.kind === "route" ? match.params : null);
  const handler = (await loadHandler(fn)) as ProxyHandler;
  const line = turns.get(fn) ?? new Turns(LOCAL_CONCURRENCY);
  turns.set(fn, line);
  const timedOut = () => ({ route, result: gatewayError(504, "Endpoint request timed out") });
  await line.take();
  const context = lambdaContext(fn);
  const deadline = Date.now() + Math.min(context.getRemainingTimeInMillis(), INTEGRATION_TIMEOUT_MS);
  const { requestId } = event.requestContext;
  // The turn is the invocation's until it ends, even past API Gateway's answer: it still holds its CPU.
  // As the function's role: every DynamoDB request it makes is held to its declaration (local/handlers.ts).
  const work = invoke(fn, () => handler(event, context), requestId);
  work.then(
    () => line.give(),
    () => line.give(),
  );
  const result = await withDeadline(work, deadline);
  // API Gateway names every answer's request, as here.
  return result
    ? { route, result: { ...result, headers: { ...result.headers, "x-amzn-RequestId": requestId } } }
    : timedOut();
}

/** The promise's value, or undefined once `deadline` (epoch ms) passes. */
async function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function send(res: ServerResponse, result: APIGatewayProxyResult, head: boolean): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k] = v.map(String);
  const body = result.isBase64Encoded ? Buffer.from(result.body, "base64") : Buffer.from(result.body ?? "", "utf8");
  headers["Content-Length"] = String(body.length);
  res.writeHead(result.statusCode, headers);
  res.end(head ? undefined : body);
}

function gatewayError(statusCode: number, message: string): APIGatewayProxyResult {
  return { statusCode, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message }) };
}

export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

/** Serve the declared routes on `port` (0 = any free port). */
export async function startGateway(port: number, host = "127.0.0.1"): Promise<RunningGateway> {
  const server = createServer(async (req, res) => {
    const started = Date.now();
    try {
      const body = await readBody(req);
      if (body === "too-large") return send(res, gatewayError(413, "Request Entity Too Large"), false);
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
      const { result, route } = await dispatch({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers,
        body,
        host: req.headers.host,
        sourceIp: req.socket.remoteAddress,
      });
      send(res, result, req.method === "HEAD");
      log.debug("request", { method: req.method, route, status: result.statusCode, ms: Date.now() - started });
    } catch (error) {
      log.error("gateway could not invoke the handler", { error: (error as Error).name });
      if (!res.headersSent) send(res, gatewayError(502, "Internal server error"), false);
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actual}`,
    port: actual,
    server,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
