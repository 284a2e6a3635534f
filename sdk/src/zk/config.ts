/**
 * The stake-membership circuit's sizes and public interface, as the library needs them: the one
 * home of these values. circuits/config.ts extends this object with what only the build needs
 * (template, source, artifact name, test depth) and writes the circuit's main component from it;
 * the Solidity group contract uses the same depth, amount width and zero leaf (a contracts test
 * checks). Change a value here, rebuild (`npm run build -w circuits`), and the verifier and the
 * kept artifacts follow.
 */
export const stakeMembership = {
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
} as const;

/** Public signals as the verifier sees them: outputs first, then public inputs. */
export const stakeMembershipPublicSignals = [...stakeMembership.outputs, ...stakeMembership.publicInputs] as const;

export type StakeMembershipPublicSignalName = (typeof stakeMembershipPublicSignals)[number];
