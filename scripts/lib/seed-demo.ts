/**
 * Demo data for the devnet: a few operators with stake and agents, so every page has something
 * to show before anyone clicks. Everything goes through the real contracts with the standard
 * development accounts; nothing is written to the indexer directly.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  BaseError,
  ContractFunctionRevertedError,
  keccak256,
  parseEther,
  stringToHex,
  type Address,
  type Hex,
} from "viem";
import { repoRoot } from "../artifacts.ts";
import { approveReleases, bundleRelease, type Release } from "./code-approval.ts";
import { distributeVotes } from "./votes-distribution.ts";
import {
  agentRegistryAbi,
  arbitratorRegistryAbi,
  devStakeTokenAbi,
  insurancePoolAbi,
  stakeManagerAbi,
} from "../../sdk/src/generated/abis.ts";
import { DrawPhase } from "../../sdk/src/court/index.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { createIdentityProof } from "../../sdk/src/receipts/index.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { createCourtParticipant } from "./court.ts";
import { localClients } from "./local-deploy.ts";

interface DemoAgent {
  name: string;
  description: string;
  /** The worker/agents bundle the devnet worker runs for it; agents without one are listed only. */
  bundle?: string;
  /** Scope and policy names (hashed with keccak256 on chain), in its metadata for the app. */
  scopes?: string[];
  policies?: string[];
}

interface DemoOperator {
  stake: string;
  /** Part of the stake put into unbonding, so the withdrawal countdown has something to show. */
  unbonding?: string;
  agents: DemoAgent[];
}

/** The scope and policy the demo job runs under (the redaction agent's). */
export const DEMO_REDACTION_SCOPE = "leasehold/scope/redact-customer-records";
export const DEMO_REDACTION_POLICY = "leasehold/policy/redact-before-analytics";

const demoOperators: DemoOperator[] = [
  {
    stake: "600",
    agents: [
      {
        name: "Menu planner",
        description: "Orders meals that respect a declared dietary policy",
        bundle: "dietary-ordering",
        scopes: ["leasehold/scope/order-meals"],
        // The agent's policy hash is keccak256 of the canonical policy JSON, so the JSON is the name.
        policies: ['{"allergens":["peanut"],"diet":"vegetarian"}', '{"allergens":[],"diet":"vegan"}'],
      },
      {
        name: "Redactor",
        description: "Returns data sets with personal fields removed",
        bundle: "redaction",
        scopes: [DEMO_REDACTION_SCOPE],
        policies: [DEMO_REDACTION_POLICY],
      },
    ],
  },
  {
    stake: "250",
    unbonding: "50",
    agents: [{ name: "Calendar keeper", description: "Schedules within leased calendars" }],
  },
  { stake: "150", agents: [{ name: "Receipt auditor", description: "Checks expense receipts against policy" }] },
];

function metadataUri({ name, description, scopes, policies }: DemoAgent): string {
  return `data:application/json,${encodeURIComponent(JSON.stringify({ name, description, scopes, policies }))}`;
}

export interface SeededAgent {
  agentId: bigint;
  name: string;
  bundle: string | undefined;
  scopes: string[];
  /** Development-mnemonic index of the operator and of the agent's identity key. */
  operatorIndex: number;
  identityIndex: number;
}

export interface SeedDemoReturnType {
  operators: Address[];
  agentIds: bigint[];
  agents: SeededAgent[];
  /** The worker/agents releases approved through governance. */
  approvedReleases: Release[];
  /** The court's arbitrators (the browser account among them) and what each staked. */
  arbitrators: { address: Address; stake: bigint }[];
}

/**
 * Arbitrator stakes by development account: unequal, so the draw's weighting shows, and each at
 * least two seat locks (the devnet's minimum stake is 100), so holding a seat on the demo dispute
 * leaves every one of them drawable for a dispute opened meanwhile.
 */
const demoArbitratorStakes: Record<number, string> = { 1: "300", 8: "200", 9: "250" };
/** The reserve arbitrators' stakes: 200, 220, ... 340, unequal and two seat locks or more. */
const reserveArbitratorStake = (position: number) => parseEther(String(200 + 20 * position));
/** The demo insurer's deposit into the pool. */
const DEMO_INSURANCE_DEPOSIT = parseEther("500");

type ManifestEntry = { name: string; codeHash: Hex; size: number };

/** The entry worker/agents/manifest.json records for a bundle. */
async function bundleEntry(bundle: string): Promise<ManifestEntry> {
  const manifest = JSON.parse(await readFile(path.join(repoRoot, "worker", "agents", "manifest.json"), "utf8")) as {
    agents: ManifestEntry[];
  };
  const entry = manifest.agents.find((agent) => agent.name === bundle);
  if (!entry) throw new Error(`No bundle ${bundle} in worker/agents/manifest.json`);
  return entry;
}

export async function seedDemo(rpcUrl: string, deployment: Deployment): Promise<SeedDemoReturnType> {
  const token = deployment.contracts.DevStakeToken?.address;
  if (!token) throw new Error("The demo needs the development stake token (local chain only)");
  const stakeManager = deployment.contracts.StakeManager.address;
  const agentRegistry = deployment.contracts.AgentRegistry.address;
  const result: SeedDemoReturnType = { operators: [], agentIds: [], agents: [], approvedReleases: [], arbitrators: [] };

  // The bundles the worker runs go through code approval first, as any release must: published
  // with a bond, proposed, voted, queued and executed (chain time is moved over the windows).
  // Before any stake moves, so the time travel does not finish the demo's unbonding countdown.
  const bundles = [...new Set(demoOperators.flatMap((demo) => demo.agents.flatMap((agent) => agent.bundle ?? [])))];
  result.approvedReleases = await Promise.all(bundles.map(bundleEntry)).then((entries) => entries.map(bundleRelease));
  await approveReleases({ rpcUrl, deployment, releases: result.approvedReleases });
  // The person at the browser votes too: a share of the supply, delegated, above the quorum.
  await distributeVotes({ rpcUrl, deployment });

  for (const [position, demo] of demoOperators.entries()) {
    const accountIndex = devAccountRoles.demoOperators[position]!;
    const { publicClient, walletClient } = localClients(rpcUrl, accountIndex);
    const send = async (request: Parameters<typeof walletClient.writeContract>[0]) => {
      const hash = await walletClient.writeContract(request);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`Demo transaction ${hash} reverted`);
      return receipt;
    };
    const amount = parseEther(demo.stake);
    await send({ address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
    await send({ address: token, abi: devStakeTokenAbi, functionName: "approve", args: [stakeManager, amount] });
    await send({ address: stakeManager, abi: stakeManagerAbi, functionName: "deposit", args: [amount] });
    for (const [agentPosition, agent] of demo.agents.entries()) {
      // Each agent gets its own identity key, derived from the dev mnemonic far from the
      // accounts people use, so the demo is the same on every start.
      const identityIndex = 1_000 + position * 10 + agentPosition;
      const identityKey = devAccount(identityIndex);
      const identity = identityKey.address;
      const codeHash = agent.bundle
        ? (await bundleEntry(agent.bundle)).codeHash
        : keccak256(stringToHex(`leasehold-demo-agent:${agent.name}`));
      // The registry binds a key only with its own signature, which the demo key gives here.
      const proof = await createIdentityProof({
        publicClient,
        agentRegistry,
        account: identityKey,
        operator: walletClient.account.address,
      });
      await send({
        address: agentRegistry,
        abi: agentRegistryAbi,
        functionName: "register",
        args: [identity, codeHash, metadataUri(agent), proof.deadline, proof.signature],
      });
      const agentId = await publicClient.readContract({
        address: agentRegistry,
        abi: agentRegistryAbi,
        functionName: "agentOfIdentity",
        args: [identity],
      });
      result.agentIds.push(agentId);
      result.agents.push({
        agentId,
        name: agent.name,
        bundle: agent.bundle,
        scopes: agent.scopes ?? [],
        operatorIndex: accountIndex,
        identityIndex,
      });
    }
    if (demo.unbonding) {
      await send({
        address: stakeManager,
        abi: stakeManagerAbi,
        functionName: "requestWithdrawal",
        args: [parseEther(demo.unbonding)],
      });
    }
    result.operators.push(walletClient.account.address);
  }

  // The browser's account sits in the court too. It is funded with the deployer's faucet draw
  // (a whole draw, as if it had drawn itself), so its own draw stays unspent for the person at
  // the app (and the browser tests), and its wallet keeps what is left after its court stake.
  const deployer = localClients(rpcUrl, devAccountRoles.deployer);
  const faucetAmount = await deployer.publicClient.readContract({
    address: token,
    abi: devStakeTokenAbi,
    functionName: "FAUCET_AMOUNT",
  });
  for (const request of [
    { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] },
    {
      address: token,
      abi: devStakeTokenAbi,
      functionName: "transfer",
      args: [devAccount(devAccountRoles.browser).address, faucetAmount],
    },
  ] as const) {
    const hash = await deployer.walletClient.writeContract(request as never);
    const receipt = await deployer.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`Demo funding transaction ${hash} reverted`);
  }
  for (const accountIndex of devAccountRoles.arbitrators) {
    const stake = parseEther(demoArbitratorStakes[accountIndex] ?? "100");
    const arbitrator = createCourtParticipant({ rpcUrl, deployment, accountIndex });
    await arbitrator.joinCourt(stake);
    result.arbitrators.push({ address: arbitrator.address, stake });
  }

  // An insurer backs the pool, so claims have capital behind them and the pool a history.
  const insurer = localClients(rpcUrl, devAccountRoles.demoInsurer);
  const pool = deployment.contracts.InsurancePool.address;
  for (const request of [
    { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] },
    { address: token, abi: devStakeTokenAbi, functionName: "approve", args: [pool, DEMO_INSURANCE_DEPOSIT] },
    {
      address: pool,
      abi: insurancePoolAbi,
      functionName: "deposit",
      args: [DEMO_INSURANCE_DEPOSIT, insurer.walletClient.account.address],
    },
  ] as const) {
    const hash = await insurer.walletClient.writeContract(request as never);
    const receipt = await insurer.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`Demo insurance transaction ${hash} reverted`);
  }
  return result;
}

/**
 * Seats the devnet's reserve arbitrators (devAccountRoles.reserveArbitrators). Called once the demo
 * dispute's panel is seated, so that panel stays the browser account and the two scripted
 * arbitrators; from then on a dispute the browser account files can be seated too. Stakes are
 * frozen while a draw session runs (ArbitratorRegistryStakesFrozen), so each join waits for the
 * Staking phase and is tried again if a session started in between.
 */
export async function seatReserveArbitrators({
  rpcUrl,
  deployment,
  signal,
}: {
  rpcUrl: string;
  deployment: Deployment;
  signal?: AbortSignal;
}): Promise<{ address: Address; stake: bigint }[]> {
  const { publicClient } = localClients(rpcUrl, devAccountRoles.deployer);
  const registry = { address: deployment.contracts.ArbitratorRegistry.address, abi: arbitratorRegistryAbi } as const;
  const seated: { address: Address; stake: bigint }[] = [];
  for (const [position, accountIndex] of devAccountRoles.reserveArbitrators.entries()) {
    const stake = reserveArbitratorStake(position);
    const arbitrator = createCourtParticipant({ rpcUrl, deployment, accountIndex });
    for (;;) {
      signal?.throwIfAborted();
      const phase = await publicClient.readContract({ ...registry, functionName: "phase" });
      if (phase === DrawPhase.Staking) {
        try {
          await arbitrator.joinCourt(stake);
          break;
        } catch (error) {
          if (!isStakesFrozen(error)) throw error;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    seated.push({ address: arbitrator.address, stake });
  }
  return seated;
}

function isStakesFrozen(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  return (
    reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === "ArbitratorRegistryStakesFrozen"
  );
}
