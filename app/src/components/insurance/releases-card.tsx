"use client";
import { insurancePoolAbi } from "@leasehold/sdk";
import { useReadContracts } from "wagmi";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { TxStatus } from "@/components/ui/tx-status";
import { formatAmount } from "@/lib/format";
import { fetchClaimShares, type IndexedClaimShare } from "@/lib/insurance-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useIndexed } from "@/lib/use-indexed";
import { useTokenFlow } from "@/lib/use-token-flow";
import type { PoolClaim } from "./claims-table";
import type { PoolAccountCardProps } from "./use-pool-reads";

/** The newest claims are read from the chain whatever the indexer says, so a lagging indexer hides nothing recent. */
const NEWEST_CLAIMS = 50n;
/** At most this many claims are read at once. */
const MAX_CLAIMS_READ = 200;

/**
 * The claims to read for an account, newest first: the newest ones, and every older one the
 * indexer says it held shares in and has not collected from.
 */
function claimIdsToRead(count: bigint, shares: readonly IndexedClaimShare[] | undefined): bigint[] {
  const ids = new Set<bigint>();
  for (let id = count; id >= 1n && id > count - NEWEST_CLAIMS; id--) ids.add(id);
  for (const share of shares ?? []) {
    const id = BigInt(share.claimId);
    if (share.collectedAt === null && share.part !== "0" && id <= count) ids.add(id);
  }
  return [...ids].sort((a, b) => (a > b ? -1 : 1)).slice(0, MAX_CLAIMS_READ);
}

/**
 * What the account gets back from claims: a claim's reservation belongs to those who held shares
 * when it was filed, so what it does not pay is theirs to collect, whatever they did with their
 * shares since. Read from the chain (`getClaim`, `sharesAtFiling`, `releasableOf`); the indexer
 * only points at older claims worth reading. Collecting takes every part at once
 * (`collectReleases`).
 */
export function ReleasesCard({ reads, token, account, writable }: PoolAccountCardProps) {
  const { chainId } = useRuntimeConfig();
  const flow = useTokenFlow();
  const pool = reads.pool!;
  const indexed = useIndexed(["claim-shares", account], () => fetchClaimShares(account), true);
  const ids = claimIdsToRead(reads.claimCount ?? 0n, indexed.data?.claimShares.items);
  const read = { address: pool, abi: insurancePoolAbi, chainId } as const;
  const results = useReadContracts({
    contracts: ids.flatMap((id) => [
      { ...read, functionName: "getClaim", args: [id] } as const,
      { ...read, functionName: "sharesAtFiling", args: [id, account] } as const,
      { ...read, functionName: "releasableOf", args: [id, account] } as const,
    ]),
    query: { enabled: ids.length > 0 },
  });
  const rows = ids.flatMap((id, i) => {
    const claim = results.data?.[3 * i]?.result as PoolClaim | undefined;
    const held = results.data?.[3 * i + 1]?.result as bigint | undefined;
    const releasable = results.data?.[3 * i + 2]?.result as bigint | undefined;
    if (!claim || held === undefined || releasable === undefined || held === 0n) return [];
    return [{ id, claim, held, releasable }];
  });
  const collectable = rows.filter((row) => row.releasable > 0n);
  const total = collectable.reduce((sum, row) => sum + row.releasable, 0n);
  const pending = rows.filter((row) => row.claim.status === 1);
  // The pool's virtual shares, 10^(share decimals - token decimals), share every reservation too.
  const virtualShares =
    reads.shareDecimals === undefined ? undefined : 10n ** BigInt(reads.shareDecimals - token.decimals);
  const shares = (value: bigint) =>
    reads.shareDecimals === undefined ? "…" : `${formatAmount(value, reads.shareDecimals)} shares`;
  const loading = reads.claimCount === undefined || (ids.length > 0 && results.isPending);

  const collect = () =>
    flow.run(
      [
        {
          label: `Collect ${token.format(total)}`,
          prepare: () => ({
            address: pool,
            abi: insurancePoolAbi,
            functionName: "collectReleases",
            args: [account, collectable.map((row) => row.id)],
          }),
        },
      ],
      { success: `Collected ${token.format(total)}.` },
    );

  return (
    <section className="card card--wide" aria-labelledby="releases-heading" data-testid="releases-card">
      <div className="card__head">
        <h2 id="releases-heading">Released to you</h2>
        <IndexedBadge snapshot={indexed} />
      </div>
      <p className="muted" data-testid="releases-rule">
        A claim&apos;s reservation belongs to those who held shares when it was filed: what the claim does not pay comes
        back to them, pro rata to the shares each held then, even after they redeemed or gave those shares away.
      </p>
      {loading ? (
        <p className="muted">Loading…</p>
      ) : collectable.length === 0 ? (
        <p className="muted" data-testid="releases-empty">
          Nothing to collect.
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="releases-table">
              <thead>
                <tr>
                  <th scope="col">Claim</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="num">
                    Your shares at filing
                  </th>
                  <th scope="col" className="num">
                    Your part
                  </th>
                </tr>
              </thead>
              <tbody>
                {collectable.map((row) => (
                  <tr key={row.id.toString()} data-testid={`release-row-${row.id}`}>
                    <th scope="row">#{row.id.toString()}</th>
                    <td>{row.claim.status === 2 ? "paid in part" : "cancelled"}</td>
                    <td className="num">{shares(row.held)}</td>
                    <td className="num" data-testid={`release-part-${row.id}`}>
                      {token.format(row.releasable)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            To collect: <strong data-testid="releases-total">{token.format(total)}</strong>
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={!writable || flow.busy}
            onClick={collect}
            data-testid="releases-collect"
          >
            {flow.busy ? "Collecting…" : "Collect"}
          </button>
        </>
      )}
      <TxStatus state={flow.state} testId="releases-tx" onDismiss={flow.reset} />
      {pending.length > 0 ? (
        <ul className="muted small" data-testid="releases-pending">
          {pending.map((row) => (
            <li key={row.id.toString()} data-testid={`release-pending-${row.id}`}>
              Claim #{row.id.toString()} is pending
              {virtualShares === undefined
                ? "."
                : `: your part of its reservation, ${token.format(
                    (row.claim.reserved * row.held) / (row.claim.supplyAtFiling + virtualShares),
                  )}, comes back to you as far as the claim does not pay it.`}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
