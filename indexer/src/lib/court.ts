/**
 * The dispute court's and the arbitrator registry's enums as the indexer names them, the ids of
 * their rows, and the amounts the court derives from its events.
 */
import { DisputePhase, DrawPhase, InvalidInputError, Ruling } from "@leasehold/sdk";
import type { disputePhase, disputeRuling, drawPhase } from "../../ponder.schema.ts";

export type DisputePhaseName = (typeof disputePhase.enumValues)[number];
export type RulingName = (typeof disputeRuling.enumValues)[number];
export type DrawPhaseName = (typeof drawPhase.enumValues)[number];

/** IDisputeCourt.Ruling's name; `None` (0) is never a vote or a ruling an event carries. */
export function rulingName(value: number): RulingName {
  if (value === Ruling.Client) return "client";
  if (value === Ruling.Agent) return "agent";
  throw new InvalidInputError(`No ruling ${value}`);
}

/**
 * What a dispute's row becomes when one of its rounds is ruled: the round's ruling stands from
 * then on (round 0's may still be appealed), so a dispute in phase `ruled` always names it.
 * `getDispute` fills its `ruling` only at execution; the row names it as soon as it is known.
 */
export function disputeRuled(ruling: number): { phase: "ruled"; ruling: RulingName } {
  return { phase: "ruled", ruling: rulingName(ruling) };
}

/** What a dispute's row becomes when a round starts: no ruling stands while a panel is drawn. */
export function disputeRoundStarted(round: number): { phase: "drawing"; round: number; ruling: null } {
  return { phase: "drawing", round, ruling: null };
}

/** IDisputeCourt.Phase's name; `None` (0) belongs to disputes that do not exist. */
export function disputePhaseName(value: number): DisputePhaseName {
  const names: Record<number, DisputePhaseName | undefined> = {
    [DisputePhase.Drawing]: "drawing",
    [DisputePhase.Voting]: "voting",
    [DisputePhase.Ruled]: "ruled",
    [DisputePhase.Executed]: "executed",
  };
  const name = names[value];
  if (name === undefined) throw new InvalidInputError(`No dispute phase ${value}`);
  return name;
}

/** IArbitratorRegistry.Phase's name. */
export function drawPhaseName(value: number): DrawPhaseName {
  const names: Record<number, DrawPhaseName | undefined> = {
    [DrawPhase.Staking]: "staking",
    [DrawPhase.Generating]: "generating",
    [DrawPhase.Drawing]: "drawing",
  };
  const name = names[value];
  if (name === undefined) throw new InvalidInputError(`No draw phase ${value}`);
  return name;
}

export const roundId = (disputeId: bigint, round: number) => `${disputeId}-${round}`;
export const seatId = (disputeId: bigint, round: number, arbitrator: string) =>
  `${disputeId}-${round}-${arbitrator.toLowerCase()}`;

/**
 * What the court sends the pool when it shares out a round's fee and penalties (`_share`): the
 * whole pot when nobody voted coherently, else the dust left by an equal split.
 */
export function shareRemainder(pot: bigint, coherentVoters: bigint): bigint {
  if (coherentVoters === 0n) return pot;
  return pot % coherentVoters;
}

/**
 * The part of a dispute's compensation that neither the job's collateral nor the operator's
 * locked stake backs: what the court's insurance claim covers (IDisputeCourt, "Backing the
 * compensation").
 */
export function insuredGap({
  compensation,
  collateral,
  operatorLock,
}: {
  compensation: bigint;
  collateral: bigint;
  operatorLock: bigint;
}): bigint {
  const gap = compensation - collateral - operatorLock;
  return gap > 0n ? gap : 0n;
}
