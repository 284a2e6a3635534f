"use client";
import { disputeCourtAbi } from "@leasehold/sdk/abis";
import { DisputePhase, Ruling } from "@leasehold/sdk/court";
import Link from "next/link";
import { JobLink } from "@/components/ui/entity-link";
import { zeroHash, type Address } from "viem";
import { useReadContracts } from "wagmi";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { fetchArbitratorSeats } from "@/lib/court-indexer";
import { courtPhaseLabels, courtStage, rulingLabels, type CourtStage } from "@/lib/court-phase";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import type { StakeToken } from "@/lib/use-stake-token";
import type { RoundRecord } from "./use-dispute";

type DisputeRecord = {
  jobId: bigint;
  round: number;
  phase: number;
  nonRevealPenaltyBps: number;
  firstPanelSize: number;
};
type VoteRecord = { commitment: `0x${string}`; revealed: number };

/**
 * "Drawn to me": the disputes whose current round seats the connected arbitrator. The indexer
 * says which seats it ever held; the chain says where each dispute is now.
 */
export function DrawnQueue({ account, token }: { account: Address; token: StakeToken }) {
  const { deployment, chainId } = useRuntimeConfig();
  const now = useChainNow();
  const court = deployment!.contracts.DisputeCourt.address;
  const seats = useIndexed(["court-seats", account], () => fetchArbitratorSeats(account), true);
  const held = seats.data?.panelSeats.items ?? [];
  const contract = { address: court, abi: disputeCourtAbi, chainId } as const;
  const chain = useReadContracts({
    contracts: held.flatMap((seat) => {
      const disputeId = BigInt(seat.disputeId);
      return [
        { ...contract, functionName: "getDispute", args: [disputeId] } as const,
        { ...contract, functionName: "getRound", args: [disputeId, seat.round] } as const,
        { ...contract, functionName: "voteOf", args: [disputeId, seat.round, account] } as const,
      ];
    }),
    allowFailure: false,
    query: { enabled: held.length > 0 },
  });
  const results = chain.data as unknown as readonly unknown[] | undefined;
  const rows = results
    ? held
        .map((seat, i) => ({
          seat,
          dispute: results[i * 3] as DisputeRecord,
          round: results[i * 3 + 1] as RoundRecord,
          vote: results[i * 3 + 2] as VoteRecord,
        }))
        .filter(({ seat, dispute }) => dispute.round === seat.round && dispute.phase !== DisputePhase.Executed)
    : [];

  return (
    <section className="card card--wide" aria-labelledby="drawn-heading" data-testid="drawn-queue">
      <div className="card__head">
        <h2 id="drawn-heading">Drawn to me</h2>
        <IndexedBadge snapshot={seats} />
      </div>
      {seats.error && !seats.data ? (
        <p className="notice notice--warning">
          The indexer is not reachable, so the panels you sit on cannot be listed.
        </p>
      ) : held.length === 0 ? (
        <p className="muted" data-testid="drawn-empty">
          {seats.loading ? "Looking for your seats…" : "You hold no seat on a live dispute."}
        </p>
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="drawn-empty">
          {chain.isPending ? "Reading your disputes from the chain…" : "You hold no seat on a live dispute."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Dispute</th>
                <th scope="col">Phase</th>
                <th scope="col">Deadlines (chain time)</th>
                <th scope="col">What to do</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ seat, dispute, round, vote }) => {
                const stage = courtStage({
                  phase: dispute.phase,
                  round: dispute.round,
                  times: round,
                  seats: panelSize(dispute, seat.round),
                  now,
                });
                const penalty = (round.lockPerSeat * BigInt(dispute.nonRevealPenaltyBps)) / 10_000n;
                return (
                  <tr key={seat.id} data-testid={`drawn-${seat.disputeId}`}>
                    <td>
                      <Link href={`/court/disputes/${seat.disputeId}`} data-testid={`drawn-link-${seat.disputeId}`}>
                        #{seat.disputeId}
                      </Link>{" "}
                      <span className="muted small">
                        <JobLink id={dispute.jobId}>job #{dispute.jobId.toString()}</JobLink> · round {seat.round + 1}
                      </span>
                    </td>
                    <td>{courtPhaseLabels[dispute.phase]}</td>
                    <td className="small">
                      <Deadline label="commit ends" at={round.commitEndsAt} now={now} />
                      <Deadline label="reveal ends" at={round.revealEndsAt} now={now} />
                      {dispute.phase === DisputePhase.Ruled && seat.round === 0 ? (
                        <Deadline label="appeal ends" at={round.appealEndsAt} now={now} />
                      ) : null}
                    </td>
                    <td data-testid={`drawn-reminder-${seat.disputeId}`}>
                      {reminder(stage, vote, round, penalty, token)}
                    </td>
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

/** Seats of a drawn round: the first panel, or twice as many plus one on appeal. */
function panelSize(dispute: DisputeRecord, round: number): number {
  return round === 0 ? dispute.firstPanelSize : dispute.firstPanelSize * 2 + 1;
}

function Deadline({ label, at, now }: { label: string; at: bigint; now: number }) {
  if (at === 0n) return null;
  const left = Number(at) - now;
  return (
    <span className="timeline__detail" style={{ display: "block" }}>
      {label} {formatTimestamp(at)}
      {left > 0 ? ` · in ${formatDuration(left)}` : " · passed"}
    </span>
  );
}

function reminder(stage: CourtStage, vote: VoteRecord, round: RoundRecord, penalty: bigint, token: StakeToken) {
  const committed = vote.commitment !== zeroHash;
  const revealed = vote.revealed !== Ruling.None;
  switch (stage.kind) {
    case "commit":
      return committed
        ? `Committed. Reveal opens at ${formatTimestamp(round.commitEndsAt)}, or once every seat has committed.`
        : `Commit before ${formatTimestamp(stage.endsAt)}.`;
    case "reveal":
      return revealed
        ? `Revealed ${rulingLabels[vote.revealed]}; waiting for the rest of the panel.`
        : committed
          ? `Reveal now: you lose ${token.format(penalty)} if you do not (before ${formatTimestamp(stage.endsAt)}).`
          : "You did not commit in time.";
    case "tally":
      return "Voting is over: anyone may close the round.";
    case "appeal":
      return `Ruled ${rulingLabels[round.ruling]}; the appeal window is open.`;
    case "executable":
      return `Ruled ${rulingLabels[round.ruling]}; anyone may execute the ruling.`;
    default:
      return "";
  }
}
