import {
  agentRegistryAbi,
  arbitratorRegistryAbi,
  codeRegistryAbi,
  disputeCourtAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
  leaseRegistryAbi,
  receiptAnchorAbi,
  stakeManagerAbi,
  timelockControllerAbi,
} from "@leasehold/sdk";
import { keccak256, stringToHex, zeroAddress, zeroHash, type Abi } from "viem";
import { describe, expect, it } from "vitest";
import {
  accessControlledContracts,
  parameterChangeDetails,
  roleAdminChangeDetails,
  roleChangeDetails,
  eventDetails,
  roleHash,
  roleName,
  toJson,
} from "../../src/lib/admin-actions.ts";

const indexedAbis: Record<string, Abi> = {
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
  DisputeCourt: disputeCourtAbi,
};
const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("# accessControlledContracts", () => {
  it("should list exactly the indexed contracts whose ABI has the AccessControl events", () => {
    const withRoleEvents = Object.entries(indexedAbis)
      .filter(([, abi]) =>
        ["RoleGranted", "RoleRevoked", "RoleAdminChanged"].every((name) =>
          abi.some((item) => item.type === "event" && item.name === name),
        ),
      )
      .map(([name]) => name);
    expect([...accessControlledContracts].sort()).toEqual(withRoleEvents.sort());
  });
});

describe("# roleName", () => {
  it("should name the default admin role, whose id is zero", () => {
    expect(roleName(zeroHash)).toBe("DEFAULT_ADMIN_ROLE");
  });

  it("should name roles by the keccak256 of their name, in any letter case", () => {
    const slasher = keccak256(stringToHex("SLASHER_ROLE"));
    expect(roleName(slasher)).toBe("SLASHER_ROLE");
    expect(roleName(slasher.toUpperCase().replace("0X", "0x") as `0x${string}`)).toBe("SLASHER_ROLE");
    expect(roleName(roleHash("LOCKER_ROLE"))).toBe("LOCKER_ROLE");
    expect(roleName(keccak256(stringToHex("DISPUTE_ROLE")))).toBe("DISPUTE_ROLE");
  });

  it("should leave unknown roles unnamed", () => {
    expect(roleName(keccak256(stringToHex("MINTER_ROLE")))).toBeUndefined();
  });
});

describe("# details", () => {
  it("should write parameter changes as decimal strings", () => {
    expect(parameterChangeDetails(100n * 10n ** 18n, 0n)).toEqual({ old: "100000000000000000000", new: "0" });
    expect(parameterChangeDetails(200, 300)).toEqual({ old: "200", new: "300" });
  });

  it("should write address parameters in lowercase", () => {
    expect(parameterChangeDetails(account, zeroAddress)).toEqual({ old: account.toLowerCase(), new: zeroAddress });
  });

  it("should name known roles and lowercase the account like Ponder's hex columns", () => {
    expect(roleChangeDetails(roleHash("LOCKER_ROLE"), account)).toEqual({
      role: roleHash("LOCKER_ROLE"),
      roleName: "LOCKER_ROLE",
      account: account.toLowerCase(),
    });
  });

  it("should leave out the name of an unknown role", () => {
    const role = keccak256(stringToHex("MINTER_ROLE"));
    expect(roleChangeDetails(role, account)).toEqual({ role, account: account.toLowerCase() });
    expect(roleAdminChangeDetails(role, zeroHash, role)).toEqual({
      role,
      previousAdminRole: zeroHash,
      newAdminRole: role,
    });
  });
});

describe("# toJson", () => {
  it("should write big integers as decimal strings and hex in lowercase, through structs and arrays", () => {
    expect(
      eventDetails({
        id: "0xABCDEF",
        value: 10n ** 30n,
        index: 3,
        agentWins: false,
        policy: { reviewBase: 120n, targets: [account] },
      }),
    ).toEqual({
      id: "0xabcdef",
      value: "1000000000000000000000000000000",
      index: 3,
      agentWins: false,
      policy: { reviewBase: "120", targets: [account.toLowerCase()] },
    });
  });

  it("should keep text that is not hex as written", () => {
    expect(toJson(["Reviewed", undefined, null])).toEqual(["Reviewed", null, null]);
  });
});
