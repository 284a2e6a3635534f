/**
 * Same-origin proxy to the worker gateway (docs/GATEWAY.md): the browser never learns the
 * gateway's address and needs no CORS. Only what the gateway's API is made of crosses: the
 * method, the path under /v1 (and the health probes), the body, streamed and capped at 1 MiB,
 * and three request headers (Authorization, x-request-id, Content-Type). Cookies and every other
 * header stay here. Answers from the gateway pass through with their status, content type and
 * correlation id; failures of the proxy itself use the gateway's error shape.
 * "Not yet" (404 `*_not_found`) is answered as 200 to a GET that asks for it, so a polling page
 * logs no error (lib/gateway-not-yet.ts).
 */
import { GATEWAY_STATUS_HEADER, isNotYetCode, NOT_YET_REQUEST_HEADER } from "@/lib/gateway-not-yet";
import { serverConfig } from "@/lib/runtime-config";

const MAX_WORKER_BODY_BYTES = 1024 * 1024;

const FORWARDED_REQUEST_HEADERS = ["authorization", "x-request-id", "content-type"] as const;
const RETURNED_RESPONSE_HEADERS = ["content-type", "content-length", "x-request-id"] as const;
const SEGMENT = /^[A-Za-z0-9_.-]{1,128}$/;
const UPSTREAM_TIMEOUT_MS = 30_000;

type Context = { params: Promise<{ path: string[] }> };

export const GET = (request: Request, context: Context) => proxy(request, context);
export const PUT = (request: Request, context: Context) => proxy(request, context);
export const POST = (request: Request, context: Context) => proxy(request, context);

async function proxy(request: Request, { params }: Context): Promise<Response> {
  const { path } = await params;
  if (!allowedPath(path)) return proxyError(404, "not_found", "There is no such gateway route.");

  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_WORKER_BODY_BYTES) return tooLarge();

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = request.method !== "GET" && request.body !== null;
  const limit = byteLimit(MAX_WORKER_BODY_BYTES);
  const init: RequestInit & { duplex?: "half" } = {
    method: request.method,
    headers,
    cache: "no-store",
    redirect: "manual",
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  };
  if (hasBody) {
    init.body = request.body!.pipeThrough(limit.stream);
    init.duplex = "half";
  }

  let upstream: Response;
  try {
    upstream = await fetch(`${serverConfig().gatewayUrl}/${path.join("/")}`, init);
  } catch {
    // However fetch wraps the stream's failure, the limiter knows it cut the body.
    if (limit.exceeded()) return tooLarge();
    return proxyError(502, "unreachable", "The worker gateway is not reachable.");
  }
  const responseHeaders = new Headers({ "cache-control": "no-store" });
  for (const name of RETURNED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  if (upstream.status === 404 && request.method === "GET" && request.headers.get(NOT_YET_REQUEST_HEADER) === "200") {
    const body = await upstream.text();
    if (isNotYetCode(errorCode(body))) {
      responseHeaders.set(GATEWAY_STATUS_HEADER, "404");
      responseHeaders.delete("content-length");
      return new Response(body, { status: 200, headers: responseHeaders });
    }
    return new Response(body, { status: upstream.status, headers: responseHeaders });
  }
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

/** The `error.code` of a gateway error body, if it is one. */
function errorCode(body: string): string | null {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}

/** `v1/...` and the two probes; never /metrics, which is for the operator's monitoring only. */
function allowedPath(path: string[]): boolean {
  if (!path.every((segment) => SEGMENT.test(segment) && segment !== "." && segment !== "..")) return false;
  if (path.length === 1) return path[0] === "healthz" || path[0] === "readyz";
  return path[0] === "v1";
}

/** Passes bytes through until `limit`, then fails the stream (and with it the upstream request). */
function byteLimit(limit: number): { stream: TransformStream<Uint8Array, Uint8Array>; exceeded: () => boolean } {
  let seen = 0;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) controller.error(new Error(`Body over ${limit} bytes`));
      else controller.enqueue(chunk);
    },
  });
  return { stream, exceeded: () => seen > limit };
}

function tooLarge(): Response {
  return proxyError(413, "body_too_large", `The body is over ${MAX_WORKER_BODY_BYTES / 1024 / 1024} MiB.`);
}

function proxyError(status: number, code: string, message: string): Response {
  const correlationId = crypto.randomUUID();
  return Response.json(
    { error: { code, message, correlationId } },
    { status, headers: { "cache-control": "no-store", "x-request-id": correlationId } },
  );
}
