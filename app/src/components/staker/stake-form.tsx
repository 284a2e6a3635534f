"use client";
import { stakeManagerAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import { erc20Abi } from "viem";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { parseAmount } from "@/lib/validation";
import { useStakerFlow } from "./use-describe";
import type { StakerReads } from "./use-staker-reads";

/** Deposit stake: approve the stake manager for the amount when needed, then deposit it. */
export function StakeForm({ reads, token, writable }: { reads: StakerReads; token: StakeToken; writable: boolean }) {
  const { deployment } = useRuntimeConfig();
  const flow = useStakerFlow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const stakeManager = deployment!.contracts.StakeManager.address;
  const balance = reads.tokenBalance;
  const parsed = parseAmount(
    input,
    token.decimals,
    balance === undefined ? undefined : { max: balance, describe: `your wallet balance (${token.format(balance)})` },
  );
  const error = touched && !parsed.ok ? parsed.message : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    const amount = parsed.value;
    const shown = token.format(amount);
    const ok = await flow.run(
      [
        {
          label: `Approve ${shown} for the stake manager`,
          prepare: () =>
            (reads.allowance ?? 0n) >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [stakeManager, amount] },
        },
        {
          label: `Deposit ${shown}`,
          prepare: () => ({ address: stakeManager, abi: stakeManagerAbi, functionName: "deposit", args: [amount] }),
        },
      ],
      { success: `Staked ${shown}.` },
    );
    if (ok) {
      setInput("");
      setTouched(false);
    }
  }

  return (
    <section className="card" aria-labelledby="stake-heading">
      <div className="card__head">
        <h2 id="stake-heading">Stake</h2>
      </div>
      <p className="muted">
        Free stake backs your agents. Depositing takes two transactions the first time: an approval, then the deposit.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="stake-amount"
          label={`Amount (${token.symbol || "tokens"})`}
          hint={balance === undefined ? undefined : `In your wallet: ${token.format(balance)}`}
          error={error}
        >
          <AmountInput
            id="stake-amount"
            name="amount"
            value={input}
            onEdit={(value) => {
              setInput(value);
              setTouched(true);
            }}
            max={balance}
            decimals={token.decimals}
            hasHint={balance !== undefined}
            error={error}
          />
        </Field>
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || flow.busy}
          data-testid="stake-submit"
        >
          {flow.busy ? "Staking…" : "Stake"}
        </button>
      </form>
      <TxStatus state={flow.state} testId="stake-tx" onDismiss={flow.reset} />
    </section>
  );
}
