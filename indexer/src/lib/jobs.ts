/** JobEscrow's job statuses as the indexer names them. */
import { InvalidInputError } from "@leasehold/sdk";
import { jobStatus } from "../../ponder.schema.ts";

export type JobStatusName = (typeof jobStatus.enumValues)[number];

/**
 * IJobEscrow.JobStatus in declaration order, lowercased: the schema's enum is the one list. `None`
 * (0) is the status of a job that does not exist, so no event carries it. A unit test reads the
 * enum from IJobEscrow.sol.
 */
export const jobStatusNames: readonly JobStatusName[] = jobStatus.enumValues;

/** The name of the contract's `JobStatus` value. */
export function jobStatusName(value: number): JobStatusName {
  const name = jobStatusNames[value - 1];
  if (name === undefined) throw new InvalidInputError(`No job status ${value}`);
  return name;
}

/** Statuses after which nothing about the job changes any more. */
export const settledJobStatuses: readonly JobStatusName[] = [
  "paid",
  "cancelled",
  "expired",
  "refused",
  "voided",
  "rejected",
];

/** The contract's zero value for "not set yet", as null. */
export function nonZero<T extends bigint | string>(value: T): T | null {
  if (typeof value === "bigint") return value === 0n ? null : value;
  return /^0x0*$/.test(value) ? null : value;
}
