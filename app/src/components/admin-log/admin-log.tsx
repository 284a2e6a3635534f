"use client";
import { useState } from "react";
import { AddressLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { formatAmount, formatTimestamp, shortHex } from "@/lib/format";
import { fetchAdminLog, type IndexedAdminAction } from "@/lib/indexer-admin-log";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken } from "@/lib/use-stake-token";
import { TxLink } from "@/components/ui/tx-link";

const PAGE_SIZE = 50;

/** What each action means, in words, for people who do not read event names. */
const actionSummaries: Record<string, string> = {
  RoleGranted: "role granted",
  RoleRevoked: "role revoked",
  RoleAdminChanged: "role's admin changed",
  ReleaseApproved: "code release approved by governance",
  ReleaseRevoked: "code release revoked by the guardian (that release only)",
  CodeRevoked: "code revoked by the guardian, every release of it, for good",
  ReviewPolicyUpdated: "review window policy changed",
  PublicationBondUpdated: "publication bond changed",
  CallScheduled: "call scheduled in the timelock",
  CallExecuted: "timelocked call executed",
  Cancelled: "timelocked call cancelled",
  MinDelayChange: "timelock delay changed",
  VotingDelaySet: "voting delay changed",
  VotingPeriodSet: "voting period changed",
  ProposalThresholdSet: "proposal threshold changed",
  QuorumNumeratorUpdated: "quorum changed",
  TimelockChange: "governor's timelock changed",
  MinimumStakeUpdated: "minimum stake changed",
  UnbondingDelayUpdated: "unbonding delay changed",
  MaxTtlUpdated: "longest lease changed",
  ChallengeWindowUpdated: "challenge window changed",
  CollateralBpsUpdated: "collateral rate changed",
  PremiumBpsUpdated: "premium rate changed",
  InsuranceUpdated: "insurance address changed",
  JobDisputeSettled: "disputed job settled by the court",
  CooldownUpdated: "insurance redeem cooldown changed",
  ClaimFiled: "insurance claim filed",
  ClaimPaid: "insurance claim paid",
  ClaimCancelled: "insurance claim cancelled",
};

/** The public log of every privileged action, from the indexer, newest first. */
export function AdminLog() {
  const { deployment } = useRuntimeConfig();
  const [contract, setContract] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const snapshot = useIndexed(
    ["admin-log", contract, page],
    () => fetchAdminLog({ contract, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    true,
  );
  const actions = snapshot.data?.adminActions.items ?? [];
  const total = snapshot.data?.adminActions.totalCount ?? 0;
  const contracts = deployment ? Object.keys(deployment.contracts).sort() : [];

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Everyone</p>
        <h1>Admin log</h1>
        <p className="lead">
          Every privileged action on Leasehold: parameter changes, role grants and revocations, governance decisions
          executed through the timelock, and the guardian&apos;s revocations. Nobody, not even governance, can act
          without leaving a line here.
        </p>
      </header>
      <section className="card card--wide" aria-labelledby="log-heading">
        <div className="card__head">
          <h2 id="log-heading">Privileged actions</h2>
          <IndexedBadge snapshot={snapshot} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="log-contract">
            Contract
          </label>
          <select
            id="log-contract"
            value={contract ?? ""}
            onChange={(event) => {
              setContract(event.target.value || null);
              setPage(0);
            }}
            data-testid="log-contract"
          >
            <option value="">All contracts</option>
            {contracts.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {snapshot.error && !snapshot.data ? (
          <p className="notice notice--error" role="alert">
            The indexer could not be read: {snapshot.error.message}
          </p>
        ) : snapshot.loading ? (
          <p className="muted">Loading…</p>
        ) : actions.length === 0 ? (
          <p className="muted" data-testid="log-empty">
            No privileged action recorded{contract ? ` on ${contract}` : ""} yet.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="admin-log-table">
              <thead>
                <tr>
                  <th scope="col">When (chain time)</th>
                  <th scope="col">Contract</th>
                  <th scope="col">Action</th>
                  <th scope="col">By</th>
                  <th scope="col">Details</th>
                  <th scope="col">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {actions.map((action) => (
                  <LogRow key={action.id} action={action} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {total > PAGE_SIZE ? (
          <div className="button-row">
            <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span className="muted">
              {page * PAGE_SIZE + 1}–{Math.min(total, (page + 1) * PAGE_SIZE)} of {total}
            </span>
            <button
              type="button"
              className="button"
              disabled={(page + 1) * PAGE_SIZE >= total}
              onClick={() => setPage(page + 1)}
            >
              Older
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function LogRow({ action }: { action: IndexedAdminAction }) {
  return (
    <tr data-testid="admin-log-row" data-action={action.action} data-contract={action.contract}>
      <td className="nowrap">{formatTimestamp(action.timestamp)}</td>
      <td>{action.contract}</td>
      <td>
        <strong>{action.action}</strong>
        {actionSummaries[action.action] ? <div className="muted small">{actionSummaries[action.action]}</div> : null}
      </td>
      <td>{action.actor ? <AddressLink address={action.actor} /> : <span className="muted">not recorded</span>}</td>
      <td>
        <Details action={action.action} details={action.details} />
      </td>
      <td>
        <TxLink hash={action.transactionHash} />
      </td>
    </tr>
  );
}

/**
 * Which details are amounts, and of what: the stake token's (claims, bonds, the minimum stake,
 * the court's minimum bond) or ether (a timelocked call's value). The indexer keeps every amount
 * as a decimal string of base units; the log shows it with the token's decimals and symbol and
 * keeps the exact value in the title.
 */
const tokenAmountKeys = new Set([
  "amount",
  "reserved",
  "paid",
  "shortfall",
  "released",
  "bondRefunded",
  "bondForfeited",
  "bondMinimum",
]);
const tokenParameterActions = new Set(["MinimumStakeUpdated", "PublicationBondUpdated"]);

function amountUnit(action: string, key: string): "token" | "ether" | null {
  if (tokenAmountKeys.has(key)) return "token";
  if (tokenParameterActions.has(action) && (key === "old" || key === "new")) return "token";
  if ((action === "CallScheduled" || action === "CallExecuted") && key === "value") return "ether";
  return null;
}

function Details({ action, details }: { action: string; details: Record<string, unknown> }) {
  const token = useStakeToken();
  const entries = Object.entries(details ?? {}).filter(([key]) => !(key === "role" && "roleName" in details));
  if (entries.length === 0) return <span className="muted">–</span>;
  const amount = (key: string, value: unknown) => {
    const unit = amountUnit(action, key);
    if (!unit || typeof value !== "string" || !/^\d+$/.test(value)) return null;
    const text =
      unit === "ether" ? `${formatAmount(BigInt(value), 18)} ETH` : token ? token.format(BigInt(value)) : null;
    return text ? (
      <span title={`${value} base units`} data-testid="admin-log-amount">
        {text}
      </span>
    ) : null;
  };
  return (
    <dl className="facts small">
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: "contents" }}>
          <dt>{key === "roleName" ? "role" : key}</dt>
          <dd className={typeof value === "string" && value.startsWith("0x") ? "mono" : undefined}>
            {amount(key, value) ??
              (value !== null && typeof value === "object" && !Array.isArray(value) ? (
                <Details action={action} details={value as Record<string, unknown>} />
              ) : (
                show(value)
              ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function show(value: unknown): string {
  if (typeof value === "string") return /^0x[0-9a-f]{40,}$/i.test(value) ? shortHex(value, 10, 6) : value;
  if (value === null || value === undefined) return "–";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
