import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, zeroAddress, zeroHash, type Abi, type Address, type Hex } from "viem";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { parseDeployment } from "../../sdk/src/deployment.ts";
import { InvalidInputError } from "../../sdk/src/errors.ts";
import {
  accessControlledRoles,
  deployLeasehold,
  deployLeaseholdDefaults,
  RoleCheckError,
  type DeployLeaseholdParameters,
  roleHash,
  verifyRoles,
} from "../../scripts/deploy/deploy-leasehold.ts";
import {
  CHALLENGE_WINDOW,
  COLLATERAL_BPS,
  loadDeployment,
  MAX_LEASE_TTL,
  MINIMUM_STAKE,
  PREMIUM_BPS,
  PROPOSAL_THRESHOLD,
  PUBLICATION_BOND,
  QUORUM_PERCENT,
  REVIEW_BASE,
  REVIEW_FLOOR,
  REVIEW_PER_KIB,
  TIMELOCK_DELAY,
  UNBONDING_DELAY,
  viem,
  VOTES_SUPPLY,
  VOTING_DELAY,
  VOTING_PERIOD,
} from "../fixtures/deploy-fixture.ts";
import { DevelopmentSetupError } from "../../scripts/deploy/setup-guard.ts";
import { ceremonyManifest } from "./helpers/ceremony-manifest.ts";
import { deployVrfCoordinator, VRF_KEY_HASH } from "./helpers/vrf-coordinator.ts";

/**
 * Deploys with `parameters` from the fixture's deployer, on a client that reports `chainId` (EDR
 * always reports the local chain, so the one place the deploy step asks is overridden), and
 * asserts the deploy step refuses as `isExpected` says before sending any transaction.
 */
async function assertRefusedBeforeSending(
  parameters: Omit<DeployLeaseholdParameters, "publicClient" | "walletClient">,
  isExpected: (error: unknown) => boolean,
  chainId: number = LOCAL_CHAIN_ID,
): Promise<void> {
  const { publicClient, deployer } = await loadDeployment();
  const client = { ...publicClient, getChainId: async () => chainId } as typeof publicClient;
  const nonceBefore = await publicClient.getTransactionCount({ address: deployer.account.address });
  await assert.rejects(deployLeasehold({ ...parameters, publicClient: client, walletClient: deployer }), isExpected);
  assert.equal(await publicClient.getTransactionCount({ address: deployer.account.address }), nonceBefore);
}

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

    it("should link the stake group to the Poseidon libraries and wire it and the endorsements", async () => {
      const { deployment } = await loadDeployment();
      const { contracts } = deployment;
      const group = await viem.getContractAt("AnonymousStakeGroup", contracts.AnonymousStakeGroup.address);
      const endorsements = await viem.getContractAt("Endorsements", contracts.Endorsements.address);
      assert.equal(getAddress(await group.read.stakeToken()), deployment.stakeToken);
      assert.equal(getAddress(await group.read.verifier()), contracts.StakeMembershipVerifier.address);
      assert.equal(getAddress(await group.read.sink()), contracts.InsurancePool.address);
      assert.equal(await group.read.minimumDeposit(), deployLeaseholdDefaults.groupMinimumDeposit);
      assert.equal(await group.read.withdrawalDelay(), deployLeaseholdDefaults.groupWithdrawalDelay);
      assert.equal(await group.read.rootValidity(), deployLeaseholdDefaults.groupRootValidity);
      assert.equal(getAddress(await group.read.endorsements()), getAddress(contracts.Endorsements.address));
      assert.equal(getAddress(await endorsements.read.group()), contracts.AnonymousStakeGroup.address);
      assert.equal(getAddress(await endorsements.read.agentRegistry()), contracts.AgentRegistry.address);
      assert.equal(await endorsements.read.epochLength(), deployLeaseholdDefaults.endorsementEpochLength);
      assert.equal(await endorsements.read.threshold(), deployLeaseholdDefaults.endorsementThreshold);
      assert.equal(await endorsements.read.relayTipCap(), deployLeaseholdDefaults.relayTipCap);
      assert.equal(await endorsements.read.relaySpendPerEpoch(), deployLeaseholdDefaults.relaySpendPerEpoch);
      assert.equal(await endorsements.read.relayBudget(), 0n, "the deploy funds no relay budget: sponsors do");
      // The linked Poseidon answers: the empty tree's root is Poseidon's zero hash at depth 20.
      assert.equal(await group.read.size(), 0n);
      assert.equal(await group.read.isValidRoot([await group.read.root()]), true);
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
    it("should give the timelock every admin role and the deployer none", async () => {
      const {
        stakeManager,
        leaseRegistry,
        jobEscrow,
        codeRegistry,
        insurancePool,
        arbitratorRegistry,
        disputeCourt,
        timelock,
        deployer,
      } = await loadDeployment();
      const adminRole = await stakeManager.read.DEFAULT_ADMIN_ROLE();
      assert.equal(adminRole, zeroHash);
      for (const contract of [
        stakeManager,
        leaseRegistry,
        jobEscrow,
        codeRegistry,
        insurancePool,
        arbitratorRegistry,
        disputeCourt,
        timelock,
      ]) {
        assert.equal(await contract.read.hasRole([adminRole, timelock.address]), true);
        assert.equal(await contract.read.hasRole([adminRole, deployer.account.address]), false);
      }
    });

    it("should give JobEscrow and the court the locker role and the court alone the slasher, dispute, claims and court roles", async () => {
      const { stakeManager, jobEscrow, insurancePool, arbitratorRegistry, disputeCourt, timelock, deployer } =
        await loadDeployment();
      const lockerRole = await stakeManager.read.LOCKER_ROLE();
      const courtRoles = [
        [stakeManager, await stakeManager.read.SLASHER_ROLE()],
        [jobEscrow, await jobEscrow.read.DISPUTE_ROLE()],
        [insurancePool, await insurancePool.read.CLAIMS_ROLE()],
        [arbitratorRegistry, await arbitratorRegistry.read.COURT_ROLE()],
      ] as const;
      assert.equal(await stakeManager.read.hasRole([lockerRole, jobEscrow.address]), true);
      // The court locks the operator's free stake behind a dispute's compensation.
      assert.equal(await stakeManager.read.hasRole([lockerRole, disputeCourt.address]), true);
      for (const [contract, role] of courtRoles) {
        assert.equal(await contract.read.hasRole([role, disputeCourt.address]), true);
      }
      for (const account of [deployer.account.address, timelock.address]) {
        assert.equal(await stakeManager.read.hasRole([lockerRole, account]), false);
        for (const [contract, role] of courtRoles) assert.equal(await contract.read.hasRole([role, account]), false);
      }
    });

    it("should make the governor the timelock's only proposer, canceller and executor", async () => {
      const { timelock, governor, deployer } = await loadDeployment();
      for (const role of [
        await timelock.read.PROPOSER_ROLE(),
        await timelock.read.CANCELLER_ROLE(),
        await timelock.read.EXECUTOR_ROLE(),
      ]) {
        assert.equal(await timelock.read.hasRole([role, governor.address]), true);
        assert.equal(await timelock.read.hasRole([role, deployer.account.address]), false);
        assert.equal(await timelock.read.hasRole([role, zeroAddress]), false);
      }
    });

    it("should give the guardian the guardian role and nothing else", async () => {
      const { codeRegistry, stakeManager, timelock, guardian } = await loadDeployment();
      assert.equal(
        await codeRegistry.read.hasRole([await codeRegistry.read.GUARDIAN_ROLE(), guardian.account.address]),
        true,
      );
      assert.equal(await codeRegistry.read.hasRole([zeroHash, guardian.account.address]), false);
      assert.equal(await stakeManager.read.hasRole([zeroHash, guardian.account.address]), false);
      assert.equal(await timelock.read.hasRole([zeroHash, guardian.account.address]), false);
    });

    it("should refuse the deployer's parameter changes after the handover", async () => {
      const { stakeManager, leaseRegistry, jobEscrow, codeRegistry, deployer } = await loadDeployment();
      const unauthorized: [Address, Hex] = [getAddress(deployer.account.address), zeroHash];
      const account = deployer.account;
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.setMinimumStake([1n], { account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.setMaxTtl([60n], { account }),
        leaseRegistry,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.setPremiumBps([0], { account }),
        jobEscrow,
        "AccessControlUnauthorizedAccount",
        unauthorized,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.setPublicationBond([0n], { account }),
        codeRegistry,
        "CodeRegistryNotGovernance",
        [getAddress(deployer.account.address)],
      );
    });
  });

  describe("# verifyRoles", () => {
    it("should know every role of every access-controlled contract, by the hash the contract uses", async () => {
      const fixture = await loadDeployment();
      const contracts = {
        StakeManager: fixture.stakeManager,
        LeaseRegistry: fixture.leaseRegistry,
        JobEscrow: fixture.jobEscrow,
        CodeRegistry: fixture.codeRegistry,
        InsurancePool: fixture.insurancePool,
        ArbitratorRegistry: fixture.arbitratorRegistry,
        DisputeCourt: fixture.disputeCourt,
        TimelockController: fixture.timelock,
      };
      for (const [name, roles] of Object.entries(accessControlledRoles)) {
        const contract = contracts[name as keyof typeof contracts];
        const getters = contract.abi.flatMap((item) =>
          item.type === "function" && item.name.endsWith("_ROLE") ? [item.name] : [],
        );
        assert.deepEqual([...getters].sort(), [...roles].sort(), `${name}'s roles`);
        for (const role of roles) {
          const value = await fixture.publicClient.readContract({
            address: contract.address,
            abi: contract.abi as Abi,
            functionName: role,
          });
          assert.equal(value, roleHash(role), `${name}.${role}`);
        }
      }
      const others = [fixture.agentRegistry, fixture.receiptAnchor, fixture.votes, fixture.governor, fixture.token];
      for (const contract of others) {
        assert.ok(!(contract.abi as Abi).some((item) => item.type === "function" && item.name === "hasRole"));
      }
    });

    it("should pass on the deployment as deployed", async () => {
      const { publicClient, deployment, guardian, deployer } = await loadDeployment();
      await verifyRoles({
        publicClient,
        deployment,
        guardian: guardian.account.address,
        knownAccounts: [deployer.account.address],
      });
    });

    it("should fail loudly once an account without code holds an admin role", async () => {
      const { publicClient, deployment, guardian, leaseRegistry, admin, accounts } = await loadDeployment();
      const intruder = getAddress(accounts[6]!.account.address);
      await leaseRegistry.write.grantRole([zeroHash, intruder], { account: admin.account });
      await assert.rejects(
        verifyRoles({ publicClient, deployment, guardian: guardian.account.address }),
        (error: unknown) =>
          error instanceof RoleCheckError &&
          error.message.includes(`LeaseRegistry.DEFAULT_ADMIN_ROLE is held by an account without code ${intruder}`),
      );
    });

    it("should fail when an operational role is held by anyone unexpected", async () => {
      const { publicClient, deployment, guardian, stakeManager, admin, accounts } = await loadDeployment();
      const slasher = getAddress(accounts[6]!.account.address);
      await stakeManager.write.grantRole([await stakeManager.read.SLASHER_ROLE(), slasher], { account: admin.account });
      await assert.rejects(
        verifyRoles({ publicClient, deployment, guardian: guardian.account.address }),
        (error: unknown) =>
          error instanceof RoleCheckError && error.message.includes(`StakeManager.SLASHER_ROLE is held by ${slasher}`),
      );
    });

    it("should fail when the guardian is not the one expected", async () => {
      const { publicClient, deployment, accounts } = await loadDeployment();
      await assert.rejects(
        verifyRoles({ publicClient, deployment, guardian: accounts[6]!.account.address }),
        (error: unknown) => error instanceof RoleCheckError && error.message.includes("CodeRegistry.GUARDIAN_ROLE"),
      );
    });
  });

  describe("# governance", () => {
    it("should wire the governor to the token and the timelock with the deploy parameters", async () => {
      const { governor, votes, timelock, codeRegistry, deployer, deployment } = await loadDeployment();
      assert.equal(getAddress(await governor.read.token()), getAddress(votes.address));
      assert.equal(getAddress(await governor.read.timelock()), getAddress(timelock.address));
      assert.equal(await governor.read.votingDelay(), VOTING_DELAY);
      assert.equal(await governor.read.votingPeriod(), VOTING_PERIOD);
      assert.equal(await governor.read.proposalThreshold(), PROPOSAL_THRESHOLD);
      assert.equal(await governor.read.quorumNumerator(), QUORUM_PERCENT);
      assert.equal(await governor.read.CLOCK_MODE(), "mode=timestamp");
      assert.equal(await timelock.read.getMinDelay(), TIMELOCK_DELAY);
      assert.equal(await votes.read.totalSupply(), VOTES_SUPPLY);
      assert.equal(await votes.read.balanceOf([deployer.account.address]), VOTES_SUPPLY);
      assert.equal(getAddress(await codeRegistry.read.governance()), getAddress(timelock.address));
      assert.equal(getAddress(await codeRegistry.read.bondToken()), deployment.stakeToken);
      assert.equal(await codeRegistry.read.reviewFloor(), REVIEW_FLOOR);
      assert.deepEqual(await codeRegistry.read.reviewPolicy(), {
        reviewBase: REVIEW_BASE,
        reviewPerKiB: REVIEW_PER_KIB,
      });
      assert.equal(await codeRegistry.read.publicationBond(), PUBLICATION_BOND);
    });

    it("should apply the documented governance defaults and send premiums to the insurance pool", async () => {
      const { publicClient, deployer } = await loadDeployment();
      const deployment = await deployLeasehold({
        publicClient,
        walletClient: deployer,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
      });
      const governor = await viem.getContractAt("LeaseholdGovernor", deployment.contracts.LeaseholdGovernor.address);
      const timelock = await viem.getContractAt("TimelockController", deployment.contracts.TimelockController.address);
      const codeRegistry = await viem.getContractAt("CodeRegistry", deployment.contracts.CodeRegistry.address);
      const jobEscrow = await viem.getContractAt("JobEscrow", deployment.contracts.JobEscrow.address);
      const defaults = deployLeaseholdDefaults;
      assert.equal(await governor.read.votingDelay(), defaults.votingDelay);
      assert.equal(await governor.read.votingPeriod(), defaults.votingPeriod);
      assert.equal(await governor.read.proposalThreshold(), defaults.proposalThreshold);
      assert.equal(await governor.read.quorumNumerator(), defaults.quorumPercent);
      assert.equal(await timelock.read.getMinDelay(), defaults.timelockDelay);
      assert.equal(await codeRegistry.read.reviewFloor(), defaults.reviewFloor);
      assert.equal(await codeRegistry.read.publicationBond(), defaults.publicationBond);
      assert.equal(await jobEscrow.read.insurance(), deployment.contracts.InsurancePool.address);
      assert.equal(
        await codeRegistry.read.hasRole([await codeRegistry.read.GUARDIAN_ROLE(), deployer.account.address]),
        false,
      );
    });

    it("should refuse a chain other than the local one without a recipient for the voting supply", async () => {
      const { token } = await loadDeployment();
      await assertRefusedBeforeSending(
        { stakeToken: token.address, minimumStake: MINIMUM_STAKE, unbondingDelay: UNBONDING_DELAY },
        (error: unknown) => error instanceof InvalidInputError && error.retryable === false,
        8453,
      );
    });

    it("should refuse a group withdrawal delay not above its root validity before sending anything", async () => {
      const { token } = await loadDeployment();
      for (const groupWithdrawalDelay of [0n, deployLeaseholdDefaults.groupRootValidity]) {
        await assertRefusedBeforeSending(
          {
            stakeToken: token.address,
            minimumStake: MINIMUM_STAKE,
            unbondingDelay: UNBONDING_DELAY,
            groupWithdrawalDelay,
          },
          (error: unknown) => error instanceof InvalidInputError && /groupWithdrawalDelay/.test(error.message),
        );
      }
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
      await assertRefusedBeforeSending(
        { minimumStake: MINIMUM_STAKE, unbondingDelay: UNBONDING_DELAY },
        (error: unknown) => error instanceof InvalidInputError && error.retryable === false,
        1,
      );
    });

    it("should refuse the development trusted setup on a chain other than the local one", async () => {
      const { token, deployer } = await loadDeployment();
      await assertRefusedBeforeSending(
        {
          stakeToken: token.address,
          votesRecipient: deployer.account.address,
          minimumStake: MINIMUM_STAKE,
          unbondingDelay: UNBONDING_DELAY,
        },
        (error: unknown) => error instanceof DevelopmentSetupError && error.retryable === false,
        8453,
      );
    });

    it("should accept an existing stake token on a chain other than the local one", async () => {
      const { publicClient, deployer, token } = await loadDeployment();
      const otherChainClient = { ...publicClient, getChainId: async () => 8453 } as typeof publicClient;
      const deployment = await deployLeasehold({
        publicClient: otherChainClient,
        walletClient: deployer,
        stakeToken: token.address,
        votesRecipient: deployer.account.address,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
        chainName: "Base",
        // Off the local chain the verifier must come from a ceremony (deploy-setup-guard.test.ts).
        setupManifest: await ceremonyManifest(),
      });
      assert.equal(deployment.chainId, 8453);
      assert.equal(deployment.chainName, "Base");
      assert.equal(deployment.contracts.DevStakeToken, undefined);
    });
  });

  describe("# randomness", () => {
    it("should give the arbitrator registry a block-hash source by default, on the default draw schedule", async () => {
      const { deployment, arbitratorRegistry } = await loadDeployment();
      const source = deployment.contracts.BlockhashRandomness;
      assert.ok(source, "no BlockhashRandomness in the record");
      assert.equal(deployment.contracts.ChainlinkVrfRandomness, undefined);
      assert.equal(getAddress(await arbitratorRegistry.read.randomnessSource()), source.address);
      const blockhash = await viem.getContractAt("BlockhashRandomness", source.address);
      assert.equal(await blockhash.read.delayBlocks(), deployLeaseholdDefaults.randomnessDelayBlocks);
      assert.deepEqual(await arbitratorRegistry.read.drawSchedule(), [
        deployLeaseholdDefaults.drawMinStakingTime,
        deployLeaseholdDefaults.drawMaxDrawingTime,
      ]);
    });

    it("should deploy the Chainlink VRF adapter instead when asked, bound to the registry it serves", async () => {
      const { publicClient, deployer, token } = await loadDeployment();
      const { coordinator, subscriptionId } = await deployVrfCoordinator();
      const deployment = await deployLeasehold({
        publicClient,
        walletClient: deployer,
        stakeToken: token.address,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
        randomness: {
          kind: "chainlinkVrf",
          coordinator: coordinator.address,
          keyHash: VRF_KEY_HASH,
          subscriptionId,
          requestConfirmations: 5,
          callbackGasLimit: 250_000,
          nativePayment: true,
        },
      });
      assert.equal(deployment.contracts.BlockhashRandomness, undefined);
      const adapterRecord = deployment.contracts.ChainlinkVrfRandomness;
      assert.ok(adapterRecord, "no ChainlinkVrfRandomness in the record");
      assert.deepEqual(parseDeployment(JSON.parse(JSON.stringify(deployment))), deployment);
      const registry = await viem.getContractAt("ArbitratorRegistry", deployment.contracts.ArbitratorRegistry.address);
      const adapter = await viem.getContractAt("ChainlinkVrfRandomness", adapterRecord.address);
      assert.equal(getAddress(await registry.read.randomnessSource()), adapterRecord.address);
      assert.equal(getAddress(await adapter.read.requester()), deployment.contracts.ArbitratorRegistry.address);
      assert.equal(getAddress(await adapter.read.coordinator()), getAddress(coordinator.address));
      assert.equal(await adapter.read.keyHash(), VRF_KEY_HASH);
      assert.equal(await adapter.read.subscriptionId(), subscriptionId);
      assert.equal(await adapter.read.requestConfirmations(), 5);
      assert.equal(await adapter.read.callbackGasLimit(), 250_000);
      assert.equal(await adapter.read.nativePayment(), true);
    });
  });
});
