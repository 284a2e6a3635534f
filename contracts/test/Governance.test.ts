import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  encodeFunctionData,
  getAddress,
  getContract,
  keccak256,
  parseEther,
  toHex,
  zeroHash,
  type Address,
  type Hex,
} from "viem";
import {
  loadDeployment,
  MAX_LEASE_TTL,
  networkHelpers,
  PROPOSAL_THRESHOLD,
  TIMELOCK_DELAY,
  viem,
  VOTES_SUPPLY,
  VOTING_DELAY,
  VOTING_PERIOD,
} from "../fixtures/deploy-fixture.ts";

const CODE = keccak256(toHex("agent-bundle-v1"));
const CONTENT = keccak256(toHex("bafy-agent-bundle-v1"));
const SIZE = 4_096n;
const Routine = 0;

/** IGovernor.ProposalState, in order. */
const ProposalState = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const;
const VoteType = { Against: 0, For: 1, Abstain: 2 } as const;

/** The bitmap Governor reports as the states it expected (one bit per ProposalState). */
const stateBit = (state: number): Hex => toHex(1n << BigInt(state), { size: 32 });

async function setup() {
  const deployment = await loadDeployment();
  const { votes, governor, deployer, accounts, publicClient } = deployment;
  const [publisher, voter, outsider] = accounts as [
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
  ];
  // The deployer holds the whole supply: it votes with most of it and lends a voter the rest.
  await votes.write.transfer([voter.account.address, PROPOSAL_THRESHOLD], { account: deployer.account });
  await votes.write.delegate([deployer.account.address], { account: deployer.account });
  await votes.write.delegate([voter.account.address], { account: voter.account });

  // Only the standard interface, as a governance tool would see the governor.
  const { abi: iGovernorAbi } = await viem.getContractAt("IGovernor", governor.address);
  const iGovernor = (account: (typeof accounts)[number]) =>
    getContract({ address: governor.address, abi: iGovernorAbi, client: { public: publicClient, wallet: account } });

  interface Proposal {
    targets: Address[];
    values: bigint[];
    calldatas: Hex[];
    description: string;
    descriptionHash: Hex;
    proposalId: bigint;
  }

  /** Propose through IGovernor as `proposer` (the deployer by default); voting opens right after. */
  async function propose(
    calls: { target: Address; data: Hex }[],
    description: string,
    proposer = deployer,
  ): Promise<Proposal> {
    const targets = calls.map((call) => call.target);
    const values = calls.map(() => 0n);
    const calldatas = calls.map((call) => call.data);
    const descriptionHash = keccak256(toHex(description));
    const governorAs = iGovernor(proposer);
    await governorAs.write.propose([targets, values, calldatas, description]);
    const proposalId = await governorAs.read.getProposalId([targets, values, calldatas, descriptionHash]);
    await networkHelpers.time.increase(VOTING_DELAY + 1n);
    return { targets, values, calldatas, description, descriptionHash, proposalId };
  }

  /** Vote For as the deployer, close the vote and queue in the timelock. */
  async function voteAndQueue(proposal: Proposal) {
    await iGovernor(deployer).write.castVote([proposal.proposalId, VoteType.For]);
    await networkHelpers.time.increase(VOTING_PERIOD + 1n);
    await iGovernor(deployer).write.queue([
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      proposal.descriptionHash,
    ]);
  }

  /** Execute through IGovernor, by anyone: the governor is the timelock's only executor. */
  function execute(proposal: Proposal, caller = outsider) {
    return iGovernor(caller).write.execute([
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      proposal.descriptionHash,
    ]);
  }

  /** Propose, vote, queue, wait for the timelock and execute; returns the execution's hash. */
  async function pass(calls: { target: Address; data: Hex }[], description: string) {
    const proposal = await propose(calls, description);
    await voteAndQueue(proposal);
    await networkHelpers.time.increase(TIMELOCK_DELAY);
    return execute(proposal);
  }

  return {
    ...deployment,
    publisher,
    voter,
    outsider,
    iGovernor,
    propose,
    voteAndQueue,
    execute,
    pass,
  };
}

describe("Governance", () => {
  describe("# code approval lifecycle", () => {
    it("should approve a release only through a proposal executed after its review window", async () => {
      const { codeRegistry, token, governor, publisher, deployer, admin, iGovernor, propose, voteAndQueue, execute } =
        await setup();
      // Publish.
      await token.write.faucet({ account: publisher.account });
      await token.write.approve([codeRegistry.address, parseEther("10")], { account: publisher.account });
      await codeRegistry.write.publish([CODE, CONTENT, SIZE, Routine, "ipfs://release-notes"], {
        account: publisher.account,
      });
      const author = publisher.account.address;
      const { approvableAt } = await codeRegistry.read.releaseOf([author, CODE]);

      // Early approval refused, even to the timelock itself.
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.approve([author, CODE], { account: admin.account }),
        codeRegistry,
        "CodeRegistryReviewWindowNotOver",
        [getAddress(author), CODE, approvableAt],
      );

      // Propose and vote during the review; the timelock's delay ends long before the window.
      const approveCall = {
        target: codeRegistry.address,
        data: encodeFunctionData({ abi: codeRegistry.abi, functionName: "approve", args: [author, CODE] }),
      };
      const proposal = await propose([approveCall], "Approve agent-bundle-v1");
      const governorAs = iGovernor(deployer);
      assert.equal(await governorAs.read.state([proposal.proposalId]), ProposalState.Active);
      assert.equal(await governorAs.read.proposalNeedsQueuing([proposal.proposalId]), true);
      await voteAndQueue(proposal);
      assert.equal(await governorAs.read.state([proposal.proposalId]), ProposalState.Queued);
      const eta = await governorAs.read.proposalEta([proposal.proposalId]);
      await networkHelpers.time.increaseTo(eta);
      assert.ok(eta < approvableAt);

      // Executing inside the review window fails with the registry's error, bubbled up.
      await viem.assertions.revertWithCustomErrorWithArgs(
        execute(proposal),
        codeRegistry,
        "CodeRegistryReviewWindowNotOver",
        [getAddress(author), CODE, approvableAt],
      );
      assert.equal(await codeRegistry.read.isApproved([CODE]), false);

      // Once the window is over the same proposal executes and the release is approved.
      await networkHelpers.time.increaseTo(approvableAt);
      await viem.assertions.emitWithArgs(execute(proposal), codeRegistry, "ReleaseApproved", [
        CODE,
        getAddress(author),
        getAddress(await governor.read.timelock()),
        parseEther("10"),
      ]);
      assert.equal(await governorAs.read.state([proposal.proposalId]), ProposalState.Executed);
      assert.equal(await codeRegistry.read.isApproved([CODE]), true);
      assert.deepEqual(await codeRegistry.read.releases([2, 0n, 10n]), [
        { publisher: getAddress(author), codeHash: CODE },
      ]);
    });

    it("should approve the author's release through a proposal although a squatter published the hash first and was revoked", async () => {
      const { codeRegistry, token, guardian, publisher, outsider, pass } = await setup();
      for (const account of [publisher, outsider]) {
        await token.write.faucet({ account: account.account });
        await token.write.approve([codeRegistry.address, parseEther("10")], { account: account.account });
      }
      // The squatter front-runs with bogus metadata and the shortest window; the guardian revokes it.
      await codeRegistry.write.publish([CODE, keccak256(toHex("bogus")), 1n, 2, "ipfs://not-the-author"], {
        account: outsider.account,
      });
      await codeRegistry.write.revoke([outsider.account.address, CODE, "squatting"], { account: guardian.account });
      await codeRegistry.write.publish([CODE, CONTENT, SIZE, Routine, "ipfs://release-notes"], {
        account: publisher.account,
      });
      const { approvableAt } = await codeRegistry.read.releaseOf([publisher.account.address, CODE]);
      await networkHelpers.time.increaseTo(approvableAt);
      const data = encodeFunctionData({
        abi: codeRegistry.abi,
        functionName: "approve",
        args: [publisher.account.address, CODE],
      });
      await pass([{ target: codeRegistry.address, data }], "Approve agent-bundle-v1 by its author");
      assert.equal(await codeRegistry.read.isApproved([CODE]), true);
      assert.equal((await codeRegistry.read.releaseOf([publisher.account.address, CODE])).contentId, CONTENT);
    });

    it("should let the guardian revoke an approved release at once, and never approve one", async () => {
      const { codeRegistry, guardian, admin, publisher, token } = await setup();
      await token.write.faucet({ account: publisher.account });
      await token.write.approve([codeRegistry.address, parseEther("10")], { account: publisher.account });
      const author = publisher.account.address;
      await codeRegistry.write.publish([CODE, CONTENT, SIZE, Routine, ""], { account: publisher.account });
      await networkHelpers.time.increaseTo((await codeRegistry.read.releaseOf([author, CODE])).approvableAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        codeRegistry.write.approve([author, CODE], { account: guardian.account }),
        codeRegistry,
        "CodeRegistryNotGovernance",
        [getAddress(guardian.account.address)],
      );
      await codeRegistry.write.approve([author, CODE], { account: admin.account });
      await codeRegistry.write.revoke([author, CODE, "signing key leaked"], { account: guardian.account });
      assert.equal(await codeRegistry.read.isApproved([CODE]), false);
      assert.deepEqual(await codeRegistry.read.releases([2, 0n, 10n]), []);
      assert.deepEqual(await codeRegistry.read.releases([3, 0n, 10n]), [
        { publisher: getAddress(author), codeHash: CODE },
      ]);
    });
  });

  describe("# parameter changes", () => {
    it("should change LeaseRegistry.maxTtl only through a proposal, never at the deployer's call", async () => {
      const { leaseRegistry, deployer, pass } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        leaseRegistry.write.setMaxTtl([3_600n], { account: deployer.account }),
        leaseRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(deployer.account.address), zeroHash],
      );
      const data = encodeFunctionData({ abi: leaseRegistry.abi, functionName: "setMaxTtl", args: [3_600n] });
      const execution = pass([{ target: leaseRegistry.address, data }], "Shorten leases to one hour");
      await viem.assertions.emitWithArgs(execution, leaseRegistry, "MaxTtlUpdated", [MAX_LEASE_TTL, 3_600n]);
      assert.equal(await leaseRegistry.read.maxTtl(), 3_600n);
    });

    it("should change the governor's own settings only through a proposal", async () => {
      const { governor, deployer, pass } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        governor.write.setVotingPeriod([120], { account: deployer.account }),
        governor,
        "GovernorOnlyExecutor",
        [getAddress(deployer.account.address)],
      );
      const data = encodeFunctionData({ abi: governor.abi, functionName: "setVotingPeriod", args: [120] });
      await pass([{ target: governor.address, data }], "Vote for two minutes");
      assert.equal(await governor.read.votingPeriod(), 120n);
    });

    it("should revert with FailedCall when a proposal's call reverts without a reason", async () => {
      const { votes, timelock, propose, voteAndQueue, execute } = await setup();
      const proposal = await propose([{ target: votes.address, data: "0xdeadbeef" }], "Call nothing");
      await voteAndQueue(proposal);
      await networkHelpers.time.increase(TIMELOCK_DELAY);
      await viem.assertions.revertWithCustomError(execute(proposal), timelock, "FailedCall");
    });
  });

  describe("# IGovernor", () => {
    it("should speak ERC-6372 in timestamps, like the token", async () => {
      const { iGovernor, votes, deployer } = await setup();
      const governorAs = iGovernor(deployer);
      assert.equal(await governorAs.read.CLOCK_MODE(), "mode=timestamp");
      assert.equal(await votes.read.CLOCK_MODE(), "mode=timestamp");
      assert.equal(BigInt(await governorAs.read.clock()), BigInt(await networkHelpers.time.latest()));
      assert.equal(await governorAs.read.name(), "LeaseholdGovernor");
      assert.equal(await governorAs.read.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
      assert.equal(
        await governorAs.read.quorum([BigInt(await networkHelpers.time.latest()) - 1n]),
        (VOTES_SUPPLY * 4n) / 100n,
      );
    });

    it("should revert with GovernorInsufficientProposerVotes below the proposal threshold", async () => {
      const { governor, outsider, propose } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        propose([{ target: governor.address, data: "0x" }], "Outsider", outsider),
        governor,
        "GovernorInsufficientProposerVotes",
        [getAddress(outsider.account.address), 0n, PROPOSAL_THRESHOLD],
      );
    });

    it("should revert with GovernorInvalidProposalLength when the arrays disagree", async () => {
      const { governor, iGovernor, deployer } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        iGovernor(deployer).write.propose([[governor.address], [], ["0x"], "Broken"]),
        governor,
        "GovernorInvalidProposalLength",
        [1n, 1n, 0n],
      );
    });

    it("should revert with GovernorRestrictedProposer when the description names another proposer", async () => {
      const { governor, iGovernor, deployer, voter } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        iGovernor(deployer).write.propose([
          [governor.address],
          [0n],
          ["0x"],
          `Reserved#proposer=${voter.account.address.toLowerCase()}`,
        ]),
        governor,
        "GovernorRestrictedProposer",
        [getAddress(deployer.account.address)],
      );
    });

    it("should revert with GovernorAlreadyCastVote and GovernorInvalidVoteType", async () => {
      const { governor, iGovernor, voter, propose } = await setup();
      const { proposalId } = await propose([{ target: governor.address, data: "0x" }], "Vote twice");
      const governorAs = iGovernor(voter);
      await viem.assertions.revertWithCustomError(
        governorAs.write.castVote([proposalId, 3]),
        governor,
        "GovernorInvalidVoteType",
      );
      await governorAs.write.castVoteWithReason([proposalId, VoteType.Against, "too soon"]);
      assert.equal(await governorAs.read.hasVoted([proposalId, voter.account.address]), true);
      await viem.assertions.revertWithCustomErrorWithArgs(
        governorAs.write.castVote([proposalId, VoteType.For]),
        governor,
        "GovernorAlreadyCastVote",
        [getAddress(voter.account.address)],
      );
    });

    it("should revert with GovernorInvalidSignature for a vote signed by someone else", async () => {
      const { governor, iGovernor, voter, outsider, propose } = await setup();
      const { proposalId } = await propose([{ target: governor.address, data: "0x" }], "By signature");
      const signature = await outsider.signTypedData({
        domain: {
          name: "LeaseholdGovernor",
          version: "1",
          chainId: await outsider.getChainId(),
          verifyingContract: governor.address,
        },
        types: {
          Ballot: [
            { name: "proposalId", type: "uint256" },
            { name: "support", type: "uint8" },
            { name: "voter", type: "address" },
            { name: "nonce", type: "uint256" },
          ],
        },
        primaryType: "Ballot",
        message: { proposalId, support: VoteType.For, voter: voter.account.address, nonce: 0n },
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        iGovernor(outsider).write.castVoteBySig([proposalId, VoteType.For, voter.account.address, signature]),
        governor,
        "GovernorInvalidSignature",
        [getAddress(voter.account.address)],
      );
    });

    it("should revert with GovernorUnexpectedProposalState when queueing an active proposal", async () => {
      const { governor, iGovernor, deployer, propose } = await setup();
      const proposal = await propose([{ target: governor.address, data: "0x" }], "Queue early");
      await viem.assertions.revertWithCustomErrorWithArgs(
        iGovernor(deployer).write.queue([
          proposal.targets,
          proposal.values,
          proposal.calldatas,
          proposal.descriptionHash,
        ]),
        governor,
        "GovernorUnexpectedProposalState",
        [proposal.proposalId, ProposalState.Active, stateBit(ProposalState.Succeeded)],
      );
    });

    it("should revert with GovernorUnableToCancel for anyone but the proposer, or once voting started", async () => {
      const { governor, iGovernor, deployer, voter, propose } = await setup();
      const proposal = await propose([{ target: governor.address, data: "0x" }], "Cancel me");
      const args = [proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash] as const;
      for (const caller of [voter, deployer]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          iGovernor(caller).write.cancel([...args]),
          governor,
          "GovernorUnableToCancel",
          [proposal.proposalId, getAddress(caller.account.address)],
        );
      }
    });

    it("should revert with GovernorNonexistentProposal for an unknown proposal", async () => {
      const { governor, iGovernor, deployer } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        iGovernor(deployer).read.state([42n]),
        governor,
        "GovernorNonexistentProposal",
        [42n],
      );
    });

    it("should revert with GovernorDisabledDeposit for ether sent to the governor", async () => {
      const { governor, deployer } = await setup();
      await viem.assertions.revertWithCustomError(
        deployer.sendTransaction({ to: governor.address, value: 1n }),
        governor,
        "GovernorDisabledDeposit",
      );
    });
  });

  describe("# constructor", () => {
    it("should revert with GovernorInvalidVotingPeriod, GovernorInvalidQuorumFraction on bad settings", async () => {
      const { governor, votes, timelock } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("LeaseholdGovernor", [votes.address, timelock.address, 1, 0, 0n, 4n]),
        governor,
        "GovernorInvalidVotingPeriod",
        [0n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("LeaseholdGovernor", [votes.address, timelock.address, 1, 60, 0n, 101n]),
        governor,
        "GovernorInvalidQuorumFraction",
        [101n, 100n],
      );
    });

    it("should revert with SafeCastOverflowedUintDowncast when a voting delay pushes the snapshot past 48 bits", async () => {
      const { votes, timelock, deployer } = await setup();
      const maxDelay = 2 ** 48 - 1;
      const slowGovernor = await viem.deployContract("LeaseholdGovernor", [
        votes.address,
        timelock.address,
        maxDelay,
        60,
        0n,
        4n,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        slowGovernor.write.propose([[votes.address], [0n], ["0x"], "Never"], { account: deployer.account }),
        slowGovernor,
        "SafeCastOverflowedUintDowncast",
        [48, BigInt(await networkHelpers.time.latest()) + 1n + BigInt(maxDelay)],
      );
    });
  });

  describe("# TimelockController", () => {
    async function asGovernor() {
      const fixture = await setup();
      await networkHelpers.impersonateAccount(fixture.governor.address);
      await networkHelpers.setBalance(fixture.governor.address, parseEther("1"));
      const governorWallet = await viem.getWalletClient(fixture.governor.address);
      return { ...fixture, governorWallet };
    }

    it("should revert with TimelockUnauthorizedCaller when anyone but itself changes its delay", async () => {
      const { timelock, deployer } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.updateDelay([0n], { account: deployer.account }),
        timelock,
        "TimelockUnauthorizedCaller",
        [getAddress(deployer.account.address)],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount when anyone but the governor schedules", async () => {
      const { timelock, deployer } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.schedule([timelock.address, 0n, "0x", zeroHash, zeroHash, TIMELOCK_DELAY], {
          account: deployer.account,
        }),
        timelock,
        "AccessControlUnauthorizedAccount",
        [getAddress(deployer.account.address), await timelock.read.PROPOSER_ROLE()],
      );
    });

    it("should revert with TimelockInsufficientDelay below the minimum delay", async () => {
      const { timelock, governorWallet } = await asGovernor();
      const operation = [timelock.address, 0n, "0x", zeroHash, zeroHash] as const;
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.schedule([...operation, TIMELOCK_DELAY - 1n], { account: governorWallet.account }),
        timelock,
        "TimelockInsufficientDelay",
        [TIMELOCK_DELAY - 1n, TIMELOCK_DELAY],
      );
    });

    it("should revert with TimelockInvalidOperationLength when the batch arrays disagree", async () => {
      const { timelock, governorWallet } = await asGovernor();
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.scheduleBatch([[timelock.address], [], ["0x"], zeroHash, zeroHash, TIMELOCK_DELAY], {
          account: governorWallet.account,
        }),
        timelock,
        "TimelockInvalidOperationLength",
        [1n, 1n, 0n],
      );
    });

    it("should revert with TimelockUnexpectedOperationState and TimelockUnexecutedPredecessor", async () => {
      const { timelock, governorWallet } = await asGovernor();
      const account = governorWallet.account;
      const predecessor = keccak256(toHex("an operation never executed"));
      const operation = [timelock.address, 0n, "0x", predecessor, zeroHash] as const;
      const id = await timelock.read.hashOperation([...operation]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.execute([...operation], { account }),
        timelock,
        "TimelockUnexpectedOperationState",
        [id, stateBit(2)],
      );
      await timelock.write.schedule([...operation, TIMELOCK_DELAY], { account });
      await networkHelpers.time.increase(TIMELOCK_DELAY);
      await viem.assertions.revertWithCustomErrorWithArgs(
        timelock.write.execute([...operation], { account }),
        timelock,
        "TimelockUnexecutedPredecessor",
        [predecessor],
      );
    });
  });

  describe("# LeaseholdVotes", () => {
    const delegationTypes = {
      Delegation: [
        { name: "delegatee", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "expiry", type: "uint256" },
      ],
    } as const;

    it("should revert with LeaseholdVotesZeroSupply and ERC20ExceededSafeSupply outside the supply range", async () => {
      const { votes, deployer } = await setup();
      await viem.assertions.revertWithCustomError(
        viem.deployContract("LeaseholdVotes", [deployer.account.address, 0n]),
        votes,
        "LeaseholdVotesZeroSupply",
      );
      const tooMuch = 2n ** 208n;
      await viem.assertions.revertWithCustomErrorWithArgs(
        viem.deployContract("LeaseholdVotes", [deployer.account.address, tooMuch]),
        votes,
        "ERC20ExceededSafeSupply",
        [tooMuch, tooMuch - 1n],
      );
    });

    it("should revert with ERC5805FutureLookup for a timepoint not yet past", async () => {
      const { votes, deployer } = await setup();
      const now = BigInt(await networkHelpers.time.latest());
      await viem.assertions.revertWithCustomErrorWithArgs(
        votes.read.getPastVotes([deployer.account.address, now + 10n]),
        votes,
        "ERC5805FutureLookup",
        [now + 10n, Number(now)],
      );
    });

    it("should delegate by signature, and revert with VotesExpiredSignature and InvalidAccountNonce", async () => {
      const { votes, outsider, voter, deployer } = await setup();
      const domain = {
        name: "Leasehold Votes",
        version: "1",
        chainId: await outsider.getChainId(),
        verifyingContract: votes.address,
      } as const;
      const sign = async (nonce: bigint, expiry: bigint) => {
        const signature = await outsider.signTypedData({
          domain,
          types: delegationTypes,
          primaryType: "Delegation",
          message: { delegatee: voter.account.address, nonce, expiry },
        });
        return {
          v: Number(BigInt(`0x${signature.slice(130, 132)}`)),
          r: `0x${signature.slice(2, 66)}` as Hex,
          s: `0x${signature.slice(66, 130)}` as Hex,
        };
      };
      const past = BigInt(await networkHelpers.time.latest()) - 1n;
      const expired = await sign(0n, past);
      await viem.assertions.revertWithCustomErrorWithArgs(
        votes.write.delegateBySig([voter.account.address, 0n, past, expired.v, expired.r, expired.s], {
          account: deployer.account,
        }),
        votes,
        "VotesExpiredSignature",
        [past],
      );
      const expiry = past + 3_600n;
      const wrongNonce = await sign(5n, expiry);
      await viem.assertions.revertWithCustomErrorWithArgs(
        votes.write.delegateBySig([voter.account.address, 5n, expiry, wrongNonce.v, wrongNonce.r, wrongNonce.s], {
          account: deployer.account,
        }),
        votes,
        "InvalidAccountNonce",
        [getAddress(outsider.account.address), 0n],
      );
      const valid = await sign(0n, expiry);
      await votes.write.delegateBySig([voter.account.address, 0n, expiry, valid.v, valid.r, valid.s], {
        account: deployer.account,
      });
      assert.equal(
        getAddress(await votes.read.delegates([outsider.account.address])),
        getAddress(voter.account.address),
      );
    });
  });
});
