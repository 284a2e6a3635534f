export { stakeMembership, stakeMembershipPublicSignals, type StakeMembershipPublicSignalName } from "../config.ts";
export {
  defaultArtifacts,
  readManifest,
  type ArtifactManifest,
  type ArtifactRecord,
  type StakeMembershipArtifacts,
} from "./artifacts.ts";
export {
  ArtifactMismatchError,
  ArtifactNotFoundError,
  CircuitCompileError,
  InvalidStakeProofInputError,
  MalformedProofError,
  ShareRecoveryError,
  StakeProofError,
  StakeTreeError,
  WitnessRejectedError,
} from "./errors.ts";
export { fieldInverse, isField, requireField, SNARK_SCALAR_FIELD } from "./field.ts";
export {
  generateIdentitySecret,
  identityCommitment,
  MAX_STAKE_AMOUNT,
  stakeLeaf,
  type RandomBytes,
} from "./identity.ts";
export {
  calculateWitness,
  generateStakeProof,
  loadVerificationKey,
  publicSignalsFromArray,
  publicSignalsToArray,
  releaseProver,
  toSolidityProof,
  verifyStakeProof,
  type GenerateStakeProofErrorType,
  type GenerateStakeProofParameters,
  type GenerateStakeProofReturnType,
  type VerifyStakeProofParameters,
} from "./proof.ts";
export { recoverSecret, rlnShare, scopeNullifier, type RlnShareParameters, type RlnShareReturnType } from "./shares.ts";
export {
  endorsementMessage,
  endorsementScope,
  withdrawalMessage,
  withdrawalScope,
  type EndorsementMessageParameters,
  type EndorsementScopeParameters,
  type WithdrawalScopeParameters,
} from "./scopes.ts";
export { hashToField } from "./signal.ts";
export { merkleRootOf, StakeTree, zeroHashes } from "./tree.ts";
export type * from "./types.ts";
export { buildWitnessInput, type BuildWitnessInputParameters, type BuildWitnessInputReturnType } from "./witness.ts";
