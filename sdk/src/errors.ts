/**
 * Leasehold's error family. Every error carries a short message, a stable `name` and an optional
 * cause, and says whether retrying the same operation can succeed, so loops decide by type and
 * never by matching strings.
 */
export abstract class LeaseholdError extends Error {
  /** Whether the same call may succeed later (a node restarting, a file not written yet). */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that can never become valid by retrying: fix the input. */
export class InvalidInputError extends LeaseholdError {
  readonly retryable = false;
}

/** A deployment record is missing or malformed for the requested chain. */
export class DeploymentNotFoundError extends LeaseholdError {
  readonly retryable = true;
}

/** A deployment record exists but does not pass validation. */
export class InvalidDeploymentError extends LeaseholdError {
  readonly retryable = false;
}
