/**
 * The anonymous stake group and endorsements end to end: a real chain (anvil), the real deploy
 * step, the endorsement scenario with real proofs (test/support/endorsement-scenario.ts), then
 * `ponder start` on PGlite (always) and on PostgreSQL (when LEASEHOLD_TEST_DATABASE_URL or
 * DATABASE_URL is set). Rows are checked against the contracts' reads and logs, the tree against
 * the TypeScript library's, and the endorsement term of reputation against a replay of the logs.
 */
import { identityCommitment, releaseProver, StakeTree } from "@leasehold/circuits";
import { anonymousStakeGroupAbi, endorsementsAbi } from "@leasehold/sdk";
import {
  countEndorsement,
  emptyEndorsementCounts,
  ENDORSEMENT_WEIGHT,
  replayReputation,
  voidEndorsement,
  type EndorsementCounts,
  type ReputationEvent,
} from "@leasehold/sdk/reputation";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClients } from "../../scripts/lib/local-deploy.ts";
import {
  commitmentOf,
  endorsementAccounts,
  identities,
  RELAYER_FEE,
  runEndorsementScenario,
  type EndorsementScenario,
} from "./support/endorsement-scenario.ts";
import { getJson, graphql, waitForBlock } from "./support/indexer-api.ts";
import { address, type Chain } from "./support/scenario.ts";
import { databaseNames } from "./support/test-databases.ts";
import { indexScenario, type IndexedScenario } from "./support/indexed-scenario.ts";

let indexed: IndexedScenario<EndorsementScenario>;
let chain: Chain;
let scenario: EndorsementScenario;
let indexers: IndexedScenario<EndorsementScenario>["indexers"];

beforeAll(async () => {
  indexed = await indexScenario({
    label: "endorsements",
    scenario: async (onChain) => {
      try {
        return await runEndorsementScenario(onChain);
      } finally {
        await releaseProver();
      }
    },
  });
  ({ chain, result: scenario, indexers } = indexed);
}, 300_000);

afterAll(async () => {
  await indexed?.stop();
});

// ---------------------------------------------------------------------------- chain reads

const publicClient = () => localClients(chain.rpcUrl).publicClient;
const group = () =>
  ({ address: chain.deployment.contracts.AnonymousStakeGroup.address, abi: anonymousStakeGroupAbi }) as const;
const endorsements = () =>
  ({ address: chain.deployment.contracts.Endorsements.address, abi: endorsementsAbi }) as const;
const lower = (value: string) => value.toLowerCase() as Hex;

async function blockTimestamp(blockNumber: bigint): Promise<bigint> {
  return (await publicClient().getBlock({ blockNumber })).timestamp;
}

/** The agent's reputation items from the Endorsements logs alone, with the sdk's cap rule. */
async function endorsementItemsFromLogs(agentId: bigint): Promise<ReputationEvent[]> {
  const logs = await publicClient().getContractEvents({ ...endorsements(), fromBlock: 0n });
  const counts = new Map<string, EndorsementCounts>();
  const rewardedAt = new Map<bigint, bigint>();
  const items: ReputationEvent[] = [];
  for (const log of logs) {
    // The relay budget's events name no agent.
    if (log.eventName !== "Endorsed" && log.eventName !== "DoubleSignalled") continue;
    if (log.args.agentId !== agentId) continue;
    const key = `${log.args.agentId}-${log.args.epoch}`;
    const before = counts.get(key) ?? emptyEndorsementCounts;
    const timestamp = await blockTimestamp(log.blockNumber);
    if (log.eventName === "Endorsed") {
      const { counts: after, rewarded } = countEndorsement(before);
      counts.set(key, after);
      if (!rewarded) continue;
      rewardedAt.set(log.args.nullifier!, timestamp);
      items.push({ cause: "endorsed", amount: 0n, timestamp });
    } else if (log.eventName === "DoubleSignalled") {
      const endorsedAt = rewardedAt.get(log.args.nullifier!);
      counts.set(key, voidEndorsement(before, endorsedAt !== undefined));
      if (endorsedAt !== undefined) items.push({ cause: "endorsement_voided", amount: 0n, timestamp, endorsedAt });
    }
  }
  return items;
}

// -------------------------------------------------------------------------- indexer reads

async function list<Row>(url: string, field: string, fields: string, orderBy: string): Promise<Row[]> {
  const data = await graphql<Record<string, { items: Row[] }>>(
    url,
    `{ ${field}(orderBy: "${orderBy}", limit: 1000) { items { ${fields} } } }`,
  );
  return data[field]!.items;
}

describe.each(databaseNames)("endorsements indexer on %s", (databaseName) => {
  let url: string;

  beforeAll(async () => {
    url = indexers.get(databaseName)!.url;
    await waitForBlock(url, await publicClient().getBlockNumber(), 60_000);
  });

  describe("# stake group", () => {
    it("should hold each identity's leaf and status as identityOf reports, and rebuild the group's root", async () => {
      type Row = { commitment: string; leafIndex: number; leaf: string; amount: string; status: string };
      const rows = await list<Row>(url, "stakeGroupLeafs", "commitment leafIndex leaf amount status", "leafIndex");
      const statuses = [null, "live", "withdrawing", "withdrawn", "slashed"] as const;
      for (const row of rows) {
        const onChain = await publicClient().readContract({
          ...group(),
          functionName: "identityOf",
          args: [BigInt(row.commitment)],
        });
        expect(row, row.commitment).toMatchObject({
          leafIndex: onChain.leafIndex,
          amount: String(onChain.amount),
          status: statuses[onChain.status],
        });
      }
      expect(rows.map((row) => [row.commitment, row.status])).toEqual([
        [String(commitmentOf("alice")), "slashed"],
        [String(commitmentOf("bob")), "live"],
        [String(commitmentOf("carol")), "withdrawn"],
      ]);
      const tree = new StakeTree(
        undefined,
        rows.map((row) => BigInt(row.leaf)),
      );
      expect(tree.root).toBe(scenario.tree.root);
      expect(tree.root).toBe(await publicClient().readContract({ ...group(), functionName: "root" }));
    });

    it("should keep the group's totals equal to its getters", async () => {
      const data = await graphql<{ stakeGroups: { items: Record<string, unknown>[] } }>(
        url,
        "{ stakeGroups { items { address live pending withdrawn slashed members size root } } }",
      );
      const read = (functionName: "totalLive" | "totalPending" | "size" | "root") =>
        publicClient().readContract({ ...group(), functionName });
      const [live, pending, size, root] = await Promise.all([
        read("totalLive"),
        read("totalPending"),
        read("size"),
        read("root"),
      ]);
      expect(data.stakeGroups.items).toEqual([
        {
          address: lower(group().address),
          live: String(live),
          pending: String(pending),
          withdrawn: String(identities.carol.amount),
          slashed: String(identities.alice.amount),
          members: 1,
          size: Number(size),
          root: String(root),
        },
      ]);
    });

    it("should record the root history: one root per leaf change, each replaced by the next", async () => {
      type Row = {
        id: string;
        root: string;
        leafCount: number;
        cause: string;
        setAt: string;
        replacedAt: string | null;
      };
      const rows = await list<Row>(url, "stakeGroupRoots", "id root leafCount cause setAt replacedAt", "id");
      expect(rows.map((row) => [row.cause, row.leafCount])).toEqual([
        ["deposit", 1],
        ["deposit", 2],
        ["deposit", 3],
        ["slash", 3],
        ["withdrawal_request", 3],
      ]);
      for (const [index, row] of rows.entries()) {
        expect(row.replacedAt, row.id).toBe(rows[index + 1]?.setAt ?? null);
        const replacedAt = await publicClient().readContract({
          ...group(),
          functionName: "rootReplacedAt",
          args: [BigInt(row.root)],
        });
        expect(String(replacedAt), row.id).toBe(row.replacedAt ?? "0");
      }
    });

    it("should record the double signal's slash: by Endorsements, in its transaction, all to the sink", async () => {
      const [log] = await publicClient().getContractEvents({ ...group(), eventName: "Slashed", fromBlock: 0n });
      const rows = await list<Record<string, unknown>>(
        url,
        "groupSlashs",
        "commitment slasher amount doubleSignal leafZeroed root",
        "id",
      );
      expect(rows).toEqual([
        {
          commitment: String(identityCommitment(scenario.recoveredSecret)),
          slasher: lower(chain.deployment.contracts.Endorsements.address),
          amount: String(identities.alice.amount),
          doubleSignal: true,
          leafZeroed: true,
          root: String(log!.args.root),
        },
      ]);
    });

    it("should record who relayed carol's withdrawal request and its fee", async () => {
      const rows = await list<{ commitment: string; relayer: string; relayerFee: string }>(
        url,
        "stakeGroupLeafs",
        "commitment relayer relayerFee",
        "leafIndex",
      );
      expect(rows.find((row) => row.commitment === String(commitmentOf("carol")))).toEqual({
        commitment: String(commitmentOf("carol")),
        relayer: lower(address(endorsementAccounts.relayer)),
        relayerFee: String(RELAYER_FEE),
      });
    });

    it("should serve the roots newest first with their validity windows", async () => {
      const { status, body } = await getJson<{
        asOf: string;
        rootValidity: string;
        group: { root: string };
        total: number;
        items: { root: string; replacedAt: string | null; validUntil: string | null; valid: boolean }[];
      }>(`${url}/stake-group/roots?limit=2`);
      expect(status).toBe(200);
      const rootValidity = await publicClient().readContract({ ...group(), functionName: "rootValidity" });
      expect(body.rootValidity).toBe(String(rootValidity));
      expect(body.total).toBe(5);
      expect(body.items).toHaveLength(2);
      expect(body.items[0]).toMatchObject({ root: body.group.root, replacedAt: null, validUntil: null, valid: true });
      const previous = body.items[1]!;
      expect(previous.validUntil).toBe(String(BigInt(previous.replacedAt!) + rootValidity));
      const isValid = await publicClient().readContract({
        ...group(),
        functionName: "isValidRoot",
        args: [BigInt(previous.root)],
      });
      expect(previous.valid).toBe(isValid);
      for (const query of ["limit=0", "offset=-1", "order=asc"]) {
        expect((await getJson(`${url}/stake-group/roots?${query}`)).status, query).toBe(400);
      }
    });
  });

  describe("# endorsements", () => {
    it("should record each nullifier's endorsement, voided by its double signal", async () => {
      type Row = {
        nullifier: string;
        agentId: string;
        epoch: string;
        status: string;
        rewarded: boolean;
        message: string;
        y: string;
      };
      const rows = await list<Row>(
        url,
        "endorsements",
        "nullifier agentId epoch status rewarded message y",
        "blockNumber",
      );
      const logs = await publicClient().getContractEvents({
        ...endorsements(),
        eventName: "Endorsed",
        fromBlock: 0n,
      });
      expect(rows).toEqual(
        logs.map((log) => ({
          nullifier: String(log.args.nullifier),
          agentId: String(scenario.agentId),
          epoch: String(scenario.epoch),
          status: log.args.nullifier === scenario.aliceNullifier ? "voided" : "counted",
          rewarded: true,
          message: String(log.args.message),
          y: String(log.args.y),
        })),
      );
    });

    it("should tally each agent and epoch as endorsementCount", async () => {
      const rows = await list<{ agentId: string; epoch: string; count: number; rewarded: number; voided: number }>(
        url,
        "endorsementTallys",
        "agentId epoch count rewarded voided",
        "epoch",
      );
      const count = await publicClient().readContract({
        ...endorsements(),
        functionName: "endorsementCount",
        args: [scenario.agentId, scenario.epoch],
      });
      expect(count).toBe(1n);
      expect(rows).toEqual([
        { agentId: String(scenario.agentId), epoch: String(scenario.epoch), count: 1, rewarded: 1, voided: 1 },
      ]);
    });

    it("should keep both shares of the double signal, from which the secret is recovered", async () => {
      const data = await graphql<{
        doubleSignals: { items: { nullifier: string; x1: string; y1: string; x2: string; y2: string }[] };
      }>(url, "{ doubleSignals { items { nullifier x1 y1 x2 y2 } } }");
      const [first, second] = await publicClient().readContract({
        ...endorsements(),
        functionName: "sharesOf",
        args: [scenario.aliceNullifier],
      });
      expect(data.doubleSignals.items).toEqual([
        {
          nullifier: String(scenario.aliceNullifier),
          x1: String(first.x),
          y1: String(first.y),
          x2: String(second.x),
          y2: String(second.y),
        },
      ]);
      expect(identityCommitment(scenario.recoveredSecret)).toBe(commitmentOf("alice"));
    });

    it("should serve an agent's counts per epoch, and 404 or 400 otherwise", async () => {
      const { status, body } = await getJson<{
        currentEpoch: string;
        epochLength: string;
        total: number;
        items: { epoch: string; count: number; voided: number }[];
      }>(`${url}/endorsements/agents/${scenario.agentId}?epochs=3`);
      expect(status).toBe(200);
      const epochLength = await publicClient().readContract({ ...endorsements(), functionName: "epochLength" });
      expect(body.epochLength).toBe(String(epochLength));
      expect(body.items.map((item) => BigInt(item.epoch))).toEqual(
        [2n, 1n, 0n].map((back) => BigInt(body.currentEpoch) - back),
      );
      expect(body.items.find((item) => item.epoch === String(scenario.epoch))).toMatchObject({ count: 1, voided: 1 });
      expect(body.total).toBe(1);
      expect((await getJson(`${url}/endorsements/agents/999`)).status).toBe(404);
      for (const query of ["epochs=0", "epochs=1000", "epochs=x", "limit=1"]) {
        expect((await getJson(`${url}/endorsements/agents/${scenario.agentId}?${query}`)).status, query).toBe(400);
      }
    });
  });

  describe("# reputation", () => {
    it("should add the endorsement term, remove the voided one, and equal a replay of the logs", async () => {
      const data = await graphql<{
        agentReputation: { score: number; endorsements: number; updatedAt: string };
        reputationPoints: { items: { cause: string; delta: number; nullifier: string }[] };
      }>(
        url,
        `
          query ($agentId: BigInt!, $subject: String!) {
            agentReputation(agentId: $agentId) {
              score
              endorsements
              updatedAt
            }
            reputationPoints(where: { subject: $subject }, orderBy: "id") {
              items {
                cause
                delta
                nullifier
              }
            }
          }
        `,
        { agentId: String(scenario.agentId), subject: String(scenario.agentId) },
      );
      const replayed = replayReputation(await endorsementItemsFromLogs(scenario.agentId));
      expect(data.agentReputation).toEqual({
        score: replayed.score,
        endorsements: 1,
        updatedAt: String(replayed.updatedAt),
      });
      expect(data.reputationPoints.items.map(({ cause, nullifier }) => [cause, nullifier])).toEqual([
        ["endorsed", String(scenario.aliceNullifier)],
        ["endorsed", String(scenario.bobNullifier)],
        ["endorsement_voided", String(scenario.aliceNullifier)],
      ]);
      // Only bob's endorsement is left, decayed a few seconds at most.
      expect(data.agentReputation.score).toBeCloseTo(ENDORSEMENT_WEIGHT, 4);
      expect(data.agentReputation.score).toBeLessThanOrEqual(ENDORSEMENT_WEIGHT);
      const [operatorRow] = (
        await graphql<{ operatorReputations: { items: { address: Hex; score: number }[] } }>(
          url,
          "{ operatorReputations { items { address score } } }",
        )
      ).operatorReputations.items;
      expect(operatorRow).toEqual({ address: lower(address(endorsementAccounts.operator)), score: replayed.score });
    });
  });

  describe("# parameters", () => {
    it("should hold the group's and the endorsements' immutable parameters", async () => {
      const rows = await list<{ contract: string; name: string; value: string }>(
        url,
        "parameters",
        "contract name value",
        "name",
      );
      const value = (contract: string, name: string) =>
        rows.find((row) => row.contract === contract && row.name === name)?.value;
      expect(value("Endorsements", "threshold")).toBe(
        String(await publicClient().readContract({ ...endorsements(), functionName: "threshold" })),
      );
      expect(value("AnonymousStakeGroup", "withdrawalDelay")).toBe(
        String(await publicClient().readContract({ ...group(), functionName: "withdrawalDelay" })),
      );
    });
  });
});
