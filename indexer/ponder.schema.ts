/**
 * The indexer's tables. Every row is derived from contract events alone, so the database can
 * always be rebuilt from the chain. Amounts are raw token units (18 decimals); times are block
 * timestamps in seconds.
 */
import { index, onchainEnum, onchainTable, primaryKey, relations } from "ponder";

export const agentStatus = onchainEnum("agent_status", ["registered", "retired"]);

/** A lease's recorded state; whether it is live also depends on the time (see the lease audit). */
export const leaseStatus = onchainEnum("lease_status", ["granted", "revoked"]);

/** IJobEscrow.JobStatus, lowercased (`None` never appears: a job exists once opened). */
export const jobStatus = onchainEnum("job_status", [
  "open",
  "accepted",
  "submitted",
  "frozen",
  "paid",
  "cancelled",
  "expired",
  "refused",
  "voided",
  "rejected",
]);

export const jobEventKind = onchainEnum("job_event_kind", [
  "opened",
  "accepted",
  "receipt_submitted",
  "frozen",
  "settled",
]);

export const stakeEventKind = onchainEnum("stake_event_kind", [
  "deposited",
  "withdrawal_requested",
  "withdrawal_cancelled",
  "withdrawn",
  "locked",
  "released",
  "slashed",
]);

/** ICodeRegistry.ReleaseStatus, lowercased (`None` never appears: a release exists once published). */
export const releaseStatus = onchainEnum("release_status", ["pending", "approved", "revoked"]);

/** ICodeRegistry.Urgency, lowercased. */
export const releaseUrgency = onchainEnum("release_urgency", ["routine", "urgent", "emergency"]);

/**
 * What happened to a proposal on chain. Pending, active, defeated and succeeded also depend on
 * the time and the tallies: compare `voteStart`/`voteEnd` with the clock, as `state()` does.
 */
export const proposalStatus = onchainEnum("proposal_status", ["created", "queued", "executed", "canceled"]);

/** GovernorCountingSimple's vote types. */
export const voteSupport = onchainEnum("vote_support", ["against", "for", "abstain"]);

/**
 * Named `operation_status`: Ponder's SQL generator leaves an enum type unqualified by the schema
 * when its name starts with a PostgreSQL type name (`time…`, `text…`, `date…`), which breaks
 * every schema but `public` (test/lib/schema.test.ts guards this).
 */
export const timelockOperationStatus = onchainEnum("operation_status", ["scheduled", "executed", "cancelled"]);

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

/**
 * The public log of privileged actions: parameter changes, role grants and revocations, and every
 * other role-gated or governance-only call of every contract (see admin-actions.ts).
 */
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

/**
 * Current admin parameters of each contract, as their update events (constructors included) set
 * them: `value` is a decimal string, or a lowercase address for addresses.
 */
export const parameter = onchainTable(
  "parameter",
  (t) => ({
    contract: t.text().notNull(),
    name: t.text().notNull(),
    value: t.text().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.contract, table.name] }) }),
);

/** One row per lease, as `getLease` returns it, with when it was granted and under which TTL cap. */
export const lease = onchainTable(
  "lease",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    agentId: t.bigint().notNull(),
    scopeHash: t.hex().notNull(),
    contextId: t.hex().notNull(),
    /** Unix time from which the lease is no longer live. */
    expiry: t.bigint().notNull(),
    /** The most one job under the lease may escrow. */
    fee: t.bigint().notNull(),
    status: leaseStatus("status").notNull(),
    grantedAt: t.bigint().notNull(),
    /** `expiry - grantedAt`: the lease's whole life, fixed at grant (there is no extend). */
    ttl: t.bigint().notNull(),
    /** LeaseRegistry's `maxTtl` when the lease was granted. */
    maxTtlAtGrant: t.bigint().notNull(),
    revokedAt: t.bigint(),
    /** Jobs ever opened under the lease. */
    jobCount: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ agentIdx: index().on(table.agentId), ownerIdx: index().on(table.owner) }),
);

/**
 * One row per job, as `getJob` returns it (zero addresses, digests and times that the contract
 * uses for "not yet" are null here), with its receipt and where its money went.
 */
export const job = onchainTable(
  "job",
  (t) => ({
    id: t.bigint().primaryKey(),
    leaseId: t.bigint().notNull(),
    agentId: t.bigint().notNull(),
    client: t.hex().notNull(),
    /** The agent's operator, set at acceptance. */
    operator: t.hex(),
    payment: t.bigint().notNull(),
    policyHash: t.hex().notNull(),
    /** Most fuel the receipt may report. */
    budget: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    status: jobStatus("status").notNull(),
    /** Stake locked at acceptance; 0 before. */
    collateral: t.bigint().notNull(),
    receiptDigest: t.hex(),
    receiptBatchId: t.hex(),
    /** The receipt's own policy hash: a different one voids the job. */
    receiptPolicyHash: t.hex(),
    /** IReceiptAnchor.Outcome: 0 Completed, 1 BudgetExhausted, 2 Failed, 3 Refused. */
    receiptOutcome: t.integer(),
    receiptFuelUsed: t.bigint(),
    /** End of the challenge window; set only when a receipt moved the job to Submitted. */
    challengeEndsAt: t.bigint(),
    /** From JobSettled: to the operator, to insurance, back to the client, collateral released. */
    payout: t.bigint(),
    premium: t.bigint(),
    refund: t.bigint(),
    insurance: t.hex(),
    collateralReleased: t.bigint(),
    openedAt: t.bigint().notNull(),
    acceptedAt: t.bigint(),
    submittedAt: t.bigint(),
    frozenAt: t.bigint(),
    settledAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    leaseIdx: index().on(table.leaseId),
    agentIdx: index().on(table.agentId),
    clientIdx: index().on(table.client),
    statusIdx: index().on(table.status),
  }),
);

/** A job's history: one row per JobEscrow event about it, with the status right after. */
export const jobEvent = onchainTable(
  "job_event",
  (t) => ({
    id: t.text().primaryKey(),
    jobId: t.bigint().notNull(),
    kind: jobEventKind("kind").notNull(),
    statusAfter: jobStatus("status_after").notNull(),
    /** The client (opened), operator (accepted) or freezer (frozen); null otherwise. */
    actor: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ jobIdx: index().on(table.jobId) }),
);

/** One row per anchored receipt batch, as `getBatch` returns it plus the root from the event. */
export const receiptBatch = onchainTable(
  "receipt_batch",
  (t) => ({
    /** keccak256(abi.encode(agentId, root)). */
    id: t.hex().primaryKey(),
    agentId: t.bigint().notNull(),
    anchoredBy: t.hex().notNull(),
    root: t.hex().notNull(),
    leafCount: t.bigint().notNull(),
    anchoredAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ agentIdx: index().on(table.agentId) }),
);

/** One row per CodeRegistry release, as `releaseOf` returns it, with how it was decided. */
export const release = onchainTable(
  "release",
  (t) => ({
    codeHash: t.hex().primaryKey(),
    contentId: t.hex().notNull(),
    /** Bundle size in bytes, as declared. */
    size: t.bigint().notNull(),
    urgency: releaseUrgency("urgency").notNull(),
    descriptionUri: t.text().notNull(),
    publisher: t.hex().notNull(),
    /** Bond paid at publication. */
    bond: t.bigint().notNull(),
    /** Bond still held by the registry, as `releaseOf(...).bond`: 0 once refunded or forfeited. */
    bondHeld: t.bigint().notNull(),
    status: releaseStatus("status").notNull(),
    publishedAt: t.bigint().notNull(),
    /** Block of the publication: orders releases published in the same second. */
    publishedBlockNumber: t.bigint().notNull(),
    /** The review clock: governance may approve from this time on. */
    approvableAt: t.bigint().notNull(),
    /** `approvableAt - publishedAt`. */
    reviewWindow: t.bigint().notNull(),
    /** When it was approved or revoked; null while pending. */
    decidedAt: t.bigint(),
    /** The timelock, for approvals. */
    approvedBy: t.hex(),
    /** The executed proposal whose calls approved it. */
    approvalProposalId: t.bigint(),
    bondRefunded: t.bigint(),
    revokedBy: t.hex(),
    revokeReason: t.text(),
    /** `pending` or `approved`: what the release was when revoked. */
    revokedFrom: releaseStatus("revoked_from"),
    bondForfeited: t.bigint(),
    transactionHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ statusIdx: index().on(table.status), publisherIdx: index().on(table.publisher) }),
);

/** One row per Governor proposal: its calls, clocks, recorded status and running tallies. */
export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    proposer: t.hex().notNull(),
    targets: t.hex().array().notNull(),
    values: t.bigint().array().notNull(),
    calldatas: t.hex().array().notNull(),
    description: t.text().notNull(),
    /** keccak256 of the description: what `queue`, `execute` and `cancel` take. */
    descriptionHash: t.hex().notNull(),
    /** Voting opens after this time and closes at `voteEnd` (inclusive), in the token's clock. */
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    status: proposalStatus("status").notNull(),
    forVotes: t.bigint().notNull(),
    againstVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    voteCount: t.integer().notNull(),
    createdAt: t.bigint().notNull(),
    /** Block of the proposal: orders proposals made in the same second. */
    createdBlockNumber: t.bigint().notNull(),
    queuedAt: t.bigint(),
    /** When the timelock lets it execute. */
    eta: t.bigint(),
    executedAt: t.bigint(),
    canceledAt: t.bigint(),
    transactionHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ proposerIdx: index().on(table.proposer), statusIdx: index().on(table.status) }),
);

/** One row per call of a proposal, decoded when the target is a Leasehold contract. */
export const proposalAction = onchainTable(
  "proposal_action",
  (t) => ({
    /** `<proposalId>-<index>`. */
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    index: t.integer().notNull(),
    target: t.hex().notNull(),
    value: t.bigint().notNull(),
    calldata: t.hex().notNull(),
    /** The deployment record's name of the target, when it is a Leasehold contract. */
    contract: t.text(),
    functionName: t.text(),
    /** Decoded arguments (bigints as decimal strings, hex lowercase); null when not decoded. */
    args: t.json(),
    /** The release a `CodeRegistry.approve` call approves. */
    releaseCodeHash: t.hex(),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId), releaseIdx: index().on(table.releaseCodeHash) }),
);

/** One row per vote cast (VoteCast and VoteCastWithParams). */
export const vote = onchainTable(
  "vote",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /** 0 against, 1 for, 2 abstain. */
    support: t.integer().notNull(),
    supportName: voteSupport("support_name").notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    /** VoteCastWithParams only. */
    params: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId), voterIdx: index().on(table.voter) }),
);

/** Voting power of every address that was ever delegated to, as `getVotes` returns it now. */
export const delegate = onchainTable("delegate", (t) => ({
  address: t.hex().primaryKey(),
  votes: t.bigint().notNull(),
  /** Holders whose current delegate this is. */
  delegatorCount: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** Whom each holder delegates to now, as `delegates(holder)` returns it. */
export const delegation = onchainTable(
  "delegation",
  (t) => ({
    delegator: t.hex().primaryKey(),
    delegate: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ delegateIdx: index().on(table.delegate) }),
);

/** One row per TimelockController operation (a batch shares one id). */
export const timelockOperation = onchainTable("timelock_operation", (t) => ({
  id: t.hex().primaryKey(),
  status: timelockOperationStatus("status").notNull(),
  /** Calls scheduled under the id. */
  callCount: t.integer().notNull(),
  predecessor: t.hex().notNull(),
  delay: t.bigint().notNull(),
  scheduledAt: t.bigint().notNull(),
  /** `scheduledAt + delay`: when it may execute, as `getTimestamp(id)`. */
  readyAt: t.bigint().notNull(),
  executedAt: t.bigint(),
  cancelledAt: t.bigint(),
  updatedAt: t.bigint().notNull(),
}));

export const operatorRelations = relations(operator, ({ many }) => ({
  agents: many(agent),
  stakeEvents: many(stakeEvent),
  slashes: many(slash),
}));

export const agentRelations = relations(agent, ({ one, many }) => ({
  operatorAccount: one(operator, { fields: [agent.operator], references: [operator.address] }),
  leases: many(lease),
  jobs: many(job),
  receiptBatches: many(receiptBatch),
}));

export const leaseRelations = relations(lease, ({ one, many }) => ({
  agent: one(agent, { fields: [lease.agentId], references: [agent.id] }),
  jobs: many(job),
}));

export const jobRelations = relations(job, ({ one, many }) => ({
  lease: one(lease, { fields: [job.leaseId], references: [lease.id] }),
  agent: one(agent, { fields: [job.agentId], references: [agent.id] }),
  events: many(jobEvent),
}));

export const jobEventRelations = relations(jobEvent, ({ one }) => ({
  job: one(job, { fields: [jobEvent.jobId], references: [job.id] }),
}));

export const receiptBatchRelations = relations(receiptBatch, ({ one }) => ({
  agent: one(agent, { fields: [receiptBatch.agentId], references: [agent.id] }),
}));

export const stakeEventRelations = relations(stakeEvent, ({ one }) => ({
  operatorAccount: one(operator, { fields: [stakeEvent.operator], references: [operator.address] }),
}));

export const slashRelations = relations(slash, ({ one }) => ({
  operatorAccount: one(operator, { fields: [slash.operator], references: [operator.address] }),
}));

export const releaseRelations = relations(release, ({ one, many }) => ({
  approvalProposal: one(proposal, { fields: [release.approvalProposalId], references: [proposal.id] }),
  approvalActions: many(proposalAction),
}));

export const proposalRelations = relations(proposal, ({ many }) => ({
  actions: many(proposalAction),
  votes: many(vote),
}));

export const proposalActionRelations = relations(proposalAction, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalAction.proposalId], references: [proposal.id] }),
  release: one(release, { fields: [proposalAction.releaseCodeHash], references: [release.codeHash] }),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));
