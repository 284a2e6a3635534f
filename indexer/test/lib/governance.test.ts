import { readFile } from "node:fs/promises";
import path from "node:path";
import { codeRegistryAbi, InvalidInputError, stakeManagerAbi } from "@leasehold/sdk";
import { encodeFunctionData, keccak256, stringToHex, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  decodeProposalAction,
  releaseId,
  releaseStatusName,
  releaseUrgencyName,
  voteSupportName,
} from "../../src/lib/governance.ts";
import { indexerRoot } from "../../src/lib/settings.ts";

async function declaredEnum(name: string): Promise<string[]> {
  const source = await readFile(
    path.join(indexerRoot, "..", "contracts", "src", "interfaces", "ICodeRegistry.sol"),
    "utf8",
  );
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(source)![1]!;
  return body
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("///"))
    .map((line) => line.replace(",", "").toLowerCase());
}

describe("# releaseStatusName", () => {
  it("should follow ICodeRegistry.ReleaseStatus in declaration order", async () => {
    const declared = await declaredEnum("ReleaseStatus");
    expect(declared[0]).toBe("none");
    declared.slice(1).forEach((name, index) => expect(releaseStatusName(index + 1)).toBe(name));
  });

  it("should refuse None and values past the last status", () => {
    expect(() => releaseStatusName(0)).toThrow(InvalidInputError);
    expect(() => releaseStatusName(4)).toThrow(InvalidInputError);
  });
});

describe("# releaseUrgencyName", () => {
  it("should follow ICodeRegistry.Urgency in declaration order", async () => {
    const declared = await declaredEnum("Urgency");
    expect(declared.map((_, index) => releaseUrgencyName(index))).toEqual(declared);
    expect(() => releaseUrgencyName(declared.length)).toThrow(InvalidInputError);
  });
});

describe("# voteSupportName", () => {
  it("should name GovernorCountingSimple's vote types", () => {
    expect([0, 1, 2].map(voteSupportName)).toEqual(["against", "for", "abstain"]);
    expect(() => voteSupportName(3)).toThrow(InvalidInputError);
  });
});

describe("# decodeProposalAction", () => {
  const registry: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const stakeManager: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
  const contracts = {
    CodeRegistry: { address: registry, abi: codeRegistryAbi },
    StakeManager: { address: stakeManager, abi: stakeManagerAbi },
  };
  const codeHash = keccak256(stringToHex("release"));
  const publisher: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  it("should link a CodeRegistry.approve call to its release, by publisher and code hash", () => {
    const data = encodeFunctionData({ abi: codeRegistryAbi, functionName: "approve", args: [publisher, codeHash] });
    expect(decodeProposalAction(registry.toLowerCase() as Address, data, contracts)).toEqual({
      contract: "CodeRegistry",
      functionName: "approve",
      args: [publisher.toLowerCase(), codeHash],
      releaseId: `${publisher.toLowerCase()}-${codeHash}`,
      releaseCodeHash: codeHash,
    });
  });

  it("should decode other calls of Leasehold contracts without a release", () => {
    const data = encodeFunctionData({ abi: stakeManagerAbi, functionName: "setMinimumStake", args: [10n ** 20n] });
    expect(decodeProposalAction(stakeManager, data, contracts)).toEqual({
      contract: "StakeManager",
      functionName: "setMinimumStake",
      args: ["100000000000000000000"],
      releaseId: null,
      releaseCodeHash: null,
    });
  });

  it("should keep calls to other targets, and calldata that does not decode, raw", () => {
    const data = encodeFunctionData({ abi: codeRegistryAbi, functionName: "approve", args: [publisher, codeHash] });
    const unknown = { contract: null, functionName: null, args: null, releaseId: null, releaseCodeHash: null };
    expect(decodeProposalAction("0x000000000000000000000000000000000000dEaD", data, contracts)).toEqual(unknown);
    expect(decodeProposalAction(stakeManager, data, contracts)).toEqual({ ...unknown, contract: "StakeManager" });
  });
});

describe("# releaseId", () => {
  it("should key a release by its publisher and code hash, in lowercase", () => {
    const publisher: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const codeHash: Hex = `0xABCDEF${"0".repeat(58)}`;
    expect(releaseId(publisher, codeHash)).toBe(`${publisher.toLowerCase()}-0xabcdef${"0".repeat(58)}`);
    expect(releaseId(publisher, codeHash)).not.toBe(releaseId("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", codeHash));
  });
});
