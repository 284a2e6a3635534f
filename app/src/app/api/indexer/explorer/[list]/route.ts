/**
 * Same-origin proxy to the indexer's public lists (GET /jobs, /leases, /agents, /court/disputes):
 * only these four paths, the query string passed on as it is (the indexer validates it and
 * answers 400 with the problem), the indexer's address kept server configuration.
 */
import { serverConfig } from "@/lib/runtime-config";

const upstreamPaths: Record<string, string> = {
  jobs: "/jobs",
  leases: "/leases",
  agents: "/agents",
  disputes: "/court/disputes",
};

const MAX_QUERY_LENGTH = 1_024;

export async function GET(request: Request, { params }: { params: Promise<{ list: string }> }): Promise<Response> {
  const { list } = await params;
  const path = Object.hasOwn(upstreamPaths, list) ? upstreamPaths[list] : undefined;
  if (!path) return listError(`No list ${list}.`, 404);
  const { search } = new URL(request.url);
  if (search.length > MAX_QUERY_LENGTH) return listError("The query is too long.", 414);
  const { indexerUrl } = serverConfig();
  let upstream: Response;
  try {
    upstream = await fetch(`${indexerUrl}${path}${search}`, {
      headers: { accept: "application/json" },
      cache: "no-store",
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return listError("The indexer is not reachable.", 502);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      "cache-control": "no-store",
    },
  });
}

function listError(error: string, status: number): Response {
  return Response.json({ error }, { status, headers: { "cache-control": "no-store" } });
}
