"use client";
import { arbitratorRegistryAbi, disputeCourtAbi } from "@leasehold/sdk/abis";
import {
  DisputePhase,
  encodeEvidenceUri,
  MAX_EVIDENCE_STATEMENT_LENGTH,
  panelAvailability,
  type PanelAvailabilityReturnType,
} from "@leasehold/sdk/court";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { erc20Abi, type Address } from "viem";
import { useConfig, useConnection, usePublicClient, useReadContract, useReadContracts } from "wagmi";
import { readContract } from "wagmi/actions";
import { CompensationBacking } from "@/components/court/compensation-backing";
import { CourtBalanceCard } from "@/components/court/court-balance-card";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { courtPhaseLabels, rulingLabels } from "@/lib/court-phase";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import type { ChainJob } from "./use-job-chain";
import type { JobPipeline } from "./use-job-pipeline";

/**
 * The client's side of a dispute on the job page: while the receipt's challenge window is open,
 * dispute it (the bond, and the receipt with its proof as evidence, both verified in this browser
 * first); afterwards, where the dispute stands, what the ruling gave back and the court balance.
 */
export function DisputeCard({
  job,
  pipeline,
  now,
  token,
  refund,
}: {
  job: ChainJob;
  pipeline: JobPipeline;
  now: number;
  token: StakeToken;
  /** What JobSettled refunded to the client, as indexed (null until settled). */
  refund: bigint | null;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const { address, status } = useConnection();
  const court = deployment!.contracts.DisputeCourt.address;
  const disputeOf = useReadContract({
    address: court,
    abi: disputeCourtAbi,
    functionName: "disputeOfJob",
    args: [job.jobId],
    chainId,
  });
  const disputeId = disputeOf.data;
  const isClient = Boolean(address && address.toLowerCase() === job.client.toLowerCase());
  const windowOpen = job.statusName === "submitted" && now < Number(job.challengeEndsAt);
  const writable = status === "connected";

  if (disputeId === undefined) return null;
  if (disputeId > 0n) {
    return (
      <DisputeStatus
        disputeId={disputeId}
        job={job}
        token={token}
        refund={refund}
        account={isClient ? address : undefined}
        writable={writable}
      />
    );
  }
  if (!isClient || !windowOpen) return null;
  return <OpenDisputeForm job={job} pipeline={pipeline} now={now} token={token} writable={writable} />;
}

function OpenDisputeForm({
  job,
  pipeline,
  now,
  token,
  writable,
}: {
  job: ChainJob;
  pipeline: JobPipeline;
  now: number;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const { address } = useConnection();
  const wagmiConfig = useConfig();
  const flow = useTokenFlow();
  const [statement, setStatement] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const court = deployment!.contracts.DisputeCourt.address;
  const bond = useReadContract({
    address: court,
    abi: disputeCourtAbi,
    functionName: "bondFor",
    args: [job.payment],
    chainId,
  });
  const panel = usePanelAvailability(job);
  // A dispute whose panel cannot be drawn is not refused: arbitrators may still join before the
  // round's draw deadline, and the client may know one will. But it must not be a surprise either
  // (the round lapses and the job is paid as if never disputed), so the bond waits for the client
  // to say, after reading why, that it disputes anyway. The confirmation holds for the count it
  // was given against: if the bench changes, the client confirms again.
  const [acceptedEligible, setAcceptedEligible] = useState<bigint | null>(null);
  const panelShort = panel !== undefined && !panel.drawable;
  const acceptShortPanel = panelShort && acceptedEligible === panel.eligible;
  const setAcceptShortPanel = (accepted: boolean) => setAcceptedEligible(accepted && panel ? panel.eligible : null);
  const receipt = pipeline.receipt.data;
  const proof = pipeline.proof.data;
  // Only a receipt this browser verified, and a proof the anchor accepted, go to the court.
  const evidenceReady = Boolean(
    receipt &&
    proof &&
    proof.local &&
    proof.onChain &&
    receipt.digest.toLowerCase() === job.receiptDigest.toLowerCase(),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!receipt || !proof || bond.data === undefined || panel === undefined) return;
    if (panelShort && !acceptShortPanel) {
      setProblem("Too few arbitrators can sit on this dispute's panel: read the warning and confirm first.");
      return;
    }
    if (statement.trim() === "") {
      setProblem("Say what is wrong with the job: the panel reads this first.");
      return;
    }
    let uri: string;
    try {
      uri = encodeEvidenceUri({
        statement: statement.trim(),
        receipts: [{ signedReceipt: receipt.signedReceipt, batchId: proof.batchId, proof: proof.proof }],
      });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    const amount = bond.data;
    await flow.run(
      [
        {
          label: `Approve the bond of ${token.format(amount)} for the court`,
          prepare: async () => {
            const allowance = await readContract(wagmiConfig, {
              address: token.address,
              abi: erc20Abi,
              functionName: "allowance",
              args: [address!, court],
              chainId,
            });
            return allowance >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [court, amount] };
          },
        },
        {
          label: `Dispute job #${job.jobId}, citing its receipt`,
          prepare: () => ({
            address: court,
            abi: disputeCourtAbi,
            functionName: "openDispute",
            args: [job.jobId, [{ batchId: proof.batchId, receiptDigest: receipt.digest, proof: proof.proof }], uri],
          }),
        },
      ],
      { success: `Job #${job.jobId} is disputed and frozen; a panel will be drawn.` },
    );
  }

  return (
    <section className="card card--wide" aria-labelledby="dispute-open-heading" data-testid="dispute-open">
      <div className="card__head">
        <h2 id="dispute-open-heading">Dispute this job</h2>
        <span className="pill pill--pending">window closes in {formatDuration(Number(job.challengeEndsAt) - now)}</span>
      </div>
      <p className="muted">
        If the receipt does not show the job you paid for, dispute it before {formatTimestamp(job.challengeEndsAt)}{" "}
        (chain time). The job is frozen and a panel of arbitrators decides. You post a bond of{" "}
        <strong data-testid="dispute-bond">{bond.data === undefined ? "…" : token.format(bond.data)}</strong>: it comes
        back (less the panel&apos;s fee, which the operator reimburses) if you win, and goes to the operator if you
        lose. Winning refunds the payment and adds compensation from the operator&apos;s stake.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="dispute-statement"
          label="Your statement"
          hint={`What is wrong, for the panel to read (at most ${MAX_EVIDENCE_STATEMENT_LENGTH.toLocaleString("en-US")} characters). It is published on chain with the receipt.`}
          error={problem}
        >
          <textarea
            id="dispute-statement"
            rows={4}
            maxLength={MAX_EVIDENCE_STATEMENT_LENGTH}
            value={statement}
            onChange={(event) => setStatement(event.target.value)}
            data-testid="dispute-statement"
          />
        </Field>
        <p className="small" data-testid="dispute-evidence">
          {evidenceReady
            ? `Evidence: the job's signed receipt and its inclusion proof, both verified above, travel with your statement.`
            : pipeline.tokens
              ? "Waiting for the job's receipt and its inclusion proof from the worker gateway (verified here first)…"
              : "Authorize this browser above to fetch the job's receipt and its inclusion proof: they are the evidence."}
        </p>
        {panelShort ? (
          <ShortPanelWarning panel={panel} accepted={acceptShortPanel} onAccept={setAcceptShortPanel} />
        ) : null}
        <button
          type="submit"
          className="button button--danger"
          disabled={
            !writable ||
            flow.busy ||
            !evidenceReady ||
            bond.data === undefined ||
            panel === undefined ||
            (panelShort && !acceptShortPanel)
          }
          data-testid="dispute-submit"
        >
          {flow.busy ? "Disputing…" : "Dispute this job"}
        </button>
      </form>
      <TxStatus state={flow.state} testId="dispute-open-tx" onDismiss={flow.reset} />
    </section>
  );
}

/**
 * Whether round 0's panel could be seated if this job were disputed now, read from the chain (the
 * registry's drawable count and the parties' weights, the court's panel size): a safety decision
 * should not wait on the indexer. The job page refreshes these reads at every block.
 */
function usePanelAvailability(job: ChainJob): PanelAvailabilityReturnType | undefined {
  const { deployment, chainId } = useRuntimeConfig();
  const registry = { address: deployment!.contracts.ArbitratorRegistry.address, abi: arbitratorRegistryAbi, chainId };
  const court = { address: deployment!.contracts.DisputeCourt.address, abi: disputeCourtAbi, chainId };
  // One batch, so the four answers come from the same block.
  const reads = useReadContracts({
    contracts: [
      { ...registry, functionName: "drawableCount" },
      { ...registry, functionName: "weightOf", args: [job.client] },
      { ...registry, functionName: "weightOf", args: [job.operator] },
      { ...court, functionName: "params" },
    ] as const,
    allowFailure: false,
  });
  if (reads.data === undefined) return undefined;
  const [drawableCount, clientWeight, operatorWeight, params] = reads.data;
  return panelAvailability({
    drawableCount,
    clientWeight,
    operatorWeight,
    sameParty: job.client.toLowerCase() === job.operator.toLowerCase(),
    seats: params.firstPanelSize,
  });
}

function ShortPanelWarning({
  panel,
  accepted,
  onAccept,
}: {
  panel: PanelAvailabilityReturnType;
  accepted: boolean;
  onAccept: (accepted: boolean) => void;
}) {
  return (
    <div className="notice notice--warning" role="alert" data-testid="dispute-panel-warning">
      <p>
        <strong>No panel can be drawn for this dispute now.</strong> The panel has {panel.seats} seats, and only{" "}
        {panel.eligible.toString()} arbitrator{panel.eligible === 1n ? "" : "s"} other than you and the operator can sit
        (parties never judge their own dispute). Unless more arbitrators join before the draw deadline, the round
        lapses: the dispute is dismissed, the job is paid to the operator as if never disputed (the agent wins), and
        your bond comes back only then.
      </p>
      <label className="small">
        <input
          type="checkbox"
          checked={accepted}
          onChange={(event) => onAccept(event.target.checked)}
          data-testid="dispute-panel-confirm"
        />{" "}
        I understand, and dispute anyway
      </label>
    </div>
  );
}

function DisputeStatus({
  disputeId,
  job,
  token,
  refund,
  account,
  writable,
}: {
  disputeId: bigint;
  job: ChainJob;
  token: StakeToken;
  refund: bigint | null;
  account: Address | undefined;
  writable: boolean;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const client = usePublicClient({ chainId });
  const court = deployment!.contracts.DisputeCourt;
  const dispute = useReadContract({
    address: court.address,
    abi: disputeCourtAbi,
    functionName: "getDispute",
    args: [disputeId],
    chainId,
  });
  const balance = useReadContract({
    address: court.address,
    abi: disputeCourtAbi,
    functionName: "balanceOf",
    args: account ? [account] : undefined,
    chainId,
    query: { enabled: Boolean(account) },
  });
  const executed = dispute.data?.phase === DisputePhase.Executed;
  // What the ruling credited the client, from the court's own log of it.
  const ruling = useQuery({
    queryKey: ["court-ruling", chainId, court.address, disputeId.toString()],
    enabled: Boolean(client) && executed,
    staleTime: Infinity,
    queryFn: async () => {
      const logs = await client!.getContractEvents({
        address: court.address,
        abi: disputeCourtAbi,
        eventName: "RulingExecuted",
        args: { disputeId },
        fromBlock: BigInt(court.startBlock),
        toBlock: "latest",
      });
      return logs[0]?.args ?? null;
    },
  });
  const d = dispute.data;
  return (
    <>
      <section className="card card--wide" aria-labelledby="dispute-status-heading" data-testid="dispute-status">
        <div className="card__head">
          <h2 id="dispute-status-heading">Dispute</h2>
          {d ? (
            <span className="pill pill--pending" data-testid="job-dispute-phase">
              {courtPhaseLabels[d.phase]}
            </span>
          ) : null}
        </div>
        <dl className="facts">
          <dt>Dispute</dt>
          <dd>
            <Link href={`/court/disputes/${disputeId}`} data-testid="job-dispute-link">
              #{disputeId.toString()}: follow it in the court
            </Link>
          </dd>
          <dt>Compensation</dt>
          <dd data-testid="job-dispute-compensation">
            {!d ? (
              "…"
            ) : d.compensation === 0n ? (
              "none: the client is also the job's operator"
            ) : (
              <>
                {token.format(d.compensation)} if the client wins, backed by{" "}
                <CompensationBacking dispute={d} collateral={job.collateral} token={token} />
              </>
            )}
          </dd>
          <dt>Ruling</dt>
          <dd data-testid="job-dispute-ruling">{d && executed ? rulingLabels[d.ruling] : "not final yet"}</dd>
          <dt>Payment</dt>
          <dd data-testid="job-dispute-refund">
            {job.statusName === "rejected"
              ? `${token.format(refund ?? job.payment)} refunded to the client`
              : job.statusName === "paid"
                ? `${token.format(job.payment)} paid to the operator`
                : `${token.format(job.payment)} frozen in escrow until the ruling is executed`}
          </dd>
          {ruling.data ? (
            <>
              <dt>Credited by the court</dt>
              <dd data-testid="job-dispute-credited">
                {token.format(ruling.data.toClient ?? 0n)} to the client (bond back and compensation),{" "}
                {token.format(ruling.data.toOperator ?? 0n)} to the operator
                {ruling.data.slashed ? `; ${token.format(ruling.data.slashed)} slashed from the operator` : ""}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {account ? <CourtBalanceCard account={account} balance={balance.data} token={token} writable={writable} /> : null}
    </>
  );
}
