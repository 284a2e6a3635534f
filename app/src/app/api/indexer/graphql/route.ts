/**
 * Same-origin proxy to the indexer's GraphQL endpoint: the browser only ever talks to this app
 * and the chain's RPC, and the indexer's address stays server configuration.
 */
import { serverConfig } from "@/lib/runtime-config";

const MAX_BODY_BYTES = 16_384;

export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return graphqlError("The query is too large.", 413);
  const { indexerUrl } = serverConfig();
  let upstream: Response;
  try {
    upstream = await fetch(`${indexerUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body,
      cache: "no-store",
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return graphqlError("The indexer is not reachable.", 502);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      "cache-control": "no-store",
    },
  });
}

function graphqlError(message: string, status: number): Response {
  return Response.json({ errors: [{ message }] }, { status, headers: { "cache-control": "no-store" } });
}
