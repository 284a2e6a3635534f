/**
 * An insurance pool history for the indexer to replay, on a chain of its own (after the real
 * deploy): side pockets every way they form and empty. A lone holder of a few wei shares a
 * release with the virtual shares; then insurers deposit, give shares away before and after a
 * filing, redeem while a claim runs, buy in late; claims are paid in part, cancelled and left
 * pending; releases are collected one by one, for someone else and several at once, and some are
 * left to collect. The claims role is an account the timelock (impersonated) appoints, as a
 * proposal would; time is moved with anvil past the cooldown.
 */
import { createTestClient, http, parseEther, type Hex } from "viem";
import { address, codeHash, confirm, contractsAs, timelockClient, type Chain } from "./scenario.ts";

export const poolAccounts = {
  /** Holds CLAIMS_ROLE, as the DisputeCourt does after deploy. */
  court: 2,
  /** Alone in the pool at first, with a few wei: its release is shared with the virtual shares. */
  dust: 3,
  alice: 4,
  bob: 5,
  /** Receives shares from Alice before a filing and from Bob after it, and buys in late. */
  carol: 6,
  /** Paid by the claims. */
  victim: 7,
} as const;

export const POOL_COOLDOWN = 3_600n;

export interface PoolScenario {
  /** Filed while only the dust holder held shares; cancelled; collected. */
  dustClaim: bigint;
  /** Paid in part while Alice redeemed, Bob and Carol moved shares and Carol bought in. */
  paidClaim: bigint;
  /** Cancelled. */
  cancelledClaim: bigint;
  /** Left pending. */
  pendingClaim: bigint;
  /** Every account that ever held shares or was paid. */
  accounts: Hex[];
}

export async function runPoolScenario(chain: Chain): Promise<PoolScenario> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  const testClient = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  const admin = contractsAs(chain, await timelockClient(chain)).pool;
  const court = contractsAs(chain, poolAccounts.court).pool;
  const as = (index: number) => contractsAs(chain, index);
  const [dust, alice, bob, carol] = [poolAccounts.dust, poolAccounts.alice, poolAccounts.bob, poolAccounts.carol].map(
    as,
  ) as [ReturnType<typeof as>, ReturnType<typeof as>, ReturnType<typeof as>, ReturnType<typeof as>];
  const victim = address(poolAccounts.victim);
  const deposit = async (who: ReturnType<typeof as>, index: number, assets: bigint) => {
    await done(who.token.write.approve([who.pool.address, assets]));
    await done(who.pool.write.deposit([assets, address(index)]));
  };
  const file = async (amount: bigint, label: string) => {
    await done(court.write.fileClaim([victim, amount, codeHash(label)]));
    return court.read.claimCount();
  };

  await done(admin.write.grantRole([await admin.read.CLAIMS_ROLE(), address(poolAccounts.court)]));
  await done(admin.write.setCooldown([POOL_COOLDOWN]));
  for (const who of [dust, alice, bob, carol]) await done(who.token.write.faucet());

  // 1. Three wei of shares against a million virtual ones: the release splits with them.
  await deposit(dust, poolAccounts.dust, 3n);
  const dustClaim = await file(2n, "claim: dust");
  await done(court.write.cancelClaim([dustClaim]));
  await done(dust.pool.write.collectRelease([dustClaim, address(poolAccounts.dust)]));

  // 2. Insurers come in; Alice gives Carol a tenth and asks to redeem half of the rest.
  await deposit(alice, poolAccounts.alice, parseEther("100"));
  await deposit(bob, poolAccounts.bob, parseEther("50"));
  const aliceShares = await alice.pool.read.balanceOf([address(poolAccounts.alice)]);
  await done(alice.pool.write.transfer([address(poolAccounts.carol), aliceShares / 10n]));
  const aliceRedeems = (aliceShares - aliceShares / 10n) / 2n;
  await done(alice.pool.write.requestRedeem([aliceRedeems]));
  await testClient.increaseTime({ seconds: Number(POOL_COOLDOWN) });
  await testClient.mine({ blocks: 1 });

  // 3. A claim; while it runs Alice leaves with her matured request, Bob gives Carol half of
  //    his shares and Carol buys in at the reduced price. A second claim is filed after them.
  const paidClaim = await file(parseEther("40"), "claim: paid in part");
  await done(alice.pool.write.redeem([aliceRedeems, address(poolAccounts.alice), address(poolAccounts.alice)]));
  const bobShares = await bob.pool.read.balanceOf([address(poolAccounts.bob)]);
  await done(bob.pool.write.transfer([address(poolAccounts.carol), bobShares / 2n]));
  await deposit(carol, poolAccounts.carol, parseEther("20"));
  const cancelledClaim = await file(parseEther("10"), "claim: cancelled");

  // 4. The first is paid in part, the second cancelled; a third stays pending.
  await done(court.write.payClaim([paidClaim, parseEther("15")]));
  await done(court.write.cancelClaim([cancelledClaim]));
  const pendingClaim = await file(parseEther("5"), "claim: pending");

  // 5. Bob collects Alice's part of the first for her, and his own of both at once; Carol and
  //    Alice leave theirs of the second to collect.
  await done(bob.pool.write.collectRelease([paidClaim, address(poolAccounts.alice)]));
  await done(bob.pool.write.collectReleases([address(poolAccounts.bob), [paidClaim, cancelledClaim, pendingClaim]]));

  return {
    dustClaim,
    paidClaim,
    cancelledClaim,
    pendingClaim,
    accounts: [poolAccounts.court, poolAccounts.dust, poolAccounts.alice, poolAccounts.bob, poolAccounts.carol]
      .map(address)
      .concat(victim)
      .map((account) => account.toLowerCase() as Hex),
  };
}
