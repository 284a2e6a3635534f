import { describe, expect, it } from "vitest";
import {
  createStakeIdentity,
  exportStakeIdentity,
  identityCommitment,
  importStakeIdentity,
  InvalidStakeIdentityError,
  SNARK_SCALAR_FIELD,
} from "../../src/zk/index.ts";
import { seededRandomBytes } from "./fixtures.ts";

const identity = createStakeIdentity(seededRandomBytes("backup"));
const scope = { chainId: 31337, group: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const backup = exportStakeIdentity(identity, scope);
const edited = (changes: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(backup), ...changes });
const hex = (value: bigint) => `0x${value.toString(16).padStart(64, "0")}`;

describe("# createStakeIdentity", () => {
  it("should pair a secret in [1, p) with its Poseidon commitment", () => {
    const fresh = createStakeIdentity();
    expect(fresh.secret > 0n && fresh.secret < SNARK_SCALAR_FIELD).toBe(true);
    expect(fresh.commitment).toBe(identityCommitment(fresh.secret));
    expect(createStakeIdentity().secret).not.toBe(fresh.secret);
  });
});

describe("# exportStakeIdentity", () => {
  it("should write the versioned backup document", () => {
    expect(JSON.parse(backup)).toEqual({
      kind: "leasehold-stake-identity",
      version: 1,
      chainId: 31337,
      group: scope.group,
      commitment: hex(identity.commitment),
      secret: hex(identity.secret),
    });
  });

  it("should refuse an identity whose commitment is not Poseidon(secret)", () => {
    expect(() => exportStakeIdentity({ ...identity, commitment: identity.commitment + 1n }, scope)).toThrow(
      InvalidStakeIdentityError,
    );
  });

  it("should refuse a bad chain id or group", () => {
    expect(() => exportStakeIdentity(identity, { ...scope, chainId: 0 })).toThrow(InvalidStakeIdentityError);
    expect(() => exportStakeIdentity(identity, { ...scope, group: "0x1234" })).toThrow(InvalidStakeIdentityError);
  });
});

describe("# importStakeIdentity", () => {
  it("should round-trip, with or without the expected chain and group", () => {
    expect(importStakeIdentity(backup, scope)).toEqual(identity);
    expect(importStakeIdentity(backup)).toEqual(identity);
    expect(importStakeIdentity(backup, { group: scope.group.toLowerCase() as `0x${string}` })).toEqual(identity);
  });

  it.each([
    ["text that is not JSON", "not json"],
    ["another kind", edited({ kind: "semaphore-identity" })],
    ["another version", edited({ version: 2 })],
    ["an unknown field", edited({ note: "mine" })],
    ["a missing secret", edited({ secret: undefined })],
    ["a secret that is not 32 bytes of hex", edited({ secret: "0x1234" })],
    ["a secret of 0", edited({ secret: hex(0n), commitment: hex(identityCommitment(1n)) })],
    ["a secret out of the field", edited({ secret: hex(SNARK_SCALAR_FIELD) })],
    ["a commitment that is not Poseidon(secret)", edited({ commitment: hex(identity.commitment + 1n) })],
    ["a malformed group", edited({ group: "0xnope" })],
  ])("should refuse %s", (_, text) => {
    expect(() => importStakeIdentity(text)).toThrow(InvalidStakeIdentityError);
  });

  it("should refuse a backup of another chain or group", () => {
    expect(() => importStakeIdentity(backup, { chainId: 1 })).toThrow(/chain 31337, not chain 1/);
    expect(() => importStakeIdentity(backup, { group: "0x0000000000000000000000000000000000000001" })).toThrow(
      InvalidStakeIdentityError,
    );
  });

  it("should say the refusal is not retryable", () => {
    expect(new InvalidStakeIdentityError("x").retryable).toBe(false);
  });
});
