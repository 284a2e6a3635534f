import { readFileSync } from "node:fs";
import path from "node:path";
import { concat, encodeAbiParameters, keccak256, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors.ts";
import {
  createIdentityProof,
  hashIdentityProof,
  IdentityProofError,
  IdentityProofLookupError,
  identityProofDomain,
  identityProofTypes,
  NEW_AGENT,
  parseIdentityProof,
  serializeIdentityProof,
  signIdentityProof,
  verifyIdentityProof,
  type IdentityProofClient,
} from "../../src/receipts/index.ts";

const spec = readFileSync(path.join(import.meta.dirname, "../../../docs/RECEIPTS.md"), "utf8");

const identity = privateKeyToAccount(keccak256(stringToHex("leasehold test identity")));
const stranger = privateKeyToAccount(keccak256(stringToHex("leasehold test stranger")));
const operator: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const otherOperator: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const agentRegistry: Address = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const chainId = 31337;
const deadline = 1_900_000_000n;
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const sign = (overrides: Partial<Parameters<typeof signIdentityProof>[0]> = {}) =>
  signIdentityProof({ account: identity, chainId, agentRegistry, operator, deadline, ...overrides });

async function expectRejected(promise: Promise<unknown>, reason: IdentityProofError["reason"]) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IdentityProofError);
  expect((error as IdentityProofError).reason).toBe(reason);
  expect((error as IdentityProofError).retryable).toBe(false);
}

/** The other encoding of the same ECDSA signature: s' = n - s, v flipped. */
function highSTwin(signature: Hex): Hex {
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = parseInt(signature.slice(130, 132), 16);
  const twinS = (SECP256K1_ORDER - s).toString(16).padStart(64, "0");
  return `${signature.slice(0, 66)}${twinS}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
}

describe("identity proof typed data", () => {
  it("should match the type string of docs/RECEIPTS.md exactly", () => {
    const members = identityProofTypes.IdentityProof.map((member) => `${member.type} ${member.name}`).join(",");
    expect(spec).toMatch(new RegExp(`^IdentityProof\\(${members}\\)$`, "m"));
  });

  it("should hash as EIP-712 computed by hand, as AgentRegistry does", () => {
    const domain = identityProofDomain({ chainId, agentRegistry });
    const proof = { identity: identity.address, operator, agentId: 7n, nonce: 3n, deadline };
    const typeHash = keccak256(
      stringToHex("IdentityProof(address identity,address operator,uint256 agentId,uint256 nonce,uint64 deadline)"),
    );
    const structHash = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" },
          { type: "address" },
          { type: "address" },
          { type: "uint256" },
          { type: "uint256" },
          { type: "uint64" },
        ],
        [typeHash, proof.identity, proof.operator, proof.agentId, proof.nonce, proof.deadline],
      ),
    );
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(stringToHex("Leasehold")),
          keccak256(stringToHex("1")),
          BigInt(chainId),
          agentRegistry,
        ],
      ),
    );
    expect(hashIdentityProof({ proof, domain })).toBe(keccak256(concat(["0x1901", domainSeparator, structHash])));
  });

  it("should refuse a domain with a bad chain id or registry address", () => {
    expect(() => identityProofDomain({ chainId: 0, agentRegistry })).toThrow(InvalidInputError);
    expect(() => identityProofDomain({ chainId, agentRegistry: "0x1234" })).toThrow(InvalidInputError);
  });
});

describe("signIdentityProof", () => {
  it("should sign a registration by default, for nonce 0, naming the key's own address", async () => {
    const signed = await sign();
    expect(signed).toMatchObject({ identity: identity.address, operator, agentId: NEW_AGENT, nonce: 0n, deadline });
    expect(signed.signature).toMatch(/^0x[0-9a-f]{130}$/);
    await expect(verifyIdentityProof({ signedProof: signed })).resolves.toHaveProperty("digest");
  });

  it("should refuse a field out of range or a bad operator address", async () => {
    await expect(sign({ deadline: 1n << 64n })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(sign({ operator: "0xnope" as Address })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("verifyIdentityProof", () => {
  const expected = { chainId, agentRegistry, operator, agentId: NEW_AGENT, nonce: 0n, now: deadline };

  it("should accept a proof for this chain, registry, operator, action and nonce until its deadline", async () => {
    const signed = await sign();
    await verifyIdentityProof({ signedProof: signed, expected });
    await verifyIdentityProof({ signedProof: await sign({ agentId: 4n }), expected: { ...expected, agentId: 4n } });
  });

  it("should say what the proof is for when it does not match", async () => {
    const signed = await sign();
    await expectRejected(verifyIdentityProof({ signedProof: signed, expected: { chainId: 1 } }), "wrong-chain");
    await expectRejected(
      verifyIdentityProof({ signedProof: signed, expected: { agentRegistry: operator } }),
      "wrong-registry",
    );
    await expectRejected(
      verifyIdentityProof({ signedProof: signed, expected: { operator: otherOperator } }),
      "wrong-operator",
    );
    await expectRejected(verifyIdentityProof({ signedProof: signed, expected: { agentId: 2n } }), "wrong-agent");
    await expectRejected(verifyIdentityProof({ signedProof: signed, expected: { nonce: 1n } }), "stale-nonce");
    await expectRejected(verifyIdentityProof({ signedProof: signed, expected: { now: deadline + 1n } }), "expired");
  });

  it("should refuse a proof whose fields were changed after signing", async () => {
    const signed = await sign();
    // A mempool watcher putting its own address in a copied proof.
    await expectRejected(verifyIdentityProof({ signedProof: { ...signed, operator: otherOperator } }), "bad-signer");
    await expectRejected(verifyIdentityProof({ signedProof: { ...signed, agentId: 1n } }), "bad-signer");
    await expectRejected(verifyIdentityProof({ signedProof: { ...signed, deadline: deadline + 1n } }), "bad-signer");
    await expectRejected(verifyIdentityProof({ signedProof: { ...signed, chainId: 1 } }), "bad-signer");
  });

  it("should refuse a proof signed by another key than the identity", async () => {
    const forged = await signIdentityProof({ account: stranger, chainId, agentRegistry, operator, deadline });
    await expectRejected(verifyIdentityProof({ signedProof: { ...forged, identity: identity.address } }), "bad-signer");
  });

  it("should refuse signatures the registry refuses: high s, bad v, wrong length", async () => {
    const signed = await sign();
    for (const signature of [
      highSTwin(signed.signature),
      `${signed.signature.slice(0, 130)}1d` as Hex,
      signed.signature.slice(0, 130) as Hex,
    ]) {
      await expectRejected(verifyIdentityProof({ signedProof: { ...signed, signature } }), "malformed-signature");
    }
  });

  it("should refuse fields that do not fit their types", async () => {
    const signed = await sign();
    await expectRejected(verifyIdentityProof({ signedProof: { ...signed, nonce: -1n } }), "malformed");
  });
});

describe("identity proof JSON", () => {
  it("should round-trip a signed proof", async () => {
    const signed = await sign({ agentId: 12n });
    const text = serializeIdentityProof(signed);
    expect(parseIdentityProof(text)).toEqual(signed);
    expect(JSON.parse(text)).toEqual({
      chainId,
      agentRegistry,
      identity: identity.address,
      operator,
      agentId: "12",
      nonce: "0",
      deadline: deadline.toString(),
      signature: signed.signature,
    });
  });

  it("should refuse anything but a well-formed proof, with reason malformed", async () => {
    const json = JSON.parse(serializeIdentityProof(await sign())) as Record<string, unknown>;
    const bad = [
      "not json",
      JSON.stringify({ ...json, extra: 1 }),
      JSON.stringify({ ...json, deadline: String(1n << 64n) }),
      JSON.stringify({ ...json, agentId: "01" }),
      JSON.stringify({ ...json, operator: operator.toLowerCase().replace("c8", "C8") }),
      JSON.stringify({ ...json, signature: "0x1234" }),
      JSON.stringify({ ...json, chainId: "31337" }),
      " ".repeat(4_096),
    ];
    for (const text of bad) {
      await expectRejected(
        Promise.resolve().then(() => parseIdentityProof(text)),
        "malformed",
      );
    }
  });
});

describe("createIdentityProof", () => {
  function fakeClient({ nonce = 0n, owner = 0n, timestamp = 1_800_000_000n, fail = false } = {}): IdentityProofClient {
    return {
      getChainId: async () => chainId,
      getBlock: (async () => {
        if (fail) throw new Error("connection refused");
        return { timestamp };
      }) as unknown as IdentityProofClient["getBlock"],
      readContract: (async ({ functionName }: { functionName: string }) =>
        functionName === "nonces" ? nonce : owner) as unknown as IdentityProofClient["readContract"],
    };
  }

  it("should sign the identity's nonce with a deadline counted from the chain's time", async () => {
    const signed = await createIdentityProof({
      publicClient: fakeClient({ nonce: 2n }),
      agentRegistry,
      account: identity,
      operator,
      agentId: 5n,
      validFor: 600n,
    });
    expect(signed).toMatchObject({ chainId, agentId: 5n, nonce: 2n, deadline: 1_800_000_600n });
    await verifyIdentityProof({ signedProof: signed, expected: { operator, agentId: 5n, nonce: 2n } });
  });

  it("should refuse a key that is already an agent's identity", async () => {
    await expectRejected(
      createIdentityProof({ publicClient: fakeClient({ owner: 3n }), agentRegistry, account: identity, operator }),
      "identity-taken",
    );
  });

  it("should report a chain it cannot read as retryable", async () => {
    const error = await createIdentityProof({
      publicClient: fakeClient({ fail: true }),
      agentRegistry,
      account: identity,
      operator,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IdentityProofLookupError);
    expect((error as IdentityProofLookupError).retryable).toBe(true);
  });

  it("should refuse a validity that is not a positive number of seconds", async () => {
    await expect(
      createIdentityProof({ publicClient: fakeClient(), agentRegistry, account: identity, operator, validFor: 0n }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});
