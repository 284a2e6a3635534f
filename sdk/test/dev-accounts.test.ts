import { describe, expect, it } from "vitest";
import { DEVNET_COURT } from "../../scripts/lib/local-deploy.ts";
import { appealPanelSize } from "../src/court/index.ts";
import { DEV_ACCOUNT_COUNT, devAccount, devAccountRoles } from "../src/dev-accounts.ts";

describe("devAccount", () => {
  it("should derive the standard first development account of local chains", () => {
    // The address every EVM toolchain prints for the public test mnemonic's first key.
    expect(devAccount(0).address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  });

  it("should give every devnet role its own account", () => {
    const indices = [
      devAccountRoles.deployer,
      devAccountRoles.browser,
      ...devAccountRoles.demoOperators,
      devAccountRoles.demoOwner,
      devAccountRoles.guardian,
      devAccountRoles.publisher,
      devAccountRoles.demoInsurer,
      devAccountRoles.keeper,
      devAccountRoles.relayer,
      ...devAccountRoles.arbitrators.filter((index) => index !== devAccountRoles.browser),
      ...devAccountRoles.reserveArbitrators,
    ];
    expect(new Set(indices.map((index) => devAccount(index).address)).size).toBe(indices.length);
  });

  it("should seat the browser account among the devnet's arbitrators, and no party of the demo dispute", () => {
    const arbitrators: readonly number[] = devAccountRoles.arbitrators;
    expect(arbitrators).toContain(devAccountRoles.browser);
    expect(arbitrators).not.toContain(devAccountRoles.demoOwner);
    for (const operator of devAccountRoles.demoOperators) expect(arbitrators).not.toContain(operator);
    expect(new Set(arbitrators).size).toBe(arbitrators.length);
  });

  it("should seat enough arbitrators besides the browser account and a demo operator for round 0 and its appeal", () => {
    const firstPanel = DEVNET_COURT.firstPanelSize;
    const besidesParties = [...devAccountRoles.arbitrators, ...devAccountRoles.reserveArbitrators].filter(
      (index) =>
        index !== devAccountRoles.browser && !(devAccountRoles.demoOperators as readonly number[]).includes(index),
    );
    expect(besidesParties.length).toBeGreaterThanOrEqual(firstPanel + appealPanelSize(firstPanel));
  });

  it("should stay within the development accounts anvil starts", () => {
    const all = Object.values(devAccountRoles).flat();
    for (const index of all) expect(index).toBeLessThan(DEV_ACCOUNT_COUNT);
  });
});
