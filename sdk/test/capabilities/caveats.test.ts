import { describe, expect, it } from "vitest";
import { CapabilityError, formatCaveat, parseCaveat, type CapabilityCaveat } from "../../src/capabilities/index.ts";

const scope = `0x${"ab".repeat(32)}` as const;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CapabilityError);
    return (error as CapabilityError).code;
  }
  throw new Error("expected a CapabilityError");
}

describe("formatCaveat / parseCaveat", () => {
  it("should round-trip every caveat of the vocabulary as key=value", () => {
    const caveats: CapabilityCaveat[] = [
      { key: "scope", value: scope },
      { key: "lease", value: 12n },
      { key: "job", value: 0n },
      { key: "expires", value: 1_900_000_000n },
      { key: "agent", value: (1n << 256n) - 1n },
      { key: "op", value: "upload" },
      { key: "op", value: "receipts" },
      { key: "op", value: "proofs" },
    ];
    for (const caveat of caveats) expect(parseCaveat(formatCaveat(caveat))).toEqual(caveat);
    expect(formatCaveat({ key: "lease", value: 12n })).toBe("lease=12");
    expect(formatCaveat({ key: "scope", value: scope })).toBe(`scope=${scope}`);
  });

  it("should write scope hashes in lower case whatever case they are given in", () => {
    expect(formatCaveat({ key: "scope", value: `0x${"AB".repeat(32)}` })).toBe(`scope=${scope}`);
  });

  it("should reject keys outside the vocabulary as unknown-caveat", () => {
    for (const condition of ["admin=true", "Scope=1", "lease", "", "time < 2030", "=1"]) {
      expect(
        codeOf(() => parseCaveat(condition)),
        condition,
      ).toBe("unknown-caveat");
    }
    expect(codeOf(() => formatCaveat({ key: "admin", value: 1n } as unknown as CapabilityCaveat))).toBe(
      "unknown-caveat",
    );
  });

  it("should reject values that are not the one canonical spelling as malformed-caveat", () => {
    const conditions = [
      `scope=0x${"AB".repeat(32)}`,
      `scope=0x${"ab".repeat(31)}`,
      `scope=${"ab".repeat(32)}`,
      "lease=",
      "lease=012",
      "lease=-1",
      "lease=+1",
      "lease= 1",
      "lease=1 ",
      "lease=0x1",
      "lease=1=2",
      "lease=1\n",
      "op=upload\u0000",
      `lease=${1n << 256n}`,
      `expires=${1n << 64n}`,
      "expires=1.5",
      "op=admin",
      "op=Upload",
      `job=${"9".repeat(200)}`,
    ];
    for (const condition of conditions) {
      expect(
        codeOf(() => parseCaveat(condition)),
        condition,
      ).toBe("malformed-caveat");
    }
  });

  it("should refuse to format values out of range", () => {
    expect(codeOf(() => formatCaveat({ key: "lease", value: -1n }))).toBe("malformed-caveat");
    expect(codeOf(() => formatCaveat({ key: "expires", value: 1n << 64n }))).toBe("malformed-caveat");
    expect(codeOf(() => formatCaveat({ key: "lease", value: 1 as unknown as bigint }))).toBe("malformed-caveat");
    expect(codeOf(() => formatCaveat({ key: "scope", value: "0x12" }))).toBe("malformed-caveat");
    expect(codeOf(() => formatCaveat({ key: "op", value: "admin" as "upload" }))).toBe("malformed-caveat");
  });
});
