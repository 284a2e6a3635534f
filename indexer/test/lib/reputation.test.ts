import { parseEther } from "viem";
import { describe, expect, it } from "vitest";
import {
  applyReputationEvent,
  countEndorsement,
  currentScore,
  decayScore,
  DISPUTE_LOSS_WEIGHT,
  emptyEndorsementCounts,
  emptyReputation,
  ENDORSEMENT_CAP_PER_EPOCH,
  ENDORSEMENT_WEIGHT,
  REPUTATION_HALF_LIFE,
  replayReputation,
  reputationDelta,
  SLASH_WEIGHT,
  valueWeight,
  voidEndorsement,
  type ReputationEvent,
} from "@leasehold/sdk/reputation";

const day = 24n * 60n * 60n;
const start = 1_800_000_000n;
const events: ReputationEvent[] = [
  { cause: "job_paid", amount: parseEther("5"), timestamp: start },
  { cause: "job_paid", amount: parseEther("1"), timestamp: start + 2n * day },
  { cause: "dispute_lost", amount: parseEther("5"), timestamp: start + 10n * day },
  { cause: "slashed", amount: parseEther("10"), timestamp: start + 10n * day },
  { cause: "job_paid", amount: parseEther("0.5"), timestamp: start + 40n * day },
  { cause: "endorsed", amount: 0n, timestamp: start + 41n * day },
  { cause: "endorsed", amount: 0n, timestamp: start + 41n * day + 60n },
  { cause: "endorsement_voided", amount: 0n, timestamp: start + 42n * day, endorsedAt: start + 41n * day },
];

describe("# valueWeight", () => {
  it("should be log2 of one plus the amount in whole tokens", () => {
    expect(valueWeight(0n)).toBe(0);
    expect(valueWeight(parseEther("1"))).toBe(1);
    expect(valueWeight(parseEther("3"))).toBe(2);
    expect(valueWeight(parseEther("0.5"))).toBeCloseTo(Math.log2(1.5), 15);
    expect(valueWeight(parseEther("1000000000"))).toBeCloseTo(Math.log2(1e9 + 1), 9);
  });
});

describe("# reputationDelta", () => {
  it("should reward paid jobs and charge disputes lost and slashes at their weights", () => {
    const amount = parseEther("7");
    expect(reputationDelta({ cause: "job_paid", amount })).toBe(3);
    expect(reputationDelta({ cause: "dispute_lost", amount })).toBe(-DISPUTE_LOSS_WEIGHT * 3);
    expect(reputationDelta({ cause: "slashed", amount })).toBe(-SLASH_WEIGHT * 3);
  });
});

describe("# decayScore", () => {
  it("should halve a score every half-life and never decay backwards", () => {
    expect(decayScore(8, start, start + REPUTATION_HALF_LIFE)).toBe(4);
    expect(decayScore(8, start, start + 3n * REPUTATION_HALF_LIFE)).toBe(1);
    expect(decayScore(-8, start, start + REPUTATION_HALF_LIFE)).toBe(-4);
    expect(decayScore(8, start, start - day)).toBe(8);
    expect(decayScore(8, start, start)).toBe(8);
  });
});

describe("# replayReputation", () => {
  it("should equal the sum of every item's delta decayed from its own time", () => {
    const replayed = replayReputation(events);
    const last = events.at(-1)!.timestamp;
    const direct = events.reduce((sum, event) => sum + decayScore(reputationDelta(event), event.timestamp, last), 0);
    expect(replayed.score).toBeCloseTo(direct, 12);
    expect(replayed.updatedAt).toBe(last);
  });

  it("should give, step by step, exactly what the handlers store", () => {
    let state = { ...emptyReputation };
    for (const event of events) state = applyReputationEvent(state, event).state;
    expect(replayReputation(events)).toEqual(state);
  });

  it("should count paid jobs, their value, disputes lost and slashes without decay", () => {
    expect(replayReputation(events)).toMatchObject({
      paidJobs: 3,
      paidValue: parseEther("6.5"),
      disputesLost: 1,
      slashes: 1,
      slashedAmount: parseEther("10"),
      endorsements: 1,
    });
  });

  it("should start from nothing", () => {
    expect(replayReputation([])).toEqual(emptyReputation);
  });
});

describe("# currentScore", () => {
  it("should decay the stored score to the reference time, keeping the ranking of two reputations", () => {
    const strong = replayReputation(events.filter((event) => event.cause === "job_paid"));
    const weak = replayReputation(events);
    for (const asOf of [start + 40n * day, start + 400n * day]) {
      expect(currentScore(strong, asOf)).toBeGreaterThan(currentScore(weak, asOf));
    }
    expect(currentScore(strong, strong.updatedAt + REPUTATION_HALF_LIFE)).toBeCloseTo(strong.score / 2, 12);
  });
});

describe("# endorsements", () => {
  const endorsed = (timestamp: bigint): ReputationEvent => ({ cause: "endorsed", amount: 0n, timestamp });
  const voided = (endorsedAt: bigint, timestamp: bigint): ReputationEvent => ({
    cause: "endorsement_voided",
    amount: 0n,
    timestamp,
    endorsedAt,
  });

  it("should add ENDORSEMENT_WEIGHT per rewarded endorsement, whatever the amount", () => {
    expect(reputationDelta({ cause: "endorsed", amount: 0n })).toBe(ENDORSEMENT_WEIGHT);
    expect(reputationDelta({ cause: "endorsed", amount: parseEther("1000") })).toBe(ENDORSEMENT_WEIGHT);
  });

  it("should remove a voided endorsement's term exactly, as if it never counted", () => {
    const kept = replayReputation([...events, endorsed(start + 44n * day)]);
    const withVoided = replayReputation([
      ...events,
      endorsed(start + 43n * day),
      endorsed(start + 44n * day),
      voided(start + 43n * day, start + 44n * day + 3600n),
    ]);
    const asOf = start + 60n * day;
    expect(currentScore(withVoided, asOf)).toBeCloseTo(currentScore(kept, asOf), 12);
    expect(withVoided.endorsements).toBe(kept.endorsements);
    expect(reputationDelta(voided(start, start + REPUTATION_HALF_LIFE))).toBeCloseTo(-ENDORSEMENT_WEIGHT / 2, 15);
  });

  it("should reward at most ENDORSEMENT_CAP_PER_EPOCH endorsements of an epoch, and free a voided one's place", () => {
    let counts = emptyEndorsementCounts;
    const rewarded: boolean[] = [];
    for (let index = 0; index < ENDORSEMENT_CAP_PER_EPOCH + 2; ++index) {
      const next = countEndorsement(counts);
      counts = next.counts;
      rewarded.push(next.rewarded);
    }
    expect(rewarded.filter(Boolean)).toHaveLength(ENDORSEMENT_CAP_PER_EPOCH);
    expect(rewarded.slice(ENDORSEMENT_CAP_PER_EPOCH)).toEqual([false, false]);
    expect(counts).toEqual({ counted: ENDORSEMENT_CAP_PER_EPOCH + 2, rewarded: ENDORSEMENT_CAP_PER_EPOCH });
    counts = voidEndorsement(counts, false);
    expect(counts).toEqual({ counted: ENDORSEMENT_CAP_PER_EPOCH + 1, rewarded: ENDORSEMENT_CAP_PER_EPOCH });
    counts = voidEndorsement(counts, true);
    expect(countEndorsement(counts)).toEqual({
      rewarded: true,
      counts: { counted: ENDORSEMENT_CAP_PER_EPOCH + 1, rewarded: ENDORSEMENT_CAP_PER_EPOCH },
    });
  });

  it("should bound what any number of identities can add to an agent in one epoch", () => {
    let counts = emptyEndorsementCounts;
    const items: ReputationEvent[] = [];
    for (let index = 0; index < 50; ++index) {
      const next = countEndorsement(counts);
      counts = next.counts;
      if (next.rewarded) items.push(endorsed(start + BigInt(index)));
    }
    const state = replayReputation(items);
    expect(state.score).toBeLessThanOrEqual(ENDORSEMENT_WEIGHT * ENDORSEMENT_CAP_PER_EPOCH);
    expect(state.endorsements).toBe(ENDORSEMENT_CAP_PER_EPOCH);
  });
});
