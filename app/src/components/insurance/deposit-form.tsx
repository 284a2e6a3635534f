"use client";
import { insurancePoolAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import { erc20Abi } from "viem";
import { useReadContract } from "wagmi";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { formatAmount } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useTokenFlow } from "@/lib/use-token-flow";
import { parseAmount } from "@/lib/validation";
import type { PoolAccountCardProps } from "./use-pool-reads";

/** Deposit tokens for shares: approve the pool for the amount when needed, then deposit it. */
export function DepositForm({ reads, token, account, writable }: PoolAccountCardProps) {
  const { chainId } = useRuntimeConfig();
  const flow = useTokenFlow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const pool = reads.pool!;
  const balance = reads.tokenBalance;
  const parsed = parseAmount(
    input,
    token.decimals,
    balance === undefined ? undefined : { max: balance, describe: `your wallet balance (${token.format(balance)})` },
  );
  const error = touched && !parsed.ok ? parsed.message : null;
  const preview = useReadContract({
    address: pool,
    abi: insurancePoolAbi,
    functionName: "previewDeposit",
    args: parsed.ok ? [parsed.value] : undefined,
    chainId,
    query: { enabled: parsed.ok },
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    const amount = parsed.value;
    const shown = token.format(amount);
    const ok = await flow.run(
      [
        {
          label: `Approve ${shown} for the insurance pool`,
          prepare: () =>
            (reads.allowance ?? 0n) >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [pool, amount] },
        },
        {
          label: `Deposit ${shown}`,
          prepare: () => ({
            address: pool,
            abi: insurancePoolAbi,
            functionName: "deposit",
            args: [amount, account],
          }),
        },
      ],
      { success: `Deposited ${shown}.` },
    );
    if (ok) {
      setInput("");
      setTouched(false);
    }
  }

  return (
    <section className="card" aria-labelledby="deposit-heading">
      <div className="card__head">
        <h2 id="deposit-heading">Deposit</h2>
      </div>
      <p className="muted">
        Shares earn the premium of every paid job and pay the claims the court approves. The first deposit takes two
        transactions: an approval, then the deposit.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="deposit-amount"
          label={`Amount (${token.symbol || "tokens"})`}
          hint={balance === undefined ? undefined : `In your wallet: ${token.format(balance)}`}
          error={error}
        >
          <AmountInput
            id="deposit-amount"
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
        <p className="muted small" data-testid="deposit-preview">
          {parsed.ok && preview.data !== undefined && reads.shareDecimals !== undefined
            ? `You receive about ${formatAmount(preview.data, reads.shareDecimals)} shares.`
            : "Enter an amount to see the shares it buys."}
        </p>
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || flow.busy}
          data-testid="deposit-submit"
        >
          {flow.busy ? "Depositing…" : "Deposit"}
        </button>
      </form>
      <TxStatus state={flow.state} testId="deposit-tx" onDismiss={flow.reset} />
    </section>
  );
}
