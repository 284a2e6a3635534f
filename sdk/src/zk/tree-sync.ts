/**
 * Rebuilds a stake group's Merkle tree from its events alone, the way a prover must before it
 * can prove membership: every leaf change emits the leaf index and the new root (Deposited
 * appends, WithdrawalRequested zeroes, Slashed zeroes when `leafZeroed`), so replaying them in
 * log order gives the contract's tree, and each event's root checks the replay as it goes. A
 * reorg during the sync, a `fromBlock` after the group's first deposit or a node that drops logs
 * all surface as StakeTreeSyncError instead of a tree whose proofs no contract accepts.
 *
 * Logs are read in chunks of at most `chunkSize` blocks (5,000 by default, below the limits of
 * common RPC providers). Start at the group's deployment block (the deployment record's
 * `startBlock` of AnonymousStakeGroup).
 */
import type { Address, GetLogsReturnType, PublicClient } from "viem";
import { anonymousStakeGroupAbi } from "../generated/abis.ts";
import { stakeMembership } from "./config.ts";
import { InvalidStakeProofInputError, StakeTreeSyncError } from "./errors.ts";
import { stakeLeaf } from "./identity.ts";
import { StakeTree } from "./tree.ts";
import type { Field } from "./types.ts";

export const DEFAULT_SYNC_CHUNK_SIZE = 5_000n;

type TreeEvent = Extract<
  (typeof anonymousStakeGroupAbi)[number],
  { type: "event"; name: "Deposited" | "WithdrawalRequested" | "Slashed" }
>;

const treeEvents = anonymousStakeGroupAbi.filter(
  (item): item is TreeEvent =>
    item.type === "event" &&
    (item.name === "Deposited" || item.name === "WithdrawalRequested" || item.name === "Slashed"),
);

type TreeLog = GetLogsReturnType<undefined, TreeEvent[], true, bigint, bigint>[number];

/** What syncStakeTree reads from a client: viem's PublicClient (or a wagmi client) fits. */
export type StakeTreeSyncClient = Pick<PublicClient, "getLogs" | "readContract" | "getBlockNumber">;

export interface SyncStakeTreeParameters {
  publicClient: StakeTreeSyncClient;
  /** The AnonymousStakeGroup contract. */
  group: Address;
  /** The group's deployment block, or any block before its first deposit. */
  fromBlock: bigint;
  /** Last block to read, inclusive; the latest block by default. */
  toBlock?: bigint;
  /** Blocks per eth_getLogs call. */
  chunkSize?: bigint;
}

/** One leaf of the group's tree: `leaf` is its current value (0 once withdrawn or slashed). */
export interface StakeTreeLeaf {
  index: number;
  leaf: Field;
  /** The commitment and amount its deposit named (kept after the leaf is zeroed). */
  commitment?: Field;
  amount?: bigint;
}

export interface SyncStakeTreeReturnType {
  tree: StakeTree;
  leaves: StakeTreeLeaf[];
  root: Field;
  /** The block the tree is current at. */
  toBlock: bigint;
}

export type SyncStakeTreeErrorType = StakeTreeSyncError | InvalidStakeProofInputError;

export async function syncStakeTree(parameters: SyncStakeTreeParameters): Promise<SyncStakeTreeReturnType> {
  const { publicClient, group, fromBlock, chunkSize = DEFAULT_SYNC_CHUNK_SIZE } = parameters;
  if (typeof fromBlock !== "bigint" || fromBlock < 0n) {
    throw new InvalidStakeProofInputError("fromBlock must be a non-negative bigint");
  }
  if (typeof chunkSize !== "bigint" || chunkSize < 1n) {
    throw new InvalidStakeProofInputError("chunkSize must be a positive bigint");
  }
  const toBlock = parameters.toBlock ?? (await rpc("read the latest block", () => publicClient.getBlockNumber()));
  if (typeof toBlock !== "bigint" || toBlock < fromBlock) {
    throw new InvalidStakeProofInputError(`toBlock ${String(toBlock)} is before fromBlock ${fromBlock}`);
  }

  const tree = new StakeTree(stakeMembership.depth);
  const leaves: StakeTreeLeaf[] = [];
  for (let start = fromBlock; start <= toBlock; start += chunkSize) {
    const end = start + chunkSize - 1n < toBlock ? start + chunkSize - 1n : toBlock;
    const logs = await rpc(`read the group's logs of blocks ${start}-${end}`, () =>
      publicClient.getLogs({ address: group, events: treeEvents, fromBlock: start, toBlock: end, strict: true }),
    );
    const ordered = [...logs].sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
    for (const log of ordered) applyLog(tree, leaves, log);
  }

  const onChain = await rpc(`read the group's root at block ${toBlock}`, () =>
    publicClient.readContract({
      address: group,
      abi: anonymousStakeGroupAbi,
      functionName: "root",
      blockNumber: toBlock,
    }),
  );
  if (onChain !== tree.root) {
    throw new StakeTreeSyncError(
      `The rebuilt tree's root ${tree.root} is not the group's root ${onChain} at block ${toBlock}: events are missing`,
    );
  }
  return { tree, leaves, root: tree.root, toBlock };
}

/** The live leaf of `commitment` (and `amount`, when given), or undefined when it has none. */
export function findIdentityLeaf(
  leaves: readonly StakeTreeLeaf[],
  commitment: Field,
  amount?: bigint,
): StakeTreeLeaf | undefined {
  return leaves.find(
    (entry) =>
      entry.leaf !== 0n && entry.commitment === commitment && (amount === undefined || entry.amount === amount),
  );
}

function applyLog(tree: StakeTree, leaves: StakeTreeLeaf[], log: TreeLog): void {
  const where = `${log.eventName} in block ${log.blockNumber} (log ${log.logIndex})`;
  if (log.removed) throw new StakeTreeSyncError(`${where} was removed by a reorg`);
  const index = Number(log.args.leafIndex);
  switch (log.eventName) {
    case "Deposited": {
      const { commitment, amount, leaf } = log.args;
      if (index !== tree.size) {
        throw new StakeTreeSyncError(
          `${where} appends leaf ${index} to a tree of ${tree.size}: earlier events are missing (fromBlock too late?)`,
        );
      }
      if (leaf !== stakeLeaf(commitment, amount)) throw new StakeTreeSyncError(`${where} carries a wrong leaf`);
      tree.insert(leaf);
      leaves.push({ index, leaf, commitment, amount });
      break;
    }
    case "WithdrawalRequested":
      zero(tree, leaves, index, where);
      break;
    case "Slashed":
      if (log.args.leafZeroed) zero(tree, leaves, index, where);
      break;
  }
  if (tree.root !== log.args.root) {
    throw new StakeTreeSyncError(`After ${where} the rebuilt root is ${tree.root}, the event says ${log.args.root}`);
  }
}

function zero(tree: StakeTree, leaves: StakeTreeLeaf[], index: number, where: string): void {
  const entry = leaves[index];
  if (!entry) throw new StakeTreeSyncError(`${where} zeroes leaf ${index}, which no synced deposit appended`);
  tree.update(index, stakeMembership.zeroLeaf);
  entry.leaf = stakeMembership.zeroLeaf;
}

async function rpc<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StakeTreeSyncError(`Could not ${what}`, { cause: error });
  }
}
