/**
 * Whether a dispute could seat its panel if it were opened now, from what the arbitrator registry
 * exposes: how many arbitrators are drawable, and whether each party is one of them. The court
 * never seats a dispute's parties (IDisputeCourt: the client and the job's operator are excluded
 * from every draw), so a party who is a drawable arbitrator takes one arbitrator out of the pool.
 * A round that cannot seat its panel lapses, and a lapsed first round rules for the agent: a client
 * should know that before posting a bond.
 *
 * It answers for now only: stakes move until the registry's draw session freezes them, so a
 * "drawable" answer is no promise, and a short one may be mended by arbitrators joining in time.
 */
import { InvalidInputError } from "../errors.ts";

export interface PanelAvailabilityParameters {
  /** ArbitratorRegistry.drawableCount(): arbitrators whose free stake reaches the seat lock. */
  drawableCount: bigint;
  /** ArbitratorRegistry.weightOf(client) and weightOf(operator): non-zero means drawable. */
  clientWeight: bigint;
  operatorWeight: bigint;
  /** Whether the client is also the job's operator (then one party, excluded once). */
  sameParty: boolean;
  /** The round's seats: DisputeCourt.params().firstPanelSize for round 0. */
  seats: number;
}

export interface PanelAvailabilityReturnType {
  /** Drawable arbitrators other than the parties. */
  eligible: bigint;
  seats: number;
  /** Whether `eligible` reaches `seats`. */
  drawable: boolean;
}

/** Seats of the appeal round (round 1), as DisputeCourt seats it: twice round 0's plus one. */
export function appealPanelSize(firstPanelSize: number): number {
  return 2 * firstPanelSize + 1;
}

export function panelAvailability({
  drawableCount,
  clientWeight,
  operatorWeight,
  sameParty,
  seats,
}: PanelAvailabilityParameters): PanelAvailabilityReturnType {
  if (!Number.isInteger(seats) || seats <= 0)
    throw new InvalidInputError(`A panel has at least one seat, not ${seats}`);
  if (drawableCount < 0n || clientWeight < 0n || operatorWeight < 0n) {
    throw new InvalidInputError("Arbitrator counts and weights are never negative");
  }
  const partiesDrawable = (clientWeight > 0n ? 1n : 0n) + (!sameParty && operatorWeight > 0n ? 1n : 0n);
  // The registry counts a party among the drawable only when its weight is non-zero, so this
  // cannot go below zero on consistent reads; reads from two different blocks could, hence the clamp.
  const eligible = drawableCount > partiesDrawable ? drawableCount - partiesDrawable : 0n;
  return { eligible, seats, drawable: eligible >= BigInt(seats) };
}
