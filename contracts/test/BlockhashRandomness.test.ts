/**
 * The block-hash randomness source the deploy step gives the arbitrator registry by default, on
 * Hardhat's chain: a request is answered by the hash of a block mined after it, for as long as
 * the EVM still serves that hash.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeAbiParameters, getAddress, keccak256 } from "viem";
import { deployLeaseholdDefaults } from "../../scripts/deploy/deploy-leasehold.ts";
import { loadDeployment, networkHelpers, viem } from "../fixtures/deploy-fixture.ts";

/** IRandomnessSource.RequestStatus as the contract numbers it. */
const Status = { None: 0, Pending: 1, Ready: 2, Expired: 3 } as const;
/** The EVM serves the hashes of the last 256 blocks only. */
const BLOCKHASH_WINDOW = 256n;

/** The block number calls run at: a contract creation that returns NUMBER. */
async function callBlockNumber() {
  const { data } = await (await viem.getPublicClient()).call({ data: "0x4360005260206000f3" });
  return BigInt(data!);
}

async function setup() {
  const deployment = await loadDeployment();
  const source = await viem.getContractAt(
    "BlockhashRandomness",
    deployment.deployment.contracts.BlockhashRandomness!.address,
  );
  return { ...deployment, source };
}

describe("BlockhashRandomness", () => {
  describe("# randomnessOf", () => {
    it("should answer anyone's request with its target block's hash, bound to the source, chain and request", async () => {
      const { source, publicClient, accounts } = await setup();
      const requester = accounts[0]!;
      const { result: requestId } = await source.simulate.requestRandomness({ account: requester.account.address });
      const hash = await source.write.requestRandomness({ account: requester.account });
      await viem.assertions.emitWithArgs(hash, source, "RandomnessRequested", [
        requestId,
        getAddress(requester.account.address),
      ]);
      const requestedAt = (await publicClient.getTransactionReceipt({ hash })).blockNumber;
      const target = await source.read.targetBlockOf([requestId]);
      assert.equal(target, requestedAt + deployLeaseholdDefaults.randomnessDelayBlocks);
      assert.deepEqual(await source.read.randomnessOf([requestId]), [Status.Pending, 0n]);
      assert.deepEqual(await source.read.randomnessOf([requestId + 1n]), [Status.None, 0n]);

      // Read at each block of the request's life, mining up to it.
      const at = async (blockNumber: bigint) => {
        const offset = (await callBlockNumber()) - (await publicClient.getBlockNumber());
        const latest = await publicClient.getBlockNumber();
        if (latest + offset < blockNumber) await networkHelpers.mine(blockNumber - latest - offset);
        assert.equal(await callBlockNumber(), blockNumber);
        return source.read.randomnessOf([requestId]);
      };
      // The target block itself cannot read its own hash.
      assert.deepEqual(await at(target), [Status.Pending, 0n]);
      const ready = await at(target + 1n);
      const block = await publicClient.getBlock({ blockNumber: target });
      const expected = BigInt(
        keccak256(
          encodeAbiParameters(
            [{ type: "bytes32" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }],
            [block.hash!, BigInt(await publicClient.getChainId()), source.address, requestId],
          ),
        ),
      );
      assert.deepEqual(ready, [Status.Ready, expected]);
      assert.deepEqual(await at(target + BLOCKHASH_WINDOW), [Status.Ready, expected]);
      assert.deepEqual(await at(target + BLOCKHASH_WINDOW + 1n), [Status.Expired, 0n]);
    });
  });

  describe("# constructor", () => {
    it("should revert with BlockhashRandomnessZeroDelay for a zero delay", async () => {
      const { source } = await setup();
      await viem.assertions.revertWithCustomError(
        viem.deployContract("BlockhashRandomness", [0n]),
        source,
        "BlockhashRandomnessZeroDelay",
      );
    });
  });
});
