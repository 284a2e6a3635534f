/**
 * The indexer end to end: a real chain (anvil), the real deploy step, a busy history sent by
 * several accounts, then `ponder start` on PGlite (always) and on PostgreSQL (when
 * LEASEHOLD_TEST_DATABASE_URL or DATABASE_URL is set). Every indexed row is checked against the
 * contracts' own reads and logs, never against numbers written into the test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  arbitratorRegistryAbi,
  codeRegistryAbi,
  disputeCourtAbi,
  endorsementsAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
  leaseRegistryAbi,
  LOCAL_CHAIN_ID,
  receiptAnchorAbi,
  stakeManagerAbi,
  timelockControllerAbi,
  type Deployment,
} from "@leasehold/sdk";
import { getAddress, keccak256, parseEther, stringToHex, zeroAddress, type Abi, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { startIndexer, type Indexer } from "../../scripts/lib/indexer.ts";
import { deployLocal, localClients } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { roleHash, roleName } from "../src/lib/admin-actions.ts";
import { getJson, graphql, sqlOverHttp, waitFor, waitForBlock } from "./support/indexer-api.ts";
import { jobStatusName } from "../src/lib/jobs.ts";
import {
  accounts,
  address,
  confirm,
  contractsAs,
  runGovernanceScenario,
  runJobsScenario,
  runScenario,
  type Chain,
  type GovernanceScenario,
  type JobsScenario,
} from "./support/scenario.ts";
import {
  createPostgresDatabase,
  databaseNames,
  pgliteDatabase,
  postgresUrl,
  type TestDatabase,
} from "./support/test-databases.ts";

let workDir: string;
let chain: Chain;
let jobs: JobsScenario;
let governance: GovernanceScenario;
const indexers = new Map<TestDatabase["name"], Indexer>();
const databases: TestDatabase[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-indexer-"));
  const anvil = await startAnvil({ port: await freePort(), logFile: path.join(workDir, "anvil.log") });
  const deployment: Deployment = await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: workDir });
  chain = { rpcUrl: anvil.rpcUrl, deployment };
  await runScenario(chain);
  jobs = await runJobsScenario(chain);
  governance = await runGovernanceScenario(chain);

  databases.push(pgliteDatabase);
  if (postgresUrl) databases.push(await createPostgresDatabase(postgresUrl, "indexer"));
  // Both indexers replay the same history side by side. Settle both before failing, so afterAll
  // never runs while one of them is still being spawned.
  const started = await Promise.allSettled(
    databases.map(async (database) => {
      const indexer = await startIndexer({
        port: await freePort(),
        rpcUrl: chain.rpcUrl,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir: workDir,
        databaseUrl: database.databaseUrl,
        databaseSchema: database.schema,
        dataDir: path.join(workDir, "pglite"),
        logFile: path.join(workDir, `indexer-${database.name}.log`),
      });
      indexers.set(database.name, indexer);
    }),
  );
  for (const result of started) if (result.status === "rejected") throw result.reason;
});

afterAll(async () => {
  await stopAll();
  for (const database of databases) await database.drop();
  // LEASEHOLD_TEST_KEEP=1 keeps the chain's and indexers' logs for a look after a failure.
  if (process.env.LEASEHOLD_TEST_KEEP) console.info(`Logs kept in ${workDir}`);
  else if (workDir) await rm(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------- chain reads

const publicClient = () => localClients(chain.rpcUrl).publicClient;
const stakeManager = () => chain.deployment.contracts.StakeManager;
const registry = () => chain.deployment.contracts.AgentRegistry;
const lower = (value: string) => value.toLowerCase();

async function stakeOf(operator: Address, blockNumber?: bigint) {
  return publicClient().readContract({
    address: stakeManager().address,
    abi: stakeManagerAbi,
    functionName: "stakeOf",
    args: [operator],
    blockNumber,
  });
}

function stakeManagerLogs() {
  return publicClient().getContractEvents({
    address: stakeManager().address,
    abi: stakeManagerAbi,
    fromBlock: BigInt(stakeManager().startBlock),
  });
}

async function onChainAgents() {
  const count = await publicClient().readContract({
    address: registry().address,
    abi: agentRegistryAbi,
    functionName: "agentCount",
  });
  const ids = Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1));
  return Promise.all(
    ids.map(async (id) => ({
      id,
      ...(await publicClient().readContract({
        address: registry().address,
        abi: agentRegistryAbi,
        functionName: "getAgent",
        args: [id],
      })),
    })),
  );
}

const leaseRegistry = () => chain.deployment.contracts.LeaseRegistry;
const anchor = () => chain.deployment.contracts.ReceiptAnchor;
const escrow = () => chain.deployment.contracts.JobEscrow;

/** The contracts whose privileged actions go into the admin log. */
const adminLogged = {
  StakeManager: stakeManagerAbi,
  LeaseRegistry: leaseRegistryAbi,
  JobEscrow: jobEscrowAbi,
  TimelockController: timelockControllerAbi,
  LeaseholdGovernor: leaseholdGovernorAbi,
  CodeRegistry: codeRegistryAbi,
  InsurancePool: insurancePoolAbi,
  ArbitratorRegistry: arbitratorRegistryAbi,
  DisputeCourt: disputeCourtAbi,
} as const;
type AdminLoggedContract = keyof typeof adminLogged;

/** The contracts with rows in `parameter`: the admin-logged ones and those with immutable parameters. */
const parameterHolders = {
  ...adminLogged,
  AnonymousStakeGroup: anonymousStakeGroupAbi,
  Endorsements: endorsementsAbi,
} as const;
type ParameterHolder = keyof typeof parameterHolders;

/** Parameter update events and the names of their old and new value arguments. */
const parameterEventArgs: Record<string, readonly [string, string] | undefined> = {
  MinimumStakeUpdated: ["oldMinimum", "newMinimum"],
  UnbondingDelayUpdated: ["oldDelay", "newDelay"],
  MaxTtlUpdated: ["oldMaxTtl", "newMaxTtl"],
  ChallengeWindowUpdated: ["oldWindow", "newWindow"],
  CollateralBpsUpdated: ["oldBps", "newBps"],
  PremiumBpsUpdated: ["oldBps", "newBps"],
  InsuranceUpdated: ["oldInsurance", "newInsurance"],
  PublicationBondUpdated: ["oldBond", "newBond"],
  MinDelayChange: ["oldDuration", "newDuration"],
  VotingDelaySet: ["oldVotingDelay", "newVotingDelay"],
  VotingPeriodSet: ["oldVotingPeriod", "newVotingPeriod"],
  ProposalThresholdSet: ["oldProposalThreshold", "newProposalThreshold"],
  QuorumNumeratorUpdated: ["oldQuorumNumerator", "newQuorumNumerator"],
  TimelockChange: ["oldTimelock", "newTimelock"],
  CooldownUpdated: ["oldCooldown", "newCooldown"],
  LeaveDelayUpdated: ["oldDelay", "newDelay"],
  RandomnessSourceUpdated: ["oldSource", "newSource"],
};

/** Every log of the admin-logged contracts, in chain order, tagged with its contract. */
async function adminLoggedLogs() {
  const perContract = await Promise.all(
    (Object.keys(adminLogged) as AdminLoggedContract[]).map(async (contract) => {
      const { address, startBlock } = chain.deployment.contracts[contract];
      const logs = await publicClient().getContractEvents({
        address,
        abi: adminLogged[contract] as Abi,
        fromBlock: BigInt(startBlock),
      });
      return logs.map((log) => ({ ...log, contract, eventName: log.eventName as string }));
    }),
  );
  return perContract
    .flat()
    .sort((a, b) => Number(a.blockNumber - b.blockNumber) || Number(a.logIndex) - Number(b.logIndex));
}

function escrowLogs() {
  return publicClient().getContractEvents({
    address: escrow().address,
    abi: jobEscrowAbi,
    fromBlock: BigInt(escrow().startBlock),
  });
}

function leaseLogs() {
  return publicClient().getContractEvents({
    address: leaseRegistry().address,
    abi: leaseRegistryAbi,
    fromBlock: BigInt(leaseRegistry().startBlock),
  });
}

async function onChainLeases() {
  const count = await publicClient().readContract({
    address: leaseRegistry().address,
    abi: leaseRegistryAbi,
    functionName: "leaseCount",
  });
  return Promise.all(
    Array.from({ length: Number(count) }, async (_, index) => {
      const id = BigInt(index + 1);
      const lease = await publicClient().readContract({
        address: leaseRegistry().address,
        abi: leaseRegistryAbi,
        functionName: "getLease",
        args: [id],
      });
      const live = await publicClient().readContract({
        address: leaseRegistry().address,
        abi: leaseRegistryAbi,
        functionName: "isLive",
        args: [id, lease.scopeHash],
      });
      return { id, ...lease, live };
    }),
  );
}

async function onChainJobs() {
  const count = await publicClient().readContract({
    address: escrow().address,
    abi: jobEscrowAbi,
    functionName: "jobCount",
  });
  return Promise.all(
    Array.from({ length: Number(count) }, async (_, index) => {
      const id = BigInt(index + 1);
      const job = await publicClient().readContract({
        address: escrow().address,
        abi: jobEscrowAbi,
        functionName: "getJob",
        args: [id],
      });
      return { id, ...job };
    }),
  );
}

/** The contract's zero for "not yet", as the indexer's null. */
const orNull = (value: bigint | string) => (value === 0n || /^0x0*$/.test(String(value)) ? null : String(value));

/** Each block's timestamp, which tells this chain's blocks from an earlier chain's with the same numbers. */
async function blockTimestamps(logs: readonly { blockNumber: bigint }[]): Promise<Map<bigint, string>> {
  const numbers = [...new Set(logs.map((log) => log.blockNumber))];
  const blocks = await Promise.all(numbers.map((blockNumber) => publicClient().getBlock({ blockNumber })));
  return new Map(blocks.map((block) => [block.number, String(block.timestamp)]));
}

/** What the stake history must say for each stake log: kind, operator, amount, counterparty. */
type StakeLog = Awaited<ReturnType<typeof stakeManagerLogs>>[number];
function expectedStakeEvent(log: StakeLog) {
  const base = { blockNumber: String(log.blockNumber), transactionHash: log.transactionHash };
  switch (log.eventName) {
    case "StakeDeposited":
      return { ...base, kind: "deposited", operator: log.args.operator!, amount: log.args.amount!, counterparty: null };
    case "WithdrawalRequested":
      return {
        ...base,
        kind: "withdrawal_requested",
        operator: log.args.operator!,
        amount: log.args.amount!,
        counterparty: null,
      };
    case "WithdrawalCancelled":
      return {
        ...base,
        kind: "withdrawal_cancelled",
        operator: log.args.operator!,
        amount: log.args.amount!,
        counterparty: null,
      };
    case "StakeWithdrawn":
      return {
        ...base,
        kind: "withdrawn",
        operator: log.args.operator!,
        amount: log.args.amount!,
        counterparty: log.args.recipient!,
      };
    case "StakeLocked":
      return {
        ...base,
        kind: "locked",
        operator: log.args.operator!,
        amount: log.args.amount!,
        counterparty: log.args.locker!,
      };
    case "StakeReleased":
      return {
        ...base,
        kind: "released",
        operator: log.args.operator!,
        amount: log.args.amount!,
        counterparty: log.args.locker!,
      };
    case "StakeSlashed":
      return {
        ...base,
        kind: "slashed",
        operator: log.args.operator!,
        amount: log.args.fromFree! + log.args.fromUnbonding!,
        counterparty: log.args.slasher!,
      };
    default:
      return undefined;
  }
}

// -------------------------------------------------------------------------- indexer reads

interface OperatorRow {
  address: Hex;
  free: string;
  locked: string;
  unbonding: string;
  unlockAt: string;
  totalDeposited: string;
  totalWithdrawn: string;
  totalSlashed: string;
  agentCount: number;
  retiredAgentCount: number;
}

const operatorFields = `address free locked unbonding unlockAt totalDeposited totalWithdrawn totalSlashed agentCount retiredAgentCount`;

async function indexedOperators(url: string): Promise<OperatorRow[]> {
  const data = await graphql<{ operators: { items: OperatorRow[] } }>(
    url,
    `{ operators(orderBy: "address", limit: 1000) { items { ${operatorFields} } } }`,
  );
  return data.operators.items;
}

async function indexedOperator(url: string, operator: Address): Promise<OperatorRow | null> {
  const data = await graphql<{ operator: OperatorRow | null }>(
    url,
    `query ($address: String!) { operator(address: $address) { ${operatorFields} } }`,
    { address: operator },
  );
  return data.operator;
}

function bucketsOf(row: Pick<OperatorRow, "free" | "locked" | "unbonding" | "unlockAt">) {
  return {
    free: BigInt(row.free),
    locked: BigInt(row.locked),
    unbonding: BigInt(row.unbonding),
    unlockAt: BigInt(row.unlockAt),
  };
}

function asBuckets(stake: Awaited<ReturnType<typeof stakeOf>>) {
  return { free: stake.free, locked: stake.locked, unbonding: stake.unbonding, unlockAt: BigInt(stake.unlockAt) };
}

describe.each(databaseNames)("indexer on %s", (databaseName) => {
  let url: string;

  beforeAll(async () => {
    url = indexers.get(databaseName)!.url;
    // Another database's live-update test may have added blocks since this one became ready.
    await waitForBlock(url, await publicClient().getBlockNumber());
  });

  describe("# operators", () => {
    it("should hold exactly the stake buckets stakeOf reports for every address in the history", async () => {
      const logs = await stakeManagerLogs();
      const stakeAddresses = new Set(
        logs.flatMap((log) => (expectedStakeEvent(log) ? [lower(expectedStakeEvent(log)!.operator)] : [])),
      );
      const agentOperators = new Set((await onChainAgents()).map((agent) => lower(agent.operator)));
      const rows = await indexedOperators(url);
      expect(rows.map((row) => row.address).sort()).toEqual(
        [...new Set([...stakeAddresses, ...agentOperators])].sort(),
      );
      for (const row of rows) {
        expect(bucketsOf(row), row.address).toEqual(asBuckets(await stakeOf(row.address)));
      }
    });

    it("should clear unlockAt when a slash empties unbonding stake and keep it otherwise", async () => {
      const slashed = await indexedOperator(url, address(accounts.operatorB));
      expect(slashed).toMatchObject({ unbonding: "0", unlockAt: "0" });
      const unbonding = await indexedOperator(url, address(accounts.operatorA));
      expect(BigInt(unbonding!.unlockAt)).toBeGreaterThan(0n);
      expect(bucketsOf(unbonding!)).toEqual(asBuckets(await stakeOf(address(accounts.operatorA))));
    });

    it("should keep lifetime totals equal to the sums of the stake logs", async () => {
      const totals = new Map<string, { totalDeposited: bigint; totalWithdrawn: bigint; totalSlashed: bigint }>();
      for (const log of await stakeManagerLogs()) {
        const expected = expectedStakeEvent(log);
        if (!expected) continue;
        const key = lower(expected.operator);
        const sum = totals.get(key) ?? { totalDeposited: 0n, totalWithdrawn: 0n, totalSlashed: 0n };
        if (expected.kind === "deposited") sum.totalDeposited += expected.amount;
        if (expected.kind === "withdrawn") sum.totalWithdrawn += expected.amount;
        if (expected.kind === "slashed") sum.totalSlashed += expected.amount;
        totals.set(key, sum);
      }
      for (const row of await indexedOperators(url)) {
        const sum = totals.get(row.address) ?? { totalDeposited: 0n, totalWithdrawn: 0n, totalSlashed: 0n };
        expect({
          totalDeposited: BigInt(row.totalDeposited),
          totalWithdrawn: BigInt(row.totalWithdrawn),
          totalSlashed: BigInt(row.totalSlashed),
        }).toEqual(sum);
      }
    });

    it("should count each operator's agents, retired ones apart", async () => {
      const agents = await onChainAgents();
      for (const row of await indexedOperators(url)) {
        const own = agents.filter((agent) => lower(agent.operator) === row.address);
        expect({ agentCount: row.agentCount, retiredAgentCount: row.retiredAgentCount }, row.address).toEqual({
          agentCount: own.length,
          retiredAgentCount: own.filter((agent) => agent.status === 2).length,
        });
      }
    });
  });

  describe("# agents", () => {
    it("should record every agent as getAgent returns it", async () => {
      const data = await graphql<{ agents: { items: Record<string, string | null>[] } }>(
        url,
        `
          {
            agents(orderBy: "id", limit: 1000) {
              items {
                id
                operator
                identity
                codeHash
                metadataUri
                status
                retiredAt
              }
            }
          }
        `,
      );
      const expected = (await onChainAgents()).map((agent) => ({
        id: String(agent.id),
        operator: lower(agent.operator),
        identity: lower(agent.identity),
        codeHash: agent.codeHash,
        metadataUri: agent.metadataURI,
        status: agent.status === 2 ? "retired" : "registered",
      }));
      expect(data.agents.items.map(({ retiredAt: _, ...rest }) => rest)).toEqual(expected);
      for (const item of data.agents.items) expect(item.retiredAt === null).toBe(item.status === "registered");
    });

    it("should list an operator's agents by operator", async () => {
      const data = await graphql<{ agents: { totalCount: number; items: { id: string }[] } }>(
        url,
        `
          query ($operator: String!) {
            agents(where: { operator: $operator }, orderBy: "id") {
              totalCount
              items {
                id
              }
            }
          }
        `,
        { operator: address(accounts.operatorA) },
      );
      expect(data.agents).toEqual({ totalCount: 2, items: [{ id: "1" }, { id: "2" }] });
    });
  });

  describe("# operator relations", () => {
    it("should nest an operator's agents, stake history and slashes", async () => {
      const data = await graphql<{
        operator: {
          agents: { items: { id: string; operatorAccount: { address: string } }[] };
          stakeEvents: { items: { kind: string }[] };
          slashes: { totalCount: number };
        };
      }>(
        url,
        `
          query ($address: String!) {
            operator(address: $address) {
              agents(orderBy: "id") {
                items {
                  id
                  operatorAccount {
                    address
                  }
                }
              }
              stakeEvents(orderBy: "id", orderDirection: "desc", limit: 2) {
                items {
                  kind
                }
              }
              slashes {
                totalCount
              }
            }
          }
        `,
        { address: address(accounts.operatorB) },
      );
      const operatorB = lower(address(accounts.operatorB));
      expect(data.operator.agents.items).toEqual([{ id: "3", operatorAccount: { address: operatorB } }]);
      expect(data.operator.stakeEvents.items).toEqual([{ kind: "slashed" }, { kind: "slashed" }]);
      expect(data.operator.slashes.totalCount).toBe(2);
    });
  });

  describe("# stakeEvents", () => {
    it("should keep one row per stake log, in chain order, with the buckets stakeOf reports after it", async () => {
      const data = await graphql<{ stakeEvents: { items: Record<string, string | null>[] } }>(
        url,
        `
          {
            stakeEvents(orderBy: "id", limit: 1000) {
              items {
                operator
                kind
                amount
                counterparty
                freeAfter
                lockedAfter
                unbondingAfter
                blockNumber
                timestamp
                transactionHash
              }
            }
          }
        `,
      );
      const logs = await stakeManagerLogs();
      const timestamps = await blockTimestamps(logs);
      const expected = logs.flatMap((log) => {
        const event = expectedStakeEvent(log);
        return event
          ? [
              {
                ...event,
                operator: lower(event.operator),
                amount: String(event.amount),
                counterparty: event.counterparty && lower(event.counterparty),
                timestamp: timestamps.get(log.blockNumber),
              },
            ]
          : [];
      });
      const rows = data.stakeEvents.items;
      expect(rows.map(({ freeAfter: _f, lockedAfter: _l, unbondingAfter: _u, ...rest }) => rest)).toEqual(expected);
      // One transaction per block on this chain, so the state at the event's block is the state right after it.
      for (const row of rows) {
        const stake = await stakeOf(row.operator as Address, BigInt(row.blockNumber!));
        expect({ free: row.freeAfter, locked: row.lockedAfter, unbonding: row.unbondingAfter }).toEqual({
          free: String(stake.free),
          locked: String(stake.locked),
          unbonding: String(stake.unbonding),
        });
      }
    });
  });

  describe("# slashes", () => {
    it("should record what each slash asked for and took from each bucket", async () => {
      const data = await graphql<{ slashs: { items: Record<string, string>[] } }>(
        url,
        `
          {
            slashs(orderBy: "id") {
              items {
                operator
                slasher
                recipient
                reason
                requested
                fromFree
                fromUnbonding
                transactionHash
              }
            }
          }
        `,
      );
      const expected = (await stakeManagerLogs()).flatMap((log) =>
        log.eventName === "StakeSlashed"
          ? [
              {
                operator: lower(log.args.operator!),
                slasher: lower(log.args.slasher!),
                recipient: lower(log.args.recipient!),
                reason: log.args.reason!,
                requested: String(log.args.requested),
                fromFree: String(log.args.fromFree),
                fromUnbonding: String(log.args.fromUnbonding),
                transactionHash: log.transactionHash,
              },
            ]
          : [],
      );
      expect(expected.map((slash) => [slash.fromFree, slash.fromUnbonding])).toEqual([
        [String(parseEther("50")), String(parseEther("70"))],
        ["0", String(parseEther("180"))],
        ["0", "0"],
      ]);
      expect(data.slashs.items).toEqual(expected);
    });
  });

  describe("# adminActions", () => {
    it("should log every privileged action of every contract in chain order", async () => {
      const data = await graphql<{ adminActions: { items: unknown[] } }>(
        url,
        `
          {
            adminActions(orderBy: "id", limit: 1000) {
              items {
                contract
                action
                actor
                details
                blockNumber
                timestamp
                transactionHash
              }
            }
          }
        `,
      );
      type AdminActionRow = { contract: string; action: string; actor: string | null; details: unknown };
      const logs = await adminLoggedLogs();
      const timestamps = await blockTimestamps(logs);
      const text = (value: unknown) => (typeof value === "string" ? lower(value) : String(value));
      const releaseStatuses = ["none", "pending", "approved", "revoked"];
      const expected = logs.flatMap((log): AdminActionRow[] => {
        const row = {
          contract: log.contract,
          action: log.eventName,
          blockNumber: String(log.blockNumber),
          timestamp: timestamps.get(log.blockNumber),
          transactionHash: log.transactionHash,
        };
        const args = log.args as Record<string, unknown>;
        const parameter = parameterEventArgs[log.eventName];
        if (parameter) {
          const [oldName, newName] = parameter;
          return [{ ...row, actor: null, details: { old: text(args[oldName]), new: text(args[newName]) } }];
        }
        const withArgs = (actor: unknown, names: string[]) => [
          {
            ...row,
            actor: actor === null ? null : lower(actor as string),
            details: Object.fromEntries(names.map((name) => [name, text(args[name])])),
          },
        ];
        switch (log.eventName) {
          case "RoleGranted":
          case "RoleRevoked": {
            const role = args.role as Hex;
            return [
              {
                ...row,
                actor: lower(args.sender as string),
                details: { role, roleName: roleName(role), account: lower(args.account as string) },
              },
            ];
          }
          case "ReviewPolicyUpdated": {
            const policy = (value: unknown) => {
              const { reviewBase, reviewPerKiB } = value as { reviewBase: bigint; reviewPerKiB: bigint };
              return { reviewBase: String(reviewBase), reviewPerKiB: String(reviewPerKiB) };
            };
            return [{ ...row, actor: null, details: { old: policy(args.oldPolicy), new: policy(args.newPolicy) } }];
          }
          case "ReleaseApproved":
            return withArgs(args.approver, ["codeHash", "publisher", "bondRefunded"]);
          case "ReleaseRevoked":
            return [
              {
                ...row,
                actor: lower(args.guardian as string),
                details: {
                  codeHash: args.codeHash,
                  publisher: lower(args.publisher as string),
                  bondForfeited: String(args.bondForfeited),
                  codeApproved: args.codeApproved,
                  previousStatus: releaseStatuses[Number(args.previousStatus)],
                  reason: args.reason,
                },
              },
            ];
          case "CodeRevoked":
            return [
              {
                ...row,
                actor: lower(args.guardian as string),
                details: { codeHash: args.codeHash, wasApproved: args.wasApproved, reason: args.reason },
              },
            ];
          case "CallScheduled":
            return withArgs(null, ["id", "index", "target", "value", "data", "predecessor", "delay"]);
          case "CallExecuted":
            return withArgs(null, ["id", "index", "target", "value", "data"]);
          case "Cancelled":
            return withArgs(null, ["id"]);
          case "JobDisputeSettled": {
            const [settled] = withArgs(args.by, ["jobId", "agentId"]);
            return [{ ...settled!, details: { ...settled!.details, agentWins: args.agentWins } }];
          }
          case "ClaimFiled":
            return withArgs(args.filer, ["claimId", "recipient", "ref", "amount", "reserved"]);
          case "ClaimPaid":
            return withArgs(null, ["claimId", "recipient", "paid", "shortfall", "released"]);
          case "ClaimCancelled":
            return withArgs(null, ["claimId", "released"]);
          case "DrawScheduleUpdated":
            return withArgs(null, ["minStakingTime", "maxDrawingTime"]);
          case "ParamsUpdated": {
            const params = Object.entries(args.params as Record<string, bigint | number>).map(([name, value]) => [
              name,
              typeof value === "bigint" ? String(value) : value,
            ]);
            return [{ ...row, actor: null, details: { params: Object.fromEntries(params) } }];
          }
          default:
            return [];
        }
      });
      const firstContracts = new Set(["StakeManager", "LeaseRegistry", "JobEscrow"]);
      expect(
        expected
          .filter((action) => firstContracts.has(action.contract))
          .map((action) => `${action.contract}.${action.action}`),
      ).toEqual([
        "StakeManager.RoleGranted",
        "StakeManager.MinimumStakeUpdated",
        "StakeManager.UnbondingDelayUpdated",
        "LeaseRegistry.RoleGranted",
        "LeaseRegistry.MaxTtlUpdated",
        "JobEscrow.RoleGranted",
        "JobEscrow.ChallengeWindowUpdated",
        "JobEscrow.CollateralBpsUpdated",
        "JobEscrow.PremiumBpsUpdated",
        "JobEscrow.InsuranceUpdated",
        // The deploy step grants JobEscrow the locker role and the court its slasher, locker and
        // dispute roles, then hands each admin role to the timelock and renounces the deployer's.
        "StakeManager.RoleGranted",
        "StakeManager.RoleGranted",
        "StakeManager.RoleGranted",
        "JobEscrow.RoleGranted",
        "StakeManager.RoleGranted",
        "StakeManager.RoleRevoked",
        "JobEscrow.RoleGranted",
        "JobEscrow.RoleRevoked",
        // The scenario.
        "StakeManager.RoleGranted",
        "StakeManager.RoleGranted",
        "StakeManager.MinimumStakeUpdated",
        "StakeManager.UnbondingDelayUpdated",
        "StakeManager.RoleRevoked",
        "JobEscrow.RoleGranted",
        "JobEscrow.PremiumBpsUpdated",
        "LeaseRegistry.MaxTtlUpdated",
      ]);
      // The governance scenario: the guardian's revocations (the squatter's copy, the other
      // release, its code), then the approval proposal's execution (scheduled at queue time)
      // through the timelock.
      const governanceActions = expected
        .filter((action) => !firstContracts.has(action.contract))
        .map((action) => `${action.contract}.${action.action}`);
      expect(governanceActions.slice(-6)).toEqual([
        "TimelockController.CallScheduled",
        "CodeRegistry.ReleaseRevoked",
        "CodeRegistry.ReleaseRevoked",
        "CodeRegistry.CodeRevoked",
        "CodeRegistry.ReleaseApproved",
        "TimelockController.CallExecuted",
      ]);
      expect(governanceActions).toEqual(
        expect.arrayContaining([
          "TimelockController.MinDelayChange",
          "LeaseholdGovernor.VotingDelaySet",
          "LeaseholdGovernor.VotingPeriodSet",
          "LeaseholdGovernor.ProposalThresholdSet",
          "LeaseholdGovernor.QuorumNumeratorUpdated",
          "LeaseholdGovernor.TimelockChange",
          "CodeRegistry.RoleGranted",
          "CodeRegistry.ReviewPolicyUpdated",
          "CodeRegistry.PublicationBondUpdated",
          "InsurancePool.RoleGranted",
          "InsurancePool.CooldownUpdated",
          "InsurancePool.ClaimFiled",
          "InsurancePool.ClaimPaid",
          "InsurancePool.ClaimCancelled",
          "ArbitratorRegistry.RoleGranted",
          "ArbitratorRegistry.MinimumStakeUpdated",
          "ArbitratorRegistry.LeaveDelayUpdated",
          "DisputeCourt.RoleGranted",
          "DisputeCourt.ParamsUpdated",
        ]),
      );
      expect(data.adminActions.items).toEqual(expected);
    });

    it("should name the guardian and the timelock as the actors of revocations and an approval", async () => {
      const data = await graphql<{ adminActions: { items: { action: string; actor: string; details: unknown }[] } }>(
        url,
        `
          {
            adminActions(
              where: { contract: "CodeRegistry", action_in: ["ReleaseApproved", "ReleaseRevoked", "CodeRevoked"] }
              orderBy: "id"
            ) {
              items {
                action
                actor
                details
              }
            }
          }
        `,
      );
      const bond = await publicClient().readContract({
        address: chain.deployment.contracts.CodeRegistry.address,
        abi: codeRegistryAbi,
        functionName: "publicationBond",
      });
      const guardian = lower(address(accounts.guardian));
      const publisher = lower(address(accounts.publisher));
      expect(data.adminActions.items).toEqual([
        {
          action: "ReleaseRevoked",
          actor: guardian,
          details: {
            codeHash: governance.approvedRelease,
            publisher: lower(address(accounts.squatter)),
            bondForfeited: String(bond),
            codeApproved: false,
            previousStatus: "pending",
            reason: governance.squatReason,
          },
        },
        {
          action: "ReleaseRevoked",
          actor: guardian,
          details: {
            codeHash: governance.revokedRelease,
            publisher,
            bondForfeited: String(bond),
            codeApproved: false,
            previousStatus: "pending",
            reason: governance.revokeReason,
          },
        },
        {
          action: "CodeRevoked",
          actor: guardian,
          details: { codeHash: governance.revokedRelease, wasApproved: false, reason: governance.codeRevokeReason },
        },
        {
          action: "ReleaseApproved",
          actor: lower(chain.deployment.contracts.TimelockController.address),
          details: { codeHash: governance.approvedRelease, publisher, bondRefunded: String(bond) },
        },
      ]);
    });
  });

  describe("# parameters", () => {
    it("should hold each contract's parameters as its getters return them", async () => {
      const data = await graphql<{ parameters: { items: { contract: string; name: string; value: string }[] } }>(
        url,
        `
          {
            parameters(limit: 100) {
              items {
                contract
                name
                value
              }
            }
          }
        `,
      );
      const read = (contract: ParameterHolder, functionName: string, field?: string) =>
        (
          publicClient().readContract({
            address: chain.deployment.contracts[contract].address,
            abi: parameterHolders[contract],
            functionName,
          } as never) as Promise<unknown>
        ).then((value) => (field ? (value as Record<string, unknown>)[field] : value) as bigint | number | string);
      const expected = await Promise.all(
        (
          [
            ["StakeManager", "minimumStake"],
            ["StakeManager", "unbondingDelay"],
            ["LeaseRegistry", "maxTtl"],
            ["JobEscrow", "challengeWindow"],
            ["JobEscrow", "collateralBps"],
            ["JobEscrow", "premiumBps"],
            ["JobEscrow", "insurance"],
            ["TimelockController", "minDelay", "getMinDelay"],
            ["LeaseholdGovernor", "votingDelay"],
            ["LeaseholdGovernor", "votingPeriod"],
            ["LeaseholdGovernor", "proposalThreshold"],
            ["LeaseholdGovernor", "quorumNumerator"],
            ["LeaseholdGovernor", "timelock"],
            ["CodeRegistry", "reviewBase", "reviewPolicy", "reviewBase"],
            ["CodeRegistry", "reviewPerKiB", "reviewPolicy", "reviewPerKiB"],
            ["CodeRegistry", "publicationBond"],
            ["InsurancePool", "cooldown"],
            ["ArbitratorRegistry", "minimumStake"],
            ["ArbitratorRegistry", "leaveDelay"],
            ["ArbitratorRegistry", "randomnessSource"],
            ["ArbitratorRegistry", "minStakingTime", "drawSchedule", "0"],
            ["ArbitratorRegistry", "maxDrawingTime", "drawSchedule", "1"],
            ...(
              [
                "bondMinimum",
                "bondBps",
                "compensationBps",
                "panelFeeBps",
                "nonRevealPenaltyBps",
                "firstPanelSize",
                "drawTimeout",
                "commitPeriod",
                "revealPeriod",
                "appealPeriod",
              ] as const
            ).map((field) => ["DisputeCourt", field, "params", field] as const),
            // Immutable, read at setup.
            ["AnonymousStakeGroup", "minimumDeposit"],
            ["AnonymousStakeGroup", "withdrawalDelay"],
            ["AnonymousStakeGroup", "rootValidity"],
            ["AnonymousStakeGroup", "sink"],
            ["AnonymousStakeGroup", "endorsements"],
            ["Endorsements", "epochLength"],
            ["Endorsements", "threshold"],
          ] as const
        ).map(async ([contract, name, getter, field]: readonly [ParameterHolder, string, string?, string?]) => {
          const value = await read(contract, getter ?? name, field);
          return { contract, name, value: typeof value === "string" ? lower(value) : String(value) };
        }),
      );
      const key = (row: { contract: string; name: string }) => `${row.contract}.${row.name}`;
      const sorted = <T extends { contract: string; name: string }>(rows: T[]) =>
        [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      expect(sorted(data.parameters.items)).toEqual(sorted(expected));
    });
  });

  describe("# roleMembers", () => {
    it("should list every role ever granted and mark it active exactly when hasRole says so", async () => {
      const data = await graphql<{
        roleMembers: {
          items: { contract: AdminLoggedContract; role: Hex; account: Address; active: boolean }[];
        };
      }>(
        url,
        `
          {
            roleMembers(limit: 1000) {
              items {
                contract
                role
                account
                active
              }
            }
          }
        `,
      );
      const granted = new Set(
        (await adminLoggedLogs()).flatMap((log) => {
          const args = log.args as { role?: Hex; account?: Address };
          return log.eventName === "RoleGranted" ? [`${log.contract} ${args.role} ${lower(args.account!)}`] : [];
        }),
      );
      expect(
        new Set(data.roleMembers.items.map((member) => `${member.contract} ${member.role} ${member.account}`)),
      ).toEqual(granted);
      // Every contract with roles: the timelock's own, CodeRegistry's guardian and InsurancePool's admin among them.
      expect(new Set(data.roleMembers.items.map((member) => member.contract))).toEqual(
        new Set([
          "StakeManager",
          "LeaseRegistry",
          "JobEscrow",
          "TimelockController",
          "CodeRegistry",
          "InsurancePool",
          "ArbitratorRegistry",
          "DisputeCourt",
        ]),
      );
      for (const member of data.roleMembers.items) {
        const held = await publicClient().readContract({
          address: chain.deployment.contracts[member.contract].address,
          abi: stakeManagerAbi,
          functionName: "hasRole",
          args: [member.role, getAddress(member.account)],
        });
        expect(member.active, `${member.contract} ${roleName(member.role)} of ${member.account}`).toBe(held);
      }
    });

    it("should name roles as the contracts define them", async () => {
      const contracts = chain.deployment.contracts;
      const [locker, slasher, admin, dispute, guardian, claims, proposer, executor, canceller] = await Promise.all([
        ...(["LOCKER_ROLE", "SLASHER_ROLE", "DEFAULT_ADMIN_ROLE"] as const).map((functionName) =>
          publicClient().readContract({ address: stakeManager().address, abi: stakeManagerAbi, functionName }),
        ),
        publicClient().readContract({ address: escrow().address, abi: jobEscrowAbi, functionName: "DISPUTE_ROLE" }),
        publicClient().readContract({
          address: contracts.CodeRegistry.address,
          abi: codeRegistryAbi,
          functionName: "GUARDIAN_ROLE",
        }),
        publicClient().readContract({
          address: contracts.InsurancePool.address,
          abi: insurancePoolAbi,
          functionName: "CLAIMS_ROLE",
        }),
        ...(["PROPOSER_ROLE", "EXECUTOR_ROLE", "CANCELLER_ROLE"] as const).map((functionName) =>
          publicClient().readContract({
            address: contracts.TimelockController.address,
            abi: timelockControllerAbi,
            functionName,
          }),
        ),
      ]);
      expect([locker, slasher, admin, dispute, guardian, claims, proposer, executor, canceller]).toEqual([
        roleHash("LOCKER_ROLE"),
        roleHash("SLASHER_ROLE"),
        roleHash("DEFAULT_ADMIN_ROLE"),
        roleHash("DISPUTE_ROLE"),
        roleHash("GUARDIAN_ROLE"),
        roleHash("CLAIMS_ROLE"),
        roleHash("PROPOSER_ROLE"),
        roleHash("EXECUTOR_ROLE"),
        roleHash("CANCELLER_ROLE"),
      ]);
    });
  });

  describe("# releases", () => {
    it("should record every release as releaseOf returns it, with its review clock and decision", async () => {
      const data = await graphql<{ releases: { items: Record<string, string | null>[] } }>(
        url,
        `
          {
            releases(orderBy: "publishedBlockNumber", limit: 1000) {
              items {
                id
                codeHash
                contentId
                size
                urgency
                descriptionUri
                publisher
                bond
                bondHeld
                status
                publishedAt
                publishedBlockNumber
                approvableAt
                reviewWindow
                decidedAt
                approvedBy
                approvalProposalId
                bondRefunded
                revokedBy
                revokeReason
                revokedFrom
                bondForfeited
              }
            }
          }
        `,
      );
      const registry = chain.deployment.contracts.CodeRegistry;
      const logs = await publicClient().getContractEvents({
        address: registry.address,
        abi: codeRegistryAbi,
        fromBlock: BigInt(registry.startBlock),
      });
      const timestamps = await blockTimestamps(logs);
      const statuses = ["none", "pending", "approved", "revoked"] as const;
      const urgencies = ["routine", "urgent", "emergency"] as const;
      const expected = await Promise.all(
        logs.flatMap((log) => {
          if (log.eventName !== "ReleasePublished") return [];
          const { codeHash, publisher } = log.args as { codeHash: Hex; publisher: Address };
          const ofThisRelease = (other: (typeof logs)[number]) =>
            "publisher" in other.args && other.args.codeHash === codeHash && other.args.publisher === publisher;
          const approved = logs.find((other) => other.eventName === "ReleaseApproved" && ofThisRelease(other));
          const revoked = logs.find((other) => other.eventName === "ReleaseRevoked" && ofThisRelease(other));
          const approvedArgs = approved?.eventName === "ReleaseApproved" ? approved.args : undefined;
          const revokedArgs = revoked?.eventName === "ReleaseRevoked" ? revoked.args : undefined;
          return [
            (async () => {
              const release = await publicClient().readContract({
                address: registry.address,
                abi: codeRegistryAbi,
                functionName: "releaseOf",
                args: [publisher, codeHash],
              });
              const amount = (value: bigint | undefined) => (value === undefined ? null : String(value));
              return {
                id: `${lower(publisher)}-${codeHash}`,
                codeHash,
                contentId: release.contentId,
                size: String(release.size),
                urgency: urgencies[release.urgency],
                descriptionUri: release.descriptionURI,
                publisher: lower(release.publisher),
                bond: String(log.args.bond),
                bondHeld: String(release.bond),
                status: statuses[release.status],
                publishedAt: String(release.publishedAt),
                publishedBlockNumber: String(log.blockNumber),
                approvableAt: String(release.approvableAt),
                reviewWindow: String(release.approvableAt - release.publishedAt),
                decidedAt: orNull(release.decidedAt),
                approvedBy: approvedArgs ? lower(approvedArgs.approver!) : null,
                approvalProposalId: approvedArgs ? String(governance.approvalProposal) : null,
                bondRefunded: amount(approvedArgs?.bondRefunded),
                revokedBy: revokedArgs ? lower(revokedArgs.guardian!) : null,
                revokeReason: revokedArgs?.reason ?? null,
                revokedFrom: revokedArgs ? statuses[revokedArgs.previousStatus!] : null,
                bondForfeited: amount(revokedArgs?.bondForfeited),
                timestamp: timestamps.get(log.blockNumber),
              };
            })(),
          ];
        }),
      );
      for (const release of expected) expect(release.publishedAt).toBe(release.timestamp);
      const publisher = lower(address(accounts.publisher));
      expect(expected.map((release) => [release.codeHash, release.publisher, release.status, release.urgency])).toEqual(
        [
          // The squatter's copy, published first and revoked, left the publisher's release to be approved.
          [governance.approvedRelease, lower(address(accounts.squatter)), "revoked", "emergency"],
          [governance.approvedRelease, publisher, "approved", "routine"],
          [governance.revokedRelease, publisher, "revoked", "urgent"],
          [governance.pendingRelease, publisher, "pending", "routine"],
        ],
      );
      // The registry approves only after the review window.
      const approved = expected[1]!;
      expect(BigInt(approved.decidedAt!)).toBeGreaterThanOrEqual(BigInt(approved.approvableAt));
      expect(data.releases.items).toEqual(expected.map(({ timestamp: _, ...release }) => release));
    });
  });

  describe("# codes", () => {
    it("should record every code hash as codeOf and isApproved return it, revocations included", async () => {
      const data = await graphql<{ codes: { items: Record<string, unknown>[] } }>(
        url,
        `
          {
            codes(orderBy: "codeHash", limit: 1000) {
              items {
                codeHash
                releaseCount
                approvedReleases
                approved
                revokedAt
                revokedBy
                revokeReason
              }
            }
          }
        `,
      );
      const registry = { address: chain.deployment.contracts.CodeRegistry.address, abi: codeRegistryAbi } as const;
      const hashes = [governance.approvedRelease, governance.revokedRelease, governance.pendingRelease].sort();
      const expected = await Promise.all(
        hashes.map(async (codeHash) => {
          const code = await publicClient().readContract({ ...registry, functionName: "codeOf", args: [codeHash] });
          const approved = await publicClient().readContract({
            ...registry,
            functionName: "isApproved",
            args: [codeHash],
          });
          const revoked = codeHash === governance.revokedRelease;
          return {
            codeHash,
            releaseCount: codeHash === governance.approvedRelease ? 2 : 1,
            approvedReleases: Number(code.approvedReleases),
            approved,
            revokedAt: orNull(code.revokedAt),
            revokedBy: revoked ? lower(address(accounts.guardian)) : null,
            revokeReason: revoked ? governance.codeRevokeReason : null,
          };
        }),
      );
      // The squatter's revoked copy left the code approved by the publisher's release.
      expect(expected.map(({ codeHash, approved }) => [codeHash, approved])).toEqual(
        hashes.map((codeHash) => [codeHash, codeHash === governance.approvedRelease]),
      );
      expect(data.codes.items).toEqual(expected);
    });
  });

  describe("# GET /governance/releases", () => {
    it("should give each release its review clock and its code's standing as of the latest indexed block", async () => {
      const latest = await publicClient().getBlock();
      const { status, body } = await getJson<{
        asOf: string;
        releases: {
          codeHash: Hex;
          publisher: Hex;
          status: string;
          approvableAt: string;
          reviewEndsIn: string | null;
          approvable: boolean;
          codeApproved: boolean;
          codeRevokedAt: string | null;
        }[];
      }>(`${url}/governance/releases`);
      expect(status).toBe(200);
      expect(body.asOf).toBe(String(latest.timestamp));
      const registry = { address: chain.deployment.contracts.CodeRegistry.address, abi: codeRegistryAbi } as const;
      const publisher = lower(address(accounts.publisher));
      const pending = await publicClient().readContract({
        ...registry,
        functionName: "releaseOf",
        args: [address(accounts.publisher), governance.pendingRelease],
      });
      const { revokedAt } = await publicClient().readContract({
        ...registry,
        functionName: "codeOf",
        args: [governance.revokedRelease],
      });
      // Its window (about 35 minutes on the devnet) outlasts the tests, which travel no further in time.
      expect(pending.approvableAt).toBeGreaterThan(latest.timestamp);
      const decided = { reviewEndsIn: null, approvable: false };
      expect(
        body.releases.map(({ codeHash, publisher, status, reviewEndsIn, approvable, codeApproved, codeRevokedAt }) => ({
          codeHash,
          publisher,
          status,
          reviewEndsIn,
          approvable,
          codeApproved,
          codeRevokedAt,
        })),
      ).toEqual([
        {
          codeHash: governance.approvedRelease,
          publisher: lower(address(accounts.squatter)),
          status: "revoked",
          ...decided,
          codeApproved: true,
          codeRevokedAt: null,
        },
        {
          codeHash: governance.approvedRelease,
          publisher,
          status: "approved",
          ...decided,
          codeApproved: true,
          codeRevokedAt: null,
        },
        {
          codeHash: governance.revokedRelease,
          publisher,
          status: "revoked",
          ...decided,
          codeApproved: false,
          codeRevokedAt: String(revokedAt),
        },
        {
          codeHash: governance.pendingRelease,
          publisher,
          status: "pending",
          reviewEndsIn: String(pending.approvableAt - latest.timestamp),
          approvable: false,
          codeApproved: false,
          codeRevokedAt: null,
        },
      ]);
    });
  });

  describe("# proposals", () => {
    it("should record each proposal's calls, clocks, status and tallies as the governor reports them", async () => {
      const data = await graphql<{ proposals: { items: Record<string, unknown>[] } }>(
        url,
        `
          {
            proposals(orderBy: "createdBlockNumber", limit: 1000) {
              items {
                id
                proposer
                targets
                values
                calldatas
                description
                descriptionHash
                voteStart
                voteEnd
                status
                forVotes
                againstVotes
                abstainVotes
                voteCount
                eta
                queuedAt
                executedAt
                canceledAt
              }
            }
          }
        `,
      );
      const governor = chain.deployment.contracts.LeaseholdGovernor;
      const read = <T>(functionName: string, args: unknown[]) =>
        publicClient().readContract({
          address: governor.address,
          abi: leaseholdGovernorAbi,
          functionName,
          args,
        } as never) as Promise<T>;
      const logs = await publicClient().getContractEvents({
        address: governor.address,
        abi: leaseholdGovernorAbi,
        fromBlock: BigInt(governor.startBlock),
      });
      const timestamps = await blockTimestamps(logs);
      const at = (name: string, proposalId: bigint) => {
        const log = logs.find(
          (other) => other.eventName === name && (other.args as { proposalId?: bigint }).proposalId === proposalId,
        );
        return log ? timestamps.get(log.blockNumber)! : null;
      };
      const governorStates = [
        "Pending",
        "Active",
        "Canceled",
        "Defeated",
        "Succeeded",
        "Queued",
        "Expired",
        "Executed",
      ];
      const expected = await Promise.all(
        logs.flatMap((log) => {
          if (log.eventName !== "ProposalCreated") return [];
          const { proposalId, proposer, targets, values, calldatas, description } = log.args;
          const id = proposalId!;
          return [
            (async () => {
              const [againstVotes, forVotes, abstainVotes] = await read<[bigint, bigint, bigint]>("proposalVotes", [
                id,
              ]);
              const [state, snapshot, deadline, eta] = await Promise.all([
                read<number>("state", [id]),
                read<bigint>("proposalSnapshot", [id]),
                read<bigint>("proposalDeadline", [id]),
                read<bigint>("proposalEta", [id]),
              ]);
              const status =
                { Canceled: "canceled", Queued: "queued", Executed: "executed" }[governorStates[state]!] ?? "created";
              return {
                id: String(id),
                proposer: lower(proposer!),
                targets: targets!.map(lower),
                values: values!.map(String),
                calldatas: calldatas!,
                description: description!,
                descriptionHash: keccak256(stringToHex(description!)),
                voteStart: String(snapshot),
                voteEnd: String(deadline),
                status,
                forVotes: String(forVotes),
                againstVotes: String(againstVotes),
                abstainVotes: String(abstainVotes),
                voteCount: logs.filter((other) => other.eventName === "VoteCast" && other.args.proposalId === id)
                  .length,
                eta: orNull(eta),
                queuedAt: at("ProposalQueued", id),
                executedAt: at("ProposalExecuted", id),
                canceledAt: at("ProposalCanceled", id),
              };
            })(),
          ];
        }),
      );
      expect(expected.map((proposal) => [proposal.id, proposal.status])).toEqual([
        [String(governance.approvalProposal), "executed"],
        [String(governance.cancelledProposal), "canceled"],
      ]);
      const executed = expected[0]!;
      expect(BigInt(executed.forVotes)).toBeGreaterThan(0n);
      expect(BigInt(executed.againstVotes)).toBeGreaterThan(0n);
      expect(BigInt(executed.executedAt!)).toBeGreaterThanOrEqual(BigInt(executed.eta!));
      expect(data.proposals.items).toEqual(expected);
    });

    it("should link the approval proposal to the release it approves, and decode other calls", async () => {
      const data = await graphql<{
        proposal: {
          actions: {
            items: {
              index: number;
              contract: string | null;
              functionName: string | null;
              args: unknown;
              release: { codeHash: string; status: string } | null;
            }[];
          };
        };
        cancelled: {
          actions: {
            items: { functionName: string; args: unknown; releaseId: string | null; releaseCodeHash: string | null }[];
          };
        };
        release: {
          approvalProposal: { id: string; status: string };
          approvalActions: { items: { proposalId: string }[] };
        };
      }>(
        url,
        `
          query ($approval: BigInt!, $cancelled: BigInt!, $release: String!) {
            proposal(id: $approval) {
              actions(orderBy: "index") {
                items {
                  index
                  contract
                  functionName
                  args
                  release {
                    codeHash
                    status
                  }
                }
              }
            }
            cancelled: proposal(id: $cancelled) {
              actions {
                items {
                  functionName
                  args
                  releaseId
                  releaseCodeHash
                }
              }
            }
            release(id: $release) {
              approvalProposal {
                id
                status
              }
              approvalActions {
                items {
                  proposalId
                }
              }
            }
          }
        `,
        {
          approval: String(governance.approvalProposal),
          cancelled: String(governance.cancelledProposal),
          release: `${lower(address(accounts.publisher))}-${governance.approvedRelease}`,
        },
      );
      expect(data.proposal.actions.items).toEqual([
        {
          index: 0,
          contract: "CodeRegistry",
          functionName: "approve",
          args: [lower(address(accounts.publisher)), governance.approvedRelease],
          release: { codeHash: governance.approvedRelease, status: "approved" },
        },
      ]);
      const bond = await publicClient().readContract({
        address: chain.deployment.contracts.CodeRegistry.address,
        abi: codeRegistryAbi,
        functionName: "publicationBond",
      });
      expect(data.cancelled.actions.items).toEqual([
        { functionName: "setPublicationBond", args: [String(bond * 2n)], releaseId: null, releaseCodeHash: null },
      ]);
      expect(data.release).toEqual({
        approvalProposal: { id: String(governance.approvalProposal), status: "executed" },
        approvalActions: { items: [{ proposalId: String(governance.approvalProposal) }] },
      });
    });
  });

  describe("# votes", () => {
    it("should record every vote with its voter, support, weight and reason as VoteCast logged it", async () => {
      const data = await graphql<{ votes: { items: Record<string, unknown>[] } }>(
        url,
        `
          query ($proposal: BigInt!) {
            votes(where: { proposalId: $proposal }, orderBy: "id") {
              items {
                proposalId
                voter
                support
                supportName
                weight
                reason
                params
                transactionHash
                proposal {
                  status
                }
              }
            }
          }
        `,
        { proposal: String(governance.approvalProposal) },
      );
      const governor = chain.deployment.contracts.LeaseholdGovernor;
      const logs = await publicClient().getContractEvents({
        address: governor.address,
        abi: leaseholdGovernorAbi,
        eventName: "VoteCast",
        fromBlock: BigInt(governor.startBlock),
      });
      const snapshot = await publicClient().readContract({
        address: governor.address,
        abi: leaseholdGovernorAbi,
        functionName: "proposalSnapshot",
        args: [governance.approvalProposal],
      });
      const expected = await Promise.all(
        logs.map(async (log) => ({
          proposalId: String(log.args.proposalId),
          voter: lower(log.args.voter!),
          support: log.args.support!,
          supportName: ["against", "for", "abstain"][log.args.support!],
          weight: String(
            await publicClient().readContract({
              address: governor.address,
              abi: leaseholdGovernorAbi,
              functionName: "getVotes",
              args: [log.args.voter!, snapshot],
            }),
          ),
          reason: log.args.reason!,
          params: null,
          transactionHash: log.transactionHash,
          proposal: { status: "executed" },
        })),
      );
      expect(expected.map((vote) => [vote.voter, vote.supportName, vote.reason])).toEqual([
        [lower(address(accounts.governor)), "for", governance.forReason],
        [lower(address(accounts.dissenter)), "against", governance.againstReason],
      ]);
      expect(data.votes.items).toEqual(expected);
    });
  });

  describe("# delegates", () => {
    it("should hold every delegate's voting power as getVotes returns it, and every holder's delegate", async () => {
      const data = await graphql<{
        delegates: { items: { address: Address; votes: string; delegatorCount: number }[] };
        delegations: { items: { delegator: Address; delegate: string }[] };
      }>(
        url,
        `
          {
            delegates(orderBy: "address", limit: 1000) {
              items {
                address
                votes
                delegatorCount
              }
            }
            delegations(orderBy: "delegator", limit: 1000) {
              items {
                delegator
                delegate
              }
            }
          }
        `,
      );
      const votes = chain.deployment.contracts.LeaseholdVotes;
      const read = <T>(functionName: "getVotes" | "delegates", account: Address) =>
        publicClient().readContract({
          address: votes.address,
          abi: leaseholdVotesAbi,
          functionName,
          args: [getAddress(account)],
        }) as Promise<T>;
      expect(data.delegations.items.map((row) => row.delegator).sort()).toEqual(
        [accounts.governor, accounts.dissenter, accounts.follower].map((index) => lower(address(index))).sort(),
      );
      for (const row of data.delegations.items) {
        expect(row.delegate, row.delegator).toBe(lower(await read<Address>("delegates", row.delegator)));
      }
      expect(data.delegates.items.map((row) => row.address).sort()).toEqual(
        [accounts.governor, accounts.dissenter].map((index) => lower(address(index))).sort(),
      );
      for (const row of data.delegates.items) {
        expect(row.votes, row.address).toBe(String(await read<bigint>("getVotes", row.address)));
        expect(row.delegatorCount, row.address).toBe(
          data.delegations.items.filter((delegation) => delegation.delegate === row.address).length,
        );
      }
    });
  });

  describe("# timelockOperations", () => {
    it("should record the approval's operation as scheduled, then executed once ready", async () => {
      const data = await graphql<{ timelockOperations: { items: Record<string, unknown>[] } }>(
        url,
        `
          {
            timelockOperations(limit: 1000) {
              items {
                id
                status
                callCount
                delay
                scheduledAt
                readyAt
                executedAt
              }
            }
          }
        `,
      );
      const timelock = chain.deployment.contracts.TimelockController;
      const logs = await publicClient().getContractEvents({
        address: timelock.address,
        abi: timelockControllerAbi,
        fromBlock: BigInt(timelock.startBlock),
      });
      const timestamps = await blockTimestamps(logs);
      const scheduled = logs.filter((log) => log.eventName === "CallScheduled");
      const executed = logs.filter((log) => log.eventName === "CallExecuted");
      expect(scheduled).toHaveLength(1);
      const id = scheduled[0]!.args.id!;
      const [readyAt, done] = await Promise.all([
        publicClient().readContract({
          address: timelock.address,
          abi: timelockControllerAbi,
          functionName: "getTimestamp",
          args: [id],
        }),
        publicClient().readContract({
          address: timelock.address,
          abi: timelockControllerAbi,
          functionName: "isOperationDone",
          args: [id],
        }),
      ]);
      expect(done).toBe(true);
      const delay = scheduled[0]!.eventName === "CallScheduled" ? scheduled[0]!.args.delay! : 0n;
      const scheduledAt = timestamps.get(scheduled[0]!.blockNumber)!;
      // getTimestamp is 1 (DONE) once executed; the schedule's own clock is scheduledAt + delay.
      expect(readyAt).toBe(1n);
      expect(data.timelockOperations.items).toEqual([
        {
          id,
          status: "executed",
          callCount: 1,
          delay: String(delay),
          scheduledAt,
          readyAt: String(BigInt(scheduledAt) + delay),
          executedAt: timestamps.get(executed[0]!.blockNumber)!,
        },
      ]);
      const proposal = await publicClient().readContract({
        address: chain.deployment.contracts.LeaseholdGovernor.address,
        abi: leaseholdGovernorAbi,
        functionName: "proposalEta",
        args: [governance.approvalProposal],
      });
      expect(String(proposal)).toBe(String(BigInt(scheduledAt) + delay));
    });
  });

  describe("# SQL over HTTP", () => {
    it("should serve the operator table with the same buckets", async () => {
      const rows = await sqlOverHttp<{
        address: Address;
        free: string;
        locked: string;
        unbonding: string;
        unlock_at: string;
      }>(url, `select "address", "free", "locked", "unbonding", "unlock_at" from "operator" order by "address"`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(bucketsOf({ ...row, unlockAt: row.unlock_at }), row.address).toEqual(
          asBuckets(await stakeOf(row.address)),
        );
      }
    });

    it("should serve the agent table as getAgent returns it", async () => {
      const rows = await sqlOverHttp<{
        id: string;
        operator: string;
        identity: string;
        code_hash: string;
        status: string;
      }>(
        url,
        `select "id", "operator", "identity", "code_hash", "status" from "agent" where "status" = $1 order by "id"`,
        ["registered"],
      );
      const expected = (await onChainAgents())
        .filter((agent) => agent.status === 1)
        .map((agent) => ({
          id: String(agent.id),
          operator: lower(agent.operator),
          identity: lower(agent.identity),
          code_hash: agent.codeHash,
          status: "registered",
        }));
      expect(rows.map((row) => ({ ...row, id: String(row.id) }))).toEqual(expected);
    });

    it("should refuse to write", async () => {
      await expect(sqlOverHttp(url, `delete from "operator"`)).rejects.toThrow(/500/);
    });
  });

  describe("# GET /operators/:address", () => {
    it("should return the operator with its agents and latest history, newest first", async () => {
      const operator = address(accounts.operatorA);
      const { status, body } = await getJson<{
        operator: OperatorRow;
        agents: { id: string }[];
        stakeEvents: { id: string; kind: string }[];
        slashes: unknown[];
      }>(`${url}/operators/${operator}?limit=3`);
      expect(status).toBe(200);
      expect(bucketsOf(body.operator)).toEqual(asBuckets(await stakeOf(operator)));
      expect(body.agents.map((agent) => agent.id)).toEqual(["1", "2"]);
      expect(body.stakeEvents).toHaveLength(3);
      const ids = body.stakeEvents.map((event) => event.id);
      expect(ids).toEqual([...ids].sort().reverse());
      expect(body.slashes).toEqual([]);
    });

    it("should answer 404 for an address with no history and 400 for a malformed one", async () => {
      expect((await getJson(`${url}/operators/${zeroAddress}`)).status).toBe(404);
      expect((await getJson(`${url}/operators/0x1234`)).status).toBe(400);
      expect((await getJson(`${url}/operators/${zeroAddress}?limit=1000`)).status).toBe(400);
    });
  });

  describe("# leases", () => {
    it("should record every lease as getLease returns it, with its grant, revocation and TTL cap", async () => {
      const data = await graphql<{ leases: { items: Record<string, string | number | null>[] } }>(
        url,
        `
          {
            leases(orderBy: "id", limit: 1000) {
              items {
                id
                owner
                agentId
                scopeHash
                contextId
                expiry
                fee
                status
                grantedAt
                ttl
                maxTtlAtGrant
                revokedAt
                jobCount
              }
            }
          }
        `,
      );
      const logs = await leaseLogs();
      const timestamps = await blockTimestamps(logs);
      const jobOpened = (await escrowLogs()).filter((log) => log.eventName === "JobOpened");
      const expected = await Promise.all(
        (await onChainLeases()).map(async (lease) => {
          const granted = logs.find((log) => log.eventName === "LeaseGranted" && log.args.leaseId === lease.id)!;
          const revoked = logs.find((log) => log.eventName === "LeaseRevoked" && log.args.leaseId === lease.id);
          const grantedAt = BigInt(timestamps.get(granted.blockNumber)!);
          const maxTtl = await publicClient().readContract({
            address: leaseRegistry().address,
            abi: leaseRegistryAbi,
            functionName: "maxTtl",
            blockNumber: granted.blockNumber,
          });
          return {
            id: String(lease.id),
            owner: lower(lease.owner),
            agentId: String(lease.agentId),
            scopeHash: lease.scopeHash,
            contextId: lease.contextId,
            expiry: String(lease.expiry),
            fee: String(lease.fee),
            status: lease.revoked ? "revoked" : "granted",
            grantedAt: String(grantedAt),
            ttl: String(lease.expiry - grantedAt),
            maxTtlAtGrant: String(maxTtl),
            revokedAt: revoked ? timestamps.get(revoked.blockNumber)! : null,
            jobCount: jobOpened.filter((log) => log.args.leaseId === lease.id).length,
          };
        }),
      );
      expect(expected.map((lease) => lease.status)).toEqual(["granted", "revoked", "granted"]);
      // The scenario lowers maxTtl between the second and the third lease.
      expect(new Set(expected.map((lease) => lease.maxTtlAtGrant)).size).toBe(2);
      expect(data.leases.items).toEqual(expected);
    });

    it("should nest a lease's agent and jobs, and an agent's leases and jobs", async () => {
      const data = await graphql<{
        lease: { agent: { id: string }; jobs: { items: { id: string; status: string }[] } };
        agent: {
          leases: { items: { id: string }[] };
          jobs: { totalCount: number };
          receiptBatches: { totalCount: number };
        };
      }>(
        url,
        `
          query ($lease: BigInt!, $agent: BigInt!) {
            lease(id: $lease) {
              agent {
                id
              }
              jobs(orderBy: "id") {
                items {
                  id
                  status
                }
              }
            }
            agent(id: $agent) {
              leases(orderBy: "id") {
                items {
                  id
                }
              }
              jobs {
                totalCount
              }
              receiptBatches {
                totalCount
              }
            }
          }
        `,
        { lease: String(jobs.liveLease), agent: "1" },
      );
      expect(data.lease.agent).toEqual({ id: "1" });
      expect(data.lease.jobs.items).toEqual(
        [
          [jobs.paidJob, "paid"],
          [jobs.voidedJob, "voided"],
          [jobs.cancelledJob, "cancelled"],
          [jobs.overdueJob, "accepted"],
        ].map(([id, status]) => ({ id: String(id), status })),
      );
      expect(data.agent.leases.items).toEqual([{ id: String(jobs.liveLease) }, { id: String(jobs.expiredLease) }]);
      expect(data.agent.jobs.totalCount).toBe(5);
      expect(data.agent.receiptBatches.totalCount).toBe(1);
    });
  });

  describe("# jobs", () => {
    it("should record every job as getJob returns it, with its receipt and settlement as logged", async () => {
      const data = await graphql<{ jobs: { items: Record<string, string | number | null>[] } }>(
        url,
        `
          {
            jobs(orderBy: "id", limit: 1000) {
              items {
                id
                leaseId
                agentId
                client
                operator
                payment
                policyHash
                budget
                deadline
                status
                collateral
                receiptDigest
                challengeEndsAt
                receiptBatchId
                receiptPolicyHash
                receiptOutcome
                receiptFuelUsed
                payout
                premium
                refund
                insurance
                collateralReleased
              }
            }
          }
        `,
      );
      const logs = await escrowLogs();
      const expected = (await onChainJobs()).map((job) => {
        const receipt = logs.find((log) => log.eventName === "ReceiptSubmitted" && log.args.jobId === job.id);
        const settled = logs.find((log) => log.eventName === "JobSettled" && log.args.jobId === job.id);
        const receiptArgs = receipt?.eventName === "ReceiptSubmitted" ? receipt.args : undefined;
        const settledArgs = settled?.eventName === "JobSettled" ? settled.args : undefined;
        const amount = (value: bigint | undefined) => (value === undefined ? null : String(value));
        return {
          id: String(job.id),
          leaseId: String(job.leaseId),
          agentId: String(job.agentId),
          client: lower(job.client),
          operator: orNull(job.operator) && lower(job.operator),
          payment: String(job.payment),
          policyHash: job.policyHash,
          budget: String(job.budget),
          deadline: String(job.deadline),
          status: jobStatusName(job.status),
          collateral: String(job.collateral),
          receiptDigest: orNull(job.receiptDigest),
          challengeEndsAt: orNull(job.challengeEndsAt),
          receiptBatchId: receiptArgs?.batchId ?? null,
          receiptPolicyHash: receiptArgs?.policyHash ?? null,
          receiptOutcome: receiptArgs?.outcome ?? null,
          receiptFuelUsed: amount(receiptArgs?.fuelUsed),
          payout: amount(settledArgs?.payout),
          premium: amount(settledArgs?.premium),
          refund: amount(settledArgs?.refund),
          insurance: settledArgs ? orNull(settledArgs.insurance!) && lower(settledArgs.insurance!) : null,
          collateralReleased: amount(settledArgs?.collateralReleased),
        };
      });
      const byId = (id: bigint) => expected.find((job) => job.id === String(id))!;
      expect(
        [jobs.paidJob, jobs.voidedJob, jobs.expiredJob, jobs.cancelledJob, jobs.overdueJob].map(
          (id) => byId(id).status,
        ),
      ).toEqual(["paid", "voided", "expired", "cancelled", "accepted"]);
      expect(byId(jobs.voidedJob).receiptPolicyHash).not.toBe(byId(jobs.voidedJob).policyHash);
      expect(BigInt(byId(jobs.paidJob).payout!) + BigInt(byId(jobs.paidJob).premium!)).toBe(
        BigInt(byId(jobs.paidJob).payment),
      );
      expect(data.jobs.items).toEqual(expected);
    });

    it("should keep each job's history in chain order with the status after every event", async () => {
      type History = { items: { kind: string; statusAfter: string }[] };
      const data = await graphql<{ jobEvents: History; job: { lease: { id: string }; events: History } }>(
        url,
        `
          query ($job: BigInt!) {
            jobEvents(where: { jobId: $job }, orderBy: "id") {
              items {
                kind
                statusAfter
              }
            }
            job(id: $job) {
              lease {
                id
              }
              events(orderBy: "id") {
                items {
                  kind
                  statusAfter
                }
              }
            }
          }
        `,
        { job: String(jobs.voidedJob) },
      );
      // A receipt naming another policy voids the job in the transaction that submits it.
      expect(data.jobEvents.items).toEqual([
        { kind: "opened", statusAfter: "open" },
        { kind: "accepted", statusAfter: "accepted" },
        { kind: "receipt_submitted", statusAfter: "accepted" },
        { kind: "settled", statusAfter: "voided" },
      ]);
      expect(data.job).toEqual({ lease: { id: String(jobs.liveLease) }, events: data.jobEvents });
    });

    it("should move a job with an accepted receipt to submitted, then paid", async () => {
      const data = await graphql<{ jobEvents: { items: { kind: string; statusAfter: string }[] } }>(
        url,
        `
          query ($job: BigInt!) {
            jobEvents(where: { jobId: $job }, orderBy: "id") {
              items {
                kind
                statusAfter
              }
            }
          }
        `,
        { job: String(jobs.paidJob) },
      );
      expect(data.jobEvents.items).toEqual([
        { kind: "opened", statusAfter: "open" },
        { kind: "accepted", statusAfter: "accepted" },
        { kind: "receipt_submitted", statusAfter: "submitted" },
        { kind: "settled", statusAfter: "paid" },
      ]);
    });
  });

  describe("# receiptBatches", () => {
    it("should record every batch as getBatch returns it, with the root its id commits to", async () => {
      const data = await graphql<{ receiptBatchs: { items: Record<string, string>[] } }>(
        url,
        `
          {
            receiptBatchs(limit: 1000) {
              items {
                id
                agentId
                anchoredBy
                root
                leafCount
                anchoredAt
                transactionHash
              }
            }
          }
        `,
      );
      const logs = await publicClient().getContractEvents({
        address: anchor().address,
        abi: receiptAnchorAbi,
        eventName: "BatchAnchored",
        fromBlock: BigInt(anchor().startBlock),
      });
      const expected = await Promise.all(
        logs.map(async (log) => {
          const [batch, batchId] = await Promise.all([
            publicClient().readContract({
              address: anchor().address,
              abi: receiptAnchorAbi,
              functionName: "getBatch",
              args: [log.args.batchId!],
            }),
            publicClient().readContract({
              address: anchor().address,
              abi: receiptAnchorAbi,
              functionName: "batchIdOf",
              args: [log.args.agentId!, log.args.root!],
            }),
          ]);
          return {
            id: batchId,
            agentId: String(batch.agentId),
            anchoredBy: lower(log.args.anchoredBy!),
            root: log.args.root!,
            leafCount: String(batch.leafCount),
            anchoredAt: String(batch.anchoredAt),
            transactionHash: log.transactionHash,
          };
        }),
      );
      expect(expected.map((batch) => batch.id)).toEqual([jobs.batchId]);
      expect(data.receiptBatchs.items).toEqual(expected);
    });
  });

  describe("# GET /audit/leases", () => {
    it("should judge every lease and job as of the latest indexed block", async () => {
      const latest = await publicClient().getBlock();
      const { status, body } = await getJson<{
        asOf: string;
        ok: boolean;
        summary: Record<string, number>;
        ttlViolations: string[];
        jobsAwaitingRefund: string[];
        leases: {
          id: string;
          state: string;
          ttlExceeded: boolean;
          jobs: {
            id: string;
            coverage: string;
            settlement: { status: string; payout: string; refund: string } | null;
          }[];
        }[];
      }>(`${url}/audit/leases`);
      expect(status).toBe(200);
      expect(body.asOf).toBe(String(latest.timestamp));
      const onChain = await onChainLeases();
      expect(body.leases.map((lease) => ({ id: lease.id, state: lease.state }))).toEqual(
        onChain.map((lease) => ({
          id: String(lease.id),
          state: lease.revoked ? "revoked" : lease.live ? "live" : "expired",
        })),
      );
      expect(body.leases.map((lease) => lease.state)).toEqual(["live", "revoked", "expired"]);
      expect(body.ttlViolations).toEqual([]);
      expect(body.jobsAwaitingRefund).toEqual([String(jobs.overdueJob)]);
      expect(body.ok).toBe(false);
      expect(body.summary).toEqual({
        leases: 3,
        live: 1,
        expired: 1,
        revoked: 1,
        jobs: 5,
        ttlViolations: 0,
        jobsAwaitingRefund: 1,
      });
      const coverage = Object.fromEntries(
        body.leases.flatMap((lease) => lease.jobs).map((job) => [job.id, job.coverage]),
      );
      expect(coverage).toEqual({
        [String(jobs.paidJob)]: "receipt",
        [String(jobs.voidedJob)]: "receipt",
        [String(jobs.expiredJob)]: "refund",
        [String(jobs.cancelledJob)]: "refund",
        [String(jobs.overdueJob)]: "awaiting_refund",
      });
    });

    it("should show how each settled job was settled, as JobSettled logged it", async () => {
      const { body } = await getJson<{
        leases: {
          jobs: {
            id: string;
            settlement: { status: string; payout: string; premium: string; refund: string } | null;
          }[];
        }[];
      }>(`${url}/audit/leases`);
      const settlements = Object.fromEntries(
        body.leases.flatMap((lease) => lease.jobs).map((job) => [job.id, job.settlement]),
      );
      const expected: Record<string, unknown> = { [String(jobs.overdueJob)]: null };
      for (const log of await escrowLogs()) {
        if (log.eventName !== "JobSettled") continue;
        expected[String(log.args.jobId)] = {
          status: jobStatusName(log.args.status!),
          payout: String(log.args.payout),
          premium: String(log.args.premium),
          refund: String(log.args.refund),
        };
      }
      expect(settlements).toEqual(expected);
    });
  });

  describe("# live updates", () => {
    it("should show a deposit made while it runs", async () => {
      const operatorA = contractsAs(chain, accounts.operatorA);
      const amount = parseEther("10");
      await confirm(chain, operatorA.token.write.approve([stakeManager().address, amount]));
      const hash = operatorA.stakeManager.write.deposit([amount]);
      await confirm(chain, hash);
      const expected = asBuckets(await stakeOf(address(accounts.operatorA)));
      const row = await waitFor("the new deposit in GraphQL", async () => {
        const indexed = await indexedOperator(url, address(accounts.operatorA));
        return indexed && BigInt(indexed.free) === expected.free ? indexed : undefined;
      });
      expect(bucketsOf(row)).toEqual(expected);
      const history = await graphql<{ stakeEvents: { items: { transactionHash: Hex; kind: string }[] } }>(
        url,
        `
          query ($hash: String!) {
            stakeEvents(where: { transactionHash: $hash }) {
              items {
                transactionHash
                kind
              }
            }
          }
        `,
        { hash: await hash },
      );
      expect(history.stakeEvents.items).toEqual([{ transactionHash: await hash, kind: "deposited" }]);
    });
  });
});
