import { LeaseholdError } from "@leasehold/sdk";
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  WebSocketRequestError,
} from "viem";

/** The node could not be reached or did not answer in time; the same call may succeed later. */
export class ChainUnavailableError extends LeaseholdError {
  readonly retryable = true;
}

/**
 * A contract refused the call. Retrying the same call against the same state fails the same way;
 * `errorName` is the decoded custom error (e.g. `JobEscrowLeaseNotLive`) so callers branch on it.
 */
export class ContractRevertError extends LeaseholdError {
  readonly retryable = false;
  readonly errorName: string | undefined;
  readonly args: readonly unknown[];

  constructor(errorName: string | undefined, args: readonly unknown[], options?: { cause?: unknown }) {
    super(`Contract reverted${errorName ? ` with ${errorName}` : ""}`, options);
    this.errorName = errorName;
    this.args = args;
  }
}

/** Anything else the node answered with (a malformed call, a nonce clash): not retryable as is. */
export class ChainCallError extends LeaseholdError {
  readonly retryable = false;
}

export type ChainErrorType = ChainUnavailableError | ContractRevertError | ChainCallError;

/** Maps whatever viem threw to one of the three classes above. */
export function toChainError(error: unknown, what: string): ChainErrorType {
  if (
    error instanceof ChainUnavailableError ||
    error instanceof ContractRevertError ||
    error instanceof ChainCallError
  ) {
    return error;
  }
  if (error instanceof BaseError) {
    const reverted = error.walk((inner) => inner instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      return new ContractRevertError(reverted.data?.errorName ?? reverted.reason, reverted.data?.args ?? [], {
        cause: error,
      });
    }
    const unavailable = error.walk(
      (inner) =>
        inner instanceof HttpRequestError ||
        inner instanceof WebSocketRequestError ||
        inner instanceof TimeoutError ||
        inner instanceof WaitForTransactionReceiptTimeoutError ||
        inner instanceof TransactionReceiptNotFoundError,
    );
    if (unavailable) return new ChainUnavailableError(`${what}: node unavailable`, { cause: error });
    if (error.walk((inner) => inner instanceof RpcRequestError)) {
      return new ChainCallError(`${what}: node refused the request`, { cause: error });
    }
  }
  return new ChainCallError(`${what} failed`, { cause: error });
}
