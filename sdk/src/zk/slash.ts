/**
 * From two shares to an identity. Endorsements slashes a double signal itself, in the transaction
 * that records it (it recovers the secret on chain, as `recoverStakeSecret` does here), so nobody
 * needs to act on DoubleSignalled. What remains for a client: recognise whose secret two shares
 * reveal (an indexer, an audit), and slash a secret learned some other way with the group's
 * `slash(secret)`, which anyone may call and which rewards nobody (the whole stake goes to the
 * insurance pool).
 */
import { identityCommitment, requireIdentitySecret } from "./identity.ts";
import { recoverSecret } from "./shares.ts";
import type { RlnShare, StakeIdentity } from "./types.ts";

/**
 * The identity behind two shares of one nullifier (IEndorsements.Share, or DoubleSignalled's
 * x1, y1, x2, y2). The caller checks the shares came from one nullifier; the shares alone cannot.
 * Refuses a recovered secret of 0 (InvalidStakeProofInputError), as the group does: nothing can be
 * staked behind it.
 */
export function recoverStakeSecret(first: RlnShare, second: RlnShare): StakeIdentity {
  const secret = recoverSecret(first, second);
  return { secret, commitment: identityCommitment(requireIdentitySecret(secret)) };
}
