/**
 * The anonymous stake group with real Groth16 proofs from the kept circuit artifacts: the tree
 * agrees with the TypeScript library, withdrawals prove ownership without revealing the secret,
 * and slashes are bound to the account that committed to them.
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
import { getAddress, getContract, keccak256, parseAbi, parseEther, toHex, zeroAddress } from "viem";
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
  SLASH_REWARD_BPS,
  tokenDeltas,
  WITHDRAWAL_DELAY,
} from "./helpers/stake-group.ts";

const IdentityStatus = { None: 0, Active: 1, Withdrawing: 2, Withdrawn: 3, Slashed: 4 } as const;
const SALT = keccak256(toHex("salt"));

/** The functions of the fee-on-transfer test token (contracts/test/mocks) these tests call. */
const feeTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function feeOn(uint256 amount) view returns (uint256)",
]);

/** alice's withdrawal proof to `recipient`, made once for the file. */
let withdrawal: StakeProof;
let withdrawalRecipient: `0x${string}`;

/** The path of `name`'s leaf in `tree` as the contract takes it. */
const siblingsOf = (tree: StakeTree, name: keyof typeof members) =>
  tree.merkleProof(tree.indexOf(leafOf(name))).siblings;

async function requestAliceWithdrawal(group: Awaited<ReturnType<typeof loadStakeGroup>>["group"]) {
  const tree = fixtureTree();
  const { y, nullifier } = withdrawal.publicSignals;
  await group.write.requestWithdrawal([
    commitmentOf("alice"),
    withdrawalRecipient,
    y,
    nullifier,
    proofArgument(withdrawal),
    siblingsOf(tree, "alice"),
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
      scope: await group.read.withdrawalScope([commitmentOf("alice")]),
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
      assert.equal(
        await group.read.withdrawalScope([commitment]),
        withdrawalScope({ chainId, group: group.address, commitment }),
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
        [feeToken.address, verifier.address, sink, MINIMUM_DEPOSIT, WITHDRAWAL_DELAY, ROOT_VALIDITY, 0],
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
    it("should revert with AnonymousStakeGroupZeroAddress, ZeroMinimumDeposit and RewardTooHigh on bad parameters", async () => {
      const { poseidonT2, poseidonT3, verifier, sink, token, group } = await loadStakeGroup();
      const libraries = { PoseidonT2: poseidonT2.address, PoseidonT3: poseidonT3.address };
      const deploy = (args: readonly [`0x${string}`, `0x${string}`, `0x${string}`, bigint, number]) =>
        viem.deployContract(
          "AnonymousStakeGroup",
          [args[0], args[1], args[2], args[3], WITHDRAWAL_DELAY, ROOT_VALIDITY, args[4]],
          { libraries },
        );
      const sinkAddress = sink;
      await viem.assertions.revertWithCustomError(
        deploy([zeroAddress, verifier.address, sinkAddress, MINIMUM_DEPOSIT, 0]),
        group,
        "AnonymousStakeGroupZeroAddress",
      );
      await viem.assertions.revertWithCustomError(
        deploy([token.address, verifier.address, zeroAddress, MINIMUM_DEPOSIT, 0]),
        group,
        "AnonymousStakeGroupZeroAddress",
      );
      await viem.assertions.revertWithCustomError(
        deploy([token.address, verifier.address, sinkAddress, 0n, 0]),
        group,
        "AnonymousStakeGroupZeroMinimumDeposit",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy([token.address, verifier.address, sinkAddress, MINIMUM_DEPOSIT, 10_001]),
        group,
        "AnonymousStakeGroupRewardTooHigh",
        [10_001n, 10_000n],
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
        { ...event!.args, recipient: getAddress(event!.args.recipient!) },
        {
          commitment: commitmentOf("alice"),
          recipient: getAddress(withdrawalRecipient),
          leafIndex: 0n,
          amount: members.alice.amount,
          unlockAt: now + WITHDRAWAL_DELAY,
          root: tree.root,
        },
      );
    });

    it("should revert with AnonymousStakeGroupInvalidProof when a copied proof names another recipient", async () => {
      const { group, thief } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      await viem.assertions.revertWithCustomError(
        group.write.requestWithdrawal(
          [
            commitmentOf("alice"),
            thief.account.address,
            y,
            nullifier,
            proofArgument(withdrawal),
            siblingsOf(fixtureTree(), "alice"),
          ],
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
          y,
          nullifier,
          proofArgument(withdrawal),
          siblingsOf(fixtureTree(), "bob"),
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
          y,
          nullifier,
          proofArgument(withdrawal),
          siblingsOf(fixtureTree(), "alice"),
        ]),
        group,
        "AnonymousStakeGroupZeroAddress",
      );
    });

    it("should revert with AnonymousStakeGroupWrongStatus for an unknown commitment or a second request", async () => {
      const { group } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      const tree = fixtureTree();
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal([
          identityCommitment(7n),
          withdrawalRecipient,
          y,
          nullifier,
          proofArgument(withdrawal),
          siblingsOf(tree, "alice"),
        ]),
        group,
        "AnonymousStakeGroupWrongStatus",
        [identityCommitment(7n), IdentityStatus.None],
      );
      const after = await requestAliceWithdrawal(group);
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal([
          commitmentOf("alice"),
          withdrawalRecipient,
          y,
          nullifier,
          proofArgument(withdrawal),
          after.merkleProof(0).siblings,
        ]),
        group,
        "AnonymousStakeGroupWrongStatus",
        [commitmentOf("alice"), IdentityStatus.Withdrawing],
      );
    });

    it("should revert with StakeTreeInvalidProof for siblings that do not lead to the root", async () => {
      const { group } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal([
          commitmentOf("alice"),
          withdrawalRecipient,
          y,
          nullifier,
          proofArgument(withdrawal),
          siblingsOf(fixtureTree(), "bob"),
        ]),
        group,
        "StakeTreeInvalidProof",
        [0n, leafOf("alice")],
      );
    });

    it("should revert with StakeTreeValueNotInField for a sibling of at least p", async () => {
      const { group } = await loadStakeGroup();
      const { y, nullifier } = withdrawal.publicSignals;
      const siblings = siblingsOf(fixtureTree(), "alice");
      siblings[3] = SNARK_SCALAR_FIELD + siblings[3]!;
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.requestWithdrawal([
          commitmentOf("alice"),
          withdrawalRecipient,
          y,
          nullifier,
          proofArgument(withdrawal),
          siblings,
        ]),
        group,
        "StakeTreeValueNotInField",
        [siblings[3]],
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
    type Fixture = Awaited<ReturnType<typeof loadStakeGroup>>;

    async function commitAndMine(group: Fixture["group"], who: Fixture["slasher"], secret: bigint) {
      const hash = await group.read.slashCommitment([who.account.address, secret, SALT]);
      await group.write.commitSlash([hash], { account: who.account });
      return hash;
    }

    it("should pay the committed slasher its reward and the sink the rest, and zero the leaf", async () => {
      const { group, token, slasher, sink, publicClient } = await loadStakeGroup();
      const hash = await commitAndMine(group, slasher, members.carol.secret);
      assert.equal(await group.read.slashCommittedAt([hash]), await publicClient.getBlockNumber());
      const tree = fixtureTree();
      const reward = (members.carol.amount * BigInt(SLASH_REWARD_BPS)) / 10_000n;
      assert.deepEqual(
        await tokenDeltas(token, [slasher.account.address, sink, group.address], () =>
          group.write.slash([members.carol.secret, SALT, siblingsOf(tree, "carol")], { account: slasher.account }),
        ),
        [reward, members.carol.amount - reward, -members.carol.amount],
      );
      tree.update(2, 0n);
      assert.equal(await group.read.root(), tree.root);
      assert.equal((await group.read.identityOf([commitmentOf("carol")])).status, IdentityStatus.Slashed);
      assert.equal(await group.read.slashCommittedAt([hash]), 0n);
      const [event] = await publicClient.getContractEvents({
        address: group.address,
        abi: group.abi,
        eventName: "Slashed",
      });
      assert.equal(event!.args.leafZeroed, true);
      assert.equal(event!.args.root, tree.root);
      assert.equal(event!.args.reward, reward);
    });

    it("should keep the reward from a front-runner who copies the reveal or commits after seeing it", async () => {
      const { group, token, slasher, thief } = await loadStakeGroup();
      await commitAndMine(group, slasher, members.carol.secret);
      const siblings = siblingsOf(fixtureTree(), "carol");
      await connection.provider.request({ method: "evm_setAutomine", params: [false] });
      try {
        // The reveal waits in the mempool, where the thief reads the secret and the salt.
        const reveal = await group.write.slash([members.carol.secret, SALT, siblings], {
          account: slasher.account,
          gas: 2_000_000n,
        });
        const copied = await group.read.slashCommitment([thief.account.address, members.carol.secret, SALT]);
        await viem.assertions.revertWithCustomErrorWithArgs(
          group.simulate.slash([members.carol.secret, SALT, siblings], {
            account: thief.account.address,
            blockTag: "pending",
          }),
          group,
          "AnonymousStakeGroupSlashNotCommitted",
          [copied],
        );
        await group.write.commitSlash([copied], { account: thief.account, gas: 200_000n });
        await viem.assertions.revertWithCustomError(
          group.simulate.slash([members.carol.secret, SALT, siblings], {
            account: thief.account.address,
            blockTag: "pending",
          }),
          group,
          "AnonymousStakeGroupSlashCommitTooRecent",
        );
        await networkHelpers.mine();
        const publicClient = await viem.getPublicClient();
        assert.equal((await publicClient.getTransactionReceipt({ hash: reveal })).status, "success");
      } finally {
        await connection.provider.request({ method: "evm_setAutomine", params: [true] });
      }
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.slash([members.carol.secret, SALT, siblings], { account: thief.account }),
        group,
        "AnonymousStakeGroupWrongStatus",
        [commitmentOf("carol"), IdentityStatus.Slashed],
      );
      assert.equal(await token.read.balanceOf([thief.account.address]), 0n);
    });

    it("should slash a pending withdrawal without touching the tree", async () => {
      const { group, token, slasher, sink } = await loadStakeGroup();
      await requestAliceWithdrawal(group);
      const root = await group.read.root();
      await commitAndMine(group, slasher, members.alice.secret);
      const reward = (members.alice.amount * BigInt(SLASH_REWARD_BPS)) / 10_000n;
      assert.deepEqual(
        await tokenDeltas(token, [slasher.account.address, sink], () =>
          group.write.slash([members.alice.secret, SALT, []], { account: slasher.account }),
        ),
        [reward, members.alice.amount - reward],
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

    it("should revert with AnonymousStakeGroupSlashAlreadyCommitted for a repeated commit", async () => {
      const { group, slasher } = await loadStakeGroup();
      const hash = await commitAndMine(group, slasher, members.carol.secret);
      const block = await (await viem.getPublicClient()).getBlockNumber();
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.commitSlash([hash], { account: slasher.account }),
        group,
        "AnonymousStakeGroupSlashAlreadyCommitted",
        [hash, block],
      );
    });

    it("should revert with AnonymousStakeGroupInvalidSecret for a secret of at least p", async () => {
      const { group, slasher } = await loadStakeGroup();
      await viem.assertions.revertWithCustomError(
        group.write.slash([SNARK_SCALAR_FIELD, SALT, []], { account: slasher.account }),
        group,
        "AnonymousStakeGroupInvalidSecret",
      );
    });

    it("should revert with AnonymousStakeGroupWrongStatus for a secret behind no stake", async () => {
      const { group, slasher } = await loadStakeGroup();
      await commitAndMine(group, slasher, 7n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        group.write.slash([7n, SALT, []], { account: slasher.account }),
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
      await group.write.commitSlash(
        [await group.read.slashCommitment([slasher.account.address, members.bob.secret, SALT])],
        {
          account: slasher.account,
        },
      );
      await group.write.slash([members.bob.secret, SALT, siblingsOf(tree, "bob")], { account: slasher.account });

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
