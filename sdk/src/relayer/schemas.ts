/**
 * Every JSON body of the relayer service (worker/src/relayer), as zod schemas that reject
 * unknown fields. The service validates requests with them and the client validates responses,
 * so both sides hold one definition. uint values travel as canonical decimal strings, bytes32
 * and addresses as 0x hex.
 */
import type { Address, Hex } from "viem";
import { z } from "zod";

const uintString = (bits: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/, "not a canonical decimal integer")
    .max(78)
    .refine((value) => BigInt(value) < 1n << BigInt(bits), `does not fit in uint${bits}`);
const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "not 32 bytes of hex")
  .transform((value) => value as Hex);
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "not an address")
  .transform((value) => value as Address);
const txHash = bytes32;
const pair = z.tuple([uintString(256), uintString(256)]);

/** A Groth16 proof as the verifier takes it (sdk `toSolidityProof`), as decimal strings. */
export const relayProofSchema = z.strictObject({ a: pair, b: z.tuple([pair, pair]), c: pair });
export type RelayProof = z.infer<typeof relayProofSchema>;

/** POST /v1/endorsements: Endorsements.endorse's arguments. */
export const endorsementRelayBodySchema = z.strictObject({
  agentId: uintString(256),
  epoch: uintString(256),
  signal: bytes32,
  root: uintString(256),
  y: uintString(256),
  nullifier: uintString(256),
  proof: relayProofSchema,
});
export type EndorsementRelayBody = z.infer<typeof endorsementRelayBodySchema>;

export const endorsementRelayResponseSchema = z.strictObject({ txHash });
export type EndorsementRelayResponse = z.infer<typeof endorsementRelayResponseSchema>;

/** POST /v1/withdrawals: AnonymousStakeGroup.requestWithdrawal's arguments. */
export const withdrawalRelayBodySchema = z.strictObject({
  commitment: uintString(256),
  recipient: address,
  /** Bound into the proof's scope: stake-token units the relayer is paid at `withdraw`. */
  relayerFee: uintString(96),
  y: uintString(256),
  nullifier: uintString(256),
  proof: relayProofSchema,
});
export type WithdrawalRelayBody = z.infer<typeof withdrawalRelayBodySchema>;

export const withdrawalRelayResponseSchema = z.strictObject({
  txHash,
  /** Chain time (seconds) from which the relayer sends `withdraw`. */
  unlockAt: uintString(64),
});
export type WithdrawalRelayResponse = z.infer<typeof withdrawalRelayResponseSchema>;

/** GET /v1/info. */
export const relayerInfoSchema = z.strictObject({
  /** The account every relayed transaction comes from. */
  relayer: address,
  chainId: z.number().int().positive(),
  contracts: z.strictObject({ endorsements: address, anonymousStakeGroup: address }),
  fees: z.strictObject({
    endorsements: z.strictObject({
      /** Relays endorsements whose gas the relay budget cannot refund. */
      acceptUnpaid: z.boolean(),
      /** The relayer's gas for an endorsement at the current base fee (with its margin): what the budget must refund. */
      estimatedGasCost: uintString(256),
      /** Wei left in the contract's relay budget. */
      relayBudget: uintString(256),
      /** Wei the budget may still refund this epoch. */
      relaySpendLeftThisEpoch: uintString(256),
    }),
    withdrawals: z.strictObject({
      /** The smallest relayerFee, in stake-token units. */
      minimumRelayerFee: uintString(96),
    }),
  }),
  /** Withdrawal requests this relayer sent and has not yet withdrawn. */
  pendingWithdrawals: z.number().int().nonnegative(),
});
export type RelayerInfo = z.infer<typeof relayerInfoSchema>;

/** GET /health. */
export const relayerHealthSchema = z.strictObject({ status: z.literal("ok") });

/** Every refusal: `{ error: { code, message, revert? } }`. */
export const relayerErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    revert: z.object({ name: z.string(), args: z.array(z.string()) }).optional(),
  }),
});
