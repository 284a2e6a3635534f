/**
 * The arbitrators' registry as the deploy step leaves it: over the deployed stake token, drawing
 * from the deployed BlockhashRandomness on the default draw schedule, administered by the
 * timelock. An account stands in for the dispute court (the timelock grants it COURT_ROLE), and
 * draw sessions are passed as keepers would, with time and blocks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  encodeAbiParameters,
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
import { deployLeaseholdDefaults } from "../../scripts/deploy/deploy-leasehold.ts";
import { loadDeployment, networkHelpers, viem } from "../fixtures/deploy-fixture.ts";

const MINIMUM_STAKE = deployLeaseholdDefaults.arbitratorMinimumStake;
const LEAVE_DELAY = deployLeaseholdDefaults.arbitratorLeaveDelay;
const MIN_STAKING_TIME = deployLeaseholdDefaults.drawMinStakingTime;
const MAX_DRAWING_TIME = deployLeaseholdDefaults.drawMaxDrawingTime;
const MAX_LEAVE_DELAY = 90n * 24n * 60n * 60n;
const MAX_PHASE_TIME = 7n * 24n * 60n * 60n;
const MAX_ARBITRATORS = 1024n;
const MAX_SEATS = 31n;
/** The EVM serves the hashes of the last 256 blocks only. */
const BLOCKHASH_WINDOW = 256n;
/** Storage slot of `_slotsUsed` in ArbitratorRegistry's layout (AccessControl's `_roles` first). */
const SLOTS_USED_SLOT = 22n;
const COURT_ROLE = keccak256(toHex("COURT_ROLE"));
/** IArbitratorRegistry.Phase as the contract numbers it. */
const Phase = { Staking: 0, Generating: 1, Drawing: 2 } as const;

/** The functions of the misbehaving test tokens (contracts/test/mocks) these tests call. */
const mockTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function arm(address target, bytes data)",
]);

async function deployMockToken(name: "ReentrantToken" | "FeeOnTransferToken", args: unknown[] = []) {
  const { address } = await viem.deployContract(name, args);
  const [wallet] = await viem.getWalletClients();
  return getContract({ address, abi: mockTokenAbi, client: { public: await viem.getPublicClient(), wallet: wallet! } });
}

/** The seat the registry's draw gives seat `seat` of a ticket drawn from `seed` (IArbitratorRegistry). */
const seatTarget = (seed: Hex, seat: bigint) =>
  BigInt(keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [seed, seat])));

async function setup() {
  const deployment = await loadDeployment();
  const { arbitratorRegistry: registry, token, admin, accounts, publicClient } = deployment;
  const randomness = await viem.getContractAt(
    "BlockhashRandomness",
    deployment.deployment.contracts.BlockhashRandomness!.address,
  );
  type Account = (typeof accounts)[number];
  const arbitrators = accounts.slice(0, 5) as [Account, Account, Account, Account, Account];
  const [court, recipient, outsider] = accounts.slice(5, 8) as [Account, Account, Account];
  await registry.write.grantRole([COURT_ROLE, court.account.address], { account: admin.account });

  /** Draw from the faucet if needed, approve and deposit `amount` as `who`. */
  async function deposit(who: Account, amount: bigint) {
    while ((await token.read.balanceOf([who.account.address])) < amount) {
      await token.write.faucet({ account: who.account });
    }
    await token.write.approve([registry.address, amount], { account: who.account });
    return registry.write.deposit([amount], { account: who.account });
  }

  async function requestDraw() {
    const { result } = await registry.simulate.requestDraw({ account: court.account.address });
    await registry.write.requestDraw({ account: court.account });
    return result;
  }

  /** Wait out the Staking phase and start a session; returns its randomness request. */
  async function startSession() {
    const readyAt = (await registry.read.phaseStartedAt()) + MIN_STAKING_TIME;
    if (BigInt(await networkHelpers.time.latest()) < readyAt) await networkHelpers.time.increaseTo(readyAt);
    await registry.write.passPhase();
    const [requestId] = await registry.read.sessionRandomness();
    return requestId;
  }

  /** Mine past the session's randomness block, so the next transaction reads its hash. */
  async function mineToRandomness() {
    const [requestId] = await registry.read.sessionRandomness();
    const target = await randomness.read.targetBlockOf([requestId]);
    const latest = await publicClient.getBlockNumber();
    if (latest < target) await networkHelpers.mine(target - latest);
  }

  /** Run the registry to Drawing as keepers would. */
  async function openDrawing() {
    if ((await registry.read.phase()) === Phase.Staking) await startSession();
    await mineToRandomness();
    await registry.write.passPhase();
    assert.equal(await registry.read.phase(), Phase.Drawing);
  }

  /** Draw the next ticket as the court; returns it, the panel and the transaction. */
  async function drawNext(seats: bigint, excluded: Address[] = []) {
    const [ticket] = await registry.read.nextTicket();
    const { result } = await registry.simulate.draw([ticket, seats, excluded], { account: court.account.address });
    const hash = await registry.write.draw([ticket, seats, excluded], { account: court.account });
    return { ticket, panel: result[0].map((address) => getAddress(address)), lock: result[1], hash };
  }

  /** One arbitrator (`who`, the only one) seated by a whole session; back in Staking after. */
  async function seat(who: Account, stake: bigint) {
    await deposit(who, stake);
    await requestDraw();
    await openDrawing();
    const drawn = await drawNext(1n);
    assert.deepEqual(drawn.panel, [getAddress(who.account.address)]);
    await registry.write.passPhase();
    return drawn;
  }

  /** totalWeight and drawableCount must match the weights of every account the test used. */
  async function assertBook() {
    const minimum = await registry.read.minimumStake();
    let sum = 0n;
    let drawable = 0n;
    for (const who of [...arbitrators, court, recipient, outsider]) {
      const { free } = await registry.read.arbitratorOf([who.account.address]);
      const weight = await registry.read.weightOf([who.account.address]);
      assert.ok(weight === 0n || (weight === free && free >= minimum), "a weight that is not the free stake");
      sum += weight;
      if (weight !== 0n) drawable += 1n;
    }
    assert.equal(await registry.read.totalWeight(), sum, "totalWeight");
    assert.equal(await registry.read.drawableCount(), drawable, "drawableCount");
  }

  return {
    ...deployment,
    registry,
    randomness,
    arbitrators,
    court,
    recipient,
    outsider,
    deposit,
    requestDraw,
    startSession,
    mineToRandomness,
    openDrawing,
    drawNext,
    seat,
    assertBook,
  };
}

describe("ArbitratorRegistry", () => {
  describe("# deployment", () => {
    it("should draw from the deployed block-hash source on the default schedule, administered by the timelock", async () => {
      const { registry, randomness, token, timelock, disputeCourt, deployment } = await setup();
      assert.equal(getAddress(await registry.read.stakeToken()), getAddress(token.address));
      assert.equal(getAddress(await registry.read.randomnessSource()), getAddress(randomness.address));
      assert.equal(
        getAddress(randomness.address),
        deployment.contracts.BlockhashRandomness!.address,
        "the record names the source",
      );
      assert.equal(await randomness.read.delayBlocks(), deployLeaseholdDefaults.randomnessDelayBlocks);
      assert.deepEqual(await registry.read.drawSchedule(), [MIN_STAKING_TIME, MAX_DRAWING_TIME]);
      assert.equal(await registry.read.minimumStake(), MINIMUM_STAKE);
      assert.equal(await registry.read.seatLock(), MINIMUM_STAKE);
      assert.equal(await registry.read.leaveDelay(), LEAVE_DELAY);
      assert.equal(await registry.read.MAX_ARBITRATORS(), MAX_ARBITRATORS);
      assert.equal(await registry.read.MAX_SEATS(), MAX_SEATS);
      assert.equal(await registry.read.MAX_LEAVE_DELAY(), MAX_LEAVE_DELAY);
      assert.equal(await registry.read.MAX_PHASE_TIME(), MAX_PHASE_TIME);
      assert.equal(await registry.read.phase(), Phase.Staking);
      assert.equal(await registry.read.session(), 0n);
      assert.deepEqual(await registry.read.nextTicket(), [0n, 0n]);
      assert.equal(await registry.read.hasRole([COURT_ROLE, disputeCourt.address]), true);
      assert.equal(await registry.read.hasRole([zeroHash, timelock.address]), true);
    });
  });

  describe("# deposit", () => {
    it("should credit free stake, give it a slot at the minimum and emit ArbitratorStaked and WeightChanged", async () => {
      const { registry, token, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      const hash = await deposit(alice, MINIMUM_STAKE);
      const who = getAddress(alice.account.address);
      await viem.assertions.emitWithArgs(hash, registry, "ArbitratorStaked", [who, MINIMUM_STAKE, MINIMUM_STAKE]);
      await viem.assertions.emitWithArgs(hash, registry, "WeightChanged", [who, MINIMUM_STAKE]);
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.deepEqual(stake, { free: MINIMUM_STAKE, locked: 0n, leaving: 0n, unlockAt: 0n, seats: 0 });
      assert.equal(await registry.read.totalStaked(), MINIMUM_STAKE);
      assert.equal(await token.read.balanceOf([registry.address]), MINIMUM_STAKE);
      await assertBook();
    });

    it("should give no weight below the minimum and the whole free stake once a deposit reaches it", async () => {
      const { registry, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("60"));
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      assert.equal(await registry.read.drawableCount(), 0n);
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

    it("should revert with ArbitratorRegistryFull when it would need a slot and none is left", async () => {
      // Filling 1024 slots for real is ArbitratorRegistry.t.sol's job; here the counter is set.
      const { registry, arbitrators, deposit } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await networkHelpers.setStorageAt(registry.address, SLOTS_USED_SLOT, numberToHex(MAX_ARBITRATORS, { size: 32 }));
      await deposit(arbitrators[0], 1n);
      await deposit(arbitrators[1], MINIMUM_STAKE - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        deposit(arbitrators[1], 1n),
        registry,
        "ArbitratorRegistryFull",
        [MAX_ARBITRATORS],
      );
    });

    it("should credit only what arrived from a fee-on-transfer token", async () => {
      const { deployer, arbitrators, randomness } = await setup();
      const [alice] = arbitrators;
      const feeToken = await deployMockToken("FeeOnTransferToken", [100n]);
      const registry = await viem.deployContract("ArbitratorRegistry", [
        feeToken.address,
        deployer.account.address,
        500n,
        LEAVE_DELAY,
        randomness.address,
        MIN_STAKING_TIME,
        MAX_DRAWING_TIME,
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

    it("should revert with ReentrancyGuardReentrantCall when the token calls back to pass the phase", async () => {
      const { deployer, arbitrators, randomness } = await setup();
      const [alice] = arbitrators;
      const reentrant = await deployMockToken("ReentrantToken");
      const registry = await viem.deployContract("ArbitratorRegistry", [
        reentrant.address,
        deployer.account.address,
        MINIMUM_STAKE,
        LEAVE_DELAY,
        randomness.address,
        MIN_STAKING_TIME,
        MAX_DRAWING_TIME,
      ]);
      await reentrant.write.mint([alice.account.address, MINIMUM_STAKE]);
      await reentrant.write.approve([registry.address, MINIMUM_STAKE], { account: alice.account });
      const data = encodeFunctionData({ abi: registry.abi, functionName: "passPhase" });
      await reentrant.write.arm([registry.address, data]);
      await viem.assertions.revertWithCustomError(
        registry.write.deposit([MINIMUM_STAKE], { account: alice.account }),
        registry,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("# requestLeave", () => {
    it("should move free stake to leaving, hand the slot back below the minimum and start the clock", async () => {
      const { registry, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("300"));
      const hash = await registry.write.requestLeave([parseEther("250")], { account: alice.account });
      const now = BigInt(await networkHelpers.time.latest());
      const who = getAddress(alice.account.address);
      await viem.assertions.emitWithArgs(hash, registry, "LeaveRequested", [
        who,
        parseEther("250"),
        parseEther("250"),
        now + LEAVE_DELAY,
      ]);
      await viem.assertions.emitWithArgs(hash, registry, "WeightChanged", [who, 0n]);
      const stake = await registry.read.arbitratorOf([alice.account.address]);
      assert.equal(stake.free, parseEther("50"));
      assert.equal(stake.leaving, parseEther("250"));
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

    it("should revert with ArbitratorRegistryZeroAmount or ArbitratorRegistryInsufficientFree", async () => {
      const { registry, arbitrators, deposit } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomError(
        registry.write.requestLeave([0n], { account: alice.account }),
        registry,
        "ArbitratorRegistryZeroAmount",
      );
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
    it("should send the leaving stake to the recipient once the delay has passed, even mid-session", async () => {
      const { registry, token, arbitrators, recipient, deposit, requestDraw, startSession } = await setup();
      const [alice, bob] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await deposit(bob, MINIMUM_STAKE);
      await registry.write.requestLeave([parseEther("40")], { account: alice.account });
      await networkHelpers.time.increase(LEAVE_DELAY);
      await requestDraw();
      await startSession();
      const before = await token.read.balanceOf([recipient.account.address]);
      await viem.assertions.emitWithArgs(
        registry.write.withdraw([recipient.account.address], { account: alice.account }),
        registry,
        "ArbitratorWithdrawn",
        [getAddress(alice.account.address), getAddress(recipient.account.address), parseEther("40")],
      );
      assert.equal(await token.read.balanceOf([recipient.account.address]), before + parseEther("40"));
      assert.equal(await registry.read.totalStaked(), parseEther("160"));
    });

    it("should revert with ArbitratorRegistryStillLeaving, then ArbitratorRegistrySeated while a seat is held", async () => {
      const { registry, arbitrators, court, seat } = await setup();
      const [alice] = arbitrators;
      await seat(alice, parseEther("300"));
      await registry.write.requestLeave([parseEther("150")], { account: alice.account });
      const { unlockAt } = await registry.read.arbitratorOf([alice.account.address]);
      const who = getAddress(alice.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([alice.account.address], { account: alice.account }),
        registry,
        "ArbitratorRegistryStillLeaving",
        [who, unlockAt],
      );
      await networkHelpers.time.increaseTo(unlockAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([alice.account.address], { account: alice.account }),
        registry,
        "ArbitratorRegistrySeated",
        [who, 1],
      );
      await registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE], { account: court.account });
      await registry.write.withdraw([alice.account.address], { account: alice.account });
      assert.equal((await registry.read.arbitratorOf([alice.account.address])).free, parseEther("150"));
    });

    it("should revert with ArbitratorRegistryNothingLeaving or ArbitratorRegistryInvalidRecipient", async () => {
      const { registry, arbitrators, deposit } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([alice.account.address], { account: alice.account }),
        registry,
        "ArbitratorRegistryNothingLeaving",
        [getAddress(alice.account.address)],
      );
      for (const target of [zeroAddress, registry.address]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.withdraw([target], { account: alice.account }),
          registry,
          "ArbitratorRegistryInvalidRecipient",
          [getAddress(target)],
        );
      }
    });
  });

  describe("# sync", () => {
    it("should make an arbitrator drawable that a lowered minimum let reach it", async () => {
      const { registry, admin, arbitrators, deposit, assertBook } = await setup();
      const [alice] = arbitrators;
      await deposit(alice, parseEther("60"));
      await registry.write.setMinimumStake([parseEther("50")], { account: admin.account });
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      await viem.assertions.emitWithArgs(registry.write.sync([alice.account.address]), registry, "WeightChanged", [
        getAddress(alice.account.address),
        parseEther("60"),
      ]);
      assert.equal(await registry.read.weightOf([alice.account.address]), parseEther("60"));
      await assertBook();
    });
  });

  describe("# passPhase", () => {
    it("should revert with ArbitratorRegistryPhaseNotOver before minStakingTime, then ArbitratorRegistryNothingToDraw", async () => {
      const { registry, requestDraw, court } = await setup();
      const readyAt = (await registry.read.phaseStartedAt()) + MIN_STAKING_TIME;
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.passPhase(),
        registry,
        "ArbitratorRegistryPhaseNotOver",
        [Phase.Staking, readyAt],
      );
      await networkHelpers.time.increaseTo(readyAt);
      await viem.assertions.revertWithCustomError(
        registry.write.passPhase(),
        registry,
        "ArbitratorRegistryNothingToDraw",
      );
      const ticket = await requestDraw();
      await registry.write.cancelDraw([ticket], { account: court.account });
      await viem.assertions.revertWithCustomError(
        registry.write.passPhase(),
        registry,
        "ArbitratorRegistryNothingToDraw",
      );
    });

    it("should start a session with a randomness request, wait for its block, then store its value", async () => {
      const { registry, randomness, arbitrators, deposit, requestDraw, mineToRandomness } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await requestDraw();
      await networkHelpers.time.increase(MIN_STAKING_TIME);
      const hash = await registry.write.passPhase();
      const [requestId, before] = await registry.read.sessionRandomness();
      assert.equal(before, 0n);
      await viem.assertions.emitWithArgs(hash, registry, "PhasePassed", [Phase.Generating, 1n, requestId, 0n]);
      await viem.assertions.emitWithArgs(hash, randomness, "RandomnessRequested", [
        requestId,
        getAddress(registry.address),
      ]);
      assert.equal(await registry.read.phase(), Phase.Generating);
      assert.equal(await registry.read.session(), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.passPhase(),
        registry,
        "ArbitratorRegistryRandomnessPending",
        [requestId],
      );
      await mineToRandomness();
      const passed = await registry.write.passPhase();
      const [, value] = await registry.read.sessionRandomness();
      // The value is the source's: the target block's hash, bound to the source and the request.
      const target = await randomness.read.targetBlockOf([requestId]);
      const block = await (await viem.getPublicClient()).getBlock({ blockNumber: target });
      const expected = BigInt(
        keccak256(
          encodeAbiParameters(
            [{ type: "bytes32" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }],
            [block.hash!, 31337n, randomness.address, requestId],
          ),
        ),
      );
      assert.equal(value, expected);
      await viem.assertions.emitWithArgs(passed, registry, "PhasePassed", [Phase.Drawing, 1n, requestId, value]);
      assert.equal(await registry.read.phase(), Phase.Drawing);
    });

    it("should ask again once the block hash has aged out, and fall back to Staking after maxDrawingTime", async () => {
      const { registry, requestDraw, startSession, mineToRandomness } = await setup();
      await requestDraw();
      const first = await startSession();
      await mineToRandomness();
      await networkHelpers.mine(BLOCKHASH_WINDOW + 1n);
      const hash = await registry.write.passPhase();
      const [second] = await registry.read.sessionRandomness();
      assert.equal(second, first + 1n);
      await viem.assertions.emitWithArgs(hash, registry, "PhasePassed", [Phase.Generating, 1n, second, 0n]);
      assert.equal(await registry.read.phase(), Phase.Generating);
      await networkHelpers.time.increase(MAX_DRAWING_TIME);
      await mineToRandomness();
      await networkHelpers.mine(BLOCKHASH_WINDOW + 1n);
      await viem.assertions.emitWithArgs(registry.write.passPhase(), registry, "PhasePassed", [
        Phase.Staking,
        1n,
        second,
        0n,
      ]);
      assert.equal(await registry.read.phase(), Phase.Staking);
      assert.equal(await registry.read.openTickets(), 1n);
    });

    it("should go back to Staking once every ticket of the session is drawn, not before", async () => {
      const { registry, arbitrators, deposit, requestDraw, openDrawing, drawNext } = await setup();
      for (const who of arbitrators) await deposit(who, parseEther("300"));
      await requestDraw();
      await requestDraw();
      await openDrawing();
      await drawNext(3n);
      const readyAt = (await registry.read.phaseStartedAt()) + MAX_DRAWING_TIME;
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.passPhase(),
        registry,
        "ArbitratorRegistryPhaseNotOver",
        [Phase.Drawing, readyAt],
      );
      await drawNext(1n);
      const [requestId, value] = await registry.read.sessionRandomness();
      await viem.assertions.emitWithArgs(registry.write.passPhase(), registry, "PhasePassed", [
        Phase.Staking,
        1n,
        requestId,
        value,
      ]);
    });
  });

  describe("# draw", () => {
    it("should seat the panel of the ticket's seed, lock seatLock each and emit SeatLocked and TicketDrawn", async () => {
      const { registry, arbitrators, court, deposit, requestDraw, openDrawing, drawNext, assertBook } = await setup();
      // Deposits in this order take slots 1..5, the order the draw scans.
      const stakes = [100n, 200n, 300n, 400n, 500n].map((n) => parseEther(`${n}`));
      for (const [i, who] of arbitrators.entries()) await deposit(who, stakes[i]!);
      const ticket = await requestDraw();
      await openDrawing();
      const [, value] = await registry.read.sessionRandomness();
      const seed = keccak256(
        encodeAbiParameters(
          [{ type: "uint256" }, { type: "uint256" }, { type: "address" }, { type: "uint256" }],
          [value, 31337n, registry.address, ticket],
        ),
      );
      // The same draw, done here: weighted, without replacement, in slot order.
      const left = arbitrators.map((who, i) => ({ who: getAddress(who.account.address), weight: stakes[i]! }));
      const expected: Address[] = [];
      for (let s = 0n; s < 3n; s++) {
        let target = seatTarget(seed, s) % left.reduce((sum, a) => sum + a.weight, 0n);
        let index = 0;
        while (target >= left[index]!.weight) target -= left[index++]!.weight;
        expected.push(left[index]!.who);
        left.splice(index, 1);
      }
      const { panel, lock, hash } = await drawNext(3n);
      assert.deepEqual(panel, expected);
      assert.equal(lock, MINIMUM_STAKE);
      await viem.assertions.emitWithArgs(hash, registry, "TicketDrawn", [
        getAddress(court.account.address),
        ticket,
        3n,
      ]);
      for (const member of panel) {
        await viem.assertions.emitWithArgs(hash, registry, "SeatLocked", [
          getAddress(court.account.address),
          member,
          ticket,
          MINIMUM_STAKE,
        ]);
        const stake = await registry.read.arbitratorOf([member]);
        assert.equal(stake.locked, MINIMUM_STAKE);
        assert.equal(stake.seats, 1);
      }
      await assertBook();
    });

    it("should return an empty panel when too few can sit, consuming the ticket", async () => {
      const { registry, arbitrators, court, deposit, requestDraw, openDrawing, drawNext } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await deposit(arbitrators[1], MINIMUM_STAKE);
      const ticket = await requestDraw();
      await openDrawing();
      const { panel, hash } = await drawNext(2n, [arbitrators[0].account.address]);
      assert.deepEqual(panel, []);
      await viem.assertions.emitWithArgs(hash, registry, "TicketDrawn", [
        getAddress(court.account.address),
        ticket,
        0n,
      ]);
      assert.equal((await registry.read.ticketOf([ticket])).open, false);
    });

    it("should revert with ArbitratorRegistryWrongPhase outside Drawing and ArbitratorRegistryDrawOutOfOrder out of order", async () => {
      const { registry, arbitrators, court, deposit, requestDraw, startSession, openDrawing } = await setup();
      await deposit(arbitrators[0], parseEther("500"));
      const first = await requestDraw();
      const second = await requestDraw();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([first, 1n, []], { account: court.account }),
        registry,
        "ArbitratorRegistryWrongPhase",
        [Phase.Staking],
      );
      await startSession();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([first, 1n, []], { account: court.account }),
        registry,
        "ArbitratorRegistryWrongPhase",
        [Phase.Generating],
      );
      await openDrawing();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([second, 1n, []], { account: court.account }),
        registry,
        "ArbitratorRegistryDrawOutOfOrder",
        [second, first],
      );
    });

    it("should revert with ArbitratorRegistryTicketNotInSession for a ticket asked for during the session", async () => {
      const { registry, arbitrators, court, deposit, requestDraw, openDrawing, drawNext } = await setup();
      await deposit(arbitrators[0], parseEther("500"));
      await requestDraw();
      await openDrawing();
      const late = await requestDraw();
      assert.equal((await registry.read.ticketOf([late])).session, 2n);
      await drawNext(1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([late, 1n, []], { account: court.account }),
        registry,
        "ArbitratorRegistryTicketNotInSession",
        [late, 2n],
      );
    });

    it("should revert with ArbitratorRegistryTicketNotOpen for another court's ticket", async () => {
      const { registry, admin, arbitrators, outsider, deposit, requestDraw, openDrawing } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      await registry.write.grantRole([COURT_ROLE, outsider.account.address], { account: admin.account });
      const ticket = await requestDraw();
      await openDrawing();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.draw([ticket, 1n, []], { account: outsider.account }),
        registry,
        "ArbitratorRegistryTicketNotOpen",
        [ticket],
      );
    });

    it("should revert with ArbitratorRegistryInvalidSeatCount for no seats or more than MAX_SEATS", async () => {
      const { registry, court, requestDraw } = await setup();
      const ticket = await requestDraw();
      for (const seats of [0n, MAX_SEATS + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.draw([ticket, seats, []], { account: court.account }),
          registry,
          "ArbitratorRegistryInvalidSeatCount",
          [seats, MAX_SEATS],
        );
      }
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the court role", async () => {
      const { registry, outsider } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.requestDraw({ account: outsider.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(outsider.account.address), COURT_ROLE],
      );
    });
  });

  describe("# requestDraw and cancelDraw", () => {
    it("should hand out tickets in order for the next session and take cancelled ones out of the line", async () => {
      const { registry, court, requestDraw } = await setup();
      await viem.assertions.emitWithArgs(
        registry.write.requestDraw({ account: court.account }),
        registry,
        "DrawRequested",
        [getAddress(court.account.address), 1n, 1n],
      );
      await requestDraw();
      await viem.assertions.emitWithArgs(
        registry.write.cancelDraw([1n], { account: court.account }),
        registry,
        "DrawCancelled",
        [getAddress(court.account.address), 1n],
      );
      assert.deepEqual(await registry.read.nextTicket(), [2n, 1n]);
      assert.equal(await registry.read.openTickets(), 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelDraw([1n], { account: court.account }),
        registry,
        "ArbitratorRegistryTicketNotOpen",
        [1n],
      );
    });

    it("should revert with ArbitratorRegistryStakesFrozen for a ticket of the running session", async () => {
      const { registry, court, arbitrators, deposit, requestDraw, startSession, openDrawing } = await setup();
      await deposit(arbitrators[0], MINIMUM_STAKE);
      const ticket = await requestDraw();
      await startSession();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelDraw([ticket], { account: court.account }),
        registry,
        "ArbitratorRegistryStakesFrozen",
        [Phase.Generating],
      );
      await openDrawing();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelDraw([ticket], { account: court.account }),
        registry,
        "ArbitratorRegistryStakesFrozen",
        [Phase.Drawing],
      );
      // A ticket of the next session may leave.
      const next = await requestDraw();
      await registry.write.cancelDraw([next], { account: court.account });
    });

    it("should let anyone cancel the tickets of a court that lost its role, and no other ticket", async () => {
      const { registry, court, outsider, admin, requestDraw } = await setup();
      const orphan = await requestDraw();
      const courtAddress = getAddress(court.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelOrphanedDraw([orphan], { account: outsider.account }),
        registry,
        "ArbitratorRegistryTicketNotOrphaned",
        [orphan, courtAddress],
      );
      await registry.write.revokeRole([COURT_ROLE, court.account.address], { account: admin.account });
      await viem.assertions.emitWithArgs(
        registry.write.cancelOrphanedDraw([orphan], { account: outsider.account }),
        registry,
        "DrawCancelled",
        [courtAddress, orphan],
      );
      assert.equal(await registry.read.openTickets(), 0n);
    });
  });

  describe("# freeze", () => {
    it("should revert with ArbitratorRegistryStakesFrozen for every weight change while a session runs", async () => {
      const { registry, admin, arbitrators, court, recipient, randomness, seat, requestDraw, startSession } =
        await setup();
      const [alice] = arbitrators;
      await seat(alice, parseEther("300"));
      await registry.write.requestLeave([1n], { account: alice.account });
      await requestDraw();
      await startSession();
      const calls = [
        () => registry.write.deposit([1n], { account: alice.account }),
        () => registry.write.requestLeave([1n], { account: alice.account }),
        () => registry.write.cancelLeave({ account: alice.account }),
        () => registry.write.sync([alice.account.address]),
        () => registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE], { account: court.account }),
        () =>
          registry.write.penalizeSeat([alice.account.address, MINIMUM_STAKE, 1n, recipient.account.address], {
            account: court.account,
          }),
        () => registry.write.setMinimumStake([1n], { account: admin.account }),
        () => registry.write.setRandomnessSource([randomness.address], { account: admin.account }),
        () => registry.write.setDrawSchedule([1n, 1n], { account: admin.account }),
      ];
      for (const call of calls) {
        await viem.assertions.revertWithCustomErrorWithArgs(call(), registry, "ArbitratorRegistryStakesFrozen", [
          Phase.Generating,
        ]);
      }
    });
  });

  describe("# releaseSeat and penalizeSeat", () => {
    it("should move a released seat's lock back to free stake and restore the weight", async () => {
      const { registry, arbitrators, court, seat, assertBook } = await setup();
      const [alice] = arbitrators;
      await seat(alice, parseEther("150"));
      assert.equal(await registry.read.weightOf([alice.account.address]), 0n);
      const hash = await registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE], { account: court.account });
      await viem.assertions.emitWithArgs(hash, registry, "SeatReleased", [
        getAddress(court.account.address),
        getAddress(alice.account.address),
        MINIMUM_STAKE,
      ]);
      await viem.assertions.emitWithArgs(hash, registry, "WeightChanged", [
        getAddress(alice.account.address),
        parseEther("150"),
      ]);
      await assertBook();
    });

    it("should send a penalty to the recipient and release the rest", async () => {
      const { registry, token, arbitrators, court, recipient, seat, assertBook } = await setup();
      const [alice] = arbitrators;
      await seat(alice, parseEther("200"));
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
      assert.equal(await registry.read.totalStaked(), parseEther("170"));
      assert.equal(await token.read.balanceOf([registry.address]), parseEther("170"));
      await assertBook();
    });

    it("should revert with ArbitratorRegistryInsufficientLocked, ArbitratorRegistryZeroAmount, ArbitratorRegistryPenaltyAboveLock or ArbitratorRegistryInvalidRecipient", async () => {
      const { registry, arbitrators, court, recipient, seat } = await setup();
      const [alice, bob] = arbitrators;
      await seat(alice, MINIMUM_STAKE);
      const options = { account: court.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.releaseSeat([alice.account.address, MINIMUM_STAKE + 1n], options),
        registry,
        "ArbitratorRegistryInsufficientLocked",
        [getAddress(alice.account.address), MINIMUM_STAKE, MINIMUM_STAKE + 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.penalizeSeat([bob.account.address, MINIMUM_STAKE, 1n, recipient.account.address], options),
        registry,
        "ArbitratorRegistryInsufficientLocked",
        [getAddress(bob.account.address), 0n, MINIMUM_STAKE],
      );
      await viem.assertions.revertWithCustomError(
        registry.write.releaseSeat([alice.account.address, 0n], options),
        registry,
        "ArbitratorRegistryZeroAmount",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.penalizeSeat(
          [alice.account.address, MINIMUM_STAKE, MINIMUM_STAKE + 1n, recipient.account.address],
          options,
        ),
        registry,
        "ArbitratorRegistryPenaltyAboveLock",
        [MINIMUM_STAKE + 1n, MINIMUM_STAKE],
      );
      for (const target of [zeroAddress, registry.address]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.penalizeSeat([alice.account.address, MINIMUM_STAKE, 1n, target], options),
          registry,
          "ArbitratorRegistryInvalidRecipient",
          [getAddress(target)],
        );
      }
    });
  });

  describe("# admin", () => {
    it("should raise the minimum, dropping the holders below it, and revert with ArbitratorRegistryZeroMinimumStake for zero", async () => {
      const { registry, admin, arbitrators, deposit, assertBook } = await setup();
      const [alice, bob] = arbitrators;
      await deposit(alice, parseEther("150"));
      await deposit(bob, parseEther("300"));
      const hash = await registry.write.setMinimumStake([parseEther("200")], { account: admin.account });
      await viem.assertions.emitWithArgs(hash, registry, "MinimumStakeUpdated", [MINIMUM_STAKE, parseEther("200")]);
      await viem.assertions.emitWithArgs(hash, registry, "WeightChanged", [getAddress(alice.account.address), 0n]);
      assert.equal(await registry.read.drawableCount(), 1n);
      await assertBook();
      await viem.assertions.revertWithCustomError(
        registry.write.setMinimumStake([0n], { account: admin.account }),
        registry,
        "ArbitratorRegistryZeroMinimumStake",
      );
    });

    it("should set the leave delay up to MAX_LEAVE_DELAY and revert with ArbitratorRegistryLeaveDelayTooLong above", async () => {
      const { registry, admin } = await setup();
      await viem.assertions.emitWithArgs(
        registry.write.setLeaveDelay([MAX_LEAVE_DELAY], { account: admin.account }),
        registry,
        "LeaveDelayUpdated",
        [LEAVE_DELAY, MAX_LEAVE_DELAY],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setLeaveDelay([MAX_LEAVE_DELAY + 1n], { account: admin.account }),
        registry,
        "ArbitratorRegistryLeaveDelayTooLong",
        [MAX_LEAVE_DELAY + 1n, MAX_LEAVE_DELAY],
      );
    });

    it("should switch the randomness source to a contract only, and revert with ArbitratorRegistryInvalidRandomnessSource otherwise", async () => {
      const { registry, admin, randomness, outsider } = await setup();
      const other = await viem.deployContract("BlockhashRandomness", [5n]);
      await viem.assertions.emitWithArgs(
        registry.write.setRandomnessSource([other.address], { account: admin.account }),
        registry,
        "RandomnessSourceUpdated",
        [getAddress(randomness.address), getAddress(other.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setRandomnessSource([outsider.account.address], { account: admin.account }),
        registry,
        "ArbitratorRegistryInvalidRandomnessSource",
        [getAddress(outsider.account.address)],
      );
    });

    it("should set the draw schedule within 1..MAX_PHASE_TIME and revert with ArbitratorRegistryInvalidPhaseTime outside", async () => {
      const { registry, admin } = await setup();
      await viem.assertions.emitWithArgs(
        registry.write.setDrawSchedule([MAX_PHASE_TIME, 1n], { account: admin.account }),
        registry,
        "DrawScheduleUpdated",
        [MAX_PHASE_TIME, 1n],
      );
      for (const [minStaking, maxDrawing, bad] of [
        [0n, 1n, 0n],
        [1n, MAX_PHASE_TIME + 1n, MAX_PHASE_TIME + 1n],
      ] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.setDrawSchedule([minStaking, maxDrawing], { account: admin.account }),
          registry,
          "ArbitratorRegistryInvalidPhaseTime",
          [bad, MAX_PHASE_TIME],
        );
      }
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { registry, court } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setMinimumStake([1n], { account: court.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [getAddress(court.account.address), zeroHash],
      );
    });
  });
});
