import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  concat,
  getAddress,
  hashTypedData,
  keccak256,
  numberToHex,
  parseEther,
  parseSignature,
  size,
  slice,
  toHex,
  zeroHash,
  type Hex,
} from "viem";
import { networkHelpers, viem } from "../fixtures/deploy-fixture.ts";
import { identityKey, SEALING_KEY, setupJobFlow } from "./helpers/job-flow.ts";
import { identityProofArgs } from "./helpers/identity-proof.ts";
import { merkleProof, merkleRoot, receiptDigest, receiptTypes } from "./helpers/receipts.ts";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const digestsFor = (count: number) => Array.from({ length: count }, (_, i) => keccak256(toHex(`receipt ${i}`)));

/** The same signature with s replaced by n - s and v flipped: valid for plain ecrecover, malleable. */
function malleate(signature: Hex): Hex {
  const { r, s, yParity } = parseSignature(signature);
  return concat([r, numberToHex(SECP256K1_N - BigInt(s), { size: 32 }), yParity === 0 ? "0x1c" : "0x1b"]);
}

async function setup() {
  const flow = await setupJobFlow();
  const agentId = await flow.registerAgent();
  return { ...flow, agentId };
}

describe("ReceiptAnchor", () => {
  describe("# deployment", () => {
    it("should be the EIP-712 verifying contract of the Leasehold domain recorded in the deployment", async () => {
      const { receiptAnchor, deployment, agentRegistry } = await setup();
      const [, name, version, chainId, verifyingContract] = await receiptAnchor.read.eip712Domain();
      assert.equal(name, "Leasehold");
      assert.equal(version, "1");
      assert.equal(chainId, BigInt(deployment.chainId));
      assert.equal(verifyingContract, deployment.contracts.ReceiptAnchor.address);
      assert.equal(getAddress(await receiptAnchor.read.agentRegistry()), getAddress(agentRegistry.address));
    });

    it("should hash the type strings of docs/RECEIPTS.md", async () => {
      const { receiptAnchor } = await setup();
      assert.equal(
        await receiptAnchor.read.CERTIFICATE_TYPEHASH(),
        keccak256(
          toHex(
            "JobKeyCertificate(uint256 jobId,uint256 agentId,address ephemeralKey,bytes32 sealingKey,uint64 notAfter)",
          ),
        ),
      );
      assert.equal(
        await receiptAnchor.read.RECEIPT_TYPEHASH(),
        keccak256(
          toHex(
            "Receipt(uint256 jobId,uint256 agentId,bytes32 codeHash,bytes32 policyHash,bytes32 inputHash,bytes32 outputHash,uint64 fuelUsed,uint64 memoryPeakBytes,uint32 capabilityCalls,uint64 startedAt,uint64 endedAt,uint8 outcome,address ephemeralKey,bytes certificate)",
          ),
        ),
      );
    });
  });

  describe("# receiptDigest", () => {
    it("should equal viem's EIP-712 hash of the receipt", async () => {
      const { receiptAnchor, domain, makeReceipt, agentId } = await setup();
      const { receipt } = await makeReceipt(1n, agentId, { outcome: 2, capabilityCalls: 2 ** 32 - 1 });
      assert.equal(await receiptAnchor.read.receiptDigest([receipt]), receiptDigest(domain, receipt));
    });
  });

  describe("# certificateDigest", () => {
    it("should equal viem's EIP-712 hash of the certificate", async () => {
      const { receiptAnchor, domain, identity } = await setup();
      const message = {
        jobId: 7n,
        agentId: 1n,
        ephemeralKey: identity.address,
        sealingKey: SEALING_KEY,
        notAfter: 99n,
      };
      assert.equal(
        await receiptAnchor.read.certificateDigest([7n, 1n, identity.address, SEALING_KEY, 99n]),
        hashTypedData({ domain, types: receiptTypes, primaryType: "JobKeyCertificate", message }),
      );
    });
  });

  describe("# anchor", () => {
    it("should record the batch under its derived id and emit BatchAnchored", async () => {
      const { receiptAnchor, operator, agentId, now } = await setup();
      const root = merkleRoot(digestsFor(5));
      const batchId = await receiptAnchor.read.batchIdOf([agentId, root]);
      assert.equal(batchId, keccak256(concat([numberToHex(agentId, { size: 32 }), root])));
      await viem.assertions.emitWithArgs(
        receiptAnchor.write.anchor([agentId, root, 5n], { account: operator.account }),
        receiptAnchor,
        "BatchAnchored",
        [batchId, agentId, getAddress(operator.account.address), root, 5n],
      );
      assert.deepEqual(await receiptAnchor.read.getBatch([batchId]), {
        agentId,
        leafCount: 5n,
        anchoredAt: await now(),
      });
    });

    it("should accept the agent's current identity", async () => {
      const { receiptAnchor, identity, agentId } = await setup();
      await networkHelpers.setBalance(identity.address, parseEther("1"));
      const root = merkleRoot(digestsFor(1));
      await receiptAnchor.write.anchor([agentId, root, 1n], { account: identity });
      assert.equal(
        (await receiptAnchor.read.getBatch([await receiptAnchor.read.batchIdOf([agentId, root])])).leafCount,
        1n,
      );
    });

    it("should accept a retired agent's operator, whose last receipts must stay provable", async () => {
      const { receiptAnchor, agentRegistry, operator, agentId } = await setup();
      await agentRegistry.write.retire([agentId], { account: operator.account });
      await receiptAnchor.write.anchor([agentId, merkleRoot(digestsFor(2)), 2n], { account: operator.account });
    });

    it("should revert with ReceiptAnchorNotAgent for an identity rotated away", async () => {
      const { receiptAnchor, agentRegistry, operator, identity, agentId } = await setup();
      const next = identityKey("agent-1-next");
      await agentRegistry.write.rotateIdentity(
        [agentId, next.address, ...(await identityProofArgs(agentRegistry, next, operator.account.address, agentId))],
        { account: operator.account },
      );
      await networkHelpers.setBalance(identity.address, parseEther("1"));
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.write.anchor([agentId, merkleRoot(digestsFor(1)), 1n], { account: identity }),
        receiptAnchor,
        "ReceiptAnchorNotAgent",
        [agentId, identity.address],
      );
    });

    it("should revert with ReceiptAnchorNotAgent for anyone else", async () => {
      const { receiptAnchor, other, agentId } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.write.anchor([agentId, merkleRoot(digestsFor(1)), 1n], { account: other.account }),
        receiptAnchor,
        "ReceiptAnchorNotAgent",
        [agentId, getAddress(other.account.address)],
      );
    });

    it("should revert with the registry's AgentRegistryUnknownAgent for an unknown agent", async () => {
      const { receiptAnchor, agentRegistry, operator } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.write.anchor([9n, merkleRoot(digestsFor(1)), 1n], { account: operator.account }),
        agentRegistry,
        "AgentRegistryUnknownAgent",
        [9n],
      );
    });

    it("should revert with ReceiptAnchorZeroRoot without a root", async () => {
      const { receiptAnchor, operator, agentId } = await setup();
      await viem.assertions.revertWithCustomError(
        receiptAnchor.write.anchor([agentId, zeroHash, 1n], { account: operator.account }),
        receiptAnchor,
        "ReceiptAnchorZeroRoot",
      );
    });

    it("should revert with ReceiptAnchorEmptyBatch without leaves", async () => {
      const { receiptAnchor, operator, agentId } = await setup();
      await viem.assertions.revertWithCustomError(
        receiptAnchor.write.anchor([agentId, merkleRoot(digestsFor(1)), 0n], { account: operator.account }),
        receiptAnchor,
        "ReceiptAnchorEmptyBatch",
      );
    });

    it("should revert with ReceiptAnchorBatchExists for the same root twice", async () => {
      const { receiptAnchor, operator, agentId } = await setup();
      const root = merkleRoot(digestsFor(3));
      await receiptAnchor.write.anchor([agentId, root, 3n], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.write.anchor([agentId, root, 4n], { account: operator.account }),
        receiptAnchor,
        "ReceiptAnchorBatchExists",
        [await receiptAnchor.read.batchIdOf([agentId, root])],
      );
    });

    it("should let two agents anchor the same root as two batches", async () => {
      const { receiptAnchor, agentRegistry, operator, agentId } = await setup();
      const second = identityKey("agent-2");
      await agentRegistry.write.register(
        [
          second.address,
          keccak256(toHex("code-2")),
          "",
          ...(await identityProofArgs(agentRegistry, second, operator.account.address)),
        ],
        { account: operator.account },
      );
      const root = merkleRoot(digestsFor(3));
      await receiptAnchor.write.anchor([agentId, root, 3n], { account: operator.account });
      await receiptAnchor.write.anchor([agentId + 1n, root, 3n], { account: operator.account });
      const batch = await receiptAnchor.read.getBatch([await receiptAnchor.read.batchIdOf([agentId + 1n, root])]);
      assert.equal(batch.agentId, agentId + 1n);
    });
  });

  describe("# getBatch", () => {
    it("should revert with ReceiptAnchorUnknownBatch for an id never anchored", async () => {
      const { receiptAnchor } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.read.getBatch([zeroHash]),
        receiptAnchor,
        "ReceiptAnchorUnknownBatch",
        [zeroHash],
      );
    });
  });

  describe("# verifyInclusion", () => {
    it("should prove every leaf of trees of 1 to 9 receipts built from the spec", async () => {
      const { receiptAnchor, anchor, agentId } = await setup();
      for (let count = 1; count <= 9; count++) {
        const digests = digestsFor(count).map((digest) => keccak256(concat([digest, toHex(count)])));
        const { batchId } = await anchor(agentId, digests);
        for (let index = 0; index < count; index++) {
          const proof = merkleProof(digests, index);
          assert.equal(await receiptAnchor.read.verifyInclusion([batchId, digests[index]!, proof]), true);
        }
      }
    });

    it("should reject a digest not in the batch, a wrong proof and an unknown batch", async () => {
      const { receiptAnchor, anchor, agentId } = await setup();
      const digests = digestsFor(4);
      const { batchId, root } = await anchor(agentId, digests);
      const proof = merkleProof(digests, 2);
      assert.equal(await receiptAnchor.read.verifyInclusion([batchId, digests[1]!, proof]), false);
      assert.equal(await receiptAnchor.read.verifyInclusion([batchId, digests[2]!, proof.slice(1)]), false);
      assert.equal(await receiptAnchor.read.verifyInclusion([batchId, digests[2]!, [...proof, root]]), false);
      assert.equal(await receiptAnchor.read.verifyInclusion([zeroHash, digests[2]!, proof]), false);
    });

    it("should reject an inner node passed off as a leaf", async () => {
      const { receiptAnchor, anchor, agentId } = await setup();
      const digests = digestsFor(4);
      const { batchId } = await anchor(agentId, digests);
      // The leaves' parent is a real node of the tree; the 0x00/0x01 prefixes keep it from posing as a digest.
      const proof = merkleProof(digests, 0);
      const parent = merkleRoot(digests.slice(0, 2));
      assert.equal(await receiptAnchor.read.verifyInclusion([batchId, parent, proof.slice(1)]), false);
    });
  });

  describe("# verifyReceipt", () => {
    it("should return the digest of a receipt that passes all three steps", async () => {
      const { receiptAnchor, domain, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      assert.equal(await receiptAnchor.read.verifyReceipt([signed]), receiptDigest(domain, signed.receipt));
    });

    it("should accept a receipt ending exactly at notAfter", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId, { endedAt: 1_000n, notAfter: 1_000n });
      await receiptAnchor.read.verifyReceipt([signed]);
    });

    it("should accept a certificate by an identity the agent used before rotating", async () => {
      const { receiptAnchor, agentRegistry, operator, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      const next = identityKey("agent-1-next");
      await agentRegistry.write.rotateIdentity(
        [agentId, next.address, ...(await identityProofArgs(agentRegistry, next, operator.account.address, agentId))],
        { account: operator.account },
      );
      await receiptAnchor.read.verifyReceipt([signed]);
    });

    it("should revert with ReceiptAnchorCertificateSignerNotAgent for a key that is no identity of the agent", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const stranger = identityKey("stranger");
      const signed = await makeReceipt(1n, agentId, { signer: stranger });
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.read.verifyReceipt([signed]),
        receiptAnchor,
        "ReceiptAnchorCertificateSignerNotAgent",
        [stranger.address, agentId],
      );
    });

    it("should revert with ReceiptAnchorCertificateSignerNotAgent for agent 0 and an unused key", async () => {
      const { receiptAnchor, makeReceipt } = await setup();
      const stranger = identityKey("stranger");
      const signed = await makeReceipt(1n, 0n, { signer: stranger });
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.read.verifyReceipt([signed]),
        receiptAnchor,
        "ReceiptAnchorCertificateSignerNotAgent",
        [stranger.address, 0n],
      );
    });

    it("should revert with ReceiptAnchorCertificateSignerNotAgent for another agent's identity", async () => {
      const { receiptAnchor, agentRegistry, operator, makeReceipt, agentId } = await setup();
      const second = identityKey("agent-2");
      await agentRegistry.write.register(
        [
          second.address,
          keccak256(toHex("code-2")),
          "",
          ...(await identityProofArgs(agentRegistry, second, operator.account.address)),
        ],
        { account: operator.account },
      );
      const signed = await makeReceipt(1n, agentId, { signer: second });
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.read.verifyReceipt([signed]),
        receiptAnchor,
        "ReceiptAnchorCertificateSignerNotAgent",
        [second.address, agentId],
      );
    });

    it("should revert with ReceiptAnchorCertificateSignerNotAgent when a certified field is changed", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      const tampered = { ...signed, sealingKey: keccak256(toHex("attacker x25519 key")) };
      await viem.assertions.revertWithCustomError(
        receiptAnchor.read.verifyReceipt([tampered]),
        receiptAnchor,
        "ReceiptAnchorCertificateSignerNotAgent",
      );
    });

    it("should revert with ReceiptAnchorWrongReceiptSigner for a receipt not signed by its ephemeral key", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      const other = await makeReceipt(2n, agentId);
      const forged = { ...signed, signature: other.signature };
      await viem.assertions.revertWithCustomError(
        receiptAnchor.read.verifyReceipt([forged]),
        receiptAnchor,
        "ReceiptAnchorWrongReceiptSigner",
      );
    });

    it("should revert with ReceiptAnchorWrongReceiptSigner when a signed field is changed", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      const tampered = { ...signed, receipt: { ...signed.receipt, fuelUsed: 1n } };
      await viem.assertions.revertWithCustomError(
        receiptAnchor.read.verifyReceipt([tampered]),
        receiptAnchor,
        "ReceiptAnchorWrongReceiptSigner",
      );
    });

    it("should revert with ReceiptAnchorReceiptAfterNotAfter one second past notAfter", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId, { endedAt: 1_001n, notAfter: 1_000n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.read.verifyReceipt([signed]),
        receiptAnchor,
        "ReceiptAnchorReceiptAfterNotAfter",
        [1_001n, 1_000n],
      );
    });

    it("should revert with ECDSAInvalidSignatureS for a malleable certificate or receipt signature", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      for (const malleable of [
        { ...signed, receipt: { ...signed.receipt, certificate: malleate(signed.receipt.certificate) } },
        { ...signed, signature: malleate(signed.signature) },
      ]) {
        await viem.assertions.revertWithCustomError(
          receiptAnchor.read.verifyReceipt([malleable]),
          receiptAnchor,
          "ECDSAInvalidSignatureS",
        );
      }
    });

    it("should revert with ECDSAInvalidSignatureLength for a 64-byte (ERC-2098) signature", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      const short = slice(signed.signature, 0, 64);
      assert.equal(size(short), 64);
      await viem.assertions.revertWithCustomErrorWithArgs(
        receiptAnchor.read.verifyReceipt([{ ...signed, signature: short }]),
        receiptAnchor,
        "ECDSAInvalidSignatureLength",
        [64n],
      );
    });

    it("should revert with ECDSAInvalidSignature for a signature that recovers no key", async () => {
      const { receiptAnchor, makeReceipt, agentId } = await setup();
      const signed = await makeReceipt(1n, agentId);
      const badV = concat([slice(signed.signature, 0, 64), "0x1d"]);
      await viem.assertions.revertWithCustomError(
        receiptAnchor.read.verifyReceipt([{ ...signed, signature: badV }]),
        receiptAnchor,
        "ECDSAInvalidSignature",
      );
    });
  });
});
