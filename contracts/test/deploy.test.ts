import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, parseEther, zeroHash } from "viem";
import { deployLeasehold } from "../../scripts/deploy/deploy-leasehold.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { parseDeployment } from "../../sdk/src/deployment.ts";
import { InvalidInputError } from "../../sdk/src/errors.ts";
import { loadDeployment, MINIMUM_STAKE, UNBONDING_DELAY, viem } from "../fixtures/deploy-fixture.ts";

describe("deployLeasehold", () => {
  describe("# record", () => {
    it("should return a record that survives validation after a round trip through JSON", async () => {
      const { deployment } = await loadDeployment();
      const reparsed = parseDeployment(JSON.parse(JSON.stringify(deployment)));
      assert.deepEqual(reparsed, deployment);
      assert.equal(deployment.chainId, LOCAL_CHAIN_ID);
      assert.ok(deployment.chainName.length > 0);
      assert.ok(!Number.isNaN(Date.parse(deployment.deployedAt)));
      assert.equal(deployment.stakeToken, deployment.contracts.DevStakeToken?.address);
    });

    it("should record addresses that hold code, deployed exactly at their start block", async () => {
      const { deployment, publicClient } = await loadDeployment();
      const latest = await publicClient.getBlockNumber();
      for (const [name, contract] of Object.entries(deployment.contracts)) {
        const code = await publicClient.getCode({ address: contract.address });
        assert.ok(code && code !== "0x", `${name} has no code`);
        assert.ok(contract.startBlock > 0 && BigInt(contract.startBlock) <= latest, `${name} start block`);
        const before = await publicClient.getCode({
          address: contract.address,
          blockNumber: BigInt(contract.startBlock - 1),
        });
        assert.ok(!before || before === "0x", `${name} existed before its start block`);
      }
    });

    it("should wire the contracts to each other and to the deploy parameters", async () => {
      const { deployment, stakeManager, agentRegistry } = await loadDeployment();
      assert.equal(getAddress(await stakeManager.read.stakeToken()), deployment.stakeToken);
      assert.equal(getAddress(await agentRegistry.read.stakeManager()), deployment.contracts.StakeManager.address);
      assert.equal(await stakeManager.read.minimumStake(), MINIMUM_STAKE);
      assert.equal(await stakeManager.read.unbondingDelay(), UNBONDING_DELAY);
    });
  });

  describe("# roles", () => {
    it("should give the deployer DEFAULT_ADMIN_ROLE and nobody the locker or slasher role", async () => {
      const { stakeManager, deployer } = await loadDeployment();
      const adminRole = await stakeManager.read.DEFAULT_ADMIN_ROLE();
      assert.equal(adminRole, zeroHash);
      assert.equal(await stakeManager.read.hasRole([adminRole, deployer.account.address]), true);
      assert.equal(
        await stakeManager.read.hasRole([await stakeManager.read.LOCKER_ROLE(), deployer.account.address]),
        false,
      );
      assert.equal(
        await stakeManager.read.hasRole([await stakeManager.read.SLASHER_ROLE(), deployer.account.address]),
        false,
      );
    });

    it("should hand the admin role to the admin parameter instead of the deployer", async () => {
      const { publicClient, deployer, accounts } = await loadDeployment();
      const admin = accounts[3]!;
      const deployment = await deployLeasehold({
        publicClient,
        walletClient: deployer,
        admin: admin.account.address,
        minimumStake: parseEther("5"),
        unbondingDelay: 60n,
      });
      const stakeManager = await viem.getContractAt("StakeManager", deployment.contracts.StakeManager.address);
      const adminRole = await stakeManager.read.DEFAULT_ADMIN_ROLE();
      assert.equal(await stakeManager.read.hasRole([adminRole, admin.account.address]), true);
      assert.equal(await stakeManager.read.hasRole([adminRole, deployer.account.address]), false);
      assert.equal(await stakeManager.read.minimumStake(), parseEther("5"));
      assert.equal(await stakeManager.read.unbondingDelay(), 60n);

      await stakeManager.write.setMinimumStake([1n], { account: admin.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.setMinimumStake([2n], { account: deployer.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(deployer.account.address), adminRole],
      );
    });
  });

  describe("# stake token", () => {
    it("should use an existing stake token and deploy no DevStakeToken when one is given", async () => {
      const { publicClient, deployer, token } = await loadDeployment();
      const deployment = await deployLeasehold({
        publicClient,
        walletClient: deployer,
        stakeToken: token.address,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
      });
      assert.equal(deployment.contracts.DevStakeToken, undefined);
      assert.equal(deployment.stakeToken, getAddress(token.address));
      const stakeManager = await viem.getContractAt("StakeManager", deployment.contracts.StakeManager.address);
      assert.equal(getAddress(await stakeManager.read.stakeToken()), getAddress(token.address));
    });

    it("should refuse to deploy DevStakeToken on a chain other than the local one", async () => {
      const { publicClient, deployer } = await loadDeployment();
      // EDR always reports the local chain id, so pretend to be mainnet at the one place the
      // deploy step asks; it must refuse before sending anything.
      const mainnetClient = { ...publicClient, getChainId: async () => 1 } as typeof publicClient;
      const nonceBefore = await publicClient.getTransactionCount({ address: deployer.account.address });
      await assert.rejects(
        deployLeasehold({
          publicClient: mainnetClient,
          walletClient: deployer,
          minimumStake: MINIMUM_STAKE,
          unbondingDelay: UNBONDING_DELAY,
        }),
        (error: unknown) => error instanceof InvalidInputError && error.retryable === false,
      );
      assert.equal(await publicClient.getTransactionCount({ address: deployer.account.address }), nonceBefore);
    });

    it("should accept an existing stake token on a chain other than the local one", async () => {
      const { publicClient, deployer, token } = await loadDeployment();
      const otherChainClient = { ...publicClient, getChainId: async () => 8453 } as typeof publicClient;
      const deployment = await deployLeasehold({
        publicClient: otherChainClient,
        walletClient: deployer,
        stakeToken: token.address,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
        chainName: "Base",
      });
      assert.equal(deployment.chainId, 8453);
      assert.equal(deployment.chainName, "Base");
      assert.equal(deployment.contracts.DevStakeToken, undefined);
    });
  });
});
