/**
 * The insurance pool's side pockets end to end: a real chain (anvil), the real deploy step, the
 * pool scenario (test/support/pool-scenario.ts), then `ponder start` on PGlite (always) and on
 * PostgreSQL (when LEASEHOLD_TEST_DATABASE_URL or DATABASE_URL is set). Totals, snapshots,
 * holders, claims and every holder's part of every claim are checked against the contract's own
 * getters, at the block of each snapshot.
 */
import { devStakeTokenAbi, insurancePoolAbi } from "@leasehold/sdk";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClients } from "../../scripts/lib/local-deploy.ts";
import { POOL_VIRTUAL_SHARES } from "../src/lib/pool-ledger.ts";
import { graphql, waitForBlock } from "./support/indexer-api.ts";
import { indexScenario, type IndexedScenario } from "./support/indexed-scenario.ts";
import { runPoolScenario, type PoolScenario } from "./support/pool-scenario.ts";
import type { Chain } from "./support/scenario.ts";
import { databaseNames } from "./support/test-databases.ts";

let indexed: IndexedScenario<PoolScenario>;
let chain: Chain;
let scenario: PoolScenario;

beforeAll(async () => {
  indexed = await indexScenario({ label: "pool", scenario: runPoolScenario });
  ({ chain, result: scenario } = indexed);
}, 300_000);

afterAll(async () => {
  await indexed?.stop();
});

const publicClient = () => localClients(chain.rpcUrl).publicClient;
const pool = () => ({ address: chain.deployment.contracts.InsurancePool.address, abi: insurancePoolAbi }) as const;
const statuses = [null, "pending", "paid", "cancelled"] as const;

async function list<Row>(url: string, field: string, fields: string, orderBy: string): Promise<Row[]> {
  const data = await graphql<Record<string, { items: Row[] }>>(
    url,
    `{ ${field}(orderBy: "${orderBy}", limit: 1000) { items { ${fields} } } }`,
  );
  return data[field]!.items;
}

/** The pool's getters, at `blockNumber` or now. */
async function totalsOnChain(blockNumber?: bigint) {
  const read = (functionName: "totalAssets" | "totalReserved" | "totalReleasable" | "totalUnowned" | "totalSupply") =>
    publicClient().readContract({ ...pool(), functionName, blockNumber });
  const [totalAssets, totalReserved, totalReleasable, totalUnowned, totalSupply] = await Promise.all([
    read("totalAssets"),
    read("totalReserved"),
    read("totalReleasable"),
    read("totalUnowned"),
    read("totalSupply"),
  ]);
  return {
    totalAssets: String(totalAssets),
    totalReserved: String(totalReserved),
    totalReleasable: String(totalReleasable),
    totalUnowned: String(totalUnowned),
    totalSupply: String(totalSupply),
  };
}

describe("# constants", () => {
  it("should count the pool's virtual shares as the contract does", async () => {
    const [shareDecimals, tokenDecimals] = await Promise.all([
      publicClient().readContract({ ...pool(), functionName: "decimals" }),
      publicClient().readContract({
        address: chain.deployment.contracts.DevStakeToken!.address,
        abi: devStakeTokenAbi,
        functionName: "decimals",
      }),
    ]);
    expect(POOL_VIRTUAL_SHARES).toBe(10n ** BigInt(shareDecimals - tokenDecimals));
  });
});

describe.each(databaseNames)("pool indexer on %s", (databaseName) => {
  let url: string;

  beforeAll(async () => {
    url = indexed.indexers.get(databaseName)!.url;
    await waitForBlock(url, await publicClient().getBlockNumber(), 60_000);
  });

  it("should hold the pool's totals as its getters report them now", async () => {
    const data = await graphql<{ insurancePools: { items: Record<string, string>[] } }>(
      url,
      "{ insurancePools { items { totalAssets totalReserved totalReleasable totalUnowned totalSupply } } }",
    );
    expect(data.insurancePools.items).toEqual([await totalsOnChain()]);
    // The dust holder's release left a wei to the virtual shares.
    expect(BigInt(data.insurancePools.items[0]!.totalUnowned!)).toBeGreaterThan(0n);
  });

  it("should snapshot the pool at every block it changed, equal to its getters at that block", async () => {
    type Row = Record<"blockNumber" | "totalAssets" | "totalReserved" | "totalReleasable" | "totalUnowned", string> & {
      totalSupply: string;
    };
    const rows = await list<Row>(
      url,
      "poolSnapshots",
      "blockNumber totalAssets totalReserved totalReleasable totalUnowned totalSupply",
      "blockNumber",
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const { blockNumber, ...totals } = row;
      expect(totals, blockNumber).toEqual(await totalsOnChain(BigInt(blockNumber)));
    }
  });

  it("should hold every account's shares as balanceOf reports them", async () => {
    const rows = await list<{ address: Hex; shares: string }>(url, "poolHolders", "address shares", "address");
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      const balance = await publicClient().readContract({ ...pool(), functionName: "balanceOf", args: [row.address] });
      expect(row.shares, row.address).toBe(String(balance));
    }
  });

  it("should hold every claim as getClaim reports it, with the holders' part and what they collected", async () => {
    type Row = {
      id: string;
      recipient: Hex;
      ref: Hex;
      status: string;
      amount: string;
      reserved: string;
      supplyAtFiling: string;
      paid: string | null;
      released: string | null;
      holdersPart: string | null;
      collected: string;
    };
    const rows = await list<Row>(
      url,
      "insuranceClaims",
      "id recipient ref status amount reserved supplyAtFiling paid released holdersPart collected",
      "id",
    );
    const count = await publicClient().readContract({ ...pool(), functionName: "claimCount" });
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: Number(count) }, (_, i) => String(i + 1)));
    let uncollected = 0n;
    for (const row of rows) {
      const claim = await publicClient().readContract({ ...pool(), functionName: "getClaim", args: [BigInt(row.id)] });
      const settled = claim.status !== 1;
      expect(row, row.id).toMatchObject({
        recipient: claim.recipient.toLowerCase(),
        ref: claim.ref.toLowerCase(),
        status: statuses[claim.status],
        amount: String(claim.amount),
        reserved: String(claim.reserved),
        supplyAtFiling: String(claim.supplyAtFiling),
        paid: settled ? String(claim.paid) : null,
        released: settled ? String(claim.released) : null,
      });
      if (settled) expect(BigInt(row.holdersPart!) - BigInt(row.collected), row.id).toBe(claim.uncollected);
      uncollected += claim.uncollected;
    }
    const { totalReleasable } = await totalsOnChain();
    expect(String(uncollected)).toBe(totalReleasable);
    expect(rows.map((row) => row.status)).toEqual(["cancelled", "paid", "cancelled", "pending"]);
  });

  it("should give every holder at filing its shares then and its part, as sharesAtFiling and releasableOf say", async () => {
    type Row = {
      claimId: string;
      holder: Hex;
      sharesAtFiling: string;
      part: string | null;
      collectedAt: string | null;
    };
    const rows = await list<Row>(url, "claimShares", "claimId holder sharesAtFiling part collectedAt", "claimId");
    const claims = [scenario.dustClaim, scenario.paidClaim, scenario.cancelledClaim, scenario.pendingClaim];
    let collectable = 0;
    for (const claimId of claims) {
      const { status } = await publicClient().readContract({ ...pool(), functionName: "getClaim", args: [claimId] });
      for (const account of scenario.accounts) {
        const [held, releasable] = await Promise.all([
          publicClient().readContract({ ...pool(), functionName: "sharesAtFiling", args: [claimId, account] }),
          publicClient().readContract({ ...pool(), functionName: "releasableOf", args: [claimId, account] }),
        ]);
        const row = rows.find((candidate) => candidate.claimId === String(claimId) && candidate.holder === account);
        const label = `claim ${claimId}, ${account}`;
        if (held === 0n) {
          expect(row, label).toBeUndefined();
          continue;
        }
        expect(row?.sharesAtFiling, label).toBe(String(held));
        if (status === 1) {
          expect(row?.part, label).toBeNull();
          continue;
        }
        // What it may collect now is its part, unless it collected it.
        expect(row!.collectedAt === null ? row!.part : "0", label).toBe(String(releasable));
        if (releasable > 0n) ++collectable;
      }
    }
    // Carol and Alice left parts to collect; Bob took his; a late deposit has no row.
    expect(collectable).toBeGreaterThanOrEqual(2);
    expect(rows.filter((row) => row.collectedAt !== null).length).toBe(4);
  });

  it("should keep one pool event per pool log that moves it, collections included", async () => {
    const rows = await list<{ kind: string }>(url, "poolEvents", "kind", "id");
    const logs = await publicClient().getContractEvents({ ...pool(), fromBlock: 0n });
    const moving = [
      "Deposit",
      "Withdraw",
      "RedeemRequested",
      "RedeemCancelled",
      "ClaimFiled",
      "ClaimPaid",
      "ClaimCancelled",
      "ReleaseCollected",
    ];
    const counted = rows.filter((row) => row.kind !== "premium" && row.kind !== "court_transfer");
    expect(counted).toHaveLength(logs.filter((log) => moving.includes(log.eventName)).length);
    expect(counted.filter((row) => row.kind === "release_collected")).toHaveLength(
      logs.filter((log) => log.eventName === "ReleaseCollected").length,
    );
  });
});
