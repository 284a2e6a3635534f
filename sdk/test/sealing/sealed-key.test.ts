import { keccak256, recoverAddress, stringToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { hashCertificate, receiptDomain, signCertificate } from "../../src/receipts/index.ts";
import {
  SEALED_KEY_BYTES,
  SealingError,
  decryptContext,
  encryptContext,
  generateSealingKeyPair,
  openSealedKey,
  sealContentKey,
  sealingKeyFromHex,
  sealingKeyToHex,
  wipe,
  type SealingErrorReason,
} from "../../src/sealing/index.ts";

const binding = { chainId: 31337, jobId: 42n };
const job = generateSealingKeyPair();
const contentKey = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

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

describe("sealContentKey / openSealedKey", () => {
  it("should open to the content key with the job's secret and binding", () => {
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    expect(sealed).toHaveLength(SEALED_KEY_BYTES);
    expect(openSealedKey(sealed, job.secretKey, binding)).toEqual(contentKey);
  });

  it("should write magic LHSK, version 1 and a fresh sender key per sealing", () => {
    const a = sealContentKey(contentKey, job.publicKey, binding);
    const b = sealContentKey(contentKey, job.publicKey, binding);
    expect(new TextDecoder().decode(a.subarray(0, 4))).toBe("LHSK");
    expect(a[4]).toBe(1);
    expect(SEALED_KEY_BYTES).toBe(5 + 32 + 24 + 32 + 16);
    expect(a.subarray(5, 37)).not.toEqual(b.subarray(5, 37));
    expect(a.subarray(5, 37)).not.toEqual(job.publicKey);
  });

  it("should not open with another recipient's secret", () => {
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    expect(reasonOf(() => openSealedKey(sealed, generateSealingKeyPair().secretKey, binding))).toBe(
      "authentication-failed",
    );
  });

  it("should not open for another job or chain, even with the same recipient key", () => {
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    expect(reasonOf(() => openSealedKey(sealed, job.secretKey, { ...binding, jobId: 43n }))).toBe(
      "authentication-failed",
    );
    expect(reasonOf(() => openSealedKey(sealed, job.secretKey, { ...binding, chainId: 1n }))).toBe(
      "authentication-failed",
    );
  });

  it("should fail on a bit flip in any byte", () => {
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    for (let index = 0; index < sealed.length; index++) {
      const tampered = sealed.slice();
      tampered[index]! ^= 1 << (index % 8);
      const reason = reasonOf(() => openSealedKey(tampered, job.secretKey, binding));
      const expected =
        index < 4 ? ["bad-magic"] : index === 4 ? ["unsupported-version"] : ["authentication-failed", "invalid-key"];
      expect(expected, `byte ${index}`).toContain(reason);
    }
  });

  it("should fail when only the X25519-ignored top bit of the sender key is flipped", () => {
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    const tampered = sealed.slice();
    tampered[5 + 31]! ^= 0x80;
    expect(reasonOf(() => openSealedKey(tampered, job.secretKey, binding))).toBe("authentication-failed");
  });

  it("should fail on every truncation and on appended bytes", () => {
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    for (let length = 0; length < sealed.length; length++) {
      expect(
        reasonOf(() => openSealedKey(sealed.slice(0, length), job.secretKey, binding)),
        `length ${length}`,
      ).toBe("truncated");
    }
    const extended = new Uint8Array(sealed.length + 1);
    extended.set(sealed);
    expect(reasonOf(() => openSealedKey(extended, job.secretKey, binding))).toBe("oversized");
  });

  it("should refuse low-order public keys and keys of the wrong size", () => {
    expect(reasonOf(() => sealContentKey(contentKey, new Uint8Array(32), binding))).toBe("invalid-key");
    const sealed = sealContentKey(contentKey, job.publicKey, binding);
    const lowOrderSender = sealed.slice();
    lowOrderSender.fill(0, 5, 37);
    expect(reasonOf(() => openSealedKey(lowOrderSender, job.secretKey, binding))).toBe("invalid-key");
    expect(reasonOf(() => sealContentKey(contentKey.subarray(0, 16), job.publicKey, binding))).toBe("invalid-key");
    expect(reasonOf(() => sealContentKey(contentKey, job.publicKey.subarray(1), binding))).toBe("invalid-key");
    expect(reasonOf(() => openSealedKey(sealed, job.secretKey.subarray(1), binding))).toBe("invalid-key");
    expect(reasonOf(() => sealContentKey(contentKey, job.publicKey, { ...binding, jobId: -1n }))).toBe(
      "invalid-binding",
    );
  });
});

describe("sealing keys in certificates", () => {
  it("should carry the job's public key as the certificate's bytes32 sealingKey and back", async () => {
    const identity = privateKeyToAccount(keccak256(stringToHex("identity")));
    const domain = receiptDomain({ chainId: 31337, receiptAnchor: identity.address });
    const sealingKey = sealingKeyToHex(job.publicKey);
    const certificate = { jobId: 42n, agentId: 1n, ephemeralKey: identity.address, sealingKey, notAfter: 10n };
    const signature = await signCertificate({ account: identity, domain, certificate });
    expect(await recoverAddress({ hash: hashCertificate({ certificate, domain }), signature })).toBe(identity.address);
    expect(sealingKeyFromHex(sealingKey)).toEqual(job.publicKey);
    expect(reasonOf(() => sealingKeyFromHex("0x1234"))).toBe("invalid-key");
  });
});

describe("wipe", () => {
  it("should zero every buffer it is given", () => {
    const pair = generateSealingKeyPair();
    const key = contentKey.slice();
    expect(pair.secretKey).toBeInstanceOf(Uint8Array);
    wipe(pair.secretKey, key, undefined);
    expect(pair.secretKey.every((byte) => byte === 0)).toBe(true);
    expect(key.every((byte) => byte === 0)).toBe(true);
  });
});

describe("lending a context to a job", () => {
  it("should let only the job read the context, with every key wiped after use", () => {
    // Data owner: encrypt, seal the content key to the job's certified key, wipe the key.
    const context = new TextEncoder().encode("the borrowed context");
    const owner = { chainId: 31337, owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } as const;
    const { envelope, contentKey: ownerKey } = encryptContext(context, owner);
    const sealed = sealContentKey(ownerKey, job.publicKey, binding);
    wipe(ownerKey);
    expect(ownerKey.every((byte) => byte === 0)).toBe(true);

    // Worker, in spin(): open the key, decrypt; in shred(): wipe key and plaintext.
    const workerKey = openSealedKey(sealed, job.secretKey, binding);
    const plaintext = decryptContext(envelope, workerKey, owner);
    expect(new TextDecoder().decode(plaintext)).toBe("the borrowed context");
    wipe(workerKey, plaintext);
    expect([...workerKey, ...plaintext].every((byte) => byte === 0)).toBe(true);
  });
});
