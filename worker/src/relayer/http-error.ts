import { relayerErrorStatus, type RelayerErrorCode, type RelayerRevert } from "@leasehold/sdk/relayer";

/**
 * A refusal the relayer answers with `{ error: { code, message, revert? } }` and the code's
 * status (sdk relayerErrorStatus). Messages never carry a proof or anything about the caller.
 */
export class RelayerHttpError extends Error {
  readonly code: RelayerErrorCode;
  readonly statusCode: number;
  readonly revert: RelayerRevert | undefined;
  /** Seconds, sent as Retry-After. */
  readonly retryAfter: number | undefined;

  constructor(
    code: RelayerErrorCode,
    message: string,
    options: { revert?: RelayerRevert; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "RelayerHttpError";
    this.code = code;
    this.statusCode = relayerErrorStatus[code];
    this.revert = options.revert;
    this.retryAfter = options.retryAfter;
  }
}
