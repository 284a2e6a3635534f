/**
 * An identity proof signed against the chain as it is now: the registry's nonce for the key and
 * a deadline counted from the latest block's time (not this machine's clock, which a devnet's
 * time travel or a skewed host would make wrong). Refuses a key that is already an agent's, which
 * no proof can bind again. The one part of identity proofs that reads the chain.
 */
import type { Address, LocalAccount, PublicClient } from "viem";
import { agentRegistryAbi } from "../generated/abis.ts";
import { InvalidInputError } from "../errors.ts";
import { IdentityProofError, IdentityProofLookupError } from "./errors.ts";
import {
  DEFAULT_IDENTITY_PROOF_VALIDITY,
  NEW_AGENT,
  signIdentityProof,
  type SignedIdentityProof,
} from "./identity-proof.ts";

/** What createIdentityProof reads from a client: viem's PublicClient (or a wagmi client) fits. */
export type IdentityProofClient = Pick<PublicClient, "getChainId" | "getBlock" | "readContract">;

export type CreateIdentityProofParameters = {
  publicClient: IdentityProofClient;
  agentRegistry: Address;
  /** The identity key. */
  account: LocalAccount;
  /** The account that will send `register` or `rotateIdentity`. */
  operator: Address;
  /** NEW_AGENT (the default) to register, the agent's id to rotate. */
  agentId?: bigint;
  /** Seconds from the latest block's time until the proof's deadline. */
  validFor?: bigint;
};
export type CreateIdentityProofReturnType = SignedIdentityProof;
export type CreateIdentityProofErrorType = IdentityProofError | IdentityProofLookupError | InvalidInputError;

export async function createIdentityProof({
  publicClient,
  agentRegistry,
  account,
  operator,
  agentId = NEW_AGENT,
  validFor = DEFAULT_IDENTITY_PROOF_VALIDITY,
}: CreateIdentityProofParameters): Promise<CreateIdentityProofReturnType> {
  if (typeof validFor !== "bigint" || validFor <= 0n) {
    throw new InvalidInputError(`validFor must be a positive number of seconds, not ${String(validFor)}`);
  }
  let chainId: number;
  let now: bigint;
  let nonce: bigint;
  let owner: bigint;
  try {
    const read = (functionName: "nonces" | "agentOfIdentity") =>
      publicClient.readContract({
        address: agentRegistry,
        abi: agentRegistryAbi,
        functionName,
        args: [account.address],
      });
    [chainId, { timestamp: now }, nonce, owner] = await Promise.all([
      publicClient.getChainId(),
      publicClient.getBlock({ blockTag: "latest" }),
      read("nonces"),
      read("agentOfIdentity"),
    ]);
  } catch (error) {
    throw new IdentityProofLookupError("Cannot read the identity's nonce and the chain's time", { cause: error });
  }
  if (owner !== 0n) {
    throw new IdentityProofError("identity-taken", `${account.address} is already the identity of agent #${owner}`);
  }
  return signIdentityProof({
    account,
    chainId,
    agentRegistry,
    operator,
    agentId,
    nonce,
    deadline: now + validFor,
  });
}
