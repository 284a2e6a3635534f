"use client";
import { disputeCourtAbi } from "@leasehold/sdk/abis";
import type { ReactNode } from "react";
import type { Address } from "viem";
import { TxStatus } from "@/components/ui/tx-status";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";

/**
 * What the court owes the account: bond remainders, compensation, panel fees. The court pays by
 * credit, so nothing arrives in the wallet until it is withdrawn here.
 */
export function CourtBalanceCard({
  account,
  balance,
  token,
  writable,
  children,
}: {
  account: Address;
  balance: bigint | undefined;
  token: StakeToken;
  writable: boolean;
  /** What the balance is made of, where the page knows. */
  children?: ReactNode;
}) {
  const { deployment } = useRuntimeConfig();
  const flow = useTokenFlow();
  const court = deployment!.contracts.DisputeCourt.address;
  const withdraw = () =>
    flow.run(
      [
        {
          label: `Withdraw ${balance === undefined ? "your court balance" : token.format(balance)} to your wallet`,
          prepare: () => ({
            address: court,
            abi: disputeCourtAbi,
            functionName: "withdrawBalance",
            args: [account],
          }),
        },
      ],
      { success: "The court balance is in your wallet." },
    );
  return (
    <section className="card" aria-labelledby="court-balance-heading" data-testid="court-balance-card">
      <div className="card__head">
        <h2 id="court-balance-heading">Court balance</h2>
      </div>
      <p className="stat">
        <span className="stat__value" data-testid="court-balance">
          {balance === undefined ? "…" : token.format(balance)}
        </span>
      </p>
      {children}
      <p className="muted small">
        The court credits payouts (bonds coming back, compensation, panel fees) to a balance you withdraw yourself, so
        no payee can block a ruling.
      </p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void withdraw()}
        disabled={!writable || flow.busy || !balance}
        data-testid="court-withdraw"
      >
        Withdraw to my wallet
      </button>
      <TxStatus state={flow.state} testId="court-withdraw-tx" onDismiss={flow.reset} />
    </section>
  );
}
