/**
 * The relayer's durable memory of the withdrawal requests it sent (`withdrawals.journal` in its
 * data folder, a FramedLog: length, CRC-32, fdatasync per record, a torn tail cut on recovery).
 * The relayer is paid its fee only at `withdraw`, which it sends itself once the request has
 * matured; a restart must not forget a request it paid gas for.
 *
 * Records (JSON, one per frame):
 *   requested  written before the request is sent, so a crash right after sending still leaves
 *              it here; a request that never landed is settled `dropped` by the keeper
 *   sent       the request's transaction hash
 *   settled    the request is done with: withdrawn (the fee paid), taken (another relayer's
 *              request landed first), slashed, or dropped
 * Only public values are kept (commitments, addresses, fees, hashes), never proofs.
 */
import path from "node:path";
import type { Address, Hex } from "viem";
import { z } from "zod";
import { FramedLog } from "../durable/index.ts";
import { LogCorruptError } from "../errors.ts";

export const WITHDRAWAL_JOURNAL_FILE = "withdrawals.journal";
export const WITHDRAWAL_JOURNAL_MAGIC = "LHRELW01";

export const withdrawalOutcomes = ["withdrawn", "taken", "slashed", "dropped"] as const;
export type WithdrawalOutcome = (typeof withdrawalOutcomes)[number];

const uint = z.string().regex(/^(0|[1-9]\d*)$/);
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const recordSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("requested"),
    commitment: uint,
    recipient: hex,
    relayerFee: uint,
    at: z.number().int(),
  }),
  z.strictObject({ type: z.literal("sent"), commitment: uint, txHash: hex }),
  z.strictObject({
    type: z.literal("settled"),
    commitment: uint,
    outcome: z.enum(withdrawalOutcomes),
    txHash: hex.optional(),
  }),
]);
type JournalRecord = z.infer<typeof recordSchema>;

export type PendingWithdrawal = {
  commitment: bigint;
  recipient: Address;
  relayerFee: bigint;
  /** When the relayer accepted the request (ms since the epoch). */
  requestedAt: number;
  /** The request's transaction, once sent. */
  txHash: Hex | undefined;
};

export class WithdrawalJournal {
  readonly #log: FramedLog;
  readonly #pending: Map<bigint, PendingWithdrawal>;

  private constructor(log: FramedLog, pending: Map<bigint, PendingWithdrawal>) {
    this.#log = log;
    this.#pending = pending;
  }

  /** Opens (creating if needed) the journal in `dir` and replays it. */
  static async open({ dir }: { dir: string }): Promise<WithdrawalJournal> {
    const { log, records } = await FramedLog.open({
      file: path.join(dir, WITHDRAWAL_JOURNAL_FILE),
      magic: WITHDRAWAL_JOURNAL_MAGIC,
    });
    try {
      const pending = new Map<bigint, PendingWithdrawal>();
      for (const bytes of records) apply(pending, decode(bytes));
      return new WithdrawalJournal(log, pending);
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  /** Requests sent (or about to be) and not settled, oldest first. */
  pending(): PendingWithdrawal[] {
    return [...this.#pending.values()].sort((a, b) => a.requestedAt - b.requestedAt);
  }

  has(commitment: bigint): boolean {
    return this.#pending.has(commitment);
  }

  requested(parameters: { commitment: bigint; recipient: Address; relayerFee: bigint; at: number }): Promise<void> {
    return this.#append({
      type: "requested",
      commitment: parameters.commitment.toString(),
      recipient: parameters.recipient,
      relayerFee: parameters.relayerFee.toString(),
      at: parameters.at,
    });
  }

  sent(commitment: bigint, txHash: Hex): Promise<void> {
    return this.#append({ type: "sent", commitment: commitment.toString(), txHash });
  }

  settled(commitment: bigint, outcome: WithdrawalOutcome, txHash?: Hex): Promise<void> {
    return this.#append({
      type: "settled",
      commitment: commitment.toString(),
      outcome,
      ...(txHash === undefined ? {} : { txHash }),
    });
  }

  close(): Promise<void> {
    return this.#log.close();
  }

  async #append(record: JournalRecord): Promise<void> {
    await this.#log.append(new TextEncoder().encode(JSON.stringify(record)));
    apply(this.#pending, record);
  }
}

function decode(bytes: Uint8Array): JournalRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new LogCorruptError("A withdrawal journal record is not JSON", { cause });
  }
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) throw new LogCorruptError("A withdrawal journal record has an unknown shape");
  return parsed.data;
}

function apply(pending: Map<bigint, PendingWithdrawal>, record: JournalRecord): void {
  const commitment = BigInt(record.commitment);
  switch (record.type) {
    case "requested":
      pending.set(commitment, {
        commitment,
        recipient: record.recipient as Address,
        relayerFee: BigInt(record.relayerFee),
        requestedAt: record.at,
        txHash: undefined,
      });
      return;
    case "sent": {
      const entry = pending.get(commitment);
      if (entry) entry.txHash = record.txHash as Hex;
      return;
    }
    case "settled":
      pending.delete(commitment);
      return;
  }
}
