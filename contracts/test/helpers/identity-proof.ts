/**
 * Identity proofs as docs/RECEIPTS.md ("Identity proofs") specifies them, written from the spec
 * for the contract tests, independently of the sdk's implementation (sdk/src/receipts), like
 * ./receipts.ts. AgentRegistry.test.ts checks the sdk's digest against the contract's.
 */
import { getAddress, type Address, type Hex, type LocalAccount, type TypedDataDomain } from "viem";
import { networkHelpers, viem } from "../../fixtures/deploy-fixture.ts";

/** The `agentId` of a registration's proof. */
export const NEW_AGENT = 0n;
/** How long the helpers' proofs stay valid, in seconds of chain time. */
export const PROOF_VALIDITY = 3_600n;

export const identityProofTypes = {
  IdentityProof: [
    { name: "identity", type: "address" },
    { name: "operator", type: "address" },
    { name: "agentId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

export function identityProofDomain(chainId: number, agentRegistry: Address): TypedDataDomain {
  return { name: "Leasehold", version: "1", chainId, verifyingContract: getAddress(agentRegistry) };
}

export type IdentityProofFields = { operator: Address; agentId?: bigint; nonce?: bigint; deadline: bigint };

/** `identity`'s signature over an IdentityProof for the registry at `agentRegistry`. */
export async function signIdentityProof(
  identity: LocalAccount,
  agentRegistry: Address,
  { operator, agentId = NEW_AGENT, nonce = 0n, deadline }: IdentityProofFields,
): Promise<Hex> {
  const chainId = await (await viem.getPublicClient()).getChainId();
  return identity.signTypedData({
    domain: identityProofDomain(chainId, agentRegistry),
    types: identityProofTypes,
    primaryType: "IdentityProof",
    message: { identity: identity.address, operator, agentId, nonce, deadline },
  });
}

/**
 * The last two arguments of `register` (agentId NEW_AGENT) or `rotateIdentity`: a deadline an hour
 * of chain time ahead and `identity`'s proof for `operator`, over its current nonce.
 */
export async function identityProofArgs(
  agentRegistry: { address: Address; read: { nonces: (args: readonly [Address]) => Promise<bigint> } },
  identity: LocalAccount,
  operator: Address,
  agentId = NEW_AGENT,
): Promise<readonly [bigint, Hex]> {
  const deadline = BigInt(await networkHelpers.time.latest()) + PROOF_VALIDITY;
  const nonce = await agentRegistry.read.nonces([identity.address]);
  return [deadline, await signIdentityProof(identity, agentRegistry.address, { operator, agentId, nonce, deadline })];
}
