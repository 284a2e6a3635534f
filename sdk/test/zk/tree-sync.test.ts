import { describe, expect, it } from "vitest";
import {
  createStakeIdentity,
  findIdentityLeaf,
  InvalidStakeProofInputError,
  stakeLeaf,
  StakeTree,
  StakeTreeSyncError,
  syncStakeTree,
  type StakeTreeSyncClient,
} from "../../src/zk/index.ts";
import { seededRandomBytes } from "./fixtures.ts";

const GROUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const random = seededRandomBytes("tree-sync");
const members = [
  { ...createStakeIdentity(random), amount: 100n },
  { ...createStakeIdentity(random), amount: 50n },
  { ...createStakeIdentity(random), amount: 70n },
];

interface FakeLog {
  eventName: "Deposited" | "WithdrawalRequested" | "Slashed";
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  removed: boolean;
}

/** The group's history: three deposits (blocks 10, 10, 7_000), then member 1 withdraws (block 12_000). */
function history(): { logs: FakeLog[]; root: bigint } {
  const tree = new StakeTree();
  const logs: FakeLog[] = members.map((member, index) => {
    const leaf = stakeLeaf(member.commitment, member.amount);
    tree.insert(leaf);
    return {
      eventName: "Deposited",
      args: { commitment: member.commitment, leafIndex: BigInt(index), amount: member.amount, leaf, root: tree.root },
      blockNumber: index < 2 ? 10n : 7_000n,
      logIndex: index,
      removed: false,
    };
  });
  tree.update(1, 0n);
  logs.push({
    eventName: "WithdrawalRequested",
    args: { commitment: members[1]!.commitment, leafIndex: 1n, amount: 50n, root: tree.root },
    blockNumber: 12_000n,
    logIndex: 0,
    removed: false,
  });
  return { logs, root: tree.root };
}

function fakeClient(logs: FakeLog[], root: bigint, latest = 12_345n) {
  const calls: { fromBlock: bigint; toBlock: bigint }[] = [];
  const client = {
    getBlockNumber: async () => latest,
    getLogs: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
      calls.push({ fromBlock, toBlock });
      // Newest first: the sync must order logs itself.
      return logs.filter((log) => log.blockNumber >= fromBlock && log.blockNumber <= toBlock).reverse();
    },
    readContract: async () => root,
  };
  return { client: client as unknown as StakeTreeSyncClient, calls };
}

describe("# syncStakeTree", () => {
  it("should replay deposits and zeroings in log order, in chunks of at most 5,000 blocks", async () => {
    const { logs, root } = history();
    const { client, calls } = fakeClient(logs, root);
    const synced = await syncStakeTree({ publicClient: client, group: GROUP, fromBlock: 0n });
    expect(synced.root).toBe(root);
    expect(synced.toBlock).toBe(12_345n);
    expect(synced.leaves.map((entry) => entry.leaf === 0n)).toEqual([false, true, false]);
    expect(calls).toEqual([
      { fromBlock: 0n, toBlock: 4_999n },
      { fromBlock: 5_000n, toBlock: 9_999n },
      { fromBlock: 10_000n, toBlock: 12_345n },
    ]);
  });

  it("should stop at toBlock and check the root read there", async () => {
    const { logs } = history();
    const tree = new StakeTree(undefined, [
      stakeLeaf(members[0]!.commitment, 100n),
      stakeLeaf(members[1]!.commitment, 50n),
    ]);
    const { client, calls } = fakeClient(logs, tree.root);
    const synced = await syncStakeTree({
      publicClient: client,
      group: GROUP,
      fromBlock: 5n,
      toBlock: 100n,
      chunkSize: 1_000n,
    });
    expect(synced.tree.size).toBe(2);
    expect(calls).toEqual([{ fromBlock: 5n, toBlock: 100n }]);
  });

  it("should detect an event whose root the replay does not reach", async () => {
    const { logs, root } = history();
    logs[2]!.args.root = (logs[2]!.args.root as bigint) + 1n;
    await expect(
      syncStakeTree({ publicClient: fakeClient(logs, root).client, group: GROUP, fromBlock: 0n }),
    ).rejects.toThrow(StakeTreeSyncError);
  });

  it("should detect missing deposits (a fromBlock after the first)", async () => {
    const { logs, root } = history();
    await expect(
      syncStakeTree({ publicClient: fakeClient(logs, root).client, group: GROUP, fromBlock: 11n }),
    ).rejects.toThrow(/earlier events are missing/);
  });

  it("should detect a final root other than the group's", async () => {
    const { logs, root } = history();
    await expect(
      syncStakeTree({ publicClient: fakeClient(logs, root + 1n).client, group: GROUP, fromBlock: 0n }),
    ).rejects.toThrow(/not the group's root/);
  });

  it("should refuse a removed log and a deposit with a wrong leaf", async () => {
    const removed = history();
    removed.logs[3]!.removed = true;
    await expect(
      syncStakeTree({ publicClient: fakeClient(removed.logs, removed.root).client, group: GROUP, fromBlock: 0n }),
    ).rejects.toThrow(/removed by a reorg/);
    const wrong = history();
    wrong.logs[0]!.args.amount = 101n;
    await expect(
      syncStakeTree({ publicClient: fakeClient(wrong.logs, wrong.root).client, group: GROUP, fromBlock: 0n }),
    ).rejects.toThrow(/wrong leaf/);
  });

  it("should wrap an RPC failure in a retryable StakeTreeSyncError", async () => {
    const client = {
      getBlockNumber: async () => 10n,
      getLogs: async () => {
        throw new Error("rate limited");
      },
      readContract: async () => 0n,
    } as unknown as StakeTreeSyncClient;
    const error = await syncStakeTree({ publicClient: client, group: GROUP, fromBlock: 0n }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StakeTreeSyncError);
    expect((error as StakeTreeSyncError).retryable).toBe(true);
    expect((error as StakeTreeSyncError).cause).toBeInstanceOf(Error);
  });

  it("should refuse a toBlock before fromBlock and a chunk size below 1", async () => {
    const { client } = fakeClient([], 0n);
    await expect(syncStakeTree({ publicClient: client, group: GROUP, fromBlock: 5n, toBlock: 4n })).rejects.toThrow(
      InvalidStakeProofInputError,
    );
    await expect(syncStakeTree({ publicClient: client, group: GROUP, fromBlock: 0n, chunkSize: 0n })).rejects.toThrow(
      InvalidStakeProofInputError,
    );
  });
});

describe("# findIdentityLeaf", () => {
  it("should find a live leaf by commitment and amount, and no zeroed one", async () => {
    const { logs, root } = history();
    const { leaves } = await syncStakeTree({
      publicClient: fakeClient(logs, root).client,
      group: GROUP,
      fromBlock: 0n,
    });
    expect(findIdentityLeaf(leaves, members[2]!.commitment)?.index).toBe(2);
    expect(findIdentityLeaf(leaves, members[2]!.commitment, 70n)?.index).toBe(2);
    expect(findIdentityLeaf(leaves, members[2]!.commitment, 71n)).toBeUndefined();
    expect(findIdentityLeaf(leaves, members[1]!.commitment)).toBeUndefined();
  });
});
