"use client";
import { agentRegistryAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import type { Hex } from "viem";
import { useReadContract } from "wagmi";
import { AgentLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { TxStatus } from "@/components/ui/tx-status";
import { formatTimestamp, shortHex } from "@/lib/format";
import { describeIdentityProofError } from "@/lib/identity-proof-messages";
import type { IndexedAgent } from "@/lib/indexer";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { parseIdentity } from "@/lib/validation";
import { PrivateKeyReveal } from "./identity-key";
import { IdentityProofField, useIdentityProof, type IdentityProofArgs } from "./identity-proof";
import { useStakerFlow } from "./use-describe";
import type { StakerSnapshotState } from "./use-staker-snapshot";

/** The operator's agents as the indexer knows them, with activity read live from the chain. */
export function AgentsTable({ snapshot, writable }: { snapshot: StakerSnapshotState; writable: boolean }) {
  const { deployment } = useRuntimeConfig();
  const flow = useStakerFlow();
  const [rotating, setRotating] = useState<string | null>(null);
  const [retiring, setRetiring] = useState<string | null>(null);
  const registry = deployment!.contracts.AgentRegistry.address;
  const agents = snapshot.data?.agents.items ?? [];

  const retire = async (agent: IndexedAgent) => {
    setRetiring(null);
    await flow.run(
      [
        {
          label: `Retire agent #${agent.id}`,
          prepare: () => ({
            address: registry,
            abi: agentRegistryAbi,
            functionName: "retire",
            args: [BigInt(agent.id)],
          }),
        },
      ],
      { success: `Agent #${agent.id} is retired.` },
    );
  };

  const rotate = async (agent: IndexedAgent, identity: Hex, proof: IdentityProofArgs) => {
    const ok = await flow.run(
      [
        {
          label: `Rotate the identity of agent #${agent.id}`,
          prepare: () => ({
            address: registry,
            abi: agentRegistryAbi,
            functionName: "rotateIdentity",
            args: [BigInt(agent.id), identity, ...proof],
          }),
        },
      ],
      { success: `Agent #${agent.id} now signs as ${shortHex(identity)}.` },
    );
    if (ok) setRotating(null);
  };

  return (
    <section className="card card--wide" aria-labelledby="agents-heading" data-testid="agents-card">
      <div className="card__head">
        <h2 id="agents-heading">Your agents</h2>
        <IndexedBadge snapshot={snapshot} />
      </div>
      {snapshot.error && !snapshot.data ? (
        <p className="notice notice--warning" data-testid="agents-indexer-error">
          The indexer is not answering ({snapshot.error.message}); your agents will appear when it does.
        </p>
      ) : agents.length === 0 ? (
        <p className="muted" data-testid="agents-empty">
          {snapshot.loading ? "Loading…" : "No agents yet. Register one with the form above."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Identity</th>
                <th scope="col">Code hash</th>
                <th scope="col">Metadata</th>
                <th scope="col">Status</th>
                <th scope="col">Registered</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <AgentRow
                  key={agent.id}
                  agent={agent}
                  writable={writable && !flow.busy}
                  rotating={rotating === agent.id}
                  retiring={retiring === agent.id}
                  onRotate={() => setRotating(rotating === agent.id ? null : agent.id)}
                  onRotateSubmit={(identity, proof) => rotate(agent, identity, proof)}
                  onRetire={() => setRetiring(agent.id)}
                  onRetireCancel={() => setRetiring(null)}
                  onRetireConfirm={() => retire(agent)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TxStatus state={flow.state} testId="agent-action-tx" onDismiss={flow.reset} />
    </section>
  );
}

function AgentRow(props: {
  agent: IndexedAgent;
  writable: boolean;
  rotating: boolean;
  retiring: boolean;
  onRotate: () => void;
  onRotateSubmit: (identity: Hex, proof: IdentityProofArgs) => void;
  onRetire: () => void;
  onRetireCancel: () => void;
  onRetireConfirm: () => void;
}) {
  const { agent } = props;
  const retired = agent.status === "retired";
  return (
    <>
      <tr data-testid={`agent-row-${agent.id}`}>
        <th scope="row">
          <AgentLink id={agent.id} />
        </th>
        <td className="mono" title={agent.identity}>
          {shortHex(agent.identity)}
        </td>
        <td className="mono" title={agent.codeHash}>
          {shortHex(agent.codeHash, 10, 4)}
        </td>
        <td className="truncate" title={agent.metadataUri}>
          {agent.metadataUri || <span className="muted">—</span>}
        </td>
        <td>
          <AgentStatus agent={agent} />
        </td>
        <td className="nowrap">{formatTimestamp(agent.registeredAt)}</td>
        <td className="actions">
          {retired ? null : props.retiring ? (
            <span className="button-row">
              <button
                type="button"
                className="button button--danger button--small"
                onClick={props.onRetireConfirm}
                disabled={!props.writable}
                data-testid={`agent-retire-confirm-${agent.id}`}
              >
                Retire for good
              </button>
              <button type="button" className="button button--ghost button--small" onClick={props.onRetireCancel}>
                Keep
              </button>
            </span>
          ) : (
            <span className="button-row">
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={props.onRotate}
                disabled={!props.writable}
                aria-expanded={props.rotating}
                data-testid={`agent-rotate-${agent.id}`}
              >
                Rotate key
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={props.onRetire}
                disabled={!props.writable}
                data-testid={`agent-retire-${agent.id}`}
              >
                Retire
              </button>
            </span>
          )}
        </td>
      </tr>
      {props.rotating && !retired ? (
        <tr className="table__detail">
          <td colSpan={7}>
            <RotateForm agentId={agent.id} writable={props.writable} onSubmit={props.onRotateSubmit} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function AgentStatus({ agent }: { agent: IndexedAgent }) {
  const { deployment, chainId } = useRuntimeConfig();
  const retired = agent.status === "retired";
  const active = useReadContract({
    address: deployment!.contracts.AgentRegistry.address,
    abi: agentRegistryAbi,
    functionName: "isActive",
    args: [BigInt(agent.id)],
    chainId,
    query: { enabled: !retired },
  });
  if (retired)
    return (
      <span className="pill pill--muted" data-testid={`agent-status-${agent.id}`}>
        Retired
      </span>
    );
  if (active.data === undefined)
    return (
      <span className="pill pill--muted" data-testid={`agent-status-${agent.id}`}>
        Registered
      </span>
    );
  return active.data ? (
    <span
      className="pill pill--live"
      data-testid={`agent-status-${agent.id}`}
      title="Registered and its operator meets the minimum stake"
    >
      Active
    </span>
  ) : (
    <span
      className="pill pill--warn"
      data-testid={`agent-status-${agent.id}`}
      title="Registered, but its operator's free stake is below the minimum"
    >
      Inactive
    </span>
  );
}

/** A new identity for the agent, with its key's proof for this agent (made here, or pasted from the worker). */
function RotateForm({
  agentId,
  writable,
  onSubmit,
}: {
  agentId: string;
  writable: boolean;
  onSubmit: (identity: Hex, proof: IdentityProofArgs) => void;
}) {
  const [identity, setIdentity] = useState("");
  const [generated, setGenerated] = useState<{ privateKey: Hex; address: Hex } | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const identityProof = useIdentityProof();
  const [proving, setProving] = useState(false);
  const [proofRefusal, setProofRefusal] = useState<string | null>(null);
  const check = parseIdentity(identity);
  const error = (submitted || identity !== "") && !check.ok ? check.message : null;
  const proofProblem = check.ok ? identityProof.check(check.value) : null;
  const proofError = proofRefusal ?? ((submitted || identityProof.pasted !== "") && proofProblem ? proofProblem : null);
  const id = `rotate-identity-${agentId}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setProofRefusal(null);
    if (!check.ok || proofProblem) return;
    setProving(true);
    try {
      onSubmit(check.value, await identityProof.prove(check.value, BigInt(agentId)));
    } catch (refusal) {
      setProofRefusal(describeIdentityProofError(refusal));
    } finally {
      setProving(false);
    }
  };
  return (
    <form className="rotate-form" onSubmit={submit} noValidate>
      <label htmlFor={id} className="field__label">
        New identity for agent #{agentId}
      </label>
      <div className="input-group">
        <input
          id={id}
          className="mono"
          placeholder="0x…"
          value={identity}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setIdentity(event.target.value);
            setProofRefusal(null);
          }}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={id}
        />
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => {
            const key = identityProof.generate();
            setGenerated(key);
            setIdentity(key.address);
            setProofRefusal(null);
          }}
          data-testid={`${id}-generate`}
        >
          Generate
        </button>
        <button
          type="submit"
          className="button button--small"
          disabled={!writable || proving}
          data-testid={`${id}-submit`}
        >
          {proving ? "Checking…" : "Rotate"}
        </button>
      </div>
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
      {generated ? <PrivateKeyReveal {...generated} onDone={() => setGenerated(null)} /> : null}
      <IdentityProofField
        id={`${id}-proof`}
        identityProof={identityProof}
        identity={identity}
        agentId={agentId}
        error={proofError}
        onEdit={() => setProofRefusal(null)}
      />
    </form>
  );
}
