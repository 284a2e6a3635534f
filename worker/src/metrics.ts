/**
 * The worker's Prometheus metrics, in a registry of its own (never prom-client's global one), so
 * two workers or two tests in one process never share counters. GET /metrics serves it. Label
 * values come from closed sets (route patterns, error codes, outcomes), never from request data,
 * so cardinality stays bounded.
 */
import { Counter, Histogram, Registry } from "prom-client";
import type { JobOutcomeLabel } from "./service/index.ts";

export type WorkerMetrics = {
  registry: Registry;
  /** Every answered request, by route pattern ("not_found" for none) and HTTP status. */
  gatewayRequests: Counter<"route" | "status">;
  /** Every refused request, by the error code it was answered with. */
  gatewayRejections: Counter<"reason">;
  /** Refused credentials (tokens, capability request signatures), by error code. */
  gatewayAuthFailures: Counter<"reason">;
  /** Seconds from a request's arrival to its answer, by route pattern. */
  gatewayRequestDuration: Histogram<"route">;
  /** Jobs the worker loop finished, by outcome (countJob). */
  jobs: Counter<"outcome">;
};

/** How a job ended for the worker loop: the service's labels (WorkerServiceOptions.onJobOutcome). */
export type JobMetricOutcome = JobOutcomeLabel;

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  return {
    registry,
    gatewayRequests: new Counter({
      name: "leasehold_gateway_requests_total",
      help: "Gateway requests answered, by route and status",
      labelNames: ["route", "status"],
      registers: [registry],
    }),
    gatewayRejections: new Counter({
      name: "leasehold_gateway_rejections_total",
      help: "Gateway requests refused, by error code",
      labelNames: ["reason"],
      registers: [registry],
    }),
    gatewayAuthFailures: new Counter({
      name: "leasehold_gateway_auth_failures_total",
      help: "Gateway credentials refused (capability tokens, capability request signatures), by error code",
      labelNames: ["reason"],
      registers: [registry],
    }),
    gatewayRequestDuration: new Histogram({
      name: "leasehold_gateway_request_duration_seconds",
      help: "Gateway request duration from arrival to answer, by route",
      labelNames: ["route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: "leasehold_worker_jobs_total",
      help: "Jobs the worker finished, by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    }),
  };
}

/** Counts one finished job; the worker loop calls it once per job (`onJobOutcome: (o) => countJob(metrics, o)`). */
export function countJob(metrics: WorkerMetrics, outcome: JobMetricOutcome): void {
  metrics.jobs.inc({ outcome });
}
