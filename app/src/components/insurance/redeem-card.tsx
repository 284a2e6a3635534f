"use client";
import { insurancePoolAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import { useReadContract } from "wagmi";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { formatAmount, formatDuration, formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useTokenFlow } from "@/lib/use-token-flow";
import { parseAmount } from "@/lib/validation";
import type { PoolAccountCardProps } from "./use-pool-reads";
import { PendingExitPanel } from "../ui/pending-exit-panel";

/**
 * Leave the pool in two steps: lock shares with a redemption request, wait the cooldown against
 * chain time, then redeem them (or cancel the request). A new request restarts the clock for all
 * locked shares, as the contract does.
 */
export function RedeemCard({ reads, token, account, writable }: PoolAccountCardProps) {
  const { chainId } = useRuntimeConfig();
  const request = useTokenFlow();
  const settle = useTokenFlow();
  const now = useChainNow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const pool = reads.pool!;
  const decimals = reads.shareDecimals ?? token.decimals + 6;
  const shares = (value: bigint) => `${formatAmount(value, decimals)} shares`;
  const locked = reads.request && reads.request.shares > 0n ? reads.request : null;
  const free = reads.shares === undefined ? undefined : reads.shares - (locked?.shares ?? 0n);
  const parsed = parseAmount(
    input,
    decimals,
    free === undefined ? undefined : { max: free, describe: `your shares not yet locked (${shares(free)})` },
  );
  const error = touched && !parsed.ok ? parsed.message : null;
  const preview = useReadContract({
    address: pool,
    abi: insurancePoolAbi,
    functionName: "previewRedeem",
    args: parsed.ok ? [parsed.value] : undefined,
    chainId,
    query: { enabled: parsed.ok },
  });

  const unlockAt = locked ? Number(locked.unlockAt) : 0;
  const remaining = unlockAt - now;
  const cooldown = reads.cooldown === undefined ? undefined : Number(reads.cooldown);
  // Matured by chain time and by the contract's own say (maxRedeem is zero before maturity).
  const matured = locked !== null && remaining <= 0 && (reads.maxRedeem ?? 0n) > 0n;
  const progress = locked && cooldown ? Math.min(1, Math.max(0, 1 - remaining / cooldown)) : locked ? 1 : 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    const amount = parsed.value;
    const ok = await request.run(
      [
        {
          label: `Request redemption of ${shares(amount)}`,
          prepare: () => ({ address: pool, abi: insurancePoolAbi, functionName: "requestRedeem", args: [amount] }),
        },
      ],
      { success: `${shares(amount)} locked for redemption.` },
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
          label: "Cancel the redemption request",
          prepare: () => ({ address: pool, abi: insurancePoolAbi, functionName: "cancelRedeem", args: [] }),
        },
      ],
      { success: "Request cancelled: your shares are free again." },
    );
  const redeem = () =>
    settle.run(
      [
        {
          label: `Redeem ${reads.maxRedeem === undefined ? "your matured shares" : shares(reads.maxRedeem)}`,
          // What can leave is read at the moment of sending: the share price may have moved.
          prepare: () => ({
            address: pool,
            abi: insurancePoolAbi,
            functionName: "redeem",
            args: [reads.maxRedeem ?? 0n, account, account],
            // Matured shares depend on the time: simulated in the block it lands in.
            atNextBlock: true,
          }),
        },
      ],
      { success: "Redeemed to your wallet." },
    );

  return (
    <section className="card" aria-labelledby="redeem-heading">
      <div className="card__head">
        <h2 id="redeem-heading">Redeem</h2>
      </div>
      <p className="muted">
        Shares leave after a cooldown of {cooldown === undefined ? "…" : formatDuration(cooldown)}: request, wait, then
        redeem. Claims filed meanwhile lower the share price for everyone, leaving or staying.
      </p>

      {locked ? (
        <PendingExitPanel
          testId="redeem-panel"
          amount={
            <>
              <strong data-testid="redeem-locked">{shares(locked.shares)}</strong> locked
            </>
          }
          countdown={{
            testId: "redeem-countdown",
            live: matured,
            text: matured ? "Redeemable" : remaining > 0 ? `Redeemable in ${formatDuration(remaining)}` : "Maturing…",
          }}
          progress={{ label: "Cooldown progress", fraction: progress }}
          maturity={
            <>
              Redeemable from {formatTimestamp(unlockAt)} (chain time)
              {matured && reads.maxWithdraw !== undefined ? (
                <>
                  {" "}
                  · now worth <span data-testid="redeem-worth">{token.format(reads.maxWithdraw)}</span>
                </>
              ) : null}
            </>
          }
          cancel={{
            label: "Cancel request",
            testId: "cancel-redeem",
            onClick: cancel,
            disabled: !writable || settle.busy,
          }}
          confirm={{
            label: "Redeem",
            testId: "redeem-submit",
            onClick: redeem,
            disabled: !writable || settle.busy || !matured,
          }}
          footer={<TxStatus state={settle.state} testId="redeem-tx" onDismiss={settle.reset} />}
        />
      ) : settle.state.phase !== "idle" ? (
        <TxStatus state={settle.state} testId="redeem-tx" onDismiss={settle.reset} />
      ) : null}

      <form onSubmit={submit} noValidate className="form">
        <Field
          id="redeem-shares"
          label="Shares to redeem"
          hint={
            free === undefined
              ? undefined
              : locked
                ? `Free: ${shares(free)}. Requesting more restarts the clock for the shares already locked.`
                : `Free: ${shares(free)}`
          }
          error={error}
        >
          <AmountInput
            id="redeem-shares"
            value={input}
            onEdit={(value) => {
              setInput(value);
              setTouched(true);
            }}
            max={free}
            decimals={decimals}
            hasHint={free !== undefined}
            error={error}
          />
        </Field>
        <p className="muted small" data-testid="redeem-preview">
          {parsed.ok && preview.data !== undefined
            ? `Worth about ${token.format(preview.data)} at today's price; what you receive is priced when you redeem.`
            : "Enter a number of shares to see what they are worth."}
        </p>
        <button type="submit" className="button" disabled={!writable || request.busy} data-testid="request-redeem">
          {request.busy ? "Requesting…" : "Request redemption"}
        </button>
      </form>
      <TxStatus state={request.state} testId="request-redeem-tx" onDismiss={request.reset} />
    </section>
  );
}
