"use client";
import { endorsementsAbi } from "@leasehold/sdk";
import {
  findIdentityLeaf,
  prepareEndorsement,
  syncStakeTree,
  type StakeIdentity,
  type StakeTreeSyncClient,
} from "@leasehold/sdk/zk";
import { useState, type FormEvent } from "react";
import { useConfig } from "wagmi";
import { getPublicClient, readContract } from "wagmi/actions";
import { agentName } from "@/components/agents/use-agent-name";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { fetchStakeArtifactSizes, stakeArtifactUrls } from "@/lib/endorse-artifacts";
import { ENDORSEMENT_SIGNAL } from "@/lib/endorse-signal";
import type { AgentRanking } from "@/lib/reputation-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { ProvingProgress } from "./proving-progress";
import { useEndorsementProver } from "./use-endorsement-prover";
import { useEndorsementCounts } from "./use-endorsement-reads";

/**
 * Endorses an agent anonymously: rebuild the group's tree from the chain, prove in a Web Worker
 * that this browser's identity holds a leaf with at least the threshold staked (without saying
 * which), then send `endorse`. The secret stays in this browser; the chain sees the proof, the
 * root, the nullifier and the share.
 */
export function EndorseCard({
  identity,
  stakeAmount,
  agents,
  initialAgentId,
  threshold,
  token,
  writable,
}: {
  identity: StakeIdentity;
  stakeAmount: bigint;
  agents: AgentRanking["items"];
  initialAgentId: string | null;
  threshold: bigint | undefined;
  token: StakeToken;
  writable: boolean;
}) {
  const config = useConfig();
  const { chainId, deployment } = useRuntimeConfig();
  const flow = useTokenFlow();
  const prover = useEndorsementProver();
  const [chosen, setChosen] = useState<string>(initialAgentId ?? "");
  const agentId = chosen || agents[0]?.agent.id || "";
  const counts = useEndorsementCounts(agentId ? [BigInt(agentId)] : []);
  const count = agentId ? counts.byAgent.get(agentId) : undefined;
  const endorsements = deployment!.contracts.Endorsements.address;
  const group = deployment!.contracts.AnonymousStakeGroup;
  const busy =
    flow.busy || (prover.state.stage !== "idle" && prover.state.stage !== "done" && prover.state.stage !== "failed");
  const belowThreshold = threshold !== undefined && stakeAmount < threshold;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!agentId || busy) return;
    flow.reset();
    prover.begin();
    const agent = BigInt(agentId);
    let endorsement: {
      epoch: bigint;
      root: bigint;
      y: bigint;
      nullifier: bigint;
      calldata: { a: [bigint, bigint]; b: [[bigint, bigint], [bigint, bigint]]; c: [bigint, bigint] };
    };
    try {
      const read = { address: endorsements, abi: endorsementsAbi, chainId } as const;
      // The rules as the contract has them now, never as the page last saw them.
      const [epoch, required] = await Promise.all([
        readContract(config, { ...read, functionName: "currentEpoch" }),
        readContract(config, { ...read, functionName: "threshold" }),
      ]);
      const publicClient = getPublicClient(config, { chainId });
      if (!publicClient) throw new Error(`The app has no client for chain ${chainId}.`);
      // The newest block, uncached: the client's cached block number can predate a deposit just made.
      const toBlock = await publicClient.getBlockNumber({ cacheTime: 0 });
      const synced = await syncStakeTree({
        publicClient: publicClient as unknown as StakeTreeSyncClient,
        group: group.address,
        fromBlock: BigInt(group.startBlock),
        toBlock,
      });
      const leaf = findIdentityLeaf(synced.leaves, identity.commitment, stakeAmount);
      if (!leaf) throw new Error("Your identity has no live leaf in the stake group's tree: deposit first.");
      prover.enter("download", {
        detail: `${synced.leaves.length} ${synced.leaves.length === 1 ? "leaf" : "leaves"}, yours is #${leaf.index}`,
      });
      const prepared = prepareEndorsement({
        identity,
        stakeAmount,
        tree: synced.tree,
        leafIndex: leaf.index,
        chainId,
        endorsements,
        agentId: agent,
        epoch,
        signal: ENDORSEMENT_SIGNAL,
        threshold: required,
      });
      const urls = stakeArtifactUrls(window.location.origin);
      prover.enter("download", { expected: await fetchStakeArtifactSizes(urls.manifest) });
      const result = await prover.prove({ input: prepared.input, wasmUrl: urls.wasm, zkeyUrl: urls.zkey });
      endorsement = { epoch, root: result.root, y: result.y, nullifier: result.nullifier, calldata: result.calldata };
    } catch (error) {
      prover.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    const name = agentLabel(agents, agentId);
    await flow.run(
      [
        {
          label: `Send the endorsement of ${name}`,
          prepare: () => ({
            address: endorsements,
            abi: endorsementsAbi,
            functionName: "endorse",
            args: [
              agent,
              endorsement.epoch,
              ENDORSEMENT_SIGNAL,
              endorsement.root,
              endorsement.y,
              endorsement.nullifier,
              endorsement.calldata,
            ],
          }),
        },
      ],
      { success: `Endorsed ${name} for epoch ${endorsement.epoch}.` },
    );
  }

  return (
    <section className="card" aria-labelledby="endorse-heading" data-testid="endorse-card">
      <div className="card__head">
        <h2 id="endorse-heading">Endorse an agent</h2>
      </div>
      <p className="muted">
        Your browser proves that one of the group&apos;s identities, with at least{" "}
        {threshold === undefined ? "the threshold" : token.format(threshold)} staked, vouches for the agent, without
        saying which. One endorsement per identity, agent and epoch; it counts for this epoch only.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field id="endorse-agent" label="Agent">
          <select
            id="endorse-agent"
            value={agentId}
            onChange={(event) => setChosen(event.target.value)}
            disabled={busy}
            data-testid="endorse-agent"
          >
            {agents.length === 0 ? <option value="">No agents yet</option> : null}
            {agents.map((row) => (
              <option key={row.agent.id} value={row.agent.id}>
                #{row.agent.id} {agentName(row.agent)}
              </option>
            ))}
          </select>
        </Field>
        <p className="muted small">
          Endorsements of this agent this epoch:{" "}
          <strong data-testid="endorse-count">{count === undefined ? "…" : count.toString()}</strong>
        </p>
        {belowThreshold ? (
          <p className="notice notice--warning" data-testid="endorse-below-threshold">
            Your identity stakes {token.format(stakeAmount)}, below the threshold of {token.format(threshold!)}: the
            circuit cannot prove an endorsement for it.
          </p>
        ) : null}
        <p className="muted small">
          The endorsement is sent from the connected account, which pays its gas: anyone can see which account sent it.
          Send it from an account that is not the one that deposited, or the two are linked.
        </p>
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || busy || !agentId || belowThreshold}
          data-testid="endorse-submit"
        >
          {busy ? "Endorsing…" : "Prove and endorse"}
        </button>
      </form>
      <ProvingProgress state={prover.state} />
      <TxStatus state={flow.state} testId="endorse-tx" onDismiss={flow.reset} />
    </section>
  );
}

function agentLabel(agents: AgentRanking["items"], id: string): string {
  const row = agents.find((entry) => entry.agent.id === id);
  return row ? `${agentName(row.agent)} (#${id})` : `agent #${id}`;
}
