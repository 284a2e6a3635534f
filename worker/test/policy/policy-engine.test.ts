import { parseEther, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { PolicyEngineError } from "../../src/errors.ts";
import { evaluateRunJob, type PolicyInput } from "../../src/policy/index.ts";

const codeHash = `0x${"ab".repeat(32)}` as Hex;
const scope = `0x${"5c".repeat(32)}` as Hex;

const allowed: PolicyInput = {
  operator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  freeStake: parseEther("150"),
  minimumStake: parseEther("100"),
  job: { jobId: 7n, deadline: 2_000n, payment: parseEther("1") },
  lease: { leaseId: 3n, live: true, scopeHash: scope, agentId: 1n },
  agent: { agentId: 1n, active: true, codeHash },
  bundleCodeHash: codeHash,
  codeApproved: true,
  now: 1_000n,
  paymentFloor: parseEther("0.5"),
  servedScopes: [scope],
};

describe("# evaluateRunJob", () => {
  it("should permit a job that meets every rule", () => {
    expect(evaluateRunJob(allowed)).toEqual({ allowed: true, reasons: [] });
  });

  it("should forbid when the lease is not live", () => {
    expect(evaluateRunJob({ ...allowed, lease: { ...allowed.lease, live: false } }).reasons).toEqual([
      "lease-not-live",
    ]);
  });

  it("should forbid a lease for a scope the worker does not serve", () => {
    expect(evaluateRunJob({ ...allowed, servedScopes: [`0x${"00".repeat(31)}01`] }).reasons).toEqual([
      "scope-not-served",
    ]);
  });

  it("should match scope hashes in any letter case", () => {
    expect(evaluateRunJob({ ...allowed, servedScopes: [scope.toUpperCase().replace("0X", "0x") as Hex] }).allowed).toBe(
      true,
    );
  });

  it("should forbid a lease granted to another agent", () => {
    expect(evaluateRunJob({ ...allowed, lease: { ...allowed.lease, agentId: 2n } }).reasons).toEqual([
      "lease-for-other-agent",
    ]);
  });

  it("should forbid when the agent is inactive", () => {
    expect(evaluateRunJob({ ...allowed, agent: { ...allowed.agent, active: false } }).reasons).toEqual([
      "agent-inactive",
    ]);
  });

  it("should forbid a bundle whose code hash is not the agent's registered one", () => {
    expect(evaluateRunJob({ ...allowed, bundleCodeHash: `0x${"cd".repeat(32)}` }).reasons).toEqual([
      "code-hash-mismatch",
    ]);
  });

  it("should forbid a bundle governance has not approved, or whose approval a guardian revoked", () => {
    expect(evaluateRunJob({ ...allowed, codeApproved: false }).reasons).toEqual(["code-not-approved"]);
  });

  it("should forbid when the operator's free stake is below the minimum, and permit at exactly the minimum", () => {
    expect(evaluateRunJob({ ...allowed, freeStake: parseEther("100") - 1n }).reasons).toEqual(["stake-below-minimum"]);
    expect(evaluateRunJob({ ...allowed, freeStake: parseEther("100") }).allowed).toBe(true);
  });

  it("should forbid once the deadline is not after now", () => {
    expect(evaluateRunJob({ ...allowed, now: 2_000n }).reasons).toEqual(["deadline-passed"]);
    expect(evaluateRunJob({ ...allowed, now: 1_999n }).allowed).toBe(true);
  });

  it("should forbid a payment below the configured floor, and permit one at the floor", () => {
    expect(evaluateRunJob({ ...allowed, paymentFloor: parseEther("2") }).reasons).toEqual(["payment-below-floor"]);
    expect(evaluateRunJob({ ...allowed, paymentFloor: parseEther("1") }).allowed).toBe(true);
  });

  it("should name every rule that failed", () => {
    const decision = evaluateRunJob({
      ...allowed,
      lease: { ...allowed.lease, live: false },
      agent: { ...allowed.agent, active: false },
      now: 5_000n,
    });
    expect(decision).toEqual({ allowed: false, reasons: ["agent-inactive", "deadline-passed", "lease-not-live"] });
  });

  it("should clamp amounts past Cedar's 64-bit Long instead of failing", () => {
    expect(evaluateRunJob({ ...allowed, freeStake: 1n << 200n }).allowed).toBe(true);
  });

  it("should throw PolicyEngineError, not deny, on a policy that does not parse", () => {
    expect(() => evaluateRunJob({ ...allowed, policyText: "permit(" })).toThrow(PolicyEngineError);
  });

  it("should throw PolicyEngineError when a rule errors at evaluation", () => {
    const policyText = `permit (principal, action, resource) when { resource.missing };`;
    expect(() => evaluateRunJob({ ...allowed, policyText })).toThrow(PolicyEngineError);
  });
});
