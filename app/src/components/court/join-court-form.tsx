"use client";
import { arbitratorRegistryAbi } from "@leasehold/sdk/abis";
import { useState, type FormEvent } from "react";
import { erc20Abi } from "viem";
import { AmountInput } from "@/components/ui/amount-input";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { parseAmount } from "@/lib/validation";
import { StakesFrozenNote } from "./draw-line-card";
import type { CourtReads } from "./use-court-reads";

/**
 * Join the court (or add to a seat): approve the registry when needed, then deposit. Disabled,
 * with why and until when, while a draw session freezes stakes (`frozen`, from stakesFrozenText).
 */
export function JoinCourtForm({
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
  const flow = useTokenFlow();
  const [input, setInput] = useState("");
  const [touched, setTouched] = useState(false);
  const registry = deployment!.contracts.ArbitratorRegistry.address;
  const balance = reads.tokenBalance;
  const parsed = parseAmount(
    input,
    token.decimals,
    balance === undefined ? undefined : { max: balance, describe: `your wallet balance (${token.format(balance)})` },
  );
  const error = touched && !parsed.ok ? parsed.message : null;
  // What the deposit would do to the odds, before anything is signed.
  const preview =
    parsed.ok && reads.arbitrator && reads.totalWeight !== undefined && reads.minimumStake !== undefined
      ? (() => {
          const free = reads.arbitrator.free + parsed.value;
          const weight = free >= reads.minimumStake ? free : 0n;
          const total = reads.totalWeight - (reads.weight ?? 0n) + weight;
          return total === 0n ? 0 : Number((weight * 10_000n) / total) / 100;
        })()
      : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    const amount = parsed.value;
    const shown = token.format(amount);
    const ok = await flow.run(
      [
        {
          label: `Approve ${shown} for the arbitrator registry`,
          prepare: () =>
            (reads.allowance ?? 0n) >= amount
              ? null
              : { address: token.address, abi: erc20Abi, functionName: "approve", args: [registry, amount] },
        },
        {
          label: `Stake ${shown} on the bench`,
          prepare: () => ({ address: registry, abi: arbitratorRegistryAbi, functionName: "deposit", args: [amount] }),
        },
      ],
      { success: `Staked ${shown} in the court.` },
    );
    if (ok) {
      setInput("");
      setTouched(false);
    }
  }

  return (
    <section className="card" aria-labelledby="join-heading">
      <div className="card__head">
        <h2 id="join-heading">Join the court</h2>
      </div>
      <p className="muted">
        Staked arbitrators are drawn onto dispute panels with odds proportional to their free stake. Each seat locks{" "}
        {reads.minimumStake === undefined ? "the minimum stake" : token.format(reads.minimumStake)} until the dispute is
        settled; a seat that does not reveal its vote loses part of that lock.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="court-stake-amount"
          label={`Amount (${token.symbol || "tokens"})`}
          hint={
            preview === null
              ? balance === undefined
                ? undefined
                : `In your wallet: ${token.format(balance)}`
              : `Your odds per seat would be ${preview.toLocaleString("en-US", { maximumFractionDigits: 2 })} %.`
          }
          error={error}
        >
          <AmountInput
            id="court-stake-amount"
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
          disabled={!writable || flow.busy || frozen !== null}
          data-testid="court-stake-submit"
        >
          {flow.busy ? "Staking…" : "Stake"}
        </button>
      </form>
      <StakesFrozenNote text={frozen} testId="court-stake-frozen" />
      <TxStatus state={flow.state} testId="court-stake-tx" onDismiss={flow.reset} />
    </section>
  );
}
