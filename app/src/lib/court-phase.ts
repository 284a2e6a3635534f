/**
 * Where a dispute's current round stands at a given chain time and block, and what may be done
 * about it, following DisputeCourt's own comparisons (see IDisputeCourt's phase diagram). The
 * contract has the last word: these only decide what the page offers and counts down to.
 */
import { DisputePhase } from "@leasehold/sdk/court";

/** The fields of IDisputeCourt.Round this needs. */
export interface RoundTimes {
  drawBlock: bigint;
  drawDeadline: bigint;
  commitEndsAt: bigint;
  revealEndsAt: bigint;
  appealEndsAt: bigint;
  commits: number;
  reveals: number;
  lapsed: boolean;
}

export type CourtStage =
  | { kind: "drawing"; drawable: boolean; blocksToDraw: bigint; lapsable: boolean }
  | { kind: "commit"; endsAt: number }
  | { kind: "reveal"; endsAt: number; closable: boolean }
  | { kind: "tally"; closable: true }
  | { kind: "appeal"; endsAt: number }
  | { kind: "executable" }
  | { kind: "executed" }
  | { kind: "unknown" };

export function courtStage({
  phase,
  round,
  times,
  seats,
  now,
  blockNumber,
}: {
  phase: number;
  round: number;
  times: RoundTimes;
  /** Seats of the current round's panel (0 before the draw). */
  seats: number;
  /** Chain time, in seconds. */
  now: number;
  blockNumber: bigint | undefined;
}): CourtStage {
  switch (phase) {
    case DisputePhase.Drawing: {
      const next = (blockNumber ?? 0n) + 1n;
      return {
        kind: "drawing",
        drawable: blockNumber !== undefined && next > times.drawBlock,
        blocksToDraw: times.drawBlock >= next ? times.drawBlock - next + 1n : 0n,
        lapsable: now > Number(times.drawDeadline),
      };
    }
    case DisputePhase.Voting: {
      const allCommitted = seats > 0 && times.commits >= seats;
      if (now < Number(times.commitEndsAt) && !allCommitted) {
        return { kind: "commit", endsAt: Number(times.commitEndsAt) };
      }
      const allRevealed = seats > 0 && times.reveals >= seats;
      if (now < Number(times.revealEndsAt) && !allRevealed) {
        return { kind: "reveal", endsAt: Number(times.revealEndsAt), closable: false };
      }
      return { kind: "tally", closable: true };
    }
    case DisputePhase.Ruled:
      if (round === 0 && !times.lapsed && now < Number(times.appealEndsAt)) {
        return { kind: "appeal", endsAt: Number(times.appealEndsAt) };
      }
      return { kind: "executable" };
    case DisputePhase.Executed:
      return { kind: "executed" };
    default:
      return { kind: "unknown" };
  }
}

/** IDisputeCourt.Phase as a short label. */
export const courtPhaseLabels: Record<number, string> = {
  [DisputePhase.None]: "Unknown",
  [DisputePhase.Drawing]: "Drawing",
  [DisputePhase.Voting]: "Voting",
  [DisputePhase.Ruled]: "Ruled",
  [DisputePhase.Executed]: "Executed",
};

/** IDisputeCourt.Ruling as people say it. */
export const rulingLabels: Record<number, string> = { 0: "none yet", 1: "for the client", 2: "for the agent" };
