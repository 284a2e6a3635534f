/**
 * The court, the insurance pool and reputation end to end: a real chain (anvil), the real deploy
 * step, the court scenario (test/support/court-scenario.ts), then `ponder start` on PGlite (always)
 * and on PostgreSQL (when LEASEHOLD_TEST_DATABASE_URL or DATABASE_URL is set). Rows are checked
 * against the contracts' own reads and logs, reputation against a replay of the logs with the
 * same pure function the handlers use.
 */
import {
  arbitratorRegistryAbi,
  disputeCourtAbi,
  disputeRef,
  insurancePoolAbi,
  jobEscrowAbi,
  stakeManagerAbi,
} from "@leasehold/sdk";
import { zeroHash, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClients } from "../../scripts/lib/local-deploy.ts";
import { roleHash } from "../src/lib/admin-actions.ts";
import { jobStatusName } from "../src/lib/jobs.ts";
import { currentScore, replayReputation, REPUTATION_HALF_LIFE, type ReputationEvent } from "@leasehold/sdk/reputation";
import { courtAccounts, runCourtScenario, type CourtScenario } from "./support/court-scenario.ts";
import { getJson, graphql, waitForBlock } from "./support/indexer-api.ts";
import { address, type Chain } from "./support/scenario.ts";
import { databaseNames } from "./support/test-databases.ts";
import { indexScenario, type IndexedScenario } from "./support/indexed-scenario.ts";

let indexed: IndexedScenario<CourtScenario>;
let chain: Chain;
let scenario: CourtScenario;
let indexers: IndexedScenario<CourtScenario>["indexers"];

beforeAll(async () => {
  indexed = await indexScenario({ label: "court", scenario: runCourtScenario });
  ({ chain, result: scenario, indexers } = indexed);
}, 300_000);

afterAll(async () => {
  await indexed?.stop();
});

// ---------------------------------------------------------------------------- chain reads

const publicClient = () => localClients(chain.rpcUrl).publicClient;
const contracts = () => chain.deployment.contracts;
const court = () => ({ address: contracts().DisputeCourt.address, abi: disputeCourtAbi }) as const;
const pool = () => ({ address: contracts().InsurancePool.address, abi: insurancePoolAbi }) as const;
const registry = () => ({ address: contracts().ArbitratorRegistry.address, abi: arbitratorRegistryAbi }) as const;
const lower = (value: string) => value.toLowerCase() as Hex;
const rulings = [null, "client", "agent"] as const;
const phases = [null, "drawing", "voting", "ruled", "executed"] as const;

function courtLogs() {
  return publicClient().getContractEvents({ ...court(), fromBlock: BigInt(contracts().DisputeCourt.startBlock) });
}

async function disputeIds(): Promise<bigint[]> {
  const count = await publicClient().readContract({ ...court(), functionName: "disputeCount" });
  return Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1));
}

async function blockTimestamp(blockNumber: bigint): Promise<bigint> {
  return (await publicClient().getBlock({ blockNumber })).timestamp;
}

/** Reputation items as the chain's logs say, in chain order, keyed by subject. */
async function reputationEventsFromLogs() {
  const [settled, slashed, ids] = await Promise.all([
    publicClient().getContractEvents({
      address: contracts().JobEscrow.address,
      abi: jobEscrowAbi,
      eventName: "JobSettled",
      fromBlock: 0n,
    }),
    publicClient().getContractEvents({
      address: contracts().StakeManager.address,
      abi: stakeManagerAbi,
      eventName: "StakeSlashed",
      fromBlock: 0n,
    }),
    disputeIds(),
  ]);
  const disputeOfRef = new Map(ids.map((id) => [disputeRef(id), id]));
  const items: { order: [bigint, number]; agent: bigint | null; operator: Hex; event: ReputationEvent }[] = [];
  for (const log of settled) {
    const status = jobStatusName(log.args.status!);
    if (status !== "paid" && status !== "rejected") continue;
    const job = await publicClient().readContract({
      address: contracts().JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "getJob",
      args: [log.args.jobId!],
    });
    items.push({
      order: [log.blockNumber, log.logIndex],
      agent: job.agentId,
      operator: lower(job.operator),
      event: {
        cause: status === "paid" ? "job_paid" : "dispute_lost",
        amount: job.payment,
        timestamp: await blockTimestamp(log.blockNumber),
      },
    });
  }
  for (const log of slashed) {
    const taken = log.args.fromFree! + log.args.fromUnbonding!;
    if (taken === 0n) continue;
    const disputeId = disputeOfRef.get(log.args.reason!);
    const agent = disputeId
      ? (await publicClient().readContract({ ...court(), functionName: "getDispute", args: [disputeId] })).agentId
      : null;
    items.push({
      order: [log.blockNumber, log.logIndex],
      agent,
      operator: lower(log.args.operator!),
      event: { cause: "slashed", amount: taken, timestamp: await blockTimestamp(log.blockNumber) },
    });
  }
  return items.sort((a, b) => Number(a.order[0] - b.order[0]) || a.order[1] - b.order[1]);
}

// -------------------------------------------------------------------------- indexer reads

async function list<Row>(url: string, field: string, fields: string, orderBy: string): Promise<Row[]> {
  const data = await graphql<Record<string, { items: Row[] }>>(
    url,
    `{ ${field}(orderBy: "${orderBy}", limit: 1000) { items { ${fields} } } }`,
  );
  return data[field]!.items;
}

describe.each(databaseNames)("court indexer on %s", (databaseName) => {
  let url: string;

  beforeAll(async () => {
    url = indexers.get(databaseName)!.url;
    await waitForBlock(url, await publicClient().getBlockNumber(), 60_000);
  });

  describe("# arbitrators", () => {
    it("should hold exactly the buckets and seats arbitratorOf reports", async () => {
      type Row = { address: Hex; free: string; locked: string; leaving: string; unlockAt: string; seats: number };
      const rows = await list<Row>(url, "arbitrators", "address free locked leaving unlockAt seats", "address");
      expect(rows.map((row) => row.address).sort()).toEqual(
        courtAccounts.arbitrators.map((index) => lower(address(index))).sort(),
      );
      for (const row of rows) {
        const onChain = await publicClient().readContract({
          ...registry(),
          functionName: "arbitratorOf",
          args: [row.address],
        });
        expect(row, row.address).toEqual({
          address: row.address,
          free: String(onChain.free),
          locked: String(onChain.locked),
          leaving: String(onChain.leaving),
          unlockAt: String(onChain.unlockAt),
          seats: onChain.seats,
        });
      }
    });

    it("should add up each arbitrator's seats, penalties and fees from the court's logs", async () => {
      type Row = { address: Hex; seatsDrawn: number; totalPenalties: string; feesEarned: string };
      const rows = await list<Row>(url, "arbitrators", "address seatsDrawn totalPenalties feesEarned", "address");
      const logs = await courtLogs();
      const seated = new Set(logs.flatMap((log) => (log.eventName === "PanelDrawn" ? log.args.panel!.map(lower) : [])));
      for (const row of rows) {
        const drawn = logs.filter(
          (log) => log.eventName === "PanelDrawn" && log.args.panel!.map(lower).includes(row.address),
        ).length;
        const penalties = logs
          .filter((log) => log.eventName === "ArbitratorPenalized" && lower(log.args.arbitrator!) === row.address)
          .reduce((sum, log) => sum + (log.args as { penalty: bigint }).penalty, 0n);
        const fees = logs
          .filter((log) => log.eventName === "BalanceCredited" && lower(log.args.account!) === row.address)
          .reduce((sum, log) => sum + (log.args as { amount: bigint }).amount, 0n);
        expect(row, row.address).toEqual({
          address: row.address,
          seatsDrawn: drawn,
          totalPenalties: String(penalties),
          feesEarned: String(seated.has(row.address) ? fees : 0n),
        });
      }
      const silent = rows.find((row) => row.address === lower(scenario.silentArbitrator))!;
      expect(BigInt(silent.totalPenalties)).toBeGreaterThan(0n);
    });
  });

  describe("# disputes", () => {
    it("should record every dispute as getDispute returns it, with how its ruling was executed", async () => {
      type Row = Record<string, unknown> & { id: string };
      const rows = await list<Row>(
        url,
        "disputes",
        "id jobId agentId client operator payment compensation claimId ref phase round ruling evidenceCount slashed insured toClient toOperator toPool",
        "id",
      );
      const logs = await courtLogs();
      const ids = await disputeIds();
      expect(rows.map((row) => row.id)).toEqual(ids.map(String));
      for (const id of ids) {
        const onChain = await publicClient().readContract({ ...court(), functionName: "getDispute", args: [id] });
        const executed = logs.find((log) => log.eventName === "RulingExecuted" && log.args.disputeId === id);
        const executedArgs = executed?.args as
          { slashed: bigint; insured: bigint; toClient: bigint; toOperator: bigint; toPool: bigint } | undefined;
        const evidenceCount = logs.filter(
          (log) => log.eventName === "EvidenceSubmitted" && log.args.disputeId === id,
        ).length;
        expect(rows.find((row) => row.id === String(id))).toEqual({
          id: String(id),
          jobId: String(onChain.jobId),
          agentId: String(onChain.agentId),
          client: lower(onChain.client),
          operator: lower(onChain.operator),
          payment: String(onChain.payment),
          compensation: String(onChain.compensation),
          claimId: onChain.claimId === 0n ? null : String(onChain.claimId),
          ref: disputeRef(id),
          phase: phases[onChain.phase],
          round: onChain.round,
          ruling: rulings[onChain.ruling],
          evidenceCount,
          slashed: executedArgs ? String(executedArgs.slashed) : null,
          insured: executedArgs ? String(executedArgs.insured) : null,
          toClient: executedArgs ? String(executedArgs.toClient) : null,
          toOperator: executedArgs ? String(executedArgs.toOperator) : null,
          toPool: executedArgs ? String(executedArgs.toPool) : null,
        });
      }
      const ruled = Object.fromEntries(rows.map((row) => [row.id, row.ruling]));
      expect(ruled).toEqual({
        [String(scenario.lapsedDispute)]: "agent",
        [String(scenario.clientWinsDispute)]: "client",
        [String(scenario.appealedDispute)]: "agent",
      });
    });

    it("should record every round as getRound and panelOf return it", async () => {
      type Row = Record<string, unknown> & { disputeId: string; round: number };
      const rows = await list<Row>(
        url,
        "disputeRounds",
        "disputeId round bondPoster bond drawBlock drawDeadline panel lockPerSeat commitEndsAt revealEndsAt appealEndsAt commits reveals votesForClient votesForAgent ruling lapsed fee",
        "id",
      );
      const expected = [];
      for (const id of await disputeIds()) {
        const { round: last } = await publicClient().readContract({
          ...court(),
          functionName: "getDispute",
          args: [id],
        });
        for (let round = 0; round <= last; ++round) {
          const [r, panel] = await Promise.all([
            publicClient().readContract({ ...court(), functionName: "getRound", args: [id, round] }),
            publicClient().readContract({ ...court(), functionName: "panelOf", args: [id, round] }),
          ]);
          const drawn = panel.length > 0;
          expected.push({
            disputeId: String(id),
            round,
            bondPoster: lower(r.bondPoster),
            bond: String(r.bond),
            drawBlock: String(r.drawBlock),
            drawDeadline: String(r.drawDeadline),
            panel: panel.map(lower),
            lockPerSeat: drawn ? String(r.lockPerSeat) : null,
            commitEndsAt: drawn ? String(r.commitEndsAt) : null,
            revealEndsAt: drawn ? String(r.revealEndsAt) : null,
            appealEndsAt: String(r.appealEndsAt),
            commits: r.commits,
            reveals: r.reveals,
            votesForClient: r.votesForClient,
            votesForAgent: r.votesForAgent,
            ruling: rulings[r.ruling],
            lapsed: r.lapsed,
            fee: r.lapsed ? "0" : String(r.feePaid),
          });
        }
      }
      expect(rows).toEqual(expected);
      expect(rows.filter((row) => row.disputeId === String(scenario.appealedDispute)).map((row) => row.round)).toEqual([
        0, 1,
      ]);
    });

    it("should record every seat's commit, reveal, coherence and penalty as voteOf says", async () => {
      type Row = {
        disputeId: string;
        round: number;
        arbitrator: Hex;
        vote: string | null;
        committedAt: string | null;
        coherent: boolean | null;
        penalized: boolean;
        feeCredited: string;
      };
      const rows = await list<Row>(
        url,
        "panelSeats",
        "disputeId round arbitrator vote committedAt coherent penalized feeCredited",
        "id",
      );
      expect(rows).toHaveLength(3 + 3 + 7);
      for (const row of rows) {
        const [vote, r] = await Promise.all([
          publicClient().readContract({
            ...court(),
            functionName: "voteOf",
            args: [BigInt(row.disputeId), row.round, row.arbitrator],
          }),
          publicClient().readContract({
            ...court(),
            functionName: "getRound",
            args: [BigInt(row.disputeId), row.round],
          }),
        ]);
        expect(row.vote, row.arbitrator).toBe(rulings[vote.revealed]);
        expect(row.committedAt !== null).toBe(vote.commitment !== zeroHash);
        expect(row.penalized).toBe(vote.revealed === 0);
        expect(row.coherent).toBe(vote.revealed === r.ruling);
        expect(BigInt(row.feeCredited) > 0n).toBe(vote.revealed === r.ruling);
      }
      const silent = rows.filter((row) => row.penalized);
      expect(silent.map((row) => row.arbitrator)).toEqual([lower(scenario.silentArbitrator)]);
    });

    it("should keep each evidence submission with its cited receipts and URI", async () => {
      type Row = { disputeId: string; party: Hex; batchIds: Hex[]; receiptDigests: Hex[]; uri: string };
      const rows = await list<Row>(url, "evidences", "disputeId party batchIds receiptDigests uri", "id");
      const logs = (await courtLogs()).filter((log) => log.eventName === "EvidenceSubmitted");
      expect(rows).toEqual(
        logs.map((log) => {
          const args = log.args as {
            disputeId: bigint;
            party: Address;
            batchIds: Hex[];
            receiptDigests: Hex[];
            uri: string;
          };
          return {
            disputeId: String(args.disputeId),
            party: lower(args.party),
            batchIds: args.batchIds,
            receiptDigests: args.receiptDigests,
            uri: args.uri,
          };
        }),
      );
      expect(rows.find((row) => row.disputeId === String(scenario.clientWinsDispute))).toMatchObject({
        batchIds: [scenario.citedBatchId],
        receiptDigests: [scenario.citedDigest],
      });
    });

    it("should link the ruling's slash to its dispute and the job to its dispute", async () => {
      const data = await graphql<{
        slashs: { items: { operator: Hex; disputeId: string | null; reason: Hex }[] };
        job: { disputeId: string | null; status: string; dispute: { id: string } | null };
      }>(
        url,
        `
          query ($job: BigInt!) {
            slashs(limit: 100) {
              items {
                operator
                disputeId
                reason
              }
            }
            job(id: $job) {
              disputeId
              status
              dispute {
                id
              }
            }
          }
        `,
        { job: String(scenario.clientWinsJob) },
      );
      expect(data.slashs.items).toEqual([
        {
          operator: lower(address(courtAccounts.operatorB)),
          disputeId: String(scenario.clientWinsDispute),
          reason: disputeRef(scenario.clientWinsDispute),
        },
      ]);
      expect(data.job).toEqual({
        disputeId: String(scenario.clientWinsDispute),
        status: "rejected",
        dispute: { id: String(scenario.clientWinsDispute) },
      });
    });

    it("should hold every court balance as balanceOf reports it", async () => {
      type Row = { account: Hex; balance: string; totalCredited: string; totalWithdrawn: string };
      const rows = await list<Row>(url, "courtBalances", "account balance totalCredited totalWithdrawn", "account");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const balance = await publicClient().readContract({
          ...court(),
          functionName: "balanceOf",
          args: [row.account],
        });
        expect(row.balance, row.account).toBe(String(balance));
        expect(BigInt(row.totalCredited) - BigInt(row.totalWithdrawn)).toBe(balance);
      }
      const withdrawn = rows.filter((row) => row.totalWithdrawn !== "0").map((row) => row.account);
      expect(withdrawn).toContain(lower(address(courtAccounts.operatorA)));
      expect(withdrawn).toContain(lower(address(courtAccounts.client)));
    });
  });

  describe("# GET /court/disputes", () => {
    it("should list an arbitrator's queue: the disputes where it holds a seat, newest first", async () => {
      const { status, body } = await getJson<{
        total: number;
        items: { id: string; rounds: { round: number }[]; seats: { arbitrator: Hex }[] }[];
      }>(`${url}/court/disputes?arbitrator=${scenario.silentArbitrator}`);
      expect(status).toBe(200);
      for (const item of body.items) {
        expect(item.seats.map((seat) => seat.arbitrator)).toContain(lower(scenario.silentArbitrator));
      }
      expect(body.items.map((item) => item.id)).toContain(String(scenario.appealedDispute));
      expect(body.total).toBe(body.items.length);
      const ids = body.items.map((item) => BigInt(item.id));
      expect(ids).toEqual([...ids].sort((a, b) => Number(b - a)));
      const appealed = body.items.find((item) => item.id === String(scenario.appealedDispute))!;
      expect(appealed.rounds.map((round) => round.round)).toEqual([0, 1]);
    });

    it("should page and filter by phase", async () => {
      const { body } = await getJson<{ total: number; items: { id: string; phase: string }[] }>(
        `${url}/court/disputes?phase=executed&limit=1&offset=1`,
      );
      expect(body.total).toBe(3);
      expect(body.items.map((item) => item.id)).toEqual([String(scenario.clientWinsDispute)]);
    });

    it("should answer 400 for a malformed arbitrator, a bad limit or an unknown field", async () => {
      for (const query of ["arbitrator=0x1234", "limit=0", "limit=100000", "phase=asleep", "sort=id"]) {
        const { status, body } = await getJson<{ error: string }>(`${url}/court/disputes?${query}`);
        expect(status, query).toBe(400);
        expect(body.error, query).toEqual(expect.any(String));
      }
    });
  });

  describe("# pool", () => {
    it("should hold the pool's totals as its getters report them now", async () => {
      const data = await graphql<{
        insurancePools: { items: { address: Hex; totalAssets: string; totalReserved: string; totalSupply: string }[] };
      }>(
        url,
        `
          {
            insurancePools {
              items {
                address
                totalAssets
                totalReserved
                totalSupply
              }
            }
          }
        `,
      );
      const [totalAssets, totalReserved, totalSupply] = await Promise.all([
        publicClient().readContract({ ...pool(), functionName: "totalAssets" }),
        publicClient().readContract({ ...pool(), functionName: "totalReserved" }),
        publicClient().readContract({ ...pool(), functionName: "totalSupply" }),
      ]);
      expect(data.insurancePools.items).toEqual([
        {
          address: lower(pool().address),
          totalAssets: String(totalAssets),
          totalReserved: String(totalReserved),
          totalSupply: String(totalSupply),
        },
      ]);
    });

    it("should snapshot the pool at every block it changed, equal to its getters at that block", async () => {
      type Row = {
        blockNumber: string;
        totalAssets: string;
        totalReserved: string;
        totalSupply: string;
        sharePrice: string | null;
        premiumsToDate: string;
        claimsPaidToDate: string;
      };
      const rows = await list<Row>(
        url,
        "poolSnapshots",
        "blockNumber totalAssets totalReserved totalSupply sharePrice premiumsToDate claimsPaidToDate",
        "blockNumber",
      );
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) {
        const blockNumber = BigInt(row.blockNumber);
        const [totalAssets, totalReserved, totalSupply] = await Promise.all([
          publicClient().readContract({ ...pool(), functionName: "totalAssets", blockNumber }),
          publicClient().readContract({ ...pool(), functionName: "totalReserved", blockNumber }),
          publicClient().readContract({ ...pool(), functionName: "totalSupply", blockNumber }),
        ]);
        expect(row, row.blockNumber).toMatchObject({
          totalAssets: String(totalAssets),
          totalReserved: String(totalReserved),
          totalSupply: String(totalSupply),
          sharePrice: totalSupply === 0n ? null : String((totalAssets * 10n ** 18n) / totalSupply),
        });
      }
      const settled = await publicClient().getContractEvents({
        address: contracts().JobEscrow.address,
        abi: jobEscrowAbi,
        eventName: "JobSettled",
        fromBlock: 0n,
      });
      const premiums = settled.reduce((sum, log) => sum + log.args.premium!, 0n);
      expect(premiums).toBeGreaterThan(0n);
      expect(rows.at(-1)!.premiumsToDate).toBe(String(premiums));
    });

    it("should keep one pool event per deposit, withdrawal, redeem request, premium and claim", async () => {
      const rows = await list<{ kind: string }>(url, "poolEvents", "kind", "id");
      const kinds = rows.map((row) => row.kind);
      for (const kind of [
        "deposit",
        "withdraw",
        "premium",
        "claim_filed",
        "claim_cancelled",
        "redeem_requested",
        "redeem_cancelled",
        "court_transfer",
      ]) {
        expect(kinds, kind).toContain(kind);
      }
      const poolLogs = await publicClient().getContractEvents({ ...pool(), fromBlock: 0n });
      const counted = [
        "Deposit",
        "Withdraw",
        "RedeemRequested",
        "RedeemCancelled",
        "ClaimFiled",
        "ClaimPaid",
        "ClaimCancelled",
      ];
      expect(kinds.filter((kind) => kind !== "premium" && kind !== "court_transfer")).toHaveLength(
        poolLogs.filter((log) => counted.includes(log.eventName)).length,
      );
    });

    it("should serve the solvency series between two times, and refuse a reversed range", async () => {
      const all = await getJson<{ total: number; items: { timestamp: string; totalAssets: string }[] }>(
        `${url}/pool/solvency?limit=500`,
      );
      expect(all.status).toBe(200);
      expect(all.body.items.length).toBe(all.body.total);
      const times = all.body.items.map((item) => BigInt(item.timestamp));
      const from = times[2]!;
      const to = times.at(-2)!;
      const some = await getJson<{ total: number; items: { timestamp: string }[] }>(
        `${url}/pool/solvency?from=${from}&to=${to}`,
      );
      expect(some.body.items.map((item) => item.timestamp)).toEqual(
        all.body.items
          .filter((item) => BigInt(item.timestamp) >= from && BigInt(item.timestamp) <= to)
          .map((item) => item.timestamp),
      );
      for (const query of [`from=${to + 1n}&to=${from}`, "from=yesterday", "limit=-1", "at=1"]) {
        expect((await getJson(`${url}/pool/solvency?${query}`)).status, query).toBe(400);
      }
    });
  });

  describe("# reputation", () => {
    it("should equal a replay of the chain's logs with the handlers' own function", async () => {
      const items = await reputationEventsFromLogs();
      type Row = { score: number; paidJobs: number; disputesLost: number; slashes: number; updatedAt: string };
      const agents = await list<Row & { agentId: string }>(
        url,
        "agentReputations",
        "agentId score paidJobs disputesLost slashes updatedAt",
        "agentId",
      );
      const operators = await list<Row & { address: Hex }>(
        url,
        "operatorReputations",
        "address score paidJobs disputesLost slashes updatedAt",
        "address",
      );
      const pick = ({ score, paidJobs, disputesLost, slashes, updatedAt }: ReturnType<typeof replayReputation>) => ({
        score,
        paidJobs,
        disputesLost,
        slashes,
        updatedAt: String(updatedAt),
      });
      const agentIds = [...new Set(items.flatMap((item) => (item.agent === null ? [] : [item.agent])))].sort();
      expect(agents.map((row) => row.agentId)).toEqual(agentIds.map(String));
      for (const row of agents) {
        const replayed = replayReputation(
          items.filter((item) => item.agent === BigInt(row.agentId)).map((item) => item.event),
        );
        expect(row, row.agentId).toEqual({ agentId: row.agentId, ...pick(replayed) });
      }
      for (const row of operators) {
        const replayed = replayReputation(
          items.filter((item) => item.operator === row.address).map((item) => item.event),
        );
        expect(row, row.address).toEqual({ address: row.address, ...pick(replayed) });
      }
      const agentA = agents.find((row) => row.agentId === String(scenario.agentA))!;
      expect(agentA).toMatchObject({ paidJobs: 3, disputesLost: 0, slashes: 0 });
      const agentB = agents.find((row) => row.agentId === String(scenario.agentB))!;
      expect(agentB).toMatchObject({ paidJobs: 0, disputesLost: 1, slashes: 1 });
      expect(agentB.score).toBeLessThan(0);
    });

    it("should rank agents by their score as of the latest indexed block", async () => {
      const { status, body } = await getJson<{
        asOf: string;
        halfLife: string;
        total: number;
        items: { agentId: string; score: number; scoreAtUpdate: number; updatedAt: string; rank: number }[];
      }>(`${url}/reputation/agents`);
      expect(status).toBe(200);
      expect(body.halfLife).toBe(String(REPUTATION_HALF_LIFE));
      expect(body.items.map((item) => item.agentId)).toEqual([String(scenario.agentA), String(scenario.agentB)]);
      expect(body.items.map((item) => item.rank)).toEqual([1, 2]);
      for (const item of body.items) {
        expect(item.score).toBe(
          currentScore({ score: item.scoreAtUpdate, updatedAt: BigInt(item.updatedAt) }, BigInt(body.asOf)),
        );
      }
      const second = await getJson<{ total: number; items: { agentId: string; rank: number }[] }>(
        `${url}/reputation/agents?limit=1&offset=1`,
      );
      expect(second.body).toMatchObject({ total: 2, items: [{ agentId: String(scenario.agentB), rank: 2 }] });
      const operators = await getJson<{ items: { address: Hex }[] }>(`${url}/reputation/operators`);
      expect(operators.body.items.map((item) => item.address)).toEqual([
        lower(address(courtAccounts.operatorA)),
        lower(address(courtAccounts.operatorB)),
      ]);
    });

    it("should give an agent's history, one point per change, oldest first", async () => {
      const { status, body } = await getJson<{
        total: number;
        score: number;
        items: { cause: string; delta: number; scoreAfter: number; jobId: string | null; disputeId: string | null }[];
      }>(`${url}/reputation/agents/${scenario.agentB}/history`);
      expect(status).toBe(200);
      expect(body.items.map(({ cause, jobId, disputeId }) => ({ cause, jobId, disputeId }))).toEqual([
        { cause: "dispute_lost", jobId: String(scenario.clientWinsJob), disputeId: String(scenario.clientWinsDispute) },
        { cause: "slashed", jobId: String(scenario.clientWinsJob), disputeId: String(scenario.clientWinsDispute) },
      ]);
      expect(body.items.every((item) => item.delta < 0)).toBe(true);
      const history = await getJson<{ total: number; items: { cause: string; scoreAfter: number }[] }>(
        `${url}/reputation/agents/${scenario.agentA}/history?limit=2`,
      );
      expect(history.body.total).toBe(3);
      expect(history.body.items.map((item) => item.cause)).toEqual(["job_paid", "job_paid"]);
    });

    it("should answer 404 for an unknown agent and 400 for a malformed request", async () => {
      expect((await getJson(`${url}/reputation/agents/999/history`)).status).toBe(404);
      for (const path of [
        "/reputation/agents/abc/history",
        "/reputation/agents?limit=0",
        "/reputation/agents?offset=-1",
        "/reputation/agents?order=score",
        "/reputation/operators/0x12/history",
      ]) {
        expect((await getJson(`${url}${path}`)).status, path).toBe(400);
      }
    });
  });

  describe("# adminActions", () => {
    it("should log the court's and the registry's parameters and roles", async () => {
      const rows = await list<{ contract: string; action: string; details: Record<string, unknown> }>(
        url,
        "adminActions",
        "contract action details",
        "id",
      );
      const names = rows.map((row) => `${row.contract}.${row.action}`);
      expect(names).toEqual(
        expect.arrayContaining([
          "ArbitratorRegistry.MinimumStakeUpdated",
          "ArbitratorRegistry.LeaveDelayUpdated",
          "ArbitratorRegistry.RoleGranted",
          "DisputeCourt.ParamsUpdated",
          "DisputeCourt.RoleGranted",
        ]),
      );
      const courtRole = rows.find(
        (row) =>
          row.contract === "ArbitratorRegistry" && (row.details as { role?: Hex }).role === roleHash("COURT_ROLE"),
      );
      expect(courtRole?.details).toMatchObject({
        roleName: "COURT_ROLE",
        account: lower(contracts().DisputeCourt.address),
      });
      const params = await publicClient().readContract({ ...court(), functionName: "params" });
      const parameters = await list<{ contract: string; name: string; value: string }>(
        url,
        "parameters",
        "contract name value",
        "name",
      );
      for (const [name, value] of Object.entries(params)) {
        expect(parameters.find((row) => row.contract === "DisputeCourt" && row.name === name)?.value, name).toBe(
          String(value),
        );
      }
    });
  });
});
