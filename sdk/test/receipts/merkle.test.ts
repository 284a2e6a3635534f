import { concat, keccak256, stringToHex, toHex, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  InvalidReceiptBatchError,
  buildReceiptTree,
  hashLeaf,
  hashNode,
  verifyInclusion,
} from "../../src/receipts/index.ts";

// The spec's hashing, written independently of the module with viem's keccak256 and concat.
const leaf = (digest: Hex) => keccak256(concat(["0x00", digest]));
const node = (a: Hex, b: Hex) =>
  BigInt(a) <= BigInt(b) ? keccak256(concat(["0x01", a, b])) : keccak256(concat(["0x01", b, a]));

const digest = (i: number) => keccak256(stringToHex(`receipt ${i}`));
const digests = (n: number) => Array.from({ length: n }, (_, i) => digest(i));

/** A small deterministic generator so "random" trees are the same on every run. */
function* xorshift(seed: number) {
  let x = seed;
  for (;;) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield x >>> 0;
  }
}

describe("hashLeaf / hashNode", () => {
  it("should prefix leaves with 0x00 and sorted pairs with 0x01", () => {
    const [a, b] = [digest(1), digest(2)];
    expect(hashLeaf(a)).toBe(leaf(a));
    expect(hashNode(a, b)).toBe(node(a, b));
    expect(hashNode(b, a)).toBe(hashNode(a, b));
  });

  it("should order pairs as uint256, not as strings", () => {
    const low: Hex = `0x${"0".repeat(63)}f`;
    const high: Hex = `0x${"0".repeat(62)}10`;
    expect(hashNode(high, low)).toBe(keccak256(concat(["0x01", low, high])));
  });
});

describe("buildReceiptTree", () => {
  it("should use the leaf as the root of a batch of one", () => {
    const tree = buildReceiptTree([digest(0)]);
    expect(tree.root).toBe(leaf(digest(0)));
    expect(tree.leafCount).toBe(1);
    expect(tree.proof(0)).toEqual([]);
  });

  it("should match known answers for two, three and five leaves", () => {
    const [d0, d1, d2, d3, d4] = digests(5) as [Hex, Hex, Hex, Hex, Hex];
    const [l0, l1, l2, l3, l4] = [leaf(d0), leaf(d1), leaf(d2), leaf(d3), leaf(d4)];
    expect(buildReceiptTree([d0, d1]).root).toBe(node(l0, l1));
    // Three leaves: the odd third leaf is carried up unchanged.
    expect(buildReceiptTree([d0, d1, d2]).root).toBe(node(node(l0, l1), l2));
    // Five leaves: l4 is carried up twice.
    expect(buildReceiptTree([d0, d1, d2, d3, d4]).root).toBe(node(node(node(l0, l1), node(l2, l3)), l4));
  });

  it("should give the siblings from the leaf up as the proof", () => {
    const [d0, d1, d2, d3, d4] = digests(5) as [Hex, Hex, Hex, Hex, Hex];
    const tree = buildReceiptTree([d0, d1, d2, d3, d4]);
    expect(tree.proof(2)).toEqual([leaf(d3), node(leaf(d0), leaf(d1)), leaf(d4)]);
    expect(tree.proof(4)).toEqual([node(node(leaf(d0), leaf(d1)), node(leaf(d2), leaf(d3)))]);
    expect(tree.layers.map((layer) => layer.length)).toEqual([5, 3, 2, 1]);
  });

  it("should reject an empty batch, malformed digests and out-of-range proof indices", () => {
    expect(() => buildReceiptTree([])).toThrow(InvalidReceiptBatchError);
    expect(() => buildReceiptTree(["0x1234"])).toThrow(InvalidReceiptBatchError);
    expect(() => buildReceiptTree([`0x${"zz".repeat(32)}`])).toThrow(InvalidReceiptBatchError);
    const tree = buildReceiptTree(digests(3));
    for (const index of [-1, 3, 1.5, Number.NaN]) {
      expect(() => tree.proof(index)).toThrow(InvalidReceiptBatchError);
    }
  });

  it("should prove every leaf of random trees of sizes 1 to 33", () => {
    const random = xorshift(0x1ea5e);
    for (let size = 1; size <= 33; size++) {
      const batch = Array.from({ length: size }, () => keccak256(toHex(random.next().value as number, { size: 32 })));
      const tree = buildReceiptTree(batch);
      expect(tree.leafCount).toBe(size);
      batch.forEach((d, index) => {
        const proof = tree.proof(index);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        expect(verifyInclusion(tree.root, d, proof), `size ${size} leaf ${index}`).toBe(true);
      });
    }
  });

  it("should build a tree of 10,000 leaves in linear time", () => {
    const batch = digests(10_000);
    const started = performance.now();
    const tree = buildReceiptTree(batch);
    const elapsed = performance.now() - started;
    expect(verifyInclusion(tree.root, batch[7_777]!, tree.proof(7_777))).toBe(true);
    expect(tree.layers).toHaveLength(15);
    // About 20,000 keccak calls; quadratic work would take minutes, not seconds.
    expect(elapsed).toBeLessThan(3_000);
  }, 10_000);
});

describe("verifyInclusion", () => {
  const batch = digests(9);
  const tree = buildReceiptTree(batch);

  it("should reject a digest that is not in the batch", () => {
    expect(verifyInclusion(tree.root, digest(99), tree.proof(0))).toBe(false);
  });

  it("should reject a proof for another leaf, a tampered sibling, a missing or an extra sibling", () => {
    expect(verifyInclusion(tree.root, batch[0]!, tree.proof(5))).toBe(false);
    const proof = tree.proof(3);
    for (let i = 0; i < proof.length; i++) {
      const tampered = [...proof];
      tampered[i] = `${proof[i]!.slice(0, -1)}${proof[i]!.endsWith("0") ? "1" : "0"}` as Hex;
      expect(verifyInclusion(tree.root, batch[3]!, tampered)).toBe(false);
    }
    expect(verifyInclusion(tree.root, batch[3]!, proof.slice(0, -1))).toBe(false);
    expect(verifyInclusion(tree.root, batch[3]!, [...proof, proof[0]!])).toBe(false);
  });

  it("should reject a proof against another root", () => {
    const other = buildReceiptTree(digests(8));
    expect(verifyInclusion(other.root, batch[3]!, tree.proof(3))).toBe(false);
  });

  it("should not accept an inner node presented as a receipt digest (second preimage)", () => {
    // layers[1][0] = node(leaf0, leaf1); its proof from level 1 upwards is proof(0) minus the first sibling.
    const inner = tree.layers[1]![0]!;
    const above = tree.proof(0).slice(1);
    // Sanity: the inner node does fold to the root when treated as a node...
    const folded = above.reduce((acc, sibling) => node(acc, sibling), inner);
    expect(folded).toBe(tree.root);
    // ...but as a digest it is hashed as a leaf first, so it does not verify.
    expect(verifyInclusion(tree.root, inner, above)).toBe(false);
    // Nor does a leaf hash passed off as a digest.
    expect(verifyInclusion(tree.root, tree.layers[0]![0]!, tree.proof(0))).toBe(false);
  });

  it("should throw on malformed hex rather than answer", () => {
    expect(() => verifyInclusion("0x12", batch[0]!, [])).toThrow(InvalidReceiptBatchError);
    expect(() => verifyInclusion(tree.root, batch[0]!, ["0x12"])).toThrow(InvalidReceiptBatchError);
  });
});
