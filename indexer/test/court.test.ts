/**
 * The court, the insurance pool and reputation end to end: a real chain (anvil), the real deploy
 * step, the court scenario (test/support/court-scenario.ts), then `ponder start` on PGlite (always)
 * and on PostgreSQL (when LEASEHOLD_TEST_DATABASE_URL or DATABASE_URL is set). Rows are checked
 * against the contracts' own reads and logs, reputation against a replay of the logs with the
 * same pure function the handlers use.
 */
import {
  arbitratorRegistryAbi,
  blockhashRandomnessAbi,
  disputeCourtAbi,
  disputeRef,
  insurancePoolAbi,
  jobEscrowAbi,
  RandomnessStatus,
  stakeManagerAbi,
} from "@leasehold/sdk";
import { zeroHash, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClients } from "../../scripts/lib/local-deploy.ts";
import { roleHash } from "../src/lib/admin-actions.ts";
import { jobStatusName } from "../src/lib/jobs.ts";
import { currentScore, replayReputation, REPUTATION_HALF_LIFE, type ReputationEvent } from "@leasehold/sdk/reputation";
import {
  COLLATERAL_BPS,
  courtAccounts,
  OPERATOR_B_FREE_AT_DISPUTE,
  PAYMENT,
  runCourtScenario,
  type CourtScenario,
} from "./support/court-scenario.ts";
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
const escrow = () => ({ address: contracts().JobEscrow.address, abi: jobEscrowAbi }) as const;
const rulings = [null, "client", "agent"] as const;
const phases = [null, "drawing", "voting", "ruled", "executed"] as const;
const drawPhases = ["staking", "generating", "drawing"] as const;

function courtLogs() {
  return publicClient().getContractEvents({ ...court(), fromBlock: BigInt(contracts().DisputeCourt.startBlock) });
}

function registryLogs() {
  return publicClient().getContractEvents({
    ...registry(),
    fromBlock: BigInt(contracts().ArbitratorRegistry.startBlock),
  });
}

/** A log's place in chain order. */
const position = (log: { blockNumber: bigint; logIndex: number }) => [log.blockNumber, log.logIndex] as const;
const before = (a: readonly [bigint, number], b: readonly [bigint, number]) =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

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
      type Row = {
        address: Hex;
        free: string;
        locked: string;
        leaving: string;
        unlockAt: string;
        seats: number;
        weight: string;
      };
      const rows = await list<Row>(url, "arbitrators", "address free locked leaving unlockAt seats weight", "address");
      expect(rows.map((row) => row.address).sort()).toEqual(
        courtAccounts.arbitrators.map((index) => lower(address(index))).sort(),
      );
      for (const row of rows) {
        const [onChain, weight] = await Promise.all([
          publicClient().readContract({ ...registry(), functionName: "arbitratorOf", args: [row.address] }),
          publicClient().readContract({ ...registry(), functionName: "weightOf", args: [row.address] }),
        ]);
        expect(row, row.address).toEqual({
          address: row.address,
          free: String(onChain.free),
          locked: String(onChain.locked),
          leaving: String(onChain.leaving),
          unlockAt: String(onChain.unlockAt),
          seats: onChain.seats,
          weight: String(weight),
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
        "id jobId agentId client operator payment compensation collateral operatorLock insuredGap claimId ref phase round ruling evidenceCount slashed insured toClient toOperator",
        "id",
      );
      const logs = await courtLogs();
      const ids = await disputeIds();
      expect(rows.map((row) => row.id)).toEqual(ids.map(String));
      for (const id of ids) {
        const onChain = await publicClient().readContract({ ...court(), functionName: "getDispute", args: [id] });
        const [job, claim] = await Promise.all([
          publicClient().readContract({ ...escrow(), functionName: "getJob", args: [onChain.jobId] }),
          onChain.claimId === 0n
            ? null
            : publicClient().readContract({ ...pool(), functionName: "getClaim", args: [onChain.claimId] }),
        ]);
        const executed = logs.find((log) => log.eventName === "RulingExecuted" && log.args.disputeId === id);
        const executedArgs = executed?.args as
          { slashed: bigint; insured: bigint; toClient: bigint; toOperator: bigint } | undefined;
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
          collateral: String(job.collateral),
          operatorLock: String(onChain.operatorLock),
          insuredGap: String(claim?.amount ?? 0n),
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
        });
      }
      const ruled = Object.fromEntries(rows.map((row) => [row.id, row.ruling]));
      expect(ruled).toEqual({
        [String(scenario.lapsedDispute)]: "agent",
        [String(scenario.clientWinsDispute)]: "client",
        [String(scenario.appealedDispute)]: "agent",
        [String(scenario.releasedDispute)]: "agent",
      });
    });

    it("should back each compensation by collateral, then a lock of the operator's stake, then a claim for the gap", async () => {
      type Row = { id: string; compensation: string; collateral: string; operatorLock: string; insuredGap: string };
      const rows = await list<Row>(url, "disputes", "id compensation collateral operatorLock insuredGap", "id");
      const collateral = (PAYMENT * BigInt(COLLATERAL_BPS)) / 10_000n;
      const backing = (id: bigint) => {
        const row = rows.find((candidate) => candidate.id === String(id))!;
        return {
          collateral: BigInt(row.collateral),
          operatorLock: BigInt(row.operatorLock),
          gap: BigInt(row.insuredGap),
        };
      };
      // Operator A had stake to spare: its lock covers what collateral leaves, and nothing is insured.
      expect(backing(scenario.appealedDispute)).toEqual({ collateral, operatorLock: PAYMENT - collateral, gap: 0n });
      // Operator B kept only a little free: the lock takes it, the claim covers the rest.
      expect(backing(scenario.clientWinsDispute)).toEqual({
        collateral,
        operatorLock: OPERATOR_B_FREE_AT_DISPUTE,
        gap: PAYMENT - collateral - OPERATOR_B_FREE_AT_DISPUTE,
      });
      for (const row of rows) {
        expect(BigInt(row.collateral) + BigInt(row.operatorLock) + BigInt(row.insuredGap), row.id).toBe(
          BigInt(row.compensation),
        );
      }
    });

    it("should record every round as getRound and panelOf return it", async () => {
      type Row = Record<string, unknown> & { disputeId: string; round: number };
      const rows = await list<Row>(
        url,
        "disputeRounds",
        "disputeId round bondPoster bond drawTicket deferrals drawDeadline panel lockPerSeat commitEndsAt revealEndsAt appealEndsAt commits reveals votesForClient votesForAgent ruling lapsed fee",
        "id",
      );
      const deferred = (await courtLogs()).filter((log) => log.eventName === "DrawDeferred");
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
            drawTicket: String(r.drawTicket),
            deferrals: deferred.filter((log) => log.args.disputeId === id && log.args.round === round).length,
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
      expect(rows.find((row) => row.disputeId === String(scenario.lapsedDispute))?.deferrals).toBe(1);
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

  describe("# draw sessions", () => {
    it("should record every phase change as the registry's PhasePassed logs say", async () => {
      type Row = {
        phase: string;
        session: string;
        requestId: string;
        randomness: string;
        blockNumber: string;
        transactionHash: Hex;
      };
      const rows = await list<Row>(
        url,
        "drawPhaseChanges",
        "phase session requestId randomness blockNumber transactionHash",
        "id",
      );
      const logs = (await registryLogs()).filter((log) => log.eventName === "PhasePassed");
      expect(rows).toEqual(
        logs.map((log) => ({
          phase: drawPhases[log.args.phase!],
          session: String(log.args.session),
          requestId: String(log.args.requestId),
          randomness: String(log.args.randomness),
          blockNumber: String(log.blockNumber),
          transactionHash: log.transactionHash,
        })),
      );
      // One session seats nobody (no arbitrators yet), then one per round drawn: 2, 3 and 3's appeal.
      expect(new Set(rows.map((row) => row.session)).size).toBe(4);
    });

    it("should hold each session's request, its value from the source, and how it ended", async () => {
      type Row = {
        session: string;
        phase: string;
        requestId: string;
        requests: number;
        requestedBlock: string;
        randomness: string | null;
        ticketsDrawn: number;
        timedOut: boolean;
      };
      const rows = await list<Row>(
        url,
        "drawSessions",
        "session phase requestId requests requestedBlock randomness ticketsDrawn timedOut",
        "session",
      );
      const logs = await registryLogs();
      const phaseLogs = logs.filter((log) => log.eventName === "PhasePassed");
      const source = contracts().BlockhashRandomness!;
      const expected = [];
      for (const session of [...new Set(phaseLogs.map((log) => log.args.session!))]) {
        const own = phaseLogs.filter((log) => log.args.session === session);
        const requests = own.filter((log) => log.args.phase === 1);
        const request = requests.at(-1)!;
        const revealed = own.find((log) => log.args.phase === 2);
        const ended = own.find((log) => log.args.phase === 0);
        const drawn = logs.filter(
          (log) =>
            log.eventName === "TicketDrawn" &&
            revealed &&
            before(position(revealed), position(log)) &&
            (!ended || before(position(log), position(ended))),
        );
        const [status, value] = await publicClient().readContract({
          address: source.address,
          abi: blockhashRandomnessAbi,
          functionName: "randomnessOf",
          args: [request.args.requestId!],
        });
        // The value the registry stored is the source's, final once Ready.
        if (revealed) expect([status, value]).toEqual([RandomnessStatus.Ready, revealed.args.randomness]);
        expected.push({
          session: String(session),
          phase: drawPhases[own.at(-1)!.args.phase!],
          requestId: String(request.args.requestId),
          requests: requests.length,
          requestedBlock: String(request.blockNumber),
          randomness: revealed ? String(revealed.args.randomness) : null,
          ticketsDrawn: drawn.length,
          timedOut: Boolean(ended) && !revealed,
        });
      }
      expect(rows).toEqual(expected);
      expect(rows.every((row) => row.phase === "staking" && row.ticketsDrawn === 1)).toBe(true);
    });

    it("should keep every ticket: its round, and how it was drawn, deferred or cancelled", async () => {
      type Row = {
        ticket: string;
        court: Hex;
        session: string;
        disputeId: string | null;
        round: number | null;
        status: string;
        seats: number | null;
        drawnSession: string | null;
        randomnessRequestId: string | null;
        randomness: string | null;
        takenBeforeRandomness: boolean | null;
        deferredTo: string | null;
        requestedBlock: string;
      };
      const rows = await list<Row>(
        url,
        "drawTickets",
        "ticket court session disputeId round status seats drawnSession randomnessRequestId randomness takenBeforeRandomness deferredTo requestedBlock",
        "ticket",
      );
      const [logs, court] = await Promise.all([registryLogs(), courtLogs()]);
      const phaseLogs = logs.filter((log) => log.eventName === "PhasePassed");
      const expected = [];
      for (const requested of logs.filter((log) => log.eventName === "DrawRequested")) {
        const ticket = requested.args.ticket!;
        const drawn = logs.find((log) => log.eventName === "TicketDrawn" && log.args.ticket === ticket);
        const cancelled = logs.some((log) => log.eventName === "DrawCancelled" && log.args.ticket === ticket);
        const started = court.find(
          (log) =>
            (log.eventName === "RoundStarted" && log.args.drawTicket === ticket) ||
            (log.eventName === "DrawDeferred" && log.args.newTicket === ticket),
        );
        const deferred = court.find((log) => log.eventName === "DrawDeferred" && log.args.oldTicket === ticket);
        // The session a draw used is the last one revealed before it, and its last request.
        const revealed = drawn
          ? phaseLogs.filter((log) => log.args.phase === 2 && before(position(log), position(drawn))).at(-1)!
          : undefined;
        const request = revealed
          ? phaseLogs
              .filter(
                (log) =>
                  log.args.phase === 1 &&
                  log.args.session === revealed.args.session &&
                  before(position(log), position(revealed)),
              )
              .at(-1)!
          : undefined;
        const onChain = await publicClient().readContract({ ...registry(), functionName: "ticketOf", args: [ticket] });
        const seats = drawn ? (drawn.args as { seats: bigint }).seats : undefined;
        const status = seats === undefined ? (cancelled ? "cancelled" : "open") : seats === 0n ? "empty" : "drawn";
        expect(onChain, String(ticket)).toEqual({ session: requested.args.session, open: status === "open" });
        const startedArgs = started?.args as { disputeId: bigint; round: number } | undefined;
        expected.push({
          ticket: String(ticket),
          court: lower(requested.args.court!),
          session: String(requested.args.session),
          disputeId: startedArgs ? String(startedArgs.disputeId) : null,
          round: startedArgs ? startedArgs.round : null,
          status,
          seats: seats === undefined ? null : Number(seats),
          drawnSession: revealed ? String(revealed.args.session) : null,
          randomnessRequestId: request ? String(request.args.requestId) : null,
          randomness: revealed ? String(revealed.args.randomness) : null,
          takenBeforeRandomness: request ? before(position(requested), position(request)) : null,
          deferredTo: deferred ? String((deferred.args as { newTicket: bigint }).newTicket) : null,
          requestedBlock: String(requested.blockNumber),
        });
      }
      expect(rows).toEqual(expected);
      const ofDispute = (id: bigint) =>
        rows.filter((row) => row.disputeId === String(id)).map(({ status, seats }) => ({ status, seats }));
      expect(ofDispute(scenario.lapsedDispute)).toEqual([
        { status: "empty", seats: 0 },
        { status: "cancelled", seats: null },
      ]);
      expect(ofDispute(scenario.appealedDispute)).toEqual([
        { status: "drawn", seats: 3 },
        { status: "drawn", seats: 7 },
      ]);
      expect(ofDispute(scenario.releasedDispute)).toEqual([{ status: "cancelled", seats: null }]);
      expect(rows.filter((row) => row.drawnSession !== null).every((row) => row.takenBeforeRandomness)).toBe(true);
    });

    it("should hold the draw line as the registry reports it now", async () => {
      const data = await graphql<{ drawLines: { items: Record<string, unknown>[] } }>(
        url,
        `
          {
            drawLines {
              items {
                registry
                phase
                session
                phaseStartedAt
                minStakingTime
                maxDrawingTime
                randomnessSource
                openTickets
              }
            }
          }
        `,
      );
      const read = <
        F extends "phase" | "session" | "phaseStartedAt" | "drawSchedule" | "randomnessSource" | "openTickets",
      >(
        functionName: F,
      ) => publicClient().readContract({ ...registry(), functionName });
      const [phase, session, phaseStartedAt, [minStakingTime, maxDrawingTime], source, openTickets] = await Promise.all(
        [
          read("phase"),
          read("session"),
          read("phaseStartedAt"),
          read("drawSchedule"),
          read("randomnessSource"),
          read("openTickets"),
        ],
      );
      expect(data.drawLines.items).toEqual([
        {
          registry: lower(registry().address),
          phase: drawPhases[phase],
          session: String(session),
          phaseStartedAt: String(phaseStartedAt),
          minStakingTime: String(minStakingTime),
          maxDrawingTime: String(maxDrawingTime),
          randomnessSource: lower(source),
          openTickets: Number(openTickets),
        },
      ]);
    });
  });

  describe("# jobs", () => {
    it("should record the frozen job the escrow released by its timeout, and its dispute moving only bonds", async () => {
      const data = await graphql<{
        job: { status: string; events: { items: { kind: string; actor: Hex | null; statusAfter: string }[] } };
        dispute: { ruling: string; slashed: string; insured: string };
      }>(
        url,
        `
          query ($job: BigInt!, $dispute: BigInt!) {
            job(id: $job) {
              status
              events(orderBy: "id") {
                items {
                  kind
                  actor
                  statusAfter
                }
              }
            }
            dispute(id: $dispute) {
              ruling
              slashed
              insured
            }
          }
        `,
        { job: String(scenario.releasedJob), dispute: String(scenario.releasedDispute) },
      );
      expect(data.job.status).toBe("paid");
      expect(data.job.events.items.slice(-3)).toEqual([
        { kind: "frozen", actor: lower(contracts().DisputeCourt.address), statusAfter: "frozen" },
        { kind: "frozen_released", actor: lower(address(courtAccounts.operatorA)), statusAfter: "frozen" },
        { kind: "settled", actor: null, statusAfter: "paid" },
      ]);
      expect(data.dispute).toEqual({ ruling: "agent", slashed: "0", insured: "0" });
    });
  });

  describe("# GET /court/draw-sessions", () => {
    it("should list the sessions newest first with their tickets, and audit every draw's randomness", async () => {
      const { status, body } = await getJson<{
        line: { phase: string; openTickets: number } | null;
        audit: { ticketsDrawn: number; takenAfterRandomness: number };
        total: number;
        items: {
          session: string;
          phaseChanges: { phase: string }[];
          tickets: { ticket: string; disputeId: string; takenBeforeRandomness: boolean }[];
        }[];
      }>(`${url}/court/draw-sessions`);
      expect(status).toBe(200);
      const drawnLogs = (await registryLogs()).filter((log) => log.eventName === "TicketDrawn");
      expect(body.audit).toEqual({ ticketsDrawn: drawnLogs.length, takenAfterRandomness: 0 });
      expect(body.line).toMatchObject({ phase: "staking", openTickets: 0 });
      expect(body.total).toBe(4);
      expect(body.items.map((item) => item.session)).toEqual(["4", "3", "2", "1"]);
      for (const item of body.items) {
        expect(item.phaseChanges.map((change) => change.phase)).toEqual(["generating", "drawing", "staking"]);
        expect(item.tickets).toHaveLength(1);
        expect(item.tickets[0]!.takenBeforeRandomness).toBe(true);
      }
      expect(body.items.at(-1)!.tickets[0]!.disputeId).toBe(String(scenario.lapsedDispute));
      const second = await getJson<{ items: { session: string }[] }>(`${url}/court/draw-sessions?limit=1&offset=1`);
      expect(second.body.items.map((item) => item.session)).toEqual(["3"]);
      for (const query of ["limit=0", "offset=-1", "session=1"]) {
        expect((await getJson(`${url}/court/draw-sessions?${query}`)).status, query).toBe(400);
      }
    });

    it("should give each dispute its draw tickets in GET /court/disputes", async () => {
      const { body } = await getJson<{
        items: { id: string; tickets: { status: string; deferredTo: string | null }[] }[];
      }>(`${url}/court/disputes`);
      const lapsed = body.items.find((item) => item.id === String(scenario.lapsedDispute))!;
      expect(lapsed.tickets.map((ticket) => ticket.status)).toEqual(["empty", "cancelled"]);
      expect(lapsed.tickets[0]!.deferredTo).not.toBeNull();
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
      expect(body.total).toBe(4);
      expect(body.items.map((item) => item.id)).toEqual([String(scenario.appealedDispute)]);
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
      expect(agentA).toMatchObject({ paidJobs: 4, disputesLost: 0, slashes: 0 });
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
      expect(history.body.total).toBe(4);
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
          "ArbitratorRegistry.RandomnessSourceUpdated",
          "ArbitratorRegistry.DrawScheduleUpdated",
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
      const [source, [minStakingTime, maxDrawingTime]] = await Promise.all([
        publicClient().readContract({ ...registry(), functionName: "randomnessSource" }),
        publicClient().readContract({ ...registry(), functionName: "drawSchedule" }),
      ]);
      const registryParameter = (name: string) =>
        parameters.find((row) => row.contract === "ArbitratorRegistry" && row.name === name)?.value;
      expect(registryParameter("randomnessSource")).toBe(lower(source));
      expect(registryParameter("minStakingTime")).toBe(String(minStakingTime));
      expect(registryParameter("maxDrawingTime")).toBe(String(maxDrawingTime));
      const schedule = rows.find(
        (row) => row.contract === "ArbitratorRegistry" && row.action === "DrawScheduleUpdated",
      );
      expect(schedule?.details).toEqual({
        minStakingTime: String(minStakingTime),
        maxDrawingTime: String(maxDrawingTime),
      });
    });
  });
});

// Last: it adds a dispute the suites above do not expect.
describe("# a dispute ruled and not executed", () => {
  it("should name the ruling that stands on /court/disputes while the dispute is in phase ruled", async () => {
    const disputeId = await scenario.ruleWithoutExecuting();
    const onChain = await publicClient().readContract({ ...court(), functionName: "getDispute", args: [disputeId] });
    expect(phases[onChain.phase]).toBe("ruled");
    const blockNumber = await publicClient().getBlockNumber();
    for (const [name, indexer] of indexers) {
      await waitForBlock(indexer.url, blockNumber, 60_000);
      const { body } = await getJson<{ items: { id: string; phase: string; ruling: string | null }[] }>(
        `${indexer.url}/court/disputes?phase=ruled`,
      );
      expect(
        body.items.map(({ id, phase, ruling }) => ({ id, phase, ruling })),
        name,
      ).toEqual([{ id: String(disputeId), phase: "ruled", ruling: "agent" }]);
    }
  });
});
