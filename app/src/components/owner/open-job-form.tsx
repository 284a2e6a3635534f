"use client";
import { jobEscrowAbi } from "@leasehold/sdk/abis";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { erc20Abi, parseEventLogs, type Hex } from "viem";
import { AmountInput } from "@/components/ui/amount-input";
import { describedBy, Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { agentOffer, nameHash } from "@/lib/agent-offers";
import { formatTimestamp, shortHex } from "@/lib/format";
import { MAX_JOB_INPUT_BYTES, saveJobInput } from "@/lib/job-inputs";
import type { IndexedLease, LendableAgent } from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import {
  durationUnitSeconds,
  parseAmount,
  parseDuration,
  parseWholeNumber,
  type DurationUnit,
  type Validated,
} from "@/lib/validation";
import { leaseState } from "./lease-state";
import type { ContentKeysState } from "./use-content-keys";
import type { OwnerReads } from "./use-owner-reads";

const CUSTOM = "__custom__";
const UINT64_MAX = 2n ** 64n - 1n;
/** Enough fuel for the example agents on a context of a few hundred kilobytes. */
const DEFAULT_BUDGET = "50000000";

/** Post a job under a live lease: the payment goes into escrow (approve, then openJob). */
export function OpenJobForm({
  leases,
  agents,
  selectedLeaseId,
  onSelectLease,
  keys,
  reads,
  token,
  writable,
}: {
  leases: readonly IndexedLease[];
  agents: readonly LendableAgent[];
  selectedLeaseId: string;
  onSelectLease: (leaseId: string) => void;
  keys: ContentKeysState;
  reads: OwnerReads;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const router = useRouter();
  const flow = useTokenFlow();
  const now = useChainNow();
  const [payment, setPayment] = useState("");
  const [policyChoice, setPolicyChoice] = useState("");
  const [customPolicy, setCustomPolicy] = useState("");
  const [budget, setBudget] = useState(DEFAULT_BUDGET);
  const [deadline, setDeadline] = useState("30");
  const [unit, setUnit] = useState<DurationUnit>("minutes");
  const [input, setInput] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const escrow = deployment!.contracts.JobEscrow.address;

  const live = leases.filter((lease) => leaseState(lease, now) === "live");
  const lease = live.find((candidate) => candidate.id === selectedLeaseId) ?? null;
  const agent = lease ? agents.find((candidate) => candidate.id === lease.agentId) : undefined;
  const offer = useMemo(() => (agent ? agentOffer(agent) : null), [agent]);
  const effectivePolicy = policyChoice || offer?.policies[0]?.name || CUSTOM;
  const key = lease ? keys.byContentId.get(lease.contextId.toLowerCase()) : undefined;

  const leaseCheck: Validated<IndexedLease> = lease
    ? { ok: true, value: lease }
    : { ok: false, message: "Choose a live lease to run the job under." };
  const fee = lease ? BigInt(lease.fee) : undefined;
  const balance = reads.tokenBalance;
  const limit =
    fee === undefined
      ? undefined
      : balance !== undefined && balance < fee
        ? { max: balance, describe: `your wallet balance (${token.format(balance)})` }
        : { max: fee, describe: `the lease's fee cap (${token.format(fee)})` };
  const paymentCheck = parseAmount(payment, token.decimals, limit);
  const policyName = effectivePolicy === CUSTOM ? customPolicy.trim() : effectivePolicy;
  const policyCheck: Validated<Hex> =
    policyName === ""
      ? { ok: false, message: "Name the policy the job must follow." }
      : { ok: true, value: nameHash(policyName) };
  const budgetCheck = parseWholeNumber(budget, "the fuel budget", UINT64_MAX);
  const leaseLeft = lease ? Number(lease.expiry) - now : undefined;
  const deadlineCheck = parseDuration(deadline, unit, {
    what: "The job",
    max:
      leaseLeft === undefined
        ? undefined
        : { seconds: Math.max(0, leaseLeft), why: "it must end before the lease expires" },
  });
  const inputCheck = checkJobInput(input);
  const show = (check: Validated<unknown>, value: string) =>
    (submitted || value !== "") && !check.ok ? check.message : null;
  const errors = {
    lease: submitted && !leaseCheck.ok ? leaseCheck.message : null,
    payment: show(paymentCheck, payment),
    policy: submitted && !policyCheck.ok ? policyCheck.message : null,
    budget: show(budgetCheck, budget),
    deadline: show(deadlineCheck, deadline),
    input: show(inputCheck, input),
  };
  const keyProblem = !lease
    ? null
    : !key
      ? "This browser does not hold the content key of this lease's context, so it could not hand the key to the job. Import your key backup first."
      : !key.uploaded
        ? "The context has not reached the worker yet: upload it from the lease table first."
        : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (
      !leaseCheck.ok ||
      !paymentCheck.ok ||
      !policyCheck.ok ||
      !budgetCheck.ok ||
      !deadlineCheck.ok ||
      !inputCheck.ok ||
      keyProblem
    )
      return;
    const amount = paymentCheck.value;
    const shown = token.format(amount);
    let jobId: bigint | null = null;
    const ok = await flow.run(
      [
        {
          label: `Approve ${shown} for the job escrow`,
          prepare: () =>
            (reads.allowance ?? 0n) >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [escrow, amount] },
        },
        {
          label: `Open the job and escrow ${shown}`,
          prepare: () => ({
            address: escrow,
            abi: jobEscrowAbi,
            functionName: "openJob",
            args: [
              BigInt(leaseCheck.value.id),
              amount,
              policyCheck.value,
              budgetCheck.value,
              BigInt(now + deadlineCheck.value),
            ],
          }),
        },
      ],
      {
        success: (receipts) => {
          const [log] = parseEventLogs({
            abi: jobEscrowAbi,
            eventName: "JobOpened",
            logs: receipts.flatMap((r) => r.logs),
          });
          jobId = log?.args.jobId ?? null;
          return jobId === null ? "Job opened." : `Job #${jobId} is open: following it…`;
        },
      },
    );
    if (ok && jobId !== null) {
      // The job page seals it for the job and hands it over just before the key.
      if (inputCheck.ok && inputCheck.value !== null) saveJobInput(chainId, jobId, inputCheck.value);
      router.push(`/owner/jobs/${jobId}`);
    }
  }

  return (
    <section className="card card--wide" aria-labelledby="open-job-heading" id="open-job">
      <div className="card__head">
        <h2 id="open-job-heading">Open a job</h2>
      </div>
      <p className="muted">
        The payment waits in escrow. The agent locks collateral to accept, and is paid only after its receipt survives
        the challenge window; past the deadline without a receipt, you take the payment back.
      </p>
      {live.length === 0 ? (
        <p className="muted" data-testid="open-job-no-lease">
          You have no live lease to run a job under yet.
        </p>
      ) : (
        <form onSubmit={submit} noValidate className="form">
          <Field id="job-lease" label="Lease" error={errors.lease}>
            <select
              id="job-lease"
              value={lease?.id ?? ""}
              onChange={(event) => {
                onSelectLease(event.target.value);
                setPolicyChoice("");
              }}
              aria-invalid={Boolean(errors.lease)}
              data-testid="job-lease"
            >
              <option value="">Choose a lease…</option>
              {live.map((candidate) => {
                const candidateKey = keys.byContentId.get(candidate.contextId.toLowerCase());
                return (
                  <option key={candidate.id} value={candidate.id}>
                    #{candidate.id} · agent #{candidate.agentId} ·{" "}
                    {candidateKey?.label ?? shortHex(candidate.contextId)} · until {formatTimestamp(candidate.expiry)}
                  </option>
                );
              })}
            </select>
          </Field>
          {keyProblem ? (
            <p className="notice notice--warning" data-testid="open-job-key-problem">
              {keyProblem}
            </p>
          ) : null}
          <div className="grid-2 grid-2--tight">
            <Field
              id="job-payment"
              label={`Payment (${token.symbol || "tokens"})`}
              hint={
                fee === undefined
                  ? "Escrowed now, paid to the operator after the challenge window."
                  : `At most ${token.format(fee)}, the lease's fee cap. In your wallet: ${balance === undefined ? "…" : token.format(balance)}.`
              }
              error={errors.payment}
            >
              <AmountInput
                id="job-payment"
                value={payment}
                onEdit={setPayment}
                max={limit?.max}
                decimals={token.decimals}
                hasHint
                error={errors.payment}
              />
            </Field>
            <Field
              id="job-budget"
              label="Fuel budget"
              hint="The most fuel the agent may burn; a receipt reporting more is refused."
              error={errors.budget}
            >
              <input
                id="job-budget"
                inputMode="numeric"
                autoComplete="off"
                value={budget}
                onChange={(event) => setBudget(event.target.value)}
                aria-invalid={Boolean(errors.budget)}
                aria-describedby={describedBy("job-budget", true, errors.budget)}
                data-testid="job-budget"
              />
            </Field>
          </div>
          <Field
            id="job-policy"
            label="Policy"
            hint={
              policyCheck.ok ? (
                <>
                  The intent the job must serve; a receipt under another policy voids the job. On chain as{" "}
                  <span className="mono">{shortHex(policyCheck.value, 10, 6)}</span>.
                </>
              ) : (
                "The intent the job must serve; a receipt under another policy voids the job."
              )
            }
            error={errors.policy}
          >
            <div className="input-group">
              <select
                id="job-policy"
                value={effectivePolicy}
                onChange={(event) => setPolicyChoice(event.target.value)}
                data-testid="job-policy"
              >
                {(offer?.policies ?? []).map((policy) => (
                  <option key={policy.hash} value={policy.name}>
                    {policy.description ? `${policy.description} (${policy.name})` : policy.name}
                  </option>
                ))}
                <option value={CUSTOM}>Another policy…</option>
              </select>
              {effectivePolicy === CUSTOM ? (
                <input
                  aria-label="Policy name"
                  className="mono"
                  autoComplete="off"
                  placeholder="leasehold/policy/…"
                  value={customPolicy}
                  onChange={(event) => setCustomPolicy(event.target.value)}
                  data-testid="job-policy-custom"
                />
              ) : null}
            </div>
          </Field>
          <Field
            id="job-deadline"
            label="Deadline"
            hint={
              deadlineCheck.ok
                ? `Due ${formatTimestamp(now + deadlineCheck.value)} (chain time); it must fall before the lease expires.`
                : "How long the agent has to deliver its receipt."
            }
            error={errors.deadline}
          >
            <div className="input-group">
              <input
                id="job-deadline"
                inputMode="decimal"
                autoComplete="off"
                value={deadline}
                onChange={(event) => setDeadline(event.target.value)}
                aria-invalid={Boolean(errors.deadline)}
                aria-describedby={describedBy("job-deadline", true, errors.deadline)}
                data-testid="job-deadline"
              />
              <select aria-label="Unit" value={unit} onChange={(event) => setUnit(event.target.value as DurationUnit)}>
                {(Object.keys(durationUnitSeconds) as DurationUnit[]).map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </div>
          </Field>
          <Field
            id="job-input"
            label="Input for the agent (optional)"
            hint="JSON parameters, e.g. which fields to remove. Sealed with your content key for this job only, so the worker's gateway never reads it."
            error={errors.input}
          >
            <textarea
              id="job-input"
              rows={3}
              className="mono"
              spellCheck={false}
              placeholder='{ "removeFields": ["phone"] }'
              value={input}
              onChange={(event) => setInput(event.target.value)}
              aria-invalid={Boolean(errors.input)}
              aria-describedby={describedBy("job-input", true, errors.input)}
              data-testid="job-input"
            />
          </Field>
          <button
            type="submit"
            className="button button--primary"
            disabled={!writable || flow.busy || Boolean(keyProblem)}
            data-testid="job-submit"
          >
            {flow.busy ? "Opening…" : "Escrow the payment and open the job"}
          </button>
        </form>
      )}
      <TxStatus state={flow.state} testId="job-tx" onDismiss={flow.reset} />
    </section>
  );
}

/** Empty (no input) or a JSON document within the gateway's limit, compacted. */
function checkJobInput(text: string): Validated<string | null> {
  if (text.trim() === "") return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The input is not valid JSON: ${(error as Error).message}` };
  }
  const json = JSON.stringify(value);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_JOB_INPUT_BYTES) {
    return { ok: false, message: `The input is ${bytes.toLocaleString("en-US")} bytes; at most 256 KiB can be sent.` };
  }
  return { ok: true, value: json };
}
