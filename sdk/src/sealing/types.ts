import type { Address } from "viem";

/**
 * What a context ciphertext is bound to: its owner (the lease grantor) on one chain. Known before
 * the lease exists, so the owner can encrypt, store, then grant a lease naming the content id.
 */
export type ContextBinding = { chainId: number | bigint; owner: Address };

/** What a sealed content key is bound to, besides both X25519 public keys. */
export type SealedKeyBinding = { chainId: number | bigint; jobId: bigint };

export type SealingKeyPair = {
  /** 32 bytes; wipe() it in shred(). */
  secretKey: Uint8Array;
  /** 32 bytes; certified as the job certificate's `sealingKey`. */
  publicKey: Uint8Array;
};
