/**
 * The one home of the stake-membership circuit's sizes and public interface. The build script
 * writes the circuit's main component from it, the TypeScript library sizes its tree and orders
 * public signals by it, and the tests compile a small variant from it and check that the
 * compiled circuit agrees with it. The Solidity group contract must use the same depth, amount
 * width and zero leaf; change them here, rebuild (`npm run build -w circuits`), and the
 * verifier and artifacts follow.
 */
export const stakeMembership = {
  /** Circom template name and its source, relative to circuits/. */
  template: "StakeMembership",
  source: "circom/stake-membership.circom",
  /** Base name of the kept artifacts in circuits/artifacts/. */
  artifactName: "stake-membership",
  /** Binary Merkle tree depth: 2^20 (about one million) staked identities per group. */
  depth: 20,
  /** Stake amounts and thresholds are range-checked to this many bits (uint96 on-chain). */
  amountBits: 96,
  /** Value of an empty leaf; zeros[i + 1] = Poseidon(zeros[i], zeros[i]) above it. */
  zeroLeaf: 0n,
  /** Public outputs, in declaration order; Circom puts outputs first. */
  outputs: ["y", "nullifier"],
  /** Public inputs, in declaration order in the template (not the order of `main {public [...]}`). */
  publicInputs: ["root", "threshold", "scope", "message"],
  /** Depth of the variant the tests compile for fast witness checks (same amount width). */
  testDepth: 4,
} as const;

/** Public signals as the verifier sees them: outputs first, then public inputs. */
export const stakeMembershipPublicSignals = [...stakeMembership.outputs, ...stakeMembership.publicInputs] as const;

export type StakeMembershipPublicSignalName = (typeof stakeMembershipPublicSignals)[number];
