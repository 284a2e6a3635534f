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
] as const satisfies readonly ContractsEmitting<"RoleGranted">[];

/**
 * Roles the Leasehold contracts define. OpenZeppelin's AccessControl identifies a role by the
 * keccak256 of its name (the default admin role by zero), so the hashes are derived, not copied;
 * the integration test checks them against the contracts' own constants.
 */
export const knownRoleNames = ["DEFAULT_ADMIN_ROLE", "LOCKER_ROLE", "SLASHER_ROLE", "DISPUTE_ROLE"] as const;
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
  | "RoleGranted"
  | "RoleRevoked"
  | "RoleAdminChanged";

/**
 * The `details` column. Amounts, delays and rates are decimal strings, as JSON has no big
 * integers, and addresses are lowercase;
 * `roleName` is present only for roles the contracts define.
 */
export type AdminActionDetails =
  | { old: string; new: string }
  | { role: Hex; roleName?: KnownRoleName; account: Hex }
  | { role: Hex; roleName?: KnownRoleName; previousAdminRole: Hex; newAdminRole: Hex };

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
