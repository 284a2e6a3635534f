"use client";
import { disputeCourtAbi } from "@leasehold/sdk/abis";
import { Ruling } from "@leasehold/sdk/court";
import { erc20Abi, type Address } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { stakesFrozenText, type CourtStage } from "@/lib/court-phase";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { DrawLinePanel } from "./draw-line-panel";
import type { DisputeRecord, DisputeRound } from "./use-dispute";
import type { DrawSessionReads } from "./use-draw-session";

/**
 * The calls anyone may make to move a dispute on (the draw line's next call while it waits for
 * its panel, lapse, close, execute), and the loser's appeal.
 */
export function DisputeActions({
  disputeId,
  dispute,
  round,
  stage,
  drawSession,
  appealBond,
  account,
  now,
  token,
  writable,
}: {
  disputeId: bigint;
  dispute: DisputeRecord;
  round: DisputeRound;
  stage: CourtStage;
  /** The registry's draw line, with this round's ticket. */
  drawSession: DrawSessionReads | undefined;
  appealBond: bigint | undefined;
  account: Address | undefined;
  now: number;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  const flow = useTokenFlow();
  const court = deployment!.contracts.DisputeCourt.address;
  const call = (functionName: "lapse" | "closeRound" | "execute", label: string, success: string) =>
    // Each waits for a deadline (or every vote): simulated in the block it lands in.
    flow.run(
      [
        {
          label,
          prepare: () => ({ address: court, abi: disputeCourtAbi, functionName, args: [disputeId], atNextBlock: true }),
        },
      ],
      { success },
    );
  // While a draw session runs, stakes are frozen: closing a round (its seat releases) waits, and
  // so does lapsing a round whose ticket the session may still draw.
  const line = drawSession?.state;
  const frozenText = line ? stakesFrozenText(line) : null;
  const frozen = frozenText !== null;
  const ticketInSession = Boolean(
    frozen && line && drawSession?.ticket?.open && drawSession.ticket.session <= line.session,
  );
  const loser =
    round.ruling === Ruling.Agent ? dispute.client : round.ruling === Ruling.Client ? dispute.operator : null;
  const isLoser = Boolean(account && loser && account.toLowerCase() === loser.toLowerCase());
  const appeal = () =>
    flow.run(
      [
        {
          label: `Approve the appeal bond of ${appealBond === undefined ? "…" : token.format(appealBond)} for the court`,
          prepare: async () => {
            const allowance = await readContract(wagmiConfig, {
              address: token.address,
              abi: erc20Abi,
              functionName: "allowance",
              args: [account!, court],
              chainId,
            });
            return allowance >= appealBond!
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [court, appealBond!] };
          },
        },
        {
          label: `Appeal dispute #${disputeId} to a panel of ${dispute.firstPanelSize * 2 + 1}`,
          prepare: () => ({ address: court, abi: disputeCourtAbi, functionName: "appeal", args: [disputeId] }),
        },
      ],
      { success: `Dispute #${disputeId} is appealed: a larger panel will be drawn.` },
    );

  let body;
  switch (stage.kind) {
    case "drawing":
      body = (
        <>
          <DrawLinePanel reads={drawSession} disputeId={disputeId} now={now} writable={writable} />
          <p className="muted" data-testid="dispute-next">
            {stage.lapsable
              ? ticketInSession
                ? `The draw deadline has passed, but this round's ticket belongs to the running draw session: it may be lapsed once stakes thaw, if the session does not seat its panel.`
                : "The draw deadline has passed: the round may also be lapsed."
              : `If no panel can be seated by ${formatTimestamp(round.drawDeadline)} (chain time), the round lapses.`}
          </p>
          {stage.lapsable ? (
            <div className="button-row">
              <button
                type="button"
                className="button"
                disabled={!writable || flow.busy || ticketInSession}
                onClick={() =>
                  void call("lapse", `Lapse round ${round.round + 1}`, "The round lapsed: its bond goes back whole.")
                }
                data-testid="dispute-lapse"
              >
                Lapse the round
              </button>
            </div>
          ) : null}
        </>
      );
      break;
    case "commit":
      body = (
        <p className="muted" data-testid="dispute-next">
          The panel commits until {formatTimestamp(stage.endsAt)} (chain time, in {formatDuration(stage.endsAt - now)}
          ): {round.commits} of {round.panel.length} committed.
        </p>
      );
      break;
    case "reveal":
      body = (
        <p className="muted" data-testid="dispute-next">
          The panel reveals until {formatTimestamp(stage.endsAt)} (chain time, in {formatDuration(stage.endsAt - now)}
          ): {round.reveals} of {round.panel.length} revealed.
        </p>
      );
      break;
    case "tally":
      body = (
        <>
          <p className="muted" data-testid="dispute-next">
            Voting is over ({round.reveals} of {round.panel.length} revealed):{" "}
            {frozen
              ? `closing the round releases its seats, which waits until stakes thaw: ${frozenText}.`
              : "anyone may close the round and tally it."}
          </p>
          {frozen ? <DrawLinePanel reads={drawSession} disputeId={disputeId} now={now} writable={writable} /> : null}
          <button
            type="button"
            className="button button--primary"
            disabled={!writable || flow.busy || frozen || !drawSession}
            onClick={() =>
              void call("closeRound", `Close round ${round.round + 1} of dispute #${disputeId}`, "The round is ruled.")
            }
            data-testid="dispute-close"
          >
            Close the round
          </button>
        </>
      );
      break;
    case "appeal":
      body = (
        <>
          <p className="muted" data-testid="dispute-next">
            The losing party ({loser === dispute.client ? "the client" : "the operator"}) may appeal until{" "}
            {formatTimestamp(stage.endsAt)} (chain time, in {formatDuration(stage.endsAt - now)}), with a bond of{" "}
            {appealBond === undefined ? "…" : token.format(appealBond)}; after that anyone may execute the ruling.
          </p>
          {isLoser ? (
            <button
              type="button"
              className="button button--primary"
              disabled={!writable || flow.busy || appealBond === undefined}
              onClick={() => void appeal()}
              data-testid="dispute-appeal"
            >
              Appeal ({appealBond === undefined ? "…" : token.format(appealBond)} bond)
            </button>
          ) : null}
        </>
      );
      break;
    case "executable":
      body = (
        <>
          <p className="muted" data-testid="dispute-next">
            The ruling is final: anyone may execute it (refund or payment, slash, compensation, bonds).
          </p>
          <button
            type="button"
            className="button button--primary"
            disabled={!writable || flow.busy}
            onClick={() =>
              void call("execute", `Execute the ruling of dispute #${disputeId}`, "The ruling is executed.")
            }
            data-testid="dispute-execute"
          >
            Execute the ruling
          </button>
        </>
      );
      break;
    case "executed":
      body = (
        <p className="muted" data-testid="dispute-next">
          The ruling was executed. Payees withdraw their court balance on the Court page.
        </p>
      );
      break;
    default:
      body = null;
  }
  return (
    <section className="card" aria-labelledby="dispute-actions-heading">
      <div className="card__head">
        <h2 id="dispute-actions-heading">Next step</h2>
      </div>
      {body}
      <TxStatus state={flow.state} testId="dispute-action-tx" onDismiss={flow.reset} />
    </section>
  );
}
