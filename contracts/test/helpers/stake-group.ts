/**
 * The anonymous stake group and the endorsements on top of the real deployment (token and agent
 * registry), with the generated StakeMembership verifier and the linked Poseidon libraries.
 * Neither contract is part of the deploy step yet, so this deploys them as the deploy step will:
 * PoseidonT2 and PoseidonT3 first, then the verifier, the group (linked) and the endorsements.
 */
import {
  generateStakeProof,
  hashToField,
  identityCommitment,
  stakeLeaf,
  StakeTree,
  toSolidityProof,
  type Field,
  type StakeProof,
} from "@leasehold/circuits";
import { keccak256, parseEther, toHex } from "viem";
import { loadDeployment, networkHelpers, viem } from "../../fixtures/deploy-fixture.ts";
import { CODE, identityKey, OPERATOR_STAKE } from "./job-flow.ts";

export const MINIMUM_DEPOSIT = parseEther("10");
export const WITHDRAWAL_DELAY = 7n * 24n * 60n * 60n;
export const ROOT_VALIDITY = 60n * 60n;
export const SLASH_REWARD_BPS = 1_000;
export const EPOCH_LENGTH = 24n * 60n * 60n;
export const THRESHOLD = parseEther("80");

/** Fully qualified names of the linked libraries, as the group's artifact references them. */
const POSEIDON_T2 = "poseidon-solidity/PoseidonT2.sol:PoseidonT2";
const POSEIDON_T3 = "poseidon-solidity/PoseidonT3.sol:PoseidonT3";

/** Test identities: secret, and the stake each deposits in the fixture (in this order). */
export const members = {
  alice: { secret: hashToField("identity:alice"), amount: parseEther("100") },
  bob: { secret: hashToField("identity:bob"), amount: parseEther("50") },
  carol: { secret: hashToField("identity:carol"), amount: parseEther("200") },
} as const;
export type MemberName = keyof typeof members;

export const commitmentOf = (name: MemberName) => identityCommitment(members[name].secret);
export const leafOf = (name: MemberName) => stakeLeaf(commitmentOf(name), members[name].amount);

async function deployStakeGroup() {
  const deployment = await loadDeployment();
  const { token, agentRegistry, stakeManager, accounts } = deployment;
  const [operator, depositor, sink, relayer, slasher, thief] = accounts as [
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
  ];

  // One registered agent to endorse.
  await token.write.faucet({ account: operator.account });
  await token.write.approve([stakeManager.address, OPERATOR_STAKE], { account: operator.account });
  await stakeManager.write.deposit([OPERATOR_STAKE], { account: operator.account });
  await agentRegistry.write.register([identityKey("endorsed").address, CODE, "ipfs://agent"], {
    account: operator.account,
  });
  const agentId = await agentRegistry.read.agentCount();

  const poseidonT2 = await viem.deployContract(POSEIDON_T2);
  const poseidonT3 = await viem.deployContract(POSEIDON_T3);
  const verifier = await viem.deployContract("StakeMembershipVerifier");
  const group = await viem.deployContract(
    "AnonymousStakeGroup",
    [
      token.address,
      verifier.address,
      sink.account.address,
      MINIMUM_DEPOSIT,
      WITHDRAWAL_DELAY,
      ROOT_VALIDITY,
      SLASH_REWARD_BPS,
    ],
    { libraries: { PoseidonT2: poseidonT2.address, PoseidonT3: poseidonT3.address } },
  );
  const endorsements = await viem.deployContract("Endorsements", [
    group.address,
    agentRegistry.address,
    EPOCH_LENGTH,
    THRESHOLD,
  ]);

  await token.write.faucet({ account: depositor.account });
  await token.write.approve([group.address, parseEther("1000")], { account: depositor.account });
  for (const name of Object.keys(members) as MemberName[]) {
    await group.write.deposit([commitmentOf(name), members[name].amount], { account: depositor.account });
  }
  return {
    ...deployment,
    agentId,
    operator,
    depositor,
    sink,
    relayer,
    slasher,
    thief,
    poseidonT2,
    poseidonT3,
    verifier,
    group,
    endorsements,
  };
}

export async function loadStakeGroup() {
  return networkHelpers.loadFixture(deployStakeGroup);
}

/** The tree the group holds after the fixture's deposits, built with the TypeScript library. */
export function fixtureTree(): StakeTree {
  const tree = new StakeTree();
  for (const name of Object.keys(members) as MemberName[]) tree.insert(leafOf(name));
  return tree;
}

export interface ProveParameters {
  name: MemberName;
  tree: StakeTree;
  scope: Field;
  message: Field;
  threshold: bigint;
  /** The leaf's path in `tree` by default; a singleton tree's for withdrawals. */
  leafIndex?: number;
}

/** A real Groth16 proof (about a second) of `name`'s membership in `tree`. */
export async function prove({ name, tree, scope, message, threshold, leafIndex }: ProveParameters) {
  const merkleProof = tree.merkleProof(leafIndex ?? tree.indexOf(leafOf(name)));
  return generateStakeProof({
    secret: members[name].secret,
    stakeAmount: members[name].amount,
    merkleProof,
    threshold,
    scope,
    message,
  });
}

/** The proof's `Groth16Proof` struct argument. */
export const proofArgument = ({ proof }: StakeProof) => toSolidityProof(proof);

export const signalOf = (text: string) => keccak256(toHex(text));

type StakeToken = Awaited<ReturnType<typeof loadStakeGroup>>["token"];

/** Runs `action` and returns how the token balance of each address changed, in order. */
export async function tokenDeltas(
  token: StakeToken,
  addresses: readonly `0x${string}`[],
  action: () => Promise<unknown>,
): Promise<bigint[]> {
  const before = await Promise.all(addresses.map((address) => token.read.balanceOf([address])));
  await action();
  const afterwards = await Promise.all(addresses.map((address) => token.read.balanceOf([address])));
  return afterwards.map((balance, index) => balance - before[index]!);
}
