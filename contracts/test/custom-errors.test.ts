import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { zeroAddress, type Abi } from "viem";
import { loadDeployment, viem } from "../fixtures/deploy-fixture.ts";
import { loadStakeGroup } from "./helpers/stake-group.ts";

/**
 * Errors in a deployed contract's ABI that no call can trigger, each with the reason. Everything
 * else in the ABI must be asserted by name in some TypeScript test of this folder.
 */
const UNREACHABLE: Record<string, string> = {
  CheckpointUnorderedInsertion:
    "checkpoints are keyed by the clock (block time) or, in InsurancePool, by the number of claims filed, and neither ever goes back",
  ERC6372InconsistentClock:
    "raised only by OpenZeppelin's default block-number clock mode; LeaseholdVotes declares its timestamp mode and the governor reads it from the token",
  GovernorAlreadyQueuedProposal: "raised only by GovernorTimelockCompound; we use GovernorTimelockControl",
  GovernorInvalidVoteParams: "raised only by GovernorCountingFractional; simple counting ignores vote params",
  GovernorProposalQueueingFailed: "GovernorTimelockControl's queue always returns a non-zero eta",
  GovernorProposalQueueingNotRequired: "GovernorTimelockControl queues every proposal",
  ECDSAInvalidSignatureLength:
    "DevStakeToken's permit takes (v, r, s), never a packed signature (ReceiptAnchor's packed ones reach it: tested there)",
  ERC20InvalidSender: "transferFrom from the zero address fails first with ERC20InvalidApprover",
  InvalidShortString: "only raised while building the EIP-712 domain in the constructor",
  StringTooLong: "only raised while building the EIP-712 domain in the constructor",
  WrongDefaultZeroIndex: "zk-kit's zero table is only read below the stake tree's depth (20 of its 32 levels)",
  StakeTreeUnsupportedDepth: "the group initialises its tree with the constant TREE_DEPTH, 20",
  StakeTreeFull: "needs 2^20 deposits (the Solidity tree tests fill a small tree)",
  StakeTreeIndexOutOfRange: "the group only updates the leaf index it recorded at deposit, always below the size",
  StakeTreeValueNotInField:
    "the group inserts Poseidon outputs and zeroes leaves with 0, and reads every sibling from the tree itself",
  RlnShareSameX: "Endorsements refuses a replay (same message) before it recovers a secret",
  RlnShareValueNotInField: "Endorsements checks y below the field first, and messages are keccak256 >> 8",
  RlnShareModexpFailed: "the modexp precompile (EIP-198) exists on every chain the deploy targets",
  AnonymousStakeGroupZeroMessage: "needs an address whose keccak256 starts with 31 zero bytes",
  EndorsementsZeroMessage: "needs a keccak256 output below 2^8, i.e. a 248-bit preimage search",
};

const testDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * Contracts the deploy step does not deploy yet but whose tests deploy them: their errors must be
 * asserted all the same. Move a contract to the deployment list once the deploy step deploys it.
 */
async function assertedErrorNames(): Promise<Set<string>> {
  const names = new Set<string>();
  const pattern = /revertWithCustomError(?:WithArgs)?\(\s*[\s\S]*?,\s*[\w.]+,\s*"(\w+)"/g;
  for (const file of await readdir(testDir)) {
    if (!file.endsWith(".test.ts")) continue;
    const source = await readFile(path.join(testDir, file), "utf8");
    for (const match of source.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

describe("custom errors", () => {
  describe("# coverage", () => {
    it("should assert every reachable custom error of every deployed contract in a test", async () => {
      const { stakeManager, agentRegistry, token, leaseRegistry, receiptAnchor, jobEscrow, deployment, ...governance } =
        await loadDeployment();
      const { group, endorsements } = await loadStakeGroup();
      const blockhashRandomness = await viem.getContractAt(
        "BlockhashRandomness",
        deployment.contracts.BlockhashRandomness!.address,
      );
      // Deployed only when the deploy step is asked for it: its ABI is what counts here.
      const chainlinkVrfRandomness = await viem.getContractAt("ChainlinkVrfRandomness", zeroAddress);
      const asserted = await assertedErrorNames();
      const missing: string[] = [];
      const contracts: ReadonlyArray<readonly [string, Abi]> = [
        ["StakeManager", stakeManager.abi],
        ["AgentRegistry", agentRegistry.abi],
        ["DevStakeToken", token.abi],
        ["LeaseRegistry", leaseRegistry.abi],
        ["ReceiptAnchor", receiptAnchor.abi],
        ["JobEscrow", jobEscrow.abi],
        ["LeaseholdVotes", governance.votes.abi],
        ["TimelockController", governance.timelock.abi],
        ["LeaseholdGovernor", governance.governor.abi],
        ["CodeRegistry", governance.codeRegistry.abi],
        ["InsurancePool", governance.insurancePool.abi],
        ["ArbitratorRegistry", governance.arbitratorRegistry.abi],
        ["BlockhashRandomness", blockhashRandomness.abi],
        ["ChainlinkVrfRandomness", chainlinkVrfRandomness.abi],
        ["DisputeCourt", governance.disputeCourt.abi],
        ["AnonymousStakeGroup", group.abi],
        ["Endorsements", endorsements.abi],
      ];
      for (const [contract, abi] of contracts) {
        for (const item of abi) {
          if (item.type !== "error") continue;
          if (asserted.has(item.name) || item.name in UNREACHABLE) continue;
          missing.push(`${contract}.${item.name}`);
        }
      }
      assert.deepEqual(missing, [], `custom errors without a test: ${missing.join(", ")}`);
    });

    it("should list as unreachable only errors that some contract declares", async () => {
      const {
        stakeManager,
        agentRegistry,
        token,
        leaseRegistry,
        receiptAnchor,
        jobEscrow,
        votes,
        timelock,
        governor,
        arbitratorRegistry,
      } = await loadDeployment();
      const { group, endorsements } = await loadStakeGroup();
      const declared = new Set<string>(
        [
          ...group.abi,
          ...endorsements.abi,
          ...stakeManager.abi,
          ...agentRegistry.abi,
          ...token.abi,
          ...leaseRegistry.abi,
          ...receiptAnchor.abi,
          ...jobEscrow.abi,
          ...votes.abi,
          ...timelock.abi,
          ...governor.abi,
          ...arbitratorRegistry.abi,
        ].flatMap((item) => (item.type === "error" ? [item.name] : [])),
      );
      for (const name of Object.keys(UNREACHABLE)) assert.ok(declared.has(name), `${name} is not declared`);
    });
  });
});
