"use client";
import { insurancePoolAbi } from "@leasehold/sdk";
import { disputeRef } from "@leasehold/sdk/court";
import Link from "next/link";
import type { Hex } from "viem";
import { useReadContracts } from "wagmi";
import { AddressLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { formatTimestamp, shortHex } from "@/lib/format";
import { fetchClaimDisputes } from "@/lib/insurance-data";
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
  const disputeOf = (ref: Hex) => {
    const match = disputes.data?.disputes.items.find(
      (dispute) =>
        dispute.ref.toLowerCase() === ref.toLowerCase() && disputeRef(BigInt(dispute.id)) === ref.toLowerCase(),
    );
    return match?.id ?? null;
  };

  return (
    <section className="card card--wide" aria-labelledby="claims-heading" data-testid="claims-card">
      <div className="card__head">
        <h2 id="claims-heading">Claims</h2>
        {refs.length > 0 ? <IndexedBadge snapshot={disputes} /> : null}
      </div>
      <p className="muted">
        The court files a claim when a dispute opens and reserves its amount at once; it pays the claim (in part when
        the operator&apos;s stake covers the rest) if the client wins and cancels it if the agent does. A shortfall is
        what was asked and not covered; what a claim reserved and did not pay is released to those who held shares when
        it was filed.
      </p>
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
                const disputeId = disputeOf(claim.ref);
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
