/** What a context ciphertext is bound to: replaying it under another lease or chain fails. */
export type ContextBinding = { chainId: number | bigint; leaseId: bigint };

/** What a sealed content key is bound to, besides both X25519 public keys. */
export type SealedKeyBinding = { chainId: number | bigint; jobId: bigint };

export type SealingKeyPair = {
  /** 32 bytes; wipe() it in shred(). */
  secretKey: Uint8Array;
  /** 32 bytes; certified as the job certificate's `sealingKey`. */
  publicKey: Uint8Array;
};
