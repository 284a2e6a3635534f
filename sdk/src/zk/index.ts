export { stakeMembership, stakeMembershipPublicSignals, type StakeMembershipPublicSignalName } from "./config.ts";
export {
  fetchArtifact,
  resolveArtifact,
  type ArtifactName,
  type ArtifactSource,
  type DownloadProgress,
  type StakeMembershipArtifacts,
} from "./artifact-source.ts";
export {
  prepareEndorsement,
  type PrepareEndorsementParameters,
  type PrepareEndorsementReturnType,
} from "./endorsement.ts";
export {
  ArtifactMismatchError,
  ArtifactNotFoundError,
  InvalidStakeIdentityError,
  InvalidStakeProofInputError,
  MalformedProofError,
  ProverWorkerError,
  ShareRecoveryError,
  StakeProofError,
  StakeTreeError,
  StakeTreeSyncError,
  WitnessRejectedError,
} from "./errors.ts";
export { fieldInverse, isField, requireField, SNARK_SCALAR_FIELD } from "./field.ts";
export {
  generateIdentitySecret,
  identityCommitment,
  MAX_STAKE_AMOUNT,
  requireIdentitySecret,
  stakeLeaf,
  type RandomBytes,
} from "./identity.ts";
export {
  createStakeIdentity,
  exportStakeIdentity,
  importStakeIdentity,
  STAKE_IDENTITY_KIND,
  STAKE_IDENTITY_VERSION,
  type StakeIdentityBackupScope,
} from "./identity-backup.ts";
export {
  calculateWitness,
  checkCircuitInput,
  generateStakeProof,
  proveStakeMembership,
  publicSignalsFromArray,
  publicSignalsToArray,
  releaseProver,
  toSolidityProof,
  verifyStakeProof,
  type GenerateStakeProofErrorType,
  type GenerateStakeProofParameters,
  type GenerateStakeProofReturnType,
  type ProverProgress,
  type ProveStakeMembershipErrorType,
  type ProveStakeMembershipParameters,
  type ProveStakeMembershipReturnType,
  type VerifyStakeProofParameters,
} from "./proof.ts";
export { handleProverRequest } from "./prover-worker-handler.ts";
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
export { recoverStakeSecret } from "./slash.ts";
export type { Bn128Curve } from "./snarkjs.d.ts";
export { merkleRootOf, StakeTree, zeroHashes } from "./tree.ts";
export {
  DEFAULT_SYNC_CHUNK_SIZE,
  findIdentityLeaf,
  syncStakeTree,
  type StakeTreeLeaf,
  type StakeTreeSyncClient,
  type SyncStakeTreeErrorType,
  type SyncStakeTreeParameters,
  type SyncStakeTreeReturnType,
} from "./tree-sync.ts";
export type * from "./types.ts";
export {
  deserializeProverError,
  serializeProverError,
  type ProverWorkerRequest,
  type ProverWorkerResponse,
  type SerializedProverError,
  type WorkerProveRequest,
} from "./worker-protocol.ts";
export {
  createWorkerProver,
  type ProverWorkerLike,
  type WorkerProver,
  type WorkerProverErrorType,
} from "./worker-prover.ts";
export { prepareWithdrawal, type PrepareWithdrawalParameters, type PrepareWithdrawalReturnType } from "./withdrawal.ts";
export { buildWitnessInput, type BuildWitnessInputParameters, type BuildWitnessInputReturnType } from "./witness.ts";
