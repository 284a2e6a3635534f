import { keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { disputeRef, newVoteSalt, Ruling, voteCommitment } from "../../src/court/index.ts";
import { InvalidInputError } from "../../src/errors.ts";

const arbitrator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const salt = keccak256(toHex("salt"));

describe("court", () => {
  describe("voteCommitment", () => {
    it("should bind the dispute, round, arbitrator, vote and salt", () => {
      const base = { disputeId: 1n, round: 0, arbitrator, vote: Ruling.Client, salt } as const;
      const commitment = voteCommitment(base);
      expect(commitment).toMatch(/^0x[0-9a-f]{64}$/);
      for (const changed of [
        { ...base, disputeId: 2n },
        { ...base, round: 1 },
        { ...base, arbitrator: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as const },
        { ...base, vote: Ruling.Agent },
        { ...base, salt: keccak256(toHex("other salt")) },
      ]) {
        expect(voteCommitment(changed)).not.toBe(commitment);
      }
    });

    it("should refuse a vote that is neither side, a round past the appeal and a malformed salt", () => {
      const base = { disputeId: 1n, round: 0, arbitrator, vote: Ruling.Client, salt } as const;
      expect(() => voteCommitment({ ...base, vote: Ruling.None })).toThrow(InvalidInputError);
      expect(() => voteCommitment({ ...base, round: 2 })).toThrow(InvalidInputError);
      expect(() => voteCommitment({ ...base, salt: "0x1234" })).toThrow(InvalidInputError);
    });
  });

  it("should draw a fresh 32-byte salt each time", () => {
    const first = newVoteSalt();
    expect(first).toMatch(/^0x[0-9a-f]{64}$/);
    expect(newVoteSalt()).not.toBe(first);
  });

  it("should give each dispute its own reference", () => {
    expect(disputeRef(1n)).not.toBe(disputeRef(2n));
  });
});
