"use client";
import { arbitratorRegistryAbi, disputeCourtAbi } from "@leasehold/sdk/abis";
import { DrawPhase, nextDrawStep, RandomnessStatus, type DrawStep } from "@leasehold/sdk/court";
import type { ReactNode } from "react";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp, shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { ContractCall } from "@/lib/use-transaction-flow";
import { useTokenFlow } from "@/lib/use-token-flow";
import type { DrawSessionReads } from "./use-draw-session";

type Action = { label: string; call: ContractCall | null; success: string };

/**
 * Where the registry's draw line stands, in words, and the one button that makes its next call
 * (the sdk's `nextDrawStep` decides which; anyone may make it). On a dispute's page it speaks of
 * that dispute: whether its panel is next, which dispute is drawn first, or why it waits.
 */
export function DrawLinePanel({
  reads,
  disputeId,
  now,
  writable,
}: {
  reads: DrawSessionReads | undefined;
  /** The dispute whose page this is, if any. */
  disputeId?: bigint;
  /** Chain time now (the next block's, as near as the page knows), in seconds. */
  now: number;
  writable: boolean;
}) {
  const { deployment } = useRuntimeConfig();
  const flow = useTokenFlow();
  if (!reads || !deployment) {
    return <p className="muted">Reading the draw line from the chain…</p>;
  }
  const registry = deployment.contracts.ArbitratorRegistry.address;
  const court = deployment.contracts.DisputeCourt.address;
  const step = nextDrawStep(reads.state, BigInt(now));
  // Every call of the line is judged by the block it lands in: simulate against that one.
  const passPhase: ContractCall = {
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "passPhase",
    args: [],
    atNextBlock: true,
  };
  const { text, action } = describeStep(step, reads, { disputeId, now, passPhase, court });

  return (
    <div className="stack" data-testid="draw-line">
      <p className="muted" data-testid="draw-line-state" data-step={step.kind}>
        {text}
      </p>
      {action ? (
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            disabled={!writable || flow.busy || action.call === null}
            onClick={() =>
              action.call &&
              void flow.run([{ label: action.label, prepare: () => action.call }], { success: action.success })
            }
            data-testid="draw-line-action"
          >
            {action.label}
          </button>
        </div>
      ) : null}
      <TxStatus state={flow.state} testId="draw-line-tx" onDismiss={flow.reset} />
    </div>
  );
}

function describeStep(
  step: DrawStep,
  { state, source, ticket, blockNumber }: DrawSessionReads,
  {
    disputeId,
    now,
    passPhase,
    court,
  }: { disputeId: bigint | undefined; now: number; passPhase: ContractCall; court: `0x${string}` },
): { text: ReactNode; action: Action | null } {
  const at = (time: bigint) => (
    <>
      {formatTimestamp(time)} (chain time, in {formatDuration(Math.max(Number(time) - now, 0))})
    </>
  );
  const ours = disputeId === undefined ? "the waiting panels" : `the panel of dispute #${disputeId}`;
  const start: Action = {
    label: "Start the draw session",
    call: passPhase,
    success: "The draw session started: stakes are frozen and the randomness is requested.",
  };
  switch (step.kind) {
    case "idle":
      return { text: "No dispute waits for a panel: the draw line is idle.", action: null };
    case "waitStaking":
      return {
        text: (
          <>
            Waiting for the draw session: stakes stay open until {at(step.until)}; then anyone may start the session
            that draws {ours}.
          </>
        ),
        action: { ...start, call: null },
      };
    case "startSession":
      return {
        text: (
          <>
            {state.openTickets.toString()} dispute round{state.openTickets === 1n ? "" : "s"} wait
            {state.openTickets === 1n ? "s" : ""} for a panel. Starting the draw session freezes stakes and requests one
            random value, so nobody can move a weight or the order of the draws once it is known.
          </>
        ),
        action: start,
      };
    case "waitRandomness": {
      let waiting: ReactNode;
      if (source.kind === "blockhash" && source.targetBlock !== null) {
        const left = source.targetBlock >= blockNumber ? source.targetBlock - blockNumber + 1n : 0n;
        waiting = (
          <>
            waiting for block {source.targetBlock.toString()}, whose hash decides ({left.toString()} more block
            {left === 1n ? "" : "s"} to be mined)
          </>
        );
      } else if (source.kind === "vrf") {
        waiting = <>waiting for the Chainlink VRF oracle to answer request #{state.requestId.toString()}</>;
      } else {
        waiting = <>waiting for the randomness source {source.kind === "other" ? shortAddress(source.address) : ""}</>;
      }
      return {
        text: (
          <>
            Randomness requested: {waiting}. If none comes by {at(step.until)}, anyone may end the session: stakes thaw
            and the panels wait for the next one.
          </>
        ),
        action: { label: "Reveal the randomness", call: null, success: "" },
      };
    }
    case "revealRandomness": {
      if (state.randomness === RandomnessStatus.Ready) {
        return {
          text: "The randomness is ready: revealing it starts the draws, in the order the disputes took their tickets.",
          action: { label: "Reveal the randomness", call: passPhase, success: "The randomness is revealed." },
        };
      }
      // The registry stores a Ready value first, then gives up after maxDrawingTime, then asks again.
      if (BigInt(now) >= state.phaseStartedAt + state.maxDrawingTime) {
        return {
          text: "No randomness came in time: ending the session thaws stakes, and the panels wait for the next one.",
          action: { label: "End the draw session", call: passPhase, success: "The session ended: stakes thawed." },
        };
      }
      return {
        text: "The requested randomness expired before anyone read it: ask for it again (stakes stay frozen).",
        action: {
          label: "Request the randomness again",
          call: passPhase,
          success: "The randomness is requested again.",
        },
      };
    }
    case "draw": {
      const call: ContractCall = {
        address: court,
        abi: disputeCourtAbi,
        functionName: "draw",
        args: [step.disputeId],
        atNextBlock: true,
      };
      const success = `The draw of dispute #${step.disputeId} is done.`;
      if (disputeId === undefined) {
        return {
          text: `Dispute #${step.disputeId}'s panel can be drawn now: it is next in line.`,
          action: { label: `Draw dispute #${step.disputeId}'s panel`, call, success },
        };
      }
      if (step.disputeId === disputeId) {
        return {
          text: `Your panel can be drawn now: dispute #${disputeId} is next in line.`,
          action: { label: "Draw the panel", call, success },
        };
      }
      return {
        text: (
          <>
            Dispute #{step.disputeId.toString()} is drawn first: panels are drawn strictly in the order their tickets
            were taken
            {ticket?.open ? `, and this dispute's ticket #${ticket.ticket} comes later` : ""}. Anyone may draw it to
            move the line on.
          </>
        ),
        action: { label: `Draw dispute #${step.disputeId}'s panel`, call, success },
      };
    }
    case "endSession": {
      const waitsForNext = ticket !== null && ticket.open && ticket.session > state.session;
      const end: Action = {
        label: "End the draw session",
        call: passPhase,
        success: "The session ended: stakes thawed.",
      };
      if (waitsForNext && state.phase === DrawPhase.Drawing) {
        return {
          text: (
            <>
              This session&apos;s draws are done. Dispute #{disputeId?.toString()}&apos;s ticket #
              {ticket.ticket.toString()} was taken after its randomness was requested, so it waits for the next session:
              end this one to thaw stakes; the next may start {formatDuration(Number(state.minStakingTime))} later.
            </>
          ),
          action: end,
        };
      }
      return {
        text: "This session's draws are done: ending it thaws stakes (joining, leaving and closing rounds wait until then).",
        action: end,
      };
    }
  }
}
