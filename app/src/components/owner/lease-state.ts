import type { IndexedLease } from "@/lib/indexer-jobs";

export type LeaseState = "live" | "expired" | "revoked";

/** As LeaseRegistry.isLive decides it (scope aside): not revoked and chain time before expiry. */
export function leaseState(lease: Pick<IndexedLease, "status" | "expiry">, chainNow: number): LeaseState {
  if (lease.status === "revoked") return "revoked";
  return chainNow < Number(lease.expiry) ? "live" : "expired";
}
