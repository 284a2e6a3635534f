import { LeaseholdError } from "../errors.ts";

/**
 * Every error code the relayer service (worker/src/relayer) answers with, and its one HTTP
 * status. The service and the client both read this table, so a code never changes status
 * between them.
 */
export const relayerErrorStatus = {
  // 400: the request can never succeed as sent.
  malformed_body: 400,
  invalid_body: 400,
  // 404: no such route.
  not_found: 404,
  // 409: the same proof was already used (a replay, a withdrawal already requested).
  already_relayed: 409,
  // 413 and 415: the body itself.
  body_too_large: 413,
  unsupported_media_type: 415,
  // 422: well-formed, but this relayer will not send it: it would revert, or pays too little.
  would_revert: 422,
  fee_too_low: 422,
  // 429 and 503: try again later (or elsewhere).
  rate_limited: 429,
  internal_error: 500,
  overloaded: 503,
  relay_budget_exhausted: 503,
  relayer_out_of_funds: 503,
  chain_unavailable: 503,
} as const;
export type RelayerErrorCode = keyof typeof relayerErrorStatus;

/** What the client reports when no relayer error body came back (network failure, foreign proxy). */
export type RelayerClientErrorCode = "unreachable" | "unexpected_response";

/** The custom error a simulation reverted with, decoded by the relayer from the contract's ABI. */
export type RelayerRevert = { name: string; args: string[] };

/**
 * A refusal from the relayer service, as the client reports it. Retryable for 429 and 503 and
 * when the relayer could not be reached; `revert` names the contract's custom error for
 * `would_revert` and `already_relayed` when a simulation found it.
 */
export class RelayerError extends LeaseholdError {
  readonly retryable: boolean;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: RelayerErrorCode | RelayerClientErrorCode;
  readonly revert: RelayerRevert | undefined;
  /** Seconds the relayer asked to wait (Retry-After), when it said. */
  readonly retryAfter: number | undefined;

  constructor(
    parameters: {
      status: number;
      code: RelayerErrorCode | RelayerClientErrorCode;
      message: string;
      revert?: RelayerRevert | undefined;
      retryAfter?: number | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(parameters.message, options);
    this.status = parameters.status;
    this.code = parameters.code;
    this.revert = parameters.revert;
    this.retryAfter = parameters.retryAfter;
    this.retryable = parameters.status === 0 || parameters.status === 429 || parameters.status === 503;
  }
}

export function isRelayerErrorCode(code: string): code is RelayerErrorCode {
  return Object.hasOwn(relayerErrorStatus, code);
}
