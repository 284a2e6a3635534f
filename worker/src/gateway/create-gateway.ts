/**
 * The worker's HTTP gateway (docs/GATEWAY.md): a Fastify server, returned not listening.
 *
 * Every request passes, in order:
 *   1. onRequest (global): correlation id on the answer, the request's deadline starts, the
 *      in-flight cap (503 overloaded past it);
 *   2. onRequest (@fastify/rate-limit): one fixed one-second window for the whole instance
 *      (429 rate_limited with Retry-After);
 *   3. preParsing: the bearer token, checked against the chain (./auth.ts), before any body byte
 *      is read, so an unauthorised upload costs no buffering;
 *   4. the body, streamed under the size and decompression-ratio limits (./read-body.ts);
 *   5. the handler (./handlers.ts), which checks the deadline before it writes anything.
 * The deadline races every phase: a request still unanswered after limits.requestTimeoutMs is
 * answered 503 request_timeout and whatever it was doing can no longer write.
 *
 * Operations routes (/healthz, /metrics) skip the in-flight cap and the rate limit so probes and
 * scrapes still answer under load; /readyz reads the chain and counts like any request.
 *
 * Logs: one JSON line per request (correlation id, method, route pattern, status, duration,
 * error code) through a child logger that redacts credentials and bodies; bodies, tokens and
 * signatures are never passed to the logger in the first place.
 */
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import rateLimit from "@fastify/rate-limit";
import { receiptDomain, type CapabilityOperation } from "@leasehold/sdk";
import { gatewayDomain } from "@leasehold/sdk/gateway";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { authorize, type AuthTarget } from "./auth.ts";
import type { GatewayContext } from "./context.ts";
import {
  getCertificate,
  getOutput,
  getProof,
  getReceipt,
  JsonBody,
  mintCapabilities,
  uploadContext,
  uploadInput,
  uploadSealedKey,
  type HandlerResult,
  type RequestState,
} from "./handlers.ts";
import { GatewayHttpError } from "./http-error.ts";
import { DEFAULT_GATEWAY_LIMITS } from "./limits.ts";
import { readBody } from "./read-body.ts";
import type { GatewayDeps, ReadinessReport } from "./types.ts";

/** An incoming x-request-id is kept only in this shape; otherwise a fresh UUID is the correlation id. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const UINT256 = /^(0|[1-9][0-9]{0,77})$/;
const UNMETERED_ROUTES = new Set(["/healthz", "/metrics"]);

/** Logged fields that must never show, wherever a caller or a library puts them. */
export const GATEWAY_LOG_REDACTIONS = [
  "authorization",
  "token",
  "tokens",
  "signature",
  "body",
  "*.authorization",
  "*.token",
  "*.tokens",
  "*.signature",
  "*.body",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
];

type ActiveRequest = RequestState & {
  startedAt: bigint;
  /** The error code answered, for the request's log line. */
  code?: string;
};

export function createGateway(deps: GatewayDeps): FastifyInstance {
  const limits = { ...DEFAULT_GATEWAY_LIMITS, ...deps.limits };
  const now = deps.now ?? Date.now;
  const log = deps.logger.child(
    { component: "gateway" },
    { redact: { paths: GATEWAY_LOG_REDACTIONS, censor: "[redacted]" } },
  );
  const { chainId, contracts } = deps.chain.deployment;
  const context: GatewayContext = {
    chain: deps.chain,
    store: deps.store,
    receipts: deps.receipts,
    rootKey: deps.rootKey,
    metrics: deps.metrics,
    log,
    readiness: deps.readiness,
    limits,
    nowSeconds: () => BigInt(Math.floor(now() / 1000)),
    domain: gatewayDomain({ chainId, leaseRegistry: contracts.LeaseRegistry.address }),
    uploadLocks: new Map(),
    servedAgents: deps.servedAgents === undefined ? undefined : new Set(deps.servedAgents),
  };
  // Checked once here so a misconfigured domain fails at start, not on the first request.
  receiptDomain({ chainId, receiptAnchor: contracts.ReceiptAnchor.address });

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Our onResponse hook writes the one line per request.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "correlationId" }),
    requestIdHeader: false,
    genReqId: (raw) => {
      const incoming = raw.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Node's own limit only backs ours up (it is checked every few seconds, and answers without our body).
    requestTimeout: limits.requestTimeoutMs + 1_000,
    return503OnClosing: true,
    // Errors found before routing (a badly encoded path) skip the hooks but not our error shape.
    frameworkErrors: (error, request, reply) => sendRefusal(request, reply, toRefusal(error)),
    // Requests Node cannot even parse never reach a hook; they still get our error shape and a line.
    clientErrorHandler: (error, socket) => {
      if ((error as NodeJS.ErrnoException).code === "ECONNRESET" || socket.destroyed) return;
      const timedOut = (error as NodeJS.ErrnoException).code === "ERR_HTTP_REQUEST_TIMEOUT";
      const refusal = timedOut
        ? new GatewayHttpError("request_timeout", "The request took too long")
        : new GatewayHttpError("malformed_body", "The request is not well-formed HTTP");
      const correlationId = randomUUID();
      const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message, correlationId } });
      context.metrics.gatewayRejections.inc({ reason: refusal.code });
      log.info({ correlationId, status: refusal.statusCode, code: refusal.code }, "request refused before parsing");
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${refusal.statusCode} ${refusal.statusCode === 400 ? "Bad Request" : "Service Unavailable"}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `X-Request-Id: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy();
    },
  });

  const active = new WeakMap<FastifyRequest, ActiveRequest>();
  const stateOf = (request: FastifyRequest): ActiveRequest => active.get(request)!;
  let inFlight = 0;

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limits.requestTimeoutMs).unref();
    active.set(request, { signal: controller.signal, startedAt: process.hrtime.bigint() });
    const metered = !UNMETERED_ROUTES.has(request.routeOptions.url ?? "");
    if (metered && inFlight >= limits.maxInFlight) {
      reply.raw.once("close", () => clearTimeout(timer));
      throw new GatewayHttpError("overloaded", `More than ${limits.maxInFlight} requests in flight`, { retryAfter: 1 });
    }
    if (metered) inFlight += 1;
    reply.raw.once("close", () => {
      clearTimeout(timer);
      if (metered) inFlight -= 1;
    });
  });

  app.addHook("onResponse", async (request, reply) => {
    // Absent for requests refused before routing (frameworkErrors), which skip onRequest.
    const state = active.get(request);
    const route = routeLabel(request);
    const durationMs = state === undefined ? 0 : Number(process.hrtime.bigint() - state.startedAt) / 1e6;
    context.metrics.gatewayRequests.inc({ route, status: String(reply.statusCode) });
    context.metrics.gatewayRequestDuration.observe({ route }, durationMs / 1000);
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        ...(state?.code === undefined ? {} : { code: state.code }),
      },
      "request",
    );
  });

  app.addHook("onRequestAbort", async (request) => {
    request.log.info({ method: request.method, route: routeLabel(request) }, "request aborted by the client");
  });

  app.removeAllContentTypeParsers();
  for (const type of ["application/json", "application/octet-stream"] as const) {
    app.addContentTypeParser(type, async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
      const bytes = await readBody({
        source: payload as Readable,
        contentEncoding: header(request, "content-encoding"),
        contentLength: header(request, "content-length"),
        maxBytes: limits.maxBodyBytes,
        maxRatio: limits.maxDecompressionRatio,
        signal: stateOf(request).signal,
      });
      return type === "application/json" ? new JsonBody(parseJsonText(bytes)) : bytes;
    });
  }

  app.setErrorHandler((error, request, reply) => {
    const refusal = toRefusal(error);
    if (refusal.code === "internal_error") request.log.error({ err: error }, "request failed");
    return sendRefusal(request, reply, refusal);
  });

  function sendRefusal(request: FastifyRequest, reply: FastifyReply, refusal: GatewayHttpError) {
    context.metrics.gatewayRejections.inc({ reason: refusal.code });
    if (refusal.auth) context.metrics.gatewayAuthFailures.inc({ reason: refusal.code });
    const state = active.get(request);
    if (state !== undefined) state.code = refusal.code;
    reply.header("x-request-id", request.id);
    if (refusal.retryAfter !== undefined) reply.header("retry-after", String(refusal.retryAfter));
    // A body we stopped reading is never drained: the connection goes with the answer.
    if (!request.raw.complete) reply.header("connection", "close");
    return reply
      .code(refusal.statusCode)
      .type("application/json")
      .send({ error: { code: refusal.code, message: refusal.message, correlationId: request.id } });
  }

  /** Races a phase of the request against its deadline. */
  function withinDeadline<T>(request: FastifyRequest, work: Promise<T>): Promise<T> {
    const { signal } = stateOf(request);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new GatewayHttpError("request_timeout", "The request took too long"));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  function authenticated(op: CapabilityOperation, target: (params: Record<string, string>) => AuthTarget) {
    return async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      const state = stateOf(request);
      const params = request.params as Record<string, string>;
      state.authorized = await withinDeadline(
        request,
        authorize(context, header(request, "authorization"), op, target(params)),
      );
      return payload;
    };
  }

  function handle(handler: (request: FastifyRequest, state: RequestState) => Promise<HandlerResult>) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await withinDeadline(request, handler(request, stateOf(request)));
      reply.code(result.status);
      if ("json" in result) return reply.type("application/json").send(result.json);
      return reply
        .type(result.contentType)
        .send(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.length));
    };
  }

  const leaseTarget = (params: Record<string, string>): AuthTarget => ({ leaseId: pathId(params["leaseId"]) });
  const jobTarget = (params: Record<string, string>): AuthTarget => ({ jobId: pathId(params["jobId"]) });

  app.register(rateLimit, {
    global: true,
    hook: "onRequest",
    max: limits.maxRequestsPerSecond,
    timeWindow: 1_000,
    // One bucket for the whole instance: the limit protects this process, whoever calls.
    keyGenerator: () => "instance",
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
    addHeaders: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
      "retry-after": false,
    },
    errorResponseBuilder: (_request, limit) =>
      new GatewayHttpError("rate_limited", `More than ${limit.max} requests per second`, {
        retryAfter: Math.max(1, Math.ceil(limit.ttl / 1000)),
      }),
  });

  app.register(async (api) => {
    api.setNotFoundHandler({ preHandler: api.rateLimit() }, (request, reply) =>
      sendRefusal(
        request,
        reply,
        new GatewayHttpError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`),
      ),
    );

    api.post(
      "/v1/capabilities",
      handle((request) => mintCapabilities(context, request.body)),
    );
    api.put(
      "/v1/leases/:leaseId/context",
      { preParsing: authenticated("upload", leaseTarget) },
      handle((request, state) => uploadContext(context, state, request.body)),
    );
    api.get(
      "/v1/jobs/:jobId/certificate",
      { preParsing: authenticated("upload", jobTarget) },
      handle((_request, state) => getCertificate(context, state)),
    );
    api.put(
      "/v1/jobs/:jobId/input",
      { preParsing: authenticated("upload", jobTarget) },
      handle((request, state) => uploadInput(context, state, request.body)),
    );
    api.put(
      "/v1/jobs/:jobId/sealed-key",
      { preParsing: authenticated("upload", jobTarget) },
      handle((request, state) => uploadSealedKey(context, state, request.body)),
    );
    api.get(
      "/v1/jobs/:jobId/receipt",
      { preParsing: authenticated("receipts", jobTarget) },
      handle((_request, state) => getReceipt(context, state)),
    );
    api.get(
      "/v1/jobs/:jobId/proof",
      { preParsing: authenticated("proofs", jobTarget) },
      handle((_request, state) => getProof(context, state)),
    );
    api.get(
      "/v1/jobs/:jobId/output",
      { preParsing: authenticated("receipts", jobTarget) },
      handle((_request, state) => getOutput(context, state)),
    );

    api.get("/healthz", { config: { rateLimit: false } }, async () => ({ status: "ok" }));
    api.get(
      "/readyz",
      handle(async () => {
        const checks = await readiness(context);
        const ready = Object.keys(checks).length > 0 && Object.values(checks).every((check) => check.ok);
        return { status: ready ? 200 : 503, json: { ready, checks } };
      }),
    );
    api.get("/metrics", { config: { rateLimit: false } }, async (_request, reply) =>
      reply.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics()),
    );
  });

  return app;
}

/** The caller's checks, failing closed: a throw or a slow answer is a failed check. */
async function readiness(context: GatewayContext): Promise<ReadinessReport> {
  const ms = context.limits.readinessTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    const report = await Promise.race([context.readiness(), timeout]);
    if (report === "timeout") return { readiness: { ok: false, message: `No answer within ${ms} ms` } };
    return sanitize(report);
  } catch (error) {
    context.log.warn({ err: error }, "readiness check failed");
    return { readiness: { ok: false, message: "The readiness check failed" } };
  } finally {
    clearTimeout(timer);
  }
}

/** Only `{ ok: true }` counts as ok; anything else the caller returned is a failure. */
function sanitize(report: unknown): ReadinessReport {
  if (typeof report !== "object" || report === null) return { readiness: { ok: false, message: "No report" } };
  const checks: ReadinessReport = {};
  for (const [name, check] of Object.entries(report)) {
    const ok = typeof check === "object" && check !== null && (check as { ok?: unknown }).ok === true;
    const message = (check as { message?: unknown } | null)?.message;
    checks[name] = { ok, ...(typeof message === "string" ? { message } : {}) };
  }
  return checks;
}

function toRefusal(error: unknown): GatewayHttpError {
  if (error instanceof GatewayHttpError) return error;
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  switch (code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new GatewayHttpError("unsupported_media_type", "Bodies are application/json or application/octet-stream");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new GatewayHttpError("body_too_large", "The body is too large");
    case "FST_ERR_BAD_URL":
      return new GatewayHttpError("invalid_path", "The path is not well-formed");
  }
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return new GatewayHttpError("malformed_body", "The request is malformed", { cause: error });
  }
  return new GatewayHttpError("internal_error", "The gateway failed; the correlation id finds it in the logs", {
    cause: error,
  });
}

function parseJsonText(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new GatewayHttpError("malformed_body", "The body is not JSON", { cause: error });
  }
}

function pathId(value: string | undefined): bigint {
  if (value === undefined || !UINT256.test(value) || BigInt(value) >= 1n << 256n) {
    throw new GatewayHttpError("invalid_path", "Ids in the path are decimal uint256 without leading zeros");
  }
  return BigInt(value);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function routeLabel(request: FastifyRequest): string {
  return request.is404 || request.routeOptions.url === undefined
    ? "not_found"
    : `${request.method} ${request.routeOptions.url}`;
}
