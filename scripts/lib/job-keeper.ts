/**
 * Finalizes every job whose challenge window is over, as anyone may (JobEscrow.finalize), so a
 * job is paid without its client or operator coming back for it. The devnet's keeper runs it
 * (keeper.ts); on a real chain the operator, who is the one paid, has every reason to run it.
 *
 * Jobs are found from their ReceiptSubmitted events (read once, block range by block range) and
 * finalized in the first block whose time allows it: the call is simulated against the next
 * block, which is stamped at least a second after the latest, so a job is sent for only once
 * its window is over by then. A job frozen for a dispute, or finalized by someone else first,
 * is left alone.
 */
import { erc20Abi, formatUnits, parseEventLogs, type Hex } from "viem";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { jobEscrowAbi } from "../../sdk/src/generated/abis.ts";
import { JobStatus } from "./data-owner.ts";
import { localClients } from "./local-deploy.ts";

export interface CreateJobKeeperParameters {
  rpcUrl: string;
  deployment: Deployment;
  accountIndex: number;
  log?: (line: string) => void;
}

export type JobKeeper = ReturnType<typeof createJobKeeper>;

export function createJobKeeper({ rpcUrl, deployment, accountIndex, log }: CreateJobKeeperParameters) {
  const { publicClient, walletClient } = localClients(rpcUrl, accountIndex);
  const { JobEscrow } = deployment.contracts;
  const escrow = { address: JobEscrow.address, abi: jobEscrowAbi } as const;
  /** Jobs seen submitted, by id: when their challenge window ends (chain time, seconds). */
  const waiting = new Map<bigint, bigint>();
  let scannedTo = BigInt(JobEscrow.startBlock) - 1n;
  let token: { symbol: string; decimals: number } | undefined;

  const amount = async (value: bigint) => {
    token ??= {
      symbol: await publicClient.readContract({
        address: deployment.stakeToken,
        abi: erc20Abi,
        functionName: "symbol",
      }),
      decimals: await publicClient.readContract({
        address: deployment.stakeToken,
        abi: erc20Abi,
        functionName: "decimals",
      }),
    };
    return `${formatUnits(value, token.decimals)} ${token.symbol}`;
  };

  async function finalize(jobId: bigint, next: { number: bigint; time: bigint }): Promise<void> {
    const { request } = await publicClient.simulateContract({
      ...escrow,
      functionName: "finalize",
      args: [jobId],
      account: walletClient.account,
      blockOverrides: next,
    });
    const { blockOverrides: _simulatedAt, ...toSend } = request as typeof request & { blockOverrides?: unknown };
    const hash: Hex = await walletClient.writeContract(toSend);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      // Someone else's finalize (or a freeze) landed first in the same block.
      const { status } = await publicClient.readContract({ ...escrow, functionName: "getJob", args: [jobId] });
      if (status !== JobStatus.Submitted) {
        log?.(`job ${jobId} was settled by someone else first`);
        return;
      }
      throw new Error(`finalize of job ${jobId} reverted in ${hash}`);
    }
    const [settled] = parseEventLogs({ abi: jobEscrowAbi, eventName: "JobSettled", logs: receipt.logs });
    log?.(
      settled
        ? `job ${jobId} finalized at chain time ${next.time}: ${await amount(settled.args.payout)} to operator ` +
            `${settled.args.operator}, ${await amount(settled.args.premium)} premium to the insurance pool`
        : `job ${jobId} finalized in ${hash}`,
    );
  }

  return {
    /** Jobs waiting for their window to end, by id (for logs and tests). */
    waiting: waiting as ReadonlyMap<bigint, bigint>,

    /** Finalizes every job whose window is over by the next block; true when it sent anything. */
    async finalizeMatured(): Promise<boolean> {
      const latest = await publicClient.getBlock();
      if (latest.number > scannedTo) {
        const submitted = await publicClient.getContractEvents({
          ...escrow,
          eventName: "ReceiptSubmitted",
          fromBlock: scannedTo + 1n,
          toBlock: latest.number,
          strict: true,
        });
        // challengeEndsAt 0: the receipt settled the job at once (Voided or Refused).
        for (const { args } of submitted) if (args.challengeEndsAt > 0n) waiting.set(args.jobId, args.challengeEndsAt);
        scannedTo = latest.number;
      }
      const next = { number: latest.number + 1n, time: latest.timestamp + 1n };
      let sent = false;
      for (const [jobId, endsAt] of waiting) {
        if (endsAt > next.time) continue;
        const { status } = await publicClient.readContract({ ...escrow, functionName: "getJob", args: [jobId] });
        if (status === JobStatus.Submitted) {
          await finalize(jobId, next);
          sent = true;
        } else if (status === JobStatus.Frozen) {
          log?.(`job ${jobId} is frozen for a dispute: the court settles it`);
        }
        waiting.delete(jobId);
      }
      return sent;
    },
  };
}
