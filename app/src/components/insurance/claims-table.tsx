"use client";
import { insurancePoolAbi } from "@leasehold/sdk";
import { disputeRef } from "@leasehold/sdk/court";
import Link from "next/link";
import type { Hex } from "viem";
import { useReadContracts } from "wagmi";
import { AddressLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { formatTimestamp, shortHex } from "@/lib/format";
import { fetchClaimDisputes, type ClaimDispute } from "@/lib/insurance-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useIndexed } from "@/lib/use-indexed";
import type { StakeToken } from "@/lib/use-stake-token";
import type { PoolReads } from "./use-pool-reads";

/** How many of the newest claims the table reads. */
const CLAIMS_SHOWN = 50;

/** IInsurancePool.ClaimStatus. */
const statusNames = ["None", "Pending", "Paid", "Cancelled"] as const;
const statusTone = ["pill--muted", "pill--pending", "pill--live", "pill--muted"] as const;

/** IInsurancePool.Claim as `getClaim` returns it. */
export interface PoolClaim {
  recipient: Hex;
  filedAt: bigint;
  status: number;
  amount: bigint;
  reserved: bigint;
  paid: bigint;
  released: bigint;
  supplyAtFiling: bigint;
  uncollected: bigint;
  ref: Hex;
}

/**
 * Claims on the pool, newest first, read from the chain (`getClaim`), each linked to the dispute
 * it was filed for: the indexer names the dispute whose reference the claim carries, and the page
 * checks that reference against `disputeRef` before linking.
 */
export function ClaimsTable({ reads, token }: { reads: PoolReads; token: StakeToken }) {
  const { chainId } = useRuntimeConfig();
  const count = reads.claimCount ?? 0n;
  const ids: bigint[] = [];
  for (let id = count; id >= 1n && ids.length < CLAIMS_SHOWN; id--) ids.push(id);
  const claims = useReadContracts({
    contracts: ids.map((id) => ({
      address: reads.pool,
      abi: insurancePoolAbi,
      functionName: "getClaim",
      args: [id],
      chainId,
    })),
    query: { enabled: ids.length > 0 },
  });
  const rows = ids.flatMap((id, i) => {
    const claim = claims.data?.[i]?.result as PoolClaim | undefined;
    return claim ? [{ id, ...claim }] : [];
  });
  const refs = rows.map((row) => row.ref);
  const disputes = useIndexed(["claim-disputes", ...refs], () => fetchClaimDisputes(refs), refs.length > 0);
  const disputeOf = (ref: Hex) =>
    disputes.data?.disputes.items.find(
      (dispute) =>
        dispute.ref.toLowerCase() === ref.toLowerCase() && disputeRef(BigInt(dispute.id)) === ref.toLowerCase(),
    ) ?? null;

  return (
    <section className="card card--wide" aria-labelledby="claims-heading" data-testid="claims-card">
      <div className="card__head">
        <h2 id="claims-heading">Claims</h2>
        {refs.length > 0 ? <IndexedBadge snapshot={disputes} /> : null}
      </div>
      <div className="muted stack" data-testid="claims-rule">
        <p>
          When a client disputes a job, the compensation it would be owed is backed in three layers, in this order: the
          job&apos;s collateral, locked by the operator when it accepted the job; then the operator&apos;s own stake,
          which the court locks up to what the collateral leaves uncovered; and only then the pool, through a claim for
          the rest (the insured gap). The court files that claim when the dispute opens, and the pool reserves its
          amount at once, so nobody can leave the pool ahead of it.
        </p>
        <p>
          If the client wins, the operator is slashed first, and the claim pays only what the slash fell short of. If
          the slash covers the whole compensation, or the agent wins, the claim is not needed: it is cancelled and its
          reservation released. Whatever a claim reserved and did not pay goes back to those who held shares when it was
          filed. The pool never pays the court&apos;s fees; a shortfall is what was asked and the pool could not cover.
        </p>
      </div>
      {reads.claimCount === undefined ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 && count === 0n ? (
        <p className="muted" data-testid="claims-empty">
          No claims yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="claims-table">
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Reserved
                </th>
                <th scope="col" className="num">
                  Paid
                </th>
                <th scope="col" className="num">
                  Released
                </th>
                <th scope="col" className="num">
                  Shortfall
                </th>
                <th scope="col">Recipient</th>
                <th scope="col">Dispute</th>
                <th scope="col">Filed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((claim) => {
                const dispute = disputeOf(claim.ref);
                const disputeId = dispute?.id ?? null;
                return (
                  <tr
                    key={claim.id.toString()}
                    data-testid={`claim-row-${claim.id}`}
                    data-status={statusNames[claim.status]}
                  >
                    <th scope="row">#{claim.id.toString()}</th>
                    <td>
                      <span className={`pill ${statusTone[claim.status] ?? "pill--muted"}`}>
                        {statusNames[claim.status] ?? claim.status}
                      </span>
                      <div className="small muted" data-testid={`claim-why-${claim.id}`}>
                        {claimWhy(claim, dispute, token)}
                      </div>
                    </td>
                    <td className="num">{token.format(claim.amount)}</td>
                    <td className="num">{token.format(claim.reserved)}</td>
                    <td className="num" data-testid={`claim-paid-${claim.id}`}>
                      {claim.status === 2 ? token.format(claim.paid) : "—"}
                    </td>
                    <td className="num" data-testid={`claim-released-${claim.id}`}>
                      {claim.status === 1 ? "—" : token.format(claim.released)}
                    </td>
                    <td className="num">
                      {claim.status === 3
                        ? "—"
                        : token.format(claim.amount - (claim.status === 2 ? claim.paid : claim.reserved))}
                    </td>
                    <td>
                      <AddressLink address={claim.recipient} />
                    </td>
                    <td>
                      {disputeId ? (
                        <Link href={`/court/disputes/${disputeId}`} data-testid={`claim-dispute-${claim.id}`}>
                          Dispute #{disputeId}
                        </Link>
                      ) : (
                        <span className="mono muted" title={claim.ref}>
                          {shortHex(claim.ref)}
                        </span>
                      )}
                    </td>
                    <td className="nowrap">{formatTimestamp(claim.filedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Why a claim stands as it does, in words: from the claim (chain) and its dispute (indexer). The
 * court cancels a claim it does not need (IDisputeCourt, "Backing the compensation"): the agent
 * won, the slash covered the compensation, or the escrow had released the job by its own timeout.
 */
function claimWhy(claim: PoolClaim, dispute: ClaimDispute | null, token: StakeToken): string {
  const reserved = token.format(claim.reserved);
  if (claim.status === 1) return `Reserved (${reserved}) while the dispute runs: the slash comes first at the ruling.`;
  if (claim.status === 2) {
    const short =
      dispute?.slashed != null
        ? `slashing the operator gave ${token.format(BigInt(dispute.slashed))}, short of the compensation`
        : "the operator's slash fell short of the compensation";
    return `Paid: the client won and ${short}; the pool paid the rest.`;
  }
  if (claim.status !== 3) return "";
  if (!dispute || dispute.phase !== "executed")
    return `Cancelled, not needed: its reservation (${reserved}) was released.`;
  if (dispute.ruling === "agent")
    return `Cancelled, not needed: the agent won, so no compensation was owed; ${reserved} released.`;
  const slashed = BigInt(dispute.slashed ?? "0");
  if (slashed >= BigInt(dispute.compensation) && slashed > 0n) {
    return `Cancelled, not needed: the client won and slashing the operator (${token.format(slashed)}) covered the compensation; ${reserved} released.`;
  }
  return `Cancelled, not needed: the escrow had already released the job by its timeout, so the ruling moved only the bonds; ${reserved} released.`;
}
