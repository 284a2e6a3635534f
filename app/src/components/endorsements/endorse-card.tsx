"use client";
import { endorsementsAbi } from "@leasehold/sdk";
import {
  endorsementScope,
  findIdentityLeaf,
  prepareEndorsement,
  scopeNullifier,
  syncStakeTree,
  type StakeIdentity,
  type StakeTreeSyncClient,
} from "@leasehold/sdk/zk";
import { RelayerError } from "@leasehold/sdk/relayer";
import { useState, type FormEvent } from "react";
import { useConfig, useReadContract } from "wagmi";
import { getPublicClient, readContract } from "wagmi/actions";
import { agentName } from "@/components/agents/use-agent-name";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { fetchStakeArtifactSizes, stakeArtifactUrls } from "@/lib/endorse-artifacts";
import { ENDORSEMENT_SIGNAL } from "@/lib/endorse-signal";
import { formatAmount } from "@/lib/format";
import { relayer as relayerClient } from "@/lib/relayer";
import { describeRelayerError } from "@/lib/relayer-messages";
import { revertMessages } from "@/lib/revert-messages";
import type { AgentRanking } from "@/lib/reputation-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { ProvingProgress } from "./proving-progress";
import { PrivacyFacts, RelayerFacts, SenderChoice, useRelayerInfo, type Sender } from "./sender-choice";
import { useEndorsementProver } from "./use-endorsement-prover";
import { useEndorsementCounts } from "./use-endorsement-reads";

/**
 * Endorses an agent anonymously: rebuild the group's tree from the chain, prove in a Web Worker
 * that this browser's identity holds a leaf with at least the threshold staked (without saying
 * which), then hand the proof to the relayer, which sends `endorse` from its own address and is
 * refunded its gas from the relay budget. The secret stays in this browser; the chain sees the
 * proof, the root, the nullifier, the share and the relayer. Sending from the connected wallet is
 * offered only as a warned fallback. Every endorsement signs one fixed statement, so a repeat is
 * a replay the contract refuses; the card reads the nullifier's shares first and does not prove
 * one at all.
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
  const relayer = useRelayerInfo();
  const [sender, setSender] = useState<Sender>("relayer");
  const [chosen, setChosen] = useState<string>(initialAgentId ?? "");
  const agentId = chosen || agents[0]?.agent.id || "";
  const counts = useEndorsementCounts(agentId ? [BigInt(agentId)] : []);
  const count = agentId ? counts.byAgent.get(agentId) : undefined;
  const endorsements = deployment!.contracts.Endorsements.address;
  const nullifier =
    agentId && counts.epoch !== undefined
      ? scopeNullifier(
          identity.secret,
          endorsementScope({ chainId, endorsements, agentId: BigInt(agentId), epoch: counts.epoch }),
        )
      : undefined;
  const shares = useReadContract({
    address: endorsements,
    abi: endorsementsAbi,
    functionName: "sharesOf",
    args: nullifier === undefined ? undefined : [nullifier],
    chainId,
    query: { enabled: nullifier !== undefined },
  });
  const alreadyEndorsed = shares.data !== undefined && shares.data[0].x !== 0n;
  const group = deployment!.contracts.AnonymousStakeGroup;
  const busy =
    flow.busy || (prover.state.stage !== "idle" && prover.state.stage !== "done" && prover.state.stage !== "failed");
  const belowThreshold = threshold !== undefined && stakeAmount < threshold;
  const canSend = sender === "relayer" ? Boolean(relayer.data) : writable;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!agentId || busy || alreadyEndorsed) return;
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
      const [first] = await readContract(config, {
        ...read,
        functionName: "sharesOf",
        args: [scopeNullifier(identity.secret, endorsementScope({ chainId, endorsements, agentId: agent, epoch }))],
      });
      if (first.x !== 0n) throw new Error(alreadyEndorsedMessage);
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
      endorsement = {
        epoch,
        root: result.root,
        y: result.y,
        nullifier: result.nullifier,
        calldata: result.calldata,
      };
    } catch (error) {
      prover.fail(
        error instanceof RelayerError
          ? describeRelayerError(error, { amount: token.format })
          : error instanceof Error
            ? error.message
            : String(error),
      );
      return;
    }
    const name = agentLabel(agents, agentId);
    const { epoch, root, y, nullifier: signalled, calldata } = endorsement;
    await flow.run(
      [
        sender === "relayer"
          ? {
              label: `Hand the endorsement of ${name} to the relayer`,
              relay: async () => {
                const { txHash } = await relayerClient().relayEndorsement({
                  agentId: agent,
                  epoch,
                  signal: ENDORSEMENT_SIGNAL,
                  root,
                  y,
                  nullifier: signalled,
                  proof: calldata,
                });
                return txHash;
              },
            }
          : {
              label: `Send the endorsement of ${name} from your wallet`,
              prepare: () => ({
                address: endorsements,
                abi: endorsementsAbi,
                functionName: "endorse",
                args: [agent, epoch, ENDORSEMENT_SIGNAL, root, y, signalled, calldata],
              }),
            },
      ],
      {
        success:
          sender === "relayer"
            ? `Endorsed ${name} for epoch ${epoch}, sent by the relayer.`
            : `Endorsed ${name} for epoch ${epoch}, from your wallet.`,
      },
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
        {alreadyEndorsed ? (
          <p className="notice" data-testid="endorse-already">
            {alreadyEndorsedMessage}
          </p>
        ) : null}
        {belowThreshold ? (
          <p className="notice notice--warning" data-testid="endorse-below-threshold">
            Your identity stakes {token.format(stakeAmount)}, below the threshold of {token.format(threshold!)}: the
            circuit cannot prove an endorsement for it.
          </p>
        ) : null}
        <SenderChoice
          id="endorse"
          value={sender}
          onChange={setSender}
          disabled={busy}
          relayer={relayer}
          what="endorsement"
        />
        {sender === "relayer" ? (
          <RelayerFacts id="endorse" info={relayer.data}>
            <dt>Relay budget</dt>
            <dd data-testid="endorse-relay-budget">
              {relayer.data
                ? `${eth(relayer.data.fees.endorsements.relayBudget)} ETH, ${eth(relayer.data.fees.endorsements.relaySpendLeftThisEpoch)} ETH of it refundable this epoch`
                : "…"}
            </dd>
            <dt>Its refund</dt>
            <dd data-testid="endorse-relay-cost">
              {relayer.data
                ? `its gas, about ${eth(relayer.data.fees.endorsements.estimatedGasCost)} ETH now, from the budget, not from you`
                : "…"}
            </dd>
          </RelayerFacts>
        ) : null}
        {sender === "relayer" &&
        relayer.data &&
        !relayer.data.fees.endorsements.acceptUnpaid &&
        relayer.data.fees.endorsements.relayBudget === 0n ? (
          <p className="notice notice--warning" data-testid="endorse-budget-empty">
            The relay budget is empty: the relayer may refuse until someone funds it.
          </p>
        ) : null}
        <PrivacyFacts
          id="endorse"
          hidden={[
            "which identity, and so which deposit, made the endorsement: the proof says only that one of the group's identities did",
            sender === "relayer"
              ? "your address: the relayer sends the transaction and pays its gas"
              : "nothing more: your wallet sends it, so your address is on it",
          ]}
          visible={[
            `that a member with at least ${threshold === undefined ? "the threshold" : token.format(threshold)} staked endorsed this agent in this epoch`,
            "when it was sent",
            "the relayer sees the request, and this site's server, which forwards it, sees your IP address",
            "your deposit itself: its amount and the address that made it are public",
          ]}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={!canSend || busy || !agentId || belowThreshold || alreadyEndorsed}
          data-testid="endorse-submit"
        >
          {busy
            ? "Endorsing…"
            : sender === "relayer"
              ? "Prove and endorse through the relayer"
              : "Prove and send from my wallet"}
        </button>
      </form>
      <ProvingProgress state={prover.state} />
      <TxStatus state={flow.state} testId="endorse-tx" onDismiss={flow.reset} />
    </section>
  );
}

/** Ether with at most six decimals: enough for a gas refund, short enough to read. */
const eth = (wei: bigint) => formatAmount(wei, 18, 6);

/** The contract's own sentence for a replay, said before anything is proved. */
const alreadyEndorsedMessage = revertMessages.EndorsementsReplayed!([], { amount: (value) => value.toString() });

function agentLabel(agents: AgentRanking["items"], id: string): string {
  const row = agents.find((entry) => entry.agent.id === id);
  return row ? `${agentName(row.agent)} (#${id})` : `agent #${id}`;
}
