import { LeaseholdError } from "@leasehold/sdk";

/*
 * The worker's errors. Each says whether retrying the same call can succeed, so the worker's loops
 * decide by type. An agent that misbehaves is not an error: the sandbox reports it as an outcome
 * (Failed, BudgetExhausted) that goes into the receipt.
 */

/** A sandbox parameter can never be valid (bundle too large, limit out of range, input not JSON). */
export class SandboxParameterError extends LeaseholdError {
  readonly retryable = false;
}

/** The sandbox could not start (QuickJS failed to load, a thread failed to spawn); try again. */
export class SandboxUnavailableError extends LeaseholdError {
  readonly retryable = true;
}

/** An agent bundle is not in the manifest, or its bytes do not match the recorded code hash. */
export class AgentBundleError extends LeaseholdError {
  readonly retryable = false;
}

/** Another live process holds the data folder's lock; retry once it has stopped. */
export class DataDirLockedError extends LeaseholdError {
  readonly retryable = true;
}

/**
 * A log file is damaged before its tail (a bad record followed by more data) or holds a record
 * this version cannot read. Recovery never drops such data silently: an operator must look.
 */
export class LogCorruptError extends LeaseholdError {
  readonly retryable = false;
}

/**
 * A write or fsync failed. The log refuses further appends, since after a failed fsync the page
 * cache can no longer be trusted; reopening it (which recovers from disk) may succeed.
 */
export class LogUnavailableError extends LeaseholdError {
  readonly retryable = true;
}

/** The journal refused a transition that would break its rules (a second receipt for a job, a receipt without begin). */
export class JournalStateError extends LeaseholdError {
  readonly retryable = false;
}

/** An audit entry is malformed (unknown action shape, nested or oversized details). */
export class InvalidAuditEntryError extends LeaseholdError {
  readonly retryable = false;
}

/** The audit chain on disk does not verify: an entry was edited, removed or reordered. */
export class AuditChainBrokenError extends LeaseholdError {
  readonly retryable = false;
}

/** The policy engine could not evaluate (malformed policy text, an attribute error): a bug, not a denial. */
export class PolicyEngineError extends LeaseholdError {
  readonly retryable = false;
}

/** The content store has no object under that id yet (the owner has not uploaded it); try again later. */
export class StoreObjectMissingError extends LeaseholdError {
  readonly retryable = true;
}

/** A stored object does not hash to its id, or its name is not a valid id. */
export class StoreIntegrityError extends LeaseholdError {
  readonly retryable = false;
}

/** The job is not this worker's to process (another agent's, or in a state the worker cannot act on). */
export class JobNotProcessableError extends LeaseholdError {
  readonly retryable = false;
}
