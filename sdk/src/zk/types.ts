import type { Groth16Proof } from "snarkjs";
import type { StakeMembershipPublicSignalName } from "./config.ts";

/** An element of the BN254 scalar field, 0 <= value < SNARK_SCALAR_FIELD. */
export type Field = bigint;

/** A staked identity's secret. Whoever knows it can signal for the identity, and slash it. */
export type IdentitySecret = Field;

/** A Merkle path in the fixed-depth stake tree. pathIndices[i] is 1 when the node at level i is a right child. */
export interface StakeMerkleProof {
  root: Field;
  leaf: Field;
  leafIndex: number;
  siblings: Field[];
  pathIndices: (0 | 1)[];
}

/** The circuit's public signals by name. */
export type StakeMembershipPublicSignals = Record<StakeMembershipPublicSignalName, Field>;

/** The circuit's full input, as Circom's witness calculator reads it (private and public). */
export interface StakeMembershipCircuitInput {
  secret: Field;
  stakeAmount: Field;
  pathIndices: Field[];
  siblings: Field[];
  root: Field;
  threshold: Field;
  scope: Field;
  message: Field;
  [signal: string]: Field | Field[];
}

/** One rate-limiting share: the point (x, y) on the identity's line for a scope. */
export interface RlnShare {
  x: Field;
  y: Field;
}

export interface StakeProof {
  proof: Groth16Proof;
  publicSignals: StakeMembershipPublicSignals;
}

export type { CircuitSignals, Groth16Proof } from "snarkjs";

/** A staked identity: the secret only its holder knows and the public commitment Poseidon(secret). */
export interface StakeIdentity {
  secret: IdentitySecret;
  commitment: Field;
}

/** The proof as the Solidity verifier's `verifyProof(a, b, c, pubSignals)` takes it (G2 coordinates swapped). */
export interface SolidityGroth16Proof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}
