/**
 * The governance vocabulary of the app: release and proposal states as people say them, and the
 * one proposal shape the voter pages create for a release. The Governor is OpenZeppelin's, so a
 * proposal is `propose(targets, values, calldatas, description)` and its id is
 * `hashProposal(targets, values, calldatas, keccak256(description))`: with a fixed description
 * per release, every browser finds the same proposal without an index.
 */
import { codeRegistryAbi } from "@leasehold/sdk/abis";
import { encodeFunctionData, keccak256, stringToHex, type Address, type Hex } from "viem";

/** ICodeRegistry.ReleaseStatus. */
export const ReleaseStatus = { None: 0, Pending: 1, Approved: 2, Revoked: 3 } as const;
export const releaseStatusLabels = ["Unknown", "Pending", "Approved", "Revoked"] as const;
/** ICodeRegistry.Urgency. */
export const urgencyLabels = ["Routine", "Urgent", "Emergency"] as const;
/** IGovernor.ProposalState. */
export const proposalStateLabels = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export const ProposalState = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const;
/** GovernorCountingSimple's support values. */
export const VoteSupport = { Against: 0, For: 1, Abstain: 2 } as const;

export interface ApprovalProposal {
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  description: string;
  descriptionHash: Hex;
}

/**
 * The proposal that approves one release: a single call of `CodeRegistry.approve(publisher,
 * codeHash)`. A release is one publisher's submission of the code (others, a squatter's copy
 * among them, may publish the same hash), so the proposal names whose release it vouches for.
 * `again` tells a later attempt apart (the same calls and description would give the id of the
 * defeated proposal, which the Governor refuses to create twice).
 */
export function approvalProposal(
  codeRegistry: Address,
  release: { publisher: Address; codeHash: Hex },
  again?: string,
): ApprovalProposal {
  const { publisher, codeHash } = release;
  const description = `Approve agent release ${codeHash} by ${publisher}${again ? ` (${again})` : ""}`;
  return {
    targets: [codeRegistry],
    values: [0n],
    calldatas: [encodeFunctionData({ abi: codeRegistryAbi, functionName: "approve", args: [publisher, codeHash] })],
    description,
    descriptionHash: keccak256(stringToHex(description)),
  };
}

/** A release's key in the page (test ids, React keys): its code hash and publisher, lowercase. */
export function releaseKey(release: { publisher: Address; codeHash: Hex }): string {
  return `${release.codeHash.toLowerCase()}-${release.publisher.toLowerCase()}`;
}

/** An indexed proposal's calls, as `queue` and `execute` take them. */
export function indexedProposalCalls(proposal: {
  targets: Hex[];
  values: string[];
  calldatas: Hex[];
  description: string;
  descriptionHash: Hex;
}): ApprovalProposal {
  return {
    targets: proposal.targets,
    values: proposal.values.map((value) => BigInt(value)),
    calldatas: proposal.calldatas,
    description: proposal.description,
    descriptionHash: proposal.descriptionHash,
  };
}
