/**
 * The standard development accounts of local chains (anvil, Hardhat): derived from the public
 * test mnemonic that every EVM toolchain ships. They hold worthless devnet ether and must never
 * be used anywhere else; the app only offers them on the local chain.
 */
import { mnemonicToAccount, type HDAccount } from "viem/accounts";

export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * Development accounts the devnet's chain starts with (anvil's --accounts): Hardhat's twenty plus
 * the relayer's. Hardhat's own network (the contract tests) keeps its twenty; nothing there uses
 * the relayer's account.
 */
export const DEV_ACCOUNT_COUNT = 21;

/** What each development account is used for on the devnet: every index below DEV_ACCOUNT_COUNT. */
export const devAccountRoles = {
  deployer: 0,
  /** The built-in account the app connects as on the local chain. */
  browser: 1,
  demoOperators: [2, 3, 4],
  /** Lends data and pays for the demo job. */
  demoOwner: 5,
  /** CodeRegistry's guardian: may revoke code releases, never approve them. */
  guardian: 6,
  /** Publishes the demo's agent releases to the CodeRegistry (and pays their bonds). */
  publisher: 7,
  /**
   * The devnet's first arbitrators: the browser account (the dev arbitrator a person plays in the
   * app) and two scripted ones. The demo seeds only these three before the demo dispute, so its
   * panel of three is always these three.
   */
  arbitrators: [1, 8, 9],
  /**
   * Arbitrators who join once the demo dispute's panel is seated (they would otherwise take its
   * seats). Parties never sit on their own panel, so without them a dispute the browser account
   * files could never be seated; with them, such a dispute against a demo operator can seat round
   * 0 (3 seats) from accounts 8, 9 and these, and then an appeal panel of 7 new ones.
   */
  reserveArbitrators: [12, 13, 14, 15, 16, 17, 18, 19],
  /** Deposits into the insurance pool, so the pool has capital and a history to chart. */
  demoInsurer: 10,
  /**
   * The devnet's keeper (scripts/lib/keeper.ts): runs the draw line (draw sessions and panels) and
   * finalizes matured jobs, as anyone may on a real chain.
   */
  keeper: 11,
  /**
   * Sends the relayer service's transactions (worker/src/relayer): anonymous endorsements and
   * withdrawal requests arrive from it, never from the member's own address.
   */
  relayer: 20,
} as const;

export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}
