/**
 * The arbitrator registry's draw sessions off chain: what state a session is in, and the one
 * call that moves it on next. Panels are drawn in sessions (IArbitratorRegistry): stakes move
 * freely while Staking; `passPhase` starts a session (Generating: weights freeze and one random
 * value is requested), reveals the value (Drawing: tickets are drawn strictly in order) and ends
 * it (Staking again). Anyone may make each of those calls; the app's dispute page, the devnet's
 * clerk and the tests all decide the next one with `nextDrawStep`, so they agree on it.
 */
import type { Address, PublicClient } from "viem";
import { arbitratorRegistryAbi, blockhashRandomnessAbi, disputeCourtAbi } from "../generated/abis.ts";

/** IArbitratorRegistry.Phase. */
export const DrawPhase = { Staking: 0, Generating: 1, Drawing: 2 } as const;
export type DrawPhase = (typeof DrawPhase)[keyof typeof DrawPhase];

/** IRandomnessSource.RequestStatus. */
export const RandomnessStatus = { None: 0, Pending: 1, Ready: 2, Expired: 3 } as const;
export type RandomnessStatus = (typeof RandomnessStatus)[keyof typeof RandomnessStatus];

/** What the registry and the court say about the draw line, read in one go. */
export interface DrawSessionState {
  phase: DrawPhase;
  /** The current (or last) session; sessions count from 1. */
  session: bigint;
  phaseStartedAt: bigint;
  minStakingTime: bigint;
  maxDrawingTime: bigint;
  /** Tickets neither drawn nor cancelled. */
  openTickets: bigint;
  /** The next open ticket (0 when none), the session it waits for and its dispute. */
  nextTicket: bigint;
  nextTicketSession: bigint;
  nextDisputeId: bigint;
  /** The session's randomness request and where the source says it stands. */
  requestId: bigint;
  randomness: RandomnessStatus;
}

/** The one call that moves the draw line on, or why none can be made yet. */
export type DrawStep =
  /** No ticket waits: nothing to draw. */
  | { kind: "idle" }
  /** Stakes stay open until `until` (chain time) before a session may start. */
  | { kind: "waitStaking"; until: bigint }
  /** `passPhase` starts a session: stakes freeze and the randomness is requested. */
  | { kind: "startSession" }
  /** The randomness source has not answered; on a block-hash source, blocks must be mined. */
  | { kind: "waitRandomness"; until: bigint }
  /** `passPhase` stores the answered randomness (or asks again, or gives up after the timeout). */
  | { kind: "revealRandomness" }
  /** `DisputeCourt.draw(disputeId)` draws the next ticket in line. */
  | { kind: "draw"; disputeId: bigint }
  /** `passPhase` ends the session: its draws are done, stakes thaw. */
  | { kind: "endSession" };

/**
 * The next step of the draw line at chain time `now` (the time the next block will have, not the
 * last block's: a call is judged by the block it lands in).
 */
export function nextDrawStep(state: DrawSessionState, now: bigint): DrawStep {
  const timesOutAt = state.phaseStartedAt + state.maxDrawingTime;
  switch (state.phase) {
    case DrawPhase.Staking: {
      if (state.openTickets === 0n) return { kind: "idle" };
      const until = state.phaseStartedAt + state.minStakingTime;
      return now < until ? { kind: "waitStaking", until } : { kind: "startSession" };
    }
    case DrawPhase.Generating:
      if (state.randomness === RandomnessStatus.Pending && now < timesOutAt) {
        return { kind: "waitRandomness", until: timesOutAt };
      }
      return { kind: "revealRandomness" };
    default: {
      const drawable = state.nextTicket !== 0n && state.nextTicketSession <= state.session;
      if (drawable) return { kind: "draw", disputeId: state.nextDisputeId };
      return { kind: "endSession" };
    }
  }
}

/** Reads the draw line's state from the registry, the court and the randomness source. */
export async function readDrawSession(
  publicClient: PublicClient,
  contracts: { ArbitratorRegistry: { address: Address }; DisputeCourt: { address: Address } },
): Promise<DrawSessionState> {
  const registry = { address: contracts.ArbitratorRegistry.address, abi: arbitratorRegistryAbi } as const;
  const court = { address: contracts.DisputeCourt.address, abi: disputeCourtAbi } as const;
  const [phase, session, phaseStartedAt, schedule, openTickets, next, nextDraw, sessionRandomness, source] =
    await Promise.all([
      publicClient.readContract({ ...registry, functionName: "phase" }),
      publicClient.readContract({ ...registry, functionName: "session" }),
      publicClient.readContract({ ...registry, functionName: "phaseStartedAt" }),
      publicClient.readContract({ ...registry, functionName: "drawSchedule" }),
      publicClient.readContract({ ...registry, functionName: "openTickets" }),
      publicClient.readContract({ ...registry, functionName: "nextTicket" }),
      publicClient.readContract({ ...court, functionName: "nextDraw" }),
      publicClient.readContract({ ...registry, functionName: "sessionRandomness" }),
      publicClient.readContract({ ...registry, functionName: "randomnessSource" }),
    ]);
  const [requestId] = sessionRandomness;
  let randomness: RandomnessStatus = RandomnessStatus.None;
  if (phase === DrawPhase.Generating) {
    // Every source answers IRandomnessSource.randomnessOf; the block-hash source's ABI names it.
    const [status] = await publicClient.readContract({
      address: source,
      abi: blockhashRandomnessAbi,
      functionName: "randomnessOf",
      args: [requestId],
    });
    randomness = status as RandomnessStatus;
  }
  return {
    phase: phase as DrawPhase,
    session: BigInt(session),
    phaseStartedAt: BigInt(phaseStartedAt),
    minStakingTime: BigInt(schedule[0]),
    maxDrawingTime: BigInt(schedule[1]),
    openTickets,
    nextTicket: next[0],
    nextTicketSession: BigInt(next[1]),
    nextDisputeId: nextDraw[0],
    requestId,
    randomness,
  };
}
