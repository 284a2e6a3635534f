/**
 * The relayer's HTTP layer in process, over a stub service: CORS, the per-IP rate limit, and the
 * log lines (no body, no proof, no client address). The service's own behaviour against a chain
 * is relayer.test.ts's.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createRelayerMetrics } from "../../src/relayer/metrics.ts";
import { createRelayerServer } from "../../src/relayer/create-relayer-server.ts";
import type { RelayService } from "../../src/relayer/relay-service.ts";

const APP = "http://app.example";
const proof = {
  a: ["1", "2"],
  b: [
    ["3", "4"],
    ["5", "6"],
  ],
  c: ["7", "8"],
};
const endorsement = {
  agentId: "1",
  epoch: "2",
  signal: `0x${"ab".repeat(32)}`,
  root: "3",
  y: "4",
  nullifier: "5",
  proof,
};

const lines: string[] = [];
const service = {
  relayEndorsement: async () => ({ txHash: `0x${"cd".repeat(32)}` }),
} as unknown as RelayService;

function server(rateLimitPerMinute = 100) {
  const logger = pino(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return createRelayerServer({
    service,
    metrics: createRelayerMetrics(),
    logger,
    limits: { bodyLimitBytes: 4_096, rateLimitPerMinute },
    allowedOrigins: [APP],
  });
}

let app: ReturnType<typeof server> | undefined;
afterEach(async () => {
  await app?.close();
  lines.length = 0;
});

describe("# CORS", () => {
  it("should answer the app origin's preflight and mark its answers readable by it", async () => {
    app = server();
    const preflight = await app.inject({
      method: "OPTIONS",
      url: "/v1/endorsements",
      headers: { origin: APP, "access-control-request-method": "POST" },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(APP);
    expect(preflight.headers["access-control-allow-methods"]).toContain("POST");
    expect(preflight.headers["access-control-allow-headers"]).toContain("content-type");

    const answer = await app.inject({
      method: "POST",
      url: "/v1/endorsements",
      headers: { origin: APP },
      payload: endorsement,
    });
    expect(answer.statusCode).toBe(202);
    expect(answer.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("should give another origin no CORS headers", async () => {
    app = server();
    const answer = await app.inject({
      method: "OPTIONS",
      url: "/v1/endorsements",
      headers: { origin: "http://elsewhere.example", "access-control-request-method": "POST" },
    });
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(answer.headers["access-control-allow-methods"]).toBeUndefined();
  });
});

describe("# rate limit", () => {
  it("should answer 429 rate_limited with Retry-After past the per-address limit, and still serve /health", async () => {
    app = server(2);
    for (let i = 0; i < 2; i += 1) {
      expect((await app.inject({ method: "POST", url: "/v1/endorsements", payload: endorsement })).statusCode).toBe(
        202,
      );
    }
    const refused = await app.inject({ method: "POST", url: "/v1/endorsements", payload: endorsement });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });
});

describe("# logs", () => {
  it("should log a line per request without the body, the proof or the client's address", async () => {
    app = server();
    await app.inject({ method: "POST", url: "/v1/endorsements", payload: endorsement, remoteAddress: "203.0.113.7" });
    const log = lines.join("");
    expect(log).toContain('"route":"/v1/endorsements"');
    expect(log).not.toContain("203.0.113.7");
    expect(log).not.toContain(endorsement.signal.slice(2));
    expect(log).not.toMatch(/"a":\[/);
  });
});
