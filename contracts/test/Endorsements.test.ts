/**
 * Anonymous endorsements with real Groth16 proofs from the kept circuit artifacts: the contract
 * supplies threshold, scope and epoch, accepts only the group's valid roots, rejects replays and
 * slashes a double signaller through the group in the transaction that records both shares.
 */
import {
  endorsementMessage,
  endorsementScope,
  identityCommitment,
  recoverSecret,
  releaseProver,
  SNARK_SCALAR_FIELD,
  type StakeProof,
} from "@leasehold/circuits";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAddress, zeroAddress } from "viem";
import { networkHelpers, viem } from "../fixtures/deploy-fixture.ts";
import { CODE, identityKey } from "./helpers/job-flow.ts";
import { identityProofArgs } from "./helpers/identity-proof.ts";
import {
  commitmentOf,
  EPOCH_LENGTH,
  fixtureTree,
  leafOf,
  loadStakeGroup,
  members,
  MINIMUM_DEPOSIT,
  proofArgument,
  prove,
  ROOT_VALIDITY,
  signalOf,
  THRESHOLD,
  tokenDeltas,
} from "./helpers/stake-group.ts";

type Fixture = Awaited<ReturnType<typeof loadStakeGroup>>;

const RELAY_TIP_CAP = 2n * 10n ** 9n;
const RELAY_SPEND = 10n ** 18n;
const FIRST = signalOf("review: reliable summariser");
const SECOND = signalOf("review: exfiltrates inboxes");

/** Proofs made once for the file, all for the fixture's agent in the fixture's epoch. */
let epoch: bigint;
let aliceFirst: StakeProof;
let aliceSecond: StakeProof;
let bobAtOwnStake: StakeProof;
/** alice's FIRST endorsement of a second agent (registerSecondAgent's id, proved before it is registered). */
let aliceSecondAgent: StakeProof;

/** endorse() arguments for `proof`, with any of them overridden. */
function endorseArgs(
  proof: StakeProof,
  overrides: Partial<{
    agentId: bigint;
    epoch: bigint;
    signal: `0x${string}`;
    root: bigint;
    y: bigint;
    nullifier: bigint;
  }> & {
    agentId: bigint;
  },
) {
  const { y, nullifier, root } = proof.publicSignals;
  return [
    overrides.agentId,
    overrides.epoch ?? epoch,
    overrides.signal ?? FIRST,
    overrides.root ?? root,
    overrides.y ?? y,
    overrides.nullifier ?? nullifier,
    proofArgument(proof),
  ] as const;
}

async function registerSecondAgent({ agentRegistry, operator }: Fixture) {
  const identity = identityKey("second");
  await agentRegistry.write.register(
    [
      identity.address,
      CODE,
      "ipfs://second",
      ...(await identityProofArgs(agentRegistry, identity, operator.account.address)),
    ],
    { account: operator.account },
  );
  return agentRegistry.read.agentCount();
}

describe("Endorsements", () => {
  before(async () => {
    const { endorsements, agentId } = await loadStakeGroup();
    epoch = await endorsements.read.currentEpoch();
    const scope = await endorsements.read.scopeOf([agentId, epoch]);
    const tree = fixtureTree();
    const message = (signal: `0x${string}`) => endorsementMessage({ agentId, epoch, signal });
    aliceFirst = await prove({ name: "alice", tree, scope, message: message(FIRST), threshold: THRESHOLD });
    aliceSecond = await prove({ name: "alice", tree, scope, message: message(SECOND), threshold: THRESHOLD });
    const secondAgent = agentId + 1n;
    aliceSecondAgent = await prove({
      name: "alice",
      tree,
      scope: await endorsements.read.scopeOf([secondAgent, epoch]),
      message: endorsementMessage({ agentId: secondAgent, epoch, signal: FIRST }),
      threshold: THRESHOLD,
    });
    // bob's 50 is below the contract's threshold of 80: he can only prove his own stake.
    bobAtOwnStake = await prove({ name: "bob", tree, scope, message: message(FIRST), threshold: members.bob.amount });
  });

  after(releaseProver);

  describe("# derivations", () => {
    it("should derive scopes and messages as circuits/src/scopes.ts does", async () => {
      const { endorsements, publicClient, agentId } = await loadStakeGroup();
      const chainId = await publicClient.getChainId();
      for (const [id, e] of [
        [agentId, epoch],
        [2n ** 200n, 0n],
      ] as const) {
        assert.equal(
          await endorsements.read.scopeOf([id, e]),
          endorsementScope({ chainId, endorsements: endorsements.address, agentId: id, epoch: e }),
        );
        assert.equal(
          await endorsements.read.messageOf([id, e, SECOND]),
          endorsementMessage({ agentId: id, epoch: e, signal: SECOND }),
        );
      }
      assert.equal(await endorsements.read.currentEpoch(), BigInt(await networkHelpers.time.latest()) / EPOCH_LENGTH);
    });
  });

  describe("# endorse", () => {
    it("should count a valid endorsement and emit its nullifier, message and share", async () => {
      const { endorsements, agentId, relayer } = await loadStakeGroup();
      const { y, nullifier, root, message } = aliceFirst.publicSignals;
      await viem.assertions.emitWithArgs(
        endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }), { account: relayer.account }),
        endorsements,
        "Endorsed",
        [agentId, epoch, nullifier, FIRST, message, y, root],
      );
      assert.equal(await endorsements.read.endorsementCount([agentId, epoch]), 1n);
      const [first, second] = await endorsements.read.sharesOf([nullifier]);
      assert.deepEqual(first, { x: message, y });
      assert.deepEqual(second, { x: 0n, y: 0n });
    });

    it("should accept a proof of the previous epoch and refuse it one epoch later", async () => {
      const { endorsements, agentId } = await loadStakeGroup();
      await networkHelpers.time.increase(EPOCH_LENGTH);
      assert.equal(await endorsements.read.currentEpoch(), epoch + 1n);
      await endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }));
      await networkHelpers.time.increase(EPOCH_LENGTH);
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceSecond, { agentId, signal: SECOND })),
        endorsements,
        "EndorsementsEpochNotAccepted",
        [epoch, epoch + 2n],
      );
    });

    it("should revert with EndorsementsEpochNotAccepted for a future epoch", async () => {
      const { endorsements, agentId } = await loadStakeGroup();
      const current = await endorsements.read.currentEpoch();
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceFirst, { agentId, epoch: current + 1n })),
        endorsements,
        "EndorsementsEpochNotAccepted",
        [current + 1n, current],
      );
    });

    it("should revert with EndorsementsUnknownAgent for agent 0 or one not registered", async () => {
      const { endorsements, agentId } = await loadStakeGroup();
      for (const id of [0n, agentId + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          endorsements.write.endorse(endorseArgs(aliceFirst, { agentId: id })),
          endorsements,
          "EndorsementsUnknownAgent",
          [id],
        );
      }
    });

    it("should revert with EndorsementsInvalidProof for another agent, epoch or signal (scope and message are bound)", async () => {
      const fixture = await loadStakeGroup();
      const { endorsements, agentId } = fixture;
      const otherAgent = await registerSecondAgent(fixture);
      for (const args of [
        endorseArgs(aliceFirst, { agentId: otherAgent }),
        endorseArgs(aliceFirst, { agentId, epoch: epoch - 1n }),
        endorseArgs(aliceFirst, { agentId, signal: SECOND }),
        endorseArgs(aliceFirst, { agentId, y: aliceSecond.publicSignals.y }),
      ]) {
        await viem.assertions.revertWithCustomError(
          endorsements.write.endorse(args),
          endorsements,
          "EndorsementsInvalidProof",
        );
      }
      assert.equal(await endorsements.read.endorsementCount([agentId, epoch]), 0n);
    });

    it("should revert with EndorsementsInvalidProof when the stake is below the contract's threshold", async () => {
      const { endorsements, agentId } = await loadStakeGroup();
      assert.ok(members.bob.amount < THRESHOLD);
      await viem.assertions.revertWithCustomError(
        endorsements.write.endorse(endorseArgs(bobAtOwnStake, { agentId })),
        endorsements,
        "EndorsementsInvalidProof",
      );
    });

    it("should revert with EndorsementsInvalidRoot for a root the group never had", async () => {
      const { endorsements, agentId } = await loadStakeGroup();
      const root = aliceFirst.publicSignals.root + 1n;
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceFirst, { agentId, root })),
        endorsements,
        "EndorsementsInvalidRoot",
        [root],
      );
    });

    it("should accept a replaced root within its validity and revert with EndorsementsInvalidRoot after it", async () => {
      const { endorsements, group, agentId, depositor } = await loadStakeGroup();
      await group.write.deposit([identityCommitment(7n), MINIMUM_DEPOSIT], { account: depositor.account });
      const { root } = aliceFirst.publicSignals;
      const replacedAt = await group.read.rootReplacedAt([root]);
      assert.notEqual(await group.read.root(), root);
      await networkHelpers.time.setNextBlockTimestamp(replacedAt + ROOT_VALIDITY);
      await endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceSecond, { agentId, signal: SECOND })),
        endorsements,
        "EndorsementsInvalidRoot",
        [root],
      );
    });

    it("should revert with EndorsementsValueNotInField for y or a nullifier of at least p", async () => {
      const { endorsements, agentId } = await loadStakeGroup();
      const y = aliceFirst.publicSignals.y + SNARK_SCALAR_FIELD;
      const nullifier = aliceFirst.publicSignals.nullifier + SNARK_SCALAR_FIELD;
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceFirst, { agentId, y })),
        endorsements,
        "EndorsementsValueNotInField",
        [y],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceFirst, { agentId, nullifier })),
        endorsements,
        "EndorsementsValueNotInField",
        [nullifier],
      );
    });

    it("should revert with EndorsementsReplayed for the same proof (or its signals) again", async () => {
      const { endorsements, agentId, relayer } = await loadStakeGroup();
      await endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }));
      const { nullifier, message } = aliceFirst.publicSignals;
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }), { account: relayer.account }),
        endorsements,
        "EndorsementsReplayed",
        [nullifier, message],
      );
      assert.equal(await endorsements.read.endorsementCount([agentId, epoch]), 1n);
    });
  });

  describe("# double signal", () => {
    it("should emit both shares, uncount the first endorsement and refuse further signals", async () => {
      const fixture = await loadStakeGroup();
      const { endorsements, agentId } = fixture;
      await endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }));
      const first = aliceFirst.publicSignals;
      const second = aliceSecond.publicSignals;
      assert.equal(first.nullifier, second.nullifier);
      await viem.assertions.emitWithArgs(
        endorsements.write.endorse(endorseArgs(aliceSecond, { agentId, signal: SECOND })),
        endorsements,
        "DoubleSignalled",
        [agentId, epoch, first.nullifier, first.message, first.y, second.message, second.y],
      );
      assert.equal(await endorsements.read.endorsementCount([agentId, epoch]), 0n);
      const [x, y] = await endorsements.read.sharesOf([first.nullifier]);
      assert.deepEqual(
        [x, y],
        [
          { x: first.message, y: first.y },
          { x: second.message, y: second.y },
        ],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.endorse(endorseArgs(aliceSecond, { agentId, signal: SECOND })),
        endorsements,
        "EndorsementsAlreadyDoubleSignalled",
        [first.nullifier],
      );
    });

    it("should slash the double signaller in the same transaction, for nobody's reward", async () => {
      const fixture = await loadStakeGroup();
      const { endorsements, group, token, sink, publicClient, agentId, relayer } = fixture;
      await endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }), { account: relayer.account });
      const tree = fixtureTree();
      assert.deepEqual(
        await tokenDeltas(token, [relayer.account.address, sink, group.address, endorsements.address], () =>
          endorsements.write.endorse(endorseArgs(aliceSecond, { agentId, signal: SECOND }), {
            account: relayer.account,
          }),
        ),
        [0n, members.alice.amount, -members.alice.amount, 0n],
      );
      tree.update(tree.indexOf(leafOf("alice")), 0n);
      assert.equal(await group.read.root(), tree.root);
      const [signalled] = await publicClient.getContractEvents({
        address: endorsements.address,
        abi: endorsements.abi,
        eventName: "DoubleSignalled",
      });
      const { x1, y1, x2, y2 } = signalled!.args;
      // The secret the contract recovered on chain is the one the sdk recovers from the event.
      const secret = recoverSecret({ x: x1!, y: y1! }, { x: x2!, y: y2! });
      assert.equal(identityCommitment(secret), commitmentOf("alice"));
      const [slashed] = await publicClient.getContractEvents({
        address: group.address,
        abi: group.abi,
        eventName: "Slashed",
      });
      assert.equal(slashed!.args.commitment, commitmentOf("alice"));
      assert.equal(getAddress(slashed!.args.slasher!), getAddress(endorsements.address));
      assert.equal(slashed!.args.amount, members.alice.amount);
      assert.equal(slashed!.args.leafZeroed, true);
      assert.equal(slashed!.transactionHash, signalled!.transactionHash);
    });
  });

  describe("# relay", () => {
    it("should refund a relayer its real gas cost within 1 %, first refund and later ones, and let it claim", async () => {
      const fixture = await loadStakeGroup();
      const { endorsements, agentId, relayer, publicClient } = fixture;
      const secondAgent = await registerSecondAgent(fixture);
      await endorsements.write.fundRelay({ value: 10n ** 17n });
      let refunded = 0n;
      // The first refund creates the relayer's credit and the epoch's spending slot; the second
      // changes both: the contract's overhead must fit each within 1 %, never a margin, never short.
      for (const [proof, agent] of [
        [aliceFirst, agentId],
        [aliceSecondAgent, secondAgent],
      ] as const) {
        const hash = await endorsements.write.endorse(endorseArgs(proof, { agentId: agent }), {
          account: relayer.account,
        });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        const cost = receipt.gasUsed * receipt.effectiveGasPrice;
        const refund = (await endorsements.read.relayFeesOf([relayer.account.address])) - refunded;
        refunded += refund;
        const error = refund > cost ? refund - cost : cost - refund;
        assert.ok(
          error * 100n <= cost,
          `refund ${refund} vs cost ${cost}: ${refund / receipt.effectiveGasPrice} gas refunded, ${receipt.gasUsed} used`,
        );
      }
      assert.equal(await endorsements.read.relayBudget(), 10n ** 17n - refunded);
      const refund = refunded;

      const before = await publicClient.getBalance({ address: relayer.account.address });
      const claim = await endorsements.write.claimRelayFees([relayer.account.address], { account: relayer.account });
      const claimed = await publicClient.waitForTransactionReceipt({ hash: claim });
      const after = await publicClient.getBalance({ address: relayer.account.address });
      assert.equal(after - before, refund - claimed.gasUsed * claimed.effectiveGasPrice);
      assert.equal(await endorsements.read.relayFeesOf([relayer.account.address]), 0n);
    });
  });

  describe("# relay errors", () => {
    it("should revert with EndorsementsZeroFunding, EndorsementsNoRelayFees and EndorsementsRelayFeeTransferFailed", async () => {
      const { endorsements, agentId, relayer, group } = await loadStakeGroup();
      await viem.assertions.revertWithCustomError(
        endorsements.write.fundRelay({ value: 0n }),
        endorsements,
        "EndorsementsZeroFunding",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.claimRelayFees([relayer.account.address], { account: relayer.account }),
        endorsements,
        "EndorsementsNoRelayFees",
        [getAddress(relayer.account.address)],
      );
      await endorsements.write.fundRelay({ value: 10n ** 17n });
      await endorsements.write.endorse(endorseArgs(aliceFirst, { agentId }), { account: relayer.account });
      const credit = await endorsements.read.relayFeesOf([relayer.account.address]);
      // The group has no way to receive ether: the claim fails and the credit stays.
      await viem.assertions.revertWithCustomErrorWithArgs(
        endorsements.write.claimRelayFees([group.address], { account: relayer.account }),
        endorsements,
        "EndorsementsRelayFeeTransferFailed",
        [getAddress(group.address), credit],
      );
      assert.equal(await endorsements.read.relayFeesOf([relayer.account.address]), credit);
    });
  });

  describe("# gas estimates", () => {
    it("should land with exactly the gas a wallet estimated at another price (or none), the budget funded", async () => {
      const { endorsements, agentId, relayer, publicClient } = await loadStakeGroup();
      await endorsements.write.fundRelay({ value: 10n ** 17n });
      const args = endorseArgs(aliceFirst, { agentId });
      // Wallets estimate without a price, or at one that has moved by the time the transaction
      // is mined: the refund must spend the same gas at any price, or the estimate falls short.
      const estimated = await endorsements.estimateGas.endorse(args, { account: relayer.account, gasPrice: 0n });
      const block = await publicClient.getBlock();
      const hash = await endorsements.write.endorse(args, {
        account: relayer.account,
        gas: estimated,
        maxFeePerGas: block.baseFeePerGas! * 3n + 5n * 10n ** 9n,
        maxPriorityFeePerGas: 10n ** 9n,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success", `${receipt.gasUsed} used of ${estimated} estimated`);
      assert.ok((await endorsements.read.relayFeesOf([relayer.account.address])) > 0n);
    });
  });

  describe("# constructor", () => {
    it("should revert with EndorsementsZeroAddress, ZeroEpochLength and ZeroThreshold on bad parameters", async () => {
      const { endorsements, group, agentRegistry } = await loadStakeGroup();
      await viem.assertions.revertWithCustomError(
        viem.deployContract("Endorsements", [
          group.address,
          zeroAddress,
          EPOCH_LENGTH,
          THRESHOLD,
          RELAY_TIP_CAP,
          RELAY_SPEND,
        ]),
        endorsements,
        "EndorsementsZeroAddress",
      );
      await viem.assertions.revertWithCustomError(
        viem.deployContract("Endorsements", [
          group.address,
          agentRegistry.address,
          0n,
          THRESHOLD,
          RELAY_TIP_CAP,
          RELAY_SPEND,
        ]),
        endorsements,
        "EndorsementsZeroEpochLength",
      );
      await viem.assertions.revertWithCustomError(
        viem.deployContract("Endorsements", [
          group.address,
          agentRegistry.address,
          EPOCH_LENGTH,
          0n,
          RELAY_TIP_CAP,
          RELAY_SPEND,
        ]),
        endorsements,
        "EndorsementsZeroThreshold",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("Endorsements", [
          group.address,
          agentRegistry.address,
          EPOCH_LENGTH,
          THRESHOLD,
          RELAY_TIP_CAP,
          RELAY_SPEND,
        ]),
        endorsements,
        "EndorsementsNotTheGroupsEndorsements",
        [getAddress(endorsements.address)],
      );
    });
  });
});
