/**
 * The worker's run-or-refuse decision, made by Cedar (`@cedar-policy/cedar-wasm`, its Node build:
 * the WebAssembly is in the package, nothing is fetched). The policy text lives in
 * ./policies.cedar; this module builds the entities from chain state and turns Cedar's answer
 * into a decision with reasons (the ids of the forbid rules that fired).
 *
 * Entities: principal Operator::"<address>" {freeStakeGwei}; resource Job::"<jobId>" {deadline,
 * paymentGwei, bundleCodeHash, codeApproved, lease: Lease, agent: Agent}; Lease {live, scopeHash, agentId};
 * Agent {active, codeHash, agentId}. Context: {now, minimumStakeGwei, paymentFloorGwei,
 * servedScopes}. Hashes are lower-case hex strings, ids decimal strings.
 */
import { readFileSync } from "node:fs";
import {
  isAuthorized,
  policySetTextToParts,
  policyToJson,
  type EntityJson,
  type Policy,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { Address, Hex } from "viem";
import { PolicyEngineError } from "../errors.ts";

export const defaultPolicyText = readFileSync(new URL("./policies.cedar", import.meta.url), "utf8");

const GWEI = 1_000_000_000n;
// Cedar's Long is 64-bit but its JSON goes through a double: clamp where precision still holds.
const LONG_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const policySets = new Map<string, Record<string, Policy>>();

export type PolicyInput = {
  operator: Address;
  /** Operator's free stake, token base units. */
  freeStake: bigint;
  minimumStake: bigint;
  job: { jobId: bigint; deadline: bigint; payment: bigint };
  lease: { leaseId: bigint; live: boolean; scopeHash: Hex; agentId: bigint };
  agent: { agentId: bigint; active: boolean; codeHash: Hex };
  /** keccak256 of the bundle the worker would run. */
  bundleCodeHash: Hex;
  /** Whether governance approved a release of that bundle and no guardian revoked the code (CodeRegistry.isApproved), now. */
  codeApproved: boolean;
  /** Chain time, unix seconds. */
  now: bigint;
  /** Lowest payment the worker works for, token base units. */
  paymentFloor: bigint;
  /** Scope hashes this worker serves. */
  servedScopes: readonly Hex[];
};

export type PolicyDecision = { allowed: true; reasons: [] } | { allowed: false; reasons: string[] };

export type EvaluatePolicyParameters = PolicyInput & { policyText?: string };

/** Decides whether the operator's worker runs the job. Throws PolicyEngineError only if Cedar cannot evaluate. */
export function evaluateRunJob({ policyText = defaultPolicyText, ...input }: EvaluatePolicyParameters): PolicyDecision {
  const leaseUid = { type: "Lease", id: input.lease.leaseId.toString() };
  const agentUid = { type: "Agent", id: input.agent.agentId.toString() };
  const operatorUid = { type: "Operator", id: input.operator.toLowerCase() };
  const jobUid = { type: "Job", id: input.job.jobId.toString() };
  const entities: EntityJson[] = [
    { uid: operatorUid, attrs: { freeStakeGwei: toLong(input.freeStake / GWEI) }, parents: [] },
    {
      uid: leaseUid,
      attrs: {
        live: input.lease.live,
        scopeHash: input.lease.scopeHash.toLowerCase(),
        agentId: input.lease.agentId.toString(),
      },
      parents: [],
    },
    {
      uid: agentUid,
      attrs: {
        active: input.agent.active,
        codeHash: input.agent.codeHash.toLowerCase(),
        agentId: input.agent.agentId.toString(),
      },
      parents: [],
    },
    {
      uid: jobUid,
      attrs: {
        deadline: toLong(input.job.deadline),
        paymentGwei: toLong(input.job.payment / GWEI),
        bundleCodeHash: input.bundleCodeHash.toLowerCase(),
        codeApproved: input.codeApproved,
        lease: { __entity: leaseUid },
        agent: { __entity: agentUid },
      },
      parents: [],
    },
  ];
  const answer = isAuthorized({
    principal: operatorUid,
    action: { type: "Action", id: "RunJob" },
    resource: jobUid,
    context: {
      now: toLong(input.now),
      minimumStakeGwei: toLong(ceilDiv(input.minimumStake, GWEI)),
      paymentFloorGwei: toLong(ceilDiv(input.paymentFloor, GWEI)),
      servedScopes: input.servedScopes.map((scope) => scope.toLowerCase()),
    },
    policies: { staticPolicies: policiesById(policyText) },
    entities,
  });
  if (answer.type === "failure") {
    throw new PolicyEngineError(`Cedar could not evaluate: ${answer.errors.map((e) => e.message).join("; ")}`);
  }
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) {
    // A rule that errors is skipped by Cedar; for a worker that decides on money, that is a bug.
    throw new PolicyEngineError(
      `Policy evaluation errors: ${diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`).join("; ")}`,
    );
  }
  if (decision === "allow") return { allowed: true, reasons: [] };
  const reasons = [...diagnostics.reason].sort();
  return { allowed: false, reasons: reasons.length > 0 ? reasons : ["no-permit"] };
}

/**
 * Cedar names text policies policy0, policy1, ... whatever their @id says; keyed by @id instead,
 * a denial's reasons are the rule names. Parsed once per policy text.
 */
function policiesById(policyText: string): Record<string, Policy> {
  const cached = policySets.get(policyText);
  if (cached) return cached;
  const parts = policySetTextToParts(policyText);
  if (parts.type === "failure") {
    throw new PolicyEngineError(`Policy text does not parse: ${parts.errors.map((e) => e.message).join("; ")}`);
  }
  const byId: Record<string, Policy> = {};
  parts.policies.forEach((text, index) => {
    const json = policyToJson(text);
    if (json.type === "failure") throw new PolicyEngineError(`Policy ${index} cannot be read`);
    const id = json.json.annotations?.["id"] ?? `policy${index}`;
    if (id in byId) throw new PolicyEngineError(`Two policies share the @id ${id}`);
    byId[id] = text;
  });
  policySets.set(policyText, byId);
  return byId;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function toLong(value: bigint): number {
  const clamped = value > LONG_MAX ? LONG_MAX : value;
  return Number(clamped);
}
