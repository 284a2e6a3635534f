"use client";
import { jobEscrowAbi } from "@leasehold/sdk/abis";
import Link from "next/link";
import { useConnection } from "wagmi";
import { AddressLink, AgentLink, LeaseLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { TxStatus } from "@/components/ui/tx-status";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { agentOffer, nameOf } from "@/lib/agent-offers";
import { formatDuration, formatTimestamp, shortHex } from "@/lib/format";
import { describeGatewayError } from "@/lib/gateway-messages";
import { fetchJobHistory, type IndexedJob, type IndexedJobEvent } from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { DisputeCard } from "./dispute-card";
import { JobStatusPill, outcomeName } from "./job-status-pill";
import { useJobChain, type ChainJob } from "./use-job-chain";
import { useJobPipeline, type JobPipeline } from "./use-job-pipeline";

type StepState = "done" | "current" | "pending" | "failed" | "skipped";

interface TimelineStep {
  id: string;
  label: string;
  state: StepState;
  detail?: string;
}

const refundedStatuses = new Set(["cancelled", "expired", "refused", "voided", "rejected"]);

/** One job followed live: chain state, the owner's automatic gateway steps, checks, output and settlement. */
export function JobView({ jobId }: { jobId: bigint }) {
  const { deployment, chainName } = useRuntimeConfig();
  const { address, status: connection } = useConnection();
  const chain = useJobChain(jobId);
  const now = useChainNow();
  const token = useStakeToken();
  const history = useIndexed(["job", jobId.toString()], () => fetchJobHistory(jobId), Boolean(deployment));
  const job = chain.job;
  const isOwner = Boolean(address && chain.lease && chain.lease.owner.toLowerCase() === address.toLowerCase());
  const pipeline = useJobPipeline({ jobId, job, lease: chain.lease, isOwner });

  if (!deployment)
    return <p className="notice notice--warning">There is no Leasehold deployment on {chainName} yet.</p>;
  if (chain.loading) return <p className="muted">Reading job #{jobId.toString()} from the chain…</p>;
  if (!job || job.statusName === null) {
    return (
      <div className="stack-lg">
        <h1>Job #{jobId.toString()}</h1>
        <p className="notice notice--warning" data-testid="job-not-found">
          There is no job #{jobId.toString()} on {chainName}.
        </p>
      </div>
    );
  }
  const format = (value: bigint) => (token ? token.format(value) : value.toString());
  const events = history.data?.job?.events.items ?? [];
  const policy = chain.agent
    ? nameOf(job.policyHash, agentOffer({ metadataUri: chain.agent.metadataURI }).policies)
    : null;
  const deadlinePassed = now > Number(job.deadline);

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">
          <Link href="/owner">Data owner</Link> · job
        </p>
        <h1>
          Job #{jobId.toString()}{" "}
          <JobStatusPill status={job.statusName} windowOver={windowOver(job, now)} testId="job-status" />
        </h1>
        <p className="lead">
          <LeaseLink id={job.leaseId} testId="job-lease">
            Lease #{job.leaseId.toString()}
          </LeaseLink>{" "}
          ·{" "}
          <AgentLink id={job.agentId} testId="job-agent">
            agent #{job.agentId.toString()}
          </AgentLink>{" "}
          · payment {format(job.payment)}:{" "}
          <span data-testid="job-settlement">{settlementWords(job, history.data?.job ?? null, format)}</span>
        </p>
      </header>

      {connection !== "connected" ? (
        <ConnectPrompt
          connecting={connection === "connecting" || connection === "reconnecting"}
          why="The lease's owner hands the job its key and reads its output."
        />
      ) : !isOwner ? (
        <p className="notice notice--warning" data-testid="job-not-owner">
          You are not the owner of lease #{job.leaseId.toString()}: the chain state below is public, the key and the
          output are the owner&apos;s.
        </p>
      ) : !pipeline.tokens ? (
        <section className="notice notice--warning" data-testid="job-authorize">
          <p>
            {pipeline.tokenProblem ??
              "This browser needs access to the worker gateway for this lease (one signature, valid for up to an hour)."}
          </p>
          <button
            type="button"
            className="button button--primary button--small"
            onClick={() => void pipeline.authorize()}
            disabled={pipeline.authorizing}
            data-testid="job-authorize-button"
          >
            {pipeline.authorizing ? "Waiting for your signature…" : "Authorize this browser"}
          </button>
        </section>
      ) : null}

      <div className="grid-2">
        <JobTimeline job={job} pipeline={pipeline} isOwner={isOwner} events={events} now={now} />
        <section className="card" aria-labelledby="job-terms-heading">
          <div className="card__head">
            <h2 id="job-terms-heading">Terms</h2>
            <IndexedBadge snapshot={history} />
          </div>
          <dl className="facts">
            <dt>Payment</dt>
            <dd data-testid="job-payment">{format(job.payment)}</dd>
            <dt>Collateral</dt>
            <dd>
              {job.collateral === 0n
                ? "none locked yet"
                : `${format(job.collateral)}${job.statusName === "accepted" || job.statusName === "submitted" || job.statusName === "frozen" ? " locked" : " (released)"}`}
            </dd>
            <dt>Policy</dt>
            <dd className="mono" title={job.policyHash}>
              {policy ?? shortHex(job.policyHash, 10, 6)}
            </dd>
            <dt>Fuel budget</dt>
            <dd>{job.budget.toLocaleString("en-US")}</dd>
            <dt>Deadline</dt>
            <dd>
              {formatTimestamp(job.deadline)} (chain time)
              {!deadlinePassed && (job.statusName === "open" || job.statusName === "accepted") ? (
                <span className="muted"> · in {formatDuration(Number(job.deadline) - now)}</span>
              ) : null}
            </dd>
            <dt>Client</dt>
            <dd>
              <AddressLink address={job.client} testId="job-client" />
            </dd>
            <dt>Operator</dt>
            <dd>
              {job.statusName === "open" ? (
                "not accepted yet"
              ) : (
                <AddressLink address={job.operator} testId="job-operator" />
              )}
            </dd>
          </dl>
          <JobActions job={job} now={now} connected={connection === "connected"} />
        </section>
      </div>

      {token ? (
        <DisputeCard
          job={job}
          pipeline={pipeline}
          now={now}
          token={token}
          refund={history.data?.job?.refund ? BigInt(history.data.job.refund) : null}
        />
      ) : null}

      {isOwner ? <ReceiptCard pipeline={pipeline} job={job} /> : null}
      {isOwner ? <OutputCard pipeline={pipeline} /> : null}
    </div>
  );
}

function JobTimeline({
  job,
  pipeline,
  isOwner,
  events,
  now,
}: {
  job: ChainJob;
  pipeline: JobPipeline;
  isOwner: boolean;
  events: IndexedJobEvent[];
  now: number;
}) {
  const status = job.statusName!;
  const at = (kind: IndexedJobEvent["kind"]) => {
    const event = events.find((candidate) => candidate.kind === kind);
    return event ? formatTimestamp(event.timestamp) : undefined;
  };
  const accepted = !["open", "cancelled"].includes(status) && !(status === "expired" && job.operator === zeroOperator);
  const onChainReceipt = job.hasReceipt;
  const { certificate, seal, receipt, proof } = pipeline;
  const ownerStep = (done: boolean, failed: unknown, current: boolean): StepState =>
    done ? "done" : failed ? "failed" : !isOwner ? "skipped" : current ? "current" : "pending";
  const refused = receipt.data?.signedReceipt.receipt.outcome === 3 || status === "refused";

  const steps: TimelineStep[] = [
    { id: "opened", label: "Opened: payment in escrow", state: "done", detail: at("opened") },
    {
      id: "accepted",
      label: "Accepted: the agent locked its collateral",
      state: accepted ? "done" : status === "open" ? "current" : "skipped",
      detail: at("accepted"),
    },
    {
      id: "certificate",
      label: "Job key certificate published and verified against the chain",
      state: ownerStep(
        Boolean(certificate.data) || seal.phase === "done" || onChainReceipt || Boolean(receipt.data),
        certificate.error,
        status === "accepted",
      ),
      detail: certificate.error
        ? describeGatewayError(certificate.error)
        : certificate.data
          ? `job key ${shortHex(certificate.data.identity)}`
          : undefined,
    },
    {
      id: "sealed",
      label: "Content key sealed to the job and uploaded",
      state: refused
        ? "skipped"
        : ownerStep(
            seal.phase === "done" || onChainReceipt || Boolean(receipt.data),
            seal.phase === "failed",
            status === "accepted",
          ),
      detail: seal.phase === "failed" ? seal.message : seal.phase === "done" ? seal.note : undefined,
    },
    {
      id: "receipt",
      label: "Receipt signed by the job key, signatures verified",
      state: ownerStep(Boolean(receipt.data), receipt.error, status === "accepted"),
      detail: receipt.error
        ? describeGatewayError(receipt.error)
        : receipt.data
          ? outcomeName(receipt.data.signedReceipt.receipt.outcome)
          : undefined,
    },
    {
      id: "anchored",
      label: "Receipt anchored in a batch, inclusion verified here and on chain",
      state: proof.data
        ? proof.data.local && proof.data.onChain
          ? "done"
          : "failed"
        : ownerStep(false, proof.error, Boolean(receipt.data)),
      detail: proof.error
        ? describeGatewayError(proof.error)
        : proof.data
          ? `batch ${shortHex(proof.data.batchId, 10, 4)}`
          : undefined,
    },
    {
      id: "window",
      label:
        status === "submitted"
          ? Number(job.challengeEndsAt) > now
            ? `Receipt on chain: challenge window closes in ${formatDuration(Number(job.challengeEndsAt) - now)}`
            : "Receipt on chain: challenge window over, ready to finalize"
          : "Receipt on chain, challenge window",
      state: onChainReceipt
        ? status === "submitted"
          ? Number(job.challengeEndsAt) > now
            ? "current"
            : "done"
          : job.challengeEndsAt > 0n
            ? "done"
            : "skipped"
        : refundedStatuses.has(status)
          ? "skipped"
          : "pending",
      detail:
        job.challengeEndsAt > 0n
          ? `until ${formatTimestamp(job.challengeEndsAt)} (chain time)`
          : at("receipt_submitted"),
    },
    {
      id: "settled",
      label: settledLabel(status),
      state:
        status === "paid"
          ? "done"
          : refundedStatuses.has(status)
            ? "failed"
            : status === "frozen"
              ? "current"
              : "pending",
      detail: at("settled"),
    },
  ];
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <div className="card__head">
        <h2 id="timeline-heading">Progress</h2>
      </div>
      <ol className="timeline" data-testid="job-timeline">
        {steps.map((step) => (
          <li
            key={step.id}
            className={`timeline__step timeline__step--${step.state}`}
            data-testid={`job-step-${step.id}`}
            data-state={step.state}
          >
            <span className={`timeline__icon${step.state === "current" ? " spin" : ""}`} aria-hidden="true">
              {stepIcon[step.state]}
            </span>
            <span className="timeline__label">{step.label}</span>
            {step.detail ? <span className="timeline__detail">{step.detail}</span> : null}
          </li>
        ))}
      </ol>
      {pipeline.seal.phase === "failed" ? (
        <button
          type="button"
          className="button button--small"
          onClick={pipeline.retrySeal}
          data-testid="job-seal-retry"
        >
          Try sealing the key again
        </button>
      ) : null}
    </section>
  );
}

/**
 * Where the job's money went, from the escrow's JobSettled as the indexer has it: the operator's
 * payout, the insurance premium and the client's refund. The chain's job record keeps only the
 * payment, so until the indexer has the settlement the page says it is reading it.
 */
function settlementWords(job: ChainJob, indexed: IndexedJob | null, format: (value: bigint) => string): string {
  const status = job.statusName!;
  if (status !== "paid" && !refundedStatuses.has(status)) return "in escrow";
  if (!indexed || indexed.status !== status || indexed.payout === null) return "settled; reading where it went…";
  const parts: string[] = [];
  const payout = BigInt(indexed.payout);
  const premium = BigInt(indexed.premium ?? "0");
  const refund = BigInt(indexed.refund ?? "0");
  if (payout > 0n) parts.push(`${format(payout)} paid to the operator`);
  if (premium > 0n) parts.push(`${format(premium)} premium to the insurance pool`);
  if (refund > 0n) parts.push(`${format(refund)} refunded to the client`);
  return parts.length > 0 ? parts.join(", ") : "nothing paid out";
}

/** A submitted job whose challenge window is over by the next block: anyone may finalize it. */
function windowOver(job: ChainJob, now: number): boolean {
  return job.statusName === "submitted" && now >= Number(job.challengeEndsAt);
}

const zeroOperator = "0x0000000000000000000000000000000000000000";
const stepIcon: Record<StepState, string> = { done: "✓", current: "◌", pending: "○", failed: "✕", skipped: "–" };

function settledLabel(status: string): string {
  switch (status) {
    case "paid":
      return "Paid: the operator received the payment, less the insurance premium";
    case "cancelled":
      return "Cancelled: the payment was refunded";
    case "expired":
      return "Refunded: the deadline passed without a receipt";
    case "refused":
      return "Refunded: the worker refused to run the job";
    case "voided":
      return "Voided: the receipt was for another policy, the payment was refunded";
    case "rejected":
      return "Rejected in a dispute: the payment was refunded";
    case "frozen":
      return "Frozen for a dispute";
    default:
      return "Paid or refunded";
  }
}

function JobActions({ job, now, connected }: { job: ChainJob; now: number; connected: boolean }) {
  const { deployment } = useRuntimeConfig();
  const { address } = useConnection();
  const flow = useTokenFlow();
  const escrow = deployment!.contracts.JobEscrow.address;
  const status = job.statusName;
  const over = windowOver(job, now);
  const overdue = (status === "open" || status === "accepted") && now > Number(job.deadline);
  const canCancel = status === "open" && address?.toLowerCase() === job.client.toLowerCase();
  // Finalizing and refunding wait for a time: simulated in the block they land in, at the time the
  // countdown counts to, so the button is enabled exactly when the call succeeds.
  const call = (functionName: "finalize" | "refundExpired" | "cancel", label: string, success: string) =>
    flow.run(
      [
        {
          label,
          prepare: () => ({
            address: escrow,
            abi: jobEscrowAbi,
            functionName,
            args: [job.jobId],
            atNextBlock: functionName !== "cancel",
          }),
        },
      ],
      { success },
    );
  return (
    <div className="stack">
      {status === "submitted" ? (
        <p className="muted" data-testid="challenge-countdown">
          {over
            ? "The challenge window is over: anyone may finalize and release the payment."
            : `Finalizing is possible in ${formatDuration(Number(job.challengeEndsAt) - now)} (chain time).`}
        </p>
      ) : null}
      <div className="button-row">
        {status === "submitted" ? (
          <button
            type="button"
            className="button button--primary"
            disabled={!connected || !over || flow.busy}
            onClick={() => void call("finalize", `Finalize job #${job.jobId}`, `Job #${job.jobId} is paid.`)}
            data-testid="job-finalize"
          >
            Finalize and pay
          </button>
        ) : null}
        {overdue ? (
          <button
            type="button"
            className="button"
            disabled={!connected || flow.busy}
            onClick={() =>
              void call("refundExpired", `Refund job #${job.jobId}`, `Job #${job.jobId} is refunded to its client.`)
            }
            data-testid="job-refund"
          >
            Refund: deadline passed
          </button>
        ) : null}
        {canCancel && !overdue ? (
          <button
            type="button"
            className="button button--ghost"
            disabled={flow.busy}
            onClick={() =>
              void call("cancel", `Cancel job #${job.jobId}`, `Job #${job.jobId} is cancelled and refunded.`)
            }
            data-testid="job-cancel"
          >
            Cancel and refund
          </button>
        ) : null}
      </div>
      <TxStatus state={flow.state} testId="job-action-tx" onDismiss={flow.reset} />
    </div>
  );
}

function Check({
  ok,
  pending,
  label,
  testId,
}: {
  ok: boolean | null;
  pending?: string;
  label: string;
  testId: string;
}) {
  const state = ok === null ? "pending" : ok ? "ok" : "failed";
  return (
    <li className={`check check--${state}`} data-testid={testId} data-state={state}>
      <span aria-hidden="true">{ok === null ? "○" : ok ? "✓" : "✕"}</span> {label}
      {ok === null && pending ? <span className="muted"> · {pending}</span> : null}
    </li>
  );
}

function ReceiptCard({ pipeline, job }: { pipeline: JobPipeline; job: ChainJob }) {
  const { receipt, proof, output } = pipeline;
  const signed = receipt.data?.signedReceipt;
  const r = signed?.receipt;
  return (
    <section className="card card--wide" aria-labelledby="receipt-heading" data-testid="receipt-card">
      <div className="card__head">
        <h2 id="receipt-heading">Receipt</h2>
        {r ? <span className="pill pill--muted">{outcomeName(r.outcome)}</span> : null}
      </div>
      {receipt.error ? (
        <p className="notice notice--error" role="alert" data-testid="receipt-error">
          {describeGatewayError(receipt.error)}
        </p>
      ) : null}
      {!r ? (
        <p className="muted">The signed receipt appears here once the worker has journaled it.</p>
      ) : (
        <>
          <ul className="checks" data-testid="receipt-checks">
            <Check
              ok
              label={`Signed by the job key ${shortHex(r.ephemeralKey)}, certified by agent identity ${shortHex(receipt.data!.identity)}`}
              testId="receipt-signature-verified"
            />
            <Check
              ok={r.policyHash === job.policyHash.toLowerCase()}
              label="Under the job's policy"
              testId="receipt-policy"
            />
            <Check
              ok={r.fuelUsed <= job.budget}
              label={`Within the fuel budget (${r.fuelUsed.toLocaleString("en-US")} of ${job.budget.toLocaleString("en-US")})`}
              testId="receipt-fuel"
            />
            <Check
              ok={proof.data ? proof.data.local : proof.error ? false : null}
              pending="waiting for the batch to be anchored"
              label={
                proof.data
                  ? `Included in batch ${shortHex(proof.data.batchId, 10, 4)} (leaf ${proof.data.index + 1} of ${proof.data.leafCount}), checked here`
                  : "Included in an anchored batch, checked here"
              }
              testId="receipt-inclusion-local"
            />
            <Check
              ok={proof.data ? proof.data.onChain : proof.error ? false : null}
              pending="waiting for the batch to be anchored"
              label="Included in that batch, checked by ReceiptAnchor.verifyInclusion on chain"
              testId="receipt-inclusion-chain"
            />
            <Check
              ok={output.data ? output.data.hashMatches : null}
              pending={r.outcome === 3 ? "no output: the job was refused" : "waiting for the output"}
              label="The output opened here hashes to the receipt's outputHash"
              testId="receipt-output-hash"
            />
          </ul>
          {proof.error ? (
            <p className="notice notice--error" role="alert">
              {describeGatewayError(proof.error)}
            </p>
          ) : null}
          <dl className="facts facts--wide" data-testid="receipt-fields">
            <dt>Job / agent</dt>
            <dd>
              #{r.jobId.toString()} / #{r.agentId.toString()}
            </dd>
            <dt>Outcome</dt>
            <dd data-testid="receipt-outcome">{outcomeName(r.outcome)}</dd>
            <dt>Code hash</dt>
            <dd className="mono">{r.codeHash}</dd>
            <dt>Policy hash</dt>
            <dd className="mono">{r.policyHash}</dd>
            <dt>Input hash</dt>
            <dd className="mono">{r.inputHash}</dd>
            <dt>Output hash</dt>
            <dd className="mono">{r.outputHash}</dd>
            <dt>Fuel used</dt>
            <dd>{r.fuelUsed.toLocaleString("en-US")}</dd>
            <dt>Peak memory</dt>
            <dd>{r.memoryPeakBytes.toLocaleString("en-US")} bytes</dd>
            <dt>Capability calls</dt>
            <dd>{r.capabilityCalls}</dd>
            <dt>Ran</dt>
            <dd>
              {formatTimestamp(r.startedAt)} → {formatTimestamp(r.endedAt)}
            </dd>
            <dt>Job key</dt>
            <dd className="mono">{r.ephemeralKey}</dd>
            <dt>Digest</dt>
            <dd className="mono" data-testid="receipt-digest">
              {receipt.data!.digest}
            </dd>
          </dl>
        </>
      )}
    </section>
  );
}

function OutputCard({ pipeline }: { pipeline: JobPipeline }) {
  const { output, receipt } = pipeline;
  if (!receipt.data) return null;
  if (receipt.data.signedReceipt.receipt.outcome === 3) return null;
  return (
    <section className="card card--wide" aria-labelledby="output-heading">
      <div className="card__head">
        <h2 id="output-heading">Output</h2>
        <span className="pill pill--muted">opened in this browser</span>
      </div>
      {output.error ? (
        <p className="notice notice--error" role="alert" data-testid="job-output-error">
          {describeGatewayError(output.error)}
        </p>
      ) : !output.data ? (
        <p className="muted">Fetching the sealed output…</p>
      ) : (
        <>
          <p className="muted small">
            {output.data.bytes.toLocaleString("en-US")} bytes, decrypted with your content key; the worker stored only
            ciphertext.
          </p>
          <pre className="output" data-testid="job-output">
            {output.data.json === undefined ? output.data.text : JSON.stringify(output.data.json, null, 2)}
          </pre>
        </>
      )}
    </section>
  );
}
