"use client";
import { leaseRegistryAbi } from "@leasehold/sdk/abis";
import { useState } from "react";
import { useConfig } from "wagmi";
import { AgentLink, LeaseLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { TxStatus } from "@/components/ui/tx-status";
import { agentOffer, nameOf } from "@/lib/agent-offers";
import { markUploaded } from "@/lib/content-keys";
import { formatDuration, formatTimestamp, shortHex } from "@/lib/format";
import { describeGatewayError } from "@/lib/gateway-messages";
import { authorizeLease, cachedLeaseTokens, uploadContext } from "@/lib/gateway-session";
import type { IndexedLease, OwnerSnapshot } from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { IndexedState } from "@/lib/use-indexed";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { leaseState, type LeaseState } from "./lease-state";
import type { ContentKeysState } from "./use-content-keys";

const statePill: Record<LeaseState, string> = { live: "pill--live", expired: "pill--muted", revoked: "pill--warn" };

/** The owner's leases from the indexer, live state on chain time, with revoke and upload retry. */
export function LeasesTable({
  snapshot,
  keys,
  token,
  writable,
  onOpenJob,
}: {
  snapshot: IndexedState<OwnerSnapshot>;
  keys: ContentKeysState;
  token: StakeToken;
  writable: boolean;
  onOpenJob: (leaseId: string) => void;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  const flow = useTokenFlow();
  const now = useChainNow();
  const [revoking, setRevoking] = useState<string | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadResult, setUploadResult] = useState<{ ok: boolean; message: string } | null>(null);
  const leases = snapshot.data?.leases.items ?? [];
  const agents = snapshot.data?.agents.items ?? [];

  const revoke = async (lease: IndexedLease) => {
    setRevoking(null);
    await flow.run(
      [
        {
          label: `Revoke lease #${lease.id}`,
          prepare: () => ({
            address: deployment!.contracts.LeaseRegistry.address,
            abi: leaseRegistryAbi,
            functionName: "revoke",
            args: [BigInt(lease.id)],
          }),
        },
      ],
      { success: `Lease #${lease.id} is revoked: no new job can run under it.` },
    );
  };

  const upload = async (lease: IndexedLease) => {
    const record = keys.byContentId.get(lease.contextId.toLowerCase());
    if (!record?.envelope) return;
    setUploading(lease.id);
    setUploadResult(null);
    try {
      const leaseId = BigInt(lease.id);
      const tokens =
        cachedLeaseTokens(chainId, deployment!, leaseId) ??
        (await authorizeLease({ wagmiConfig, chainId, deployment: deployment!, leaseId }));
      await uploadContext({ leaseId, envelope: record.envelope, token: tokens.upload });
      await markUploaded(record.contentId);
      await keys.refresh();
      setUploadResult({ ok: true, message: `The context of lease #${lease.id} is with the worker.` });
    } catch (error) {
      setUploadResult({ ok: false, message: describeGatewayError(error) });
    } finally {
      setUploading(null);
    }
  };

  return (
    <section className="card card--wide" aria-labelledby="leases-heading" data-testid="leases-card">
      <div className="card__head">
        <h2 id="leases-heading">Your leases</h2>
        <IndexedBadge snapshot={snapshot} />
      </div>
      {snapshot.error && !snapshot.data ? (
        <p className="notice notice--warning">
          The indexer is not answering ({snapshot.error.message}); your leases will appear when it does.
        </p>
      ) : leases.length === 0 ? (
        <p className="muted" data-testid="leases-empty">
          {snapshot.loading ? "Loading…" : "No leases yet. Lend a context with the form above."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="leases-table">
            <thead>
              <tr>
                <th scope="col">Lease</th>
                <th scope="col">Agent and scope</th>
                <th scope="col">Context</th>
                <th scope="col">Expires (chain time)</th>
                <th scope="col" className="num">
                  Fee cap
                </th>
                <th scope="col" className="num">
                  Jobs
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {leases.map((lease) => {
                const state = leaseState(lease, now);
                const agent = agents.find((candidate) => candidate.id === lease.agentId);
                const offer = agent ? agentOffer(agent) : null;
                const scope = nameOf(lease.scopeHash, offer?.scopes ?? []);
                const record = keys.byContentId.get(lease.contextId.toLowerCase());
                const remaining = Number(lease.expiry) - now;
                return (
                  <tr key={lease.id} data-testid={`lease-row-${lease.id}`} data-state={state}>
                    <th scope="row">
                      <LeaseLink id={lease.id} />
                    </th>
                    <td>
                      <AgentLink id={lease.agentId} />
                      {offer?.name ? <span className="muted"> {offer.name}</span> : null}
                      <div
                        className="truncate mono muted small"
                        title={`${scope ?? "unnamed scope"}: ${lease.scopeHash}`}
                        data-testid={`lease-scope-${lease.id}`}
                      >
                        {scope ?? shortHex(lease.scopeHash, 10, 4)}
                      </div>
                    </td>
                    <td title={lease.contextId}>
                      {record ? (
                        <>
                          {record.label}
                          {!record.uploaded ? <span className="pill pill--warn"> not uploaded</span> : null}
                        </>
                      ) : (
                        <span className="pill pill--warn" title="This browser holds no content key for this context">
                          key not here
                        </span>
                      )}
                      <div className="mono muted small">{shortHex(lease.contextId, 10, 4)}</div>
                    </td>
                    <td className="nowrap">
                      {formatTimestamp(lease.expiry)}
                      {state === "live" ? <div className="muted small">in {formatDuration(remaining)}</div> : null}
                    </td>
                    <td className="num">{token.format(BigInt(lease.fee))}</td>
                    <td className="num">{lease.jobCount}</td>
                    <td>
                      <span className={`pill ${statePill[state]}`} data-testid={`lease-state-${lease.id}`}>
                        {state === "live" ? "Live" : state === "expired" ? "Expired" : "Revoked"}
                      </span>
                    </td>
                    <td className="actions">
                      {state !== "live" ? null : revoking === lease.id ? (
                        <span className="button-row">
                          <button
                            type="button"
                            className="button button--danger button--small"
                            onClick={() => revoke(lease)}
                            disabled={!writable || flow.busy}
                            data-testid={`lease-revoke-confirm-${lease.id}`}
                          >
                            Revoke for good
                          </button>
                          <button
                            type="button"
                            className="button button--ghost button--small"
                            onClick={() => setRevoking(null)}
                          >
                            Keep
                          </button>
                        </span>
                      ) : (
                        <span className="button-row">
                          {record?.envelope && !record.uploaded ? (
                            <button
                              type="button"
                              className="button button--small"
                              onClick={() => upload(lease)}
                              disabled={!writable || uploading !== null}
                              data-testid={`lease-upload-${lease.id}`}
                            >
                              {uploading === lease.id ? "Uploading…" : "Upload context"}
                            </button>
                          ) : null}
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => onOpenJob(lease.id)}
                            disabled={!writable}
                            data-testid={`lease-open-job-${lease.id}`}
                          >
                            Open a job
                          </button>
                          <button
                            type="button"
                            className="button button--ghost button--small"
                            onClick={() => setRevoking(lease.id)}
                            disabled={!writable}
                            data-testid={`lease-revoke-${lease.id}`}
                          >
                            Revoke
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <TxStatus state={flow.state} testId="lease-action-tx" onDismiss={flow.reset} />
      {uploadResult ? (
        <p
          className={uploadResult.ok ? "notice notice--success" : "notice notice--error"}
          role={uploadResult.ok ? "status" : "alert"}
          data-testid={uploadResult.ok ? "lease-upload-success" : "lease-upload-error"}
        >
          {uploadResult.message}
        </p>
      ) : null}
    </section>
  );
}
