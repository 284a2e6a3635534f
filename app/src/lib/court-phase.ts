/**
 * Where a dispute's current round stands at a given chain time, and what may be done about it,
 * following DisputeCourt's own comparisons (see IDisputeCourt's phase diagram); and when the
 * arbitrator registry's stakes thaw during a draw session. The contract has the last word: these
 * only decide what the page offers and counts down to. Which call moves the draw line on is the
 * sdk's `nextDrawStep`.
 */
import { DisputePhase, DrawPhase, type DrawSessionState } from "@leasehold/sdk/court";
import { formatTimestamp } from "./format";

/** The fields of IDisputeCourt.Round this needs. */
export interface RoundTimes {
  drawDeadline: bigint;
  commitEndsAt: bigint;
  revealEndsAt: bigint;
  appealEndsAt: bigint;
  commits: number;
  reveals: number;
  lapsed: boolean;
}

export type CourtStage =
  | { kind: "drawing"; lapsable: boolean }
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
}: {
  phase: number;
  round: number;
  times: RoundTimes;
  /** Seats of the current round's panel (0 before the draw). */
  seats: number;
  /** Chain time, in seconds. */
  now: number;
}): CourtStage {
  switch (phase) {
    case DisputePhase.Drawing:
      // When the panel can be drawn is the registry's draw line (nextDrawStep), not the round's.
      return { kind: "drawing", lapsable: now > Number(times.drawDeadline) };
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

/**
 * While a draw session runs, stakes are frozen: deposits, leave requests and cancellations, and
 * the court's round closes (seat releases) revert with ArbitratorRegistryStakesFrozen. They thaw
 * when someone ends the session once its draws are done, and may be forced to thaw (`passPhase`)
 * `maxDrawingTime` after the phase began: the time returned here, or null while Staking. A
 * session whose randomness arrives goes on drawing, so Generating's time is the earliest forced
 * thaw, not a promise.
 */
export function stakesThawBy(state: DrawSessionState): bigint | null {
  if (state.phase === DrawPhase.Staking) return null;
  return state.phaseStartedAt + state.maxDrawingTime;
}

/**
 * How a dispute's compensation is backed (IDisputeCourt, "Backing the compensation"): the job's
 * collateral first, then the operator's free stake the court locked at opening, then an
 * insurance claim for the rest, the insured gap (the part only the pool covers).
 */
export function compensationBacking({
  compensation,
  collateral,
  operatorLock,
}: {
  compensation: bigint;
  collateral: bigint;
  operatorLock: bigint;
}): { collateral: bigint; operatorLock: bigint; insuredGap: bigint } {
  const fromCollateral = collateral < compensation ? collateral : compensation;
  const gap = compensation - fromCollateral - operatorLock;
  return { collateral: fromCollateral, operatorLock, insuredGap: gap > 0n ? gap : 0n };
}

/**
 * Why stakes are frozen and until when, as a sentence ending "… thaw …", or null while Staking:
 * "draw session 3 awaits its randomness: if none comes, stakes thaw at … (chain time); if it
 * comes, once the session's panels are drawn".
 */
export function stakesFrozenText(state: DrawSessionState): string | null {
  const thawBy = stakesThawBy(state);
  if (thawBy === null) return null;
  const by = `${formatTimestamp(thawBy)} (chain time)`;
  return state.phase === DrawPhase.Generating
    ? `draw session ${state.session} awaits its randomness: if none comes, stakes thaw at ${by}; if it comes, once the session's panels are drawn and someone ends it`
    : `draw session ${state.session} is drawing its panels: stakes thaw once its draws are done and someone ends it, at ${by} at the latest`;
}

/** IArbitratorRegistry.Phase as a short label. */
export const drawPhaseLabels: Record<number, string> = {
  [DrawPhase.Staking]: "Stakes open",
  [DrawPhase.Generating]: "Awaiting randomness",
  [DrawPhase.Drawing]: "Drawing panels",
};

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
