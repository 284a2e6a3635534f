/**
 * What operators see: health and readiness (failing closed), Prometheus metrics, and the JSON logs
 * with their correlation ids and nothing secret or personal in them.
 */
import { devAccount, localChain, mintCapability } from "@leasehold/sdk";
import { createPublicClient, createWalletClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/lib/processes.ts";
import { createChainClient, type ChainClient } from "../../src/chain/index.ts";
import { chainReadinessCheck } from "../../src/gateway/index.ts";
import { countJob } from "../../src/metrics.ts";
import { scopeHash, startLocalChain, type LocalChain } from "../fixtures/local-chain.ts";
import { lend, refusal, requestTokens, startGateway, wallClock, type TestGateway } from "./fixtures.ts";

let local: LocalChain;
let gateway: TestGateway;
let deadChain: ChainClient;

beforeAll(async () => {
  local = await startLocalChain();
  gateway = await startGateway(local, { readiness: async () => ({ chain: await chainReadinessCheck(local.chain) }) });
  // A node nobody listens on, and no retries: the point is what the gateway does, not viem's backoff.
  const transport = http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 });
  deadChain = createChainClient({
    deployment: local.deployment,
    publicClient: createPublicClient({ chain: localChain, transport }),
    walletClient: createWalletClient({ chain: localChain, transport, account: devAccount(2) }),
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await local?.stop();
});

async function withGateway(overrides: Parameters<typeof startGateway>[1], run: (other: TestGateway) => Promise<void>) {
  const other = await startGateway(local, overrides);
  try {
    await run(other);
  } finally {
    await other.close();
  }
}

describe("# GET /healthz and /readyz", () => {
  it("should report the process up, and ready while every check passes", async () => {
    expect(await gateway.client.health()).toEqual({ status: "ok" });
    const response = await fetch(`${gateway.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, checks: { chain: { ok: true } } });
  });

  it("should answer 503 with the failing check when the chain does not answer", async () => {
    await withGateway({ readiness: async () => ({ chain: await chainReadinessCheck(deadChain) }) }, async (other) => {
      const response = await fetch(`${other.baseUrl}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        ready: false,
        checks: { chain: { ok: false, message: "The chain node does not answer" } },
      });
    });
  });

  it("should fail closed when the check throws, is slower than 1 s, or reports nothing", async () => {
    const failing = async () => {
      throw new Error("journal is gone");
    };
    const never = () => new Promise<never>(() => {});
    for (const [readiness, message] of [
      [failing, "The readiness check failed"],
      [never, "No answer within 1000 ms"],
      [async () => ({}), undefined],
      [async () => ({ chain: { ok: "yes" } }), undefined],
    ] as const) {
      await withGateway({ readiness: readiness as never }, async (other) => {
        const report = await other.client.ready();
        expect(report.ready).toBe(false);
        if (message !== undefined) expect(report.checks).toEqual({ readiness: { ok: false, message } });
        expect((await fetch(`${other.baseUrl}/readyz`)).status).toBe(503);
      });
    }
  });
});

describe("# chain unavailable", () => {
  it("should answer 503 chain_unavailable with Retry-After when the chain cannot be read", async () => {
    await withGateway({ chain: deadChain }, async (other) => {
      const token = mintCapability({
        rootKey: other.rootKey,
        caveats: [
          { key: "lease", value: 1n },
          { key: "scope", value: scopeHash },
          { key: "op", value: "receipts" },
          { key: "expires", value: wallClock() + 600n },
        ],
      });
      const response = await fetch(`${other.baseUrl}/v1/jobs/1/receipt`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await refusal(response)).toMatchObject({ status: 503, code: "chain_unavailable" });
      const mint = await fetch(`${other.baseUrl}/v1/capabilities`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          leaseId: "1",
          operations: ["receipts"],
          expiresAt: String(wallClock() + 60n),
          signature: `0x${"1b".repeat(65)}`,
        }),
      });
      expect(await refusal(mint)).toMatchObject({ status: 503, code: "chain_unavailable" });
    });
  });
});

describe("# GET /metrics", () => {
  it("should count requests by route and status, rejections and auth failures by code, and jobs by outcome", async () => {
    await withGateway({}, async (other) => {
      await fetch(`${other.baseUrl}/v1/jobs/1/receipt`);
      await fetch(`${other.baseUrl}/v1/jobs/1/receipt`, { headers: { authorization: "Bearer x" } });
      await fetch(`${other.baseUrl}/nowhere`);
      countJob(other.metrics, "completed");
      countJob(other.metrics, "declined");
      const response = await fetch(`${other.baseUrl}/metrics`);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      expect(text).toContain('leasehold_gateway_requests_total{route="GET /v1/jobs/:jobId/receipt",status="401"} 2');
      expect(text).toContain('leasehold_gateway_requests_total{route="not_found",status="404"} 1');
      expect(text).toContain('leasehold_gateway_rejections_total{reason="token_missing"} 1');
      expect(text).toContain('leasehold_gateway_rejections_total{reason="not_found"} 1');
      expect(text).toContain('leasehold_gateway_auth_failures_total{reason="token_missing"} 1');
      expect(text).toContain('leasehold_gateway_auth_failures_total{reason="token_malformed"} 1');
      expect(text).not.toContain('leasehold_gateway_auth_failures_total{reason="not_found"}');
      expect(text).toContain('leasehold_gateway_request_duration_seconds_count{route="GET /v1/jobs/:jobId/receipt"} 2');
      expect(text).toContain('leasehold_worker_jobs_total{outcome="completed"} 1');
      expect(text).toContain('leasehold_worker_jobs_total{outcome="declined"} 1');
    });
  });
});

describe("# logs", () => {
  const lineOf = (lines: string[], correlationId: string) =>
    lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line["correlationId"] === correlationId);

  it("should write one JSON line per request with its correlation id, route, status and duration", async () => {
    const response = await fetch(`${gateway.baseUrl}/v1/jobs/1/receipt`, {
      headers: { "x-request-id": "trace-42.a_b" },
    });
    const answer = await refusal(response);
    expect(answer).toMatchObject({ code: "token_missing", correlationId: "trace-42.a_b", header: "trace-42.a_b" });
    const lines = lineOf(gateway.lines, "trace-42.a_b");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: "request",
      method: "GET",
      route: "GET /v1/jobs/:jobId/receipt",
      status: 401,
      code: "token_missing",
    });
    expect(typeof lines[0]!["durationMs"]).toBe("number");
  });

  it("should replace a malformed x-request-id with a fresh UUID", async () => {
    for (const incoming of ["has space", "x".repeat(65), "semi;colon"]) {
      const response = await fetch(`${gateway.baseUrl}/healthz`, { headers: { "x-request-id": incoming } });
      const id = response.headers.get("x-request-id")!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(lineOf(gateway.lines, id)).toHaveLength(1);
    }
  });

  it("should log no token, signature, body or personal data", async () => {
    const { leaseId, jobId, envelope } = await lend(local);
    const tokens = await requestTokens(local, gateway, leaseId);
    const marker = "alice.smith@example.com";
    await gateway.client.uploadContext({ token: tokens.upload, leaseId, envelope });
    await fetch(`${gateway.baseUrl}/v1/leases/${leaseId}/context`, {
      method: "PUT",
      headers: { authorization: `Bearer ${tokens.upload}`, "content-type": "application/octet-stream" },
      body: new TextEncoder().encode(`{"email":"${marker}"}`),
    });
    await fetch(`${gateway.baseUrl}/v1/capabilities`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.receipts}` },
      body: JSON.stringify({ leaseId: leaseId.toString(), contact: marker }),
    });
    await fetch(`${gateway.baseUrl}/v1/jobs/${jobId}/receipt`, {
      headers: { authorization: `Bearer ${tokens.receipts}` },
    });
    const logged = gateway.lines.join("\n");
    expect(gateway.lines.length).toBeGreaterThan(4);
    for (const token of Object.values(tokens)) expect(logged).not.toContain(token);
    expect(logged).not.toContain(marker);
    expect(logged).not.toContain(Buffer.from(envelope.subarray(0, 24)).toString("hex"));
    expect(logged).not.toContain(Buffer.from(envelope.subarray(0, 24)).toString("base64"));
    expect(logged.toLowerCase()).not.toContain("bearer");
    expect(logged.toLowerCase()).not.toContain("authorization");
  });
});
