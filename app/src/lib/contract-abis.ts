/**
 * Every deployed contract's ABI by its name in the deployment record, and look-ups by address:
 * what the debug page calls and what the transaction view decodes calls and events with.
 */
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  arbitratorRegistryAbi,
  blockhashRandomnessAbi,
  chainlinkVrfRandomnessAbi,
  codeRegistryAbi,
  devStakeTokenAbi,
  disputeCourtAbi,
  endorsementsAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
  leaseRegistryAbi,
  poseidonT2Abi,
  poseidonT3Abi,
  receiptAnchorAbi,
  stakeManagerAbi,
  stakeMembershipVerifierAbi,
  timelockControllerAbi,
} from "@leasehold/sdk/abis";
import type { ContractName, Deployment } from "@leasehold/sdk";
import { isAddressEqual, type Abi, type Address } from "viem";

export const contractAbis: Record<ContractName, Abi> = {
  DevStakeToken: devStakeTokenAbi,
  StakeManager: stakeManagerAbi,
  AgentRegistry: agentRegistryAbi,
  LeaseRegistry: leaseRegistryAbi,
  ReceiptAnchor: receiptAnchorAbi,
  JobEscrow: jobEscrowAbi,
  LeaseholdVotes: leaseholdVotesAbi,
  TimelockController: timelockControllerAbi,
  LeaseholdGovernor: leaseholdGovernorAbi,
  CodeRegistry: codeRegistryAbi,
  InsurancePool: insurancePoolAbi,
  ArbitratorRegistry: arbitratorRegistryAbi,
  BlockhashRandomness: blockhashRandomnessAbi,
  ChainlinkVrfRandomness: chainlinkVrfRandomnessAbi,
  DisputeCourt: disputeCourtAbi,
  PoseidonT2: poseidonT2Abi,
  PoseidonT3: poseidonT3Abi,
  StakeMembershipVerifier: stakeMembershipVerifierAbi,
  AnonymousStakeGroup: anonymousStakeGroupAbi,
  Endorsements: endorsementsAbi,
};

export interface DeployedContract {
  name: ContractName;
  address: Address;
  abi: Abi;
}

/** The contracts the deployment record names, in the record's order. */
export function deployedContracts(deployment: Deployment | null): DeployedContract[] {
  if (!deployment) return [];
  return (Object.entries(deployment.contracts) as [ContractName, { address: Address } | undefined][]).flatMap(
    ([name, entry]) => (entry ? [{ name, address: entry.address, abi: contractAbis[name] }] : []),
  );
}

export function contractAt(deployment: Deployment | null, address: Address | null | undefined) {
  if (!address) return undefined;
  return deployedContracts(deployment).find((contract) => isAddressEqual(contract.address, address));
}
