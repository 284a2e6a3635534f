/**
 * A participant in the dispute court driven from a script, through the same contracts and sdk
 * helpers the app uses: an arbitrator joins, is drawn, commits and reveals; a client opens a
 * dispute with evidence; anyone draws panels, closes rounds and executes rulings. The devnet seeds
 * its arbitrators and runs its demo dispute with it, and the end-to-end tests drive disputes with
 * it. Vote salts stay in this process, as they stay in the arbitrator's browser in the app.
 */
import type { Address, Hex } from "viem";
import {
  arbitratorRegistryAbi,
  devStakeTokenAbi,
  disputeCourtAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  stakeManagerAbi,
  type Deployment,
} from "../../sdk/src/index.ts";
import { DisputePhase, newVoteSalt, Ruling, voteCommitment } from "../../sdk/src/court/index.ts";
import { mineBlock } from "./anvil.ts";
import { localClients, simulatingSender } from "./local-deploy.ts";

/** A receipt cited as evidence: its batch, digest and inclusion proof. */
export type CitedReceipt = { batchId: Hex; receiptDigest: Hex; proof: readonly Hex[] };

export type CourtParticipant = ReturnType<typeof createCourtParticipant>;

/** Errors of the contracts the court calls into. */
const nestedErrors = [
  ...arbitratorRegistryAbi,
  ...jobEscrowAbi,
  ...stakeManagerAbi,
  ...insurancePoolAbi,
  ...devStakeTokenAbi,
].filter((item) => item.type === "error");

export function createCourtParticipant({
  rpcUrl,
  deployment,
  accountIndex,
}: {
  rpcUrl: string;
  deployment: Deployment;
  accountIndex: number;
}) {
  const { publicClient, walletClient } = localClients(rpcUrl, accountIndex);
  const { DisputeCourt, ArbitratorRegistry, JobEscrow, DevStakeToken } = deployment.contracts;
  // The court's calls can revert inside the contracts it drives (the registry's draw, the
  // escrow's freeze, a token transfer): their errors join the court's, so every revert decodes.
  const court = { address: DisputeCourt.address, abi: [...disputeCourtAbi, ...nestedErrors] } as const;
  const registry = { address: ArbitratorRegistry.address, abi: arbitratorRegistryAbi } as const;
  const address = walletClient.account.address;
  const salts = new Map<string, { vote: Ruling; salt: Hex }>();

  const send = simulatingSender({ publicClient, walletClient });

  /** Approves `amount` of the development token to `spender`, drawing from the faucet if short. */
  async function fund(spender: Address, amount: bigint) {
    if (!DevStakeToken) throw new Error("Funding from the faucet needs the development token (local chain only)");
    const token = { address: DevStakeToken.address, abi: devStakeTokenAbi } as const;
    if ((await publicClient.readContract({ ...token, functionName: "balanceOf", args: [address] })) < amount) {
      await send({ ...token, functionName: "faucet", args: [] });
    }
    await send({ ...token, functionName: "approve", args: [spender, amount] });
  }

  const getDispute = (disputeId: bigint) =>
    publicClient.readContract({ ...court, functionName: "getDispute", args: [disputeId] });
  const getRound = (disputeId: bigint, round: number) =>
    publicClient.readContract({ ...court, functionName: "getRound", args: [disputeId, round] });
  const panelOf = (disputeId: bigint, round: number) =>
    publicClient.readContract({ ...court, functionName: "panelOf", args: [disputeId, round] });

  return {
    address,
    getDispute,
    getRound,
    panelOf,

    /** Stakes `amount` in the arbitrator registry, so this account can be drawn onto panels. */
    async joinCourt(amount: bigint): Promise<void> {
      await fund(ArbitratorRegistry.address, amount);
      await send({ ...registry, functionName: "deposit", args: [amount] });
    },

    /** Disputes a submitted job as its client: posts round 0's bond and cites evidence. */
    async openDispute({
      jobId,
      cited,
      uri,
    }: {
      jobId: bigint;
      cited: readonly CitedReceipt[];
      uri: string;
    }): Promise<bigint> {
      const { payment } = await publicClient.readContract({
        address: JobEscrow.address,
        abi: jobEscrowAbi,
        functionName: "getJob",
        args: [jobId],
      });
      const bond = await publicClient.readContract({ ...court, functionName: "bondFor", args: [payment] });
      await fund(DisputeCourt.address, bond);
      return (await send({ ...court, functionName: "openDispute", args: [jobId, cited, uri] })) as bigint;
    },

    /** Seats the current round's panel, mining the blocks the draw waits for (local chain). */
    async draw(disputeId: bigint): Promise<readonly Address[]> {
      const { round } = await getDispute(disputeId);
      const { drawBlock } = await getRound(disputeId, round);
      while ((await publicClient.getBlockNumber()) <= drawBlock) await mineBlock(rpcUrl);
      await send({ ...court, functionName: "draw", args: [disputeId] });
      return panelOf(disputeId, round);
    },

    /** Commits `vote` for the current round with a fresh salt, kept here for the reveal. */
    async commit(disputeId: bigint, vote: Ruling): Promise<void> {
      const { round } = await getDispute(disputeId);
      const salt = newVoteSalt();
      const commitment = voteCommitment({ disputeId, round, arbitrator: address, vote, salt });
      await send({ ...court, functionName: "commitVote", args: [disputeId, commitment] });
      salts.set(`${disputeId}:${round}`, { vote, salt });
    },

    /** Reveals the vote committed for the current round. */
    async reveal(disputeId: bigint): Promise<void> {
      const { round } = await getDispute(disputeId);
      const committed = salts.get(`${disputeId}:${round}`);
      if (!committed) throw new Error(`No vote committed by ${address} in dispute ${disputeId} round ${round}`);
      await send({ ...court, functionName: "revealVote", args: [disputeId, committed.vote, committed.salt] });
    },

    async closeRound(disputeId: bigint): Promise<void> {
      await send({ ...court, functionName: "closeRound", args: [disputeId] });
    },

    /** Appeals round 0's ruling as its loser, posting the appeal bond. */
    async appeal(disputeId: bigint): Promise<void> {
      const first = await getRound(disputeId, 0);
      const multiplier = await publicClient.readContract({ ...court, functionName: "APPEAL_BOND_MULTIPLIER" });
      await fund(DisputeCourt.address, first.bond * multiplier);
      await send({ ...court, functionName: "appeal", args: [disputeId] });
    },

    async lapse(disputeId: bigint): Promise<void> {
      await send({ ...court, functionName: "lapse", args: [disputeId] });
    },

    async execute(disputeId: bigint): Promise<void> {
      await send({ ...court, functionName: "execute", args: [disputeId] });
    },

    /** What the court owes this account (bond remainders, compensation, fees). */
    async balance(): Promise<bigint> {
      return publicClient.readContract({ ...court, functionName: "balanceOf", args: [address] });
    },

    async withdrawBalance(): Promise<bigint> {
      return (await send({ ...court, functionName: "withdrawBalance", args: [address] })) as bigint;
    },

    /** Polls until the dispute reaches `phase`; throws after `timeoutMs`. */
    async waitForPhase(disputeId: bigint, phase: DisputePhase, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = (await getDispute(disputeId)).phase;
        if (current === phase) return;
        if (Date.now() > deadline) throw new Error(`dispute ${disputeId} stayed in phase ${current}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

export { DisputePhase, Ruling };
