/**
 * The relayer's one account, sending one transaction at a time. Every send is simulated from
 * the relayer's account right before it is signed (the state may have changed since the request
 * was checked), gets the next nonce from a counter this process keeps (read from the node's
 * pending count at the first send and again after any failed send), and is counted in flight
 * until its receipt arrives. `reserve` caps what is in flight: a request that would exceed it is
 * refused (503 overloaded) before any work, so a burst cannot queue up unbounded gas.
 */
import type {
  Abi,
  Account,
  Address,
  Chain,
  Hex,
  PublicClient,
  TransactionReceipt,
  Transport,
  WalletClient,
} from "viem";
import { ContractRevertError, toChainError } from "../chain/index.ts";
import { RelayerHttpError } from "./http-error.ts";
import type { RelayerMetrics, TransactionKind } from "./metrics.ts";

export type RelayCall = {
  kind: TransactionKind;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
};

export type SendOptions = {
  /** Gas limit; the simulation's estimate plus a margin when omitted. */
  gas?: bigint;
  /** Caps the priority fee (an endorsement's refund never pays more than the contract's tip cap). */
  maxPriorityFeePerGas?: bigint;
};

export type SentTransaction = { txHash: Hex; receipt: Promise<TransactionReceipt> };

export type CreateTransactionSenderParameters = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  maxInFlight: number;
  receiptTimeoutMs: number;
  metrics: RelayerMetrics;
};

export class TransactionSender {
  readonly account: Address;
  readonly #publicClient: PublicClient<Transport, Chain>;
  readonly #walletClient: WalletClient<Transport, Chain, Account>;
  readonly #maxInFlight: number;
  readonly #receiptTimeoutMs: number;
  readonly #metrics: RelayerMetrics;
  #reserved = 0;
  #nextNonce: number | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(parameters: CreateTransactionSenderParameters) {
    this.#publicClient = parameters.publicClient;
    this.#walletClient = parameters.walletClient;
    this.account = parameters.walletClient.account.address;
    this.#maxInFlight = parameters.maxInFlight;
    this.#receiptTimeoutMs = parameters.receiptTimeoutMs;
    this.#metrics = parameters.metrics;
  }

  /** Slots taken: transactions being checked, queued, or sent and not yet mined. */
  get inFlight(): number {
    return this.#reserved;
  }

  /** Takes one in-flight slot, or refuses; the returned function gives it back (once). */
  reserve(): () => void {
    if (this.#reserved >= this.#maxInFlight) {
      throw new RelayerHttpError("overloaded", `${this.#maxInFlight} relayed transactions are already in flight`, {
        retryAfter: 2,
      });
    }
    this.#reserved += 1;
    this.#metrics.inFlightTransactions.set(this.#reserved);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#reserved -= 1;
      this.#metrics.inFlightTransactions.set(this.#reserved);
    };
  }

  /**
   * Runs the call as the relayer would send it now (eth_call) and estimates its gas. Throws the
   * chain's typed error: a ContractRevertError naming the custom error, or a retryable one.
   */
  async simulate(call: RelayCall): Promise<{ gas: bigint }> {
    const request = {
      address: call.address,
      abi: call.abi,
      functionName: call.functionName,
      args: call.args,
      account: this.#walletClient.account,
    } as Parameters<PublicClient["simulateContract"]>[0];
    try {
      await this.#publicClient.simulateContract(request);
      const gas = await this.#publicClient.estimateContractGas(
        request as Parameters<PublicClient["estimateContractGas"]>[0],
      );
      return { gas };
    } catch (error) {
      const typed = toChainError(error, call.functionName);
      if (typed instanceof ContractRevertError) {
        this.#metrics.revertedSimulations.inc({ kind: call.kind, error: typed.errorName ?? "unknown" });
      }
      throw typed;
    }
  }

  /**
   * Queues the call behind every earlier one, simulates it again, signs it with the next nonce
   * and sends it. Resolves with its hash once the node has it; `receipt` follows.
   */
  send(call: RelayCall, options: SendOptions = {}): Promise<SentTransaction> {
    const sent = this.#tail.catch(() => undefined).then(() => this.#sendNow(call, options));
    this.#tail = sent;
    return sent;
  }

  async #sendNow(call: RelayCall, options: SendOptions): Promise<SentTransaction> {
    let gas = options.gas;
    try {
      const simulated = await this.simulate(call);
      gas ??= (simulated.gas * 12n) / 10n;
    } catch (error) {
      this.#metrics.transactions.inc({ kind: call.kind, result: "failed" });
      throw error;
    }
    let txHash: Hex;
    try {
      this.#nextNonce ??= await this.#publicClient.getTransactionCount({ address: this.account, blockTag: "pending" });
      const fees = await this.#publicClient.estimateFeesPerGas();
      const priority =
        options.maxPriorityFeePerGas !== undefined && options.maxPriorityFeePerGas < fees.maxPriorityFeePerGas
          ? options.maxPriorityFeePerGas
          : fees.maxPriorityFeePerGas;
      txHash = await this.#walletClient.writeContract({
        address: call.address,
        abi: call.abi,
        functionName: call.functionName,
        args: call.args,
        gas,
        nonce: this.#nextNonce,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: priority,
      } as Parameters<WalletClient<Transport, Chain, Account>["writeContract"]>[0]);
      this.#nextNonce += 1;
    } catch (error) {
      // The node may or may not have taken the nonce: read it again before the next send.
      this.#nextNonce = undefined;
      this.#metrics.transactions.inc({ kind: call.kind, result: "failed" });
      throw toChainError(error, call.functionName);
    }
    this.#metrics.transactions.inc({ kind: call.kind, result: "sent" });
    const receipt = this.#publicClient
      .waitForTransactionReceipt({ hash: txHash, timeout: this.#receiptTimeoutMs })
      .then((mined) => {
        this.#metrics.transactions.inc({ kind: call.kind, result: mined.status === "success" ? "mined" : "reverted" });
        return mined;
      })
      .catch((error: unknown) => {
        throw toChainError(error, `${call.functionName} receipt`);
      });
    return { txHash, receipt };
  }

  /** The relayer's ether. */
  balance(): Promise<bigint> {
    return this.#publicClient.getBalance({ address: this.account });
  }
}
