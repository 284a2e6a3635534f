/** Reputation rows: each item applied to the agent's and the operator's state, with a history point. */
import { agentReputation, operatorReputation, reputationPoint } from "ponder:schema";
import type { Hex } from "viem";
import { eventColumns, type EventMeta } from "./event-meta.ts";
import type { Db } from "./operators.ts";
import { applyReputationEvent, emptyReputation, type ReputationCause } from "@leasehold/sdk/reputation";

export interface ReputationItem {
  cause: ReputationCause;
  amount: bigint;
  /** The agent it is about; null for a slash no dispute explains (only the operator pays). */
  agentId: bigint | null;
  operator: Hex;
  jobId?: bigint | null;
  disputeId?: bigint | null;
  /** Endorsement items: the endorsement's nullifier and, for a void, when it was counted. */
  nullifier?: bigint;
  endorsedAt?: bigint;
}

export async function recordReputation(db: Db, event: EventMeta, item: ReputationItem): Promise<void> {
  const reputationEvent = {
    cause: item.cause,
    amount: item.amount,
    timestamp: event.block.timestamp,
    endorsedAt: item.endorsedAt,
  };
  const operator = item.operator.toLowerCase() as Hex;
  const point = {
    cause: item.cause,
    amount: item.amount,
    jobId: item.jobId ?? null,
    disputeId: item.disputeId ?? null,
    nullifier: item.nullifier ?? null,
    ...eventColumns(event),
  };

  if (item.agentId !== null) {
    const agentId = item.agentId;
    const before = (await db.find(agentReputation, { agentId })) ?? { ...emptyReputation };
    const { state, delta } = applyReputationEvent(before, reputationEvent);
    await db
      .insert(agentReputation)
      .values({ agentId, operator, ...state })
      .onConflictDoUpdate({ operator, ...state });
    await db.insert(reputationPoint).values({
      id: `${event.id}-agent`,
      subjectKind: "agent",
      subject: agentId.toString(),
      delta,
      scoreAfter: state.score,
      ...point,
    });
  }

  const before = (await db.find(operatorReputation, { address: operator })) ?? { ...emptyReputation };
  const { state, delta } = applyReputationEvent(before, reputationEvent);
  await db
    .insert(operatorReputation)
    .values({ address: operator, ...state })
    .onConflictDoUpdate(state);
  await db.insert(reputationPoint).values({
    id: `${event.id}-operator`,
    subjectKind: "operator",
    subject: operator,
    delta,
    scoreAfter: state.score,
    ...point,
  });
}
