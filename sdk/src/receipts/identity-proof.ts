/**
 * Identity proofs (docs/RECEIPTS.md, "Identity proofs"): an identity key's EIP-712 consent to be
 * bound by one operator to one agent, on one chain and one AgentRegistry, once, until a deadline.
 * The registry binds an identity for good on first use, so without this consent anyone watching
 * the mempool could claim a victim's key first; with it, a proof copied from a pending
 * transaction names the victim's operator and binds nothing for anyone else.
 *
 * viem signs and verifies; nothing here re-implements EIP-712. Verification also insists on the
 * canonical signature shape the registry accepts (OpenZeppelin's ECDSA), so whatever the sdk
 * accepts the chain accepts too.
 */
import { getAddress, hashTypedData, isAddress, verifyTypedData, type Address, type Hex, type LocalAccount } from "viem";
import { InvalidInputError } from "../errors.ts";
import { IdentityProofError } from "./errors.ts";
import { isCanonicalSignature } from "./signature.ts";
import { RECEIPT_DOMAIN_NAME, RECEIPT_DOMAIN_VERSION } from "./typed-data.ts";

/** The `agentId` a proof for `register` names; a proof for `rotateIdentity` names the agent. */
export const NEW_AGENT = 0n;

/** How long `createIdentityProof` makes a proof valid for by default, in seconds. */
export const DEFAULT_IDENTITY_PROOF_VALIDITY = 3_600n;

export const identityProofTypes = {
  IdentityProof: [
    { name: "identity", type: "address" },
    { name: "operator", type: "address" },
    { name: "agentId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** The domain identity proofs are signed under: the receipts' name and version, the AgentRegistry. */
export type IdentityProofDomain = {
  name: "Leasehold";
  version: "1";
  chainId: number;
  /** The AgentRegistry contract. */
  verifyingContract: Address;
};

/** What the identity key signs. */
export type IdentityProof = {
  /** The key's own address, the identity to be bound. */
  identity: Address;
  /** The only account that may use the proof. */
  operator: Address;
  /** NEW_AGENT to register a new agent, else the agent whose identity is rotated to this key. */
  agentId: bigint;
  /** The registry's `nonces(identity)` (0 for every key not yet bound). */
  nonce: bigint;
  /** Unix seconds; the registry accepts the proof while `block.timestamp <= deadline`. */
  deadline: bigint;
};

/** A proof with the chain and registry it is for and the identity key's signature. */
export type SignedIdentityProof = IdentityProof & {
  chainId: number;
  agentRegistry: Address;
  /** 65-byte signature (r, s, v) by `identity` over the proof's EIP-712 digest. */
  signature: Hex;
};

export type IdentityProofDomainParameters = { chainId: number; agentRegistry: Address };
export type IdentityProofDomainReturnType = IdentityProofDomain;
export type IdentityProofDomainErrorType = InvalidInputError;

export function identityProofDomain({
  chainId,
  agentRegistry,
}: IdentityProofDomainParameters): IdentityProofDomainReturnType {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InvalidInputError(`Invalid chain id: ${String(chainId)}`);
  }
  if (typeof agentRegistry !== "string" || !isAddress(agentRegistry, { strict: false })) {
    throw new InvalidInputError(`Invalid AgentRegistry address: ${String(agentRegistry)}`);
  }
  return {
    name: RECEIPT_DOMAIN_NAME,
    version: RECEIPT_DOMAIN_VERSION,
    chainId,
    verifyingContract: getAddress(agentRegistry),
  };
}

export type HashIdentityProofParameters = { proof: IdentityProof; domain: IdentityProofDomain };
export type HashIdentityProofReturnType = Hex;

/** The proof's EIP-712 digest, as AgentRegistry's `identityProofDigest` computes it. */
export function hashIdentityProof({ proof, domain }: HashIdentityProofParameters): HashIdentityProofReturnType {
  return hashTypedData({ domain, types: identityProofTypes, primaryType: "IdentityProof", message: proof });
}

export type SignIdentityProofParameters = {
  /** The identity key; its address becomes `identity`. */
  account: LocalAccount;
  chainId: number;
  agentRegistry: Address;
  operator: Address;
  /** NEW_AGENT (the default) to register, the agent's id to rotate. */
  agentId?: bigint;
  /** The identity's `nonces` on the registry; 0 (the default) for every key not yet bound. */
  nonce?: bigint;
  deadline: bigint;
};
export type SignIdentityProofReturnType = SignedIdentityProof;
export type SignIdentityProofErrorType = InvalidInputError;

/** Sign an identity proof with the identity key itself (the worker's key, or one made in a browser). */
export async function signIdentityProof({
  account,
  chainId,
  agentRegistry,
  operator,
  agentId = NEW_AGENT,
  nonce = 0n,
  deadline,
}: SignIdentityProofParameters): Promise<SignIdentityProofReturnType> {
  const domain = identityProofDomain({ chainId, agentRegistry });
  if (typeof operator !== "string" || !isAddress(operator, { strict: false })) {
    throw new InvalidInputError(`Invalid operator address: ${String(operator)}`);
  }
  const proof: IdentityProof = { identity: account.address, operator: getAddress(operator), agentId, nonce, deadline };
  let signature: Hex;
  try {
    signature = await account.signTypedData({
      domain,
      types: identityProofTypes,
      primaryType: "IdentityProof",
      message: proof,
    });
  } catch (error) {
    throw new InvalidInputError("Cannot sign the identity proof: a field is out of range", { cause: error });
  }
  return { ...proof, chainId, agentRegistry: domain.verifyingContract, signature };
}

/** What the caller is about to do with a proof; each given field must match it. */
export type IdentityProofExpectation = {
  chainId?: number;
  agentRegistry?: Address;
  /** The account that will send the transaction. */
  operator?: Address;
  /** NEW_AGENT for a registration, the agent's id for a rotation. */
  agentId?: bigint;
  /** The registry's current `nonces(identity)`. */
  nonce?: bigint;
  /** Unix seconds, best the chain's latest block time: a proof past its deadline is refused. */
  now?: bigint;
};

export type VerifyIdentityProofParameters = {
  signedProof: SignedIdentityProof;
  expected?: IdentityProofExpectation;
};
export type VerifyIdentityProofReturnType = { digest: Hex };
export type VerifyIdentityProofErrorType = IdentityProofError;

/**
 * Check a proof as the registry will, before sending it: what it is for against `expected`,
 * then that the identity key signed it. Throws IdentityProofError with the first reason found.
 */
export async function verifyIdentityProof({
  signedProof,
  expected = {},
}: VerifyIdentityProofParameters): Promise<VerifyIdentityProofReturnType> {
  const { chainId, agentRegistry, signature, ...proof } = signedProof;
  const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();
  if (expected.chainId !== undefined && chainId !== expected.chainId) {
    throw new IdentityProofError("wrong-chain", `The proof is for chain ${chainId}, not ${expected.chainId}`);
  }
  if (expected.agentRegistry !== undefined && !same(agentRegistry, expected.agentRegistry)) {
    throw new IdentityProofError(
      "wrong-registry",
      `The proof is for the AgentRegistry at ${agentRegistry}, not ${expected.agentRegistry}`,
    );
  }
  if (expected.operator !== undefined && !same(proof.operator, expected.operator)) {
    throw new IdentityProofError(
      "wrong-operator",
      `The proof is for operator ${proof.operator}, not ${expected.operator}`,
    );
  }
  if (expected.agentId !== undefined && proof.agentId !== expected.agentId) {
    throw new IdentityProofError(
      "wrong-agent",
      `The proof is for ${describeAgent(proof.agentId)}, not ${describeAgent(expected.agentId)}`,
    );
  }
  if (expected.nonce !== undefined && proof.nonce !== expected.nonce) {
    throw new IdentityProofError(
      "stale-nonce",
      `The proof signs nonce ${proof.nonce}; the identity's nonce is ${expected.nonce}`,
    );
  }
  if (expected.now !== undefined && expected.now > proof.deadline) {
    throw new IdentityProofError("expired", `The proof expired at ${proof.deadline} (unix seconds)`);
  }

  let domain: IdentityProofDomain;
  let digest: Hex;
  try {
    domain = identityProofDomain({ chainId, agentRegistry });
    digest = hashIdentityProof({ proof, domain });
  } catch (error) {
    throw new IdentityProofError("malformed", "The proof's fields do not fit their types", { cause: error });
  }
  if (!isCanonicalSignature(signature)) {
    throw new IdentityProofError("malformed-signature", "The proof's signature is not a canonical 65-byte signature");
  }
  let valid: boolean;
  try {
    valid = await verifyTypedData({
      address: proof.identity,
      domain,
      types: identityProofTypes,
      primaryType: "IdentityProof",
      message: proof,
      signature,
    });
  } catch (error) {
    throw new IdentityProofError("malformed-signature", "The proof's signature does not recover to an address", {
      cause: error,
    });
  }
  if (!valid) {
    throw new IdentityProofError("bad-signer", `The proof was not signed by the identity key ${proof.identity}`);
  }
  return { digest };
}

function describeAgent(agentId: bigint): string {
  return agentId === NEW_AGENT ? "a new agent" : `agent #${agentId}`;
}
