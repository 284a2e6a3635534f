/**
 * The gateway's hard limits over real HTTP, at their real values wherever that stays fast: the
 * 5 s deadline, 512 requests in flight, 500 requests per second, 1 MiB bodies, 10x inflation.
 */
import http from "node:http";
import net from "node:net";
import { text } from "node:stream/consumers";
import { randomBytes } from "node:crypto";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { mintCapability } from "@leasehold/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChainClient } from "../../src/chain/index.ts";
import { DEFAULT_GATEWAY_LIMITS } from "../../src/gateway/index.ts";
import { scopeHash, startLocalChain, type LocalChain } from "../fixtures/local-chain.ts";
import {
  lend,
  metricValue,
  refusal,
  requestTokens,
  startGateway,
  storeFiles,
  wallClock,
  type TestGateway,
} from "./fixtures.ts";

const MiB = 1024 * 1024;
let local: LocalChain;
let gateway: TestGateway;

beforeAll(async () => {
  local = await startLocalChain();
  gateway = await startGateway(local);
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await local?.stop();
});

type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * A request over node:http whose body is written in parts; `hold` keeps it open after them. The
 * answer resolves as soon as the gateway answers, whether or not the body was finished.
 */
function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string>; parts?: Buffer[]; hold?: boolean },
): { answer: Promise<RawAnswer>; request: http.ClientRequest } {
  const request = http.request(url, { method: options.method, headers: options.headers, agent: false });
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    request.on("error", reject);
  });
  for (const part of options.parts ?? []) request.write(part);
  if (!options.hold) request.end();
  return { answer, request };
}

const codeOf = (answer: RawAnswer) => (JSON.parse(answer.body) as { error: { code: string } }).error.code;

async function uploadTarget() {
  const lent = await lend(local);
  const { upload } = await requestTokens(local, gateway, lent.leaseId, ["upload"]);
  return { ...lent, url: `${gateway.baseUrl}/v1/leases/${lent.leaseId}/context`, authorization: `Bearer ${upload}` };
}

describe("# limits", () => {
  it("should default to 5 s, 512 in flight, 500 per second, 1 MiB, 10x", () => {
    expect(DEFAULT_GATEWAY_LIMITS).toEqual({
      requestTimeoutMs: 5_000,
      maxInFlight: 512,
      maxRequestsPerSecond: 500,
      maxBodyBytes: MiB,
      maxDecompressionRatio: 10,
      readinessTimeoutMs: 1_000,
    });
  });
});

describe("# body size", () => {
  it("should refuse a body over 1 MiB with 413 body_too_large, declared or streamed, and store nothing", async () => {
    const target = await uploadTarget();
    const before = await storeFiles(gateway);
    const declared = await fetch(target.url, {
      method: "PUT",
      headers: { authorization: target.authorization, "content-type": "application/octet-stream" },
      body: new Uint8Array(MiB + 1),
    });
    expect(await refusal(declared)).toMatchObject({ status: 413, code: "body_too_large" });
    const streamed = rawRequest(target.url, {
      method: "PUT",
      headers: { authorization: target.authorization, "content-type": "application/octet-stream" },
      parts: [Buffer.alloc(MiB / 2), Buffer.alloc(MiB / 2), Buffer.alloc(1)],
      hold: true,
    });
    const answer = await streamed.answer;
    streamed.request.destroy();
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("body_too_large");
    expect(answer.headers["connection"]).toBe("close");
    expect(await storeFiles(gateway)).toEqual(before);
  });

  it("should apply the 1 MiB limit to the inflated size", async () => {
    const target = await uploadTarget();
    const text = Buffer.from(randomBytes(0.75 * MiB).toString("hex"));
    const compressed = gzipSync(text);
    expect(compressed.length).toBeLessThan(MiB);
    expect(text.length / compressed.length).toBeLessThan(10);
    const response = await fetch(target.url, {
      method: "PUT",
      headers: {
        authorization: target.authorization,
        "content-type": "application/octet-stream",
        "content-encoding": "gzip",
      },
      body: compressed,
    });
    expect(await refusal(response)).toMatchObject({ status: 413, code: "body_too_large" });
  });
});

describe("# decompression", () => {
  it("should refuse a decompression bomb while it is still arriving, and store nothing", async () => {
    const target = await uploadTarget();
    const before = await storeFiles(gateway);
    const bomb = gzipSync(Buffer.alloc(64 * MiB));
    const sent = rawRequest(target.url, {
      method: "PUT",
      headers: {
        authorization: target.authorization,
        "content-type": "application/octet-stream",
        "content-encoding": "gzip",
      },
      parts: [bomb.subarray(0, bomb.length / 2)],
      hold: true,
    });
    const answer = await sent.answer;
    sent.request.destroy();
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("decompression_ratio_exceeded");
    expect(await storeFiles(gateway)).toEqual(before);
    expect(
      await metricValue(gateway.metrics, "leasehold_gateway_rejections_total", {
        reason: "decompression_ratio_exceeded",
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("should inflate gzip, deflate and br bodies within the limits", async () => {
    const target = await uploadTarget();
    for (const [encoding, body] of [
      ["gzip", gzipSync(target.envelope)],
      ["deflate", deflateSync(target.envelope)],
      ["br", brotliCompressSync(target.envelope)],
    ] as const) {
      const response = await fetch(target.url, {
        method: "PUT",
        headers: {
          authorization: target.authorization,
          "content-type": "application/octet-stream",
          "content-encoding": encoding,
        },
        body,
      });
      expect(response.status, encoding).toBe(200);
      expect(await response.json()).toEqual({ contentId: target.contentId });
    }
  });

  it("should refuse an unknown or stacked Content-Encoding with 415 unsupported_encoding", async () => {
    const target = await uploadTarget();
    for (const encoding of ["compress", "gzip, br"]) {
      const response = await fetch(target.url, {
        method: "PUT",
        headers: {
          authorization: target.authorization,
          "content-type": "application/octet-stream",
          "content-encoding": encoding,
        },
        body: gzipSync(target.envelope),
      });
      expect(await refusal(response), encoding).toMatchObject({ status: 415, code: "unsupported_encoding" });
    }
  });
});

describe("# request bodies and routes", () => {
  const post = (body: string, contentType = "application/json") =>
    fetch(`${gateway.baseUrl}/v1/capabilities`, { method: "POST", headers: { "content-type": contentType }, body });
  const valid = { leaseId: "1", operations: ["receipts"], expiresAt: "1", signature: `0x${"1b".repeat(65)}` };

  it("should refuse unknown JSON fields with 400 unknown_field", async () => {
    const answer = await refusal(await post(JSON.stringify({ ...valid, admin: true })));
    expect(answer).toMatchObject({ status: 400, code: "unknown_field" });
    expect(answer.message).toContain("admin");
  });

  it("should refuse malformed JSON with 400 malformed_body and ill-typed JSON with 400 invalid_body", async () => {
    expect(await refusal(await post("{"))).toMatchObject({ status: 400, code: "malformed_body" });
    expect(await refusal(await post(""))).toMatchObject({ status: 400, code: "malformed_body" });
    const invalid = await refusal(await post(JSON.stringify({ ...valid, leaseId: 1 })));
    expect(invalid).toMatchObject({ status: 400, code: "invalid_body" });
    expect(invalid.message).toContain("leaseId");
  });

  it("should refuse other media types with 415 unsupported_media_type", async () => {
    expect(await refusal(await post(JSON.stringify(valid), "text/plain"))).toMatchObject({
      status: 415,
      code: "unsupported_media_type",
    });
    expect(await refusal(await post("x", "application/octet-stream"))).toMatchObject({
      status: 415,
      code: "unsupported_media_type",
    });
  });

  it("should answer HTTP that Node cannot parse 400 malformed_body, and a badly encoded path 400 invalid_path", async () => {
    const { port } = new URL(gateway.baseUrl);
    const socket = net.connect(Number(port), "127.0.0.1");
    socket.end("NOT HTTP AT ALL\r\n\r\n");
    const raw = (await text(socket)).split("\r\n\r\n");
    expect(raw[0]).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw[1]!) as { error: { code: string; correlationId: string } };
    expect(body.error.code).toBe("malformed_body");
    expect(raw[0]).toContain(`X-Request-Id: ${body.error.correlationId}`);
    const response = await fetch(`${gateway.baseUrl}/v1/jobs/%E0%A4%A/receipt`);
    expect(await refusal(response)).toMatchObject({ status: 400, code: "invalid_path" });
  });

  it("should answer unknown routes 404 not_found with a correlation id", async () => {
    const response = await fetch(`${gateway.baseUrl}/v1/nothing-here`);
    const answer = await refusal(response);
    expect(answer).toMatchObject({ status: 404, code: "not_found" });
    expect(answer.correlationId).toBe(answer.header);
  });
});

describe("# deadline", () => {
  it("should answer a body that stalls with 503 request_timeout after 5 s and store nothing", async () => {
    const target = await uploadTarget();
    const before = await storeFiles(gateway);
    const started = Date.now();
    const stalled = rawRequest(target.url, {
      method: "PUT",
      headers: {
        authorization: target.authorization,
        "content-type": "application/octet-stream",
        "content-length": String(target.envelope.length),
      },
      parts: [Buffer.from(target.envelope.subarray(0, 10))],
      hold: true,
    });
    const answer = await stalled.answer;
    stalled.request.destroy();
    expect(answer.status).toBe(503);
    expect(codeOf(answer)).toBe("request_timeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(await storeFiles(gateway)).toEqual(before);
  }, 15_000);

  it("should answer 503 request_timeout when the chain is slower than the deadline, and write nothing after", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let lateRead!: Promise<unknown>;
    const slowChain: ChainClient = {
      ...local.chain,
      getLease: (leaseId) => {
        lateRead = gate.then(() => local.chain.getLease(leaseId));
        return lateRead as ReturnType<ChainClient["getLease"]>;
      },
    };
    const slow = await startGateway(local, { chain: slowChain, limits: { requestTimeoutMs: 300 } });
    try {
      const { leaseId, envelope } = await lend(local);
      const lease = await local.chain.getLease(leaseId);
      const token = mintCapability({
        rootKey: slow.rootKey,
        caveats: [
          { key: "lease", value: leaseId },
          { key: "scope", value: scopeHash },
          { key: "op", value: "upload" },
          { key: "expires", value: wallClock() + 600n },
        ],
      });
      const response = await fetch(`${slow.baseUrl}/v1/leases/${lease.leaseId}/context`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
        body: envelope,
      });
      expect(await refusal(response)).toMatchObject({ status: 503, code: "request_timeout" });
      release();
      await lateRead;
      expect(await storeFiles(slow)).toEqual([]);
    } finally {
      release();
      await slow.close();
    }
  });
});

describe("# in flight", () => {
  it("should serve 512 requests at once and answer the 513th and later 503 overloaded", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const busy = await startGateway(local, {
      limits: { maxRequestsPerSecond: 100_000 },
      extend: (app) =>
        app.get("/test/hold", async () => {
          held += 1;
          await gate;
          return { held: true };
        }),
    });
    try {
      const total = 600;
      const refused = total - DEFAULT_GATEWAY_LIMITS.maxInFlight;
      let answered = 0;
      let allRefused!: () => void;
      const refusedAnswered = new Promise<void>((resolve) => (allRefused = resolve));
      const answers = Array.from({ length: total }, () =>
        rawRequest(`${busy.baseUrl}/test/hold`, { method: "GET" }).answer.then((answer) => {
          answered += 1;
          if (answered === refused) allRefused();
          return answer;
        }),
      );
      await refusedAnswered;
      expect(held).toBe(DEFAULT_GATEWAY_LIMITS.maxInFlight);
      release();
      const all = await Promise.all(answers);
      const overloaded = all.filter((answer) => answer.status === 503);
      expect(overloaded).toHaveLength(refused);
      expect(
        overloaded.every((answer) => codeOf(answer) === "overloaded" && answer.headers["retry-after"] === "1"),
      ).toBe(true);
      expect(all.filter((answer) => answer.status === 200)).toHaveLength(DEFAULT_GATEWAY_LIMITS.maxInFlight);
      expect(await metricValue(busy.metrics, "leasehold_gateway_rejections_total", { reason: "overloaded" })).toBe(
        refused,
      );
      // The slots are free again.
      expect((await fetch(`${busy.baseUrl}/test/hold`)).status).toBe(200);
    } finally {
      release();
      await busy.close();
    }
  }, 30_000);
});

describe("# rate", () => {
  it("should serve 500 requests in one second and answer the rest 429 rate_limited with Retry-After", async () => {
    const limited = await startGateway(local);
    // One window for the burst, whatever the machine's speed: the limiter reads Date.now.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      const total = 510;
      const answers = await Promise.all(
        Array.from(
          { length: total },
          () => rawRequest(`${limited.baseUrl}/v1/jobs/1/receipt`, { method: "GET" }).answer,
        ),
      );
      const limitedAnswers = answers.filter((answer) => answer.status === 429);
      expect(limitedAnswers).toHaveLength(total - DEFAULT_GATEWAY_LIMITS.maxRequestsPerSecond);
      expect(limitedAnswers.every((answer) => codeOf(answer) === "rate_limited")).toBe(true);
      expect(limitedAnswers.every((answer) => Number(answer.headers["retry-after"]) >= 1)).toBe(true);
      // The refused ones never reached authentication.
      expect(answers.filter((answer) => answer.status === 401)).toHaveLength(
        DEFAULT_GATEWAY_LIMITS.maxRequestsPerSecond,
      );
      expect(await metricValue(limited.metrics, "leasehold_gateway_rejections_total", { reason: "rate_limited" })).toBe(
        total - DEFAULT_GATEWAY_LIMITS.maxRequestsPerSecond,
      );
      expect(
        await metricValue(limited.metrics, "leasehold_gateway_auth_failures_total", { reason: "token_missing" }),
      ).toBe(DEFAULT_GATEWAY_LIMITS.maxRequestsPerSecond);
      // Probes and scrapes still answer inside the exhausted window; the next window serves again.
      expect((await fetch(`${limited.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${limited.baseUrl}/metrics`)).status).toBe(200);
      expect((await fetch(`${limited.baseUrl}/v1/jobs/1/receipt`)).status).toBe(429);
      vi.setSystemTime(Date.now() + 1_000);
      expect((await fetch(`${limited.baseUrl}/v1/jobs/1/receipt`)).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await limited.close();
    }
  }, 30_000);
});
