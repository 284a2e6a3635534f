/**
 * What the relayer does, behind its HTTP routes: checks a proof's transaction against the chain
 * and the fee policy, sends it from the relayer's own account (./transaction-sender.ts), and for
 * withdrawal requests comes back after `unlockAt` to send `withdraw`, which pays it its fee.
 *
 * Endorsements: the contract refunds the sender its gas from a sponsor budget, within the
 * budget and the epoch's spending cap (the proof binds no fee). The relayer takes a request
 * only if what the budget can refund covers its gas at the current base fee (plus
 * `feeMarginBps`), unless its policy is `acceptUnpaid` (a relayer run by a sponsor, or the
 * devnet's).
 *
 * Withdrawals: the fee (stake-token units, bound into the proof's scope) is paid at `withdraw`,
 * so the relayer journals the request before it sends it (./withdrawal-journal.ts) and a keeper
 * loop reads each pending request's identity on chain every `pollIntervalMs`: matured and still
 * this relayer's, it sends `withdraw` (simulated first, so a withdrawal someone else already sent
 * is seen, not paid for twice); withdrawn, taken by another relayer, slashed or never landed, it
 * settles the entry. The chain is the truth, the journal only says what to look at, so a restart
 * at any point resumes with nothing sent twice. The same loop claims the endorsement refunds the
 * contract credited to the relayer (`claimRelayFees`) once they pass `claimRefundsAbove`, so its
 * ether comes back instead of piling up in the contract.
 */
import { anonymousStakeGroupAbi, endorsementsAbi, type Deployment } from "@leasehold/sdk";
import { proofFromJson, type EndorsementRelayBody, type WithdrawalRelayBody } from "@leasehold/sdk/relayer";
import type { Logger } from "pino";
import { parseEventLogs, type Abi, type Address, type Chain, type Hex, type PublicClient, type Transport } from "viem";
import { ChainUnavailableError, ContractRevertError } from "../chain/index.ts";
import { RelayerHttpError } from "./http-error.ts";
import type { RelayerMetrics } from "./metrics.ts";
import type { TransactionSender } from "./transaction-sender.ts";
import type { WithdrawalJournal } from "./withdrawal-journal.ts";

/** IAnonymousStakeGroup.IdentityStatus. */
const IdentityStatus = { None: 0, Active: 1, Withdrawing: 2, Withdrawn: 3, Slashed: 4 } as const;

/** Custom errors that mean "this proof was already used", answered 409 rather than 422. */
const REPLAY_ERRORS = new Set(["EndorsementsReplayed", "EndorsementsAlreadyDoubleSignalled"]);

/**
 * An endorse's gas before the relayer has simulated one (the bench measures about 340k for the
 * proof and bookkeeping; the refund adds its own): only for the fee quoted by /v1/info.
 */
const TYPICAL_ENDORSE_GAS = 420_000n;

export type FeePolicy = {
  /** Relay endorsements whose refund would not cover the relayer's gas. */
  acceptUnpaid: boolean;
  /** Margin over the gas estimate an endorsement's refund must cover, in basis points. */
  feeMarginBps: number;
  /** Smallest withdrawal relayerFee taken, in stake-token units. */
  minWithdrawalFee: bigint;
  /** Wei of accrued endorsement refunds above which the keeper claims them. */
  claimRefundsAbove: bigint;
};

export type RelayServiceParameters = {
  deployment: Deployment;
  publicClient: PublicClient<Transport, Chain>;
  sender: TransactionSender;
  journal: WithdrawalJournal;
  metrics: RelayerMetrics;
  logger: Logger;
  fees: FeePolicy;
  pollIntervalMs: number;
  /** A journaled request whose identity is still active this long after it was taken never landed. */
  droppedAfterMs: number;
};

export type EndorsementQuote = {
  /** What the relayer's gas costs now (with the margin): the refund it needs the budget to cover. */
  cost: bigint;
  relayBudget: bigint;
  relaySpendLeftThisEpoch: bigint;
  maxPriorityFeePerGas: bigint;
};

export class RelayService {
  readonly #endorsements: Address;
  readonly #group: Address;
  readonly #chainId: number;
  readonly #publicClient: PublicClient<Transport, Chain>;
  readonly #sender: TransactionSender;
  readonly #journal: WithdrawalJournal;
  readonly #metrics: RelayerMetrics;
  readonly #log: Logger;
  readonly #fees: FeePolicy;
  readonly #pollIntervalMs: number;
  readonly #droppedAfterMs: number;
  /** Nullifiers and commitments whose requests this process is handling right now. */
  readonly #busy = new Set<string>();
  /** Commitments whose `withdraw` is on its way. */
  readonly #withdrawing = new Map<bigint, Promise<void>>();
  #lastEndorseGas = TYPICAL_ENDORSE_GAS;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;

  constructor(parameters: RelayServiceParameters) {
    this.#endorsements = parameters.deployment.contracts.Endorsements.address;
    this.#group = parameters.deployment.contracts.AnonymousStakeGroup.address;
    this.#chainId = parameters.deployment.chainId;
    this.#publicClient = parameters.publicClient;
    this.#sender = parameters.sender;
    this.#journal = parameters.journal;
    this.#metrics = parameters.metrics;
    this.#log = parameters.logger;
    this.#fees = parameters.fees;
    this.#pollIntervalMs = parameters.pollIntervalMs;
    this.#droppedAfterMs = parameters.droppedAfterMs;
    this.#metrics.pendingWithdrawals.set(this.#journal.pending().length);
  }

  // ------------------------------------------------------------------ info

  async info() {
    const quote = await this.quoteEndorsement(this.#lastEndorseGas);
    return {
      relayer: this.#sender.account,
      chainId: this.#chainId,
      contracts: { endorsements: this.#endorsements, anonymousStakeGroup: this.#group },
      fees: {
        endorsements: {
          acceptUnpaid: this.#fees.acceptUnpaid,
          estimatedGasCost: quote.cost.toString(),
          relayBudget: quote.relayBudget.toString(),
          relaySpendLeftThisEpoch: quote.relaySpendLeftThisEpoch.toString(),
        },
        withdrawals: { minimumRelayerFee: this.#fees.minWithdrawalFee.toString() },
      },
      pendingWithdrawals: this.#journal.pending().length,
    };
  }

  /** The relayer's cost of an endorse of `gas` now, and what the relay budget can refund. */
  async quoteEndorsement(gas: bigint): Promise<EndorsementQuote> {
    const contract = { address: this.#endorsements, abi: endorsementsAbi } as const;
    const [block, fees, tipCap, budget, perEpoch, epoch] = await Promise.all([
      this.#publicClient.getBlock({ blockTag: "latest" }),
      this.#publicClient.estimateFeesPerGas(),
      this.#publicClient.readContract({ ...contract, functionName: "relayTipCap" }),
      this.#publicClient.readContract({ ...contract, functionName: "relayBudget" }),
      this.#publicClient.readContract({ ...contract, functionName: "relaySpendPerEpoch" }),
      this.#publicClient.readContract({ ...contract, functionName: "currentEpoch" }),
    ]);
    const spent = await this.#publicClient.readContract({ ...contract, functionName: "relaySpent", args: [epoch] });
    const maxPriorityFeePerGas = fees.maxPriorityFeePerGas < tipCap ? fees.maxPriorityFeePerGas : tipCap;
    const price = (block.baseFeePerGas ?? 0n) + maxPriorityFeePerGas;
    const cost = (gas * price * BigInt(10_000 + this.#fees.feeMarginBps)) / 10_000n;
    return {
      cost,
      relayBudget: budget,
      relaySpendLeftThisEpoch: perEpoch > spent ? perEpoch - spent : 0n,
      maxPriorityFeePerGas,
    };
  }

  // ----------------------------------------------------------- endorsements

  async relayEndorsement(body: EndorsementRelayBody): Promise<{ txHash: Hex }> {
    const nullifier = BigInt(body.nullifier);
    const key = `endorsement:${nullifier}`;
    if (this.#busy.has(key)) throw new RelayerHttpError("already_relayed", "This endorsement is being relayed");
    const release = this.#sender.reserve();
    this.#busy.add(key);
    let sent = false;
    try {
      const call = {
        kind: "endorse" as const,
        address: this.#endorsements,
        abi: endorsementsAbi as Abi,
        functionName: "endorse",
        args: [
          BigInt(body.agentId),
          BigInt(body.epoch),
          body.signal,
          BigInt(body.root),
          BigInt(body.y),
          nullifier,
          proofFromJson(body.proof),
        ],
      };
      const { gas } = await this.#simulate(call);
      this.#lastEndorseGas = gas;
      const quote = await this.quoteEndorsement(gas);
      if (!this.#fees.acceptUnpaid) {
        const refundable =
          quote.relayBudget < quote.relaySpendLeftThisEpoch ? quote.relayBudget : quote.relaySpendLeftThisEpoch;
        if (refundable < quote.cost) {
          throw new RelayerHttpError(
            "relay_budget_exhausted",
            `The relay budget can refund ${refundable} wei now, less than this relayer's gas`,
            { retryAfter: 60 },
          );
        }
      }
      await this.#requireEther(gas);
      const transaction = await this.#sender.send(call, { maxPriorityFeePerGas: quote.maxPriorityFeePerGas });
      sent = true;
      this.#log.info({ kind: "endorse", txHash: transaction.txHash, nullifier: short(nullifier) }, "relayed");
      void transaction.receipt
        .then((receipt) => {
          for (const event of parseEventLogs({
            abi: endorsementsAbi,
            logs: receipt.logs,
            eventName: "RelayFeeAccrued",
          })) {
            if (event.args.relayer === this.#sender.account)
              this.#metrics.endorsementFeesWei.inc(Number(event.args.fee));
          }
          if (receipt.status !== "success") this.#log.warn({ txHash: transaction.txHash }, "relayed endorse reverted");
        })
        .catch((error: unknown) => this.#log.warn({ err: error, txHash: transaction.txHash }, "no endorse receipt"))
        .finally(() => {
          release();
          this.#busy.delete(key);
        });
      return { txHash: transaction.txHash };
    } catch (error) {
      throw refusalOf(error);
    } finally {
      if (!sent) {
        release();
        this.#busy.delete(key);
      }
    }
  }

  // ------------------------------------------------------------ withdrawals

  async relayWithdrawal(body: WithdrawalRelayBody): Promise<{ txHash: Hex; unlockAt: bigint }> {
    const commitment = BigInt(body.commitment);
    const relayerFee = BigInt(body.relayerFee);
    if (relayerFee < this.#fees.minWithdrawalFee) {
      throw new RelayerHttpError(
        "fee_too_low",
        `relayerFee ${relayerFee} is below this relayer's minimum of ${this.#fees.minWithdrawalFee}`,
      );
    }
    const key = `withdrawal:${commitment}`;
    if (this.#busy.has(key) || this.#journal.has(commitment)) {
      throw new RelayerHttpError("already_relayed", "This relayer already sent this withdrawal request");
    }
    const release = this.#sender.reserve();
    this.#busy.add(key);
    try {
      const call = {
        kind: "requestWithdrawal" as const,
        address: this.#group,
        abi: anonymousStakeGroupAbi as Abi,
        functionName: "requestWithdrawal",
        args: [
          commitment,
          body.recipient,
          relayerFee,
          BigInt(body.y),
          BigInt(body.nullifier),
          proofFromJson(body.proof),
        ],
      };
      const { gas } = await this.#simulate(call);
      await this.#requireEther(gas);
      // Journaled before it is sent: a crash after sending must not forget a request that pays
      // this relayer only at `withdraw`.
      await this.#journal.requested({ commitment, recipient: body.recipient, relayerFee, at: Date.now() });
      this.#metrics.pendingWithdrawals.set(this.#journal.pending().length);
      let transaction;
      try {
        transaction = await this.#sender.send(call);
      } catch (error) {
        await this.#journal.settled(commitment, "dropped");
        this.#metrics.pendingWithdrawals.set(this.#journal.pending().length);
        throw error;
      }
      await this.#journal.sent(commitment, transaction.txHash);
      this.#log.info(
        { kind: "requestWithdrawal", txHash: transaction.txHash, commitment: short(commitment) },
        "relayed",
      );
      const receipt = await transaction.receipt;
      if (receipt.status !== "success") {
        // The simulation passed a moment ago: someone else's request for it landed first.
        throw new RelayerHttpError("already_relayed", "The withdrawal request reverted on chain; it was sent already");
      }
      const [requested] = parseEventLogs({
        abi: anonymousStakeGroupAbi,
        logs: receipt.logs,
        eventName: "WithdrawalRequested",
      });
      if (requested === undefined) throw new Error("requestWithdrawal emitted no WithdrawalRequested");
      this.#schedulePoll(0);
      return { txHash: transaction.txHash, unlockAt: requested.args.unlockAt };
    } catch (error) {
      throw refusalOf(error);
    } finally {
      release();
      this.#busy.delete(key);
    }
  }

  // ----------------------------------------------------------------- keeper

  /** Starts the pending-withdrawal keeper (polls at once, then every pollIntervalMs). */
  start(): void {
    this.#stopped = false;
    this.#schedulePoll(0);
  }

  /** Stops the keeper and waits for the poll and the withdrawals under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#polling;
    await Promise.allSettled([...this.#withdrawing.values()]);
  }

  /** One pass over the pending withdrawals (the keeper's step; tests call it directly). */
  pollOnce(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  #schedulePoll(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void this.pollOnce()
        .catch((error: unknown) => this.#log.warn({ err: error }, "pending withdrawals: poll failed"))
        .finally(() => this.#schedulePoll(this.#pollIntervalMs));
    }, delayMs);
  }

  async #poll(): Promise<void> {
    await this.#claimRefundsIfDue();
    const pending = this.#journal.pending().filter((entry) => !this.#withdrawing.has(entry.commitment));
    if (pending.length === 0) return;
    const block = await this.#publicClient.getBlock({ blockTag: "latest" });
    for (const entry of pending) {
      const identity = await this.#publicClient.readContract({
        address: this.#group,
        abi: anonymousStakeGroupAbi,
        functionName: "identityOf",
        args: [entry.commitment],
      });
      const ours = identity.relayer === this.#sender.account;
      switch (identity.status) {
        case IdentityStatus.Withdrawing:
          if (!ours) await this.#settle(entry.commitment, "taken");
          else if (block.timestamp >= identity.unlockAt) this.#startWithdraw(entry.commitment, identity.relayerFee);
          break;
        case IdentityStatus.Withdrawn:
          // Anyone may send `withdraw`; the fee went to the request's sender all the same.
          if (ours) this.#metrics.withdrawalFeesTokenUnits.inc(Number(identity.relayerFee));
          await this.#settle(entry.commitment, ours ? "withdrawn" : "taken");
          break;
        case IdentityStatus.Slashed:
          await this.#settle(entry.commitment, "slashed");
          break;
        default:
          if (Date.now() - entry.requestedAt > this.#droppedAfterMs) await this.#settle(entry.commitment, "dropped");
      }
    }
  }

  #startWithdraw(commitment: bigint, relayerFee: bigint): void {
    const work = (async () => {
      try {
        const transaction = await this.#sender.send({
          kind: "withdraw",
          address: this.#group,
          abi: anonymousStakeGroupAbi as Abi,
          functionName: "withdraw",
          args: [commitment],
        });
        const receipt = await transaction.receipt;
        if (receipt.status !== "success") {
          this.#log.warn({ txHash: transaction.txHash, commitment: short(commitment) }, "withdraw reverted; retrying");
          return;
        }
        this.#metrics.withdrawalFeesTokenUnits.inc(Number(relayerFee));
        await this.#settle(commitment, "withdrawn", transaction.txHash);
        this.#log.info({ kind: "withdraw", txHash: transaction.txHash, commitment: short(commitment) }, "withdrew");
      } catch (error) {
        // A revert in the simulation (already withdrawn, slashed meanwhile) is read from the
        // identity on the next poll; anything else is retried then too.
        this.#log.warn({ err: error, commitment: short(commitment) }, "withdraw not sent; retrying");
      }
    })().finally(() => this.#withdrawing.delete(commitment));
    this.#withdrawing.set(commitment, work);
  }

  /** Claims the relayer's accrued endorsement refunds, to itself, once they pass the threshold. */
  async #claimRefundsIfDue(): Promise<void> {
    const account = this.#sender.account;
    const accrued = await this.#publicClient.readContract({
      address: this.#endorsements,
      abi: endorsementsAbi,
      functionName: "relayFeesOf",
      args: [account],
    });
    if (accrued === 0n || accrued < this.#fees.claimRefundsAbove) return;
    const transaction = await this.#sender.send({
      kind: "claimRelayFees",
      address: this.#endorsements,
      abi: endorsementsAbi as Abi,
      functionName: "claimRelayFees",
      args: [account],
    });
    const receipt = await transaction.receipt;
    if (receipt.status !== "success") {
      this.#log.warn({ txHash: transaction.txHash }, "claimRelayFees reverted; retrying on the next poll");
      return;
    }
    this.#metrics.claimedRefundsWei.inc(Number(accrued));
    this.#log.info({ kind: "claimRelayFees", txHash: transaction.txHash, wei: accrued.toString() }, "refunds claimed");
  }

  async #settle(commitment: bigint, outcome: "withdrawn" | "taken" | "slashed" | "dropped", txHash?: Hex) {
    await this.#journal.settled(commitment, outcome, txHash);
    this.#metrics.pendingWithdrawals.set(this.#journal.pending().length);
    if (outcome !== "withdrawn") this.#log.info({ commitment: short(commitment), outcome }, "withdrawal settled");
  }

  // ---------------------------------------------------------------- helpers

  async #simulate(call: Parameters<TransactionSender["simulate"]>[0]): Promise<{ gas: bigint }> {
    return this.#sender.simulate(call);
  }

  /** Refuses (503) when the relayer's ether cannot pay for `gas` at the current fees. */
  async #requireEther(gas: bigint): Promise<void> {
    const [balance, fees] = await Promise.all([this.#sender.balance(), this.#publicClient.estimateFeesPerGas()]);
    const needed = ((gas * 12n) / 10n) * fees.maxFeePerGas;
    if (balance < needed) {
      this.#log.error({ balance: balance.toString(), needed: needed.toString() }, "relayer is out of ether");
      throw new RelayerHttpError("relayer_out_of_funds", "The relayer cannot pay for gas right now", {
        retryAfter: 300,
      });
    }
  }
}

/** The refusal a failure is answered with. */
export function refusalOf(error: unknown): RelayerHttpError {
  if (error instanceof RelayerHttpError) return error;
  if (error instanceof ContractRevertError) {
    const name = error.errorName ?? "unknown";
    const revert = { name, args: error.args.map((arg) => String(arg)) };
    const status = name === "AnonymousStakeGroupWrongStatus" ? Number(error.args[1]) : undefined;
    if (REPLAY_ERRORS.has(name) || status === IdentityStatus.Withdrawing || status === IdentityStatus.Withdrawn) {
      return new RelayerHttpError("already_relayed", `The contract says this proof was used already (${name})`, {
        revert,
        cause: error,
      });
    }
    return new RelayerHttpError("would_revert", `The transaction would revert with ${name}`, { revert, cause: error });
  }
  if (error instanceof ChainUnavailableError) {
    return new RelayerHttpError("chain_unavailable", "The chain node is not answering", {
      retryAfter: 5,
      cause: error,
    });
  }
  return new RelayerHttpError("internal_error", "The relayer failed", { cause: error });
}

/** A public value shortened for logs: enough to find it on chain, no more. */
function short(value: bigint): string {
  const text = value.toString(16);
  return `0x${text.slice(0, 10)}…`;
}
