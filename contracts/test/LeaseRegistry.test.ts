import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, keccak256, parseEther, toHex, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadDeployment, MAX_LEASE_TTL, MINIMUM_STAKE, networkHelpers, viem } from "../fixtures/deploy-fixture.ts";
import { identityProofArgs } from "./helpers/identity-proof.ts";

const CODE = keccak256(toHex("agent-bundle-v1"));
const SCOPE = keccak256(toHex("scope:read-calendar"));
const OTHER_SCOPE = keccak256(toHex("scope:write-calendar"));
const CONTEXT = keccak256(toHex("bafy-encrypted-context"));
const FEE = parseEther("10");
const IDENTITY = privateKeyToAccount(keccak256(toHex("identity-1")));
const MAX_TTL_CAP = 365n * 24n * 60n * 60n;

async function setup() {
  const deployment = await loadDeployment();
  const { token, stakeManager, agentRegistry, accounts } = deployment;
  const [operator, owner, other] = accounts;
  await token.write.faucet({ account: operator!.account });
  await token.write.approve([stakeManager.address, MINIMUM_STAKE], { account: operator!.account });
  await stakeManager.write.deposit([MINIMUM_STAKE], { account: operator!.account });
  await agentRegistry.write.register(
    [IDENTITY.address, CODE, "", ...(await identityProofArgs(agentRegistry, IDENTITY, operator!.account.address))],
    { account: operator!.account },
  );
  const agentId = await agentRegistry.read.agentCount();

  /** Seconds since the epoch of the last block, plus `seconds`. */
  async function inSeconds(seconds: bigint) {
    return BigInt(await networkHelpers.time.latest()) + seconds;
  }

  /** Grant a lease on agent `agentId` as `owner`; returns its id. */
  async function grant(expiry?: bigint) {
    const args = [agentId, SCOPE, CONTEXT, expiry ?? (await inSeconds(3600n)), FEE] as const;
    await deployment.leaseRegistry.write.grant(args, { account: owner!.account });
    return deployment.leaseRegistry.read.leaseCount();
  }

  return { ...deployment, operator: operator!, owner: owner!, other: other!, agentId, inSeconds, grant };
}

describe("LeaseRegistry", () => {
  describe("# deployment", () => {
    it("should use the agent registry and the deploy parameters", async () => {
      const { leaseRegistry, agentRegistry, timelock } = await setup();
      assert.equal(getAddress(await leaseRegistry.read.agentRegistry()), getAddress(agentRegistry.address));
      assert.equal(await leaseRegistry.read.maxTtl(), MAX_LEASE_TTL);
      assert.equal(await leaseRegistry.read.MAX_TTL_CAP(), MAX_TTL_CAP);
      assert.equal(await leaseRegistry.read.leaseCount(), 0n);
      assert.equal(await leaseRegistry.read.hasRole([zeroHash, timelock.address]), true);
    });
  });

  describe("# grant", () => {
    it("should record the lease and emit LeaseGranted", async () => {
      const { leaseRegistry, owner, agentId, inSeconds } = await setup();
      const expiry = await inSeconds(3600n);
      await viem.assertions.emitWithArgs(
        leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, expiry, FEE], { account: owner.account }),
        leaseRegistry,
        "LeaseGranted",
        [1n, agentId, getAddress(owner.account.address), SCOPE, CONTEXT, expiry, FEE],
      );
      assert.deepEqual(await leaseRegistry.read.getLease([1n]), {
        owner: getAddress(owner.account.address),
        expiry,
        revoked: false,
        agentId,
        scopeHash: SCOPE,
        contextId: CONTEXT,
        fee: FEE,
      });
      assert.equal(await leaseRegistry.read.leaseCount(), 1n);
    });

    it("should give each lease, renewals included, a new sequential id", async () => {
      const { grant } = await setup();
      assert.equal(await grant(), 1n);
      assert.equal(await grant(), 2n);
    });

    it("should accept an expiry exactly maxTtl ahead", async () => {
      const { leaseRegistry, owner, agentId } = await setup();
      const now = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      await leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, now + MAX_LEASE_TTL, FEE], { account: owner.account });
      assert.equal((await leaseRegistry.read.getLease([1n])).expiry, now + MAX_LEASE_TTL);
    });

    it("should revert with LeaseRegistryTtlTooLong one second past maxTtl", async () => {
      const { leaseRegistry, owner, agentId } = await setup();
      const now = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, now + MAX_LEASE_TTL + 1n, FEE], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryTtlTooLong",
        [MAX_LEASE_TTL + 1n, MAX_LEASE_TTL],
      );
    });

    it("should revert with LeaseRegistryExpiryNotInFuture for an expiry at the current block", async () => {
      const { leaseRegistry, owner, agentId } = await setup();
      const now = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, now, FEE], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryExpiryNotInFuture",
        [now, now],
      );
    });

    it("should revert with LeaseRegistryAgentNotRegistered for an unknown agent", async () => {
      const { leaseRegistry, owner, inSeconds } = await setup();
      for (const agentId of [0n, 2n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, await inSeconds(3600n), FEE], { account: owner.account }),
          leaseRegistry,
          "LeaseRegistryAgentNotRegistered",
          [agentId],
        );
      }
    });

    it("should revert with LeaseRegistryAgentNotRegistered for a retired agent", async () => {
      const { leaseRegistry, agentRegistry, operator, owner, agentId, inSeconds } = await setup();
      await agentRegistry.write.retire([agentId], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, await inSeconds(3600n), FEE], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryAgentNotRegistered",
        [agentId],
      );
    });

    it("should accept an agent whose operator fell below the minimum stake", async () => {
      const { leaseRegistry, stakeManager, agentRegistry, operator, agentId, grant } = await setup();
      await stakeManager.write.requestWithdrawal([1n], { account: operator.account });
      assert.equal(await agentRegistry.read.isActive([agentId]), false);
      assert.equal(await grant(), 1n);
      assert.equal(await leaseRegistry.read.isLive([1n, SCOPE]), true);
    });

    it("should revert with LeaseRegistryZeroScopeHash without a scope", async () => {
      const { leaseRegistry, owner, agentId, inSeconds } = await setup();
      await viem.assertions.revertWithCustomError(
        leaseRegistry.write.grant([agentId, zeroHash, CONTEXT, await inSeconds(3600n), FEE], {
          account: owner.account,
        }),
        leaseRegistry,
        "LeaseRegistryZeroScopeHash",
      );
    });

    it("should revert with LeaseRegistryZeroContextId without a context", async () => {
      const { leaseRegistry, owner, agentId, inSeconds } = await setup();
      await viem.assertions.revertWithCustomError(
        leaseRegistry.write.grant([agentId, SCOPE, zeroHash, await inSeconds(3600n), FEE], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryZeroContextId",
      );
    });

    it("should revert with LeaseRegistryZeroFee without a fee", async () => {
      const { leaseRegistry, owner, agentId, inSeconds } = await setup();
      await viem.assertions.revertWithCustomError(
        leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, await inSeconds(3600n), 0n], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryZeroFee",
      );
    });
  });

  describe("# isLive", () => {
    it("should be live for its scope until the second before expiry", async () => {
      const { leaseRegistry, grant, inSeconds } = await setup();
      const expiry = await inSeconds(100n);
      const leaseId = await grant(expiry);
      assert.equal(await leaseRegistry.read.isLive([leaseId, SCOPE]), true);
      assert.equal(await leaseRegistry.read.isLive([leaseId, OTHER_SCOPE]), false);
      await networkHelpers.time.increaseTo(expiry - 1n);
      assert.equal(await leaseRegistry.read.isLive([leaseId, SCOPE]), true);
      await networkHelpers.time.increaseTo(expiry);
      assert.equal(await leaseRegistry.read.isLive([leaseId, SCOPE]), false);
    });

    it("should be false for an unknown lease", async () => {
      const { leaseRegistry } = await setup();
      assert.equal(await leaseRegistry.read.isLive([1n, SCOPE]), false);
      assert.equal(await leaseRegistry.read.isLive([0n, zeroHash]), false);
    });

    it("should be false once revoked", async () => {
      const { leaseRegistry, owner, grant } = await setup();
      const leaseId = await grant();
      await leaseRegistry.write.revoke([leaseId], { account: owner.account });
      assert.equal(await leaseRegistry.read.isLive([leaseId, SCOPE]), false);
    });
  });

  describe("# revoke", () => {
    it("should revoke the lease and emit LeaseRevoked", async () => {
      const { leaseRegistry, owner, agentId, grant, inSeconds } = await setup();
      const expiry = await inSeconds(3600n);
      const leaseId = await grant(expiry);
      await viem.assertions.emitWithArgs(
        leaseRegistry.write.revoke([leaseId], { account: owner.account }),
        leaseRegistry,
        "LeaseRevoked",
        [leaseId, agentId, getAddress(owner.account.address), expiry],
      );
      assert.equal((await leaseRegistry.read.getLease([leaseId])).revoked, true);
    });

    it("should let the owner revoke an expired lease", async () => {
      const { leaseRegistry, owner, grant, inSeconds } = await setup();
      const leaseId = await grant(await inSeconds(10n));
      await networkHelpers.time.increase(60n);
      await leaseRegistry.write.revoke([leaseId], { account: owner.account });
      assert.equal((await leaseRegistry.read.getLease([leaseId])).revoked, true);
    });

    it("should revert with LeaseRegistryNotOwner for another caller", async () => {
      const { leaseRegistry, operator, grant } = await setup();
      const leaseId = await grant();
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.revoke([leaseId], { account: operator.account }),
        leaseRegistry,
        "LeaseRegistryNotOwner",
        [leaseId, getAddress(operator.account.address)],
      );
    });

    it("should revert with LeaseRegistryAlreadyRevoked the second time", async () => {
      const { leaseRegistry, owner, grant } = await setup();
      const leaseId = await grant();
      await leaseRegistry.write.revoke([leaseId], { account: owner.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.revoke([leaseId], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryAlreadyRevoked",
        [leaseId],
      );
    });

    it("should revert with LeaseRegistryUnknownLease for an unknown id", async () => {
      const { leaseRegistry, owner } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.revoke([7n], { account: owner.account }),
        leaseRegistry,
        "LeaseRegistryUnknownLease",
        [7n],
      );
    });
  });

  describe("# getLease", () => {
    it("should revert with LeaseRegistryUnknownLease for an unknown id", async () => {
      const { leaseRegistry } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.read.getLease([0n]),
        leaseRegistry,
        "LeaseRegistryUnknownLease",
        [0n],
      );
    });
  });

  describe("# setMaxTtl", () => {
    it("should set the maximum TTL and emit old and new", async () => {
      const { leaseRegistry, admin } = await setup();
      await viem.assertions.emitWithArgs(
        leaseRegistry.write.setMaxTtl([MAX_TTL_CAP], { account: admin.account }),
        leaseRegistry,
        "MaxTtlUpdated",
        [MAX_LEASE_TTL, MAX_TTL_CAP],
      );
      assert.equal(await leaseRegistry.read.maxTtl(), MAX_TTL_CAP);
    });

    it("should leave leases granted earlier untouched when lowered", async () => {
      const { leaseRegistry, admin, grant, inSeconds } = await setup();
      const expiry = await inSeconds(3600n);
      const leaseId = await grant(expiry);
      await leaseRegistry.write.setMaxTtl([60n], { account: admin.account });
      assert.equal((await leaseRegistry.read.getLease([leaseId])).expiry, expiry);
      assert.equal(await leaseRegistry.read.isLive([leaseId, SCOPE]), true);
    });

    it("should revert with LeaseRegistryMaxTtlOutOfRange for zero and above the cap", async () => {
      const { leaseRegistry, admin } = await setup();
      for (const ttl of [0n, MAX_TTL_CAP + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          leaseRegistry.write.setMaxTtl([ttl], { account: admin.account }),
          leaseRegistry,
          "LeaseRegistryMaxTtlOutOfRange",
          [ttl, MAX_TTL_CAP],
        );
      }
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { leaseRegistry, other } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.setMaxTtl([60n], { account: other.account }),
        leaseRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(other.account.address), zeroHash],
      );
    });
  });
});
