import type { ContractName } from "../sdk/src/deployment.ts";
import { contractNames } from "../sdk/src/deployment.ts";

/**
 * Where Hardhat writes each deployable contract's artifact: relative to contracts/src, or an npm
 * path (`@openzeppelin/...`, `poseidon-solidity/...`) for a library contract deployed as it is. The list
 * of names itself lives in the sdk (its deployment record schema), so a contract added there
 * must be given a source here or this file fails to type-check.
 */
export const contractSources: Record<ContractName, string> = {
  DevStakeToken: "dev/DevStakeToken.sol",
  StakeManager: "staking/StakeManager.sol",
  AgentRegistry: "agents/AgentRegistry.sol",
  LeaseRegistry: "leases/LeaseRegistry.sol",
  ReceiptAnchor: "receipts/ReceiptAnchor.sol",
  JobEscrow: "jobs/JobEscrow.sol",
  LeaseholdVotes: "governance/LeaseholdVotes.sol",
  TimelockController: "@openzeppelin/contracts/governance/TimelockController.sol",
  LeaseholdGovernor: "governance/LeaseholdGovernor.sol",
  CodeRegistry: "governance/CodeRegistry.sol",
  InsurancePool: "insurance/InsurancePool.sol",
  ArbitratorRegistry: "court/ArbitratorRegistry.sol",
  BlockhashRandomness: "randomness/BlockhashRandomness.sol",
  ChainlinkVrfRandomness: "randomness/ChainlinkVrfRandomness.sol",
  DisputeCourt: "court/DisputeCourt.sol",
  PoseidonT2: "poseidon-solidity/PoseidonT2.sol",
  PoseidonT3: "poseidon-solidity/PoseidonT3.sol",
  StakeMembershipVerifier: "zk/StakeMembershipVerifier.sol",
  AnonymousStakeGroup: "anonymity/AnonymousStakeGroup.sol",
  Endorsements: "anonymity/Endorsements.sol",
};

/** Sources that are npm packages' files (built through `npmFilesToBuild`), not contracts/src's. */
export const npmSourcePrefixes = ["@openzeppelin/", "poseidon-solidity/"] as const;

export { contractNames, type ContractName };
