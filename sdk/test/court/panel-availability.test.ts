import { describe, expect, it } from "vitest";
import { appealPanelSize, panelAvailability } from "../../src/court/index.ts";
import { InvalidInputError } from "../../src/errors.ts";

const base = { drawableCount: 3n, clientWeight: 0n, operatorWeight: 0n, sameParty: false, seats: 3 };

describe("panelAvailability", () => {
  it("should seat a panel when enough arbitrators other than the parties are drawable", () => {
    expect(panelAvailability(base)).toEqual({ eligible: 3n, seats: 3, drawable: true });
  });

  it("should leave out a client who is a drawable arbitrator", () => {
    expect(panelAvailability({ ...base, clientWeight: 300n })).toEqual({ eligible: 2n, seats: 3, drawable: false });
  });

  it("should leave out both parties when both are drawable arbitrators", () => {
    expect(panelAvailability({ ...base, drawableCount: 5n, clientWeight: 1n, operatorWeight: 1n })).toEqual({
      eligible: 3n,
      seats: 3,
      drawable: true,
    });
    expect(panelAvailability({ ...base, drawableCount: 4n, clientWeight: 1n, operatorWeight: 1n }).drawable).toBe(
      false,
    );
  });

  it("should leave out a client who is also the operator once", () => {
    expect(
      panelAvailability({ ...base, drawableCount: 4n, clientWeight: 1n, operatorWeight: 1n, sameParty: true }),
    ).toEqual({ eligible: 3n, seats: 3, drawable: true });
  });

  it("should report no panel when nobody is drawable", () => {
    expect(panelAvailability({ ...base, drawableCount: 0n })).toEqual({ eligible: 0n, seats: 3, drawable: false });
  });

  it("should not count below zero when the reads disagree", () => {
    expect(panelAvailability({ ...base, drawableCount: 1n, clientWeight: 1n, operatorWeight: 1n }).eligible).toBe(0n);
  });

  it("should reject a panel without seats and negative reads", () => {
    expect(() => panelAvailability({ ...base, seats: 0 })).toThrow(InvalidInputError);
    expect(() => panelAvailability({ ...base, seats: 1.5 })).toThrow(InvalidInputError);
    expect(() => panelAvailability({ ...base, drawableCount: -1n })).toThrow(InvalidInputError);
  });
});

describe("appealPanelSize", () => {
  it("should seat twice the first panel plus one", () => {
    expect(appealPanelSize(3)).toBe(7);
  });
});
