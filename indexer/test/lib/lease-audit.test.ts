import { describe, expect, it } from "vitest";
import {
  auditJob,
  auditLeases,
  leaseState,
  type AuditedJobInput,
  type AuditedLeaseInput,
} from "../../src/lib/lease-audit.ts";

const lease = (overrides: Partial<AuditedLeaseInput> = {}): AuditedLeaseInput => ({
  id: 1n,
  owner: "0x00000000000000000000000000000000000000aa",
  agentId: 7n,
  grantedAt: 1_000n,
  expiry: 2_000n,
  maxTtlAtGrant: 1_000n,
  status: "granted",
  revokedAt: null,
  ...overrides,
});

const job = (overrides: Partial<AuditedJobInput> = {}): AuditedJobInput => ({
  id: 1n,
  leaseId: 1n,
  status: "accepted",
  deadline: 1_500n,
  receiptDigest: null,
  payout: null,
  premium: null,
  refund: null,
  ...overrides,
});

const digest = `0x${"ab".repeat(32)}`;

describe("# leaseState", () => {
  it("should count a lease live only while now is before its expiry", () => {
    expect(leaseState(lease(), 1_999n)).toBe("live");
    expect(leaseState(lease(), 2_000n)).toBe("expired");
    expect(leaseState(lease(), 5_000n)).toBe("expired");
  });

  it("should call a revoked lease revoked, before or after its expiry", () => {
    expect(leaseState(lease({ status: "revoked", revokedAt: 1_200n }), 1_300n)).toBe("revoked");
    expect(leaseState(lease({ status: "revoked", revokedAt: 1_200n }), 3_000n)).toBe("revoked");
  });
});

describe("# auditJob", () => {
  it("should leave a job without receipt or refund pending until its deadline, then flag it", () => {
    expect(auditJob(job(), 1_500n).coverage).toBe("pending");
    expect(auditJob(job(), 1_501n).coverage).toBe("awaiting_refund");
    expect(auditJob(job({ status: "open" }), 1_501n).coverage).toBe("awaiting_refund");
  });

  it("should count a receipt as coverage whatever the deadline, submitted or settled", () => {
    for (const status of ["submitted", "frozen", "paid", "voided", "refused", "rejected"] as const) {
      expect(auditJob(job({ status, receiptDigest: digest }), 9_999n).coverage, status).toBe("receipt");
    }
  });

  it("should count a refund without receipt as coverage", () => {
    for (const status of ["cancelled", "expired"] as const) {
      const audited = auditJob(job({ status, refund: 5n, payout: 0n, premium: 0n }), 9_999n);
      expect(audited, status).toMatchObject({ coverage: "refund", refunded: true, hasReceipt: false });
    }
  });

  it("should show how a settled job was settled and nothing for an unsettled one", () => {
    expect(
      auditJob(job({ status: "paid", receiptDigest: digest, payout: 97n, premium: 3n, refund: 0n }), 0n),
    ).toMatchObject({
      refunded: false,
      settlement: { status: "paid", payout: 97n, premium: 3n, refund: 0n },
    });
    expect(
      auditJob(job({ status: "voided", receiptDigest: digest, payout: 0n, premium: 0n, refund: 100n }), 0n),
    ).toMatchObject({ hasReceipt: true, refunded: true, settlement: { status: "voided", refund: 100n } });
    expect(auditJob(job({ status: "submitted", receiptDigest: digest }), 0n).settlement).toBeNull();
  });
});

describe("# auditLeases", () => {
  it("should flag a lease whose life exceeds the maxTtl in force at its grant", () => {
    const result = auditLeases({
      leases: [lease({ id: 1n }), lease({ id: 2n, expiry: 2_001n }), lease({ id: 3n, maxTtlAtGrant: 500n })],
      jobs: [],
      now: 1_100n,
    });
    expect(result.ttlViolations).toEqual([2n, 3n]);
    expect(result.leases.map((audited) => [audited.ttl, audited.ttlExceeded])).toEqual([
      [1_000n, false],
      [1_001n, true],
      [1_000n, true],
    ]);
    expect(result.ok).toBe(false);
  });

  it("should group jobs under their lease in id order and list those awaiting a refund", () => {
    const result = auditLeases({
      leases: [lease({ id: 2n }), lease({ id: 1n, status: "revoked", revokedAt: 1_100n })],
      jobs: [
        job({ id: 3n, leaseId: 2n }),
        job({ id: 1n, leaseId: 2n, status: "cancelled", refund: 1n }),
        job({ id: 2n, leaseId: 1n, deadline: 3_000n }),
      ],
      now: 1_600n,
    });
    expect(result.leases.map((audited) => [audited.id, audited.state, audited.jobs.map((j) => j.id)])).toEqual([
      [1n, "revoked", [2n]],
      [2n, "live", [1n, 3n]],
    ]);
    expect(result.jobsAwaitingRefund).toEqual([3n]);
    expect(result.summary).toEqual({
      leases: 2,
      live: 1,
      expired: 0,
      revoked: 1,
      jobs: 3,
      ttlViolations: 0,
      jobsAwaitingRefund: 1,
    });
    expect(result.ok).toBe(false);
  });

  it("should pass when every lease kept its TTL and every overdue job has a receipt or a refund", () => {
    const result = auditLeases({
      leases: [lease()],
      jobs: [job({ status: "expired", refund: 1n }), job({ id: 2n, status: "paid", receiptDigest: digest })],
      now: 2_500n,
    });
    expect(result).toMatchObject({ asOf: 2_500n, ok: true, ttlViolations: [], jobsAwaitingRefund: [] });
    expect(result.leases[0]!.state).toBe("expired");
  });
});
