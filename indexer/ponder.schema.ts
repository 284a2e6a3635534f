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
  /** FrozenJobReleased: no ruling settled the frozen job within FROZEN_TIMEOUT (JobSettled pays it). */
  "frozen_released",
]);

export const stakeEventKind = onchainEnum("stake_event_kind", [
  "deposited",
  "withdrawal_requested",
  "withdrawal_cancelled",
  "withdrawn",
  "locked",
  /** The court's lock behind a dispute: free stake first, then unbonding stake. */
  "locked_slashable",
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

/** IDisputeCourt.Phase, lowercased (`None` never appears: a dispute exists once opened). */
export const disputePhase = onchainEnum("dispute_phase", ["drawing", "voting", "ruled", "executed"]);

/** IDisputeCourt.Ruling without `None`: a vote, a round's ruling or a dispute's final ruling. */
export const disputeRuling = onchainEnum("dispute_ruling", ["client", "agent"]);

/** IArbitratorRegistry.Phase, lowercased: where the registry's draw session is. */
export const drawPhase = onchainEnum("draw_phase", ["staking", "generating", "drawing"]);

/** What became of a draw ticket: waiting, drawn (a panel seated), empty (too few could sit) or cancelled. */
export const drawTicketStatus = onchainEnum("draw_ticket_status", ["open", "drawn", "empty", "cancelled"]);

/** What moved the insurance pool (see `poolEvent`). */
export const poolEventKind = onchainEnum("pool_event_kind", [
  "deposit",
  "withdraw",
  "premium",
  "court_transfer",
  "claim_filed",
  "claim_paid",
  "claim_cancelled",
  /** ReleaseCollected: a holder at filing took its part of what a settled claim released. */
  "release_collected",
  "redeem_requested",
  "redeem_cancelled",
]);

/** IInsurancePool.ClaimStatus, lowercased (`None` never appears: a claim exists once filed). */
export const insuranceClaimStatus = onchainEnum("insurance_claim_status", ["pending", "paid", "cancelled"]);

/** Whose reputation a `reputationPoint` moves. */
export const reputationSubject = onchainEnum("reputation_subject", ["agent", "operator"]);

/** What moved a reputation (sdk/src/reputation.ts). */
export const reputationCause = onchainEnum("reputation_cause", [
  "job_paid",
  "dispute_lost",
  "slashed",
  "endorsed",
  "endorsement_voided",
]);

/** IAnonymousStakeGroup.IdentityStatus, lowercased, `Active` as `live` (`None` never appears). */
export const stakeGroupLeafStatus = onchainEnum("stake_group_leaf_status", [
  "live",
  "withdrawing",
  "withdrawn",
  "slashed",
]);

/** The call that set a stake group root. */
export const stakeGroupRootCause = onchainEnum("stake_group_root_cause", ["deposit", "withdrawal_request", "slash"]);

/** An endorsement counts until its identity signals a second message in the same scope. */
export const endorsementStatus = onchainEnum("endorsement_status", ["counted", "voided"]);

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
    /** The dispute whose ruling slashed, when `reason` is its `disputeRef`; null otherwise. */
    disputeId: t.bigint(),
    requested: t.bigint().notNull(),
    fromFree: t.bigint().notNull(),
    fromUnbonding: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ operatorIdx: index().on(table.operator), disputeIdx: index().on(table.disputeId) }),
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
    /** The dispute opened over the job, if any. */
    disputeId: t.bigint(),
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
    /** The client (opened), operator (accepted), freezer (frozen) or releaser (frozen_released); null otherwise. */
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

/**
 * One row per CodeRegistry release, as `releaseOf(publisher, codeHash)` returns it, with how it
 * was decided. A release is one publisher's submission of one code hash: several publishers may
 * publish the same code (a squatter's copy among them), each with its own row.
 */
export const release = onchainTable(
  "release",
  (t) => ({
    /** `<publisher>-<codeHash>`, lowercase (`releaseId` in src/lib/governance.ts). */
    id: t.text().primaryKey(),
    codeHash: t.hex().notNull(),
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
  (table) => ({
    statusIdx: index().on(table.status),
    publisherIdx: index().on(table.publisher),
    codeHashIdx: index().on(table.codeHash),
  }),
);

/**
 * One row per code hash anyone published or the guardian revoked: `codeOf(codeHash)` and
 * `isApproved(codeHash)`, the check workers run (some release approved, the code never revoked).
 */
export const code = onchainTable("code", (t) => ({
  codeHash: t.hex().primaryKey(),
  /** Releases of it published, one per publisher. */
  releaseCount: t.integer().notNull(),
  /** `codeOf(codeHash).approvedReleases`: its releases Approved now. */
  approvedReleases: t.integer().notNull(),
  /** `isApproved(codeHash)`. */
  approved: t.boolean().notNull(),
  /** `codeOf(codeHash).revokedAt` once the guardian revoked the code itself (final); else null. */
  revokedAt: t.bigint(),
  revokedBy: t.hex(),
  revokeReason: t.text(),
  updatedAt: t.bigint().notNull(),
}));

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
    /** The release a `CodeRegistry.approve(publisher, codeHash)` call approves (`release.id`). */
    releaseId: t.text(),
    /** Its code hash: every proposal approving some release of a code. */
    releaseCodeHash: t.hex(),
  }),
  (table) => ({
    proposalIdx: index().on(table.proposalId),
    releaseIdx: index().on(table.releaseId),
    releaseCodeIdx: index().on(table.releaseCodeHash),
  }),
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

/**
 * One row per address that ever staked in the ArbitratorRegistry: its buckets as `arbitratorOf`
 * returns them, and what sitting on panels earned and cost it.
 */
export const arbitrator = onchainTable("arbitrator", (t) => ({
  address: t.hex().primaryKey(),
  /** Drawable while at least the registry's `minimumStake`. */
  free: t.bigint().notNull(),
  /** Locked by seats on live disputes. */
  locked: t.bigint().notNull(),
  /** Requested to leave; withdrawable from `unlockAt` once no seat is held. */
  leaving: t.bigint().notNull(),
  /** 0 when nothing is leaving. */
  unlockAt: t.bigint().notNull(),
  /** Seats held on live disputes now. */
  seats: t.integer().notNull(),
  /** Drawing weight (WeightChanged): equal to `weightOf`. */
  weight: t.bigint().notNull(),
  /** Seats ever drawn. */
  seatsDrawn: t.integer().notNull(),
  totalStaked: t.bigint().notNull(),
  totalWithdrawn: t.bigint().notNull(),
  /** Lock taken for not revealing a vote, over every seat. */
  totalPenalties: t.bigint().notNull(),
  /** Panel fees (and shares of penalties) the court credited to it as a coherent voter. */
  feesEarned: t.bigint().notNull(),
  joinedAt: t.bigint().notNull(),
  /** When its last stake left the registry; null while it holds any (cleared by a new deposit). */
  leftAt: t.bigint(),
  updatedAt: t.bigint().notNull(),
}));

/** One row per dispute, as `getDispute` returns it, with its money and how it ended. */
export const dispute = onchainTable(
  "dispute",
  (t) => ({
    id: t.bigint().primaryKey(),
    jobId: t.bigint().notNull(),
    agentId: t.bigint().notNull(),
    client: t.hex().notNull(),
    operator: t.hex().notNull(),
    /** The job's escrowed payment (from the job row). */
    payment: t.bigint().notNull(),
    /** Round 0's bond. */
    bond: t.bigint().notNull(),
    compensation: t.bigint().notNull(),
    /** The job's collateral (locked by the escrow since acceptance): the compensation's first backing. */
    collateral: t.bigint().notNull(),
    /** The operator's free stake the court locked at opening for what the collateral leaves uncovered. */
    operatorLock: t.bigint().notNull(),
    /** What neither covers: the compensation less collateral and lock, at least 0; the claim's amount. */
    insuredGap: t.bigint().notNull(),
    /** The insurance claim filed at opening for the insured gap; null when none was (no gap). */
    claimId: t.bigint(),
    /** `disputeRef(id)`: the reason of its slash and the reference of its claim. */
    ref: t.hex().notNull(),
    phase: disputePhase("phase").notNull(),
    /** The current round: 0, or 1 after an appeal. */
    round: t.integer().notNull(),
    /**
     * The ruling that stands: the ruled round's from RoundRuled (round 0's may still be appealed,
     * which clears it), then the final one once executed; null while a round runs. `getDispute`
     * fills its own only at execution.
     */
    ruling: disputeRuling("ruling"),
    appellant: t.hex(),
    evidenceCount: t.integer().notNull(),
    /** From RulingExecuted. */
    slashed: t.bigint(),
    insured: t.bigint(),
    toClient: t.bigint(),
    toOperator: t.bigint(),
    openedAt: t.bigint().notNull(),
    appealedAt: t.bigint(),
    executedAt: t.bigint(),
    transactionHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    jobIdx: index().on(table.jobId),
    agentIdx: index().on(table.agentId),
    refIdx: index().on(table.ref),
    phaseIdx: index().on(table.phase),
  }),
);

/** One row per round of a dispute, as `getRound` and `panelOf` return it, with its payouts. */
export const disputeRound = onchainTable(
  "dispute_round",
  (t) => ({
    /** `<disputeId>-<round>`. */
    id: t.text().primaryKey(),
    disputeId: t.bigint().notNull(),
    round: t.integer().notNull(),
    bondPoster: t.hex().notNull(),
    bond: t.bigint().notNull(),
    seats: t.integer().notNull(),
    /** The registry's ticket for the round's draw: the last one taken (DrawDeferred replaces it). */
    drawTicket: t.bigint().notNull(),
    /** Tickets drawn with too few arbitrators to seat the panel, each replaced by a later one. */
    deferrals: t.integer().notNull(),
    drawDeadline: t.bigint().notNull(),
    /** The seated arbitrators in seat order; empty before the draw. */
    panel: t.hex().array().notNull(),
    lockPerSeat: t.bigint(),
    commitEndsAt: t.bigint(),
    revealEndsAt: t.bigint(),
    /** Set when ruled: the end of round 0's appeal window (the ruling time otherwise). */
    appealEndsAt: t.bigint(),
    commits: t.integer().notNull(),
    reveals: t.integer().notNull(),
    votesForClient: t.integer().notNull(),
    votesForAgent: t.integer().notNull(),
    ruling: disputeRuling("ruling"),
    lapsed: t.boolean().notNull(),
    /** Panel fee taken from the bond, and non-reveal penalties, shared by the coherent voters. */
    fee: t.bigint(),
    penalties: t.bigint(),
    coherentVoters: t.integer(),
    startedAt: t.bigint().notNull(),
    drawnAt: t.bigint(),
    ruledAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ disputeIdx: index().on(table.disputeId) }),
);

/** One row per seat of a drawn panel: the arbitrator's commit, reveal and what the seat paid or cost. */
export const panelSeat = onchainTable(
  "panel_seat",
  (t) => ({
    /** `<disputeId>-<round>-<arbitrator>`. */
    id: t.text().primaryKey(),
    disputeId: t.bigint().notNull(),
    round: t.integer().notNull(),
    /** Position in the panel (seat order). */
    seat: t.integer().notNull(),
    arbitrator: t.hex().notNull(),
    lockAmount: t.bigint().notNull(),
    committedAt: t.bigint(),
    revealedAt: t.bigint(),
    /** The revealed vote; null until revealed (and forever for a seat that never revealed). */
    vote: disputeRuling("vote"),
    /** Set when the round is ruled: whether the seat revealed the round's ruling. */
    coherent: t.boolean(),
    /** Lock taken for not revealing; 0 otherwise. */
    penalty: t.bigint().notNull(),
    penalized: t.boolean().notNull(),
    /** The seat's share of the round's fee and penalties. */
    feeCredited: t.bigint().notNull(),
    drawnAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    disputeIdx: index().on(table.disputeId, table.round),
    arbitratorIdx: index().on(table.arbitrator),
  }),
);

/** One row per EvidenceSubmitted: the receipts it cites (checked on chain) and its URI. */
export const evidence = onchainTable(
  "evidence",
  (t) => ({
    id: t.text().primaryKey(),
    disputeId: t.bigint().notNull(),
    party: t.hex().notNull(),
    batchIds: t.hex().array().notNull(),
    receiptDigests: t.hex().array().notNull(),
    uri: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ disputeIdx: index().on(table.disputeId) }),
);

/** What the court owes each account (`balanceOf`) and what it credited and paid out over time. */
export const courtBalance = onchainTable("court_balance", (t) => ({
  account: t.hex().primaryKey(),
  /** Equals `balanceOf(account)`. */
  balance: t.bigint().notNull(),
  totalCredited: t.bigint().notNull(),
  totalWithdrawn: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/**
 * The arbitrator registry's draw line now (one row, keyed by the registry): what `phase`,
 * `session`, `phaseStartedAt`, `drawSchedule`, `randomnessSource` and `openTickets` return.
 */
export const drawLine = onchainTable("draw_line", (t) => ({
  registry: t.hex().primaryKey(),
  phase: drawPhase("phase").notNull(),
  /** The current (or last) session; 0 before the first. */
  session: t.bigint().notNull(),
  phaseStartedAt: t.bigint().notNull(),
  minStakingTime: t.bigint().notNull(),
  maxDrawingTime: t.bigint().notNull(),
  randomnessSource: t.hex().notNull(),
  openTickets: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/**
 * One row per draw session, from the randomness request that starts it: the request whose value
 * drew its tickets, that value, and how the session ended.
 */
export const drawSession = onchainTable("draw_session", (t) => ({
  session: t.bigint().primaryKey(),
  /** Generating, Drawing, or Staking once the session ended. */
  phase: drawPhase("phase").notNull(),
  /** The session's randomness request: the last one made (an expired request is made again). */
  requestId: t.bigint().notNull(),
  requests: t.integer().notNull(),
  /** Where that request was made: its block, and Ponder's chain-ordered id of its PhasePassed log. */
  requestedBlock: t.bigint().notNull(),
  requestEventId: t.text().notNull(),
  /** The request's value once the session reached Drawing; null before (and forever after a timeout). */
  randomness: t.bigint(),
  /** Tickets drawn with the value, panels seated or not. */
  ticketsDrawn: t.integer().notNull(),
  startedAt: t.bigint().notNull(),
  revealedAt: t.bigint(),
  endedAt: t.bigint(),
  /** Ended without a value after `maxDrawingTime`: its tickets wait for the next session. */
  timedOut: t.boolean().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** The registry's history: one row per PhasePassed (a phase entered, or an expired request made again). */
export const drawPhaseChange = onchainTable(
  "draw_phase_change",
  (t) => ({
    id: t.text().primaryKey(),
    phase: drawPhase("phase").notNull(),
    session: t.bigint().notNull(),
    requestId: t.bigint().notNull(),
    /** The session's value when entering Drawing (or ending after it); 0 otherwise. */
    randomness: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ sessionIdx: index().on(table.session) }),
);

/**
 * One row per draw ticket: the dispute round it was taken for, and how it was drawn, deferred or
 * cancelled. `takenBeforeRandomness` is the audit: the ticket was handed out before the
 * randomness that drew it was requested, so nobody knew the value when the ticket's place in
 * line, or any weight it was drawn from, could still change.
 */
export const drawTicket = onchainTable(
  "draw_ticket",
  (t) => ({
    ticket: t.bigint().primaryKey(),
    court: t.hex().notNull(),
    /** The first session whose randomness may draw it. */
    session: t.bigint().notNull(),
    /** The court's dispute and round (RoundStarted, DrawDeferred). */
    disputeId: t.bigint(),
    round: t.integer(),
    status: drawTicketStatus("status").notNull(),
    /** Seats the draw filled: the panel's size, or 0 when empty. */
    seats: t.integer(),
    /** The session whose randomness drew it, that session's request and value. */
    drawnSession: t.bigint(),
    randomnessRequestId: t.bigint(),
    randomness: t.bigint(),
    takenBeforeRandomness: t.boolean(),
    /** The ticket the round took instead, when this one was empty (DrawDeferred). */
    deferredTo: t.bigint(),
    requestedBlock: t.bigint().notNull(),
    requestedAt: t.bigint().notNull(),
    /** Ponder's chain-ordered id of the DrawRequested log. */
    requestEventId: t.text().notNull(),
    drawnAt: t.bigint(),
    cancelledAt: t.bigint(),
    transactionHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    disputeIdx: index().on(table.disputeId),
    drawnSessionIdx: index().on(table.drawnSession),
    statusIdx: index().on(table.status),
  }),
);

/**
 * The insurance pool as it is now, replayed from events alone (src/lib/pool-ledger.ts):
 * `totalAssets`, `totalReserved`, `totalReleasable`, `totalUnowned` and `totalSupply` equal the
 * contract's getters after every block.
 */
export const insurancePool = onchainTable("insurance_pool", (t) => ({
  address: t.hex().primaryKey(),
  totalAssets: t.bigint().notNull(),
  totalReserved: t.bigint().notNull(),
  /** Released by settled claims to the holders at filing, not collected yet. */
  totalReleasable: t.bigint().notNull(),
  /** The virtual shares' part of every release: nobody's. */
  totalUnowned: t.bigint().notNull(),
  totalSupply: t.bigint().notNull(),
  depositedToDate: t.bigint().notNull(),
  withdrawnToDate: t.bigint().notNull(),
  premiumsToDate: t.bigint().notNull(),
  /** Panel fees nobody earned, fee dust and unneeded claim payouts the court sent back. */
  courtTransfersToDate: t.bigint().notNull(),
  claimsPaidToDate: t.bigint().notNull(),
  /** What settled claims gave back of their reservations (holders' parts and unowned parts). */
  releasedToDate: t.bigint().notNull(),
  collectedToDate: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** The pool's history: one row per event that moved it, with its totals right after. */
export const poolEvent = onchainTable(
  "pool_event",
  (t) => ({
    id: t.text().primaryKey(),
    kind: poolEventKind("kind").notNull(),
    /** The share owner (deposit, withdraw, redeem requests), the claim's recipient, the holder collecting, or the job's operator for a premium. */
    account: t.hex(),
    /** Tokens in or out (reserved for claim_filed, paid for claim_paid, released for claim_cancelled, collected for release_collected). */
    assets: t.bigint().notNull(),
    /** Shares minted, burned or locked. */
    shares: t.bigint(),
    claimId: t.bigint(),
    jobId: t.bigint(),
    disputeId: t.bigint(),
    totalAssetsAfter: t.bigint().notNull(),
    totalReservedAfter: t.bigint().notNull(),
    totalReleasableAfter: t.bigint().notNull(),
    totalUnownedAfter: t.bigint().notNull(),
    totalSupplyAfter: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ kindIdx: index().on(table.kind), accountIdx: index().on(table.account) }),
);

/** One row per block in which the pool changed: the solvency chart's series. */
export const poolSnapshot = onchainTable(
  "pool_snapshot",
  (t) => ({
    blockNumber: t.bigint().primaryKey(),
    timestamp: t.bigint().notNull(),
    totalAssets: t.bigint().notNull(),
    totalReserved: t.bigint().notNull(),
    totalReleasable: t.bigint().notNull(),
    totalUnowned: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    /** Assets per 10^18 shares (`totalAssets × 10^18 / totalSupply`); null without shares. */
    sharePrice: t.bigint(),
    premiumsToDate: t.bigint().notNull(),
    claimsPaidToDate: t.bigint().notNull(),
  }),
  (table) => ({ timestampIdx: index().on(table.timestamp) }),
);

/** Every account's pool shares now, from the share token's Transfer events: equals `balanceOf`. */
export const poolHolder = onchainTable("pool_holder", (t) => ({
  address: t.hex().primaryKey(),
  shares: t.bigint().notNull(),
  /** What it collected of settled claims' releases. */
  collectedToDate: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** A claim on the pool (IInsurancePool.Claim), from its events. */
export const insuranceClaim = onchainTable(
  "insurance_claim",
  (t) => ({
    /** The claim id. */
    id: t.bigint().primaryKey(),
    recipient: t.hex().notNull(),
    /** The court's reference: its dispute's `disputeRef`. */
    ref: t.hex().notNull(),
    filer: t.hex().notNull(),
    status: insuranceClaimStatus("status").notNull(),
    amount: t.bigint().notNull(),
    reserved: t.bigint().notNull(),
    /** Share supply at filing: with the virtual shares, the denominator of every holder's part. */
    supplyAtFiling: t.bigint().notNull(),
    /** Set when settled: what was paid, what of the amount was not covered, what went back. */
    paid: t.bigint(),
    shortfall: t.bigint(),
    released: t.bigint(),
    /** The holders' part of `released` (see releaseSplit); the rest is unowned. */
    holdersPart: t.bigint(),
    /** Collected so far by the holders at filing; `holdersPart - collected` is the claim's `uncollected`. */
    collected: t.bigint().notNull(),
    filedAt: t.bigint().notNull(),
    filedBlock: t.bigint().notNull(),
    settledAt: t.bigint(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ refIdx: index().on(table.ref), statusIdx: index().on(table.status) }),
);

/**
 * A holder's side pocket in a claim: its shares when the claim was filed (a row for every account
 * holding shares then), its part once the claim settled and whether it collected it. What a holder
 * can collect now is `part` of its rows with `part > 0` and no `collectedAt`.
 */
export const claimShare = onchainTable(
  "claim_share",
  (t) => ({
    claimId: t.bigint().notNull(),
    holder: t.hex().notNull(),
    /** Equals `sharesAtFiling(claimId, holder)`. */
    sharesAtFiling: t.bigint().notNull(),
    /** Its part of the release once the claim settled (`releasableOf` until collected); null while pending. */
    part: t.bigint(),
    collectedAt: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.claimId, table.holder] }),
    holderIdx: index().on(table.holder),
  }),
);

/**
 * An agent's reputation (sdk/src/reputation.ts): `score` as of `updatedAt`; its value at another
 * time t is `score × 2^(-(t - updatedAt) / halfLife)`, which the API computes.
 */
export const agentReputation = onchainTable(
  "agent_reputation",
  (t) => ({
    agentId: t.bigint().primaryKey(),
    operator: t.hex().notNull(),
    score: t.doublePrecision().notNull(),
    paidJobs: t.integer().notNull(),
    paidValue: t.bigint().notNull(),
    disputesLost: t.integer().notNull(),
    slashes: t.integer().notNull(),
    slashedAmount: t.bigint().notNull(),
    /** Endorsements adding to the score now (counted under the cap, not voided). */
    endorsements: t.integer().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ operatorIdx: index().on(table.operator) }),
);

/** An operator's reputation: every item of its agents' reputations plus every slash of its stake. */
export const operatorReputation = onchainTable("operator_reputation", (t) => ({
  address: t.hex().primaryKey(),
  score: t.doublePrecision().notNull(),
  paidJobs: t.integer().notNull(),
  paidValue: t.bigint().notNull(),
  disputesLost: t.integer().notNull(),
  slashes: t.integer().notNull(),
  slashedAmount: t.bigint().notNull(),
  /** Endorsements adding to the score now (counted under the cap, not voided). */
  endorsements: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** One row per reputation change, for a per-agent or per-operator chart. */
export const reputationPoint = onchainTable(
  "reputation_point",
  (t) => ({
    /** `<event id>-<subject kind>`: an event can move an agent and its operator. */
    id: t.text().primaryKey(),
    subjectKind: reputationSubject("subject_kind").notNull(),
    /** The agent id (decimal) or the operator's address. */
    subject: t.text().notNull(),
    cause: reputationCause("cause").notNull(),
    /** The job's payment (job_paid, dispute_lost) or the stake taken (slashed); 0 for endorsements. */
    amount: t.bigint().notNull(),
    delta: t.doublePrecision().notNull(),
    /** The score right after, as of `timestamp`. */
    scoreAfter: t.doublePrecision().notNull(),
    jobId: t.bigint(),
    disputeId: t.bigint(),
    /** The endorsement's nullifier (endorsed, endorsement_voided). */
    nullifier: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ subjectIdx: index().on(table.subjectKind, table.subject) }),
);

/**
 * The anonymous stake group as it is now (one row: the AnonymousStakeGroup of the deployment),
 * replayed from its events: `live` and `pending` equal `totalLive()` and `totalPending()`, `size`
 * and `root` equal `size()` and `root()`.
 */
export const stakeGroup = onchainTable("stake_group", (t) => ({
  address: t.hex().primaryKey(),
  live: t.bigint().notNull(),
  /** Requested withdrawals not paid yet (still slashable). */
  pending: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  slashed: t.bigint().notNull(),
  /** Identities whose leaf is live: the anonymity set of a proof against the current root. */
  members: t.integer().notNull(),
  /** Leaves appended, zeroed ones included. */
  size: t.integer().notNull(),
  root: t.bigint().notNull(),
  /** The `stakeGroupRoot` row of `root`. */
  rootId: t.text().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/**
 * One row per identity (commitment) and its leaf. `leaf` is the leaf's value in the tree now
 * (0 once withdrawn or slashed): the rows ordered by `leafIndex` rebuild the tree.
 */
export const stakeGroupLeaf = onchainTable(
  "stake_group_leaf",
  (t) => ({
    commitment: t.bigint().primaryKey(),
    leafIndex: t.integer().notNull(),
    leaf: t.bigint().notNull(),
    /** Poseidon(commitment, amount), as deposited. */
    depositedLeaf: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    depositor: t.hex().notNull(),
    status: stakeGroupLeafStatus("status").notNull(),
    /** Set by a withdrawal request. */
    recipient: t.hex(),
    unlockAt: t.bigint(),
    /** Who sent the withdrawal request; paid `relayerFee` of the amount at withdraw. */
    relayer: t.hex(),
    relayerFee: t.bigint(),
    depositedAt: t.bigint().notNull(),
    withdrawalRequestedAt: t.bigint(),
    withdrawnAt: t.bigint(),
    slashedAt: t.bigint(),
    transactionHash: t.hex().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ leafIdx: index().on(table.leafIndex), statusIdx: index().on(table.status) }),
);

/**
 * The group's root history, oldest first by `id` (the event that set it). A root can recur (a
 * zeroed last leaf restores an older root), so rows are per change. A root proves within the
 * group's `rootValidity` after `replacedAt` (null while current).
 */
export const stakeGroupRoot = onchainTable(
  "stake_group_root",
  (t) => ({
    id: t.text().primaryKey(),
    root: t.bigint().notNull(),
    /** `size()` when it was set. */
    leafCount: t.integer().notNull(),
    cause: stakeGroupRootCause("cause").notNull(),
    /** The leaf whose change set it. */
    leafIndex: t.integer().notNull(),
    setAt: t.bigint().notNull(),
    replacedAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ rootIdx: index().on(table.root), setAtIdx: index().on(table.setAt) }),
);

/**
 * One row per `Slashed`: a live leaf zeroed, or a pending withdrawal taken (`leafZeroed` false).
 * The whole amount goes to the group's sink; nobody is rewarded. `doubleSignal` when Endorsements
 * slashed it in the transaction that recorded a double signal (the slasher is Endorsements).
 */
export const groupSlash = onchainTable(
  "group_slash",
  (t) => ({
    id: t.text().primaryKey(),
    commitment: t.bigint().notNull(),
    leafIndex: t.integer().notNull(),
    slasher: t.hex().notNull(),
    /** All of it to the group's sink (the insurance pool). */
    amount: t.bigint().notNull(),
    doubleSignal: t.boolean().notNull(),
    leafZeroed: t.boolean().notNull(),
    /** The root right after. */
    root: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ commitmentIdx: index().on(table.commitment) }),
);

/**
 * One row per nullifier's first signal (`Endorsed`): one identity, agent and epoch. A second
 * message under the same nullifier voids it (see `doubleSignal`).
 */
export const endorsement = onchainTable(
  "endorsement",
  (t) => ({
    nullifier: t.bigint().primaryKey(),
    agentId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    /** The endorser's statement (bytes32) and its circuit message. */
    signal: t.hex().notNull(),
    message: t.bigint().notNull(),
    /** The share's y (x is `message`). */
    y: t.bigint().notNull(),
    /** The group root the proof was made against. */
    root: t.bigint().notNull(),
    status: endorsementStatus("status").notNull(),
    /** Whether it added ENDORSEMENT_WEIGHT to reputation (counted under the epoch's cap). */
    rewarded: t.boolean().notNull(),
    voidedAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ agentEpochIdx: index().on(table.agentId, table.epoch) }),
);

/** An agent's endorsements in an epoch: `count` equals `endorsementCount(agentId, epoch)`. */
export const endorsementTally = onchainTable(
  "endorsement_tally",
  (t) => ({
    agentId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    count: t.integer().notNull(),
    /** Of `count`, those adding to reputation (at most ENDORSEMENT_CAP_PER_EPOCH). */
    rewarded: t.integer().notNull(),
    voided: t.integer().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.agentId, table.epoch] }) }),
);

/**
 * One row per `DoubleSignalled`: the nullifier's two shares (x = message, y). Anyone can recover
 * the identity's secret from them (`recoverSecret`) and slash its stake through the group.
 */
export const doubleSignal = onchainTable(
  "double_signal",
  (t) => ({
    nullifier: t.bigint().primaryKey(),
    agentId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    x1: t.bigint().notNull(),
    y1: t.bigint().notNull(),
    x2: t.bigint().notNull(),
    y2: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ agentIdx: index().on(table.agentId) }),
);

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
  endorsements: many(endorsement),
  endorsementTallies: many(endorsementTally),
}));

export const leaseRelations = relations(lease, ({ one, many }) => ({
  agent: one(agent, { fields: [lease.agentId], references: [agent.id] }),
  jobs: many(job),
}));

export const jobRelations = relations(job, ({ one, many }) => ({
  lease: one(lease, { fields: [job.leaseId], references: [lease.id] }),
  agent: one(agent, { fields: [job.agentId], references: [agent.id] }),
  events: many(jobEvent),
  dispute: one(dispute, { fields: [job.disputeId], references: [dispute.id] }),
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
  dispute: one(dispute, { fields: [slash.disputeId], references: [dispute.id] }),
}));

export const releaseRelations = relations(release, ({ one, many }) => ({
  code: one(code, { fields: [release.codeHash], references: [code.codeHash] }),
  approvalProposal: one(proposal, { fields: [release.approvalProposalId], references: [proposal.id] }),
  approvalActions: many(proposalAction),
}));

export const codeRelations = relations(code, ({ many }) => ({
  releases: many(release),
}));

export const proposalRelations = relations(proposal, ({ many }) => ({
  actions: many(proposalAction),
  votes: many(vote),
}));

export const proposalActionRelations = relations(proposalAction, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalAction.proposalId], references: [proposal.id] }),
  release: one(release, { fields: [proposalAction.releaseId], references: [release.id] }),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));

export const disputeRelations = relations(dispute, ({ one, many }) => ({
  job: one(job, { fields: [dispute.jobId], references: [job.id] }),
  agent: one(agent, { fields: [dispute.agentId], references: [agent.id] }),
  rounds: many(disputeRound),
  panelSeats: many(panelSeat),
  evidence: many(evidence),
  slashes: many(slash),
  drawTickets: many(drawTicket),
}));

export const drawTicketRelations = relations(drawTicket, ({ one }) => ({
  dispute: one(dispute, { fields: [drawTicket.disputeId], references: [dispute.id] }),
  drawSession: one(drawSession, { fields: [drawTicket.drawnSession], references: [drawSession.session] }),
}));

export const drawSessionRelations = relations(drawSession, ({ many }) => ({
  tickets: many(drawTicket),
  phaseChanges: many(drawPhaseChange),
}));

export const drawPhaseChangeRelations = relations(drawPhaseChange, ({ one }) => ({
  drawSession: one(drawSession, { fields: [drawPhaseChange.session], references: [drawSession.session] }),
}));

export const disputeRoundRelations = relations(disputeRound, ({ one }) => ({
  dispute: one(dispute, { fields: [disputeRound.disputeId], references: [dispute.id] }),
}));

export const panelSeatRelations = relations(panelSeat, ({ one }) => ({
  dispute: one(dispute, { fields: [panelSeat.disputeId], references: [dispute.id] }),
  arbitratorAccount: one(arbitrator, { fields: [panelSeat.arbitrator], references: [arbitrator.address] }),
}));

export const arbitratorRelations = relations(arbitrator, ({ many }) => ({
  panelSeats: many(panelSeat),
}));

export const evidenceRelations = relations(evidence, ({ one }) => ({
  dispute: one(dispute, { fields: [evidence.disputeId], references: [dispute.id] }),
}));

export const agentReputationRelations = relations(agentReputation, ({ one }) => ({
  agent: one(agent, { fields: [agentReputation.agentId], references: [agent.id] }),
}));

export const endorsementRelations = relations(endorsement, ({ one }) => ({
  agent: one(agent, { fields: [endorsement.agentId], references: [agent.id] }),
  doubleSignal: one(doubleSignal, { fields: [endorsement.nullifier], references: [doubleSignal.nullifier] }),
}));

export const endorsementTallyRelations = relations(endorsementTally, ({ one }) => ({
  agent: one(agent, { fields: [endorsementTally.agentId], references: [agent.id] }),
}));

export const doubleSignalRelations = relations(doubleSignal, ({ one }) => ({
  endorsement: one(endorsement, { fields: [doubleSignal.nullifier], references: [endorsement.nullifier] }),
}));
