"use client";
import { codeRegistryAbi, leaseholdGovernorAbi } from "@leasehold/sdk/abis";
import { useState, type FormEvent, type ReactNode } from "react";
import type { Address } from "viem";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp, shortAddress, shortHex } from "@/lib/format";
import {
  approvalProposal,
  indexedProposalCalls,
  ProposalState,
  proposalStateLabels,
  releaseKey,
  ReleaseStatus,
  releaseStatusLabels,
  urgencyLabels,
  VoteSupport,
  type ApprovalProposal,
} from "@/lib/governance";
import { currentProposal, fetchReleaseProposals, type IndexedVote } from "@/lib/indexer-governance";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { describeUri } from "@/lib/description-uri";
import { useIndexed } from "@/lib/use-indexed";
import type { StakeToken } from "@/lib/use-stake-token";
import {
  useGovernanceFlow,
  useProposalState,
  type ProposalView,
  type ReleaseView,
  type VotingReads,
} from "./use-governance-reads";

const statusPill = ["pill--muted", "pill--pending", "pill--live", "pill--warn"];

/**
 * One release (one publisher's submission of a code hash): what was published, its review window
 * on chain time, its code's standing across releases, and its approval proposal.
 */
export function ReleaseCard({
  release,
  account,
  reads,
  token,
  writable,
}: {
  release: ReleaseView;
  account: Address | undefined;
  reads: VotingReads;
  token: StakeToken | null;
  writable: boolean;
}) {
  const now = useChainNow();
  const short = shortHex(release.codeHash, 10, 6);
  const reviewLeft = Number(release.approvableAt) - now;
  const pending = release.status === ReleaseStatus.Pending;
  const codeRevoked = release.code.revokedAt > 0n;
  return (
    <article
      className="card"
      aria-label={`Release ${short} by ${shortAddress(release.publisher)}`}
      data-testid={`release-${releaseKey(release)}`}
      data-status={releaseStatusLabels[release.status]?.toLowerCase()}
    >
      <div className="card__head">
        <h3 className="mono" title={release.codeHash}>
          {short} <span className="muted small">by {shortAddress(release.publisher)}</span>
        </h3>
        <span className={`pill ${statusPill[release.status] ?? "pill--muted"}`} data-testid="release-status">
          {releaseStatusLabels[release.status] ?? "Unknown"}
        </span>
      </div>
      <dl className="facts">
        <dt>Code hash</dt>
        <dd className="mono" data-testid="release-hash">
          {release.codeHash}
        </dd>
        <dt>Content id</dt>
        <dd className="mono" title={release.contentId}>
          {shortHex(release.contentId, 10, 6)}
        </dd>
        <dt>Size</dt>
        <dd data-testid="release-size">{release.size.toLocaleString("en-GB")} bytes</dd>
        <dt>Urgency</dt>
        <dd data-testid="release-urgency">{urgencyLabels[release.urgency] ?? release.urgency}</dd>
        <dt>Publisher</dt>
        <dd className="mono" title={release.publisher} data-testid="release-publisher">
          {shortAddress(release.publisher)}
        </dd>
        <dt>Bond</dt>
        <dd data-testid="release-bond">
          {pending
            ? `${token ? token.format(release.bond) : release.bond.toString()} held (returned on approval, forfeited on revocation)`
            : release.status === ReleaseStatus.Approved
              ? "returned to the publisher"
              : "no longer held (forfeited to the timelock if the release was pending)"}
        </dd>
        <dt>Published</dt>
        <dd>{formatTimestamp(release.publishedAt)}</dd>
        {pending ? (
          <>
            <dt>Review window</dt>
            <dd data-testid="review-countdown">
              {reviewLeft > 0
                ? `Open for review: approvable in ${formatDuration(reviewLeft)}`
                : "Review window over: approvable now"}{" "}
              <span className="muted small">(from {formatTimestamp(release.approvableAt)}, chain time)</span>
            </dd>
          </>
        ) : (
          <>
            <dt>{release.status === ReleaseStatus.Revoked ? "Revoked" : "Approved"}</dt>
            <dd>{formatTimestamp(release.decidedAt)}</dd>
          </>
        )}
        {release.descriptionURI ? (
          <>
            <dt>Description</dt>
            <ReleaseDescription uri={release.descriptionURI} />
          </>
        ) : null}
      </dl>
      <CodeStanding release={release} pending={pending} />
      {pending && !codeRevoked ? (
        <ApprovalPanel release={release} account={account} reads={reads} writable={writable} now={now} />
      ) : null}
      {reads.isGuardian && (release.status !== ReleaseStatus.Revoked || !codeRevoked) ? (
        <RevokeForm release={release} reads={reads} writable={writable} />
      ) : null}
    </article>
  );
}

/** A release's description: the text of a data: URI (decoded, shown as text), else the URI. */
function ReleaseDescription({ uri }: { uri: string }) {
  const { text, decoded } = describeUri(uri);
  return (
    <dd
      className={decoded ? "small" : "small mono"}
      style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
      title={uri.length > 500 ? `${uri.slice(0, 500)}…` : uri}
      data-testid="release-description"
      data-decoded={decoded}
    >
      {text}
    </dd>
  );
}

/**
 * What voters must know beyond this release: the code's revocation, its approval through another
 * release, and other publishers of the same hash (anyone may publish a copy with other metadata,
 * so a proposal vouches for one publisher's release, never for a hash alone).
 */
function CodeStanding({ release, pending }: { release: ReleaseView; pending: boolean }) {
  const others = release.otherPublishers.length;
  return (
    <>
      {release.code.revokedAt > 0n ? (
        <p className="notice notice--error" data-testid="code-revoked">
          The guardian revoked this code on {formatTimestamp(release.code.revokedAt)}: no release of it can be approved
          or run, whoever published it.
        </p>
      ) : release.code.approved ? (
        <p className="muted small" data-testid="code-approved">
          {release.status === ReleaseStatus.Approved && others === 0
            ? "Workers may run this code."
            : "Workers may run this code: governance approved a release of it."}
        </p>
      ) : null}
      {others > 0 ? (
        <p className={pending ? "notice notice--warning" : "muted small"} data-testid="release-copies">
          {others === 1 ? "Another publisher" : `${others} other publishers`} published this code hash too (
          {release.otherPublishers.map((other) => shortAddress(other)).join(", ")}). Each release has its own metadata:
          before voting, check that this publisher is the author and that its content id, size and notes match the
          bundle.
        </p>
      ) : null}
    </>
  );
}

function ApprovalPanel({
  release,
  account,
  reads,
  writable,
  now,
}: {
  release: ReleaseView;
  account: Address | undefined;
  reads: VotingReads;
  writable: boolean;
  now: number;
}) {
  const { deployment } = useRuntimeConfig();
  const registry = deployment!.contracts.CodeRegistry.address;
  const key = releaseKey(release);
  const indexed = useIndexed(["release-proposals", key], () => fetchReleaseProposals(release), true);
  const found = currentProposal(indexed.data);
  // A proposal made again from this page, followed until the indexer lists it.
  const [again, setAgain] = useState<string | null>(null);
  const proposal =
    again !== null
      ? approvalProposal(registry, release, again)
      : found
        ? indexedProposalCalls(found)
        : approvalProposal(registry, release);
  const view = useProposalState(proposal, account);
  const votes = found && view && found.id === view.id.toString() ? found.votes.items : [];
  const flow = useGovernanceFlow(reads.formatVotes);
  const [reason, setReason] = useState("");
  const governor = { address: deployment!.contracts.LeaseholdGovernor.address, abi: leaseholdGovernorAbi } as const;
  const args = [proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash] as const;
  const approvableAt = Number(release.approvableAt);
  const pipeline =
    reads.votingDelay !== undefined && reads.votingPeriod !== undefined && reads.timelockDelay !== undefined
      ? Number(reads.votingDelay + reads.votingPeriod + reads.timelockDelay)
      : undefined;
  const earliest = pipeline === undefined ? undefined : Math.max(now + pipeline, approvableAt);

  const propose = (next: ApprovalProposal) =>
    flow.run(
      [
        {
          label: "Propose approving this publisher's release",
          prepare: () => ({
            ...governor,
            functionName: "propose",
            args: [next.targets, next.values, next.calldatas, next.description],
          }),
        },
      ],
      { success: "Proposal created. Voting opens after the voting delay." },
    );
  const proposeAgain = async () => {
    const label = `proposed again at chain time ${now}`;
    if (await propose(approvalProposal(registry, release, label))) setAgain(label);
  };
  const vote = (support: number, label: string) =>
    flow.run(
      [
        {
          label: `Vote ${label}`,
          prepare: () => ({
            ...governor,
            functionName: "castVoteWithReason",
            args: [view!.id, support, reason.trim()],
          }),
        },
      ],
      { success: `You voted ${label}.` },
    );
  const queue = () =>
    flow.run(
      // Queueing waits for the vote's end, executing for the timelock's delay: both are simulated
      // in the block they land in, at the time the page's countdowns count to.
      [
        {
          label: "Queue in the timelock",
          prepare: () => ({ ...governor, functionName: "queue", args, atNextBlock: true }),
        },
      ],
      { success: "Queued: it can be executed once the timelock delay is over." },
    );
  const execute = () =>
    flow.run(
      [
        {
          label: "Execute the approval",
          prepare: () => ({ ...governor, functionName: "execute", args, atNextBlock: true }),
        },
      ],
      { success: "Executed: the release is approved." },
    );

  return (
    <div className="stack" data-testid="approval-panel">
      <h4>Approval proposal</h4>
      {!view ? (
        <p className="muted">Looking for the proposal…</p>
      ) : !view.exists ? (
        <>
          <p className="muted small" data-testid="proposal-explainer">
            A proposal can be made at any time, but the registry refuses the approval until the review window is over
            {approvableAt > now ? ` (${formatTimestamp(approvableAt)})` : ""}: executing earlier fails and can be
            retried afterwards. Voting takes{" "}
            {reads.votingDelay === undefined ? "…" : formatDuration(Number(reads.votingDelay))} of delay and{" "}
            {reads.votingPeriod === undefined ? "…" : formatDuration(Number(reads.votingPeriod))} of voting, then the
            timelock waits {reads.timelockDelay === undefined ? "…" : formatDuration(Number(reads.timelockDelay))}
            {earliest === undefined ? "" : `: proposed now, it could execute from ${formatTimestamp(earliest)}`}.
          </p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => propose(proposal)}
            disabled={!writable || flow.busy}
            data-testid="propose-approval"
          >
            Propose approval
          </button>
        </>
      ) : (
        <ProposalDetails view={view} votes={votes} reads={reads} now={now} approvableAt={approvableAt}>
          {view.state === ProposalState.Active ? (
            view.hasVoted ? (
              <p className="muted" data-testid="already-voted">
                You have voted on this proposal.
              </p>
            ) : (
              <>
                <Field id={`vote-reason-${key}`} label="Reason (public, optional)">
                  <input
                    id={`vote-reason-${key}`}
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                    data-testid="vote-reason"
                  />
                </Field>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => vote(VoteSupport.For, "for")}
                    disabled={!writable || flow.busy}
                    data-testid="vote-for"
                  >
                    Vote for
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => vote(VoteSupport.Against, "against")}
                    disabled={!writable || flow.busy}
                    data-testid="vote-against"
                  >
                    Vote against
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => vote(VoteSupport.Abstain, "abstain")}
                    disabled={!writable || flow.busy}
                    data-testid="vote-abstain"
                  >
                    Abstain
                  </button>
                </div>
              </>
            )
          ) : null}
          {view.state === ProposalState.Succeeded ? (
            <button
              type="button"
              className="button button--primary"
              onClick={queue}
              disabled={!writable || flow.busy}
              data-testid="queue-proposal"
            >
              Queue
            </button>
          ) : null}
          {view.state === ProposalState.Defeated ||
          view.state === ProposalState.Expired ||
          view.state === ProposalState.Canceled ? (
            <button
              type="button"
              className="button"
              onClick={proposeAgain}
              disabled={!writable || flow.busy}
              data-testid="propose-again"
            >
              Propose again
            </button>
          ) : null}
          {view.state === ProposalState.Queued ? (
            <button
              type="button"
              className="button button--primary"
              onClick={execute}
              disabled={!writable || flow.busy || now < Number(view.eta) || now < approvableAt}
              data-testid="execute-proposal"
            >
              Execute
            </button>
          ) : null}
        </ProposalDetails>
      )}
      <TxStatus state={flow.state} testId="proposal-tx" onDismiss={flow.reset} />
    </div>
  );
}

function ProposalDetails({
  view,
  votes,
  reads,
  now,
  approvableAt,
  children,
}: {
  view: ProposalView;
  votes: IndexedVote[];
  reads: VotingReads;
  now: number;
  approvableAt: number;
  children: ReactNode;
}) {
  const state = view.state === undefined ? "…" : proposalStateLabels[view.state];
  let timing: string | null = null;
  if (view.state === ProposalState.Pending)
    timing = `Voting opens in ${formatDuration(Number(view.snapshot) - now + 1)}`;
  else if (view.state === ProposalState.Active)
    timing = `Voting closes in ${formatDuration(Number(view.deadline) - now)}`;
  else if (view.state === ProposalState.Queued) {
    const readyAt = Math.max(Number(view.eta), approvableAt);
    timing =
      readyAt > now
        ? `Executable in ${formatDuration(readyAt - now)} (timelock ${formatTimestamp(view.eta)}${approvableAt > Number(view.eta) ? `, review window ${formatTimestamp(approvableAt)}` : ""})`
        : "Executable now";
  } else if (view.state === ProposalState.Succeeded) timing = "Passed: queue it in the timelock";
  else if (view.state === ProposalState.Defeated) timing = "Defeated: too few votes for, or no quorum";
  return (
    <div className="stack">
      <p>
        <span className="pill pill--pending" data-testid="proposal-state">
          {state}
        </span>{" "}
        {timing ? <span data-testid="proposal-timing">{timing}</span> : null}
      </p>
      <dl className="facts">
        <dt>Proposal id</dt>
        <dd className="mono" title={view.id.toString()}>
          {shortHex(view.id.toString(), 10, 6)}
        </dd>
        <dt>For</dt>
        <dd data-testid="tally-for">{reads.formatVotes(view.for)}</dd>
        <dt>Against</dt>
        <dd data-testid="tally-against">{reads.formatVotes(view.against)}</dd>
        <dt>Abstain</dt>
        <dd data-testid="tally-abstain">{reads.formatVotes(view.abstain)}</dd>
        <dt>Quorum</dt>
        <dd>
          {view.quorum === undefined
            ? "known once voting opens"
            : `${reads.formatVotes(view.quorum)} (for and abstain count)`}
        </dd>
        <dt>Voting</dt>
        <dd>
          {formatTimestamp(view.snapshot)} to {formatTimestamp(view.deadline)}
        </dd>
        {view.eta > 0n ? (
          <>
            <dt>Timelock</dt>
            <dd>ready at {formatTimestamp(view.eta)}</dd>
          </>
        ) : null}
      </dl>
      {votes.length > 0 ? (
        <div>
          <h5>Votes</h5>
          <ul className="stack" data-testid="vote-list">
            {votes.map((vote) => (
              <li key={vote.id} data-testid="vote-entry">
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
      ) : null}
      {children}
    </div>
  );
}

const supportLabels = ["against", "for", "abstain"];

/** What the guardian revokes: one release (its publisher or metadata is wrong) or the code itself. */
type RevokeScope = "release" | "code";

const scopeHints: Record<RevokeScope, string> = {
  release:
    "This release is wrong: not the author's, a false size or urgency, notes or a content id that do not match the code. Only this release ends; other releases of the code are untouched.",
  code: "The code itself must never run, whoever published it: every release of this hash stops at once and for good, and none can be published or approved again.",
};

function RevokeForm({ release, reads, writable }: { release: ReleaseView; reads: VotingReads; writable: boolean }) {
  const { deployment } = useRuntimeConfig();
  const flow = useGovernanceFlow(reads.formatVotes);
  const scopes = (["release", "code"] as const).filter((scope) =>
    scope === "release" ? release.status !== ReleaseStatus.Revoked : release.code.revokedAt === 0n,
  );
  const [open, setOpen] = useState(false);
  const [chosen, setScope] = useState<RevokeScope>(scopes[0] ?? "release");
  const scope = scopes.includes(chosen) ? chosen : scopes[0]!;
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const id = `revoke-reason-${releaseKey(release)}`;
  const error = touched && reason.trim() === "" ? `Say why the ${scope} is unsafe: the reason is public.` : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    const text = reason.trim();
    if (!text) return;
    const registry = { address: deployment!.contracts.CodeRegistry.address, abi: codeRegistryAbi } as const;
    await flow.run(
      [
        scope === "release"
          ? {
              label: "Revoke the release",
              prepare: () => ({
                ...registry,
                functionName: "revoke",
                args: [release.publisher, release.codeHash, text],
              }),
            }
          : {
              label: "Revoke the code",
              prepare: () => ({ ...registry, functionName: "revokeCode", args: [release.codeHash, text] }),
            },
      ],
      {
        success:
          scope === "release"
            ? "Revoked this release, for good. Other releases of the code are untouched."
            : "Revoked the code, for good: no release of it can be approved or run.",
      },
    );
  }

  if (!open) {
    return (
      <div className="button-row" data-testid="revoke-form">
        <button type="button" className="button button--danger" onClick={() => setOpen(true)} data-testid="revoke-open">
          Revoke…
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="form" data-testid="revoke-form">
      <h4>Revoke as the guardian</h4>
      <fieldset className="fieldset">
        <legend className="field__label">What is wrong</legend>
        <div className="segmented" role="radiogroup" aria-label="What to revoke">
          {scopes.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={scope === value}
              className={`segmented__option${scope === value ? " is-active" : ""}`}
              onClick={() => setScope(value)}
              data-testid={`revoke-scope-${value}`}
            >
              {value === "release" ? "This release" : "The code itself"}
            </button>
          ))}
        </div>
        <p className="field__hint" data-testid="revoke-scope-hint">
          {scopeHints[scope]}
        </p>
      </fieldset>
      <Field
        id={id}
        label="Reason for revoking"
        hint={
          scope === "release"
            ? "Takes effect at once and is final; a pending release's bond goes to the timelock."
            : "Takes effect at once and is final. Check first that the bytes you reviewed hash to this code hash: a release pointing at other bytes is a bogus release, not bad code."
        }
        error={error}
      >
        <input
          id={id}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setTouched(true);
          }}
          aria-invalid={Boolean(error)}
          data-testid="revoke-reason"
        />
      </Field>
      <button type="submit" className="button button--danger" disabled={!writable || flow.busy} data-testid="revoke">
        {scope === "release" ? "Revoke this release" : "Revoke the code"}
      </button>
      <TxStatus state={flow.state} testId="revoke-tx" onDismiss={flow.reset} />
    </form>
  );
}
