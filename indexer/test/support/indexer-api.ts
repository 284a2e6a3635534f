/** Talking to a running indexer the way clients do: GraphQL, SQL over HTTP and REST. */
import { setTimeout as sleep } from "node:timers/promises";

export class IndexerQueryError extends Error {
  override name = "IndexerQueryError";
}

export async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || body.data === undefined) {
    throw new IndexerQueryError(`GraphQL failed (${response.status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/**
 * One read-only query through Ponder's SQL over HTTP endpoint, as `@ponder/client` sends it: the
 * query and its parameters, superjson-encoded (plain JSON values need only the `json` wrapper).
 */
export async function sqlOverHttp<Row = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const query = JSON.stringify({ json: { sql, params } });
  const response = await fetch(`${url}/sql/db?sql=${encodeURIComponent(query)}`);
  if (!response.ok) throw new IndexerQueryError(`SQL over HTTP failed (${response.status}): ${await response.text()}`);
  const body = (await response.json()) as { rows: Row[] };
  return body.rows;
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

/** Poll `probe` until it returns a value, or fail after `timeoutMs` saying what never happened. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
}

/** Wait until the indexer has processed `blockNumber` (Ponder's /status names its latest block). */
export function waitForBlock(url: string, blockNumber: bigint, timeoutMs?: number): Promise<true> {
  return waitFor(
    `the indexer at ${url} to reach block ${blockNumber}`,
    async () => {
      const { body } = await getJson<Record<string, { block: { number: number } }>>(`${url}/status`);
      const indexed = Object.values(body).map((chain) => BigInt(chain.block.number));
      return indexed.length > 0 && indexed.every((number) => number >= blockNumber) ? true : undefined;
    },
    timeoutMs,
  );
}
