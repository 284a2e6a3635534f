import { DisputePhase, InvalidInputError, Ruling } from "@leasehold/sdk";
import { describe, expect, it } from "vitest";
import { disputePhase, disputeRuling } from "../../ponder.schema.ts";
import { disputePhaseName, rulingName, shareRemainder } from "../../src/lib/court.ts";

describe("# rulingName", () => {
  it("should name every ruling a vote can carry, and refuse None", () => {
    expect([rulingName(Ruling.Client), rulingName(Ruling.Agent)]).toEqual(disputeRuling.enumValues);
    expect(() => rulingName(Ruling.None)).toThrow(InvalidInputError);
  });
});

describe("# disputePhaseName", () => {
  it("should name every phase a dispute can be in, in the contract's order", () => {
    const phases = [DisputePhase.Drawing, DisputePhase.Voting, DisputePhase.Ruled, DisputePhase.Executed];
    expect(phases.map(disputePhaseName)).toEqual(disputePhase.enumValues);
    expect(() => disputePhaseName(DisputePhase.None)).toThrow(InvalidInputError);
  });
});

describe("# shareRemainder", () => {
  it("should send the whole pot to the pool without coherent voters, and the dust otherwise", () => {
    expect(shareRemainder(10n, 0n)).toBe(10n);
    expect(shareRemainder(10n, 3n)).toBe(1n);
    expect(shareRemainder(9n, 3n)).toBe(0n);
  });
});
