import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, keccak256, maxUint64, parseEther, toHex, zeroAddress, zeroHash } from "viem";
import {
  loadDeployment,
  networkHelpers,
  PUBLICATION_BOND,
  REVIEW_BASE,
  REVIEW_FLOOR,
  REVIEW_PER_KIB,
  viem,
} from "../fixtures/deploy-fixture.ts";

const CODE = keccak256(toHex("agent-bundle-v1"));
const OTHER_CODE = keccak256(toHex("agent-bundle-v2"));
const CONTENT = keccak256(toHex("bafy-agent-bundle-v1"));
const BOGUS_CONTENT = keccak256(toHex("bafy-something-else"));
const SIZE = 2_048n;
const DESCRIPTION = "ipfs://release-notes-v1";
const MAX_REVIEW_WINDOW = 90n * 24n * 60n * 60n;
const MAX_REVIEW_PARAMETER = 30n * 24n * 60n * 60n;
const MAX_PUBLICATION_BOND = parseEther("1000000");

export const Urgency = { Routine: 0, Urgent: 1, Emergency: 2 } as const;
export const ReleaseStatus = { None: 0, Pending: 1, Approved: 2, Revoked: 3 } as const;

async function setup() {
  const deployment = await loadDeployment();
  const { token, codeRegistry, accounts } = deployment;
  const [publisher, other, squatter] = accounts;
  for (const account of [publisher!, squatter!]) {
    await token.write.faucet({ account: account.account });
    await token.write.approve([codeRegistry.address, parseEther("1000")], { account: account.account });
  }

  /** Publish a release of SIZE bytes as the publisher; returns when it becomes approvable. */
  async function publish(codeHash = CODE, urgency: number = Urgency.Routine) {
    await codeRegistry.write.publish([codeHash, CONTENT, SIZE, urgency, DESCRIPTION], { account: publisher!.account });
    return (await codeRegistry.read.releaseOf([publisher!.account.address, codeHash])).approvableAt;
  }

  /** Publish CODE as the squatter, with bogus metadata and the shortest window there is. */
  async function squat() {
    await codeRegistry.write.publish([CODE, BOGUS_CONTENT, 1n, Urgency.Emergency, "ipfs://not-the-author"], {
      account: squatter!.account,
    });
  }

  return { ...deployment, publisher: publisher!, other: other!, squatter: squatter!, publish, squat };
}

describe("CodeRegistry", () => {
  describe("# deployment", () => {
    it("should expose its caps and the deploy parameters", async () => {
      const { codeRegistry, timelock, guardian } = await setup();
      assert.equal(await codeRegistry.read.MAX_REVIEW_WINDOW(), MAX_REVIEW_WINDOW);
      assert.equal(await codeRegistry.read.MAX_REVIEW_PARAMETER(), MAX_REVIEW_PARAMETER);
      assert.equal(await codeRegistry.read.MAX_PUBLICATION_BOND(), MAX_PUBLICATION_BOND);
      assert.equal(await codeRegistry.read.MAX_DESCRIPTION_LENGTH(), 512n);
      assert.equal(await codeRegistry.read.GUARDIAN_ROLE(), keccak256(toHex("GUARDIAN_ROLE")));
      assert.equal(getAddress(await codeRegistry.read.governance()), getAddress(timelock.address));
      assert.equal(
        await codeRegistry.read.hasRole([await codeRegistry.read.GUARDIAN_ROLE(), guardian.account.address]),
        true,
      );
    });

    it("should revert with CodeRegistryZeroGovernance for a zero governance address", async () => {
      const { codeRegistry, token } = await setup();
      await viem.assertions.revertWithCustomError(
        viem.deployContract("CodeRegistry", [
          token.address,
          zeroAddress,
          zeroAddress,
          REVIEW_FLOOR,
          { reviewBase: 0n, reviewPerKiB: 0n },
          0n,
        ]),
        codeRegistry,
        "CodeRegistryZeroGovernance",
      );
    });

    it("should revert with CodeRegistryReviewFloorOutOfRange for a zero floor or one above the maximum window", async () => {
      const { codeRegistry, token, timelock } = await setup();
      for (const floor of [0n, MAX_REVIEW_WINDOW + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          viem.deployContract("CodeRegistry", [
            token.address,
            timelock.address,
            zeroAddress,
            floor,
            { reviewBase: 0n, reviewPerKiB: 0n },
            0n,
          ]),
          codeRegistry,
          "CodeRegistryReviewFloorOutOfRange",
          [floor, MAX_REVIEW_WINDOW],
        );
      }
    });
  });

  describe("# reviewWindow", () => {
    it("should be base plus a rate per started KiB, a quarter of it when urgent, the floor in an emergency", async () => {
      const { codeRegistry } = await setup();
      const raw = REVIEW_BASE + 2n * REVIEW_PER_KIB;
      assert.equal(await codeRegistry.read.reviewWindow([SIZE, Urgency.Routine]), raw);
      assert.equal(await codeRegistry.read.reviewWindow([SIZE + 1n, Urgency.Routine]), raw + REVIEW_PER_KIB);
      const quarter = raw / 4n > REVIEW_FLOOR ? raw / 4n : REVIEW_FLOOR;
      assert.equal(await codeRegistry.read.reviewWindow([SIZE, Urgency.Urgent]), quarter);
      assert.equal(await codeRegistry.read.reviewWindow([SIZE, Urgency.Emergency]), REVIEW_FLOOR);
      assert.equal(await codeRegistry.read.reviewWindow([maxUint64, Urgency.Routine]), MAX_REVIEW_WINDOW);
    });
  });

  describe("# publish", () => {
    it("should record the release, take the bond and emit ReleasePublished", async () => {
      const { codeRegistry, token, publisher } = await setup();
      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      const approvableAt = now + REVIEW_BASE + 2n * REVIEW_PER_KIB;
      await viem.assertions.emitWithArgs(
        codeRegistry.write.publish([CODE, CONTENT, SIZE, Urgency.Routine, DESCRIPTION], {
          account: publisher.account,
        }),
        codeRegistry,
        "ReleasePublished",
        [
          CODE,
          getAddress(publisher.account.address),
          CONTENT,
          SIZE,
          Urgency.Routine,
          DESCRIPTION,
          PUBLICATION_BOND,
          approvableAt,
        ],
      );
      assert.deepEqual(await codeRegistry.read.releaseOf([publisher.account.address, CODE]), {
        codeHash: CODE,
        publisher: getAddress(publisher.account.address),
        status: ReleaseStatus.Pending,
        urgency: Urgency.Routine,
        publishedAt: now,
        approvableAt,
        decidedAt: 0n,
        size: SIZE,
        bond: PUBLICATION_BOND,
        contentId: CONTENT,
        descriptionURI: DESCRIPTION,
      });
      assert.equal(await token.read.balanceOf([codeRegistry.address]), PUBLICATION_BOND);
      assert.equal(await codeRegistry.read.isApproved([CODE]), false);
      assert.deepEqual(await codeRegistry.read.releases([ReleaseStatus.Pending, 0n, 10n]), [
        { publisher: getAddress(publisher.account.address), codeHash: CODE },
      ]);
    });

    it("should revert with CodeRegistryZeroCodeHash, CodeRegistryZeroContentId and CodeRegistryZeroSize on zero inputs", async () => {
      const { codeRegistry, publisher } = await setup();
      const account = publisher.account;
      await viem.assertions.revertWithCustomError(
        codeRegistry.write.publish([zeroHash, CONTENT, SIZE, Urgency.Routine, DESCRIPTION], { account }),
        codeRegistry,
        "CodeRegistryZeroCodeHash",
      );
      await viem.assertions.revertWithCustomError(
        codeRegistry.write.publish([CODE, zeroHash, SIZE, Urgency.Routine, DESCRIPTION], { account }),
        codeRegistry,
        "CodeRegistryZeroContentId",
      );
      await viem.assertions.revertWithCustomError(
        codeRegistry.write.publish([CODE, CONTENT, 0n, Urgency.Routine, DESCRIPTION], { account }),
        codeRegistry,
        "CodeRegistryZeroSize",
      );
    });

    it("should revert with CodeRegistryDescriptionTooLong above 512 bytes", async () => {
      const { codeRegistry, publisher } = await setup();
      const description = "x".repeat(513);
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.publish([CODE, CONTENT, SIZE, Urgency.Routine, description], { account: publisher.account }),
        codeRegistry,
        "CodeRegistryDescriptionTooLong",
        [513n, 512n],
      );
    });

    it("should revert with CodeRegistryAlreadyPublished for a hash the publisher published before", async () => {
      const { codeRegistry, publisher, publish } = await setup();
      await publish();
      await viem.assertions.revertWithCustomErrorWithArgs(publish(), codeRegistry, "CodeRegistryAlreadyPublished", [
        getAddress(publisher.account.address),
        CODE,
        ReleaseStatus.Pending,
      ]);
    });

    it("should publish the author's release of a hash a squatter published first, with the author's metadata", async () => {
      const { codeRegistry, publisher, squatter, publish, squat } = await setup();
      await squat();
      await publish();
      const release = await codeRegistry.read.releaseOf([publisher.account.address, CODE]);
      assert.equal(release.contentId, CONTENT);
      assert.equal(release.descriptionURI, DESCRIPTION);
      assert.equal(release.urgency, Urgency.Routine);
      assert.equal((await codeRegistry.read.releaseOf([squatter.account.address, CODE])).contentId, BOGUS_CONTENT);
      assert.equal(await codeRegistry.read.releaseCount([ReleaseStatus.Pending]), 2n);
    });

    it("should revert with ERC20InsufficientAllowance when the bond is not approved", async () => {
      const { codeRegistry, token, other } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.publish([CODE, CONTENT, SIZE, Urgency.Routine, DESCRIPTION], { account: other.account }),
        token,
        "ERC20InsufficientAllowance",
        [getAddress(codeRegistry.address), 0n, PUBLICATION_BOND],
      );
    });
  });

  describe("# approve", () => {
    it("should revert with CodeRegistryReviewWindowNotOver before the window passed, even for the timelock", async () => {
      const { codeRegistry, admin, publisher, publish } = await setup();
      const approvableAt = await publish(CODE, Urgency.Emergency);
      await networkHelpers.time.setNextBlockTimestamp(approvableAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account }),
        codeRegistry,
        "CodeRegistryReviewWindowNotOver",
        [getAddress(publisher.account.address), CODE, approvableAt],
      );
    });

    it("should approve at the end of the window, refund the bond and emit ReleaseApproved", async () => {
      const { codeRegistry, token, admin, publisher, timelock, publish } = await setup();
      const approvableAt = await publish();
      const balance = await token.read.balanceOf([publisher.account.address]);
      await networkHelpers.time.setNextBlockTimestamp(approvableAt);
      await viem.assertions.emitWithArgs(
        codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account }),
        codeRegistry,
        "ReleaseApproved",
        [CODE, getAddress(publisher.account.address), getAddress(timelock.address), PUBLICATION_BOND],
      );
      assert.equal(await codeRegistry.read.isApproved([CODE]), true);
      assert.equal(await token.read.balanceOf([publisher.account.address]), balance + PUBLICATION_BOND);
      assert.equal(await codeRegistry.read.releaseCount([ReleaseStatus.Pending]), 0n);
      assert.deepEqual(await codeRegistry.read.releases([ReleaseStatus.Approved, 0n, 10n]), [
        { publisher: getAddress(publisher.account.address), codeHash: CODE },
      ]);
      assert.deepEqual(await codeRegistry.read.codeOf([CODE]), { approvedReleases: 1n, revokedAt: 0n });
    });

    it("should revert with CodeRegistryNotGovernance for the guardian and everyone else", async () => {
      const { codeRegistry, guardian, publisher, publish } = await setup();
      const approvableAt = await publish();
      await networkHelpers.time.increaseTo(approvableAt);
      for (const caller of [guardian, publisher]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          codeRegistry.write.approve([publisher.account.address, CODE], { account: caller.account }),
          codeRegistry,
          "CodeRegistryNotGovernance",
          [getAddress(caller.account.address)],
        );
      }
    });

    it("should revert with CodeRegistryUnknownRelease for a hash the publisher never published", async () => {
      const { codeRegistry, admin, publisher, squat } = await setup();
      await squat();
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account }),
        codeRegistry,
        "CodeRegistryUnknownRelease",
        [getAddress(publisher.account.address), CODE],
      );
    });

    it("should revert with CodeRegistryInvalidStatus for a revoked release", async () => {
      const { codeRegistry, admin, guardian, publisher, publish } = await setup();
      const approvableAt = await publish();
      await codeRegistry.write.revoke([publisher.account.address, CODE, "malware"], { account: guardian.account });
      await networkHelpers.time.increaseTo(approvableAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account }),
        codeRegistry,
        "CodeRegistryInvalidStatus",
        [getAddress(publisher.account.address), CODE, ReleaseStatus.Revoked],
      );
    });

    it("should revert with CodeRegistryCodeRevoked once the guardian revoked the code", async () => {
      const { codeRegistry, admin, guardian, publisher, publish } = await setup();
      const approvableAt = await publish();
      await codeRegistry.write.revokeCode([CODE, "exfiltrates lease data"], { account: guardian.account });
      const { revokedAt } = await codeRegistry.read.codeOf([CODE]);
      await networkHelpers.time.increaseTo(approvableAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account }),
        codeRegistry,
        "CodeRegistryCodeRevoked",
        [CODE, revokedAt],
      );
    });
  });

  describe("# revoke", () => {
    it("should revoke a pending release at once, forfeit its bond to the timelock and emit ReleaseRevoked", async () => {
      const { codeRegistry, token, guardian, publisher, timelock, publish } = await setup();
      await publish();
      await viem.assertions.emitWithArgs(
        codeRegistry.write.revoke([publisher.account.address, CODE, "malware"], { account: guardian.account }),
        codeRegistry,
        "ReleaseRevoked",
        [
          CODE,
          getAddress(publisher.account.address),
          getAddress(guardian.account.address),
          ReleaseStatus.Pending,
          "malware",
          PUBLICATION_BOND,
          false,
        ],
      );
      assert.equal(await token.read.balanceOf([timelock.address]), PUBLICATION_BOND);
      assert.deepEqual(await codeRegistry.read.releases([ReleaseStatus.Revoked, 0n, 10n]), [
        { publisher: getAddress(publisher.account.address), codeHash: CODE },
      ]);
    });

    it("should leave the author's release approvable when the guardian revokes a squatter's copy", async () => {
      const { codeRegistry, admin, guardian, publisher, squatter, publish, squat } = await setup();
      await squat();
      await codeRegistry.write.revoke([squatter.account.address, CODE, "squatting"], { account: guardian.account });
      const approvableAt = await publish();
      await networkHelpers.time.increaseTo(approvableAt);
      await codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account });
      assert.equal(await codeRegistry.read.isApproved([CODE]), true);
      assert.deepEqual(await codeRegistry.read.codeOf([CODE]), { approvedReleases: 1n, revokedAt: 0n });
    });

    it("should revert with CodeRegistryEmptyReason without a reason", async () => {
      const { codeRegistry, guardian, publisher, publish } = await setup();
      await publish();
      await viem.assertions.revertWithCustomError(
        codeRegistry.write.revoke([publisher.account.address, CODE, ""], { account: guardian.account }),
        codeRegistry,
        "CodeRegistryEmptyReason",
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for the timelock and everyone without the guardian role", async () => {
      const { codeRegistry, admin, other, publisher, publish } = await setup();
      await publish();
      const role = await codeRegistry.read.GUARDIAN_ROLE();
      for (const caller of [admin, other]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          codeRegistry.write.revoke([publisher.account.address, CODE, "malware"], { account: caller.account }),
          codeRegistry,
          "AccessControlUnauthorizedAccount",
          [getAddress(caller.account.address), role],
        );
      }
    });
  });

  describe("# revokeCode", () => {
    it("should stop approved code at once, whoever published it, and emit CodeRevoked", async () => {
      const { codeRegistry, admin, guardian, publisher, publish, squat } = await setup();
      await squat();
      const approvableAt = await publish();
      await networkHelpers.time.increaseTo(approvableAt);
      await codeRegistry.write.approve([publisher.account.address, CODE], { account: admin.account });
      await viem.assertions.emitWithArgs(
        codeRegistry.write.revokeCode([CODE, "exfiltrates lease data"], { account: guardian.account }),
        codeRegistry,
        "CodeRevoked",
        [CODE, getAddress(guardian.account.address), "exfiltrates lease data", true],
      );
      assert.equal(await codeRegistry.read.isApproved([CODE]), false);
      assert.deepEqual(await codeRegistry.read.codeOf([CODE]), {
        approvedReleases: 1n,
        revokedAt: BigInt(await networkHelpers.time.latest()),
      });
    });

    it("should revert with CodeRegistryCodeRevoked for a publication or a second revocation of revoked code", async () => {
      const { codeRegistry, guardian, publish } = await setup();
      await codeRegistry.write.revokeCode([CODE, "known malware"], { account: guardian.account });
      const { revokedAt } = await codeRegistry.read.codeOf([CODE]);
      await viem.assertions.revertWithCustomErrorWithArgs(publish(), codeRegistry, "CodeRegistryCodeRevoked", [
        CODE,
        revokedAt,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.revokeCode([CODE, "again"], { account: guardian.account }),
        codeRegistry,
        "CodeRegistryCodeRevoked",
        [CODE, revokedAt],
      );
    });

    it("should revert with CodeRegistryEmptyReason, CodeRegistryZeroCodeHash and AccessControlUnauthorizedAccount", async () => {
      const { codeRegistry, guardian, squatter } = await setup();
      await viem.assertions.revertWithCustomError(
        codeRegistry.write.revokeCode([CODE, ""], { account: guardian.account }),
        codeRegistry,
        "CodeRegistryEmptyReason",
      );
      await viem.assertions.revertWithCustomError(
        codeRegistry.write.revokeCode([zeroHash, "malware"], { account: guardian.account }),
        codeRegistry,
        "CodeRegistryZeroCodeHash",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.revokeCode([CODE, "griefing"], { account: squatter.account }),
        codeRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(squatter.account.address), await codeRegistry.read.GUARDIAN_ROLE()],
      );
    });
  });

  describe("# parameters", () => {
    it("should let governance change the review policy and bond of future releases only", async () => {
      const { codeRegistry, admin, publisher, publish } = await setup();
      const approvableAt = await publish();
      await viem.assertions.emitWithArgs(
        codeRegistry.write.setReviewPolicy([{ reviewBase: 0n, reviewPerKiB: 0n }], { account: admin.account }),
        codeRegistry,
        "ReviewPolicyUpdated",
        [
          { reviewBase: REVIEW_BASE, reviewPerKiB: REVIEW_PER_KIB },
          { reviewBase: 0n, reviewPerKiB: 0n },
        ],
      );
      await viem.assertions.emitWithArgs(
        codeRegistry.write.setPublicationBond([0n], { account: admin.account }),
        codeRegistry,
        "PublicationBondUpdated",
        [PUBLICATION_BOND, 0n],
      );
      assert.equal((await codeRegistry.read.releaseOf([publisher.account.address, CODE])).approvableAt, approvableAt);
      assert.equal(await codeRegistry.read.reviewWindow([SIZE, Urgency.Routine]), REVIEW_FLOOR);
      const nextAt = await publish(OTHER_CODE);
      assert.equal(nextAt, BigInt(await networkHelpers.time.latest()) + REVIEW_FLOOR);
    });

    it("should revert with CodeRegistryReviewPolicyOutOfRange and CodeRegistryBondTooHigh above the caps", async () => {
      const { codeRegistry, admin } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.setReviewPolicy([{ reviewBase: MAX_REVIEW_PARAMETER + 1n, reviewPerKiB: 0n }], {
          account: admin.account,
        }),
        codeRegistry,
        "CodeRegistryReviewPolicyOutOfRange",
        [MAX_REVIEW_PARAMETER + 1n, 0n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.setPublicationBond([MAX_PUBLICATION_BOND + 1n], { account: admin.account }),
        codeRegistry,
        "CodeRegistryBondTooHigh",
        [MAX_PUBLICATION_BOND + 1n, MAX_PUBLICATION_BOND],
      );
    });
  });

  describe("# releaseOf", () => {
    it("should revert with CodeRegistryUnknownRelease for a hash never published", async () => {
      const { codeRegistry, publisher } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.read.releaseOf([publisher.account.address, CODE]),
        codeRegistry,
        "CodeRegistryUnknownRelease",
        [getAddress(publisher.account.address), CODE],
      );
    });
  });
});
