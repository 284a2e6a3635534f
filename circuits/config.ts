/**
 * The stake-membership circuit's build configuration. Sizes and public signals (depth 20, 96-bit
 * amounts, zero leaf, public signal order) have their one home in the sdk
 * (sdk/src/zk/config.ts), which the library needs in the browser too; this file adds what only
 * the build and the tests need. The build script writes the circuit's main component from it and
 * the tests compile a small variant from it and check that the compiled circuit agrees with it.
 * The Solidity group contract must use the same depth, amount width and zero leaf; change them in
 * the sdk, rebuild (`npm run build -w circuits`), and the verifier and artifacts follow.
 */
import {
  stakeMembership as librarySizes,
  stakeMembershipPublicSignals,
  type StakeMembershipPublicSignalName,
} from "@leasehold/sdk/zk";

export const stakeMembership = {
  ...librarySizes,
  /** Circom template name and its source, relative to circuits/. */
  template: "StakeMembership",
  source: "circom/stake-membership.circom",
  /** Base name of the kept artifacts in circuits/artifacts/. */
  artifactName: "stake-membership",
  /** Depth of the variant the tests compile for fast witness checks (same amount width). */
  testDepth: 4,
} as const;

export { stakeMembershipPublicSignals, type StakeMembershipPublicSignalName };
