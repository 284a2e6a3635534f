"use client";
import { stakeManagerAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import { useConnection } from "wagmi";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { StakeToken } from "@/lib/use-stake-token";
import { parseAmount } from "@/lib/validation";
import { useStakerFlow } from "./use-describe";
import type { StakerReads } from "./use-staker-reads";
import { PendingExitPanel } from "../ui/pending-exit-panel";

/** Request a withdrawal, watch it unbond against chain time, cancel it or withdraw it. */
export function WithdrawalCard({
  reads,
  token,
  writable,
}: {
  reads: StakerReads;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment } = useRuntimeConfig();
  const { address } = useConnection();
  const request = useStakerFlow();
  const settle = useStakerFlow();
  const now = useChainNow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const stakeManager = deployment!.contracts.StakeManager.address;
  const stake = reads.stake;
  const free = stake?.free;
  const parsed = parseAmount(
    input,
    token.decimals,
    free === undefined ? undefined : { max: free, describe: `your free stake (${token.format(free)})` },
  );
  const error = touched && !parsed.ok ? parsed.message : null;
  const unbonding = stake && stake.unbonding > 0n ? stake : null;
  const unlockAt = unbonding ? Number(unbonding.unlockAt) : 0;
  const remaining = unlockAt - now;
  const unlocked = unbonding !== null && remaining <= 0;
  const delay = reads.unbondingDelay === undefined ? undefined : Number(reads.unbondingDelay);
  const progress = unbonding && delay ? Math.min(1, Math.max(0, 1 - remaining / delay)) : 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    const amount = parsed.value;
    const ok = await request.run(
      [
        {
          label: `Request withdrawal of ${token.format(amount)}`,
          prepare: () => ({
            address: stakeManager,
            abi: stakeManagerAbi,
            functionName: "requestWithdrawal",
            args: [amount],
          }),
        },
      ],
      { success: `${token.format(amount)} is unbonding.` },
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
          label: "Cancel the withdrawal",
          prepare: () => ({ address: stakeManager, abi: stakeManagerAbi, functionName: "cancelWithdrawal", args: [] }),
        },
      ],
      { success: "Withdrawal cancelled: the stake is free again." },
    );
  const withdraw = () =>
    settle.run(
      [
        {
          label: `Withdraw ${unbonding ? token.format(unbonding.unbonding) : ""} to your wallet`,
          // Waits for the unlock time: simulated in the block it lands in (the countdown's time).
          prepare: () => ({
            address: stakeManager,
            abi: stakeManagerAbi,
            functionName: "withdraw",
            args: [address!],
            atNextBlock: true,
          }),
        },
      ],
      { success: "Withdrawn to your wallet." },
    );

  return (
    <section className="card" aria-labelledby="withdraw-heading">
      <div className="card__head">
        <h2 id="withdraw-heading">Withdraw</h2>
      </div>
      <p className="muted">
        Withdrawals wait {delay === undefined ? "the unbonding delay" : formatDuration(delay)} and stay slashable while
        they wait.
      </p>

      {unbonding ? (
        <PendingExitPanel
          testId="unbonding-panel"
          amount={
            <>
              <strong>{token.format(unbonding.unbonding)}</strong> unbonding
            </>
          }
          countdown={{
            testId: "unbonding-countdown",
            live: unlocked,
            text: unlocked ? "Unlocked" : `Unlocks in ${formatDuration(remaining)}`,
          }}
          progress={{ label: "Unbonding progress", fraction: progress }}
          maturity={<>Unlocks at {formatTimestamp(unlockAt)} (chain time)</>}
          cancel={{
            label: "Cancel withdrawal",
            testId: "cancel-withdrawal",
            onClick: cancel,
            disabled: !writable || settle.busy,
          }}
          confirm={{
            label: "Withdraw",
            testId: "withdraw",
            onClick: withdraw,
            disabled: !writable || settle.busy || !unlocked,
          }}
          footer={<TxStatus state={settle.state} testId="settle-tx" onDismiss={settle.reset} />}
        />
      ) : settle.state.phase !== "idle" ? (
        <TxStatus state={settle.state} testId="settle-tx" onDismiss={settle.reset} />
      ) : null}

      <form onSubmit={submit} noValidate className="form">
        <Field
          id="withdraw-amount"
          label={`Amount to unbond (${token.symbol || "tokens"})`}
          hint={
            unbonding
              ? `Free: ${free === undefined ? "…" : token.format(free)}. Requesting more restarts the clock for everything already unbonding.`
              : free === undefined
                ? undefined
                : `Free: ${token.format(free)}`
          }
          error={error}
        >
          <AmountInput
            id="withdraw-amount"
            value={input}
            onEdit={(value) => {
              setInput(value);
              setTouched(true);
            }}
            max={free}
            decimals={token.decimals}
            hasHint={free !== undefined}
            error={error}
          />
        </Field>
        <button type="submit" className="button" disabled={!writable || request.busy} data-testid="request-withdrawal">
          {request.busy ? "Requesting…" : "Request withdrawal"}
        </button>
      </form>
      <TxStatus state={request.state} testId="withdraw-request-tx" onDismiss={request.reset} />
    </section>
  );
}
