/**
 * Reputation of agents and operators, derived from events alone (indexer/README.md explains the
 * choices). The indexer folds events with it; the app decays stored scores to a common time with
 * the same function, so the two can never disagree on the half-life. A reputation is a sum of
 * items, each decaying by half every `REPUTATION_HALF_LIFE`:
 *
 *   score(t) = Σ_i delta_i × 2^(-(t - t_i) / halfLife)
 *
 *   job paid (JobSettled, status Paid)              delta = +w(payment)
 *   dispute lost (JobSettled, status Rejected)      delta = -DISPUTE_LOSS_WEIGHT × w(payment)
 *   slash (StakeSlashed, amount taken)              delta = -SLASH_WEIGHT × w(taken)
 *   endorsement (Endorsed, rewarded under the cap)  delta = +ENDORSEMENT_WEIGHT
 *   endorsement voided (DoubleSignalled)            delta = -ENDORSEMENT_WEIGHT × 2^(-(t - t_endorsed) / halfLife)
 *
 *   w(amount) = log2(1 + amount / 10^18)             (amount in token units of 18 decimals)
 *
 * Rows keep the score as of their last change (`score`, `updatedAt`), so one step of the fold is
 * `score' = score × 2^(-(t - updatedAt)/halfLife) + delta`; the value at any later time is the
 * same decay applied by the reader. Only the first ENDORSEMENT_CAP_PER_EPOCH counted endorsements
 * of an agent in an epoch are rewarded (`countEndorsement`); voiding a rewarded one removes its
 * term exactly, as if it had never counted, and frees its place under the cap (`voidEndorsement`).
 * Handlers and `replayReputation` run these same functions, so a
 * replay of the events gives the stored rows bit for bit.
 */

/** 30 days, in seconds: a month-old job counts half. */
export const REPUTATION_HALF_LIFE = 30n * 24n * 60n * 60n;
/** A dispute lost costs as much as three paid jobs of the same value. */
export const DISPUTE_LOSS_WEIGHT = 3;
/** A slash costs twice the weight of the stake taken. */
export const SLASH_WEIGHT = 2;
/**
 * What one counted endorsement adds: a quarter of a 1-token paid job. Each needs a distinct
 * anonymous identity with the Endorsements threshold staked (indexer/README.md says why that
 * resists Sybils), and the cap bounds an agent's endorsement term at
 * ENDORSEMENT_WEIGHT × ENDORSEMENT_CAP_PER_EPOCH per epoch however many identities back it.
 */
export const ENDORSEMENT_WEIGHT = 0.25;
/** Counted endorsements of one agent in one epoch that add to its reputation. */
export const ENDORSEMENT_CAP_PER_EPOCH = 4;
/** The token's unit: weights are logarithms of whole tokens. */
export const REPUTATION_UNIT = 10n ** 18n;

export type ReputationCause = "job_paid" | "dispute_lost" | "slashed" | "endorsed" | "endorsement_voided";

/** One item of a reputation: what happened, how much it was about, and when. */
export interface ReputationEvent {
  cause: ReputationCause;
  /** The job's payment, or the stake a slash took; 0 for endorsements. */
  amount: bigint;
  timestamp: bigint;
  /** endorsement_voided only: when the voided endorsement was counted. */
  endorsedAt?: bigint;
}

export interface ReputationState {
  /** The score as of `updatedAt`. */
  score: number;
  updatedAt: bigint;
  paidJobs: number;
  paidValue: bigint;
  disputesLost: number;
  slashes: number;
  slashedAmount: bigint;
  /** Endorsements adding to the score: counted under the cap, less those voided since. */
  endorsements: number;
}

export const emptyReputation: ReputationState = {
  score: 0,
  updatedAt: 0n,
  paidJobs: 0,
  paidValue: 0n,
  disputesLost: 0,
  slashes: 0,
  slashedAmount: 0n,
  endorsements: 0,
};

/** log2(1 + amount in whole tokens): concave, so value counts but many jobs beat one large one. */
export function valueWeight(amount: bigint): number {
  const whole = Number(amount / REPUTATION_UNIT) + Number(amount % REPUTATION_UNIT) / Number(REPUTATION_UNIT);
  return Math.log2(1 + whole);
}

/** What one event adds to the score at its own time. */
export function reputationDelta({
  cause,
  amount,
  timestamp,
  endorsedAt,
}: Pick<ReputationEvent, "cause" | "amount" | "endorsedAt"> & { timestamp?: bigint }): number {
  switch (cause) {
    case "job_paid":
      return valueWeight(amount);
    case "dispute_lost":
      return -DISPUTE_LOSS_WEIGHT * valueWeight(amount);
    case "slashed":
      return -SLASH_WEIGHT * valueWeight(amount);
    case "endorsed":
      return ENDORSEMENT_WEIGHT;
    case "endorsement_voided":
      // The endorsement's own term as it stands now, so the score is as if it never counted.
      return -decayScore(ENDORSEMENT_WEIGHT, endorsedAt ?? timestamp ?? 0n, timestamp ?? 0n);
  }
}

/** `score`, recorded at `from`, as of `to` (never decays backwards: an earlier `to` returns it as is). */
export function decayScore(score: number, from: bigint, to: bigint): number {
  if (to <= from || score === 0) return score;
  return score * 2 ** -(Number(to - from) / Number(REPUTATION_HALF_LIFE));
}

/** The state right after `event`; the one step the handlers and the replay share. */
export function applyReputationEvent(
  state: ReputationState,
  event: ReputationEvent,
): { state: ReputationState; delta: number } {
  const delta = reputationDelta(event);
  const score = decayScore(state.score, state.updatedAt, event.timestamp) + delta;
  return {
    delta,
    state: {
      score,
      updatedAt: event.timestamp > state.updatedAt ? event.timestamp : state.updatedAt,
      paidJobs: state.paidJobs + (event.cause === "job_paid" ? 1 : 0),
      paidValue: state.paidValue + (event.cause === "job_paid" ? event.amount : 0n),
      disputesLost: state.disputesLost + (event.cause === "dispute_lost" ? 1 : 0),
      slashes: state.slashes + (event.cause === "slashed" ? 1 : 0),
      slashedAmount: state.slashedAmount + (event.cause === "slashed" ? event.amount : 0n),
      endorsements:
        state.endorsements + (event.cause === "endorsed" ? 1 : event.cause === "endorsement_voided" ? -1 : 0),
    },
  };
}

/** The reputation from its events alone, in chain order. */
export function replayReputation(events: readonly ReputationEvent[]): ReputationState {
  return events.reduce((state, event) => applyReputationEvent(state, event).state, emptyReputation);
}

/** The score as of `asOf` (the latest indexed block's time, in the API). */
export function currentScore(state: Pick<ReputationState, "score" | "updatedAt">, asOf: bigint): number {
  return decayScore(state.score, state.updatedAt, asOf);
}

/** An agent's endorsements in one epoch: what the contract counts and what adds to reputation. */
export interface EndorsementCounts {
  /** Endorsements not voided: the contract's `endorsementCount(agentId, epoch)`. */
  counted: number;
  /** Of those, the ones adding ENDORSEMENT_WEIGHT (at most ENDORSEMENT_CAP_PER_EPOCH). */
  rewarded: number;
}

export const emptyEndorsementCounts: EndorsementCounts = { counted: 0, rewarded: 0 };

/** A new endorsement of the epoch: counted, and rewarded while the epoch is under the cap. */
export function countEndorsement(counts: EndorsementCounts): { counts: EndorsementCounts; rewarded: boolean } {
  const rewarded = counts.rewarded < ENDORSEMENT_CAP_PER_EPOCH;
  return { rewarded, counts: { counted: counts.counted + 1, rewarded: counts.rewarded + (rewarded ? 1 : 0) } };
}

/** A double signal voids an endorsement: no longer counted, and its reward (if any) freed. */
export function voidEndorsement(counts: EndorsementCounts, rewarded: boolean): EndorsementCounts {
  return { counted: counts.counted - 1, rewarded: counts.rewarded - (rewarded ? 1 : 0) };
}
