/**
 * Staked identities. An identity is one secret field element; its public commitment is
 * Poseidon(secret), and the tree leaf that puts stake behind it is Poseidon(commitment, amount).
 *
 * One secret, not Semaphore v3's (nullifier, trapdoor) pair: the secret is already uniform over
 * the field (about 253.6 bits), a pair would only add a Poseidon to the circuit, and the
 * rate-limiting share is built so that signalling twice in a scope reveals the secret anyway.
 */
import { poseidon1, poseidon2 } from "poseidon-lite";
import { bytesToBigInt } from "viem";
import { stakeMembership } from "./config.ts";
import { InvalidStakeProofInputError } from "./errors.ts";
import { requireField, SNARK_SCALAR_FIELD } from "./field.ts";
import type { Field, IdentitySecret } from "./types.ts";

/** Fills a buffer with random bytes; defaults to the platform's cryptographic RNG. */
export type RandomBytes = (length: number) => Uint8Array;

const cryptoRandomBytes: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

/** The largest stake amount and threshold the circuit accepts: 2^amountBits - 1. */
export const MAX_STAKE_AMOUNT = (1n << BigInt(stakeMembership.amountBits)) - 1n;

/**
 * A new identity secret, uniform in [1, p) by rejection sampling over 254-bit strings (no modulo
 * bias). Pass `randomBytes` only for reproducible tests.
 */
export function generateIdentitySecret(randomBytes: RandomBytes = cryptoRandomBytes): IdentitySecret {
  for (;;) {
    const bytes = randomBytes(32);
    bytes[0]! &= 0x3f;
    const candidate = bytesToBigInt(bytes);
    if (candidate !== 0n && candidate < SNARK_SCALAR_FIELD) return candidate;
  }
}

export function identityCommitment(secret: IdentitySecret): Field {
  requireIdentitySecret(secret);
  return poseidon1([secret]);
}

/** The leaf the stake group inserts: Poseidon(commitment, stakeAmount), stakeAmount < 2^amountBits. */
export function stakeLeaf(commitment: Field, stakeAmount: bigint): Field {
  requireField(commitment, "commitment");
  requireStakeAmount(stakeAmount, "stakeAmount");
  return poseidon2([commitment, stakeAmount]);
}

/**
 * The one rule for secrets, shared with AnonymousStakeGroup: a field element other than 0. The
 * secret 0 is a constant everyone knows (its commitment Poseidon(0) too), so the group refuses to
 * deposit behind Poseidon(0) and to slash 0, and the sdk refuses to use it.
 */
export function requireIdentitySecret(secret: bigint): IdentitySecret {
  requireField(secret, "secret");
  if (secret === 0n) throw new InvalidStakeProofInputError("secret must not be 0");
  return secret;
}

export function requireStakeAmount(amount: bigint, name: string): bigint {
  if (typeof amount !== "bigint" || amount < 0n || amount > MAX_STAKE_AMOUNT) {
    throw new InvalidStakeProofInputError(
      `${name} must be in [0, 2^${stakeMembership.amountBits}), got ${String(amount)}`,
    );
  }
  return amount;
}
