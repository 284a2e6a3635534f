"use client";
import { leaseholdGovernorAbi } from "@leasehold/sdk/abis";
import { useState } from "react";
import type { Address } from "viem";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp, shortAddress, shortHex } from "@/lib/format";
import { indexedProposalCalls, ProposalState, proposalStateLabels, VoteSupport } from "@/lib/governance";
import { fetchProposals, type IndexedProposalAction, type IndexedProposalRecord } from "@/lib/indexer-governance";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import { useGovernanceFlow, useProposalState, type ProposalView, type VotingReads } from "./use-governance-reads";

const supportLabels = ["against", "for", "abstain"];

/**
 * Every proposal, active and past, as Tally shows them: the state from the governor, the
 * For/Against/Abstain tallies against the quorum, the decoded calls, the voters with their
 * reasons and the timeline (from the indexer), and the vote, queue and execute actions.
 */
export function ProposalList({
  account,
  reads,
  writable,
}: {
  account: Address | undefined;
  reads: VotingReads;
  writable: boolean;
}) {
  const indexed = useIndexed(["proposals"], fetchProposals, true);
  const proposals = indexed.data?.proposals.items ?? [];
  return (
    <section className="stack" aria-labelledby="proposals-heading" data-testid="proposals">
      <h2 id="proposals-heading">
        Proposals <span className="muted">({indexed.loading ? "…" : proposals.length})</span>
      </h2>
      {indexed.error ? (
        <p className="notice notice--error" role="alert">
          Could not read the proposals from the indexer: {indexed.error.message}
        </p>
      ) : null}
      {!indexed.loading && proposals.length === 0 ? <p className="muted">Nobody has proposed anything yet.</p> : null}
      {proposals.map((proposal) => (
        <ProposalCard key={proposal.id} proposal={proposal} account={account} reads={reads} writable={writable} />
      ))}
    </section>
  );
}

function ProposalCard({
  proposal,
  account,
  reads,
  writable,
}: {
  proposal: IndexedProposalRecord;
  account: Address | undefined;
  reads: VotingReads;
  writable: boolean;
}) {
  const now = useChainNow();
  const calls = indexedProposalCalls(proposal);
  const view = useProposalState(calls, account);
  const state = view?.state;
  const label = (state === undefined ? undefined : proposalStateLabels[state]) ?? "…";
  const open = state === ProposalState.Active || state === ProposalState.Pending || state === ProposalState.Succeeded;
  return (
    <details
      className="card"
      open={open || state === ProposalState.Queued}
      data-testid={`proposal-${proposal.id}`}
      data-state={label.toLowerCase()}
    >
      <summary className="card__head">
        <h3>{proposal.description.split("\n")[0]}</h3>
        <span className="pill pill--pending" data-testid="proposal-card-state">
          {label}
        </span>
      </summary>
      <p className="muted small">
        #{shortHex(proposal.id, 10, 6)} by <span className="mono">{shortAddress(proposal.proposer)}</span>
      </p>
      <DecodedCalls actions={proposal.actions.items} />
      {view ? <Tally view={view} reads={reads} /> : null}
      <Timeline proposal={proposal} view={view} now={now} />
      <Voters proposal={proposal} reads={reads} />
      {view ? <ProposalActions proposal={proposal} view={view} reads={reads} writable={writable} now={now} /> : null}
    </details>
  );
}

/** The calls the proposal makes through the timelock, decoded when the target is ours. */
export function DecodedCalls({ actions }: { actions: IndexedProposalAction[] }) {
  return (
    <div>
      <h4>Calls</h4>
      <ol className="stack" data-testid="proposal-calls">
        {actions.map((action) => (
          <li
            key={action.index}
            className="mono small"
            data-testid="proposal-call"
            style={{ overflowWrap: "anywhere" }}
          >
            {action.contract && action.functionName
              ? `${action.contract}.${action.functionName}(${formatArgs(action.args)})`
              : `${action.target} with calldata ${shortHex(action.calldata, 10, 6)}`}
            {BigInt(action.value) > 0n ? ` sending ${action.value} wei` : ""}
          </li>
        ))}
      </ol>
    </div>
  );
}

function formatArgs(args: unknown): string {
  if (args === null || args === undefined) return "";
  const values = Array.isArray(args) ? args : typeof args === "object" ? Object.values(args as object) : [args];
  return values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join(", ");
}

function Tally({ view, reads }: { view: ProposalView; reads: VotingReads }) {
  const counted = view.for + view.abstain;
  const percent = view.quorum && view.quorum > 0n ? Number((counted * 100n) / view.quorum) : undefined;
  return (
    <dl className="facts">
      <dt>For</dt>
      <dd data-testid="card-tally-for">{reads.formatVotes(view.for)}</dd>
      <dt>Against</dt>
      <dd data-testid="card-tally-against">{reads.formatVotes(view.against)}</dd>
      <dt>Abstain</dt>
      <dd data-testid="card-tally-abstain">{reads.formatVotes(view.abstain)}</dd>
      <dt>Quorum</dt>
      <dd data-testid="card-quorum">
        {view.quorum === undefined || percent === undefined ? (
          "known once voting opens"
        ) : (
          <>
            {reads.formatVotes(counted)} of {reads.formatVotes(view.quorum)} (for and abstain count):{" "}
            {percent >= 100 ? "reached" : `${percent} %`}{" "}
            <progress max={100} value={Math.min(percent, 100)} aria-label="Quorum progress" />
          </>
        )}
      </dd>
    </dl>
  );
}

function Timeline({
  proposal,
  view,
  now,
}: {
  proposal: IndexedProposalRecord;
  view: ProposalView | undefined;
  now: number;
}) {
  const at = (value: string | null | undefined) => (value ? Number(value) : null);
  const voteStart = Number(proposal.voteStart);
  const voteEnd = Number(proposal.voteEnd);
  const eta = at(proposal.eta);
  const state = view?.state;
  const ended =
    state === ProposalState.Defeated
      ? "Defeated"
      : state === ProposalState.Expired
        ? "Expired"
        : state === ProposalState.Canceled
          ? "Canceled"
          : "Executed";
  const endedAt =
    state === ProposalState.Canceled
      ? at(proposal.canceledAt)
      : state === ProposalState.Executed
        ? at(proposal.executedAt)
        : null;
  const steps: { key: string; label: string; time: number | null; done: boolean }[] = [
    { key: "created", label: "Created", time: Number(proposal.createdAt), done: true },
    { key: "voting-starts", label: "Voting starts", time: voteStart, done: now > voteStart },
    { key: "voting-ends", label: "Voting ends", time: voteEnd, done: now > voteEnd },
    { key: "queued", label: "Queued", time: at(proposal.queuedAt), done: proposal.queuedAt !== null },
    { key: "executable", label: "Executable", time: eta, done: eta !== null && now >= eta },
    {
      key: "ended",
      label: ended,
      time: endedAt ?? (state === ProposalState.Defeated ? voteEnd : null),
      done:
        state === ProposalState.Executed ||
        state === ProposalState.Defeated ||
        state === ProposalState.Canceled ||
        state === ProposalState.Expired,
    },
  ];
  return (
    <div>
      <h4>Timeline</h4>
      <ol className="stack" data-testid="proposal-timeline">
        {steps.map((step) => (
          <li key={step.key} data-testid={`timeline-${step.key}`} data-done={step.done}>
            {step.done ? "✓" : "○"} {step.label}
            {step.time !== null ? (
              <span className="muted small">
                {" "}
                {formatTimestamp(BigInt(step.time))}
                {!step.done && step.time > now ? ` (in ${formatDuration(step.time - now)})` : ""}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Voters({ proposal, reads }: { proposal: IndexedProposalRecord; reads: VotingReads }) {
  const votes = proposal.votes.items;
  return (
    <div>
      <h4>Voters ({votes.length})</h4>
      {votes.length === 0 ? <p className="muted small">No votes yet.</p> : null}
      <ul className="stack" data-testid="proposal-voters">
        {votes.map((vote) => (
          <li key={vote.id} data-testid="proposal-voter">
            <span className="mono" title={vote.voter}>
              {shortAddress(vote.voter)}
            </span>{" "}
            voted <strong>{supportLabels[vote.support] ?? vote.support}</strong> with{" "}
            {reads.formatVotes(BigInt(vote.weight))}
            {vote.reason ? <>: &ldquo;{vote.reason}&rdquo;</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProposalActions({
  proposal,
  view,
  reads,
  writable,
  now,
}: {
  proposal: IndexedProposalRecord;
  view: ProposalView;
  reads: VotingReads;
  writable: boolean;
  now: number;
}) {
  const { deployment } = useRuntimeConfig();
  const flow = useGovernanceFlow(reads.formatVotes);
  const [reason, setReason] = useState("");
  const governor = { address: deployment!.contracts.LeaseholdGovernor.address, abi: leaseholdGovernorAbi } as const;
  const calls = indexedProposalCalls(proposal);
  const args = [calls.targets, calls.values, calls.calldatas, calls.descriptionHash] as const;
  const vote = (support: number, label: string) =>
    flow.run(
      [
        {
          label: `Vote ${label}`,
          prepare: () => ({ ...governor, functionName: "castVoteWithReason", args: [view.id, support, reason.trim()] }),
        },
      ],
      { success: `You voted ${label}.` },
    );
  const step = (functionName: "queue" | "execute", label: string, success: string) =>
    flow.run([{ label, prepare: () => ({ ...governor, functionName, args, atNextBlock: true }) }], { success });
  const id = `proposal-reason-${proposal.id}`;
  return (
    <div className="stack">
      {view.state === ProposalState.Pending ? (
        <p className="muted small">Voting opens in {formatDuration(Number(view.snapshot) - now + 1)}.</p>
      ) : null}
      {view.state === ProposalState.Active && !view.hasVoted ? (
        <>
          <Field id={id} label="Reason (public, optional)">
            <input
              id={id}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              data-testid="card-vote-reason"
            />
          </Field>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              onClick={() => vote(VoteSupport.For, "for")}
              disabled={!writable || flow.busy}
              data-testid="card-vote-for"
            >
              Vote for
            </button>
            <button
              type="button"
              className="button"
              onClick={() => vote(VoteSupport.Against, "against")}
              disabled={!writable || flow.busy}
              data-testid="card-vote-against"
            >
              Vote against
            </button>
            <button
              type="button"
              className="button"
              onClick={() => vote(VoteSupport.Abstain, "abstain")}
              disabled={!writable || flow.busy}
              data-testid="card-vote-abstain"
            >
              Abstain
            </button>
          </div>
        </>
      ) : null}
      {view.state === ProposalState.Active && view.hasVoted ? (
        <p className="muted small" data-testid="card-already-voted">
          You have voted on this proposal; voting closes in {formatDuration(Number(view.deadline) - now)}.
        </p>
      ) : null}
      {view.state === ProposalState.Succeeded ? (
        <button
          type="button"
          className="button button--primary"
          onClick={() =>
            step("queue", "Queue in the timelock", "Queued: it can be executed once the timelock delay is over.")
          }
          disabled={!writable || flow.busy}
          data-testid="card-queue"
        >
          Queue
        </button>
      ) : null}
      {view.state === ProposalState.Queued ? (
        <button
          type="button"
          className="button button--primary"
          onClick={() => step("execute", "Execute the proposal", "Executed.")}
          disabled={!writable || flow.busy || now < Number(view.eta)}
          data-testid="card-execute"
        >
          {now < Number(view.eta) ? `Executable in ${formatDuration(Number(view.eta) - now)}` : "Execute"}
        </button>
      ) : null}
      <TxStatus state={flow.state} testId="card-tx" onDismiss={flow.reset} />
    </div>
  );
}
