/**
 * The public log of privileged actions: what an admin action row says, and the role names an
 * app can show instead of hashes.
 */
import type { EventNames } from "ponder:registry";
import { keccak256, stringToHex, zeroHash, type Hex } from "viem";

/** Contracts in ponder.config.ts whose ABI has the event `E`. */
type ContractsEmitting<E extends string> = EventNames extends infer N
  ? N extends `${infer C}:${E}`
    ? C
    : never
  : never;

/**
 * Contracts that use OpenZeppelin's AccessControl, whose role events go into the admin log.
 * A unit test fails once another indexed contract's ABI gains the events.
 */
export const accessControlledContracts = [
  "StakeManager",
  "LeaseRegistry",
  "JobEscrow",
  "TimelockController",
  "CodeRegistry",
  "InsurancePool",
  "ArbitratorRegistry",
  "DisputeCourt",
] as const satisfies readonly ContractsEmitting<"RoleGranted">[];

/**
 * Roles the Leasehold contracts define. OpenZeppelin's AccessControl identifies a role by the
 * keccak256 of its name (the default admin role by zero), so the hashes are derived, not copied;
 * the integration test checks them against the contracts' own constants.
 */
export const knownRoleNames = [
  "DEFAULT_ADMIN_ROLE",
  "LOCKER_ROLE",
  "SLASHER_ROLE",
  "DISPUTE_ROLE",
  "GUARDIAN_ROLE",
  "CLAIMS_ROLE",
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
  "COURT_ROLE",
] as const;
export type KnownRoleName = (typeof knownRoleNames)[number];

export function roleHash(name: KnownRoleName): Hex {
  return name === "DEFAULT_ADMIN_ROLE" ? zeroHash : keccak256(stringToHex(name));
}

const roleNamesByHash = new Map<Hex, KnownRoleName>(knownRoleNames.map((name) => [roleHash(name), name]));

/** The role's name, or undefined for a role no Leasehold contract defines. */
export function roleName(role: Hex): KnownRoleName | undefined {
  return roleNamesByHash.get(role.toLowerCase() as Hex);
}

/** Actions in the admin log; each is the name of the event that records it. */
export type AdminActionName =
  | "MinimumStakeUpdated"
  | "UnbondingDelayUpdated"
  | "MaxTtlUpdated"
  | "ChallengeWindowUpdated"
  | "CollateralBpsUpdated"
  | "PremiumBpsUpdated"
  | "InsuranceUpdated"
  | "JobDisputeSettled"
  | "ReleaseApproved"
  | "ReleaseRevoked"
  | "CodeRevoked"
  | "ReviewPolicyUpdated"
  | "PublicationBondUpdated"
  | "CallScheduled"
  | "CallExecuted"
  | "Cancelled"
  | "MinDelayChange"
  | "VotingDelaySet"
  | "VotingPeriodSet"
  | "ProposalThresholdSet"
  | "QuorumNumeratorUpdated"
  | "TimelockChange"
  | "CooldownUpdated"
  | "ClaimFiled"
  | "ClaimPaid"
  | "ClaimCancelled"
  | "LeaveDelayUpdated"
  | "RandomnessSourceUpdated"
  | "DrawScheduleUpdated"
  | "ParamsUpdated"
  | "RoleGranted"
  | "RoleRevoked"
  | "RoleAdminChanged";

/** A JSON value as the `details` and `proposalAction.args` columns hold it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The `details` column. Amounts, delays and rates are decimal strings, as JSON has no big
 * integers, and addresses are lowercase;
 * `roleName` is present only for roles the contracts define. Other actions (a release approved,
 * a timelock call, a claim) carry their event's arguments as `eventDetails` writes them.
 */
export type AdminActionDetails =
  | { old: JsonValue; new: JsonValue }
  | { role: Hex; roleName?: KnownRoleName; account: Hex }
  | { role: Hex; roleName?: KnownRoleName; previousAdminRole: Hex; newAdminRole: Hex }
  | { [key: string]: JsonValue };

/**
 * Event or call arguments as JSON: big integers as decimal strings, hex (addresses, hashes,
 * calldata) lowercase, structs as objects and arrays as arrays, keys as the ABI names them.
 */
export function toJson(value: unknown): JsonValue {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value.startsWith("0x") ? value.toLowerCase() : value;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  }
  throw new TypeError(`Cannot write ${typeof value} as JSON`);
}

/** An event's arguments as the `details` of its admin log row. */
export function eventDetails(args: Record<string, unknown>): { [key: string]: JsonValue } {
  return toJson(args) as { [key: string]: JsonValue };
}

/** A parameter's value as the admin log and the `parameter` table write it. */
export function parameterValue(value: bigint | number | Hex): string {
  return typeof value === "string" ? value.toLowerCase() : value.toString();
}

export function parameterChangeDetails(
  oldValue: bigint | number | Hex,
  newValue: bigint | number | Hex,
): AdminActionDetails {
  return { old: parameterValue(oldValue), new: parameterValue(newValue) };
}

/** Addresses are lowercase, like every hex column Ponder stores, so the two compare equal. */
export function roleChangeDetails(role: Hex, account: Hex): AdminActionDetails {
  const name = roleName(role);
  const lowerAccount = account.toLowerCase() as Hex;
  return name ? { role, roleName: name, account: lowerAccount } : { role, account: lowerAccount };
}

export function roleAdminChangeDetails(role: Hex, previousAdminRole: Hex, newAdminRole: Hex): AdminActionDetails {
  const name = roleName(role);
  return name ? { role, roleName: name, previousAdminRole, newAdminRole } : { role, previousAdminRole, newAdminRole };
}
