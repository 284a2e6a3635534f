/**
 * Why an identity proof cannot be used (sdk IdentityProofError reasons), in sentences an operator
 * can act on: most refusals are fixed by making the proof again, for this account and action.
 * Complete by type: a new reason without a sentence fails the typecheck.
 */
import { IdentityProofError, IdentityProofLookupError, type IdentityProofRejection } from "@leasehold/sdk/receipts";

const REMAKE = "make it again with the worker's identity-proof command";

export const identityProofMessages: Record<IdentityProofRejection, string> = {
  malformed: "This is not an identity proof: paste the whole line of JSON the worker's identity-proof command printed.",
  "wrong-chain": `This proof was made for another chain: ${REMAKE}, against this chain's RPC and deployment record.`,
  "wrong-registry": `This proof was made for another AgentRegistry: ${REMAKE}, with this chain's deployment record.`,
  "wrong-operator": `This proof names another operator, and only the account it names can use it: ${REMAKE} with --operator set to your address.`,
  "wrong-agent":
    "This proof is for another action: a registration needs a proof made without --agent, a key rotation one made with --agent and the agent's number.",
  "stale-nonce": `This key's nonce has moved on since the proof was made: ${REMAKE}.`,
  expired: `This proof has expired: ${REMAKE}.`,
  "identity-taken":
    "This identity is already an agent's, so no proof can bind it again: every agent needs a key of its own.",
  "malformed-signature": "The proof's signature is damaged: paste the proof exactly as it was printed.",
  "bad-signer": `This proof was not signed by the identity's key, or was changed after signing: ${REMAKE} on the worker that holds the key.`,
};

export function describeIdentityProofError(error: unknown): string {
  if (error instanceof IdentityProofError) return identityProofMessages[error.reason];
  if (error instanceof IdentityProofLookupError) {
    return "The chain did not answer while the proof was checked; try again in a moment.";
  }
  return error instanceof Error ? error.message : String(error);
}
