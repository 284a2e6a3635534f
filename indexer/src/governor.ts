/**
 * LeaseholdGovernor events: proposals with their calls (decoded when they call a Leasehold
 * contract, so a proposal links to the releases it approves), votes with their reasons and the
 * running tallies, queue and execution; settings changes go to the admin log and the
 * `parameter` table under their getter names.
 */
import { ponder, type Context } from "ponder:registry";
import { proposal, proposalAction, release, vote } from "ponder:schema";
import { keccak256, stringToHex, type Hex } from "viem";
import { decodeProposalAction, voteSupportName, type KnownContract } from "./lib/governance.ts";
import { eventColumns, type EventMeta } from "./lib/event-meta.ts";
import type { Db } from "./lib/operators.ts";
import { recordParameterChange } from "./lib/parameter-log.ts";

/** The indexed Leasehold contracts by name, for decoding proposal calls. */
function knownContracts(context: Context): Record<string, KnownContract> {
  return Object.fromEntries(
    Object.entries(context.contracts).map(([name, contract]) => [
      name,
      { address: contract.address as Hex, abi: contract.abi } as KnownContract,
    ]),
  );
}

ponder.on("LeaseholdGovernor:ProposalCreated", async ({ event, context }) => {
  const { proposalId, proposer, targets, values, calldatas, voteStart, voteEnd, description } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(proposal).values({
    id: proposalId,
    proposer,
    targets: [...targets],
    values: [...values],
    calldatas: [...calldatas],
    description,
    descriptionHash: keccak256(stringToHex(description)),
    voteStart,
    voteEnd,
    status: "created",
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    voteCount: 0,
    createdAt: timestamp,
    createdBlockNumber: event.block.number,
    transactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
  const contracts = knownContracts(context);
  await context.db.insert(proposalAction).values(
    targets.map((target, index) => ({
      id: `${proposalId}-${index}`,
      proposalId,
      index,
      target,
      value: values[index]!,
      calldata: calldatas[index]!,
      ...decodeProposalAction(target, calldatas[index]!, contracts),
    })),
  );
});

async function recordVote(
  db: Db,
  event: EventMeta,
  cast: { voter: Hex; proposalId: bigint; support: number; weight: bigint; reason: string; params: Hex | null },
): Promise<void> {
  const supportName = voteSupportName(cast.support);
  await db.insert(vote).values({ id: event.id, ...cast, supportName, ...eventColumns(event) });
  await db.update(proposal, { id: cast.proposalId }).set((row) => ({
    forVotes: row.forVotes + (supportName === "for" ? cast.weight : 0n),
    againstVotes: row.againstVotes + (supportName === "against" ? cast.weight : 0n),
    abstainVotes: row.abstainVotes + (supportName === "abstain" ? cast.weight : 0n),
    voteCount: row.voteCount + 1,
    updatedAt: event.block.timestamp,
  }));
}

ponder.on("LeaseholdGovernor:VoteCast", async ({ event, context }) => {
  const { voter, proposalId, support, weight, reason } = event.args;
  await recordVote(context.db, event, { voter, proposalId, support, weight, reason, params: null });
});

ponder.on("LeaseholdGovernor:VoteCastWithParams", async ({ event, context }) => {
  const { voter, proposalId, support, weight, reason, params } = event.args;
  await recordVote(context.db, event, { voter, proposalId, support, weight, reason, params });
});

ponder.on("LeaseholdGovernor:ProposalQueued", async ({ event, context }) => {
  const { proposalId, etaSeconds } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(proposal, { id: proposalId })
    .set({ status: "queued", queuedAt: timestamp, eta: etaSeconds, updatedAt: timestamp });
});

ponder.on("LeaseholdGovernor:ProposalExecuted", async ({ event, context }) => {
  const { proposalId } = event.args;
  const timestamp = event.block.timestamp;
  const executed = await context.db
    .update(proposal, { id: proposalId })
    .set({ status: "executed", executedAt: timestamp, updatedAt: timestamp });
  // The approvals ran in this transaction, before the governor emitted ProposalExecuted.
  const contracts = knownContracts(context);
  for (const [index, target] of executed.targets.entries()) {
    const { releaseId } = decodeProposalAction(target, executed.calldatas[index]!, contracts);
    if (releaseId && (await context.db.find(release, { id: releaseId }))?.status === "approved") {
      await context.db.update(release, { id: releaseId }).set({ approvalProposalId: proposalId, updatedAt: timestamp });
    }
  }
});

ponder.on("LeaseholdGovernor:ProposalCanceled", async ({ event, context }) => {
  const timestamp = event.block.timestamp;
  await context.db
    .update(proposal, { id: event.args.proposalId })
    .set({ status: "canceled", canceledAt: timestamp, updatedAt: timestamp });
});

ponder.on("LeaseholdGovernor:VotingDelaySet", async ({ event, context }) => {
  const { oldVotingDelay, newVotingDelay } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "LeaseholdGovernor",
    action: "VotingDelaySet",
    name: "votingDelay",
    oldValue: oldVotingDelay,
    newValue: newVotingDelay,
  });
});

ponder.on("LeaseholdGovernor:VotingPeriodSet", async ({ event, context }) => {
  const { oldVotingPeriod, newVotingPeriod } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "LeaseholdGovernor",
    action: "VotingPeriodSet",
    name: "votingPeriod",
    oldValue: oldVotingPeriod,
    newValue: newVotingPeriod,
  });
});

ponder.on("LeaseholdGovernor:ProposalThresholdSet", async ({ event, context }) => {
  const { oldProposalThreshold, newProposalThreshold } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "LeaseholdGovernor",
    action: "ProposalThresholdSet",
    name: "proposalThreshold",
    oldValue: oldProposalThreshold,
    newValue: newProposalThreshold,
  });
});

ponder.on("LeaseholdGovernor:QuorumNumeratorUpdated", async ({ event, context }) => {
  const { oldQuorumNumerator, newQuorumNumerator } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "LeaseholdGovernor",
    action: "QuorumNumeratorUpdated",
    name: "quorumNumerator",
    oldValue: oldQuorumNumerator,
    newValue: newQuorumNumerator,
  });
});

ponder.on("LeaseholdGovernor:TimelockChange", async ({ event, context }) => {
  const { oldTimelock, newTimelock } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "LeaseholdGovernor",
    action: "TimelockChange",
    name: "timelock",
    oldValue: oldTimelock,
    newValue: newTimelock,
  });
});
