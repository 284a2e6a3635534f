import { createHash } from "node:crypto";
import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import {
  CONTEXT_ENVELOPE_OVERHEAD,
  MAX_CONTEXT_ENVELOPE_BYTES,
  MAX_CONTEXT_PLAINTEXT_BYTES,
  SealingError,
  assertContextContentId,
  contextContentId,
  decryptContext,
  encryptContext,
  type SealingErrorReason,
} from "../../src/sealing/index.ts";

const binding = { chainId: 31337, owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;
const otherOwner = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const context = new TextEncoder().encode("mailbox export: 3 messages, 1 attachment; confidential");

function reasonOf(fn: () => unknown): SealingErrorReason {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SealingError);
    expect((error as SealingError).retryable).toBe(false);
    return (error as SealingError).reason;
  }
  throw new Error("expected a SealingError");
}

describe("encryptContext / decryptContext", () => {
  it("should round-trip a context under its owner binding", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    expect(decryptContext(envelope, contentKey, binding)).toEqual(context);
    expect(contentKey).toBeInstanceOf(Uint8Array);
    expect(contentKey).toHaveLength(32);
  });

  it("should round-trip an empty context", () => {
    const { envelope, contentKey } = encryptContext(new Uint8Array(0), binding);
    expect(envelope).toHaveLength(CONTEXT_ENVELOPE_OVERHEAD);
    expect(decryptContext(envelope, contentKey, binding)).toEqual(new Uint8Array(0));
  });

  it("should write a versioned envelope: magic LHCX, version 1, 24-byte nonce, ciphertext and tag", () => {
    const { envelope } = encryptContext(context, binding);
    expect(new TextDecoder().decode(envelope.subarray(0, 4))).toBe("LHCX");
    expect(envelope[4]).toBe(1);
    expect(envelope).toHaveLength(5 + 24 + context.length + 16);
  });

  it("should name the envelope by the sha256 of all its bytes", () => {
    const { envelope, contentId } = encryptContext(context, binding);
    expect(contentId).toBe(`0x${createHash("sha256").update(envelope).digest("hex")}`);
    expect(contextContentId(envelope)).toBe(contentId);
    expect(() => assertContextContentId(envelope, contentId)).not.toThrow();
    expect(() =>
      assertContextContentId(envelope, contentId.toUpperCase().replace("0X", "0x") as `0x${string}`),
    ).not.toThrow();
    expect(reasonOf(() => assertContextContentId(envelope, bytesToHex(new Uint8Array(32))))).toBe(
      "content-id-mismatch",
    );
  });

  it("should use a fresh key and nonce for every envelope", () => {
    const a = encryptContext(context, binding);
    const b = encryptContext(context, binding);
    expect(a.contentKey).not.toEqual(b.contentKey);
    expect(a.envelope.subarray(5, 29)).not.toEqual(b.envelope.subarray(5, 29));
    expect(a.contentId).not.toBe(b.contentId);
  });

  it("should fail with another content key", () => {
    const { envelope } = encryptContext(context, binding);
    const other = encryptContext(context, binding).contentKey;
    expect(reasonOf(() => decryptContext(envelope, other, binding))).toBe("authentication-failed");
  });

  it("should fail under another owner or another chain", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    expect(reasonOf(() => decryptContext(envelope, contentKey, { ...binding, owner: otherOwner }))).toBe(
      "authentication-failed",
    );
    expect(reasonOf(() => decryptContext(envelope, contentKey, { ...binding, chainId: 1 }))).toBe(
      "authentication-failed",
    );
  });

  it("should fail on a flip of any bit of the envelope", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    for (let index = 0; index < envelope.length; index++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = envelope.slice();
        tampered[index]! ^= 1 << bit;
        const expected = index < 4 ? "bad-magic" : index === 4 ? "unsupported-version" : "authentication-failed";
        expect(
          reasonOf(() => decryptContext(tampered, contentKey, binding)),
          `byte ${index} bit ${bit}`,
        ).toBe(expected);
      }
    }
  });

  it("should fail on every truncation and on appended bytes", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    for (let length = 0; length < envelope.length; length++) {
      const expected = length < CONTEXT_ENVELOPE_OVERHEAD ? "truncated" : "authentication-failed";
      expect(
        reasonOf(() => decryptContext(envelope.slice(0, length), contentKey, binding)),
        `length ${length}`,
      ).toBe(expected);
    }
    const extended = new Uint8Array(envelope.length + 1);
    extended.set(envelope);
    expect(reasonOf(() => decryptContext(extended, contentKey, binding))).toBe("authentication-failed");
  });

  it("should accept a context at the 16 MiB envelope limit and refuse one byte more", () => {
    expect(MAX_CONTEXT_ENVELOPE_BYTES).toBe(16 * 1024 * 1024);
    const largest = new Uint8Array(MAX_CONTEXT_PLAINTEXT_BYTES).fill(0x5a);
    const { envelope, contentKey } = encryptContext(largest, binding);
    expect(envelope).toHaveLength(MAX_CONTEXT_ENVELOPE_BYTES);
    // Buffer.equals, not toEqual: the matcher walks 16 million indices as object keys.
    expect(Buffer.from(decryptContext(envelope, contentKey, binding)).equals(largest)).toBe(true);
    expect(reasonOf(() => encryptContext(new Uint8Array(MAX_CONTEXT_PLAINTEXT_BYTES + 1), binding))).toBe("oversized");
    const oversized = new Uint8Array(MAX_CONTEXT_ENVELOPE_BYTES + 1);
    oversized.set(envelope);
    expect(reasonOf(() => decryptContext(oversized, contentKey, binding))).toBe("oversized");
  }, 20_000);

  it("should refuse keys of the wrong size, owners that are not addresses and bad chain ids", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    expect(reasonOf(() => decryptContext(envelope, contentKey.subarray(0, 31), binding))).toBe("invalid-key");
    expect(reasonOf(() => decryptContext(envelope, "key" as unknown as Uint8Array, binding))).toBe("invalid-key");
    expect(reasonOf(() => encryptContext(context, { ...binding, owner: "0x1234" }))).toBe("invalid-binding");
    expect(reasonOf(() => encryptContext(context, { ...binding, owner: undefined as unknown as "0x" }))).toBe(
      "invalid-binding",
    );
    expect(reasonOf(() => encryptContext(context, { ...binding, chainId: 0 }))).toBe("invalid-binding");
    expect(reasonOf(() => encryptContext(context, { ...binding, chainId: 1.5 }))).toBe("invalid-binding");
    expect(reasonOf(() => encryptContext("text" as unknown as Uint8Array, binding))).toBe("invalid-input");
  });

  it("should accept the owner address in any letter case", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    const lower = { ...binding, owner: binding.owner.toLowerCase() as `0x${string}` };
    expect(decryptContext(envelope, contentKey, lower)).toEqual(context);
  });

  it("should refuse an envelope of an unknown version before trying any key", () => {
    const { envelope, contentKey } = encryptContext(context, binding);
    const future = envelope.slice();
    future[4] = 2;
    expect(reasonOf(() => decryptContext(future, contentKey, binding))).toBe("unsupported-version");
  });
});
