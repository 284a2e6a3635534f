/**
 * The anonymous stake group with real Groth16 proofs from the kept circuit artifacts: the tree
 * agrees with the TypeScript library, withdrawals prove ownership of a payload (recipient and
 * relayer fee) without revealing the secret and land behind deposits in the same block, and
 * anyone slashes a known secret for no reward.
 */
import {
  calculateWitness,
  buildWitnessInput,
  identityCommitment,
  InvalidStakeProofInputError,
  releaseProver,
  SNARK_SCALAR_FIELD,
  stakeLeaf,
  stakeMembership,
  StakeTree,
  WitnessRejectedError,
  withdrawalMessage,
  withdrawalScope,
  zeroHashes,
  type StakeProof,
} from "@leasehold/circuits";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAddress, getContract, parseAbi, parseEther, zeroAddress } from "viem";
import { connection, networkHelpers, viem } from "../fixtures/deploy-fixture.ts";
import {
  commitmentOf,
  fixtureTree,
  leafOf,
  loadStakeGroup,
  members,
  MINIMUM_DEPOSIT,
  proofArgument,
  prove,
  ROOT_VALIDITY,
  tokenDeltas,
  WITHDRAWAL_DELAY,
} from "./helpers/stake-group.ts";

const IdentityStatus = { None: 0, Active: 1, Withdrawing: 2, Withdrawn: 3, Slashed: 4 } as const;

/** The functions of the fee-on-transfer test token (contracts/test/mocks) these tests call. */
const feeTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function feeOn(uint256 amount) view returns (uint256)",
]);

/** alice's withdrawal proof to `recipient`, made once for the file. */
let withdrawal: StakeProof;
let withdrawalRecipient: `0x${string}`;

async function requestAliceWithdrawal(group: Awaited<ReturnType<typeof loadStakeGroup>>["group"]) {
  const tree = fixtureTree();
  const { y, nullifier } = withdrawal.publicSignals;
  await group.write.requestWithdrawal([
    commitmentOf("alice"),
    withdrawalRecipient,
    0n,
    y,
    nullifier,
    proofArgument(withdrawal),
  ]);
  tree.update(0, 0n);
  return tree;
}

describe("AnonymousStakeGroup", () => {
  before(async () => {
    const { group, depositor } = await loadStakeGroup();
    withdrawalRecipient = depositor.account.address;
    const single = new StakeTree(stakeMembership.depth, [leafOf("alice")]);
    withdrawal = await prove({
      name: "alice",
      tree: single,
      leafIndex: 0,
      threshold: 0n,
      scope: await group.read.withdrawalScope([commitmentOf("alice"), withdrawalRecipient, 0n]),
      message: await group.read.withdrawalMessage([withdrawalRecipient]),
    });
  });

  after(releaseProver);

  describe("# constants", () => {
    it("should use the circuit's tree depth and zero hashes", async () => {
      const { group } = await loadStakeGroup();
      assert.equal(await group.read.TREE_DEPTH(), BigInt(stakeMembership.depth));
      const empty = new StakeTree();
      assert.equal(empty.root, zeroHashes()[stakeMembership.depth]);
      const single = new StakeTree(stakeMembership.depth, [leafOf("bob")]);
      assert.equal(await group.read.singletonRoot([leafOf("bob")]), single.root);
    });

    it("should derive withdrawal scopes and messages as circuits/src/scopes.ts does", async () => {
      const { group, publicClient, depositor } = await loadStakeGroup();
      const chainId = await publicClient.getChainId();
      const commitment = commitmentOf("carol");
      const recipient = depositor.account.address;
      assert.equal(
        await group.read.withdrawalScope([commitment, recipient, 12345n]),
        withdrawalScope({ chainId, group: group.address, commitment, recipient, relayerFee: 12345n }),
      );
      assert.equal(
        await group.read.withdrawalMessage([depositor.account.address]),
        withdrawalMessage(depositor.account.address),
      );
    });
  });

  describe("# deposit", () => {
    it("should append Poseidon(commitment, amount) and reach the TypeScript tree's root", async () => {
      const { group, publicClient, depositor } = await loadStakeGroup();
      const events = await publicClient.getContractEvents({
        address: group.address,
        abi: group.abi,
        eventName: "Deposited",
        fromBlock: 0n,
      });
      const tree = new StakeTree();
      assert.equal(events.length, 3);
      for (const [index, name] of (["alice", "bob", "carol"] as const).entries()) {
        tree.insert(leafOf(name));
        const args = events[index]!.args;
        assert.equal(args.commitment, commitmentOf(name));
        assert.equal(getAddress(args.depositor!), getAddress(depositor.account.address));
        assert.equal(args.leafIndex, BigInt(index));
        assert.equal(args.amount, members[name].amount);
        assert.equal(args.leaf, stakeLeaf(commitmentOf(name), members[name].amount));
        assert.equal(args.root, tree.root);
      }
      assert.equal(await group.read.root(), tree.root);
      assert.equal(await group.read.size(), 3n);
      const identity = await group.read.identityOf([commitmentOf("carol")]);
      assert.equal(identity.status, IdentityStatus.Active);
      assert.equal(identity.leafIndex, 2);
      assert.equal(identity.amount, members.carol.amount);
    });

    it("should hold the deposits and count them live", async () => {
      const { group, token } = await loadStakeGroup();
      const total = members.alice.amount + members.bob.amount + members.carol.amount;
      assert.equal(await token.read.balanceOf([group.address]), total);
      assert.equal(await group.read.totalLive(), total);
      assert.equal(await group.read.totalPending(), 0n);
    });

    it("should revert with AnonymousStakeGroupZeroCommitment for commitment 0", async () => {
      const { group, depositor } = await loadStakeGroup();
      await viem.assertions.revertWithCustomError(
        group.write.deposit([0n, MINIMUM_DEPOSIT], { account: depositor.account }),
        group,
        "AnonymousStakeGroupZeroCommitment",
      );
    });

    it("should revert with AnonymousStakeGroupValueNotInField for a commitment of at least p", async () => {
      const { group, depositor } = await loadStakeGroup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.deposit([SNARK_SCALAR_FIELD, MINIMUM_DEPOSIT], { account: depositor.account }),
        group,
        "AnonymousStakeGroupValueNotInField",
        [SNARK_SCALAR_FIELD],
      );
    });

    it("should revert with AnonymousStakeGroupCommitmentUsed for a commitment already deposited", async () => {
      const { group, depositor } = await loadStakeGroup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.deposit([commitmentOf("alice"), MINIMUM_DEPOSIT], { account: depositor.account }),
        group,
        "AnonymousStakeGroupCommitmentUsed",
        [commitmentOf("alice"), IdentityStatus.Active],
      );
    });

    it("should revert with AnonymousStakeGroupDepositTooSmall below the minimum", async () => {
      const { group, depositor } = await loadStakeGroup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.deposit([identityCommitment(7n), MINIMUM_DEPOSIT - 1n], { account: depositor.account }),
        group,
        "AnonymousStakeGroupDepositTooSmall",
        [MINIMUM_DEPOSIT - 1n, MINIMUM_DEPOSIT],
      );
    });

    it("should revert with AnonymousStakeGroupTransferAmountMismatch for a fee-on-transfer token", async () => {
      const { poseidonT2, poseidonT3, verifier, sink, depositor, deployer, publicClient } = await loadStakeGroup();
      const { address } = await viem.deployContract("FeeOnTransferToken", [100n]);
      const feeToken = getContract({ address, abi: feeTokenAbi, client: { public: publicClient, wallet: deployer } });
      const feeGroup = await viem.deployContract(
        "AnonymousStakeGroup",
        [feeToken.address, verifier.address, sink, sink, MINIMUM_DEPOSIT, WITHDRAWAL_DELAY, ROOT_VALIDITY],
        { libraries: { PoseidonT2: poseidonT2.address, PoseidonT3: poseidonT3.address } },
      );
      await feeToken.write.mint([depositor.account.address, MINIMUM_DEPOSIT]);
      await feeToken.write.approve([feeGroup.address, MINIMUM_DEPOSIT], { account: depositor.account });
      const fee = await feeToken.read.feeOn([MINIMUM_DEPOSIT]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        feeGroup.write.deposit([identityCommitment(7n), MINIMUM_DEPOSIT], { account: depositor.account }),
        feeGroup,
        "AnonymousStakeGroupTransferAmountMismatch",
        [MINIMUM_DEPOSIT, MINIMUM_DEPOSIT - fee],
      );
    });
  });

  describe("# constructor", () => {
    it("should revert with AnonymousStakeGroupZeroAddress, ZeroMinimumDeposit and WithdrawalDelayTooShort on bad parameters", async () => {
      const { poseidonT2, poseidonT3, verifier, sink, token, group, endorsements } = await loadStakeGroup();
      const libraries = { PoseidonT2: poseidonT2.address, PoseidonT3: poseidonT3.address };
      const deploy = (
        args: readonly [`0x${string}`, `0x${string}`, `0x${string}`, `0x${string}`, bigint, bigint, bigint],
      ) => viem.deployContract("AnonymousStakeGroup", [...args], { libraries });
      const good = [
        token.address,
        verifier.address,
        sink,
        endorsements.address,
        MINIMUM_DEPOSIT,
        WITHDRAWAL_DELAY,
        ROOT_VALIDITY,
      ] as const;
      for (const position of [0, 2, 3] as const) {
        const args = [...good] as unknown as typeof good;
        (args as unknown as unknown[])[position] = zeroAddress;
        await viem.assertions.revertWithCustomError(deploy(args), group, "AnonymousStakeGroupZeroAddress");
      }
      await viem.assertions.revertWithCustomError(
        deploy([good[0], good[1], good[2], good[3], 0n, WITHDRAWAL_DELAY, ROOT_VALIDITY]),
        group,
        "AnonymousStakeGroupZeroMinimumDeposit",
      );
      for (const delay of [0n, ROOT_VALIDITY]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          deploy([good[0], good[1], good[2], good[3], MINIMUM_DEPOSIT, delay, ROOT_VALIDITY]),
          group,
          "AnonymousStakeGroupWithdrawalDelayTooShort",
          [delay, ROOT_VALIDITY],
        );
      }
    });

    it("should name the deployed Endorsements as the one contract that slashes double signals", async () => {
      const { group, endorsements } = await loadStakeGroup();
      assert.equal(getAddress(await group.read.endorsements()), getAddress(endorsements.address));
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.slashDoubleSignal([members.alice.secret]),
        group,
        "AnonymousStakeGroupNotEndorsements",
        [getAddress((await viem.getWalletClients())[0]!.account.address)],
      );
    });
  });

  describe("# isValidRoot", () => {
    it("should accept the current root always and a replaced one only within rootValidity", async () => {
      const { group, depositor } = await loadStakeGroup();
      const old = await group.read.root();
      await networkHelpers.time.increase(10n * ROOT_VALIDITY);
      assert.equal(await group.read.isValidRoot([old]), true);
      await group.write.deposit([identityCommitment(7n), MINIMUM_DEPOSIT], { account: depositor.account });
      const replacedAt = await group.read.rootReplacedAt([old]);
      assert.equal(replacedAt, BigInt(await networkHelpers.time.latest()));
      assert.equal(await group.read.isValidRoot([old]), true);
      await networkHelpers.time.setNextBlockTimestamp(replacedAt + ROOT_VALIDITY);
      await networkHelpers.mine();
      assert.equal(await group.read.isValidRoot([old]), true);
      await networkHelpers.mine();
      assert.equal(await group.read.isValidRoot([old]), false);
      assert.equal(await group.read.isValidRoot([await group.read.root()]), true);
      assert.equal(await group.read.isValidRoot([12345n]), false);
    });
  });

  describe("# requestWithdrawal", () => {
    it("should zero the leaf to the TypeScript tree's root and lock the stake for the delay", async () => {
      const { group, publicClient } = await loadStakeGroup();
      const tree = await requestAliceWithdrawal(group);
      const now = BigInt(await networkHelpers.time.latest());
      assert.equal(await group.read.root(), tree.root);
      const identity = await group.read.identityOf([commitmentOf("alice")]);
      assert.equal(identity.status, IdentityStatus.Withdrawing);
      assert.equal(identity.unlockAt, now + WITHDRAWAL_DELAY);
      assert.equal(getAddress(identity.recipient), getAddress(withdrawalRecipient));
      assert.equal(await group.read.totalLive(), members.bob.amount + members.carol.amount);
      assert.equal(await group.read.totalPending(), members.alice.amount);
      const [event] = await publicClient.getContractEvents({
        address: group.address,
        abi: group.abi,
        eventName: "WithdrawalRequested",
      });
      assert.deepEqual(
        { ...event!.args, recipient: getAddress(event!.args.recipient!), relayer: getAddress(event!.args.relayer!) },
        {
          commitment: commitmentOf("alice"),
          recipient: getAddress(withdrawalRecipient),
          leafIndex: 0n,
          amount: members.alice.amount,
          unlockAt: now + WITHDRAWAL_DELAY,
          root: tree.root,
          relayer: getAddress((await viem.getWalletClients())[0]!.account.address),
          relayerFee: 0n,
        },
      );
    });

    it("should revert with AnonymousStakeGroupInvalidProof when a copied proof names another recipient", async () => {
      const { group, thief } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      await viem.assertions.revertWithCustomError(
        group.write.requestWithdrawal(
          [commitmentOf("alice"), thief.account.address, 0n, y, nullifier, proofArgument(withdrawal)],
          { account: thief.account },
        ),
        group,
        "AnonymousStakeGroupInvalidProof",
      );
    });

    it("should revert with AnonymousStakeGroupInvalidProof for another identity's commitment", async () => {
      const { group } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      await viem.assertions.revertWithCustomError(
        group.write.requestWithdrawal([
          commitmentOf("bob"),
          withdrawalRecipient,
          0n,
          y,
          nullifier,
          proofArgument(withdrawal),
        ]),
        group,
        "AnonymousStakeGroupInvalidProof",
      );
    });

    it("should revert with AnonymousStakeGroupZeroAddress for recipient 0", async () => {
      const { group } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      await viem.assertions.revertWithCustomError(
        group.write.requestWithdrawal([
          commitmentOf("alice"),
          zeroAddress,
          0n,
          y,
          nullifier,
          proofArgument(withdrawal),
        ]),
        group,
        "AnonymousStakeGroupZeroAddress",
      );
    });

    it("should revert with AnonymousStakeGroupWrongStatus for an unknown commitment or a second request", async () => {
      const { group } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal([
          identityCommitment(7n),
          withdrawalRecipient,
          0n,
          y,
          nullifier,
          proofArgument(withdrawal),
        ]),
        group,
        "AnonymousStakeGroupWrongStatus",
        [identityCommitment(7n), IdentityStatus.None],
      );
      await requestAliceWithdrawal(group);
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal([
          commitmentOf("alice"),
          withdrawalRecipient,
          0n,
          y,
          nullifier,
          proofArgument(withdrawal),
        ]),
        group,
        "AnonymousStakeGroupWrongStatus",
        [commitmentOf("alice"), IdentityStatus.Withdrawing],
      );
    });

    it("should land behind deposits placed ahead of it in the same block", async () => {
      const { group, depositor } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      const tree = fixtureTree();
      await connection.provider.request({ method: "evm_setAutomine", params: [false] });
      try {
        for (const secret of [7n, 8n, 9n]) {
          await group.write.deposit([identityCommitment(secret), MINIMUM_DEPOSIT], {
            account: depositor.account,
            gas: 2_000_000n,
          });
          tree.insert(stakeLeaf(identityCommitment(secret), MINIMUM_DEPOSIT));
        }
        await group.write.requestWithdrawal(
          [commitmentOf("alice"), withdrawalRecipient, 0n, y, nullifier, proofArgument(withdrawal)],
          { gas: 2_000_000n },
        );
        await networkHelpers.mine();
      } finally {
        await connection.provider.request({ method: "evm_setAutomine", params: [true] });
      }
      tree.update(0, 0n);
      assert.equal((await group.read.identityOf([commitmentOf("alice")])).status, IdentityStatus.Withdrawing);
      assert.equal(await group.read.root(), tree.root);
    });

    it("should pay a relayer the fee the proof binds, and refuse a fee above the stake", async () => {
      const { group, token, relayer, depositor } = await loadStakeGroup();
      const fee = parseEther("3");
      const recipient = depositor.account.address;
      const single = new StakeTree(stakeMembership.depth, [leafOf("bob")]);
      const relayed = await prove({
        name: "bob",
        tree: single,
        leafIndex: 0,
        threshold: 0n,
        scope: await group.read.withdrawalScope([commitmentOf("bob"), recipient, fee]),
        message: await group.read.withdrawalMessage([recipient]),
      });
      const { y, nullifier } = relayed.publicSignals;
      const args = (relayerFee: bigint) =>
        [commitmentOf("bob"), recipient, relayerFee, y, nullifier, proofArgument(relayed)] as const;
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal(args(members.bob.amount + 1n), { account: relayer.account }),
        group,
        "AnonymousStakeGroupRelayerFeeTooHigh",
        [members.bob.amount + 1n, members.bob.amount],
      );
      await viem.assertions.revertWithCustomError(
        group.write.requestWithdrawal(args(fee + 1n), { account: relayer.account }),
        group,
        "AnonymousStakeGroupInvalidProof",
      );
      await group.write.requestWithdrawal(args(fee), { account: relayer.account });
      await networkHelpers.time.increase(WITHDRAWAL_DELAY);
      assert.deepEqual(
        await tokenDeltas(token, [recipient, relayer.account.address, group.address], () =>
          group.write.withdraw([commitmentOf("bob")]),
        ),
        [members.bob.amount - fee, fee, -members.bob.amount],
      );
    });
  });

  describe("# withdraw", () => {
    it("should revert with AnonymousStakeGroupWithdrawalLocked before the delay and pay the recipient after it", async () => {
      const { group, token, relayer } = await loadStakeGroup();
      await requestAliceWithdrawal(group);
      const { unlockAt } = await group.read.identityOf([commitmentOf("alice")]);
      await networkHelpers.time.setNextBlockTimestamp(unlockAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.withdraw([commitmentOf("alice")], { account: relayer.account }),
        group,
        "AnonymousStakeGroupWithdrawalLocked",
        [commitmentOf("alice"), unlockAt],
      );
      await networkHelpers.time.setNextBlockTimestamp(unlockAt);
      assert.deepEqual(
        await tokenDeltas(token, [withdrawalRecipient, group.address], () =>
          group.write.withdraw([commitmentOf("alice")], { account: relayer.account }),
        ),
        [members.alice.amount, -members.alice.amount],
      );
      assert.equal((await group.read.identityOf([commitmentOf("alice")])).status, IdentityStatus.Withdrawn);
      assert.equal(await group.read.totalPending(), 0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.withdraw([commitmentOf("alice")]),
        group,
        "AnonymousStakeGroupWrongStatus",
        [commitmentOf("alice"), IdentityStatus.Withdrawn],
      );
    });

    it("should leave a withdrawn identity unable to prove membership against the new root", async () => {
      const { group } = await loadStakeGroup();
      const tree = await requestAliceWithdrawal(group);
      const root = await group.read.root();
      assert.equal(root, tree.root);
      // The library refuses: alice's leaf no longer leads to the root.
      const stale = fixtureTree().merkleProof(0);
      const parameters = {
        secret: members.alice.secret,
        stakeAmount: members.alice.amount,
        threshold: 1n,
        scope: 5n,
        message: 6n,
      };
      assert.throws(
        () => buildWitnessInput({ ...parameters, merkleProof: { ...stale, root } }),
        InvalidStakeProofInputError,
      );
      // And so does the circuit, given the same input without the library's checks.
      const { input } = buildWitnessInput({ ...parameters, merkleProof: stale });
      await assert.rejects(calculateWitness({ ...input, root }), WitnessRejectedError);
    });
  });

  describe("# slash", () => {
    it("should send the whole stake to the sink, pay the caller nothing and zero the leaf", async () => {
      const { group, token, slasher, sink, publicClient } = await loadStakeGroup();
      const tree = fixtureTree();
      assert.deepEqual(
        await tokenDeltas(token, [slasher.account.address, sink, group.address], () =>
          group.write.slash([members.carol.secret], { account: slasher.account }),
        ),
        [0n, members.carol.amount, -members.carol.amount],
      );
      tree.update(2, 0n);
      assert.equal(await group.read.root(), tree.root);
      assert.equal((await group.read.identityOf([commitmentOf("carol")])).status, IdentityStatus.Slashed);
      const [event] = await publicClient.getContractEvents({
        address: group.address,
        abi: group.abi,
        eventName: "Slashed",
      });
      assert.equal(event!.args.leafZeroed, true);
      assert.equal(event!.args.root, tree.root);
      assert.equal(event!.args.amount, members.carol.amount);
      assert.equal(getAddress(event!.args.slasher!), getAddress(slasher.account.address));
    });

    it("should slash a pending withdrawal without touching the tree", async () => {
      const { group, token, slasher, sink } = await loadStakeGroup();
      await requestAliceWithdrawal(group);
      const root = await group.read.root();
      assert.deepEqual(
        await tokenDeltas(token, [slasher.account.address, sink], () =>
          group.write.slash([members.alice.secret], { account: slasher.account }),
        ),
        [0n, members.alice.amount],
      );
      assert.equal(await group.read.root(), root);
      assert.equal(await group.read.totalPending(), 0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.withdraw([commitmentOf("alice")]),
        group,
        "AnonymousStakeGroupWrongStatus",
        [commitmentOf("alice"), IdentityStatus.Slashed],
      );
    });

    it("should revert with AnonymousStakeGroupInvalidSecret for the secret 0 and a secret of at least p", async () => {
      const { group, slasher } = await loadStakeGroup();
      for (const secret of [0n, SNARK_SCALAR_FIELD]) {
        await viem.assertions.revertWithCustomError(
          group.write.slash([secret], { account: slasher.account }),
          group,
          "AnonymousStakeGroupInvalidSecret",
        );
      }
    });

    it("should revert with AnonymousStakeGroupZeroSecretCommitment for a deposit behind Poseidon(0)", async () => {
      const { group, depositor } = await loadStakeGroup();
      // Poseidon(0): identityCommitment refuses the secret 0, as the group does.
      const zeroCommitment = 19014214495641488759237505126948346942972912379615652741039992445865937985820n;
      await viem.assertions.revertWithCustomError(
        group.write.deposit([zeroCommitment, MINIMUM_DEPOSIT], { account: depositor.account }),
        group,
        "AnonymousStakeGroupZeroSecretCommitment",
      );
    });

    it("should revert with AnonymousStakeGroupWrongStatus for a secret behind no stake", async () => {
      const { group, slasher } = await loadStakeGroup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.slash([7n], { account: slasher.account }),
        group,
        "AnonymousStakeGroupWrongStatus",
        [identityCommitment(7n), IdentityStatus.None],
      );
    });
  });

  describe("# tree sync", () => {
    it("should let anyone rebuild the tree from the events alone", async () => {
      const { group, slasher, depositor, publicClient } = await loadStakeGroup();
      await requestAliceWithdrawal(group);
      await group.write.deposit([identityCommitment(7n), parseEther("20")], { account: depositor.account });
      const tree = fixtureTree();
      tree.update(0, 0n);
      tree.insert(stakeLeaf(identityCommitment(7n), parseEther("20")));
      await group.write.slash([members.bob.secret], { account: slasher.account });

      const rebuilt = new StakeTree();
      const events = await publicClient.getContractEvents({ address: group.address, abi: group.abi, fromBlock: 0n });
      for (const event of events) {
        if (event.eventName === "Deposited")
          assert.equal(rebuilt.insert(event.args.leaf!), Number(event.args.leafIndex));
        else if (event.eventName === "WithdrawalRequested") rebuilt.update(Number(event.args.leafIndex), 0n);
        else if (event.eventName === "Slashed" && event.args.leafZeroed)
          rebuilt.update(Number(event.args.leafIndex), 0n);
        else continue;
        assert.equal(rebuilt.root, (event.args as { root: bigint }).root);
      }
      assert.equal(rebuilt.root, await group.read.root());
    });
  });
});
