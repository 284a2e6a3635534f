import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  encodeFunctionData,
  getAddress,
  getContract,
  keccak256,
  parseAbi,
  parseEther,
  toHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { deployLeasehold } from "../../scripts/deploy/deploy-leasehold.ts";
import {
  CHALLENGE_WINDOW,
  COLLATERAL_BPS,
  MINIMUM_STAKE,
  networkHelpers,
  PREMIUM_BPS,
  UNBONDING_DELAY,
  viem,
} from "../fixtures/deploy-fixture.ts";
import {
  BUDGET,
  CODE,
  CONTEXT,
  FEE,
  identityKey,
  OTHER_POLICY,
  PAYMENT,
  POLICY,
  SCOPE,
  setupJobFlow,
} from "./helpers/job-flow.ts";
import { identityProofArgs } from "./helpers/identity-proof.ts";
import { merkleProof, merkleRoot, Outcome } from "./helpers/receipts.ts";

const BPS = 10_000n;
const MAX_CHALLENGE_WINDOW = 30n * 24n * 60n * 60n;
const MAX_COLLATERAL_BPS = 50_000;
const MAX_PREMIUM_BPS = 2_000;
const COLLATERAL = (PAYMENT * BigInt(COLLATERAL_BPS)) / BPS;
const PREMIUM = (PAYMENT * BigInt(PREMIUM_BPS)) / BPS;

/** JobStatus as the contract numbers it. */
const Status = {
  None: 0,
  Open: 1,
  Accepted: 2,
  Submitted: 3,
  Frozen: 4,
  Paid: 5,
  Cancelled: 6,
  Expired: 7,
  Refused: 8,
  Voided: 9,
  Rejected: 10,
} as const;

/** The functions of the misbehaving test tokens (contracts/test/mocks) these tests call. */
const mockTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
  "function arm(address target, bytes data)",
  "function setTransfersFail(bool fail)",
]);

async function setup() {
  const flow = await setupJobFlow();
  const { jobEscrow, stakeManager, token, deployer, court } = flow;
  const disputeRole = await jobEscrow.read.DISPUTE_ROLE();
  const adminRole = await jobEscrow.read.DEFAULT_ADMIN_ROLE();

  /** Receipt, anchor and submit for an accepted job; returns the batch id and the receipt digest. */
  async function submitted(options: Parameters<typeof flow.makeReceipt>[2] = {}) {
    const job = await flow.acceptedJob();
    const signed = await flow.makeReceipt(job.jobId, job.agentId, options);
    const { batchId, digest } = await flow.submit(job.jobId, job.agentId, signed);
    return { ...job, signed, batchId, digest };
  }

  /** Token balances and stake of everyone a job's money can reach. */
  async function balances() {
    const operatorStake = await stakeManager.read.stakeOf([flow.operator.account.address]);
    return {
      escrow: await token.read.balanceOf([jobEscrow.address]),
      client: await token.read.balanceOf([flow.client.account.address]),
      operator: await token.read.balanceOf([flow.operator.account.address]),
      insurance: await token.read.balanceOf([deployer.account.address]),
      free: operatorStake.free,
      locked: operatorStake.locked,
      lockedByEscrow: await stakeManager.read.lockedBy([jobEscrow.address, flow.operator.account.address]),
    };
  }

  /** A whole Leasehold deployment on a misbehaving stake token, with an agent and a lease ready. */
  async function withMockToken(
    name: "ReentrantToken" | "FalseReturningToken" | "FeeOnTransferToken",
    args: unknown[] = [],
  ) {
    const { address } = await viem.deployContract(name, args);
    const mock = getContract({ address, abi: mockTokenAbi, client: { public: flow.publicClient, wallet: deployer } });
    const record = await deployLeasehold({
      publicClient: flow.publicClient,
      walletClient: deployer,
      stakeToken: address,
      minimumStake: MINIMUM_STAKE,
      unbondingDelay: UNBONDING_DELAY,
    });
    const manager = await viem.getContractAt("StakeManager", record.contracts.StakeManager.address);
    const registry = await viem.getContractAt("AgentRegistry", record.contracts.AgentRegistry.address);
    const leases = await viem.getContractAt("LeaseRegistry", record.contracts.LeaseRegistry.address);
    const escrow = await viem.getContractAt("JobEscrow", record.contracts.JobEscrow.address);
    const stake = MINIMUM_STAKE * 2n;
    await mock.write.mint([flow.operator.account.address, stake]);
    await mock.write.approve([manager.address, stake], { account: flow.operator.account });
    await manager.write.deposit([stake], { account: flow.operator.account });
    const identity = identityKey("mock-agent");
    await registry.write.register(
      [identity.address, CODE, "", ...(await identityProofArgs(registry, identity, flow.operator.account.address))],
      { account: flow.operator.account },
    );
    await leases.write.grant([1n, SCOPE, CONTEXT, (await flow.now()) + 3600n, FEE], { account: flow.client.account });
    await mock.write.mint([flow.client.account.address, FEE]);
    await mock.write.approve([escrow.address, FEE], { account: flow.client.account });
    return { mock, escrow };
  }

  return { ...flow, court, disputeRole, adminRole, submitted, balances, withMockToken };
}

describe("JobEscrow", () => {
  describe("# deployment", () => {
    it("should be wired to the other contracts and hold the deploy parameters", async () => {
      const { jobEscrow, token, stakeManager, agentRegistry, leaseRegistry, receiptAnchor, deployer } = await setup();
      assert.equal(getAddress(await jobEscrow.read.stakeToken()), getAddress(token.address));
      assert.equal(getAddress(await jobEscrow.read.stakeManager()), getAddress(stakeManager.address));
      assert.equal(getAddress(await jobEscrow.read.agentRegistry()), getAddress(agentRegistry.address));
      assert.equal(getAddress(await jobEscrow.read.leaseRegistry()), getAddress(leaseRegistry.address));
      assert.equal(getAddress(await jobEscrow.read.receiptAnchor()), getAddress(receiptAnchor.address));
      assert.equal(await jobEscrow.read.challengeWindow(), CHALLENGE_WINDOW);
      assert.equal(await jobEscrow.read.collateralBps(), COLLATERAL_BPS);
      assert.equal(await jobEscrow.read.premiumBps(), PREMIUM_BPS);
      assert.equal(await jobEscrow.read.insurance(), getAddress(deployer.account.address));
      assert.equal(await jobEscrow.read.MAX_CHALLENGE_WINDOW(), MAX_CHALLENGE_WINDOW);
      assert.equal(await jobEscrow.read.MAX_COLLATERAL_BPS(), MAX_COLLATERAL_BPS);
      assert.equal(await jobEscrow.read.MAX_PREMIUM_BPS(), MAX_PREMIUM_BPS);
      assert.equal(await jobEscrow.read.DISPUTE_ROLE(), keccak256(toHex("DISPUTE_ROLE")));
      assert.equal(await jobEscrow.read.jobCount(), 0n);
    });

    it("should revert with JobEscrowRegistryMismatch when the anchor names another agent registry", async () => {
      const { jobEscrow, leaseRegistry, agentRegistry, stakeManager, deployer } = await setup();
      const otherRegistry = await viem.deployContract("AgentRegistry", [stakeManager.address]);
      const otherAnchor = await viem.deployContract("ReceiptAnchor", [otherRegistry.address]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("JobEscrow", [
          leaseRegistry.address,
          otherAnchor.address,
          deployer.account.address,
          CHALLENGE_WINDOW,
          COLLATERAL_BPS,
          PREMIUM_BPS,
          deployer.account.address,
        ]),
        jobEscrow,
        "JobEscrowRegistryMismatch",
        [getAddress(agentRegistry.address), getAddress(otherRegistry.address)],
      );
    });
  });

  describe("# openJob", () => {
    it("should escrow the payment, record the job and emit JobOpened", async () => {
      const { jobEscrow, token, client, registerAgent, grantLease, now } = await setup();
      const agentId = await registerAgent();
      const leaseId = await grantLease(agentId);
      await token.write.faucet({ account: client.account });
      await token.write.approve([jobEscrow.address, PAYMENT], { account: client.account });
      const before = await token.read.balanceOf([client.account.address]);
      const deadline = (await now()) + 600n;
      await viem.assertions.emitWithArgs(
        jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, BUDGET, deadline], { account: client.account }),
        jobEscrow,
        "JobOpened",
        [1n, agentId, getAddress(client.account.address), leaseId, PAYMENT, POLICY, BUDGET, deadline],
      );
      assert.deepEqual(await jobEscrow.read.getJob([1n]), {
        client: getAddress(client.account.address),
        deadline,
        status: Status.Open,
        operator: zeroAddress,
        budget: BUDGET,
        challengeEndsAt: 0n,
        leaseId,
        agentId,
        payment: PAYMENT,
        collateral: 0n,
        policyHash: POLICY,
        receiptDigest: zeroHash,
      });
      assert.equal(await token.read.balanceOf([jobEscrow.address]), PAYMENT);
      assert.equal(await token.read.balanceOf([client.account.address]), before - PAYMENT);
      assert.equal(await jobEscrow.read.jobCount(), 1n);
    });

    it("should accept a payment equal to the lease fee and a deadline equal to the lease expiry", async () => {
      const { jobEscrow, leaseRegistry, token, client, registerAgent, grantLease } = await setup();
      const leaseId = await grantLease(await registerAgent());
      const { expiry } = await leaseRegistry.read.getLease([leaseId]);
      await token.write.faucet({ account: client.account });
      await token.write.approve([jobEscrow.address, FEE], { account: client.account });
      await jobEscrow.write.openJob([leaseId, FEE, POLICY, BUDGET, expiry], { account: client.account });
      assert.equal((await jobEscrow.read.getJob([1n])).payment, FEE);
    });

    it("should let the lease owner open several jobs under one lease", async () => {
      const { jobEscrow, registerAgent, grantLease, openJob } = await setup();
      const leaseId = await grantLease(await registerAgent());
      assert.equal(await openJob(leaseId), 1n);
      assert.equal(await openJob(leaseId), 2n);
      assert.equal((await jobEscrow.read.getJob([2n])).leaseId, leaseId);
    });

    it("should escrow only what arrives from a token that charges a transfer fee", async () => {
      const { client, now, withMockToken } = await setup();
      const { mock, escrow } = await withMockToken("FeeOnTransferToken", [100n]);
      const received = PAYMENT - (PAYMENT * 100n) / BPS;
      const deadline = (await now()) + 600n;
      await viem.assertions.emitWithArgs(
        escrow.write.openJob([1n, PAYMENT, POLICY, BUDGET, deadline], { account: client.account }),
        escrow,
        "JobOpened",
        [1n, 1n, getAddress(client.account.address), 1n, received, POLICY, BUDGET, deadline],
      );
      assert.equal((await escrow.read.getJob([1n])).payment, received);
      assert.equal(await mock.read.balanceOf([escrow.address]), received);
    });

    it("should revert with JobEscrowNotLeaseOwner for anyone but the lease owner", async () => {
      const { jobEscrow, other, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, BUDGET, (await now()) + 600n], { account: other.account }),
        jobEscrow,
        "JobEscrowNotLeaseOwner",
        [leaseId, getAddress(other.account.address)],
      );
    });

    it("should revert with the lease registry's LeaseRegistryUnknownLease for an unknown lease", async () => {
      const { jobEscrow, leaseRegistry, client, now } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.openJob([5n, PAYMENT, POLICY, BUDGET, (await now()) + 600n], { account: client.account }),
        leaseRegistry,
        "LeaseRegistryUnknownLease",
        [5n],
      );
    });

    it("should revert with JobEscrowLeaseNotLive under a revoked or expired lease", async () => {
      const { jobEscrow, leaseRegistry, client, registerAgent, grantLease, now } = await setup();
      const agentId = await registerAgent();
      const revoked = await grantLease(agentId);
      await leaseRegistry.write.revoke([revoked], { account: client.account });
      const expired = await grantLease(agentId, { ttl: 30n });
      await networkHelpers.time.increase(60n);
      for (const leaseId of [revoked, expired]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, BUDGET, (await now()) + 10n], { account: client.account }),
          jobEscrow,
          "JobEscrowLeaseNotLive",
          [leaseId],
        );
      }
    });

    it("should revert with JobEscrowZeroPayment without a payment", async () => {
      const { jobEscrow, client, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      await viem.assertions.revertWithCustomError(
        jobEscrow.write.openJob([leaseId, 0n, POLICY, BUDGET, (await now()) + 600n], { account: client.account }),
        jobEscrow,
        "JobEscrowZeroPayment",
      );
    });

    it("should revert with JobEscrowPaymentAboveFee above the lease's per-job cap", async () => {
      const { jobEscrow, client, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.openJob([leaseId, FEE + 1n, POLICY, BUDGET, (await now()) + 600n], { account: client.account }),
        jobEscrow,
        "JobEscrowPaymentAboveFee",
        [FEE + 1n, FEE],
      );
    });

    it("should revert with JobEscrowZeroPolicyHash without a policy", async () => {
      const { jobEscrow, client, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      await viem.assertions.revertWithCustomError(
        jobEscrow.write.openJob([leaseId, PAYMENT, zeroHash, BUDGET, (await now()) + 600n], {
          account: client.account,
        }),
        jobEscrow,
        "JobEscrowZeroPolicyHash",
      );
    });

    it("should revert with JobEscrowZeroBudget without a budget", async () => {
      const { jobEscrow, client, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      await viem.assertions.revertWithCustomError(
        jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, 0n, (await now()) + 600n], { account: client.account }),
        jobEscrow,
        "JobEscrowZeroBudget",
      );
    });

    it("should revert with JobEscrowDeadlineNotInFuture for a deadline at the current block", async () => {
      const { jobEscrow, client, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      const at = (await now()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, BUDGET, at], { account: client.account }),
        jobEscrow,
        "JobEscrowDeadlineNotInFuture",
        [at, at],
      );
    });

    it("should revert with JobEscrowDeadlineAfterLeaseExpiry one second after the lease expires", async () => {
      const { jobEscrow, leaseRegistry, client, registerAgent, grantLease } = await setup();
      const leaseId = await grantLease(await registerAgent());
      const { expiry } = await leaseRegistry.read.getLease([leaseId]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, BUDGET, expiry + 1n], { account: client.account }),
        jobEscrow,
        "JobEscrowDeadlineAfterLeaseExpiry",
        [expiry + 1n, expiry],
      );
    });

    it("should revert with the token's ERC20InsufficientAllowance without approval", async () => {
      const { jobEscrow, token, client, registerAgent, grantLease, now } = await setup();
      const leaseId = await grantLease(await registerAgent());
      await token.write.faucet({ account: client.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, BUDGET, (await now()) + 600n], { account: client.account }),
        token,
        "ERC20InsufficientAllowance",
        [getAddress(jobEscrow.address), 0n, PAYMENT],
      );
    });

    it("should revert with SafeERC20FailedOperation when the token returns false", async () => {
      const { client, now, withMockToken } = await setup();
      const { mock, escrow } = await withMockToken("FalseReturningToken");
      await mock.write.setTransfersFail([true]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.openJob([1n, PAYMENT, POLICY, BUDGET, (await now()) + 600n], { account: client.account }),
        escrow,
        "SafeERC20FailedOperation",
        [getAddress(mock.address)],
      );
    });

    it("should revert with ReentrancyGuardReentrantCall when the token calls back", async () => {
      const { client, now, withMockToken } = await setup();
      const { mock, escrow } = await withMockToken("ReentrantToken");
      const deadline = (await now()) + 600n;
      const data = encodeFunctionData({
        abi: escrow.abi,
        functionName: "openJob",
        args: [1n, PAYMENT, POLICY, BUDGET, deadline],
      });
      await mock.write.arm([escrow.address, data]);
      await viem.assertions.revertWithCustomError(
        escrow.write.openJob([1n, PAYMENT, POLICY, BUDGET, deadline], { account: client.account }),
        escrow,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("# acceptJob", () => {
    it("should lock the collateral, record the operator and emit JobAccepted", async () => {
      const { jobEscrow, stakeManager, operator, registerAgent, grantLease, openJob, balances } = await setup();
      const agentId = await registerAgent();
      const jobId = await openJob(await grantLease(agentId));
      const before = await balances();
      await viem.assertions.emitWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobAccepted",
        [jobId, agentId, getAddress(operator.account.address), COLLATERAL],
      );
      const job = await jobEscrow.read.getJob([jobId]);
      assert.equal(job.status, Status.Accepted);
      assert.equal(job.operator, getAddress(operator.account.address));
      assert.equal(job.collateral, COLLATERAL);
      const after = await balances();
      assert.equal(after.free, before.free - COLLATERAL);
      assert.equal(after.locked, before.locked + COLLATERAL);
      assert.equal(await stakeManager.read.lockedBy([jobEscrow.address, operator.account.address]), COLLATERAL);
    });

    it("should accept the agent's identity as the caller", async () => {
      const { jobEscrow, identity, operator, registerAgent, grantLease, openJob } = await setup();
      const jobId = await openJob(await grantLease(await registerAgent()));
      await networkHelpers.setBalance(identity.address, parseEther("1"));
      await jobEscrow.write.acceptJob([jobId], { account: identity });
      assert.equal((await jobEscrow.read.getJob([jobId])).operator, getAddress(operator.account.address));
    });

    it("should lock nothing at a zero collateral rate", async () => {
      const { jobEscrow, stakeManager, admin, operator, registerAgent, grantLease, openJob } = await setup();
      await jobEscrow.write.setCollateralBps([0], { account: admin.account });
      const jobId = await openJob(await grantLease(await registerAgent()));
      await jobEscrow.write.acceptJob([jobId], { account: operator.account });
      assert.equal((await jobEscrow.read.getJob([jobId])).collateral, 0n);
      assert.equal((await stakeManager.read.stakeOf([operator.account.address])).locked, 0n);
    });

    it("should revert with JobEscrowCollateralBelowMinimum when the collateral exceeds the free stake", async () => {
      const { jobEscrow, stakeManager, admin, operator, registerAgent, grantLease, openJob } = await setup();
      const agentId = await registerAgent();
      const payment = parseEther("200");
      const jobId = await openJob(await grantLease(agentId, { fee: payment }), { payment });
      await jobEscrow.write.setCollateralBps([MAX_COLLATERAL_BPS], { account: admin.account });
      const { free } = await stakeManager.read.stakeOf([operator.account.address]);
      const collateral = (payment * BigInt(MAX_COLLATERAL_BPS)) / BPS;
      assert.ok(collateral > free);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobEscrowCollateralBelowMinimum",
        [getAddress(operator.account.address), free, collateral, MINIMUM_STAKE],
      );
    });

    it("should take collateral only from stake above the minimum: exactly enough passes, a wei less does not", async () => {
      const { jobEscrow, stakeManager, operator, registerAgent, grantLease, openJob } = await setup();
      const agentId = await registerAgent();
      const leaseId = await grantLease(agentId);
      const jobId = await openJob(leaseId);
      const { free } = await stakeManager.read.stakeOf([operator.account.address]);
      // A wei short of the collateral plus the minimum: the agent is active, the job refused.
      await stakeManager.write.requestWithdrawal([free - (COLLATERAL + MINIMUM_STAKE) + 1n], {
        account: operator.account,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobEscrowCollateralBelowMinimum",
        [getAddress(operator.account.address), COLLATERAL + MINIMUM_STAKE - 1n, COLLATERAL, MINIMUM_STAKE],
      );
      await stakeManager.write.cancelWithdrawal({ account: operator.account });
      await stakeManager.write.requestWithdrawal([free - (COLLATERAL + MINIMUM_STAKE)], { account: operator.account });
      await viem.assertions.emitWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobAccepted",
        [jobId, agentId, getAddress(operator.account.address), COLLATERAL],
      );
      assert.equal((await stakeManager.read.stakeOf([operator.account.address])).free, MINIMUM_STAKE);
    });

    it("should revert with JobEscrowNotAgent for anyone but the operator or identity", async () => {
      const { jobEscrow, client, registerAgent, grantLease, openJob } = await setup();
      const jobId = await openJob(await grantLease(await registerAgent()));
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: client.account }),
        jobEscrow,
        "JobEscrowNotAgent",
        [jobId, getAddress(client.account.address)],
      );
    });

    it("should revert with JobEscrowAgentNotActive below the minimum stake or once retired", async () => {
      const { jobEscrow, stakeManager, agentRegistry, operator, registerAgent, grantLease, openJob } = await setup();
      const agentId = await registerAgent();
      const leaseId = await grantLease(agentId);
      const first = await openJob(leaseId);
      const second = await openJob(leaseId);
      const { free } = await stakeManager.read.stakeOf([operator.account.address]);
      await stakeManager.write.requestWithdrawal([free - MINIMUM_STAKE + 1n], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([first], { account: operator.account }),
        jobEscrow,
        "JobEscrowAgentNotActive",
        [agentId],
      );
      await stakeManager.write.cancelWithdrawal({ account: operator.account });
      await agentRegistry.write.retire([agentId], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([second], { account: operator.account }),
        jobEscrow,
        "JobEscrowAgentNotActive",
        [agentId],
      );
    });

    it("should revert with JobEscrowDeadlinePassed after the deadline", async () => {
      const { jobEscrow, operator, registerAgent, grantLease, openJob } = await setup();
      const jobId = await openJob(await grantLease(await registerAgent()), { deadlineIn: 60n });
      const { deadline } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobEscrowDeadlinePassed",
        [jobId, deadline],
      );
    });

    it("should revert with JobEscrowLeaseNotLive once the lease is revoked", async () => {
      const { jobEscrow, leaseRegistry, client, operator, registerAgent, grantLease, openJob } = await setup();
      const leaseId = await grantLease(await registerAgent());
      const jobId = await openJob(leaseId);
      await leaseRegistry.write.revoke([leaseId], { account: client.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobEscrowLeaseNotLive",
        [leaseId],
      );
    });

    it("should revert with JobEscrowInvalidStatus when already accepted", async () => {
      const { jobEscrow, operator, acceptedJob } = await setup();
      const { jobId } = await acceptedJob();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([jobId], { account: operator.account }),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Accepted],
      );
    });

    it("should revert with JobEscrowUnknownJob for an unknown id", async () => {
      const { jobEscrow, operator } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.acceptJob([3n], { account: operator.account }),
        jobEscrow,
        "JobEscrowUnknownJob",
        [3n],
      );
    });
  });

  describe("# cancel", () => {
    it("should refund the client and emit JobSettled as Cancelled", async () => {
      const { jobEscrow, client, registerAgent, grantLease, openJob, balances } = await setup();
      const agentId = await registerAgent();
      const jobId = await openJob(await grantLease(agentId));
      const before = await balances();
      await viem.assertions.emitWithArgs(
        jobEscrow.write.cancel([jobId], { account: client.account }),
        jobEscrow,
        "JobSettled",
        [
          jobId,
          agentId,
          Status.Cancelled,
          getAddress(client.account.address),
          zeroAddress,
          zeroAddress,
          0n,
          0n,
          PAYMENT,
          0n,
        ],
      );
      const after = await balances();
      assert.equal(after.client, before.client + PAYMENT);
      assert.equal(after.escrow, 0n);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Cancelled);
    });

    it("should revert with JobEscrowNotClient for anyone else", async () => {
      const { jobEscrow, operator, registerAgent, grantLease, openJob } = await setup();
      const jobId = await openJob(await grantLease(await registerAgent()));
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.cancel([jobId], { account: operator.account }),
        jobEscrow,
        "JobEscrowNotClient",
        [jobId, getAddress(operator.account.address)],
      );
    });

    it("should revert with JobEscrowInvalidStatus once accepted", async () => {
      const { jobEscrow, client, acceptedJob } = await setup();
      const { jobId } = await acceptedJob();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.cancel([jobId], { account: client.account }),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Accepted],
      );
    });
  });

  describe("# submitReceipt", () => {
    it("should accept an included receipt from anyone, start the challenge window and emit ReceiptSubmitted", async () => {
      const { jobEscrow, receiptAnchor, other, acceptedJob, makeReceipt, anchor, now } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId);
      const digest = await receiptAnchor.read.receiptDigest([signed.receipt]);
      const digests = [keccak256(toHex("a")), keccak256(toHex("b")), digest];
      const { batchId } = await anchor(agentId, digests);
      const at = (await now()) + 5n;
      await networkHelpers.time.setNextBlockTimestamp(at);
      await viem.assertions.emitWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, merkleProof(digests, 2)], { account: other.account }),
        jobEscrow,
        "ReceiptSubmitted",
        [jobId, agentId, batchId, digest, POLICY, Outcome.Completed, BUDGET / 2n, at + CHALLENGE_WINDOW],
      );
      const job = await jobEscrow.read.getJob([jobId]);
      assert.equal(job.status, Status.Submitted);
      assert.equal(job.receiptDigest, digest);
      assert.equal(job.challengeEndsAt, at + CHALLENGE_WINDOW);
    });

    it("should take BudgetExhausted and Failed receipts that used the whole budget to the challenge window", async () => {
      const { jobEscrow, registerAgent, acceptedJob, makeReceipt, submit } = await setup();
      const agent = await registerAgent();
      for (const outcome of [Outcome.BudgetExhausted, Outcome.Failed]) {
        const { jobId, agentId } = await acceptedJob(agent);
        await submit(jobId, agentId, await makeReceipt(jobId, agentId, { outcome, fuelUsed: BUDGET }));
        assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Submitted);
      }
    });

    it("should accept a receipt anchored alone (a batch of one, an empty proof) at the deadline", async () => {
      const { jobEscrow, receiptAnchor, acceptedJob, makeReceipt, anchor } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId);
      const digest = await receiptAnchor.read.receiptDigest([signed.receipt]);
      const { batchId, root } = await anchor(agentId, [digest]);
      assert.equal(root, merkleRoot([digest]));
      const { deadline } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await jobEscrow.write.submitReceipt([jobId, signed, batchId, []]);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Submitted);
    });

    it("should void the job at once for another policy hash: client refunded, collateral released", async () => {
      const { jobEscrow, client, operator, acceptedJob, makeReceipt, anchorReceipt, balances } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const before = await balances();
      const signed = await makeReceipt(jobId, agentId, { policyHash: OTHER_POLICY });
      const { batchId, proof } = await anchorReceipt(agentId, signed);
      await viem.assertions.emitWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, proof]),
        jobEscrow,
        "JobSettled",
        [
          jobId,
          agentId,
          Status.Voided,
          getAddress(client.account.address),
          getAddress(operator.account.address),
          zeroAddress,
          0n,
          0n,
          PAYMENT,
          COLLATERAL,
        ],
      );
      const after = await balances();
      assert.equal(after.client, before.client + PAYMENT);
      assert.equal(after.escrow, before.escrow - PAYMENT);
      assert.equal(after.free, before.free + COLLATERAL);
      assert.equal(after.lockedByEscrow, 0n);
      const job = await jobEscrow.read.getJob([jobId]);
      assert.equal(job.status, Status.Voided);
      assert.equal(job.challengeEndsAt, 0n);
    });

    it("should refund the client at once for a Refused receipt", async () => {
      const { jobEscrow, client, operator, acceptedJob, makeReceipt, anchorReceipt, balances } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const before = await balances();
      const signed = await makeReceipt(jobId, agentId, { outcome: Outcome.Refused, fuelUsed: 0n });
      const { batchId, proof } = await anchorReceipt(agentId, signed);
      await viem.assertions.emitWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, proof]),
        jobEscrow,
        "JobSettled",
        [
          jobId,
          agentId,
          Status.Refused,
          getAddress(client.account.address),
          getAddress(operator.account.address),
          zeroAddress,
          0n,
          0n,
          PAYMENT,
          COLLATERAL,
        ],
      );
      const after = await balances();
      assert.equal(after.client, before.client + PAYMENT);
      assert.equal(after.free, before.free + COLLATERAL);
    });

    it("should revert with JobEscrowReceiptAlreadySubmitted for a second receipt, even after the job was voided", async () => {
      const { jobEscrow, registerAgent, acceptedJob, makeReceipt, submit } = await setup();
      const agent = await registerAgent();
      for (const policyHash of [POLICY, OTHER_POLICY]) {
        const { jobId, agentId } = await acceptedJob(agent);
        const { batchId, digest } = await submit(jobId, agentId, await makeReceipt(jobId, agentId, { policyHash }));
        const again = await makeReceipt(jobId, agentId, { outputHash: keccak256(toHex("another output")) });
        await viem.assertions.revertWithCustomErrorWithArgs(
          jobEscrow.write.submitReceipt([jobId, again, batchId, []]),
          jobEscrow,
          "JobEscrowReceiptAlreadySubmitted",
          [jobId, digest],
        );
      }
    });

    it("should revert with JobEscrowInvalidStatus before acceptance", async () => {
      const { jobEscrow, registerAgent, grantLease, openJob, makeReceipt, anchor, receiptAnchor } = await setup();
      const agentId = await registerAgent();
      const jobId = await openJob(await grantLease(agentId));
      const signed = await makeReceipt(jobId, agentId);
      const { batchId } = await anchor(agentId, [await receiptAnchor.read.receiptDigest([signed.receipt])]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, []]),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Open],
      );
    });

    it("should revert with JobEscrowDeadlinePassed after the deadline", async () => {
      const { jobEscrow, receiptAnchor, acceptedJob, makeReceipt, anchor } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId);
      const { batchId } = await anchor(agentId, [await receiptAnchor.read.receiptDigest([signed.receipt])]);
      const { deadline } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, []]),
        jobEscrow,
        "JobEscrowDeadlinePassed",
        [jobId, deadline],
      );
    });

    it("should revert with JobEscrowReceiptForOtherJob for another job's receipt", async () => {
      const { jobEscrow, receiptAnchor, acceptedJob, makeReceipt, anchor } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId + 1n, agentId);
      const { batchId } = await anchor(agentId, [await receiptAnchor.read.receiptDigest([signed.receipt])]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, []]),
        jobEscrow,
        "JobEscrowReceiptForOtherJob",
        [jobId, jobId + 1n],
      );
    });

    it("should revert with JobEscrowReceiptForOtherAgent for another agent's receipt", async () => {
      const { jobEscrow, agentRegistry, operator, acceptedJob, makeReceipt } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const second = identityKey("agent-2");
      await agentRegistry.write.register(
        [second.address, CODE, "", ...(await identityProofArgs(agentRegistry, second, operator.account.address))],
        { account: operator.account },
      );
      const signed = await makeReceipt(jobId, agentId + 1n, { signer: second });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, zeroHash, []]),
        jobEscrow,
        "JobEscrowReceiptForOtherAgent",
        [agentId, agentId + 1n],
      );
    });

    it("should revert with JobEscrowFuelAboveBudget when the receipt used more than the budget", async () => {
      const { jobEscrow, acceptedJob, makeReceipt } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId, { fuelUsed: BUDGET + 1n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, zeroHash, []]),
        jobEscrow,
        "JobEscrowFuelAboveBudget",
        [BUDGET + 1n, BUDGET],
      );
    });

    it("should revert with JobEscrowUnknownOutcome for an outcome the spec does not define", async () => {
      const { jobEscrow, acceptedJob, makeReceipt } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId, { outcome: 4 });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, zeroHash, []]),
        jobEscrow,
        "JobEscrowUnknownOutcome",
        [4],
      );
    });

    it("should revert with the anchor's verification error for a receipt that fails verification", async () => {
      const { jobEscrow, receiptAnchor, acceptedJob, makeReceipt } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const stranger = identityKey("stranger");
      const signed = await makeReceipt(jobId, agentId, { signer: stranger });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, zeroHash, []]),
        receiptAnchor,
        "ReceiptAnchorCertificateSignerNotAgent",
        [stranger.address, agentId],
      );
    });

    it("should revert with the anchor's ReceiptAnchorUnknownBatch for a batch never anchored", async () => {
      const { jobEscrow, receiptAnchor, acceptedJob, makeReceipt } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, zeroHash, []]),
        receiptAnchor,
        "ReceiptAnchorUnknownBatch",
        [zeroHash],
      );
    });

    it("should revert with JobEscrowBatchOfOtherAgent for a batch anchored for another agent", async () => {
      const { jobEscrow, receiptAnchor, agentRegistry, operator, acceptedJob, makeReceipt, anchor } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const second = identityKey("agent-2");
      await agentRegistry.write.register(
        [second.address, CODE, "", ...(await identityProofArgs(agentRegistry, second, operator.account.address))],
        { account: operator.account },
      );
      const signed = await makeReceipt(jobId, agentId);
      const { batchId } = await anchor(agentId + 1n, [await receiptAnchor.read.receiptDigest([signed.receipt])]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, []]),
        jobEscrow,
        "JobEscrowBatchOfOtherAgent",
        [batchId, agentId + 1n, agentId],
      );
    });

    it("should revert with JobEscrowReceiptNotIncluded when the proof does not reach the batch root", async () => {
      const { jobEscrow, receiptAnchor, acceptedJob, makeReceipt, anchor } = await setup();
      const { jobId, agentId } = await acceptedJob();
      const signed = await makeReceipt(jobId, agentId);
      const digest = await receiptAnchor.read.receiptDigest([signed.receipt]);
      const digests = [keccak256(toHex("a")), keccak256(toHex("b"))];
      const { batchId } = await anchor(agentId, digests);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([jobId, signed, batchId, merkleProof(digests, 0)]),
        jobEscrow,
        "JobEscrowReceiptNotIncluded",
        [batchId, digest],
      );
    });

    it("should revert with JobEscrowUnknownJob for an unknown id", async () => {
      const { jobEscrow, makeReceipt } = await setup();
      const signed = await makeReceipt(4n, 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.submitReceipt([4n, signed, zeroHash, []]),
        jobEscrow,
        "JobEscrowUnknownJob",
        [4n],
      );
    });
  });

  describe("# finalize", () => {
    it("should pay the operator less the premium, pay the insurance and release the collateral", async () => {
      const { jobEscrow, client, operator, deployer, submitted, balances } = await setup();
      const { jobId, agentId } = await submitted();
      const before = await balances();
      const { challengeEndsAt } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt);
      await viem.assertions.emitWithArgs(
        jobEscrow.write.finalize([jobId], { account: client.account }),
        jobEscrow,
        "JobSettled",
        [
          jobId,
          agentId,
          Status.Paid,
          getAddress(client.account.address),
          getAddress(operator.account.address),
          getAddress(deployer.account.address),
          PAYMENT - PREMIUM,
          PREMIUM,
          0n,
          COLLATERAL,
        ],
      );
      const after = await balances();
      assert.equal(after.operator, before.operator + PAYMENT - PREMIUM);
      assert.equal(after.insurance, before.insurance + PREMIUM);
      assert.equal(after.escrow, before.escrow - PAYMENT);
      assert.equal(after.free, before.free + COLLATERAL);
      assert.equal(after.lockedByEscrow, 0n);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Paid);
    });

    it("should use the premium rate and insurance address current at payment", async () => {
      const { jobEscrow, token, admin, other, submitted } = await setup();
      const { jobId } = await submitted();
      await jobEscrow.write.setPremiumBps([MAX_PREMIUM_BPS], { account: admin.account });
      await jobEscrow.write.setInsurance([other.account.address], { account: admin.account });
      const before = await token.read.balanceOf([other.account.address]);
      await networkHelpers.time.increase(CHALLENGE_WINDOW);
      await jobEscrow.write.finalize([jobId]);
      const premium = (PAYMENT * BigInt(MAX_PREMIUM_BPS)) / BPS;
      assert.equal(await token.read.balanceOf([other.account.address]), before + premium);
    });

    it("should revert with JobEscrowChallengeWindowOpen one second before the window ends", async () => {
      const { jobEscrow, submitted } = await setup();
      const { jobId } = await submitted();
      const { challengeEndsAt } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.finalize([jobId]),
        jobEscrow,
        "JobEscrowChallengeWindowOpen",
        [jobId, challengeEndsAt],
      );
    });

    it("should revert with JobEscrowInvalidStatus the second time: no job pays twice", async () => {
      const { jobEscrow, submitted } = await setup();
      const { jobId } = await submitted();
      await networkHelpers.time.increase(CHALLENGE_WINDOW);
      await jobEscrow.write.finalize([jobId]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.finalize([jobId]),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Paid],
      );
    });
  });

  describe("# refundExpired", () => {
    it("should refund an open job after its deadline", async () => {
      const { jobEscrow, client, other, registerAgent, grantLease, openJob, balances } = await setup();
      const agentId = await registerAgent();
      const jobId = await openJob(await grantLease(agentId));
      const { deadline } = await jobEscrow.read.getJob([jobId]);
      const before = await balances();
      await networkHelpers.time.setNextBlockTimestamp(deadline + 1n);
      await viem.assertions.emitWithArgs(
        jobEscrow.write.refundExpired([jobId], { account: other.account }),
        jobEscrow,
        "JobSettled",
        [
          jobId,
          agentId,
          Status.Expired,
          getAddress(client.account.address),
          zeroAddress,
          zeroAddress,
          0n,
          0n,
          PAYMENT,
          0n,
        ],
      );
      assert.equal((await balances()).client, before.client + PAYMENT);
    });

    it("should refund an accepted job with no receipt and release its collateral", async () => {
      const { jobEscrow, acceptedJob, balances } = await setup();
      const { jobId } = await acceptedJob();
      const before = await balances();
      await networkHelpers.time.increaseTo((await jobEscrow.read.getJob([jobId])).deadline + 1n);
      await jobEscrow.write.refundExpired([jobId]);
      const after = await balances();
      assert.equal(after.client, before.client + PAYMENT);
      assert.equal(after.free, before.free + COLLATERAL);
      assert.equal(after.lockedByEscrow, 0n);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Expired);
    });

    it("should revert with JobEscrowDeadlineNotPassed at the deadline", async () => {
      const { jobEscrow, acceptedJob } = await setup();
      const { jobId } = await acceptedJob();
      const { deadline } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.refundExpired([jobId]),
        jobEscrow,
        "JobEscrowDeadlineNotPassed",
        [jobId, deadline],
      );
    });

    it("should revert with JobEscrowInvalidStatus for a job with a receipt", async () => {
      const { jobEscrow, submitted } = await setup();
      const { jobId } = await submitted();
      await networkHelpers.time.increaseTo((await jobEscrow.read.getJob([jobId])).deadline + 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.refundExpired([jobId]),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Submitted],
      );
    });
  });

  describe("# freeze", () => {
    it("should freeze a submitted job inside its window and keep it from being finalized", async () => {
      const { jobEscrow, court, submitted } = await setup();
      const { jobId, agentId } = await submitted();
      const { challengeEndsAt } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt - 1n);
      await viem.assertions.emitWithArgs(
        jobEscrow.write.freeze([jobId], { account: court.account }),
        jobEscrow,
        "JobFrozen",
        [jobId, agentId, getAddress(court.account.address)],
      );
      await networkHelpers.time.increase(CHALLENGE_WINDOW);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.finalize([jobId]),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Frozen],
      );
    });

    it("should revert with JobEscrowChallengeWindowClosed once the window has ended", async () => {
      const { jobEscrow, court, submitted } = await setup();
      const { jobId } = await submitted();
      const { challengeEndsAt } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.setNextBlockTimestamp(challengeEndsAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.freeze([jobId], { account: court.account }),
        jobEscrow,
        "JobEscrowChallengeWindowClosed",
        [jobId, challengeEndsAt],
      );
    });

    it("should revert with JobEscrowInvalidStatus for a job without a receipt", async () => {
      const { jobEscrow, court, acceptedJob } = await setup();
      const { jobId } = await acceptedJob();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.freeze([jobId], { account: court.account }),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Accepted],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount without DISPUTE_ROLE", async () => {
      const { jobEscrow, client, disputeRole, submitted } = await setup();
      const { jobId } = await submitted();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.freeze([jobId], { account: client.account }),
        jobEscrow,
        "AccessControlUnauthorizedAccount",
        [getAddress(client.account.address), disputeRole],
      );
    });
  });

  describe("# settleDisputed", () => {
    it("should pay the operator as finalize would when the agent wins", async () => {
      const { jobEscrow, court, submitted, balances } = await setup();
      const { jobId, agentId } = await submitted();
      await jobEscrow.write.freeze([jobId], { account: court.account });
      const before = await balances();
      await viem.assertions.emitWithArgs(
        jobEscrow.write.settleDisputed([jobId, true], { account: court.account }),
        jobEscrow,
        "JobDisputeSettled",
        [jobId, agentId, getAddress(court.account.address), true],
      );
      const after = await balances();
      assert.equal(after.operator, before.operator + PAYMENT - PREMIUM);
      assert.equal(after.insurance, before.insurance + PREMIUM);
      assert.equal(after.free, before.free + COLLATERAL);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Paid);
    });

    it("should refund the client and release the collateral for the court to slash when the client wins", async () => {
      const { jobEscrow, stakeManager, admin, court, client, operator, submitted, balances } = await setup();
      const { jobId, agentId } = await submitted();
      await jobEscrow.write.freeze([jobId], { account: court.account });
      const before = await balances();
      await viem.assertions.emitWithArgs(
        jobEscrow.write.settleDisputed([jobId, false], { account: court.account }),
        jobEscrow,
        "JobSettled",
        [
          jobId,
          agentId,
          Status.Rejected,
          getAddress(client.account.address),
          getAddress(operator.account.address),
          zeroAddress,
          0n,
          0n,
          PAYMENT,
          COLLATERAL,
        ],
      );
      const after = await balances();
      assert.equal(after.client, before.client + PAYMENT);
      assert.equal(after.free, before.free + COLLATERAL);
      // The court slashes separately; the released collateral is free stake it can take.
      await stakeManager.write.grantRole([await stakeManager.read.SLASHER_ROLE(), court.account.address], {
        account: admin.account,
      });
      await stakeManager.write.slash(
        [operator.account.address, COLLATERAL, client.account.address, keccak256(toHex("job:1"))],
        {
          account: court.account,
        },
      );
    });

    it("should revert with JobEscrowInvalidStatus for a job that is not frozen", async () => {
      const { jobEscrow, court, submitted } = await setup();
      const { jobId } = await submitted();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.settleDisputed([jobId, true], { account: court.account }),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Submitted],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount without DISPUTE_ROLE", async () => {
      const { jobEscrow, court, operator, disputeRole, submitted } = await setup();
      const { jobId } = await submitted();
      await jobEscrow.write.freeze([jobId], { account: court.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.settleDisputed([jobId, true], { account: operator.account }),
        jobEscrow,
        "AccessControlUnauthorizedAccount",
        [getAddress(operator.account.address), disputeRole],
      );
    });
  });

  describe("# releaseFrozen", () => {
    /** A submitted job the court froze, and the moment the escrow stops waiting for a ruling. */
    async function frozen() {
      const fixture = await setup();
      const job = await fixture.submitted();
      await fixture.jobEscrow.write.freeze([job.jobId], { account: fixture.court.account });
      const { challengeEndsAt } = await fixture.jobEscrow.read.getJob([job.jobId]);
      const releasableAt = challengeEndsAt + (await fixture.jobEscrow.read.FROZEN_TIMEOUT());
      return { ...fixture, ...job, releasableAt };
    }

    it("should wait FROZEN_TIMEOUT (365 days) after the window, reverting with JobEscrowFrozenTimeoutNotPassed", async () => {
      const { jobEscrow, other, jobId, releasableAt } = await frozen();
      assert.equal(await jobEscrow.read.FROZEN_TIMEOUT(), 365n * 24n * 60n * 60n);
      await networkHelpers.time.setNextBlockTimestamp(releasableAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.releaseFrozen([jobId], { account: other.account }),
        jobEscrow,
        "JobEscrowFrozenTimeoutNotPassed",
        [jobId, releasableAt],
      );
    });

    it("should let anyone release it from the timeout on and pay it as if undisputed", async () => {
      const { jobEscrow, other, jobId, agentId, releasableAt, balances } = await frozen();
      await networkHelpers.time.setNextBlockTimestamp(releasableAt);
      const before = await balances();
      await viem.assertions.emitWithArgs(
        jobEscrow.write.releaseFrozen([jobId], { account: other.account }),
        jobEscrow,
        "FrozenJobReleased",
        [jobId, agentId, getAddress(other.account.address)],
      );
      const after = await balances();
      assert.equal(after.operator, before.operator + PAYMENT - PREMIUM);
      assert.equal(after.insurance, before.insurance + PREMIUM);
      assert.equal(after.free, before.free + COLLATERAL);
      assert.equal(after.escrow, before.escrow - PAYMENT);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, Status.Paid);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.releaseFrozen([jobId]),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Paid],
      );
    });

    it("should release a job the court can no longer settle after losing its role mid-dispute", async () => {
      const { jobEscrow, admin, court, other, disputeRole, jobId, releasableAt } = await frozen();
      await jobEscrow.write.revokeRole([disputeRole, court.account.address], { account: admin.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.settleDisputed([jobId, false], { account: court.account }),
        jobEscrow,
        "AccessControlUnauthorizedAccount",
        [getAddress(court.account.address), disputeRole],
      );
      await networkHelpers.time.increaseTo(releasableAt);
      await jobEscrow.write.releaseFrozen([jobId], { account: other.account });
      await jobEscrow.write.grantRole([disputeRole, court.account.address], { account: admin.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.settleDisputed([jobId, false], { account: court.account }),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Paid],
      );
    });

    it("should revert with JobEscrowInvalidStatus for a job that is not frozen, and JobEscrowUnknownJob for none", async () => {
      const { jobEscrow, submitted } = await setup();
      const { jobId } = await submitted();
      await networkHelpers.time.increase((await jobEscrow.read.FROZEN_TIMEOUT()) + CHALLENGE_WINDOW);
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.releaseFrozen([jobId]),
        jobEscrow,
        "JobEscrowInvalidStatus",
        [jobId, Status.Submitted],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.releaseFrozen([9n]),
        jobEscrow,
        "JobEscrowUnknownJob",
        [9n],
      );
    });
  });

  describe("# getJob", () => {
    it("should revert with JobEscrowUnknownJob for an unknown id", async () => {
      const { jobEscrow } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.read.getJob([0n]),
        jobEscrow,
        "JobEscrowUnknownJob",
        [0n],
      );
    });
  });

  describe("# parameters", () => {
    it("should set each parameter and emit old and new", async () => {
      const { jobEscrow, deployer, admin, other } = await setup();
      const account = admin.account;
      await viem.assertions.emitWithArgs(
        jobEscrow.write.setChallengeWindow([MAX_CHALLENGE_WINDOW], { account }),
        jobEscrow,
        "ChallengeWindowUpdated",
        [CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW],
      );
      await viem.assertions.emitWithArgs(
        jobEscrow.write.setCollateralBps([MAX_COLLATERAL_BPS], { account }),
        jobEscrow,
        "CollateralBpsUpdated",
        [COLLATERAL_BPS, MAX_COLLATERAL_BPS],
      );
      await viem.assertions.emitWithArgs(
        jobEscrow.write.setPremiumBps([0], { account }),
        jobEscrow,
        "PremiumBpsUpdated",
        [PREMIUM_BPS, 0],
      );
      await viem.assertions.emitWithArgs(
        jobEscrow.write.setInsurance([other.account.address], { account }),
        jobEscrow,
        "InsuranceUpdated",
        [getAddress(deployer.account.address), getAddress(other.account.address)],
      );
      assert.equal(await jobEscrow.read.challengeWindow(), MAX_CHALLENGE_WINDOW);
      assert.equal(await jobEscrow.read.collateralBps(), MAX_COLLATERAL_BPS);
      assert.equal(await jobEscrow.read.premiumBps(), 0);
      assert.equal(await jobEscrow.read.insurance(), getAddress(other.account.address));
    });

    it("should revert with JobEscrowChallengeWindowOutOfRange for zero and above the cap", async () => {
      const { jobEscrow, admin } = await setup();
      for (const window of [0n, MAX_CHALLENGE_WINDOW + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          jobEscrow.write.setChallengeWindow([window], { account: admin.account }),
          jobEscrow,
          "JobEscrowChallengeWindowOutOfRange",
          [window, MAX_CHALLENGE_WINDOW],
        );
      }
    });

    it("should revert with JobEscrowCollateralBpsTooHigh above the cap", async () => {
      const { jobEscrow, admin } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.setCollateralBps([MAX_COLLATERAL_BPS + 1], { account: admin.account }),
        jobEscrow,
        "JobEscrowCollateralBpsTooHigh",
        [MAX_COLLATERAL_BPS + 1, MAX_COLLATERAL_BPS],
      );
    });

    it("should revert with JobEscrowPremiumBpsTooHigh above the cap", async () => {
      const { jobEscrow, admin } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        jobEscrow.write.setPremiumBps([MAX_PREMIUM_BPS + 1], { account: admin.account }),
        jobEscrow,
        "JobEscrowPremiumBpsTooHigh",
        [MAX_PREMIUM_BPS + 1, MAX_PREMIUM_BPS],
      );
    });

    it("should revert with JobEscrowZeroInsurance for the zero address", async () => {
      const { jobEscrow, admin } = await setup();
      await viem.assertions.revertWithCustomError(
        jobEscrow.write.setInsurance([zeroAddress], { account: admin.account }),
        jobEscrow,
        "JobEscrowZeroInsurance",
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { jobEscrow, other, adminRole } = await setup();
      const account = other.account;
      const unauthorized = [getAddress(other.account.address), adminRole] as const;
      for (const write of [
        () => jobEscrow.write.setChallengeWindow([60n], { account }),
        () => jobEscrow.write.setCollateralBps([0], { account }),
        () => jobEscrow.write.setPremiumBps([0], { account }),
        () => jobEscrow.write.setInsurance([other.account.address], { account }),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(write(), jobEscrow, "AccessControlUnauthorizedAccount", [
          ...unauthorized,
        ]);
      }
    });
  });
});
