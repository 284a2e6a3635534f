/**
 * The indexer's tables. Every row is derived from contract events alone, so the database can
 * always be rebuilt from the chain. Amounts are raw token units (18 decimals); times are block
 * timestamps in seconds.
 */
import { index, onchainEnum, onchainTable, primaryKey, relations } from "ponder";

export const agentStatus = onchainEnum("agent_status", ["registered", "retired"]);

export const stakeEventKind = onchainEnum("stake_event_kind", [
  "deposited",
  "withdrawal_requested",
  "withdrawal_cancelled",
  "withdrawn",
  "locked",
  "released",
  "slashed",
]);

/** One row per address that ever held stake: its buckets as they are now. */
export const operator = onchainTable("operator", (t) => ({
  address: t.hex().primaryKey(),
  free: t.bigint().notNull(),
  locked: t.bigint().notNull(),
  unbonding: t.bigint().notNull(),
  /** When the unbonding bucket can be withdrawn; 0 when nothing is unbonding. */
  unlockAt: t.bigint().notNull(),
  totalDeposited: t.bigint().notNull(),
  totalWithdrawn: t.bigint().notNull(),
  totalSlashed: t.bigint().notNull(),
  /** Agents this operator ever registered, retired ones included (ids are never reused). */
  agentCount: t.integer().notNull(),
  /** How many of those agents are retired; `agentCount - retiredAgentCount` are still registered. */
  retiredAgentCount: t.integer().notNull(),
  firstSeenAt: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

export const agent = onchainTable(
  "agent",
  (t) => ({
    id: t.bigint().primaryKey(),
    operator: t.hex().notNull(),
    identity: t.hex().notNull(),
    codeHash: t.hex().notNull(),
    metadataUri: t.text().notNull(),
    status: agentStatus("status").notNull(),
    registeredAt: t.bigint().notNull(),
    retiredAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ operatorIdx: index().on(table.operator) }),
);

/** Stake history: one row per stake event, with the operator's buckets right after it. */
export const stakeEvent = onchainTable(
  "stake_event",
  (t) => ({
    id: t.text().primaryKey(),
    operator: t.hex().notNull(),
    kind: stakeEventKind("kind").notNull(),
    amount: t.bigint().notNull(),
    /** The locker for locked/released, the slasher for slashed, the recipient for withdrawn. */
    counterparty: t.hex(),
    freeAfter: t.bigint().notNull(),
    lockedAfter: t.bigint().notNull(),
    unbondingAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ operatorIdx: index().on(table.operator, table.timestamp) }),
);

export const slash = onchainTable(
  "slash",
  (t) => ({
    id: t.text().primaryKey(),
    operator: t.hex().notNull(),
    slasher: t.hex().notNull(),
    recipient: t.hex().notNull(),
    reason: t.hex().notNull(),
    requested: t.bigint().notNull(),
    fromFree: t.bigint().notNull(),
    fromUnbonding: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ operatorIdx: index().on(table.operator) }),
);

/** The public log of privileged actions: parameter changes and role grants and revocations. */
export const adminAction = onchainTable("admin_action", (t) => ({
  id: t.text().primaryKey(),
  contract: t.text().notNull(),
  action: t.text().notNull(),
  /** Who acted (the role admin, for role changes). */
  actor: t.hex(),
  /** What changed, e.g. {"old":"100","new":"200"} or {"role":"0x…","account":"0x…"}. */
  details: t.json().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
}));

/** Every (contract, role, account) ever granted, with whether it is held now. */
export const roleMember = onchainTable(
  "role_member",
  (t) => ({
    contract: t.text().notNull(),
    role: t.hex().notNull(),
    account: t.hex().notNull(),
    active: t.boolean().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.contract, table.role, table.account] }) }),
);

export const operatorRelations = relations(operator, ({ many }) => ({
  agents: many(agent),
  stakeEvents: many(stakeEvent),
  slashes: many(slash),
}));

export const agentRelations = relations(agent, ({ one }) => ({
  operatorAccount: one(operator, { fields: [agent.operator], references: [operator.address] }),
}));

export const stakeEventRelations = relations(stakeEvent, ({ one }) => ({
  operatorAccount: one(operator, { fields: [stakeEvent.operator], references: [operator.address] }),
}));

export const slashRelations = relations(slash, ({ one }) => ({
  operatorAccount: one(operator, { fields: [slash.operator], references: [operator.address] }),
}));
