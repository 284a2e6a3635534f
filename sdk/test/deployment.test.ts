import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { earliestStartBlock, parseDeployment, type Deployment } from "../src/deployment.ts";
import { deploymentPath, readDeployment, writeDeployment } from "../src/deployment-file.ts";
import { DeploymentNotFoundError, InvalidDeploymentError, LeaseholdError } from "../src/errors.ts";

const record = {
  chainId: 31337,
  chainName: "Leasehold Devnet",
  deployedAt: "2026-11-22T10:00:00.000Z",
  stakeToken: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  contracts: {
    DevStakeToken: { address: "0x5fbdb2315678afecb367f032d93f642f64180aa3", startBlock: 1 },
    StakeManager: { address: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", startBlock: 2 },
    AgentRegistry: { address: "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0", startBlock: 3 },
    LeaseRegistry: { address: "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9", startBlock: 4 },
    ReceiptAnchor: { address: "0xdc64a140aa3e981100a9beca4e685f962f0cf6c9", startBlock: 5 },
    JobEscrow: { address: "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707", startBlock: 6 },
    LeaseholdVotes: { address: "0x0165878a594ca255338adfa4d48449f69242eb8f", startBlock: 7 },
    TimelockController: { address: "0xa513e6e4b8f2a923d98304ec87f64353c4d5c853", startBlock: 8 },
    LeaseholdGovernor: { address: "0x2279b7a0a67db372996a5fab50d91eaa73d2ebe6", startBlock: 9 },
    CodeRegistry: { address: "0x8a791620dd6260079bf849dc5567adc3f2fdc318", startBlock: 10 },
    InsurancePool: { address: "0x610178da211fef7d417bc0e6fed39f05609ad788", startBlock: 11 },
    PoseidonT2: { address: "0xb7f8bc63bbcad18155201308c8f3540b07f84f5e", startBlock: 12 },
    PoseidonT3: { address: "0xa51c1fc2f0d1a1b8494ed1fe312d7c3a78ed91c0", startBlock: 13 },
    StakeMembershipVerifier: { address: "0x0dcd1bf9a1b36ce34237eeafef220932846bcd82", startBlock: 14 },
    AnonymousStakeGroup: { address: "0x9a676e781a523b5d0c0e43731313a708cb607508", startBlock: 15 },
    Endorsements: { address: "0x0b306bf915c4d645ff596e518faf3f9669b97016", startBlock: 16 },
    ArbitratorRegistry: { address: "0x959922be3caee4b8cd9a407cc3ac1c251c2007b1", startBlock: 17 },
    DisputeCourt: { address: "0x9a9f2ccfde556a7e9ff0848998aa4a0cfd8863ae", startBlock: 18 },
  },
};

describe("parseDeployment", () => {
  it("should accept a complete record and checksum its addresses", () => {
    const deployment = parseDeployment(record);
    expect(deployment.contracts.StakeManager.address).toBe("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    expect(deployment.stakeToken).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  });

  it("should accept a production record without the development token", () => {
    const { DevStakeToken: _omitted, ...contracts } = record.contracts;
    expect(parseDeployment({ ...record, contracts }).contracts.DevStakeToken).toBeUndefined();
  });

  it("should reject a malformed address with a typed, non-retryable error", () => {
    const bad = { ...record, contracts: { ...record.contracts, StakeManager: { address: "0x1234", startBlock: 2 } } };
    const error = captureError(() => parseDeployment(bad));
    expect(error).toBeInstanceOf(InvalidDeploymentError);
    expect(error).toBeInstanceOf(LeaseholdError);
    expect((error as InvalidDeploymentError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/StakeManager/);
  });

  it("should reject unknown fields", () => {
    expect(() => parseDeployment({ ...record, extra: true })).toThrow(InvalidDeploymentError);
    const contracts = { ...record.contracts, Unknown: { address: record.stakeToken, startBlock: 1 } };
    expect(() => parseDeployment({ ...record, contracts })).toThrow(InvalidDeploymentError);
  });

  it("should reject a missing contract, a negative start block and a non-integer chain id", () => {
    const { AgentRegistry: _missing, ...withoutRegistry } = record.contracts;
    expect(() => parseDeployment({ ...record, contracts: withoutRegistry })).toThrow(InvalidDeploymentError);
    const { JobEscrow: _missingEscrow, ...withoutEscrow } = record.contracts;
    expect(() => parseDeployment({ ...record, contracts: withoutEscrow })).toThrow(InvalidDeploymentError);
    const negative = { ...record.contracts, AgentRegistry: { address: record.stakeToken, startBlock: -1 } };
    expect(() => parseDeployment({ ...record, contracts: negative })).toThrow(InvalidDeploymentError);
    expect(() => parseDeployment({ ...record, chainId: 1.5 })).toThrow(InvalidDeploymentError);
  });
});

describe("earliestStartBlock", () => {
  it("should return the lowest start block of all contracts", () => {
    expect(earliestStartBlock(parseDeployment(record))).toBe(1);
  });
});

describe("deployment files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "leasehold-sdk-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("should write a record and read the same record back", async () => {
    const written = await writeDeployment(parseDeployment(record), dir);
    expect(written).toBe(deploymentPath(31337, dir));
    expect(await readDeployment(31337, dir)).toEqual(parseDeployment(record));
    expect(await readdir(dir)).toEqual(["31337.json"]);
  });

  it("should refuse to write an invalid record and leave no file behind", async () => {
    const invalid = { ...record, chainId: -1 } as unknown as Deployment;
    await expect(writeDeployment(invalid, dir)).rejects.toBeInstanceOf(InvalidDeploymentError);
    expect(await readdir(dir)).toEqual([]);
  });

  it("should report a missing record as retryable DeploymentNotFoundError", async () => {
    const error = await readDeployment(5, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeploymentNotFoundError);
    expect((error as DeploymentNotFoundError).retryable).toBe(true);
  });

  it("should reject a tampered record on read", async () => {
    await writeFile(deploymentPath(31337, dir), JSON.stringify({ ...record, stakeToken: "not an address" }));
    await expect(readDeployment(31337, dir)).rejects.toBeInstanceOf(InvalidDeploymentError);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
