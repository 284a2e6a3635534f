"use client";
import { anonymousStakeGroupAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import { erc20Abi, type Address } from "viem";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { shortAddress } from "@/lib/format";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { parseAmount } from "@/lib/validation";
import type { GroupReads } from "./use-group-reads";

/**
 * Puts stake behind the identity's commitment: approve the group, then `deposit(commitment,
 * amount)`. Says plainly what this reveals: the deposit is public and names the account.
 */
export function DepositCard({
  commitment,
  reads,
  token,
  account,
  threshold,
  writable,
}: {
  commitment: bigint;
  reads: GroupReads;
  token: StakeToken;
  account: Address;
  threshold: bigint | undefined;
  writable: boolean;
}) {
  const flow = useTokenFlow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const group = reads.group!;
  const balance = reads.balance;
  const minimum = reads.minimumDeposit;
  const parsed = parseAmount(
    input,
    token.decimals,
    balance === undefined ? undefined : { max: balance, describe: `your wallet balance (${token.format(balance)})` },
  );
  const belowMinimum = parsed.ok && minimum !== undefined && parsed.value < minimum;
  const error = !touched
    ? null
    : !parsed.ok
      ? parsed.message
      : belowMinimum
        ? `The group takes at least ${token.format(minimum!)}.`
        : null;
  const belowThreshold = parsed.ok && threshold !== undefined && parsed.value < threshold;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok || belowMinimum) return;
    const amount = parsed.value;
    const shown = token.format(amount);
    const ok = await flow.run(
      [
        {
          label: `Approve ${shown} for the stake group`,
          prepare: () =>
            (reads.allowance ?? 0n) >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [group, amount] },
        },
        {
          label: `Deposit ${shown} behind your commitment`,
          prepare: () => ({
            address: group,
            abi: anonymousStakeGroupAbi,
            functionName: "deposit",
            args: [commitment, amount],
          }),
        },
      ],
      { success: `Deposited ${shown}: your identity is in the stake group.` },
    );
    if (ok) {
      setInput("");
      setTouched(false);
    }
  }

  return (
    <section className="card" aria-labelledby="stake-deposit-heading" data-testid="stake-deposit">
      <div className="card__head">
        <h2 id="stake-deposit-heading">Join the stake group</h2>
      </div>
      <div className="notice notice--warning" data-testid="deposit-privacy-notice">
        <strong>What a deposit reveals.</strong> The deposit is a public transaction: anyone can see that{" "}
        <span className="mono">{shortAddress(account)}</span> put this amount behind this commitment. Endorsements made
        later do not say which commitment made them, only that it is one of the group&apos;s with enough stake; but they
        are only as anonymous as the group is large, and sending them from this same account links them back to it. For
        real privacy, deposit from a fresh account funded without a trail to you, deposit a common amount (the
        threshold), and endorse from yet another account.
      </div>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="stake-deposit-amount"
          label={`Amount (${token.symbol || "tokens"})`}
          hint={
            <>
              {minimum === undefined ? null : `At least ${token.format(minimum)}. `}
              {threshold === undefined ? null : `Endorsing needs ${token.format(threshold)}. `}
              {balance === undefined ? null : `In your wallet: ${token.format(balance)}.`}
            </>
          }
          error={error}
        >
          <AmountInput
            id="stake-deposit-amount"
            value={input}
            onEdit={(value) => {
              setInput(value);
              setTouched(true);
            }}
            max={balance}
            decimals={token.decimals}
            hasHint
            error={error}
          />
        </Field>
        {belowThreshold && !belowMinimum ? (
          <p className="muted small" data-testid="deposit-below-threshold">
            This is below the endorsement threshold of {token.format(threshold!)}: the identity could not endorse.
          </p>
        ) : null}
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || flow.busy}
          data-testid="stake-deposit-submit"
        >
          {flow.busy ? "Depositing…" : "Deposit"}
        </button>
      </form>
      <TxStatus state={flow.state} testId="stake-deposit-tx" onDismiss={flow.reset} />
    </section>
  );
}
