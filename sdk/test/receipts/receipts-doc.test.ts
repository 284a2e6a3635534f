/**
 * docs/RECEIPTS.md's worked example, read from the doc and checked against the sdk, so that a
 * third party who builds a verifier from the doc alone gets what the code does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  encodeAbiParameters,
  getAbiItem,
  hashStruct,
  keccak256,
  stringToHex,
  toEventSelector,
  type Address,
  type Hex,
} from "viem";
import { describe, expect, it } from "vitest";
import { receiptAnchorAbi } from "../../src/generated/abis.ts";
import { proofResponseSchema, receiptResponseSchema } from "../../src/gateway/schemas.ts";
import {
  buildReceiptTree,
  hashAuditCheckpoint,
  hashLeaf,
  hashNode,
  receiptDomain,
  receiptTypes,
  serializeSignedReceipt,
  verifyInclusion,
  verifySignedReceipt,
} from "../../src/receipts/index.ts";

const doc = readFileSync(path.join(import.meta.dirname, "../../../docs/RECEIPTS.md"), "utf8");

function block(name: string): unknown {
  const match = doc.match(new RegExp("```json " + name + "\\n([\\s\\S]*?)\\n```"));
  if (match === null) throw new Error(`No json ${name} block in docs/RECEIPTS.md`);
  return JSON.parse(match[1]!);
}

function value(row: string): Hex {
  const escaped = row.replace(/[()]/g, "\\$&");
  const match = doc.match(new RegExp(`^\\| ${escaped} +\\| \`(0x[0-9a-f]{64})\` \\|$`, "m"));
  if (match === null) throw new Error(`No row "${row}" in docs/RECEIPTS.md`);
  return match[1] as Hex;
}

function find(pattern: RegExp): string {
  const match = doc.match(pattern);
  if (match === null) throw new Error(`${pattern} not found in docs/RECEIPTS.md`);
  return match[1]!;
}

const chainId = Number(find(/^Domain: chain (\d+),/m));
const domain = receiptDomain({ chainId, receiptAnchor: find(/`ReceiptAnchor` at `(0x[0-9a-fA-F]{40})`/) as Address });
const identity = find(/has the identity `(0x[0-9a-fA-F]{40})`/) as Address;
const response = receiptResponseSchema.parse(block("receipt-response"));
const proofResponse = proofResponseSchema.parse(block("proof-response"));
const { agentId } = response.signedReceipt.receipt;

describe("docs/RECEIPTS.md worked example", () => {
  it("should give a receipt that the sdk verifies, with the digests the doc states", async () => {
    expect(domain.verifyingContract).toBe(find(/`ReceiptAnchor` at `(0x[0-9a-fA-F]{40})`/));
    const verified = await verifySignedReceipt({
      signedReceipt: response.signedReceipt,
      domain,
      isAgentIdentity: async (agent, address) => agent === agentId && address === identity,
    });
    expect(verified.identity).toBe(identity);
    expect(verified.digest).toBe(response.digest);
    expect(verified.digest).toBe(value("receipt digest (job 42)"));
    expect(verified.certificateDigest).toBe(value("certificate digest"));
    expect(hashStruct({ data: response.signedReceipt.receipt, primaryType: "Receipt", types: receiptTypes })).toBe(
      value("receipt struct hash"),
    );
  });

  it("should show the JSON exactly as the sdk writes it", () => {
    const { signedReceipt } = block("receipt-response") as { signedReceipt: unknown };
    expect(serializeSignedReceipt(response.signedReceipt)).toBe(JSON.stringify(signedReceipt));
  });

  it("should state the domain separator of its formula", () => {
    const separator = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(stringToHex("Leasehold")),
          keccak256(stringToHex("1")),
          BigInt(chainId),
          domain.verifyingContract,
        ],
      ),
    );
    expect(separator).toBe(value("domain separator"));
  });

  it("should build the batch the doc shows: leaves, root, batch id and proof", () => {
    const head = find(/head\s+(0x[0-9a-f]{64})\)/) as Hex;
    const seq = BigInt(find(/seq (\d+), head/));
    const checkpointDigest = hashAuditCheckpoint({ checkpoint: { agentId, seq, head }, domain });
    expect(checkpointDigest).toBe(value("checkpoint digest"));

    const digests = [value("receipt digest (job 42)"), value("receipt digest (job 43)"), checkpointDigest];
    const tree = buildReceiptTree(digests);
    expect(tree.layers[0]).toEqual([value("leaf 0 (job 42)"), value("leaf 1 (job 43)"), value("leaf 2 (checkpoint)")]);
    expect(digests.map(hashLeaf)).toEqual(tree.layers[0]);
    expect(hashNode(value("leaf 0 (job 42)"), value("leaf 1 (job 43)"))).toBe(value("node(leaf 0, leaf 1)"));
    expect(tree.root).toBe(value("root"));
    const batchId = keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "bytes32" }], [agentId, tree.root]));
    expect(batchId).toBe(value("batch id"));

    expect(proofResponse).toEqual({
      batchId,
      root: tree.root,
      leafCount: digests.length,
      index: 0,
      digest: response.digest,
      proof: tree.proof(0),
    });
    expect(verifyInclusion(proofResponse.root, proofResponse.digest, proofResponse.proof)).toBe(true);
  });

  it("should describe the BatchAnchored event the contract emits", () => {
    const event = getAbiItem({ abi: receiptAnchorAbi, name: "BatchAnchored" });
    const signature = find(/topic0 = keccak256\("(BatchAnchored\([^)]*\))"\)/);
    expect(toEventSelector(event)).toBe(toEventSelector(signature));
    expect(toEventSelector(signature)).toBe(find(/^\/\/ {8}= (0x[0-9a-f]{64})$/m));
    expect(event.inputs.map((input) => [input.name, input.type, input.indexed])).toEqual([
      ["batchId", "bytes32", true],
      ["agentId", "uint256", true],
      ["anchoredBy", "address", true],
      ["root", "bytes32", false],
      ["leafCount", "uint64", false],
    ]);
  });
});
