"use client";
import { disputeCourtAbi } from "@leasehold/sdk/abis";
import { newVoteSalt, Ruling, voteCommitment } from "@leasehold/sdk/court";
import { useState } from "react";
import { isHex, zeroHash, type Address } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { TxStatus } from "@/components/ui/tx-status";
import { exportVote, loadVote, saveVote, voteStorageKey, type StoredVote, type VoteKey } from "@/lib/court-salts";
import { formatDuration, formatTimestamp } from "@/lib/format";
import type { CourtStage } from "@/lib/court-phase";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import type { DisputeRecord, DisputeRound } from "./use-dispute";

type Vote = StoredVote["vote"];
const voteNames: Record<number, string> = { [Ruling.Client]: "for the client", [Ruling.Agent]: "for the agent" };

/**
 * The connected arbitrator's seat in the current round: commit a vote (its salt is kept in this
 * browser first, so a commitment on chain always has its salt here), then reveal it.
 */
export function VoteCard({
  disputeId,
  dispute,
  round,
  stage,
  account,
  now,
  token,
  writable,
}: {
  disputeId: bigint;
  dispute: DisputeRecord;
  round: DisputeRound;
  stage: CourtStage;
  account: Address;
  now: number;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  const flow = useTokenFlow();
  const court = deployment!.contracts.DisputeCourt.address;
  const key: VoteKey = { chainId, court, disputeId, round: round.round, arbitrator: account };
  const [choice, setChoice] = useState<Vote | null>(null);
  const [showBackup, setShowBackup] = useState(false);
  const [importText, setImportText] = useState("");
  const [importProblem, setImportProblem] = useState<string | null>(null);
  // Re-read after writes and imports; localStorage is this browser's only copy.
  const [storageVersion, setStorageVersion] = useState(0);
  const stored = storageVersion >= 0 ? loadVote(key) : null;
  const seat = round.votes.find((entry) => entry.arbitrator.toLowerCase() === account.toLowerCase());
  if (!seat) return null;
  const committed = seat.vote !== undefined && seat.vote.commitment !== zeroHash;
  const revealed = seat.vote !== undefined && seat.vote.revealed !== Ruling.None;
  const penalty = (round.lockPerSeat * BigInt(dispute.nonRevealPenaltyBps)) / 10_000n;

  const commit = (vote: Vote) =>
    flow.run(
      [
        {
          label: `Commit your vote (hidden until you reveal it)`,
          prepare: async () => {
            // Never overwrite the salt of a commitment already on chain.
            const onChain = await readContract(wagmiConfig, {
              address: court,
              abi: disputeCourtAbi,
              functionName: "voteOf",
              args: [disputeId, round.round, account],
              chainId,
            });
            if (onChain.commitment !== zeroHash) throw new Error("You have already committed a vote in this round.");
            const previous = loadVote(key);
            const salt = previous?.vote === vote ? previous.salt : newVoteSalt();
            saveVote(key, { vote, salt });
            setStorageVersion((v) => v + 1);
            const commitment = voteCommitment({ disputeId, round: round.round, arbitrator: account, vote, salt });
            return { address: court, abi: disputeCourtAbi, functionName: "commitVote", args: [disputeId, commitment] };
          },
        },
      ],
      { success: "Your vote is committed. Keep this browser's storage (or the backup) until you reveal it." },
    );
  const reveal = (vote: StoredVote) =>
    flow.run(
      [
        {
          label: `Reveal your vote ${voteNames[vote.vote]}`,
          prepare: () => ({
            address: court,
            abi: disputeCourtAbi,
            functionName: "revealVote",
            args: [disputeId, vote.vote, vote.salt],
          }),
        },
      ],
      { success: `Your vote ${voteNames[vote.vote]} is revealed.` },
    );

  function importBackup() {
    setImportProblem(null);
    try {
      const value = JSON.parse(importText) as { key?: unknown; vote?: unknown; salt?: unknown };
      if (value.key !== voteStorageKey(key)) {
        setImportProblem("That backup is for another dispute, round, account or chain.");
        return;
      }
      if (
        (value.vote !== Ruling.Client && value.vote !== Ruling.Agent) ||
        !isHex(value.salt) ||
        value.salt.length !== 66
      ) {
        setImportProblem("That backup has no vote, or its salt is not 32 bytes of hex.");
        return;
      }
      saveVote(key, { vote: value.vote, salt: value.salt });
      setStorageVersion((v) => v + 1);
      setImportText("");
    } catch {
      setImportProblem("Paste the backup exactly as it was exported (one line of JSON).");
    }
  }

  return (
    <section className="card" aria-labelledby="vote-heading" data-testid="vote-card">
      <div className="card__head">
        <h2 id="vote-heading">Your vote</h2>
        <span className="pill pill--muted">seat on round {round.round + 1}</span>
      </div>
      {revealed ? (
        <p data-testid="vote-revealed">
          You revealed your vote <strong>{voteNames[seat.vote!.revealed]}</strong>.
        </p>
      ) : stage.kind === "commit" && !committed ? (
        <>
          <p className="notice notice--warning" data-testid="vote-reminder">
            Commit before {formatTimestamp(stage.endsAt)} (chain time, in {formatDuration(stage.endsAt - now)}). Read
            the evidence first: the burden of proof is on the client, and a tie rules for the agent.
          </p>
          <div className="segmented" role="radiogroup" aria-label="Your vote">
            {([Ruling.Client, Ruling.Agent] as const).map((vote) => (
              <button
                key={vote}
                type="button"
                role="radio"
                aria-checked={choice === vote}
                className={`segmented__option${choice === vote ? " is-active" : ""}`}
                onClick={() => setChoice(vote)}
                data-testid={`vote-choice-${vote === Ruling.Client ? "client" : "agent"}`}
              >
                {vote === Ruling.Client ? "Client: reject the job, refund" : "Agent: the job stands, pay"}
              </button>
            ))}
          </div>
          <p className="muted small">
            Your vote stays secret until you reveal it: its random salt is kept in this browser only. Back it up once
            committed, or a cleared browser cannot reveal it.
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={!writable || flow.busy || choice === null}
            onClick={() => choice !== null && void commit(choice)}
            data-testid="vote-commit"
          >
            Commit vote
          </button>
        </>
      ) : committed && (stage.kind === "commit" || stage.kind === "reveal") ? (
        stored ? (
          <>
            <p>
              Your committed vote, kept in this browser:{" "}
              <strong data-testid="vote-stored">{voteNames[stored.vote]}</strong>.
            </p>
            {stage.kind === "reveal" ? (
              <p className="notice notice--warning" data-testid="vote-reminder">
                Reveal now, before {formatTimestamp(stage.endsAt)} (chain time, in {formatDuration(stage.endsAt - now)}
                ): you lose {token.format(penalty)} of your seat&apos;s lock if you do not.
              </p>
            ) : (
              <p className="muted" data-testid="vote-reminder">
                Reveals open at {formatTimestamp(round.commitEndsAt)} (chain time), or as soon as every seat has
                committed ({round.commits} of {round.panel.length} so far).
              </p>
            )}
            <div className="button-row">
              <button
                type="button"
                className="button button--primary"
                disabled={!writable || flow.busy || stage.kind !== "reveal"}
                onClick={() => void reveal(stored)}
                data-testid="vote-reveal"
              >
                Reveal vote
              </button>
              <button
                type="button"
                className="button button--ghost"
                onClick={() => setShowBackup((v) => !v)}
                data-testid="vote-backup-toggle"
              >
                {showBackup ? "Hide backup" : "Back up the salt"}
              </button>
            </div>
            {showBackup ? (
              <div className="stack">
                <p className="muted small">
                  Keep this line somewhere safe until you have revealed: without it, a cleared browser cannot reveal
                  your vote.
                </p>
                <pre className="output" data-testid="vote-backup">
                  {exportVote(key, stored)}
                </pre>
              </div>
            ) : null}
          </>
        ) : (
          <div className="stack">
            <p className="notice notice--error" data-testid="vote-salt-missing">
              You committed a vote, but this browser does not hold its salt, so it cannot reveal it. Import the backup
              you exported when you committed; without it the vote cannot be revealed and you lose{" "}
              {token.format(penalty)} of your seat&apos;s lock.
            </p>
            <textarea
              aria-label="Vote backup"
              rows={3}
              value={importText}
              onChange={(event) => setImportText(event.target.value)}
              data-testid="vote-import-text"
            />
            {importProblem ? (
              <p className="field__error" role="alert">
                {importProblem}
              </p>
            ) : null}
            <button type="button" className="button" onClick={importBackup} data-testid="vote-import">
              Import backup
            </button>
          </div>
        )
      ) : committed ? (
        <p className="muted">You committed a vote but did not reveal it in time.</p>
      ) : (
        <p className="muted">The commit period is over; you did not commit a vote.</p>
      )}
      <TxStatus state={flow.state} testId="vote-tx" onDismiss={flow.reset} />
    </section>
  );
}
