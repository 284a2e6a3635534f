/**
 * The arbitrators' registry over the deployed stake token. The registry is not part of the deploy
 * step yet, so these tests deploy it themselves (the deployer as its admin) and grant COURT_ROLE
 * to an account standing in for the dispute court.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  encodeFunctionData,
  getAddress,
  getContract,
  keccak256,
  numberToHex,
  parseAbi,
  parseEther,
  toHex,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
} from "viem";
import { loadDeployment, networkHelpers, viem } from "../fixtures/deploy-fixture.ts";

const MINIMUM_STAKE = parseEther("100");
const LEAVE_DELAY = 7n * 24n * 60n * 60n;
const MAX_LEAVE_DELAY = 90n * 24n * 60n * 60n;
const MAX_ARBITRATORS = 1024n;
const MAX_SEATS = 31n;
/** Storage slot of `_slotsUsed` in ArbitratorRegistry's layout (after AccessControl's `_roles`). */
const SLOTS_USED_SLOT = 9n;

const seed = (label: string): Hex => keccak256(toHex(label));

/** The functions of the misbehaving test tokens (contracts/test/mocks) these tests call. */
const mockTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
  "function arm(address target, bytes data)",
]);

async function deployMockToken(name: "ReentrantToken" | "FeeOnTransferToken", args: unknown[] = []) {
  const { address } = await viem.deployContract(name, args);
  const [wallet] = await viem.getWalletClients();
  return getContract({ address, abi: mockTokenAbi, client: { public: await viem.getPublicClient(), wallet: wallet! } });
}

async function setup() {
  const deployment = await loadDeployment();
  const { token, deployer, accounts } = deployment;
  const arbitrators = accounts.slice(0, 5);
  const [court, recipient, outsider] = accounts.slice(5, 8) as [
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
  ];
  const registry = await viem.deployContract("ArbitratorRegistry", [
    token.address,
    deployer.account.address,
    MINIMUM_STAKE,
    LEAVE_DELAY,
  ]);
  const courtRole = await registry.read.COURT_ROLE();
  const adminRole = await registry.read.DEFAULT_ADMIN_ROLE();
  await registry.write.grantRole([courtRole, court.account.address], { account: deployer.account });

  type Account = (typeof accounts)[number];

  /** Draw from the faucet if needed, approve and deposit `amount` as `who`. */
  async function deposit(who: Account, amount: bigint) {
    if ((await token.read.balanceOf([who.account.address])) < amount)
      await token.write.faucet({ account: who.account });
    await token.write.approve([registry.address, amount], { account: who.account });
    return registry.write.deposit([amount], { account: who.account });
  }

  /** The panel a draw would return now, without drawing. */
  async function peek(drawSeed: Hex, seats: bigint, excluded: Address[] = []) {
    const { result } = await registry.simulate.draw([drawSeed, seats, excluded], {
      account: court.account.address,
    });
    return result[0].map((address) => getAddress(address));
  }

  async function draw(drawSeed: Hex, seats: bigint, excluded: Address[] = []) {
    const panel = await peek(drawSeed, seats, excluded);
    await registry.write.draw([drawSeed, seats, excluded], { account: court.account });
    return panel;
  }

  /** totalWeight and drawableCount must match the weights of every account the test used. */
  async function assertBook() {
    const minimum = await registry.read.minimumStake();
    let sum = 0n;
    let drawable = 0n;
    for (const who of [...arbitrators, court, recipient, outsider]) {
      const { free } = await registry.read.arbitratorOf([who.account.address]);
      const weight = await registry.read.weightOf([who.account.address]);
      assert.equal(weight, free >= minimum ? free : 0n);
      sum += weight;
      if (weight !== 0n) drawable += 1n;
    }
    assert.equal(await registry.read.totalWeight(), sum, "totalWeight");
    assert.equal(await registry.read.drawableCount(), drawable, "drawableCount");
  }

  return {
    ...deployment,
    registry,
    arbitrators: arbitrators as [Account, Account, Account, Account, Account],
    court,
    recipient,
    outsider,
    courtRole,
    adminRole,
    deposit,
    peek,
    draw,
    assertBook,
  };
}

describe("ArbitratorRegistry", () => {
  describe("# deployment", () => {
    it("should use the stake token, the constructor parameters and the bounds", async () => {
      const { registry, token, deployer, adminRole, courtRole } = await setup();
      assert.equal(getAddress(await registry.read.stakeToken()), getAddress(token.address));
      assert.equal(await registry.read.minimumStake(), MINIMUM_STAKE);
      assert.equal(await registry.read.seatLock(), MINIMUM_STAKE);
      assert.equal(await registry.read.leaveDelay(), LEAVE_DELAY);
      assert.equal(await registry.read.MAX_ARBITRATORS(), MAX_ARBITRATORS);
      assert.equal(await registry.read.MAX_SEATS(), MAX_SEATS);
      assert.equal(await registry.read.MAX_LEAVE_DELAY(), MAX_LEAVE_DELAY);
      assert.equal(await registry.read.totalStaked(), 0n);
      assert.equal(await registry.read.totalWeight(), 0n);
      assert.equal(await registry.read.drawableCount(), 0n);
      assert.equal(courtRole, keccak256(toHex("COURT_ROLE")));
      assert.equal(adminRole, zeroHash);
      assert.equal(await registry.read.hasRole([adminRole, deployer.account.address]), true);
    });
  });

  describe("# deposit", () => {
    it("should credit free stake, weigh it and emit ArbitratorStaked", async () => {
      const { registry, token, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await viem.assertions.emitWithArgs(deposit(alice, MINIMUM_STAKE), registry, "ArbitratorStaked", [
        getAddress(alice.account.address),
        MINIMUM_STAKE,
        MINIMUM_STAKE,
      ]);
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.deepEqual(stake, { free: MINIMUM_STAKE, locked: 0n, leaving: 0n, unlockAt: 0n, seats: 0 });
      assert.equal(await registry.read.weightOf([alice.account.address]), MINIMUM_STAKE);
      assert.equal(await registry.read.totalStaked(), MINIMUM_STAKE);
      assert.equal(await token.read.balanceOf([registry.address]), MINIMUM_STAKE);
      await assertBook();
    });

    it("should give no weight below the minimum and full weight once a second deposit reaches it", async () => {
      const { registry, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("60"));
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      await assertBook();
      await deposit(alice, parseEther("40"));
      assert.equal(await registry.read.weightOf([alice.account.address]), MINIMUM_STAKE);
      await assertBook();
    });

    it("should revert with ArbitratorRegistryZeroAmount for zero", async () => {
      const { registry, arbitrators } = await setup();
      await viem.assertions.revertWithCustomError(
        registry.write.deposit([0n], { account: arbitrators[0].account }),
        registry,
        "ArbitratorRegistryZeroAmount",
      );
    });

    it("should revert with ArbitratorRegistryFull when every slot is taken", async () => {
      // Filling 1024 slots for real is ArbitratorRegistry.t.sol's job; here the counter is set.
      const { registry, arbitrators, deposit } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await networkHelpers.setStorageAt(registry.address, SLOTS_USED_SLOT, numberToHex(MAX_ARBITRATORS, { size: 32 }));
      await deposit(arbitrators[0], 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        deposit(arbitrators[1], MINIMUM_STAKE),
        registry,
        "ArbitratorRegistryFull",
        [MAX_ARBITRATORS],
      );
    });

    it("should credit only what arrived from a fee-on-transfer token", async () => {
      const { deployer, arbitrators } = await setup();
      const [alice] = arbitrators;
      const feeToken = await deployMockToken("FeeOnTransferToken", [100n]);
      const registry = await viem.deployContract("ArbitratorRegistry", [
        feeToken.address,
        deployer.account.address,
        500n,
        LEAVE_DELAY,
      ]);
      await feeToken.write.mint([alice.account.address, 1_000n]);
      await feeToken.write.approve([registry.address, 1_000n], { account: alice.account });
      await viem.assertions.emitWithArgs(
        registry.write.deposit([1_000n], { account: alice.account }),
        registry,
        "ArbitratorStaked",
        [getAddress(alice.account.address), 990n, 990n],
      );
      assert.equal(await registry.read.totalStaked(), 990n);
      assert.equal(await registry.read.totalWeight(), 990n);
    });

    it("should revert with ReentrancyGuardReentrantCall when the token calls back", async () => {
      const { deployer, arbitrators } = await setup();
      const [alice] = arbitrators;
      const reentrant = await deployMockToken("ReentrantToken");
      const registry = await viem.deployContract("ArbitratorRegistry", [
        reentrant.address,
        deployer.account.address,
        MINIMUM_STAKE,
        LEAVE_DELAY,
      ]);
      await reentrant.write.mint([alice.account.address, 10n]);
      await reentrant.write.approve([registry.address, 10n], { account: alice.account });
      const data = encodeFunctionData({ abi: registry.abi, functionName: "deposit", args: [1n] });
      await reentrant.write.arm([registry.address, data]);
      await viem.assertions.revertWithCustomError(
        registry.write.deposit([10n], { account: alice.account }),
        registry,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("# requestLeave", () => {
    it("should move free stake to leaving, drop its weight and start the clock", async () => {
      const { registry, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("300"));
      const hash = await registry.write.requestLeave([parseEther("250")], { account: alice.account });
      const now = BigInt(await networkHelpers.time.latest());
      await viem.assertions.emitWithArgs(hash, registry, "LeaveRequested", [
        getAddress(alice.account.address),
        parseEther("250"),
        parseEther("250"),
        now + LEAVE_DELAY,
      ]);
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.free, parseEther("50"));
      assert.equal(stake.leaving, parseEther("250"));
      assert.equal(stake.unlockAt, now + LEAVE_DELAY);
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      await assertBook();
    });

    it("should restart the clock for the whole leaving bucket on a second request", async () => {
      const { registry, arbitrators, deposit } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("300"));
      await registry.write.requestLeave([parseEther("100")], { account: alice.account });
      await networkHelpers.time.increase(LEAVE_DELAY - 60n);
      await registry.write.requestLeave([parseEther("100")], { account: alice.account });
      const now = BigInt(await networkHelpers.time.latest());
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.leaving, parseEther("200"));
      assert.equal(stake.unlockAt, now + LEAVE_DELAY);
    });

    it("should revert with ArbitratorRegistryZeroAmount for zero", async () => {
      const { registry, arbitrators, deposit } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await viem.assertions.revertWithCustomError(
        registry.write.requestLeave([0n], { account: arbitrators[0].account }),
        registry,
        "ArbitratorRegistryZeroAmount",
      );
    });

    it("should revert with ArbitratorRegistryInsufficientFree above free stake", async () => {
      const { registry, arbitrators, deposit } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.requestLeave([MINIMUM_STAKE + 1n], { account: alice.account }),
        registry,
        "ArbitratorRegistryInsufficientFree",
        [getAddress(alice.account.address), MINIMUM_STAKE, MINIMUM_STAKE + 1n],
      );
    });
  });

  describe("# cancelLeave", () => {
    it("should move leaving stake back to free stake and restore its weight", async () => {
      const { registry, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await registry.write.requestLeave([MINIMUM_STAKE], { account: alice.account });
      await viem.assertions.emitWithArgs(
        registry.write.cancelLeave({ account: alice.account }),
        registry,
        "LeaveCancelled",
        [getAddress(alice.account.address), MINIMUM_STAKE],
      );
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.free, MINIMUM_STAKE);
      assert.equal(stake.leaving, 0n);
      assert.equal(stake.unlockAt, 0n);
      assert.equal(await registry.read.weightOf([alice.account.address]), MINIMUM_STAKE);
      await assertBook();
    });

    it("should revert with ArbitratorRegistryNothingLeaving when nothing is leaving", async () => {
      const { registry, arbitrators } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelLeave({ account: arbitrators[0].account }),
        registry,
        "ArbitratorRegistryNothingLeaving",
        [getAddress(arbitrators[0].account.address)],
      );
    });
  });

  describe("# withdraw", () => {
    it("should send the leaving stake to the recipient once the delay has passed", async () => {
      const { registry, token, arbitrators, recipient, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await registry.write.requestLeave([parseEther("40")], { account: alice.account });
      await networkHelpers.time.increase(LEAVE_DELAY);
      const before = await token.read.balanceOf([recipient.account.address]);
      await viem.assertions.emitWithArgs(
        registry.write.withdraw([recipient.account.address], { account: alice.account }),
        registry,
        "ArbitratorWithdrawn",
        [getAddress(alice.account.address), getAddress(recipient.account.address), parseEther("40")],
      );
      assert.equal(await token.read.balanceOf([recipient.account.address]), before + parseEther("40"));
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.leaving, 0n);
      assert.equal(stake.unlockAt, 0n);
      assert.equal(await registry.read.totalStaked(), parseEther("60"));
      await assertBook();
    });

    it("should revert with ArbitratorRegistryStillLeaving before the delay has passed", async () => {
      const { registry, arbitrators, deposit } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await registry.write.requestLeave([MINIMUM_STAKE], { account: alice.account });
      const { unlockAt } = await registry.read.arbitratorOf([alice.account.address]);
      await networkHelpers.time.increase(LEAVE_DELAY / 2n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([alice.account.address], { account: alice.account }),
        registry,
        "ArbitratorRegistryStillLeaving",
        [getAddress(alice.account.address), unlockAt],
      );
    });

    it("should revert with ArbitratorRegistrySeated while a seat is held, and pay once it is released", async () => {
      const { registry, arbitrators, court, deposit, draw } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("300"));
      await draw(seed("seated"), 1n);
      await registry.write.requestLeave([parseEther("200")], { account: alice.account });
      await networkHelpers.time.increase(LEAVE_DELAY);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([alice.account.address], { account: alice.account }),
        registry,
        "ArbitratorRegistrySeated",
        [getAddress(alice.account.address), 1],
      );
      await registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE], { account: court.account });
      await registry.write.withdraw([alice.account.address], { account: alice.account });
      assert.equal((await registry.read.arbitratorOf([alice.account.address])).free, MINIMUM_STAKE);
    });

    it("should revert with ArbitratorRegistryNothingLeaving when nothing is leaving", async () => {
      const { registry, arbitrators, deposit } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([arbitrators[0].account.address], { account: arbitrators[0].account }),
        registry,
        "ArbitratorRegistryNothingLeaving",
        [getAddress(arbitrators[0].account.address)],
      );
    });

    it("should revert with ArbitratorRegistryInvalidRecipient for the zero address or the registry", async () => {
      const { registry, arbitrators, deposit } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await registry.write.requestLeave([MINIMUM_STAKE], { account: alice.account });
      await networkHelpers.time.increase(LEAVE_DELAY);
      for (const target of [zeroAddress, registry.address]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.withdraw([target], { account: alice.account }),
          registry,
          "ArbitratorRegistryInvalidRecipient",
          [getAddress(target)],
        );
      }
    });

    it("should hand the slot of a fully exited arbitrator to the next newcomer", async () => {
      const { registry, arbitrators, deposit, peek, assertBook } = await setup();
      const [alice, bob, carol] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await deposit(bob, MINIMUM_STAKE);
      await registry.write.requestLeave([MINIMUM_STAKE], { account: alice.account });
      await networkHelpers.time.increase(LEAVE_DELAY);
      await registry.write.withdraw([alice.account.address], { account: alice.account });
      assert.equal(await registry.read.totalStaked(), MINIMUM_STAKE);
      await deposit(carol, parseEther("300"));
      await assertBook();
      // Both remaining arbitrators draw; alice, who left, never does.
      const seen = new Set<string>();
      for (let i = 0; i < 8; i++) for (const member of await peek(seed(`reuse ${i}`), 2n)) seen.add(member);
      assert.deepEqual(seen, new Set([getAddress(bob.account.address), getAddress(carol.account.address)]));
      // The slot counter did not move: carol took alice's slot.
      assert.equal(BigInt(await networkHelpers.getStorageAt(registry.address, SLOTS_USED_SLOT)), 2n);
    });
  });

  describe("# draw", () => {
    it("should seat distinct arbitrators, lock seatLock each and emit SeatLocked", async () => {
      const { registry, arbitrators, court, deposit, peek, assertBook } = await setup();
      for (const who of arbitrators) await deposit(who, parseEther("300"));
      const drawSeed = seed("panel");
      const panel = await peek(drawSeed, 3n);
      assert.equal(new Set(panel).size, 3);
      const hash = await registry.write.draw([drawSeed, 3n, []], { account: court.account });
      for (const member of panel) {
        await viem.assertions.emitWithArgs(hash, registry, "SeatLocked", [
          getAddress(court.account.address),
          member,
          drawSeed,
          MINIMUM_STAKE,
        ]);
        const stake = await registry.read.arbitratorOf([member]);
        assert.equal(stake.free, parseEther("200"));
        assert.equal(stake.locked, MINIMUM_STAKE);
        assert.equal(stake.seats, 1);
      }
      assert.equal(await registry.read.totalWeight(), parseEther("1500") - 3n * MINIMUM_STAKE);
      await assertBook();
    });

    it("should return the same panel for the same seed and state", async () => {
      const { arbitrators, deposit, peek } = await setup();
      for (const [i, who] of arbitrators.entries()) await deposit(who, MINIMUM_STAKE * BigInt(i + 1));
      const first = await peek(seed("same"), 3n);
      assert.deepEqual(await peek(seed("same"), 3n), first);
      const panels = new Set<string>();
      for (let i = 0; i < 6; i++) panels.add((await peek(seed(`other ${i}`), 3n)).join());
      assert.ok(panels.size > 1, "every seed drew the same panel");
    });

    it("should seat every arbitrator exactly once when all are drawn", async () => {
      const { arbitrators, deposit, draw, assertBook } = await setup();
      for (const [i, who] of arbitrators.entries()) await deposit(who, MINIMUM_STAKE * BigInt(i + 1));
      const panel = await draw(seed("all"), 5n);
      assert.deepEqual(new Set(panel), new Set(arbitrators.map((who) => getAddress(who.account.address))));
      await assertBook();
    });

    it("should never seat an excluded arbitrator", async () => {
      const { arbitrators, deposit, peek } = await setup();
      for (const who of arbitrators) await deposit(who, parseEther("500"));
      const excluded = [arbitrators[0].account.address, arbitrators[3].account.address];
      for (let i = 0; i < 10; i++) {
        const panel = await peek(seed(`exclude ${i}`), 3n, excluded);
        for (const member of panel) assert.ok(!excluded.map((a) => getAddress(a)).includes(member));
      }
    });

    it("should count an address listed twice in excluded once, and ignore non-arbitrators", async () => {
      const { registry, arbitrators, outsider, court, deposit, peek } = await setup();
      for (const who of arbitrators.slice(0, 3)) await deposit(who, MINIMUM_STAKE);
      const twice = arbitrators[0].account.address;
      const panel = await peek(seed("twice"), 2n, [twice, twice, outsider.account.address]);
      assert.equal(panel.length, 2);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([seed("twice"), 3n, [twice, twice]], { account: court.account }),
        registry,
        "ArbitratorRegistryNotEnoughArbitrators",
        [2n, 3n],
      );
    });

    it("should never seat an arbitrator below a raised minimum stake", async () => {
      const { registry, deployer, arbitrators, deposit, draw, court, assertBook } = await setup();
      const [alice, bob, carol] = arbitrators;
      await deposit(alice, parseEther("150"));
      await deposit(bob, parseEther("300"));
      await deposit(carol, parseEther("1000"));
      await viem.assertions.emitWithArgs(
        registry.write.setMinimumStake([parseEther("200")], { account: deployer.account }),
        registry,
        "MinimumStakeUpdated",
        [MINIMUM_STAKE, parseEther("200")],
      );
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      assert.equal(await registry.read.totalWeight(), parseEther("1300"));
      assert.equal(await registry.read.drawableCount(), 2n);
      await assertBook();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([seed("three"), 3n, []], { account: court.account }),
        registry,
        "ArbitratorRegistryNotEnoughArbitrators",
        [2n, 3n],
      );
      for (let i = 0; i < 10; i++) {
        const panel = await draw(seed(`raised ${i}`), 1n);
        assert.notEqual(panel[0], getAddress(alice.account.address));
        await registry.write.releaseSeat([panel[0]!, parseEther("200")], { account: court.account });
      }
      // Lowered again, alice is drawable with her whole free stake.
      await registry.write.setMinimumStake([parseEther("150")], { account: deployer.account });
      assert.equal(await registry.read.weightOf([alice.account.address]), parseEther("150"));
      await assertBook();
    });

    it("should drop an arbitrator whose seat lock leaves it below the minimum", async () => {
      const { registry, arbitrators, deposit, draw, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("150"));
      await draw(seed("once"), 1n);
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      assert.equal(await registry.read.drawableCount(), 0n);
      await assertBook();
    });

    it("should revert with ArbitratorRegistryNotEnoughArbitrators when too few can be drawn", async () => {
      const { registry, arbitrators, court, deposit } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await deposit(arbitrators[1], MINIMUM_STAKE);
      await deposit(arbitrators[2], parseEther("50"));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([seed("few"), 2n, [arbitrators[0].account.address]], { account: court.account }),
        registry,
        "ArbitratorRegistryNotEnoughArbitrators",
        [1n, 2n],
      );
    });

    it("should revert with ArbitratorRegistryInvalidSeatCount for no seats or more than MAX_SEATS", async () => {
      const { registry, court } = await setup();
      for (const seats of [0n, MAX_SEATS + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.draw([seed("count"), seats, []], { account: court.account }),
          registry,
          "ArbitratorRegistryInvalidSeatCount",
          [seats, MAX_SEATS],
        );
      }
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the court role", async () => {
      const { registry, arbitrators, outsider, courtRole, deposit } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([seed("outsider"), 1n, []], { account: outsider.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(outsider.account.address), courtRole],
      );
    });
  });

  describe("# releaseSeat", () => {
    it("should move the seat's lock back to free stake and restore the weight", async () => {
      const { registry, arbitrators, court, deposit, draw, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("150"));
      await draw(seed("release"), 1n);
      await viem.assertions.emitWithArgs(
        registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE], { account: court.account }),
        registry,
        "SeatReleased",
        [getAddress(court.account.address), getAddress(alice.account.address), MINIMUM_STAKE],
      );
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.free, parseEther("150"));
      assert.equal(stake.locked, 0n);
      assert.equal(stake.seats, 0);
      assert.equal(await registry.read.weightOf([alice.account.address]), parseEther("150"));
      await assertBook();
    });

    it("should revert with ArbitratorRegistryInsufficientLocked without a seat or above the lock", async () => {
      const { registry, arbitrators, court, deposit, draw } = await setup();
      const [alice, bob] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE], { account: court.account }),
        registry,
        "ArbitratorRegistryInsufficientLocked",
        [getAddress(alice.account.address), 0n, MINIMUM_STAKE],
      );
      await draw(seed("over"), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE + 1n], { account: court.account }),
        registry,
        "ArbitratorRegistryInsufficientLocked",
        [getAddress(alice.account.address), MINIMUM_STAKE, MINIMUM_STAKE + 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.releaseSeat([bob.account.address, 1n], { account: court.account }),
        registry,
        "ArbitratorRegistryInsufficientLocked",
        [getAddress(bob.account.address), 0n, 1n],
      );
    });

    it("should revert with ArbitratorRegistryZeroAmount for a zero lock", async () => {
      const { registry, arbitrators, court, deposit, draw } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await draw(seed("zero"), 1n);
      await viem.assertions.revertWithCustomError(
        registry.write.releaseSeat([arbitrators[0].account.address, 0n], { account: court.account }),
        registry,
        "ArbitratorRegistryZeroAmount",
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the court role", async () => {
      const { registry, arbitrators, outsider, courtRole, deposit, draw } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await draw(seed("outsider"), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.releaseSeat([arbitrators[0].account.address, MINIMUM_STAKE], { account: outsider.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(outsider.account.address), courtRole],
      );
    });
  });

  describe("# penalizeSeat", () => {
    it("should send the penalty to the recipient and release the rest", async () => {
      const { registry, token, arbitrators, court, recipient, deposit, draw, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("200"));
      await draw(seed("penalty"), 1n);
      const before = await token.read.balanceOf([recipient.account.address]);
      await viem.assertions.emitWithArgs(
        registry.write.penalizeSeat(
          [alice.account.address, MINIMUM_STAKE, parseEther("30"), recipient.account.address],
          {
            account: court.account,
          },
        ),
        registry,
        "SeatPenalized",
        [
          getAddress(court.account.address),
          getAddress(alice.account.address),
          getAddress(recipient.account.address),
          parseEther("30"),
          parseEther("70"),
        ],
      );
      assert.equal(await token.read.balanceOf([recipient.account.address]), before + parseEther("30"));
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.free, parseEther("170"));
      assert.equal(stake.locked, 0n);
      assert.equal(stake.seats, 0);
      assert.equal(await registry.read.totalStaked(), parseEther("170"));
      assert.equal(await token.read.balanceOf([registry.address]), parseEther("170"));
      await assertBook();
    });

    it("should close the seat like releaseSeat for a zero penalty, sending nothing", async () => {
      const { registry, token, arbitrators, court, recipient, deposit, draw, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await draw(seed("no penalty"), 1n);
      const before = await token.read.balanceOf([recipient.account.address]);
      await registry.write.penalizeSeat([alice.account.address, MINIMUM_STAKE, 0n, recipient.account.address], {
        account: court.account,
      });
      assert.equal(await token.read.balanceOf([recipient.account.address]), before);
      assert.deepEqual(await registry.read.arbitratorOf([alice.account.address]), {
        free: MINIMUM_STAKE,
        locked: 0n,
        leaving: 0n,
        unlockAt: 0n,
        seats: 0,
      });
      await assertBook();
    });

    it("should free the slot of an arbitrator whose whole stake was its penalized lock", async () => {
      const { registry, arbitrators, court, recipient, deposit, draw, assertBook } = await setup();
      const [alice, bob] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await draw(seed("all of it"), 1n);
      await registry.write.penalizeSeat(
        [alice.account.address, MINIMUM_STAKE, MINIMUM_STAKE, recipient.account.address],
        {
          account: court.account,
        },
      );
      assert.equal(await registry.read.totalStaked(), 0n);
      await deposit(bob, MINIMUM_STAKE);
      assert.equal(BigInt(await networkHelpers.getStorageAt(registry.address, SLOTS_USED_SLOT)), 1n);
      assert.deepEqual(await draw(seed("bob"), 1n), [getAddress(bob.account.address)]);
      await assertBook();
    });

    it("should revert with ArbitratorRegistryPenaltyAboveLock above the seat's lock", async () => {
      const { registry, arbitrators, court, recipient, deposit, draw } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await draw(seed("above"), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.penalizeSeat(
          [arbitrators[0].account.address, MINIMUM_STAKE, MINIMUM_STAKE + 1n, recipient.account.address],
          { account: court.account },
        ),
        registry,
        "ArbitratorRegistryPenaltyAboveLock",
        [MINIMUM_STAKE + 1n, MINIMUM_STAKE],
      );
    });

    it("should revert with ArbitratorRegistryInvalidRecipient for the zero address or the registry", async () => {
      const { registry, arbitrators, court, deposit, draw } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await draw(seed("recipient"), 1n);
      for (const target of [zeroAddress, registry.address]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.penalizeSeat([arbitrators[0].account.address, MINIMUM_STAKE, 1n, target], {
            account: court.account,
          }),
          registry,
          "ArbitratorRegistryInvalidRecipient",
          [getAddress(target)],
        );
      }
    });

    it("should revert with ArbitratorRegistryInsufficientLocked without a seat", async () => {
      const { registry, arbitrators, court, recipient } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.penalizeSeat([arbitrators[0].account.address, MINIMUM_STAKE, 1n, recipient.account.address], {
          account: court.account,
        }),
        registry,
        "ArbitratorRegistryInsufficientLocked",
        [getAddress(arbitrators[0].account.address), 0n, MINIMUM_STAKE],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the court role", async () => {
      const { registry, arbitrators, outsider, recipient, courtRole, deposit, draw } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await draw(seed("outsider"), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.penalizeSeat([arbitrators[0].account.address, MINIMUM_STAKE, 1n, recipient.account.address], {
          account: outsider.account,
        }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(outsider.account.address), courtRole],
      );
    });
  });

  describe("# setMinimumStake", () => {
    it("should revert with ArbitratorRegistryZeroMinimumStake for zero", async () => {
      const { registry, deployer } = await setup();
      await viem.assertions.revertWithCustomError(
        registry.write.setMinimumStake([0n], { account: deployer.account }),
        registry,
        "ArbitratorRegistryZeroMinimumStake",
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { registry, court, adminRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setMinimumStake([1n], { account: court.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(court.account.address), adminRole],
      );
    });
  });

  describe("# setLeaveDelay", () => {
    it("should set the delay, emit LeaveDelayUpdated and apply it to new requests", async () => {
      const { registry, deployer, arbitrators, deposit } = await setup();
      await viem.assertions.emitWithArgs(
        registry.write.setLeaveDelay([MAX_LEAVE_DELAY], { account: deployer.account }),
        registry,
        "LeaveDelayUpdated",
        [LEAVE_DELAY, MAX_LEAVE_DELAY],
      );
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await registry.write.requestLeave([1n], { account: arbitrators[0].account });
      const now = BigInt(await networkHelpers.time.latest());
      assert.equal(
        (await registry.read.arbitratorOf([arbitrators[0].account.address])).unlockAt,
        now + MAX_LEAVE_DELAY,
      );
    });

    it("should revert with ArbitratorRegistryLeaveDelayTooLong above MAX_LEAVE_DELAY", async () => {
      const { registry, deployer } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setLeaveDelay([MAX_LEAVE_DELAY + 1n], { account: deployer.account }),
        registry,
        "ArbitratorRegistryLeaveDelayTooLong",
        [MAX_LEAVE_DELAY + 1n, MAX_LEAVE_DELAY],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { registry, court, adminRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setLeaveDelay([1n], { account: court.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(court.account.address), adminRole],
      );
    });
  });
});
