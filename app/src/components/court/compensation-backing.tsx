"use client";
import { compensationBacking } from "@/lib/court-phase";
import type { StakeToken } from "@/lib/use-stake-token";
import type { DisputeRecord } from "./use-dispute";

/**
 * The three layers behind the compensation: the job's collateral, the operator's stake the court
 * locked at opening, and the insured gap its claim covers.
 */
export function CompensationBacking({
  dispute,
  collateral,
  token,
}: {
  dispute: Pick<DisputeRecord, "compensation" | "operatorLock" | "claimId">;
  collateral: bigint | undefined;
  token: StakeToken;
}) {
  if (dispute.compensation === 0n) return <>nothing to back: no compensation is owed</>;
  if (collateral === undefined) return <>…</>;
  const backing = compensationBacking({
    compensation: dispute.compensation,
    collateral,
    operatorLock: dispute.operatorLock,
  });
  return (
    <>
      {token.format(backing.collateral)} of the job&apos;s collateral,{" "}
      <span data-testid="dispute-operator-lock">{token.format(backing.operatorLock)}</span> of the operator&apos;s stake
      locked by the court, and an insured gap of{" "}
      <span data-testid="dispute-insured-gap">{token.format(backing.insuredGap)}</span>
      {dispute.claimId === 0n ? (
        <span className="muted"> (no insurance claim needed)</span>
      ) : (
        <span className="muted"> covered by insurance claim #{dispute.claimId.toString()}</span>
      )}
    </>
  );
}
