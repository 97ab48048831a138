import { AsyncLocalStorage } from "node:async_hooks";
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { both } from "../messages/catalogue.ts";
import { edgeProblemText } from "../messages/common.ts";
import { crossSiteText, deepJsonText } from "../messages/edge.ts";
import { isUnavailable } from "./dynamo.ts";
import { AppError, serviceUnavailable, ValidationError } from "./errors.ts";
import { CONTENT_SECURITY_POLICY, html, page, type SafeHtml } from "./html.ts";
import { chooseLang, type Lang } from "./i18n.ts";
import { link } from "./links.ts";
import { describeError, log } from "./log.ts";
import { count, observed } from "./metrics.ts";
import { parseMultipart, type UploadedFile } from "./multipart.ts";
import type { ProblemType } from "./problems.ts";

/**
 * The HTTP edge of every API function: one request shape in (an API Gateway REST proxy event, the same
 * locally and on AWS), one way out for errors (RFC 9457 problem+json, or a friendly page for browsers).
 */

export type ApiEvent = APIGatewayProxyEvent;
export type ApiResult = APIGatewayProxyResult;

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * The deepest JSON a body may be: the forms' own bodies are three levels deep. A JSON text nested 32,000 deep fits
 * in 64 KB, and what walks a parsed body by recursion (String() of an array, JSON.stringify, a schema) would run
 * out of stack on it.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Every response of every function says "HTTPS only, for a year". API Gateway serves only HTTPS; this keeps a
 * browser that has been here once from being talked down to plain HTTP (SSL stripping) on a venue's Wi-Fi. Over
 * the local gateway's plain HTTP browsers ignore it.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

export interface Req {
  event: ApiEvent;
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  header(name: string): string | undefined;
  lang: Lang;
  /** The caller is a browser (HTML form post or Accept: text/html): answer with pages, not JSON. */
  wantsHtml: boolean;
  bodyKind: "none" | "json" | "form";
  /** The files of a `multipart/form-data` post, by field name (its text fields are in `body`, as a form's). */
  files?: Record<string, UploadedFile>;
  body: unknown;
  /** Absolute URL of the API root, for links in e-mails and JSON answers. */
  baseUrl: string;
  /**
   * The path the API is served under as this client reached it ("/prod" on the execute-api URL, "" on a custom
   * domain or locally), for every link and form in a page: origin-relative, so a page works on whatever host it was
   * reached through (a form posting to another origin would be blocked by `form-action 'self'`).
   */
  pageBase: string;
}

function headerOf(event: ApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) {
    if (k.toLowerCase() === wanted && v !== undefined) return v;
  }
  return undefined;
}

export function pageBaseOf(event: Pick<ApiEvent, "path" | "requestContext">): string {
  const full = event.requestContext.path ?? "";
  if (event.path && full.endsWith(event.path)) return full.slice(0, full.length - event.path.length);
  const stage = `/${event.requestContext.stage}`;
  return full.startsWith(`${stage}/`) ? stage : "";
}

function baseUrlOf(event: ApiEvent): string {
  const configured = process.env.PUBLIC_BASE_URL;
  if (configured) return configured.replace(/\/$/, "");
  const { domainName, stage } = event.requestContext;
  return `https://${domainName}/${stage}`;
}

type ProblemKey = keyof typeof edgeProblemText.vi;
/** The problems with a title `key` and a detail `keyDetail` in the catalogue. */
type Titled = { [K in ProblemKey]: `${K}Detail` extends ProblemKey ? K : never }[ProblemKey];

const problem = (status: number, type: ProblemType, key: Titled) =>
  new AppError(status, type, both(edgeProblemText, key), both(edgeProblemText, `${key}Detail`));

const malformed = () => problem(400, "malformed-body", "malformed");

/** A field of a parsed body as text: anything that is not a string (an object from `a.b` names, a number) is "". */
export function bodyText(body: unknown, ...path: string[]): string {
  let node: unknown = body;
  for (const part of path)
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : "";
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Form fields named `a.b` become nested objects, so forms and JSON share one schema. */
export function formToObject(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const path = name.split(".").slice(0, 4);
    if (path.some((part) => UNSAFE_KEYS.has(part))) continue;
    const last = path.pop() as string;
    let node = out;
    for (const part of path) {
      if (!node[part] || typeof node[part] !== "object") node[part] = Object.create(null);
      node = node[part] as Record<string, unknown>;
    }
    node[last] = value;
  }
  return out;
}

function decodeBody(event: ApiEvent): string {
  if (!event.body) return "";
  if (!event.isBase64Encoded) return event.body;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(event.body, "base64"));
  } catch {
    throw malformed();
  }
}

/**
 * Is the JSON text nested deeper than `max`? One pass over the characters, counting the brackets outside strings,
 * without building anything: it runs before JSON.parse, and needs no stack however deep the text is. (On text that
 * is not JSON the count may be off; JSON.parse refuses that text next.)
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character, even a quote; a quote ends the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const tooDeep = () =>
  new AppError(
    400,
    "too-deep",
    both(deepJsonText, "title"),
    both(deepJsonText, (t) => t.detail({ max: MAX_JSON_DEPTH })),
  );

/**
 * A file upload (the session record's sheet): its bytes as sent. API Gateway hands `multipart/form-data` over
 * base64-encoded (the stack declares it a binary media type); the local gateway does the same for bytes that are
 * not UTF-8, and passes a text-only upload (a CSV file) as text.
 */
function parseUpload(event: ApiEvent, contentType: string | undefined): Pick<Req, "body" | "bodyKind" | "files"> {
  const bytes = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64") : Buffer.from(event.body ?? "", "utf8");
  const { fields, files } = parseMultipart(bytes, contentType);
  return { bodyKind: "form", body: formToObject(new URLSearchParams(fields).toString()), files };
}

function parseBody(event: ApiEvent, uploads: boolean): Pick<Req, "body" | "bodyKind" | "files"> {
  const contentType = headerOf(event, "content-type");
  // A file upload only where a handler takes one (its larger limit is for a sheet, not for every form).
  if ((contentType ?? "").split(";")[0]?.trim().toLowerCase() === "multipart/form-data") {
    if (!uploads) throw problem(415, "unsupported-media-type", "mediaType");
    return parseUpload(event, contentType);
  }
  const raw = decodeBody(event);
  if (raw === "") return { bodyKind: "none", body: undefined };
  if (Buffer.byteLength(raw, "utf8") > MAX_BODY_BYTES) {
    throw problem(413, "too-large", "tooLarge");
  }
  const type = (headerOf(event, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type.endsWith("+json")) {
    if (jsonDeeperThan(raw, MAX_JSON_DEPTH)) throw tooDeep();
    try {
      return { bodyKind: "json", body: JSON.parse(raw) };
    } catch {
      throw malformed();
    }
  }
  if (type === "application/x-www-form-urlencoded") return { bodyKind: "form", body: formToObject(raw) };
  throw problem(415, "unsupported-media-type", "mediaType");
}

const requests = new WeakMap<ApiEvent, Req>();

/** Methods that only show: anything else changes something, which a page of another site must not make a browser do. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A refusal that gets its own page: it explains itself in both languages, since the form's language was not read. */
class CrossSiteError extends AppError {}

const crossSite = () =>
  new CrossSiteError(403, "cross-site", both(crossSiteText, "title"), both(crossSiteText, "detail"));

/** Does `origin` (an `Origin` header) name the host the request reached? "null" and what is not a URL do not. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const from = new URL(origin);
    // Read with the origin's scheme, so that a default port written in one and not the other still matches.
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}

/**
 * Was this request sent by a browser from another site's page (a forged form, which would act with her link or in
 * her name)? Browsers say so on every POST: `Sec-Fetch-Site: cross-site`, and an `Origin` that is not this host
 * (`null` from a sandboxed frame, a data: URL or a redirect across sites). The host is `Host` as API Gateway passes
 * it (the custom domain or the execute-api name, whichever the browser reached) and as the local gateway passes
 * it; `domainName` says the same when a client sent no `Host`. A request with neither header is no browser's
 * form post (an API client, curl, an old phone's browser) and goes on, as a same-origin or same-site one does.
 */
function crossSiteRequest(event: ApiEvent): boolean {
  const site = headerOf(event, "sec-fetch-site")?.trim().toLowerCase();
  if (site === "cross-site") return true;
  const origin = headerOf(event, "origin")?.trim();
  if (origin === undefined) return false;
  // A browser that vouches the post came from this very origin may still write `Origin: null` (a page under a
  // no-referrer policy does): its word is enough. Our pages say `same-origin`, so they send their real origin too.
  if (origin === "null" && site === "same-origin") return false;
  return !sameHost(origin, headerOf(event, "host") ?? event.requestContext.domainName);
}

export interface HandlerOptions {
  /** Answer in HTML whatever the Accept header says (pages behind links in e-mails). */
  pages?: boolean;
  /** Leave the body unread (the fallback route answers 404/405 whatever was sent). */
  ignoreBody?: boolean;
  /** Takes a file upload (`multipart/form-data`, up to 1 MB: shared/platform/multipart.ts); other handlers refuse it. */
  uploads?: boolean;
}

/** Builds the Req (language, parsed body) before the handler runs. */
function requestParser(options: HandlerOptions): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: "requestParser",
    before: function parseRequest(request) {
      const event = request.event;
      const query = Object.fromEntries(
        Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const accept = headerOf(event, "accept") ?? "";
      const contentType = headerOf(event, "content-type") ?? "";
      const req: Req = {
        event,
        method: event.httpMethod,
        params: Object.fromEntries(
          Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
        ),
        query,
        header: (name) => headerOf(event, name),
        lang: chooseLang(query.lang),
        wantsHtml:
          options.pages === true ||
          accept.includes("text/html") ||
          contentType.startsWith("application/x-www-form-urlencoded") ||
          contentType.startsWith("multipart/form-data"),
        bodyKind: "none",
        body: undefined,
        baseUrl: baseUrlOf(event),
        pageBase: pageBaseOf(event),
      };
      requests.set(event, req);
      // Before the body is read, the link's token looked up or anything stored: a forged post learns nothing.
      if (!SAFE_METHODS.has(event.httpMethod) && crossSiteRequest(event)) throw crossSite();
      if (!options.ignoreBody && ["POST", "PUT", "PATCH"].includes(event.httpMethod)) {
        Object.assign(req, parseBody(event, options.uploads === true));
        const formLang = (req.body as { lang?: unknown } | undefined)?.lang;
        if (req.bodyKind === "form" && (formLang === "en" || formLang === "vi")) req.lang = formLang;
      }
    },
  };
}

const BASE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  // Links carry tokens in their paths: no other site ever sees where a page was. Same-origin (not no-referrer), so
  // that a form post carries its real Origin, which the cross-site check reads.
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function htmlPage(
  statusCode: number,
  lang: Lang,
  title: string,
  body: SafeHtml,
  headers: Record<string, string> = {},
): ApiResult {
  const langSwitch = ["GET", "HEAD", undefined].includes(answering.getStore()?.method);
  const result = documentPage(statusCode, lang, page({ lang, title, body, langSwitch }));
  return { ...result, headers: { ...result.headers, ...headers } };
}

/** A page built whole elsewhere (its own layout, as the leaders' report's), with every page's headers. */
export function documentPage(statusCode: number, lang: Lang, document: string): ApiResult {
  return {
    statusCode,
    headers: {
      ...BASE_HEADERS,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Language": lang,
      "Content-Security-Policy": CONTENT_SECURITY_POLICY,
      "X-Frame-Options": "DENY",
    },
    body: document,
  };
}

/** A file to download (a CSV): its type and the name it is saved under. */
export function textFile(body: string, type: string, filename: string): ApiResult {
  return {
    statusCode: 200,
    headers: {
      ...BASE_HEADERS,
      "Content-Type": `${type}; charset=utf-8`,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    },
    body,
  };
}

export function problemBody(error: AppError, lang: Lang, instance?: string) {
  return {
    type: `/problems/${error.type}`,
    title: error.title[lang],
    status: error.status,
    ...(error.detail ? { detail: error.detail[lang] } : {}),
    ...(instance ? { instance } : {}),
    ...error.extra,
    ...(error instanceof ValidationError
      ? {
          errors: error.fieldErrors.map((f) => ({
            path: f.path,
            code: f.code,
            message: f.message[lang],
            vi: f.message.vi,
            en: f.message.en,
          })),
        }
      : {}),
  };
}

const internalError = () => problem(500, "internal", "internal");

/** A friendly page for browsers that hit an error: a sentence, never a stack trace. */
export function errorPage(error: AppError, lang: Lang): ApiResult {
  const body = html`<h1>${error.title[lang]}</h1><p>${error.detail?.[lang] ?? ""}</p>`;
  return htmlPage(error.status, lang, error.title[lang], body);
}

/**
 * The page a browser gets for a cross-site post: what happened and what to do, in Vietnamese then English, with a
 * way back to the site's own pages.
 */
function crossSitePage(pageBase: string): ApiResult {
  const vi = crossSiteText.vi;
  const en = crossSiteText.en;
  const body = html`<section lang="vi"><h1>${vi.title}</h1><p>${vi.detail}</p><p><a href="${link("home", {}, { base: pageBase })}">${vi.home}</a></p></section><section lang="en"><h2>${en.title}</h2><p>${en.detail}</p><p><a href="${link("home", {}, { base: pageBase, lang: "en" })}">${en.home}</a></p></section>`;
  return htmlPage(403, "vi", `${vi.title} · ${en.title}`, body);
}

/** Maps every thrown error to a response, once. Runs last: only statuses < 500 show their own message. */
function errorResponder(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    name: "errorResponder",
    onError: function respondWithProblem(request) {
      const thrown = request.error;
      let error: AppError;
      if (thrown instanceof AppError) error = thrown;
      else if (thrown instanceof Error && thrown.name === "StoredConfigError") {
        // The stored configuration cannot be used (not seeded, or by another version): the operator's to fix, and
        // for everyone else the service is down for now. Named, not imported: the platform knows no domain.
        log.error("configuration unusable", describeError(thrown));
        count("UnhandledErrors", { route: request.event.resource });
        error = serviceUnavailable();
      } else if (isUnavailable(thrown)) {
        log.warn("dependency unavailable", describeError(thrown));
        error = serviceUnavailable();
      } else {
        log.error("unhandled error", { route: request.event.resource, ...describeError(thrown) });
        // Lambda counts no error (the function answered 500): this count is what the alarms watch.
        count("UnhandledErrors", { route: request.event.resource });
        error = internalError();
      }
      const req = requests.get(request.event);
      const lang = req?.lang ?? chooseLang(request.event.queryStringParameters?.lang);
      const response = req?.wantsHtml
        ? error instanceof CrossSiteError
          ? crossSitePage(req.pageBase)
          : errorPage(error, lang)
        : json(error.status, problemBody(error, lang, request.event.resource), {
            "Content-Type": "application/problem+json; charset=utf-8",
            "Content-Language": lang,
          });
      request.response = { ...response, headers: { ...response.headers, ...error.headers } };
    },
  };
}

/**
 * The method of the request a page answers, for the page's language switch: a relative `?lang=` link reloads the
 * same URL with GET, which only a GET's (or HEAD's) page can take. A page answering a POST (a form sent back with
 * its messages, a confirmation) offers no switch rather than a link that would answer 405.
 */
const answering = new AsyncLocalStorage<{ method: string }>();

/** Wrap a route's logic as a Lambda handler for API Gateway (REST, proxy integration). */
export function httpHandler(fn: (req: Req) => Promise<ApiResult>, options: HandlerOptions = {}) {
  const handler = middy<ApiEvent, ApiResult, Error, Context>()
    .use(errorResponder())
    .use(requestParser(options))
    .handler(async function routeHandler(event) {
      const req = requests.get(event);
      if (!req) throw new Error("request was not parsed");
      return fn(req);
    });
  // Every line it logs names the invocation and API Gateway's request id; its counts are written as it ends.
  return observed(
    (event: ApiEvent, context: Context) =>
      answering.run({ method: event.httpMethod }, async () => withEdgeHeaders(await handler(event, context))),
    (event) => event.requestContext?.requestId,
  );
}

/**
 * What every response carries, whoever built it (a page, JSON, a problem, a redirect a function wrote by hand, an
 * answer replayed for an `Idempotency-Key`): added here, once, rather than trusted to each builder.
 */
function withEdgeHeaders(result: ApiResult): ApiResult {
  return { ...result, headers: { ...result.headers, "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } };
}
