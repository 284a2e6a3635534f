/**
 * The explorer's public lists (GET /jobs, /leases, /agents and the party filters of
 * /court/disputes) over the court scenario (test/support/court-scenario.ts) on a real chain,
 * checked against the contracts' own reads.
 */
import { agentRegistryAbi, jobEscrowAbi, leaseRegistryAbi } from "@leasehold/sdk";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClients } from "../../scripts/lib/local-deploy.ts";
import { jobStatusName } from "../src/lib/jobs.ts";
import { courtAccounts, runCourtScenario, type CourtScenario } from "./support/court-scenario.ts";
import { getJson, waitForBlock } from "./support/indexer-api.ts";
import { indexScenario, type IndexedScenario } from "./support/indexed-scenario.ts";
import { address, type Chain } from "./support/scenario.ts";
import { databaseNames } from "./support/test-databases.ts";

let indexed: IndexedScenario<CourtScenario>;
let chain: Chain;
let scenario: CourtScenario;

beforeAll(async () => {
  indexed = await indexScenario({ label: "explorer", scenario: runCourtScenario });
  ({ chain, result: scenario } = indexed);
}, 300_000);

afterAll(async () => {
  await indexed?.stop();
});

const publicClient = () => localClients(chain.rpcUrl).publicClient;
const contracts = () => chain.deployment.contracts;
const lower = (value: string) => value.toLowerCase() as Hex;
const descending = (ids: string[]) => [...ids].sort((a, b) => Number(BigInt(b) - BigInt(a)));

interface ListPage<Item> {
  total: number;
  items: Item[];
}

describe.each(databaseNames)("explorer lists on %s", (databaseName) => {
  let url: string;

  beforeAll(async () => {
    url = indexed.indexers.get(databaseName)!.url;
    await waitForBlock(url, await publicClient().getBlockNumber(), 60_000);
  });

  describe("# GET /jobs", () => {
    type JobItem = { id: string; status: string; client: Hex; operator: Hex | null; agentId: string; leaseId: string };

    it("should list every job newest first as getJob reports it", async () => {
      const { status, body } = await getJson<ListPage<JobItem>>(`${url}/jobs`);
      expect(status).toBe(200);
      const escrow = { address: contracts().JobEscrow.address, abi: jobEscrowAbi } as const;
      const jobCount = await publicClient().readContract({ ...escrow, functionName: "jobCount" });
      expect(body.total).toBe(Number(jobCount));
      expect(body.items.map((item) => item.id)).toEqual(descending(body.items.map((item) => item.id)));
      for (const item of body.items) {
        const onChain = await publicClient().readContract({
          ...escrow,
          functionName: "getJob",
          args: [BigInt(item.id)],
        });
        expect(item.status, item.id).toBe(jobStatusName(onChain.status));
        expect(item.client).toBe(lower(onChain.client));
        expect(item.agentId).toBe(String(onChain.agentId));
      }
    });

    it("should filter by status, agent, lease, client and operator, and page", async () => {
      const paid = await getJson<ListPage<JobItem>>(`${url}/jobs?status=paid`);
      expect(paid.body.items.map((item) => item.id)).toContain(String(scenario.paidJob));
      expect(paid.body.items.every((item) => item.status === "paid")).toBe(true);
      const rejected = await getJson<ListPage<JobItem>>(`${url}/jobs?status=rejected`);
      expect(rejected.body.items.map((item) => item.id)).toEqual([String(scenario.clientWinsJob)]);

      const byAgent = await getJson<ListPage<JobItem>>(`${url}/jobs?agent=${scenario.agentB}`);
      expect(byAgent.body.total).toBeGreaterThan(0);
      expect(byAgent.body.items.every((item) => item.agentId === String(scenario.agentB))).toBe(true);

      const operatorA = address(courtAccounts.operatorA);
      const byOperator = await getJson<ListPage<JobItem>>(`${url}/jobs?operator=${operatorA}`);
      expect(byOperator.body.items.every((item) => item.operator === lower(operatorA))).toBe(true);
      expect(byOperator.body.total).toBeGreaterThan(0);

      const client = address(courtAccounts.client).toUpperCase().replace("0X", "0x");
      const byClient = await getJson<ListPage<JobItem>>(`${url}/jobs?client=${client}&limit=1&offset=1`);
      expect(byClient.body.items).toHaveLength(1);
      expect(byClient.body.items[0]!.client).toBe(lower(address(courtAccounts.client)));

      const first = byAgent.body.items[0]!;
      const byLease = await getJson<ListPage<JobItem>>(`${url}/jobs?lease=${first.leaseId}`);
      expect(byLease.body.items.map((item) => item.id)).toEqual([first.id]);

      const nobody = await getJson<ListPage<JobItem>>(`${url}/jobs?client=${address(19)}`);
      expect(nobody.body).toEqual({ total: 0, items: [] });
    });

    it("should answer 400 for a bad status, agent, address, limit or an unknown field", async () => {
      for (const query of ["status=done", "agent=-1", "client=0x1234", "limit=0", "limit=100000", "sort=id"]) {
        const { status, body } = await getJson<{ error: string }>(`${url}/jobs?${query}`);
        expect(status, query).toBe(400);
        expect(body.error, query).toEqual(expect.any(String));
      }
    });
  });

  describe("# GET /leases", () => {
    type LeaseItem = { id: string; owner: Hex; agentId: string; expiry: string; status: string; standing: string };

    it("should list every lease newest first with its standing at the latest indexed block", async () => {
      const { status, body } = await getJson<ListPage<LeaseItem> & { asOf: string }>(`${url}/leases`);
      expect(status).toBe(200);
      const registry = { address: contracts().LeaseRegistry.address, abi: leaseRegistryAbi } as const;
      const leaseCount = await publicClient().readContract({ ...registry, functionName: "leaseCount" });
      expect(body.total).toBe(Number(leaseCount));
      expect(body.items.map((item) => item.id)).toEqual(descending(body.items.map((item) => item.id)));
      const latest = await publicClient().getBlock();
      expect(body.asOf).toBe(String(latest.timestamp));
      for (const item of body.items) {
        const onChain = await publicClient().readContract({
          ...registry,
          functionName: "getLease",
          args: [BigInt(item.id)],
        });
        const expected = onChain.revoked ? "revoked" : latest.timestamp < onChain.expiry ? "live" : "expired";
        expect(item.standing, item.id).toBe(expected);
        expect(item.owner).toBe(lower(onChain.owner));
      }
      const counts = await Promise.all(
        ["live", "expired", "revoked"].map(
          async (standing) => (await getJson<ListPage<LeaseItem>>(`${url}/leases?status=${standing}`)).body.total,
        ),
      );
      expect(counts.reduce((sum, value) => sum + value, 0)).toBe(body.total);
    });

    it("should filter by agent and owner", async () => {
      const byAgent = await getJson<ListPage<LeaseItem>>(`${url}/leases?agent=${scenario.agentA}`);
      expect(byAgent.body.total).toBeGreaterThan(0);
      expect(byAgent.body.items.every((item) => item.agentId === String(scenario.agentA))).toBe(true);
      const byOwner = await getJson<ListPage<LeaseItem>>(`${url}/leases?owner=${address(courtAccounts.client)}`);
      expect(byOwner.body.total).toBe((await getJson<ListPage<LeaseItem>>(`${url}/leases`)).body.total);
      const nobody = await getJson<ListPage<LeaseItem>>(`${url}/leases?owner=${address(19)}`);
      expect(nobody.body.total).toBe(0);
    });

    it("should answer 400 for a stored status name, a bad owner or an unknown field", async () => {
      for (const query of ["status=granted", "owner=alice", "offset=-1", "client=0x0"]) {
        expect((await getJson(`${url}/leases?${query}`)).status, query).toBe(400);
      }
    });
  });

  describe("# GET /agents", () => {
    type AgentItem = { id: string; operator: Hex; status: string; paidJobs: number; disputesLost: number };

    it("should list every agent newest first with its track record", async () => {
      const { status, body } = await getJson<ListPage<AgentItem>>(`${url}/agents`);
      expect(status).toBe(200);
      const registry = { address: contracts().AgentRegistry.address, abi: agentRegistryAbi } as const;
      const agentCount = await publicClient().readContract({ ...registry, functionName: "agentCount" });
      expect(body.total).toBe(Number(agentCount));
      expect(body.items.map((item) => item.id)).toEqual([String(scenario.agentB), String(scenario.agentA)]);
      const agentB = body.items.find((item) => item.id === String(scenario.agentB))!;
      expect(agentB.operator).toBe(lower(address(courtAccounts.operatorB)));
      expect(agentB.disputesLost).toBe(1);
      const agentA = body.items.find((item) => item.id === String(scenario.agentA))!;
      expect(agentA.paidJobs).toBeGreaterThan(0);
    });

    it("should filter by operator and status", async () => {
      const byOperator = await getJson<ListPage<AgentItem>>(
        `${url}/agents?operator=${address(courtAccounts.operatorA)}`,
      );
      expect(byOperator.body.items.map((item) => item.id)).toEqual([String(scenario.agentA)]);
      const retired = await getJson<ListPage<AgentItem>>(`${url}/agents?status=retired`);
      expect(retired.body).toEqual({ total: 0, items: [] });
      for (const query of ["status=active", "operator=0x12", "limit=501"]) {
        expect((await getJson(`${url}/agents?${query}`)).status, query).toBe(400);
      }
    });
  });

  describe("# GET /court/disputes by party", () => {
    type DisputeItem = { id: string; agentId: string; client: Hex; operator: Hex };

    it("should narrow the disputes to one agent, client or operator", async () => {
      const all = await getJson<ListPage<DisputeItem>>(`${url}/court/disputes`);
      const byAgent = await getJson<ListPage<DisputeItem>>(`${url}/court/disputes?agent=${scenario.agentB}`);
      expect(byAgent.body.items.map((item) => item.id)).toContain(String(scenario.clientWinsDispute));
      expect(byAgent.body.items.every((item) => item.agentId === String(scenario.agentB))).toBe(true);
      const operatorA = lower(address(courtAccounts.operatorA));
      const byOperator = await getJson<ListPage<DisputeItem>>(`${url}/court/disputes?operator=${operatorA}`);
      expect(byOperator.body.items.every((item) => item.operator === operatorA)).toBe(true);
      expect(byOperator.body.total + byAgent.body.total).toBe(all.body.total);
      const byClient = await getJson<ListPage<DisputeItem>>(
        `${url}/court/disputes?client=${address(courtAccounts.client)}`,
      );
      expect(byClient.body.total).toBe(all.body.total);
      expect((await getJson(`${url}/court/disputes?client=${address(19)}`)).body).toEqual({ total: 0, items: [] });
      expect((await getJson(`${url}/court/disputes?agent=x`)).status).toBe(400);
    });
  });
});
