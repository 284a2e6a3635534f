import {
  concat,
  createWalletClient,
  encodeAbiParameters,
  hashTypedData,
  http,
  keccak256,
  stringToHex,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors.ts";
import {
  capabilityRequestTypes,
  gatewayDomain,
  recoverCapabilityRequestSigner,
  signCapabilityRequest,
  type CapabilityGrantRequest,
} from "../../src/gateway/index.ts";

const owner = privateKeyToAccount(keccak256(stringToHex("leasehold test lease owner")));
const leaseRegistry = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
const domain = gatewayDomain({ chainId: 31337, leaseRegistry });
const request: CapabilityGrantRequest = { leaseId: 7n, operations: ["upload", "receipts"], expiresAt: 1_900_000_000n };
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("gatewayDomain", () => {
  it("should name the Leasehold Gateway v1 on the chain's LeaseRegistry, checksummed", () => {
    expect(domain).toEqual({
      name: "Leasehold Gateway",
      version: "1",
      chainId: 31337,
      verifyingContract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    });
    expect(() => gatewayDomain({ chainId: 0, leaseRegistry })).toThrow(InvalidInputError);
    expect(() => gatewayDomain({ chainId: 1, leaseRegistry: "0x1234" })).toThrow(InvalidInputError);
  });
});

describe("signCapabilityRequest", () => {
  it("should sign the EIP-712 struct docs/GATEWAY.md defines, operations joined with commas", () => {
    const typeHash = keccak256(stringToHex("CapabilityRequest(uint256 leaseId,string operations,uint64 expiresAt)"));
    const structHash = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "uint256" }, { type: "bytes32" }, { type: "uint64" }],
        [typeHash, 7n, keccak256(stringToHex("upload,receipts")), 1_900_000_000n],
      ),
    );
    const domainHash = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
        [
          keccak256(stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
          keccak256(stringToHex("Leasehold Gateway")),
          keccak256(stringToHex("1")),
          31337n,
          leaseRegistry,
        ],
      ),
    );
    const expected = keccak256(concat(["0x1901", domainHash, structHash]));
    const viaViem = hashTypedData({
      domain,
      types: capabilityRequestTypes,
      primaryType: "CapabilityRequest",
      message: { leaseId: 7n, operations: "upload,receipts", expiresAt: 1_900_000_000n },
    });
    expect(viaViem).toBe(expected);
  });

  it("should produce a signature that recovers the owner, from a local account or a wallet client", async () => {
    const signature = await signCapabilityRequest({ domain, request, signer: owner });
    expect(await recoverCapabilityRequestSigner({ domain, request, signature })).toBe(owner.address);
    const wallet = createWalletClient({ account: owner, transport: http("http://127.0.0.1:1") });
    expect(await signCapabilityRequest({ domain, request, signer: wallet })).toBe(signature);
  });

  it("should bind chain, LeaseRegistry, lease, operations in order and expiry", async () => {
    const signature = await signCapabilityRequest({ domain, request, signer: owner });
    const others: [string, Parameters<typeof recoverCapabilityRequestSigner>[0]][] = [
      ["chain", { domain: { ...domain, chainId: 1 }, request, signature }],
      ["registry", { domain: gatewayDomain({ chainId: 31337, leaseRegistry: owner.address }), request, signature }],
      ["lease", { domain, request: { ...request, leaseId: 8n }, signature }],
      ["order", { domain, request: { ...request, operations: ["receipts", "upload"] }, signature }],
      ["subset", { domain, request: { ...request, operations: ["upload"] }, signature }],
      ["expiry", { domain, request: { ...request, expiresAt: request.expiresAt + 1n }, signature }],
    ];
    for (const [what, parameters] of others) {
      expect(await recoverCapabilityRequestSigner(parameters), what).not.toBe(owner.address);
    }
  });

  it("should refuse empty, repeated or unknown operations", async () => {
    for (const operations of [[], ["upload", "upload"], ["admin"]]) {
      await expect(
        signCapabilityRequest({ domain, request: { ...request, operations: operations as never }, signer: owner }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    }
  });
});

describe("recoverCapabilityRequestSigner", () => {
  it("should refuse a high-s twin and malformed signatures", async () => {
    const signature = await signCapabilityRequest({ domain, request, signer: owner });
    const s = BigInt(`0x${signature.slice(66, 130)}`);
    const v = Number.parseInt(signature.slice(130), 16);
    const twin =
      `${signature.slice(0, 66)}${(SECP256K1_ORDER - s).toString(16).padStart(64, "0")}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    for (const bad of [twin, signature.slice(0, 130) as Hex, "0x" as Hex, `0x${"00".repeat(65)}` as Hex]) {
      await expect(recoverCapabilityRequestSigner({ domain, request, signature: bad })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    }
  });
});
