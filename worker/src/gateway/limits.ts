import type { GatewayLimits } from "./types.ts";

/**
 * The gateway's hard limits (docs/GATEWAY.md, "Limits"). Tests may lower them through
 * GatewayDeps.limits; the mechanisms are the same at any value.
 */
export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  requestTimeoutMs: 5_000,
  maxInFlight: 512,
  maxRequestsPerSecond: 500,
  maxBodyBytes: 1024 * 1024,
  maxDecompressionRatio: 10,
  readinessTimeoutMs: 1_000,
};

/** Farthest ahead a capability request may expire: one hour. */
export { MAX_CAPABILITY_REQUEST_TTL_SECONDS } from "@leasehold/sdk/gateway";
