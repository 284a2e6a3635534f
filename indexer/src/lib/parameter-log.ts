/**
 * Parameter changes: one admin log row per update event and the parameter's current value, named
 * after the contract's getter so an app can compare the two.
 */
import { adminAction, parameter } from "ponder:schema";
import type { Hex } from "viem";
import {
  parameterChangeDetails,
  parameterValue,
  type AdminActionDetails,
  type AdminActionName,
} from "./admin-actions.ts";
import { eventColumns, type EventMeta } from "./event-meta.ts";
import type { Db } from "./operators.ts";

export interface ParameterChange {
  contract: string;
  action: AdminActionName;
  /** The getter that returns the parameter, e.g. "maxTtl". */
  name: string;
  oldValue: bigint | number | Hex;
  newValue: bigint | number | Hex;
}

export async function recordParameterChange(db: Db, event: EventMeta, change: ParameterChange): Promise<void> {
  const { contract, action, name, oldValue, newValue } = change;
  await db.insert(adminAction).values({
    id: event.id,
    contract,
    action,
    // The event does not say who called, and the transaction's sender is not the caller when
    // governance executes through a timelock, so the log does not guess.
    actor: null,
    details: parameterChangeDetails(oldValue, newValue),
    ...eventColumns(event),
  });
  await setParameter(db, event, contract, name, newValue);
}

/** Upsert a parameter's current value (without an admin log row). */
export async function setParameter(
  db: Db,
  event: EventMeta,
  contract: string,
  name: string,
  newValue: bigint | number | Hex,
): Promise<void> {
  const value = parameterValue(newValue);
  await db
    .insert(parameter)
    .values({ contract, name, value, updatedAt: event.block.timestamp })
    .onConflictDoUpdate({ value, updatedAt: event.block.timestamp });
}

/**
 * Parameters fixed at deployment (no update event ever changes them), read at setup; `updatedAt`
 * is 0 since no event set them.
 */
export async function setImmutableParameters(
  db: Db,
  contract: string,
  values: Record<string, bigint | number | Hex>,
): Promise<void> {
  for (const [name, newValue] of Object.entries(values)) {
    const value = parameterValue(newValue);
    await db.insert(parameter).values({ contract, name, value, updatedAt: 0n }).onConflictDoUpdate({ value });
  }
}

/** An admin log row for a privileged action other than a parameter or role change. */
export async function recordAdminAction(
  db: Db,
  event: EventMeta,
  action: { contract: string; action: AdminActionName; actor: Hex | null; details: AdminActionDetails },
): Promise<void> {
  await db.insert(adminAction).values({ id: event.id, ...action, ...eventColumns(event) });
}

/** The parameter's current value, or undefined before its first update event. */
export async function currentParameter(db: Db, contract: string, name: string): Promise<string | undefined> {
  return (await db.find(parameter, { contract, name }))?.value;
}
