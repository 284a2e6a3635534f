/**
 * Builds the circuit's input and checks it first, so a caller learns which value is wrong by a
 * typed error instead of an "Assert Failed" from deep inside the witness calculator. Every check
 * here mirrors a constraint; the circuit enforces them again for anyone who skips this library.
 */
import { stakeMembership } from "./config.ts";
import { InvalidStakeProofInputError } from "./errors.ts";
import { requireField } from "./field.ts";
import { identityCommitment, requireIdentitySecret, requireStakeAmount, stakeLeaf } from "./identity.ts";
import { rlnShare } from "./shares.ts";
import { merkleRootOf } from "./tree.ts";
import type {
  Field,
  IdentitySecret,
  StakeMembershipCircuitInput,
  StakeMembershipPublicSignals,
  StakeMerkleProof,
} from "./types.ts";

export interface BuildWitnessInputParameters {
  secret: IdentitySecret;
  /** The amount in this identity's leaf, exactly as the group inserted it. */
  stakeAmount: bigint;
  /** Path from the identity's leaf to a root the verifier accepts. */
  merkleProof: Pick<StakeMerkleProof, "root" | "siblings" | "pathIndices">;
  /** Minimum stake the verifier asks for. */
  threshold: bigint;
  /** Field element naming the context; one signal per identity per scope. */
  scope: Field;
  /** The signal's hash in the field (see hashToField); must not be 0. */
  message: Field;
  /** Tree depth of the circuit the input is for; config.ts's depth unless testing a variant. */
  depth?: number;
}

export interface BuildWitnessInputReturnType {
  input: StakeMembershipCircuitInput;
  /** The public signals a proof of this input will carry. */
  publicSignals: StakeMembershipPublicSignals;
}

export function buildWitnessInput(parameters: BuildWitnessInputParameters): BuildWitnessInputReturnType {
  const { secret, stakeAmount, merkleProof, threshold, scope, message, depth = stakeMembership.depth } = parameters;
  requireIdentitySecret(secret);
  requireStakeAmount(stakeAmount, "stakeAmount");
  requireStakeAmount(threshold, "threshold");
  if (stakeAmount < threshold) {
    throw new InvalidStakeProofInputError(`stakeAmount ${stakeAmount} is below the threshold ${threshold}`);
  }
  requireField(scope, "scope");
  requireField(message, "message");
  if (message === 0n)
    throw new InvalidStakeProofInputError("message must not be 0: its share would be the secret itself");

  const { root, siblings, pathIndices } = merkleProof;
  requireField(root, "root");
  if (siblings.length !== depth || pathIndices.length !== depth) {
    throw new InvalidStakeProofInputError(`The Merkle proof must have ${depth} levels, got ${siblings.length}`);
  }
  siblings.forEach((sibling, level) => requireField(sibling, `siblings[${level}]`));
  pathIndices.forEach((bit, level) => {
    if (bit !== 0 && bit !== 1) throw new InvalidStakeProofInputError(`pathIndices[${level}] must be 0 or 1`);
  });
  const leaf = stakeLeaf(identityCommitment(secret), stakeAmount);
  if (merkleRootOf(leaf, siblings, pathIndices) !== root) {
    throw new InvalidStakeProofInputError(
      "The Merkle proof does not lead to its root for this secret and stake amount",
    );
  }

  const { share, nullifier } = rlnShare({ secret, scope, message });
  return {
    input: {
      secret,
      stakeAmount,
      pathIndices: pathIndices.map(BigInt),
      siblings: [...siblings],
      root,
      threshold,
      scope,
      message,
    },
    publicSignals: { y: share.y, nullifier, root, threshold, scope, message },
  };
}
