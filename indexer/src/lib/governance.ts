/**
 * Governance values as the indexer names them, and the decoding of a proposal's calls. Enum
 * names come from the schema's enums, whose order follows the contracts' declarations (a unit
 * test reads them from the Solidity sources).
 */
import { InvalidInputError } from "@leasehold/sdk";
import { decodeFunctionData, type Abi, type Address, type Hex } from "viem";
import { releaseStatus, releaseUrgency, voteSupport } from "../../ponder.schema.ts";
import { toJson, type JsonValue } from "./admin-actions.ts";

export type ReleaseStatusName = (typeof releaseStatus.enumValues)[number];
export type ReleaseUrgencyName = (typeof releaseUrgency.enumValues)[number];
export type VoteSupportName = (typeof voteSupport.enumValues)[number];

function enumName<T>(names: readonly T[], value: number, what: string): T {
  const name = names[value];
  if (name === undefined) throw new InvalidInputError(`No ${what} ${value}`);
  return name;
}

/** ICodeRegistry.ReleaseStatus: `None` (0) is a hash never published, which no event carries. */
export function releaseStatusName(value: number): ReleaseStatusName {
  return enumName(releaseStatus.enumValues, value - 1, "release status");
}

/** ICodeRegistry.Urgency. */
export function releaseUrgencyName(value: number): ReleaseUrgencyName {
  return enumName(releaseUrgency.enumValues, value, "release urgency");
}

/** GovernorCountingSimple.VoteType: 0 Against, 1 For, 2 Abstain. */
export function voteSupportName(value: number): VoteSupportName {
  return enumName(voteSupport.enumValues, value, "vote type");
}

export interface KnownContract {
  address: Address;
  abi: Abi;
}

/** The `release` row's id: a release is keyed by its publisher and its code hash (ICodeRegistry). */
export function releaseId(publisher: Address, codeHash: Hex): string {
  return `${publisher.toLowerCase()}-${codeHash.toLowerCase()}`;
}

export interface DecodedProposalAction {
  /** Name of the Leasehold contract called, or null for any other target. */
  contract: string | null;
  functionName: string | null;
  args: JsonValue | null;
  /** The release (`releaseId`) that a `CodeRegistry.approve(publisher, codeHash)` call approves. */
  releaseId: string | null;
  /** That release's code hash. */
  releaseCodeHash: Hex | null;
}

/**
 * What a proposal's call does, when its target is one of `contracts` (the indexed Leasehold
 * contracts, by name) and its calldata matches that contract's ABI. Anything else, including
 * calldata that does not decode, is kept raw: a proposal may call any contract.
 */
export function decodeProposalAction(
  target: Address,
  calldata: Hex,
  contracts: Readonly<Record<string, KnownContract>>,
): DecodedProposalAction {
  const unknown: DecodedProposalAction = {
    contract: null,
    functionName: null,
    args: null,
    releaseId: null,
    releaseCodeHash: null,
  };
  const entry = Object.entries(contracts).find(([, known]) => known.address.toLowerCase() === target.toLowerCase());
  if (!entry) return unknown;
  const [contract, { abi }] = entry;
  let decoded: { functionName: string; args?: readonly unknown[] };
  try {
    decoded = decodeFunctionData({ abi, data: calldata });
  } catch {
    return { ...unknown, contract };
  }
  const args = decoded.args ?? [];
  const approves = contract === "CodeRegistry" && decoded.functionName === "approve";
  const [publisher, codeHash] = args as [Address, Hex];
  return {
    contract,
    functionName: decoded.functionName,
    args: toJson(args),
    releaseId: approves ? releaseId(publisher, codeHash) : null,
    releaseCodeHash: approves ? (codeHash.toLowerCase() as Hex) : null,
  };
}
