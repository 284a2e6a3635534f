"use client";
import { DrawPhase } from "@leasehold/sdk/court";
import { drawPhaseLabels, stakesFrozenText } from "@/lib/court-phase";
import { DrawLinePanel } from "./draw-line-panel";
import type { DrawSessionReads } from "./use-draw-session";

/**
 * The registry's draw sessions on the Court page: the phase, what a running session freezes and
 * until when, and the draw line's next call (anyone may make it).
 */
export function DrawLineCard({
  reads,
  now,
  writable,
}: {
  reads: DrawSessionReads | undefined;
  now: number;
  writable: boolean;
}) {
  const state = reads?.state;
  const frozen = state ? stakesFrozenText(state) : null;
  return (
    <section className="card card--wide" aria-labelledby="draw-line-heading" data-testid="court-draw-line">
      <div className="card__head">
        <h2 id="draw-line-heading">Draw sessions</h2>
        {state ? (
          <span
            className={`pill ${state.phase === DrawPhase.Staking ? "pill--live" : "pill--warn"}`}
            data-testid="court-draw-phase"
            data-phase={["staking", "generating", "drawing"][state.phase]}
          >
            {drawPhaseLabels[state.phase]}
            {state.session > 0n ? ` · session ${state.session.toString()}` : ""}
          </span>
        ) : null}
      </div>
      <p className="muted">
        Panels are drawn in sessions: stakes freeze before a session&apos;s random value is requested, and its disputes
        are drawn in the order they asked for a panel, so nobody can steer a draw once the value is known.
      </p>
      {state === undefined ? null : frozen ? (
        <p className="notice notice--warning small" data-testid="court-stakes-frozen">
          Joining, leaving and closing rounds wait until stakes thaw: {frozen}.
        </p>
      ) : (
        <p className="small" data-testid="court-stakes-open">
          Stakes are open: joining, leaving and closing rounds go through now.
        </p>
      )}
      <DrawLinePanel reads={reads} now={now} writable={writable} />
    </section>
  );
}

/** A form's note while stakes are frozen (`text` from stakesFrozenText), or nothing. */
export function StakesFrozenNote({ text, testId }: { text: string | null; testId: string }) {
  if (text === null) return null;
  return (
    <p className="notice notice--warning small" data-testid={testId}>
      A draw session is running, so this waits until stakes thaw: {text}.
    </p>
  );
}
