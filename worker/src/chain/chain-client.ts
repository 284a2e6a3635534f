/**
 * The worker's typed view of the chain: reads of jobs, leases, agents and stake, and the three
 * writes the lifecycle makes (acceptJob, anchor, submitReceipt). Addresses come from the
 * deployment record and ABIs from the sdk; nothing is hand-copied. Every failure leaves as a
 * ChainErrorType (./errors.ts): RPC trouble is retryable, a revert is not and names its custom
 * error. Writes are simulated first, so a revert is decoded before any gas is spent, and are
 * sent one at a time (one account, one nonce sequence).
 */
import {
  agentRegistryAbi,
  codeRegistryAbi,
  jobEscrowAbi,
  leaseRegistryAbi,
  receiptAnchorAbi,
  stakeManagerAbi,
  type Deployment,
  type SignedReceipt,
} from "@leasehold/sdk";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { ContractRevertError, toChainError } from "./errors.ts";

/** IJobEscrow.JobStatus, by name. */
export const JobStatus = {
  None: 0,
  Open: 1,
  Accepted: 2,
  Submitted: 3,
  Frozen: 4,
  Paid: 5,
  Cancelled: 6,
  Expired: 7,
  Refused: 8,
  Voided: 9,
  Rejected: 10,
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export type ChainJob = {
  jobId: bigint;
  client: Address;
  deadline: bigint;
  status: JobStatus;
  operator: Address;
  budget: bigint;
  challengeEndsAt: bigint;
  leaseId: bigint;
  agentId: bigint;
  payment: bigint;
  collateral: bigint;
  policyHash: Hex;
  receiptDigest: Hex;
};

export type ChainLease = {
  leaseId: bigint;
  owner: Address;
  expiry: bigint;
  revoked: boolean;
  agentId: bigint;
  scopeHash: Hex;
  contextId: Hex;
  fee: bigint;
  /** isLive(leaseId, scopeHash): not revoked, not expired, for its own scope. */
  live: boolean;
};

export type ChainAgent = {
  agentId: bigint;
  operator: Address;
  identity: Address;
  /** 1 Registered, 2 Retired. */
  status: number;
  codeHash: Hex;
  metadataURI: string;
  active: boolean;
};

export type ChainStake = { free: bigint; locked: bigint; unbonding: bigint; minimumStake: bigint };

export type CreateChainClientParameters = {
  deployment: Deployment;
  publicClient: PublicClient<Transport, Chain>;
  /** Signs the worker's transactions: the agent's operator or current identity. */
  walletClient: WalletClient<Transport, Chain, Account>;
};

export type AnchorBatchReturnType = { batchId: Hex; txHash: Hex };

/** A job addressed to one of the worker's agents, as JobOpened announced it. */
export type OpenedJob = { jobId: bigint; agentId: bigint; blockNumber: bigint };

/** ReceiptAnchor.getBatch. */
export type ChainBatch = { agentId: bigint; leafCount: bigint; anchoredAt: bigint };

export type ChainClient = ReturnType<typeof createChainClient>;

export function createChainClient({ deployment, publicClient, walletClient }: CreateChainClientParameters) {
  const { JobEscrow, LeaseRegistry, AgentRegistry, ReceiptAnchor, StakeManager, CodeRegistry } = deployment.contracts;

  async function read<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toChainError(error, what);
    }
  }

  // One transaction at a time: the worker sends from one account, and concurrent sends would
  // race for the same nonce. Each write waits for its receipt before the next is simulated.
  let lastWrite: Promise<unknown> = Promise.resolve();

  function write(
    what: string,
    request: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] },
  ): Promise<{ txHash: Hex; result: unknown }> {
    const next = lastWrite.catch(() => undefined).then(() => writeNow(what, request));
    lastWrite = next;
    return next;
  }

  async function writeNow(
    what: string,
    request: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] },
  ): Promise<{ txHash: Hex; result: unknown }> {
    try {
      const simulated = await publicClient.simulateContract({
        ...request,
        account: walletClient.account,
      } as Parameters<typeof publicClient.simulateContract>[0]);
      const txHash = await walletClient.writeContract(
        simulated.request as Parameters<typeof walletClient.writeContract>[0],
      );
      const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash });
      if (receipt.status !== "success") throw new ContractRevertError(undefined, [], { cause: new Error(txHash) });
      return { txHash, result: simulated.result };
    } catch (error) {
      throw toChainError(error, what);
    }
  }

  return {
    deployment,
    account: walletClient.account.address,

    getJob: (jobId: bigint): Promise<ChainJob> =>
      read("getJob", async () => {
        const job = await publicClient.readContract({
          address: JobEscrow.address,
          abi: jobEscrowAbi,
          functionName: "getJob",
          args: [jobId],
        });
        return { jobId, ...job, status: job.status as JobStatus };
      }),

    getLease: (leaseId: bigint): Promise<ChainLease> =>
      read("getLease", async () => {
        const lease = await publicClient.readContract({
          address: LeaseRegistry.address,
          abi: leaseRegistryAbi,
          functionName: "getLease",
          args: [leaseId],
        });
        const live = await publicClient.readContract({
          address: LeaseRegistry.address,
          abi: leaseRegistryAbi,
          functionName: "isLive",
          args: [leaseId, lease.scopeHash],
        });
        return { leaseId, ...lease, live };
      }),

    getAgent: (agentId: bigint): Promise<ChainAgent> =>
      read("getAgent", async () => {
        const [agent, active] = await Promise.all([
          publicClient.readContract({
            address: AgentRegistry.address,
            abi: agentRegistryAbi,
            functionName: "getAgent",
            args: [agentId],
          }),
          publicClient.readContract({
            address: AgentRegistry.address,
            abi: agentRegistryAbi,
            functionName: "isActive",
            args: [agentId],
          }),
        ]);
        return { agentId, ...agent, status: Number(agent.status), active };
      }),

    isAgentIdentity: (agentId: bigint, address: Address): Promise<boolean> =>
      read("agentOfIdentity", async () => {
        const owner = await publicClient.readContract({
          address: AgentRegistry.address,
          abi: agentRegistryAbi,
          functionName: "agentOfIdentity",
          args: [address],
        });
        return owner === agentId;
      }),

    getStake: (operator: Address): Promise<ChainStake> =>
      read("stakeOf", async () => {
        const [balance, minimumStake] = await Promise.all([
          publicClient.readContract({
            address: StakeManager.address,
            abi: stakeManagerAbi,
            functionName: "stakeOf",
            args: [operator],
          }),
          publicClient.readContract({
            address: StakeManager.address,
            abi: stakeManagerAbi,
            functionName: "minimumStake",
          }),
        ]);
        return { free: balance.free, locked: balance.locked, unbonding: balance.unbonding, minimumStake };
      }),

    /**
     * CodeRegistry.isApproved, as of the latest block: some release of the code approved by
     * governance and the code itself never revoked. Revoking one publisher's release (a
     * squatter's copy, say) leaves the code approved while another release of it is.
     */
    isCodeApproved: (codeHash: Hex): Promise<boolean> =>
      read("isApproved", () =>
        publicClient.readContract({
          address: CodeRegistry.address,
          abi: codeRegistryAbi,
          functionName: "isApproved",
          args: [codeHash],
        }),
      ),

    /** JobOpened events for `agentIds` in [fromBlock, toBlock], oldest first. */
    jobsOpened: (agentIds: readonly bigint[], fromBlock: bigint, toBlock: bigint): Promise<OpenedJob[]> =>
      read("getLogs(JobOpened)", async () => {
        if (agentIds.length === 0 || fromBlock > toBlock) return [];
        const logs = await publicClient.getContractEvents({
          address: JobEscrow.address,
          abi: jobEscrowAbi,
          eventName: "JobOpened",
          args: { agentId: [...agentIds] },
          fromBlock,
          toBlock,
          strict: true,
        });
        return logs.map((log) => ({ jobId: log.args.jobId, agentId: log.args.agentId, blockNumber: log.blockNumber }));
      }),

    /** The transaction that submitted the job's receipt, from its ReceiptSubmitted event, if any. */
    receiptSubmittedTx: (jobId: bigint): Promise<Hex | undefined> =>
      read("getLogs(ReceiptSubmitted)", async () => {
        const logs = await publicClient.getContractEvents({
          address: JobEscrow.address,
          abi: jobEscrowAbi,
          eventName: "ReceiptSubmitted",
          args: { jobId },
          fromBlock: BigInt(JobEscrow.startBlock),
          strict: true,
        });
        return logs.at(-1)?.transactionHash;
      }),

    blockNumber: (): Promise<bigint> => read("getBlockNumber", () => publicClient.getBlockNumber({ cacheTime: 0 })),

    /** The anchored batch, or undefined if ReceiptAnchor has none by that id. */
    getBatch: async (batchId: Hex): Promise<ChainBatch | undefined> => {
      try {
        return await read("getBatch", async () => {
          const batch = await publicClient.readContract({
            address: ReceiptAnchor.address,
            abi: receiptAnchorAbi,
            functionName: "getBatch",
            args: [batchId],
          });
          return {
            agentId: BigInt(batch.agentId),
            leafCount: BigInt(batch.leafCount),
            anchoredAt: BigInt(batch.anchoredAt),
          };
        });
      } catch (error) {
        if (error instanceof ContractRevertError && error.errorName === "ReceiptAnchorUnknownBatch") return undefined;
        throw error;
      }
    },

    /** The latest block's timestamp: "now" as the contracts see it. */
    now: (): Promise<bigint> => read("getBlock", async () => (await publicClient.getBlock()).timestamp),

    acceptJob: async (jobId: bigint): Promise<Hex> =>
      (
        await write("acceptJob", {
          address: JobEscrow.address,
          abi: jobEscrowAbi,
          functionName: "acceptJob",
          args: [jobId],
        })
      ).txHash,

    anchorBatch: async (agentId: bigint, root: Hex, leafCount: number): Promise<AnchorBatchReturnType> => {
      const { txHash, result } = await write("anchor", {
        address: ReceiptAnchor.address,
        abi: receiptAnchorAbi,
        functionName: "anchor",
        args: [agentId, root, BigInt(leafCount)],
      });
      return { batchId: result as Hex, txHash };
    },

    verifyInclusion: (batchId: Hex, digest: Hex, proof: readonly Hex[]): Promise<boolean> =>
      read("verifyInclusion", () =>
        publicClient.readContract({
          address: ReceiptAnchor.address,
          abi: receiptAnchorAbi,
          functionName: "verifyInclusion",
          args: [batchId, digest, proof],
        }),
      ),

    submitReceipt: async (jobId: bigint, signed: SignedReceipt, batchId: Hex, proof: readonly Hex[]): Promise<Hex> =>
      (
        await write("submitReceipt", {
          address: JobEscrow.address,
          abi: jobEscrowAbi,
          functionName: "submitReceipt",
          args: [jobId, signed, batchId, proof],
        })
      ).txHash,
  };
}
