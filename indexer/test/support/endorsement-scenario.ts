/**
 * An anonymous stake history for the indexer to replay, on a chain of its own (after the real
 * deploy), with real Groth16 proofs (four, about a second each): three identities deposit, two
 * endorse an agent, one of them signals a second message in the same epoch (a double signal),
 * which slashes it in the same transaction (Endorsements recovers the secret on chain), and the
 * third identity's withdrawal request, sent by a relayer for a fee, is paid once the devnet's
 * delay has passed.
 */
import {
  endorsementMessage,
  generateStakeProof,
  hashToField,
  identityCommitment,
  recoverSecret,
  stakeLeaf,
  stakeMembership,
  StakeTree,
  toSolidityProof,
  type StakeProof,
} from "@leasehold/circuits";
import { keccak256, parseEther, toHex, type Hex } from "viem";
import { increaseTime } from "../../../scripts/lib/anvil.ts";
import { localClients } from "../../../scripts/lib/local-deploy.ts";
import { address, codeHash, confirm, contractsAs, identity, identityProof, type Chain } from "./scenario.ts";

export const endorsementAccounts = {
  operator: 2,
  /** Deposits for every identity: the group does not learn who holds which. */
  depositor: 4,
  /** Sends the endorsements: anyone may relay a proof. */
  relayer: 9,
  /** Receives carol's withdrawal. */
  recipient: 10,
} as const;

/** What carol's withdrawal pays the relayer that sends its request. */
export const RELAYER_FEE = parseEther("1");

export const identities = {
  alice: { secret: hashToField("indexer identity: alice"), amount: parseEther("150") },
  bob: { secret: hashToField("indexer identity: bob"), amount: parseEther("120") },
  carol: { secret: hashToField("indexer identity: carol"), amount: parseEther("40") },
} as const;
export type IdentityName = keyof typeof identities;

export const commitmentOf = (name: IdentityName) => identityCommitment(identities[name].secret);
export const leafOf = (name: IdentityName) => stakeLeaf(commitmentOf(name), identities[name].amount);

export const FIRST_SIGNAL = keccak256(toHex("review: careful with my calendar"));
export const SECOND_SIGNAL = keccak256(toHex("review: also great, honestly"));

export interface EndorsementScenario {
  agentId: bigint;
  epoch: bigint;
  /** alice's nullifier for the agent and epoch: endorsed, then double-signalled and slashed. */
  aliceNullifier: bigint;
  bobNullifier: bigint;
  /** The secret recovered from alice's two shares. */
  recoveredSecret: bigint;
  /** The tree after every change, built with the TypeScript library. */
  tree: StakeTree;
}

export async function runEndorsementScenario(chain: Chain): Promise<EndorsementScenario> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  const operator = contractsAs(chain, endorsementAccounts.operator);
  const depositor = contractsAs(chain, endorsementAccounts.depositor);
  const relayer = contractsAs(chain, endorsementAccounts.relayer);
  const { publicClient } = localClients(chain.rpcUrl);

  // An agent to endorse.
  await done(operator.token.write.faucet());
  await done(operator.token.write.approve([operator.stakeManager.address, parseEther("300")]));
  await done(operator.stakeManager.write.deposit([parseEther("300")]));
  const proof = await identityProof(chain, 31, endorsementAccounts.operator);
  await done(operator.registry.write.register([identity(31), codeHash("endorsed agent"), "", ...proof]));
  const agentId = await operator.registry.read.agentCount();

  // Three identities deposit; the TypeScript tree follows the group's.
  const tree = new StakeTree();
  await done(depositor.token.write.faucet());
  await done(depositor.token.write.approve([depositor.group.address, parseEther("1000")]));
  for (const name of Object.keys(identities) as IdentityName[]) {
    await done(depositor.group.write.deposit([commitmentOf(name), identities[name].amount]));
    tree.insert(leafOf(name));
  }
  const threshold = await relayer.endorsements.read.threshold();
  const epoch = await relayer.endorsements.read.currentEpoch();
  const scope = await relayer.endorsements.read.scopeOf([agentId, epoch]);

  const prove = (name: IdentityName, signal: Hex) =>
    generateStakeProof({
      secret: identities[name].secret,
      stakeAmount: identities[name].amount,
      merkleProof: tree.merkleProof(tree.indexOf(leafOf(name))),
      threshold,
      scope,
      message: endorsementMessage({ agentId, epoch, signal }),
    });
  const endorse = async (proof: StakeProof, signal: Hex) => {
    const { root, y, nullifier } = proof.publicSignals;
    await done(
      relayer.endorsements.write.endorse([agentId, epoch, signal, root, y, nullifier, toSolidityProof(proof.proof)]),
    );
  };

  // alice and bob endorse; alice signals a second message in the same epoch.
  const aliceFirst = await prove("alice", FIRST_SIGNAL);
  const bobFirst = await prove("bob", FIRST_SIGNAL);
  const aliceSecond = await prove("alice", SECOND_SIGNAL);
  await endorse(aliceFirst, FIRST_SIGNAL);
  await endorse(bobFirst, FIRST_SIGNAL);
  await endorse(aliceSecond, SECOND_SIGNAL);

  // The double signal slashed alice in its own transaction; anyone recovers the same secret.
  const [doubleSignalled] = await publicClient.getContractEvents({
    address: relayer.endorsements.address,
    abi: relayer.endorsements.abi,
    eventName: "DoubleSignalled",
    fromBlock: 0n,
  });
  const { x1, y1, x2, y2 } = doubleSignalled!.args;
  const recoveredSecret = recoverSecret({ x: x1!, y: y1! }, { x: x2!, y: y2! });
  tree.update(tree.indexOf(leafOf("alice")), 0n);

  // carol proves ownership of her leaf (a singleton tree's root) and withdraws after the delay.
  const recipient = address(endorsementAccounts.recipient);
  const carol = commitmentOf("carol");
  const withdrawal = await generateStakeProof({
    secret: identities.carol.secret,
    stakeAmount: identities.carol.amount,
    merkleProof: new StakeTree(stakeMembership.depth, [leafOf("carol")]).merkleProof(0),
    threshold: 0n,
    scope: await relayer.group.read.withdrawalScope([carol, recipient, RELAYER_FEE]),
    message: await relayer.group.read.withdrawalMessage([recipient]),
  });
  const carolIndex = tree.indexOf(leafOf("carol"));
  await done(
    relayer.group.write.requestWithdrawal([
      carol,
      recipient,
      RELAYER_FEE,
      withdrawal.publicSignals.y,
      withdrawal.publicSignals.nullifier,
      toSolidityProof(withdrawal.proof),
    ]),
  );
  tree.update(carolIndex, 0n);
  await increaseTime(chain.rpcUrl, (await relayer.group.read.withdrawalDelay()) + 1n);
  await done(relayer.group.write.withdraw([carol]));

  return {
    agentId,
    epoch,
    aliceNullifier: aliceFirst.publicSignals.nullifier,
    bobNullifier: bobFirst.publicSignals.nullifier,
    recoveredSecret,
    tree,
  };
}
