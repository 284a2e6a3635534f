/**
 * "Not yet" between the app's gateway proxy and its gateway client, without a 4xx in the browser.
 * The job page polls for a certificate, receipt, proof or output the worker has not produced
 * yet; the gateway says so with 404 `*_not_found` (docs/GATEWAY.md), and a browser logs every
 * 4xx a page fetches, once a second while it polls. A GET carrying NOT_YET_REQUEST_HEADER gets
 * such an answer from the proxy as 200 with the gateway's status in GATEWAY_STATUS_HEADER and
 * the body unchanged; `notYetFetch` turns it back into the 404 the sdk's client expects, in the
 * page, with no request of its own.
 */
export const NOT_YET_REQUEST_HEADER = "x-leasehold-not-yet";
export const GATEWAY_STATUS_HEADER = "x-leasehold-gateway-status";

/** The gateway's error codes for something a job will have later. */
export function isNotYetCode(code: string | null): boolean {
  return code !== null && /^[a-z_]+_not_found$/.test(code);
}

/** `fetch` for the gateway client: asks GETs for the 200 form and restores the gateway's status. */
export async function notYetFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? "GET").toUpperCase();
  if (method !== "GET") return fetch(input, init);
  const headers = new Headers(init.headers);
  headers.set(NOT_YET_REQUEST_HEADER, "200");
  const response = await fetch(input, { ...init, headers });
  const status = response.headers.get(GATEWAY_STATUS_HEADER);
  if (status === null) return response;
  return new Response(await response.arrayBuffer(), {
    status: Number(status),
    headers: response.headers,
  });
}
