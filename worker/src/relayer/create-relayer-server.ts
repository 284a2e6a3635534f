/**
 * The relayer's HTTP API (Fastify), returned not listening:
 *
 *   POST /v1/endorsements   Endorsements.endorse's arguments  → 202 { txHash }
 *   POST /v1/withdrawals    requestWithdrawal's arguments     → 202 { txHash, unlockAt }
 *   GET  /v1/info           the relayer's account, contracts, fee policy and the relay budget
 *   GET  /health            liveness
 *   GET  /metrics           Prometheus
 *
 * Bodies are JSON validated by the sdk's schemas (unknown fields refused), at most
 * `bodyLimitBytes`; each client IP gets `rateLimitPerMinute` requests (operations routes
 * excepted); the transactions in flight are capped by the sender. Every refusal is
 * `{ error: { code, message, revert? } }` with the status of sdk relayerErrorStatus.
 *
 * The browser calls the relayer directly, so origins in `allowedOrigins` get CORS headers and
 * preflights are answered here. What is logged: one line per request with the route, status and
 * error code. Never the client's IP (beside a nullifier it would link the endorser's address on
 * the network to its endorsement: the very link the relayer exists to cut), never a body, never
 * a proof.
 */
import rateLimit from "@fastify/rate-limit";
import { endorsementRelayBodySchema, withdrawalRelayBodySchema } from "@leasehold/sdk/relayer";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from "fastify";
import type { Logger } from "pino";
import type { z } from "zod";
import { RelayerHttpError } from "./http-error.ts";
import type { RelayerMetrics } from "./metrics.ts";
import { refusalOf, type RelayService } from "./relay-service.ts";

export type CreateRelayerServerParameters = {
  service: RelayService;
  metrics: RelayerMetrics;
  logger: Logger;
  limits: {
    bodyLimitBytes: number;
    rateLimitPerMinute: number;
  };
  /** Origins the browser may call from ("*" for any); none by default. */
  allowedOrigins: readonly string[];
};

const OPERATIONS_ROUTES = new Set(["/health", "/metrics"]);

export function createRelayerServer(parameters: CreateRelayerServerParameters): FastifyInstance {
  const { service, metrics, limits } = parameters;
  const log = parameters.logger.child({ component: "relayer-http" });
  const allowed = new Set(parameters.allowedOrigins);

  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Fastify's own request lines carry the client's address; ours (onResponse) do not.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyLimitBytes,
    return503OnClosing: true,
  });

  // JSON only: Fastify's text/plain parser would let a body through that no route takes.
  app.removeContentTypeParser("text/plain");

  const outcomes = new WeakMap<object, string>();

  function refuse(reply: FastifyReply, refusal: RelayerHttpError) {
    outcomes.set(reply.request, refusal.code);
    if (refusal.retryAfter !== undefined) reply.header("retry-after", String(refusal.retryAfter));
    return reply
      .code(refusal.statusCode)
      .type("application/json")
      .send({
        error: {
          code: refusal.code,
          message: refusal.message,
          ...(refusal.revert === undefined ? {} : { revert: refusal.revert }),
        },
      });
  }

  app.addHook("onRequest", async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && (allowed.has("*") || allowed.has(origin))) {
      reply.header("access-control-allow-origin", allowed.has("*") ? "*" : origin);
      reply.header("vary", "Origin");
      reply.header("access-control-expose-headers", "retry-after");
    }
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "not_found";
    const outcome = outcomes.get(request) ?? (reply.statusCode < 400 ? "accepted" : `http_${reply.statusCode}`);
    if (!OPERATIONS_ROUTES.has(route)) metrics.requests.inc({ route, outcome });
    request.log.info(
      { method: request.method, route, status: reply.statusCode, outcome, durationMs: Math.round(reply.elapsedTime) },
      "request",
    );
  });

  app.setErrorHandler((error, request, reply) => {
    const refusal = toRefusal(error);
    if (refusal.code === "internal_error") request.log.error({ err: error }, "request failed");
    return refuse(reply, refusal);
  });

  app.setNotFoundHandler((request, reply) =>
    refuse(reply, new RelayerHttpError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`)),
  );

  app.register(rateLimit, {
    global: true,
    hook: "onRequest",
    max: limits.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per client address, in memory only: it is never logged or written anywhere.
    allowList: (request) => OPERATIONS_ROUTES.has(request.routeOptions.url ?? "") || request.method === "OPTIONS",
    errorResponseBuilder: (_request, limit) =>
      new RelayerHttpError("rate_limited", `More than ${limit.max} requests a minute from this address`, {
        retryAfter: Math.max(1, Math.ceil(limit.ttl / 1000)),
      }),
  });

  app.register(async (api) => {
    api.options("/*", async (request, reply) => {
      const origin = request.headers.origin;
      if (origin === undefined || !(allowed.has("*") || allowed.has(origin))) return reply.code(204).send();
      return reply
        .code(204)
        .header("access-control-allow-methods", "GET, POST")
        .header("access-control-allow-headers", "content-type")
        .header("access-control-max-age", "600")
        .send();
    });

    api.post("/v1/endorsements", async (request, reply) => {
      const body = parse(endorsementRelayBodySchema, request.body);
      return reply.code(202).send(await service.relayEndorsement(body));
    });

    api.post("/v1/withdrawals", async (request, reply) => {
      const body = parse(withdrawalRelayBodySchema, request.body);
      const { txHash, unlockAt } = await service.relayWithdrawal(body);
      return reply.code(202).send({ txHash, unlockAt: unlockAt.toString() });
    });

    api.get("/v1/info", async () => {
      try {
        return await service.info();
      } catch (error) {
        throw refusalOf(error);
      }
    });

    api.get("/health", async () => ({ status: "ok" }));

    api.get("/metrics", async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
  });

  return app;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The path and the rule, never the value (it may be a proof).
    throw new RelayerHttpError("invalid_body", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return parsed.data;
}

function toRefusal(error: unknown): RelayerHttpError {
  if (error instanceof RelayerHttpError) return error;
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new RelayerHttpError("body_too_large", "The body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new RelayerHttpError("unsupported_media_type", "Bodies are application/json");
  }
  if (typeof statusCode === "number" && statusCode === 429) {
    return new RelayerHttpError("rate_limited", "Too many requests");
  }
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return new RelayerHttpError("malformed_body", "The request is malformed", { cause: error });
  }
  return refusalOf(error);
}
