import { DisputePhase, DrawPhase, InvalidInputError, Ruling } from "@leasehold/sdk";
import { describe, expect, it } from "vitest";
import { disputePhase, disputeRuling, drawPhase } from "../../ponder.schema.ts";
import {
  disputePhaseName,
  disputeRoundStarted,
  disputeRuled,
  drawPhaseName,
  insuredGap,
  rulingName,
  shareRemainder,
} from "../../src/lib/court.ts";

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

describe("# disputeRuled", () => {
  it("should name the ruling that stands in phase ruled, before it is executed", () => {
    expect(disputeRuled(Ruling.Client)).toEqual({ phase: "ruled", ruling: "client" });
    expect(disputeRuled(Ruling.Agent)).toEqual({ phase: "ruled", ruling: "agent" });
  });

  it("should clear the standing ruling when an appeal starts the next round", () => {
    expect(disputeRoundStarted(1)).toEqual({ phase: "drawing", round: 1, ruling: null });
  });
});

describe("# shareRemainder", () => {
  it("should send the whole pot to the pool without coherent voters, and the dust otherwise", () => {
    expect(shareRemainder(10n, 0n)).toBe(10n);
    expect(shareRemainder(10n, 3n)).toBe(1n);
    expect(shareRemainder(9n, 3n)).toBe(0n);
  });
});

describe("# drawPhaseName", () => {
  it("should name every phase of a draw session, in the registry's order", () => {
    const phases = [DrawPhase.Staking, DrawPhase.Generating, DrawPhase.Drawing];
    expect(phases.map(drawPhaseName)).toEqual(drawPhase.enumValues);
    expect(() => drawPhaseName(3)).toThrow(InvalidInputError);
  });
});

describe("# insuredGap", () => {
  it("should leave the claim what collateral and the operator's lock do not back, never less than 0", () => {
    expect(insuredGap({ compensation: 10n, collateral: 2n, operatorLock: 3n })).toBe(5n);
    expect(insuredGap({ compensation: 10n, collateral: 2n, operatorLock: 8n })).toBe(0n);
    expect(insuredGap({ compensation: 10n, collateral: 12n, operatorLock: 0n })).toBe(0n);
    expect(insuredGap({ compensation: 0n, collateral: 0n, operatorLock: 0n })).toBe(0n);
  });
});
