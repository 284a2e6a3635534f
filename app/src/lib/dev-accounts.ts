/**
 * Server-only: the local chain's development accounts as the browser is offered them, with what
 * each is for on the devnet. Only addresses leave the server; the mnemonic stays here, and anvil
 * (which unlocks these accounts) signs for them.
 */
import { DEV_ACCOUNT_COUNT, devAccount, devAccountRoles } from "@leasehold/sdk";
import type { DevAccountChoice } from "./client-config";

const roleNames: Record<keyof typeof devAccountRoles, string> = {
  deployer: "deployer",
  browser: "browser",
  demoOperators: "demo operator",
  demoOwner: "demo data owner",
  guardian: "guardian",
  publisher: "publisher",
  arbitrators: "arbitrator",
  reserveArbitrators: "reserve arbitrator",
  demoInsurer: "demo insurer",
  keeper: "keeper",
  relayer: "relayer",
};

export function devAccountChoices(): DevAccountChoice[] {
  return Array.from({ length: DEV_ACCOUNT_COUNT }, (_, index) => {
    const roles = (Object.keys(roleNames) as (keyof typeof devAccountRoles)[])
      .filter((key) => {
        const value: number | readonly number[] = devAccountRoles[key];
        return typeof value === "number" ? value === index : value.includes(index);
      })
      .map((key) => roleNames[key]);
    return { index, address: devAccount(index).address, role: roles.join(", ") || "unassigned" };
  });
}
