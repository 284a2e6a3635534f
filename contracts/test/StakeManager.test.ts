import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadDeployment, MINIMUM_STAKE } from "../fixtures/deploy-fixture.ts";

describe("StakeManager", () => {
  describe("# deposit", () => {
    it("should credit free stake and emit StakeDeposited", async () => {
      const { token, stakeManager, accounts } = await loadDeployment();
      const operator = accounts[0]!;
      await token.write.faucet({ account: operator.account });
      await token.write.approve([stakeManager.address, MINIMUM_STAKE], { account: operator.account });
      await stakeManager.write.deposit([MINIMUM_STAKE], { account: operator.account });
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, MINIMUM_STAKE);
    });
  });
});
