"use client";
import { jobEscrowAbi } from "@leasehold/sdk/abis";
import { DisputePhase, Ruling } from "@leasehold/sdk/court";
import Link from "next/link";
import { zeroHash, type Address } from "viem";
import { useConnection, useReadContract } from "wagmi";
import { AddressLink, AgentLink } from "@/components/ui/entity-link";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { courtPhaseLabels, courtStage, rulingLabels } from "@/lib/court-phase";
import { formatDuration, formatTimestamp, shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useStakeToken, type StakeToken } from "@/lib/use-stake-token";
import { CompensationBacking } from "./compensation-backing";
import { DisputeActions } from "./dispute-actions";
import { EvidenceList } from "./evidence-list";
import { useDispute, type DisputeRecord, type DisputeRound } from "./use-dispute";
import { useDrawSession } from "./use-draw-session";
import { VoteCard } from "./vote-card";

/** One dispute: its parties and money, its rounds, the verified evidence, and what can be done next. */
export function DisputeView({ disputeId }: { disputeId: bigint }) {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const token = useStakeToken();
  const now = useChainNow();
  const reads = useDispute(disputeId);
  const dispute = reads.dispute;
  const job = useReadContract({
    address: config.deployment?.contracts.JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "getJob",
    args: dispute ? [dispute.jobId] : undefined,
    chainId: config.chainId,
    query: { enabled: Boolean(dispute && config.deployment) },
  });
  const writable = status === "connected" && walletChainId === config.chainId && Boolean(config.deployment);
  const current = reads.rounds?.find((round) => round.round === dispute?.round);
  const drawSession = useDrawSession(current?.drawTicket);

  if (!config.deployment) {
    return <p className="notice notice--warning">There is no Leasehold deployment on {config.chainName} yet.</p>;
  }
  if (reads.loading) return <p className="muted">Reading dispute #{disputeId.toString()} from the chain…</p>;
  if (!dispute || !token) {
    return (
      <div className="stack-lg">
        <h1>Dispute #{disputeId.toString()}</h1>
        <p className="notice notice--warning" data-testid="dispute-not-found">
          There is no dispute #{disputeId.toString()} on {config.chainName}.
        </p>
      </div>
    );
  }
  const stage = current
    ? courtStage({
        phase: dispute.phase,
        round: dispute.round,
        times: current,
        seats: current.panel.length,
        now,
      })
    : null;
  const onPanel = Boolean(
    address && current?.panel.some((arbitrator) => arbitrator.toLowerCase() === address.toLowerCase()),
  );
  const firstBond = reads.rounds?.[0]?.bond;
  const appealBond =
    firstBond !== undefined && reads.appealBondMultiplier !== undefined
      ? firstBond * reads.appealBondMultiplier
      : undefined;
  const receiptDigest = job.data?.receiptDigest;

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">
          <Link href="/court">Court</Link> · dispute
        </p>
        <h1>
          Dispute #{disputeId.toString()}{" "}
          <span
            className={`pill ${dispute.phase === DisputePhase.Executed ? "pill--muted" : "pill--pending"}`}
            data-testid="dispute-phase"
            data-phase={courtPhaseLabels[dispute.phase]?.toLowerCase()}
          >
            {courtPhaseLabels[dispute.phase]}
          </span>
        </h1>
        <p className="lead">
          The client of <Link href={`/owner/jobs/${dispute.jobId}`}>job #{dispute.jobId.toString()}</Link> disputes its
          receipt; a panel of arbitrators decides whether the job is rejected and refunded, or stands and is paid.
        </p>
      </header>

      {status !== "connected" ? (
        <ConnectPrompt
          connecting={status === "connecting" || status === "reconnecting"}
          why="Panelists vote and anyone moves the dispute on with a connected account."
        />
      ) : null}

      <div className="grid-2">
        <DisputeFacts dispute={dispute} token={token} receiptDigest={receiptDigest} collateral={job.data?.collateral} />
        <div className="stack-lg">
          {onPanel && current && stage && address ? (
            <VoteCard
              disputeId={disputeId}
              dispute={dispute}
              round={current}
              stage={stage}
              account={address}
              now={now}
              token={token}
              writable={writable}
            />
          ) : null}
          {current && stage ? (
            <DisputeActions
              disputeId={disputeId}
              dispute={dispute}
              round={current}
              stage={stage}
              drawSession={drawSession.data}
              appealBond={appealBond}
              account={address}
              now={now}
              token={token}
              writable={writable}
            />
          ) : null}
        </div>
      </div>

      {reads.rounds?.map((round) => (
        <RoundCard key={round.round} round={round} dispute={dispute} token={token} now={now} />
      ))}

      <EvidenceList
        disputeId={disputeId}
        parties={{
          client: dispute.client,
          operator: dispute.operator,
          jobId: dispute.jobId,
          jobReceiptDigest: receiptDigest,
        }}
      />
    </div>
  );
}

function DisputeFacts({
  dispute,
  token,
  receiptDigest,
  collateral,
}: {
  dispute: DisputeRecord;
  token: StakeToken;
  receiptDigest: `0x${string}` | undefined;
  /** The job's collateral, once read. */
  collateral: bigint | undefined;
}) {
  return (
    <section className="card" aria-labelledby="dispute-facts-heading">
      <div className="card__head">
        <h2 id="dispute-facts-heading">Parties and money</h2>
      </div>
      <dl className="facts">
        <dt>Job</dt>
        <dd>
          <Link href={`/owner/jobs/${dispute.jobId}`} data-testid="dispute-job">
            #{dispute.jobId.toString()}
          </Link>{" "}
          of{" "}
          <AgentLink id={dispute.agentId} testId="dispute-agent">
            agent #{dispute.agentId.toString()}
          </AgentLink>
        </dd>
        <dt>Client</dt>
        <dd>
          <AddressLink address={dispute.client} testId="dispute-client" />
        </dd>
        <dt>Operator</dt>
        <dd>
          <AddressLink address={dispute.operator} testId="dispute-operator" />
        </dd>
        <dt>Payment in escrow</dt>
        <dd data-testid="dispute-payment">{token.format(dispute.payment)}</dd>
        <dt>Compensation</dt>
        <dd data-testid="dispute-compensation">
          {token.format(dispute.compensation)}
          <span className="muted"> owed by the operator if the client wins</span>
        </dd>
        <dt>Backed by</dt>
        <dd data-testid="dispute-backing">
          <CompensationBacking dispute={dispute} collateral={collateral} token={token} />
        </dd>
        <dt>Job&apos;s receipt on chain</dt>
        <dd className="mono" data-testid="dispute-job-receipt">
          {receiptDigest === undefined ? "…" : receiptDigest === zeroHash ? "none" : receiptDigest}
        </dd>
        <dt>Opened</dt>
        <dd>{formatTimestamp(dispute.openedAt)} (chain time)</dd>
        <dt>Final ruling</dt>
        <dd data-testid="dispute-ruling">
          {dispute.phase === DisputePhase.Executed ? rulingLabels[dispute.ruling] : "not executed yet"}
        </dd>
      </dl>
    </section>
  );
}

function RoundCard({
  round,
  dispute,
  token,
  now,
}: {
  round: DisputeRound;
  dispute: DisputeRecord;
  token: StakeToken;
  now: number;
}) {
  const ruled = round.ruling !== Ruling.None || round.lapsed;
  const drawn = round.panel.length > 0;
  const seats = round.round === 0 ? dispute.firstPanelSize : dispute.firstPanelSize * 2 + 1;
  const poster = (address: Address) =>
    address.toLowerCase() === dispute.client.toLowerCase()
      ? "the client"
      : address.toLowerCase() === dispute.operator.toLowerCase()
        ? "the operator"
        : shortAddress(address);
  return (
    <section
      className="card card--wide"
      aria-labelledby={`round-${round.round}-heading`}
      data-testid={`dispute-round-${round.round}`}
    >
      <div className="card__head">
        <h2 id={`round-${round.round}-heading`}>{round.round === 0 ? "First round" : "Appeal round"}</h2>
        <span className="pill pill--muted" data-testid={`dispute-round-${round.round}-ruling`}>
          {round.lapsed ? "lapsed: no panel" : ruled ? `ruled ${rulingLabels[round.ruling]}` : "running"}
        </span>
      </div>
      <dl className="facts">
        <dt>Bond</dt>
        <dd>
          {token.format(round.bond)} posted by {poster(round.bondPoster)}
        </dd>
        <dt>Panel</dt>
        <dd>
          {drawn
            ? `${round.panel.length} seats, ${token.format(round.lockPerSeat)} locked each`
            : `${seats} seats, to be drawn with ticket #${round.drawTicket.toString()} of the draw line`}
        </dd>
        {drawn ? (
          <>
            <dt>Commit ends</dt>
            <dd>
              {formatTimestamp(round.commitEndsAt)}
              {now < Number(round.commitEndsAt) && !ruled ? (
                <span className="muted"> · in {formatDuration(Number(round.commitEndsAt) - now)}</span>
              ) : null}
            </dd>
            <dt>Reveal ends</dt>
            <dd>
              {formatTimestamp(round.revealEndsAt)}
              {now < Number(round.revealEndsAt) && !ruled ? (
                <span className="muted"> · in {formatDuration(Number(round.revealEndsAt) - now)}</span>
              ) : null}
            </dd>
          </>
        ) : (
          <>
            <dt>Draw deadline</dt>
            <dd>{formatTimestamp(round.drawDeadline)} (chain time)</dd>
          </>
        )}
        {ruled && round.round === 0 && !round.lapsed ? (
          <>
            <dt>Appeal ends</dt>
            <dd data-testid="dispute-appeal-ends">
              {formatTimestamp(round.appealEndsAt)}
              {now < Number(round.appealEndsAt) ? (
                <span className="muted"> · in {formatDuration(Number(round.appealEndsAt) - now)}</span>
              ) : null}
            </dd>
          </>
        ) : null}
        {ruled ? (
          <>
            <dt>Tally</dt>
            <dd data-testid={`dispute-round-${round.round}-tally`}>
              {round.votesForClient} for the client, {round.votesForAgent} for the agent
            </dd>
            <dt>Panel fee</dt>
            <dd>{token.format(round.feePaid)} to the coherent voters</dd>
          </>
        ) : null}
      </dl>
      {drawn ? (
        <div className="table-wrap">
          <table className="table" data-testid={`dispute-round-${round.round}-panel`}>
            <thead>
              <tr>
                <th scope="col">Seat</th>
                <th scope="col">Arbitrator</th>
                <th scope="col">Committed</th>
                <th scope="col">Vote</th>
              </tr>
            </thead>
            <tbody>
              {round.votes.map(({ arbitrator, vote }, seat) => (
                <tr key={arbitrator}>
                  <td>{seat + 1}</td>
                  <td>
                    <AddressLink address={arbitrator} />
                  </td>
                  <td>{vote === undefined ? "…" : vote.commitment === zeroHash ? "not yet" : "yes"}</td>
                  <td>
                    {vote === undefined
                      ? "…"
                      : vote.revealed !== Ruling.None
                        ? rulingLabels[vote.revealed]
                        : vote.commitment === zeroHash
                          ? "—"
                          : ruled
                            ? "never revealed"
                            : "hidden until revealed"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
