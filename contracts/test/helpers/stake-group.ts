/**
 * The anonymous stake group and the endorsements of the real deployment (deployed, linked and
 * wired by the deploy step with its default parameters), three staked identities and one
 * registered agent to endorse.
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
import { deployLeaseholdDefaults } from "../../../scripts/deploy/deploy-leasehold.ts";
import { loadDeployment, networkHelpers, viem } from "../../fixtures/deploy-fixture.ts";
import { CODE, identityKey, OPERATOR_STAKE } from "./job-flow.ts";
import { identityProofArgs } from "./identity-proof.ts";

export const MINIMUM_DEPOSIT = deployLeaseholdDefaults.groupMinimumDeposit;
export const WITHDRAWAL_DELAY = deployLeaseholdDefaults.groupWithdrawalDelay;
export const ROOT_VALIDITY = deployLeaseholdDefaults.groupRootValidity;
export const EPOCH_LENGTH = deployLeaseholdDefaults.endorsementEpochLength;
export const THRESHOLD = deployLeaseholdDefaults.endorsementThreshold;

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
  const [operator, depositor, relayer, slasher, thief] = accounts as [
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
  const identity = identityKey("endorsed");
  await agentRegistry.write.register(
    [
      identity.address,
      CODE,
      "ipfs://agent",
      ...(await identityProofArgs(agentRegistry, identity, operator.account.address)),
    ],
    { account: operator.account },
  );
  const agentId = await agentRegistry.read.agentCount();

  const { contracts } = deployment.deployment;
  const poseidonT2 = await viem.getContractAt("PoseidonT2", contracts.PoseidonT2.address);
  const poseidonT3 = await viem.getContractAt("PoseidonT3", contracts.PoseidonT3.address);
  const verifier = await viem.getContractAt("StakeMembershipVerifier", contracts.StakeMembershipVerifier.address);
  const group = await viem.getContractAt("AnonymousStakeGroup", contracts.AnonymousStakeGroup.address);
  const endorsements = await viem.getContractAt("Endorsements", contracts.Endorsements.address);
  // Slashed stake goes to the insurance pool.
  const sink = contracts.InsurancePool.address;

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
