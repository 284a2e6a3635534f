import { gatewayErrorStatus, type GatewayErrorCode } from "@leasehold/sdk/gateway";

/**
 * A refusal the gateway answers with `{ error: { code, message, correlationId } }` and the code's
 * status (sdk gatewayErrorStatus). Messages are for the caller: they never carry a token, a body
 * or anything personal. `auth` marks refusals of credentials (counted as auth failures).
 */
export class GatewayHttpError extends Error {
  readonly code: GatewayErrorCode;
  readonly statusCode: number;
  readonly auth: boolean;
  /** Seconds, sent as Retry-After. */
  readonly retryAfter: number | undefined;

  constructor(
    code: GatewayErrorCode,
    message: string,
    options: { auth?: boolean; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "GatewayHttpError";
    this.code = code;
    this.statusCode = gatewayErrorStatus[code];
    this.auth = options.auth ?? false;
    this.retryAfter = options.retryAfter;
  }
}
