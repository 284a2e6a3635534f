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
import {
  DisputePhase,
  DrawPhase,
  newVoteSalt,
  nextDrawStep,
  readDrawSession,
  Ruling,
  voteCommitment,
} from "../../sdk/src/court/index.ts";
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

  /**
   * The time calls are judged by here: the latest block's. Every call is simulated first, and a
   * local node simulates at the latest block's time, so a step is taken only once that time allows it.
   */
  async function simulatedTime(): Promise<bigint> {
    return (await publicClient.getBlock()).timestamp;
  }

  /** One call of the draw line, or a wait for the time or blocks it needs; false when idle. */
  async function advanceDraws(): Promise<boolean> {
    const state = await readDrawSession(publicClient, deployment.contracts);
    const step = nextDrawStep(state, await simulatedTime());
    switch (step.kind) {
      case "idle":
        return false;
      case "waitStaking": {
        // Chain time may run ahead of the wall clock (tests move it): wait at most a second, then
        // mine a block so the latest block's time shows where the chain really is.
        const wait = Number(step.until) * 1_000 - Date.now();
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(wait, 200), 1_000)));
        await mineBlock(rpcUrl);
        return true;
      }
      case "waitRandomness":
        await mineBlock(rpcUrl);
        return true;
      case "draw":
        await send({ ...court, functionName: "draw", args: [step.disputeId] });
        return true;
      default:
        await send({ ...registry, functionName: "passPhase", args: [] });
        return true;
    }
  }

  async function settleDrawSession(): Promise<void> {
    for (;;) {
      const phase = await publicClient.readContract({ ...registry, functionName: "phase" });
      if (phase === DrawPhase.Staking) return;
      await advanceDraws();
    }
  }

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

    /** Asks to leave the court with `amount` of free stake (it stops counting for draws at once). */
    async requestLeave(amount: bigint): Promise<void> {
      await send({ ...registry, functionName: "requestLeave", args: [amount] });
    },

    /** Takes back a request to leave: the stake is free and drawable again. */
    async cancelLeave(): Promise<void> {
      await send({ ...registry, functionName: "cancelLeave", args: [] });
    },

    /** The arbitrator's stake buckets in the registry. */
    arbitrator: () => publicClient.readContract({ ...registry, functionName: "arbitratorOf", args: [address] }),

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

    /**
     * Seats the current round's panel: runs the registry's draw session as any keeper may
     * (waits out the Staking phase, starts the session, mines the blocks a block-hash source
     * waits for on the local chain, reveals the randomness, draws the tickets ahead of this
     * dispute's in order), then ends the session so rounds can close.
     */
    async draw(disputeId: bigint): Promise<readonly Address[]> {
      const { round } = await getDispute(disputeId);
      const { drawTicket } = await getRound(disputeId, round);
      while ((await getDispute(disputeId)).phase === DisputePhase.Drawing) {
        if ((await getRound(disputeId, round)).drawTicket !== drawTicket) {
          // Its ticket was drawn and too few arbitrators could sit: it waits for a later session.
          await settleDrawSession();
          throw new Error(`Dispute ${disputeId}: no panel could be seated; its draw was deferred (DrawDeferred)`);
        }
        await advanceDraws();
      }
      await settleDrawSession();
      return panelOf(disputeId, round);
    },

    /** Moves the registry's draw line on by one call (see the sdk's nextDrawStep). */
    advanceDraws,

    /** Runs the draw line until the registry is back in its Staking phase (rounds close only then). */
    settleDrawSession,

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

    /** Closes the round, ending a running draw session first (seat releases need Staking). */
    async closeRound(disputeId: bigint): Promise<void> {
      await settleDrawSession();
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
