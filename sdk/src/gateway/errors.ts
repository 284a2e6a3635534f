import { LeaseholdError } from "../errors.ts";
import type { CapabilityErrorCode } from "../capabilities/errors.ts";

/**
 * Every error code the worker gateway answers with, and its one HTTP status (docs/GATEWAY.md).
 * The gateway and the client both read this table, so a code never changes status between them.
 */
export const gatewayErrorStatus = {
  // 400: the request can never succeed as sent.
  malformed_body: 400,
  unknown_field: 400,
  invalid_body: 400,
  invalid_path: 400,
  expiry_in_past: 400,
  expiry_too_far: 400,
  content_id_mismatch: 400,
  invalid_sealed_key: 400,
  invalid_input: 400,
  // 401: the token or signature does not authorise the request.
  token_missing: 401,
  token_malformed: 401,
  token_bad_signature: 401,
  token_unknown_caveat: 401,
  token_malformed_caveat: 401,
  token_missing_caveat: 401,
  token_expired: 401,
  token_scope_mismatch: 401,
  token_lease_mismatch: 401,
  token_job_mismatch: 401,
  token_agent_mismatch: 401,
  token_op_mismatch: 401,
  lease_not_live: 401,
  job_not_live: 401,
  signature_invalid: 401,
  // 403: a valid request this gateway does not take.
  lease_not_served: 403,
  // 404: nothing there (yet).
  not_found: 404,
  lease_not_found: 404,
  job_not_found: 404,
  certificate_not_found: 404,
  receipt_not_found: 404,
  proof_not_found: 404,
  output_not_found: 404,
  // 409: write-once uploads.
  sealed_key_conflict: 409,
  input_conflict: 409,
  input_too_late: 409,
  // 413 and 415: the body itself.
  body_too_large: 413,
  decompression_ratio_exceeded: 413,
  unsupported_media_type: 415,
  unsupported_encoding: 415,
  // 429 and 503: try again later.
  rate_limited: 429,
  internal_error: 500,
  overloaded: 503,
  request_timeout: 503,
  chain_unavailable: 503,
} as const;
export type GatewayErrorCode = keyof typeof gatewayErrorStatus;

/** What the client reports when no gateway error body came back (network failure, foreign proxy). */
export type GatewayClientErrorCode = "unreachable" | "unexpected_response";

/** The gateway code for each way a capability token can fail verification. */
export const capabilityErrorGatewayCode = {
  malformed: "token_malformed",
  "bad-signature": "token_bad_signature",
  "unknown-caveat": "token_unknown_caveat",
  "malformed-caveat": "token_malformed_caveat",
  "missing-caveat": "token_missing_caveat",
  expired: "token_expired",
  "scope-mismatch": "token_scope_mismatch",
  "lease-mismatch": "token_lease_mismatch",
  "job-mismatch": "token_job_mismatch",
  "agent-mismatch": "token_agent_mismatch",
  "op-mismatch": "token_op_mismatch",
  "lease-not-live": "lease_not_live",
  "job-not-live": "job_not_live",
  "lease-not-found": "lease_not_found",
  "job-not-found": "job_not_found",
} as const satisfies Record<CapabilityErrorCode, GatewayErrorCode>;

/**
 * A refusal from the worker gateway, as the client reports it. `correlationId` is the request's
 * id in the gateway's logs (absent only when no answer came). Retryable for 429 and 503 and when
 * the gateway could not be reached.
 */
export class GatewayError extends LeaseholdError {
  readonly retryable: boolean;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: GatewayErrorCode | GatewayClientErrorCode;
  readonly correlationId: string | undefined;
  /** Seconds the gateway asked to wait (Retry-After), when it said. */
  readonly retryAfter: number | undefined;

  constructor(
    parameters: {
      status: number;
      code: GatewayErrorCode | GatewayClientErrorCode;
      message: string;
      correlationId?: string | undefined;
      retryAfter?: number | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(parameters.message, options);
    this.status = parameters.status;
    this.code = parameters.code;
    this.correlationId = parameters.correlationId;
    this.retryAfter = parameters.retryAfter;
    this.retryable = parameters.status === 0 || parameters.status === 429 || parameters.status === 503;
  }
}

/** A published job certificate is malformed, for another job, or not signed by the agent's identity. */
export class InvalidJobCertificateError extends LeaseholdError {
  readonly retryable = false;
}
