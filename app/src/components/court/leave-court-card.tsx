"use client";
import { arbitratorRegistryAbi } from "@leasehold/sdk/abis";
import { useState, type FormEvent } from "react";
import { useConnection } from "wagmi";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { parseAmount } from "@/lib/validation";
import { StakesFrozenNote } from "./draw-line-card";
import type { CourtReads } from "./use-court-reads";
import { PendingExitPanel } from "../ui/pending-exit-panel";

/**
 * Leave the court: request, watch the leave delay on chain time, cancel, or withdraw once free of
 * seats. Requesting and cancelling wait while a draw session freezes stakes (`frozen`, from
 * stakesFrozenText); withdrawing matured stake does not.
 */
export function LeaveCourtCard({
  reads,
  token,
  writable,
  frozen,
}: {
  reads: CourtReads;
  token: StakeToken;
  writable: boolean;
  frozen: string | null;
}) {
  const { deployment } = useRuntimeConfig();
  const { address } = useConnection();
  const request = useTokenFlow();
  const settle = useTokenFlow();
  const now = useChainNow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const registry = deployment!.contracts.ArbitratorRegistry.address;
  const arbitrator = reads.arbitrator;
  const free = arbitrator?.free;
  const parsed = parseAmount(
    input,
    token.decimals,
    free === undefined ? undefined : { max: free, describe: `your free court stake (${token.format(free)})` },
  );
  const error = touched && !parsed.ok ? parsed.message : null;
  const leaving = arbitrator && arbitrator.leaving > 0n ? arbitrator : null;
  const remaining = leaving ? Number(leaving.unlockAt) - now : 0;
  const matured = leaving !== null && remaining <= 0;
  const seated = (arbitrator?.seats ?? 0) > 0;
  const delay = reads.leaveDelay === undefined ? undefined : Number(reads.leaveDelay);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    const amount = parsed.value;
    const ok = await request.run(
      [
        {
          label: `Request to leave with ${token.format(amount)}`,
          prepare: () => ({
            address: registry,
            abi: arbitratorRegistryAbi,
            functionName: "requestLeave",
            args: [amount],
          }),
        },
      ],
      { success: `${token.format(amount)} is leaving the bench.` },
    );
    if (ok) {
      setInput("");
      setTouched(false);
    }
  }
  const cancel = () =>
    settle.run(
      [
        {
          label: "Cancel leaving",
          prepare: () => ({ address: registry, abi: arbitratorRegistryAbi, functionName: "cancelLeave", args: [] }),
        },
      ],
      { success: "Leaving cancelled: the stake is drawable again." },
    );
  const withdraw = () =>
    settle.run(
      [
        {
          label: `Withdraw ${leaving ? token.format(leaving.leaving) : ""} to your wallet`,
          prepare: () => ({
            address: registry,
            abi: arbitratorRegistryAbi,
            functionName: "withdraw",
            args: [address!],
            // Waits for the leave delay: simulated in the block it lands in (the countdown's time).
            atNextBlock: true,
          }),
        },
      ],
      { success: "Court stake withdrawn to your wallet." },
    );

  return (
    <section className="card" aria-labelledby="leave-heading">
      <div className="card__head">
        <h2 id="leave-heading">Leave the court</h2>
      </div>
      <p className="muted">
        Leaving stake stops being drawable at once and can be withdrawn after{" "}
        {delay === undefined ? "the leave delay" : formatDuration(delay)}, once you hold no seat on a live dispute.
      </p>
      {leaving ? (
        <PendingExitPanel
          testId="leave-panel"
          amount={
            <>
              <strong>{token.format(leaving.leaving)}</strong> leaving
            </>
          }
          countdown={{
            testId: "leave-countdown",
            live: matured,
            text: matured ? "Unlocked" : `Unlocks in ${formatDuration(remaining)}`,
          }}
          maturity={<>Unlocks at {formatTimestamp(leaving.unlockAt)} (chain time)</>}
          notice={
            matured && seated ? (
              <p className="notice notice--warning small" data-testid="leave-seated">
                You still hold {arbitrator!.seats} seat{arbitrator!.seats === 1 ? "" : "s"} on live disputes: withdraw
                once {arbitrator!.seats === 1 ? "it is" : "they are"} settled.
              </p>
            ) : null
          }
          cancel={{
            label: "Cancel leaving",
            testId: "leave-cancel",
            onClick: () => void cancel(),
            disabled: !writable || settle.busy || frozen !== null,
          }}
          confirm={{
            label: "Withdraw",
            testId: "leave-withdraw",
            onClick: () => void withdraw(),
            disabled: !writable || settle.busy || !matured || seated,
          }}
        />
      ) : null}
      <TxStatus state={settle.state} testId="leave-settle-tx" onDismiss={settle.reset} />
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="leave-amount"
          label={`Amount to leave with (${token.symbol || "tokens"})`}
          hint={
            leaving
              ? "Requesting more restarts the delay for everything already leaving."
              : free === undefined
                ? undefined
                : `Free: ${token.format(free)}`
          }
          error={error}
        >
          <AmountInput
            id="leave-amount"
            value={input}
            onEdit={(value) => {
              setInput(value);
              setTouched(true);
            }}
            max={free}
            decimals={token.decimals}
            hasHint={leaving !== null || free !== undefined}
            error={error}
          />
        </Field>
        <button
          type="submit"
          className="button"
          disabled={!writable || request.busy || frozen !== null}
          data-testid="leave-request"
        >
          {request.busy ? "Requesting…" : "Request to leave"}
        </button>
      </form>
      <StakesFrozenNote text={frozen} testId="leave-frozen" />
      <TxStatus state={request.state} testId="leave-request-tx" onDismiss={request.reset} />
    </section>
  );
}
