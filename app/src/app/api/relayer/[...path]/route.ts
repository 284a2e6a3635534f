/**
 * Same-origin proxy to the relayer (LEASEHOLD_RELAYER_URL): the browser needs no CORS and never
 * learns the relayer's address. Only the relayer's public API crosses: `GET v1/info`, `GET
 * health` and `POST v1/endorsements` / `v1/withdrawals` with a JSON body of at most 16 KiB (a
 * proof request is under 2 KiB). No header but Content-Type is forwarded, and no X-Forwarded-For is added:
 * the relayer sees this server's address, not the person's; this server sees theirs.
 */
import { serverConfig } from "@/lib/runtime-config";

const MAX_BODY_BYTES = 16 * 1024;
const UPSTREAM_TIMEOUT_MS = 30_000;
const ROUTES: Record<string, "GET" | "POST"> = { info: "GET", endorsements: "POST", withdrawals: "POST" };

type Context = { params: Promise<{ path: string[] }> };

export const GET = (request: Request, context: Context) => proxy(request, context);
export const POST = (request: Request, context: Context) => proxy(request, context);

async function proxy(request: Request, { params }: Context): Promise<Response> {
  const { path } = await params;
  const route =
    path.length === 1 && path[0] === "health"
      ? "GET"
      : path.length === 2 && path[0] === "v1" && Object.hasOwn(ROUTES, path[1]!)
        ? ROUTES[path[1]!]
        : undefined;
  if (!route) return proxyError(404, "not_found", "There is no such relayer route.");
  if (request.method !== route) return proxyError(405, "method_not_allowed", `Use ${route} for this route.`);

  const init: RequestInit = {
    method: route,
    cache: "no-store",
    redirect: "manual",
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  };
  if (route === "POST") {
    const body = await request.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES) {
      return proxyError(413, "body_too_large", `The body is over ${MAX_BODY_BYTES / 1024} KiB.`);
    }
    init.body = body;
    init.headers = { "content-type": "application/json" };
  }

  let upstream: Response;
  try {
    upstream = await fetch(`${serverConfig().relayerUrl}/${path.join("/")}`, init);
  } catch {
    return proxyError(502, "unreachable", "The relayer is not reachable.");
  }
  const headers = new Headers({ "cache-control": "no-store" });
  const type = upstream.headers.get("content-type");
  if (type !== null) headers.set("content-type", type);
  return new Response(upstream.body, { status: upstream.status, headers });
}

function proxyError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}
