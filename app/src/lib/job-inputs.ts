"use client";
/**
 * A job's input (parameters for the agent, JSON) between opening the job and handing it over.
 * The owner types it when opening the job; the job page seals it with the content key for that
 * job (sdk sealJobInput) and uploads it just before the sealed key, then forgets it. Kept in
 * this browser's localStorage in the meantime, so the job page in another tab finds it too.
 */
const prefix = "leasehold.job-input";
/** The gateway's limit on a sealed input's plaintext. */
export const MAX_JOB_INPUT_BYTES = 256 * 1024;

const storageKey = (chainId: number, jobId: bigint) => `${prefix}.${chainId}.${jobId}`;

export function saveJobInput(chainId: number, jobId: bigint, json: string): void {
  localStorage.setItem(storageKey(chainId, jobId), json);
}

export function pendingJobInput(chainId: number, jobId: bigint): string | null {
  return typeof localStorage === "undefined" ? null : localStorage.getItem(storageKey(chainId, jobId));
}

export function forgetJobInput(chainId: number, jobId: bigint): void {
  localStorage.removeItem(storageKey(chainId, jobId));
}
