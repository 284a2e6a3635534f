import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, parseEther, zeroHash } from "viem";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { parseDeployment } from "../../sdk/src/deployment.ts";
import { InvalidInputError } from "../../sdk/src/errors.ts";
import { deployLeasehold, deployLeaseholdDefaults } from "../../scripts/deploy/deploy-leasehold.ts";
import {
  CHALLENGE_WINDOW,
  COLLATERAL_BPS,
  loadDeployment,
  MAX_LEASE_TTL,
  MINIMUM_STAKE,
  PREMIUM_BPS,
  UNBONDING_DELAY,
  viem,
} from "../fixtures/deploy-fixture.ts";

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
      const { deployment, stakeManager, agentRegistry, leaseRegistry, receiptAnchor, jobEscrow, deployer } =
        await loadDeployment();
      const { contracts } = deployment;
      assert.equal(getAddress(await stakeManager.read.stakeToken()), deployment.stakeToken);
      assert.equal(getAddress(await agentRegistry.read.stakeManager()), contracts.StakeManager.address);
      assert.equal(getAddress(await leaseRegistry.read.agentRegistry()), contracts.AgentRegistry.address);
      assert.equal(getAddress(await receiptAnchor.read.agentRegistry()), contracts.AgentRegistry.address);
      assert.equal(getAddress(await jobEscrow.read.leaseRegistry()), contracts.LeaseRegistry.address);
      assert.equal(getAddress(await jobEscrow.read.receiptAnchor()), contracts.ReceiptAnchor.address);
      assert.equal(getAddress(await jobEscrow.read.stakeManager()), contracts.StakeManager.address);
      assert.equal(getAddress(await jobEscrow.read.stakeToken()), deployment.stakeToken);
      assert.equal(await stakeManager.read.minimumStake(), MINIMUM_STAKE);
      assert.equal(await stakeManager.read.unbondingDelay(), UNBONDING_DELAY);
      assert.equal(await leaseRegistry.read.maxTtl(), MAX_LEASE_TTL);
      assert.equal(await jobEscrow.read.challengeWindow(), CHALLENGE_WINDOW);
      assert.equal(await jobEscrow.read.collateralBps(), COLLATERAL_BPS);
      assert.equal(await jobEscrow.read.premiumBps(), PREMIUM_BPS);
      assert.equal(await jobEscrow.read.insurance(), getAddress(deployer.account.address));
    });

    it("should apply the documented defaults to the parameters left out", async () => {
      const { publicClient, deployer, accounts } = await loadDeployment();
      const insurance = accounts[4]!.account.address;
      const deployment = await deployLeasehold({
        publicClient,
        walletClient: deployer,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
        insurance,
      });
      const leaseRegistry = await viem.getContractAt("LeaseRegistry", deployment.contracts.LeaseRegistry.address);
      const jobEscrow = await viem.getContractAt("JobEscrow", deployment.contracts.JobEscrow.address);
      assert.equal(await leaseRegistry.read.maxTtl(), deployLeaseholdDefaults.maxLeaseTtl);
      assert.equal(await jobEscrow.read.challengeWindow(), deployLeaseholdDefaults.challengeWindow);
      assert.equal(await jobEscrow.read.collateralBps(), deployLeaseholdDefaults.collateralBps);
      assert.equal(await jobEscrow.read.premiumBps(), deployLeaseholdDefaults.premiumBps);
      assert.equal(await jobEscrow.read.insurance(), getAddress(insurance));
    });
  });

  describe("# roles", () => {
    it("should give the deployer every admin role, JobEscrow the locker role and nobody the slasher role", async () => {
      const { stakeManager, leaseRegistry, jobEscrow, deployer } = await loadDeployment();
      const adminRole = await stakeManager.read.DEFAULT_ADMIN_ROLE();
      assert.equal(adminRole, zeroHash);
      assert.equal(await stakeManager.read.hasRole([adminRole, deployer.account.address]), true);
      assert.equal(await leaseRegistry.read.hasRole([adminRole, deployer.account.address]), true);
      assert.equal(await jobEscrow.read.hasRole([adminRole, deployer.account.address]), true);
      const lockerRole = await stakeManager.read.LOCKER_ROLE();
      assert.equal(await stakeManager.read.hasRole([lockerRole, jobEscrow.address]), true);
      assert.equal(await stakeManager.read.hasRole([lockerRole, deployer.account.address]), false);
      assert.equal(
        await jobEscrow.read.hasRole([await jobEscrow.read.DISPUTE_ROLE(), deployer.account.address]),
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
      const leaseRegistry = await viem.getContractAt("LeaseRegistry", deployment.contracts.LeaseRegistry.address);
      const jobEscrow = await viem.getContractAt("JobEscrow", deployment.contracts.JobEscrow.address);
      const adminRole = await stakeManager.read.DEFAULT_ADMIN_ROLE();
      for (const contract of [stakeManager, leaseRegistry, jobEscrow]) {
        assert.equal(await contract.read.hasRole([adminRole, admin.account.address]), true);
        assert.equal(await contract.read.hasRole([adminRole, deployer.account.address]), false);
      }
      assert.equal(await stakeManager.read.hasRole([await stakeManager.read.LOCKER_ROLE(), jobEscrow.address]), true);
      assert.equal(await jobEscrow.read.insurance(), getAddress(admin.account.address));
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
