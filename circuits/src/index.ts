/**
 * @leasehold/circuits: the circuit's build configuration, the kept artifacts and the Node
 * defaults around the browser-safe library, which lives in @leasehold/sdk/zk and is re-exported
 * whole, so code importing from here keeps working. The names declared below take precedence
 * over the sdk's: they default to the kept artifacts and the build's configuration.
 */
export * from "@leasehold/sdk/zk";
export { stakeMembership, stakeMembershipPublicSignals, type StakeMembershipPublicSignalName } from "../config.ts";
export {
  artifactsDir,
  defaultArtifacts,
  readArtifact,
  readManifest,
  type ArtifactManifest,
  type ArtifactRecord,
  type SetupBeacon,
  type SetupContribution,
  type StakeMembershipArtifacts,
} from "./artifacts.ts";
export {
  CeremonyError,
  CeremonyVerificationError,
  CircuitCompileError,
  InvalidVerificationKeyError,
} from "./errors.ts";
export {
  calculateWitness,
  generateStakeProof,
  loadVerificationKey,
  verifyStakeProof,
  type GenerateStakeProofParameters,
  type VerifyStakeProofParameters,
} from "./proof.ts";
