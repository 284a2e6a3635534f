"use client";
import type { Address, Hex } from "viem";
import { AddressLink, AgentLink, JobLink } from "@/components/ui/entity-link";
import { formatTimestamp, shortAddress, shortHex } from "@/lib/format";
import { outcomeName } from "@/components/jobs/job-status-pill";
import { useEvidenceSubmissions, useVerifiedSubmission, type EvidenceSubmission } from "./use-evidence";

interface Parties {
  client: Address;
  operator: Address;
  jobId: bigint;
  /** The job's receipt digest as JobEscrow holds it (zero when none). */
  jobReceiptDigest: Hex | undefined;
}

/** Every piece of evidence logged for the dispute, each cited receipt verified in this browser. */
export function EvidenceList({ disputeId, parties }: { disputeId: bigint; parties: Parties }) {
  const submissions = useEvidenceSubmissions(disputeId);
  return (
    <section className="card card--wide" aria-labelledby="evidence-heading" data-testid="evidence-list">
      <div className="card__head">
        <h2 id="evidence-heading">Evidence</h2>
        <span className="pill pill--muted">read from the chain, verified here</span>
      </div>
      {submissions.error ? (
        <p className="notice notice--error" role="alert">
          Could not read the evidence logs: {submissions.error.message}
        </p>
      ) : !submissions.data ? (
        <p className="muted">Reading the court&apos;s evidence logs…</p>
      ) : submissions.data.length === 0 ? (
        <p className="muted">No evidence was submitted.</p>
      ) : (
        <ol className="stack" data-testid="evidence-items">
          {submissions.data.map((submission, index) => (
            <EvidenceItem key={submission.id} submission={submission} index={index} parties={parties} />
          ))}
        </ol>
      )}
    </section>
  );
}

function EvidenceItem({
  submission,
  index,
  parties,
}: {
  submission: EvidenceSubmission;
  index: number;
  parties: Parties;
}) {
  const verified = useVerifiedSubmission(submission);
  const party = submission.party.toLowerCase();
  const who =
    party === parties.client.toLowerCase()
      ? "the client"
      : party === parties.operator.toLowerCase()
        ? "the operator"
        : shortAddress(submission.party);
  const result = verified.data;
  return (
    <li className="evidence" data-testid={`evidence-${index}`}>
      <p className="muted small">
        Submitted by {who} (<AddressLink address={submission.party} />) in block {submission.blockNumber.toString()} ·
        citing {submission.cited.length} receipt{submission.cited.length === 1 ? "" : "s"} checked by the court on chain
      </p>
      {verified.error ? (
        <p className="notice notice--error" role="alert">
          Verification failed to run: {verified.error.message}
        </p>
      ) : !result ? (
        <p className="muted">Verifying…</p>
      ) : result.kind === "external" ? (
        <p data-testid={`evidence-${index}-external`}>
          <span className="pill pill--warn">unverified</span> An external document: <ExternalUri uri={submission.uri} />{" "}
          Nobody verified it; only receipts in a Leasehold bundle are checked here.
        </p>
      ) : result.kind === "invalid" ? (
        <p className="notice notice--error" data-testid={`evidence-${index}-invalid`}>
          The evidence claims to be a Leasehold bundle but cannot be read: {result.reason}
        </p>
      ) : (
        <>
          <blockquote className="statement" data-testid={`evidence-${index}-statement`}>
            {result.bundle.statement || <span className="muted">(no statement)</span>}
          </blockquote>
          {result.receipts.map((receipt, i) => {
            const testId = `evidence-${index}-receipt-${i}`;
            const isJobReceipt =
              receipt.digest !== null &&
              parties.jobReceiptDigest !== undefined &&
              receipt.digest.toLowerCase() === parties.jobReceiptDigest.toLowerCase();
            const signed = result.bundle.receipts[i]!.signedReceipt.receipt;
            return (
              <div key={i} className="stack" data-testid={testId}>
                <p className="small">
                  Receipt of <JobLink id={receipt.jobId}>job #{receipt.jobId.toString()}</JobLink> by{" "}
                  <AgentLink id={receipt.agentId}>agent #{receipt.agentId.toString()}</AgentLink> ·{" "}
                  {outcomeName(signed.outcome)} · digest{" "}
                  <span className="mono">{receipt.digest ? shortHex(receipt.digest, 10, 6) : "unreadable"}</span> · ran{" "}
                  {formatTimestamp(signed.startedAt)} → {formatTimestamp(signed.endedAt)}
                </p>
                <ul className="checks">
                  <Verdict
                    ok={receipt.signatureValid}
                    label="Signed by the job key, certified by an identity of the agent"
                    detail={receipt.failure}
                    testId={`${testId}-signature`}
                  />
                  <Verdict
                    ok={receipt.citedOnChain}
                    label="Cited in this submission and checked by the court on chain"
                    testId={`${testId}-cited`}
                  />
                  <Verdict
                    ok={receipt.included}
                    label="Included in its anchored batch (ReceiptAnchor.verifyInclusion on chain)"
                    testId={`${testId}-inclusion`}
                  />
                  <Verdict
                    ok={isJobReceipt}
                    label={`The receipt job #${parties.jobId.toString()} holds on chain`}
                    detail={isJobReceipt ? null : "another receipt: weigh it as context"}
                    testId={`${testId}-job-receipt`}
                  />
                </ul>
              </div>
            );
          })}
        </>
      )}
    </li>
  );
}

function Verdict({
  ok,
  label,
  detail,
  testId,
}: {
  ok: boolean;
  label: string;
  detail?: string | null;
  testId: string;
}) {
  const state = ok ? "pass" : "fail";
  return (
    <li className={`check check--${ok ? "ok" : "failed"}`} data-testid={testId} data-state={state}>
      <span aria-hidden="true">{ok ? "✓" : "✕"}</span> {label}:{" "}
      <strong data-testid={`${testId}-verdict`}>{state}</strong>
      {detail ? <span className="muted"> · {detail}</span> : null}
    </li>
  );
}

/** A link only for schemes that cannot run code in this page; anything else is shown as text. */
function ExternalUri({ uri }: { uri: string }) {
  const safe = /^(https?|ipfs):\/\//i.test(uri);
  const shown = uri.length > 120 ? `${uri.slice(0, 117)}…` : uri;
  return safe ? (
    <a href={uri} target="_blank" rel="noopener noreferrer nofollow" className="mono">
      {shown}
    </a>
  ) : (
    <span className="mono">{shown}</span>
  );
}
