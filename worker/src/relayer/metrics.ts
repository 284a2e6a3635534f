/**
 * The relayer's Prometheus metrics, in a registry of its own. Label values come from closed sets
 * (route patterns, error codes, transaction kinds, the contracts' custom error names), never from
 * request data, so cardinality stays bounded.
 */
import { Counter, Gauge, Registry } from "prom-client";

export const transactionKinds = ["endorse", "requestWithdrawal", "withdraw", "claimRelayFees"] as const;
export type TransactionKind = (typeof transactionKinds)[number];

export type RelayerMetrics = {
  registry: Registry;
  /** Every answered request, by route pattern and outcome ("accepted" or the error code). */
  requests: Counter<"route" | "outcome">;
  /** Transactions by kind and result: sent, mined, reverted (mined but failed), failed (never sent). */
  transactions: Counter<"kind" | "result">;
  /** Simulations that would revert, by kind and the contract's custom error. */
  revertedSimulations: Counter<"kind" | "error">;
  /** Endorsement refunds credited to the relayer (RelayFeeAccrued), in wei. */
  endorsementFeesWei: Counter;
  /** Endorsement refunds claimed back from the contract (claimRelayFees), in wei. */
  claimedRefundsWei: Counter;
  /** Withdrawal fees paid to the relayer at `withdraw`, in stake-token base units. */
  withdrawalFeesTokenUnits: Counter;
  /** Withdrawal requests sent and not yet withdrawn. */
  pendingWithdrawals: Gauge;
  /** Transactions sent and not yet mined. */
  inFlightTransactions: Gauge;
};

export function createRelayerMetrics(): RelayerMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: "leasehold_relayer_requests_total",
      help: "Relayer requests answered, by route and outcome (accepted or the error code)",
      labelNames: ["route", "outcome"],
      registers: [registry],
    }),
    transactions: new Counter({
      name: "leasehold_relayer_transactions_total",
      help: "Relayer transactions, by kind and result (sent, mined, reverted, failed)",
      labelNames: ["kind", "result"],
      registers: [registry],
    }),
    revertedSimulations: new Counter({
      name: "leasehold_relayer_reverted_simulations_total",
      help: "Simulations that would revert, by kind and custom error",
      labelNames: ["kind", "error"],
      registers: [registry],
    }),
    endorsementFeesWei: new Counter({
      name: "leasehold_relayer_endorsement_fees_wei_total",
      help: "Endorsement gas refunds credited to the relayer (RelayFeeAccrued), in wei",
      registers: [registry],
    }),
    claimedRefundsWei: new Counter({
      name: "leasehold_relayer_claimed_refunds_wei_total",
      help: "Endorsement refunds claimed back from Endorsements (claimRelayFees), in wei",
      registers: [registry],
    }),
    withdrawalFeesTokenUnits: new Counter({
      name: "leasehold_relayer_withdrawal_fees_token_units_total",
      help: "Withdrawal fees paid to the relayer at withdraw, in stake-token base units",
      registers: [registry],
    }),
    pendingWithdrawals: new Gauge({
      name: "leasehold_relayer_pending_withdrawals",
      help: "Withdrawal requests sent by the relayer and not yet withdrawn",
      registers: [registry],
    }),
    inFlightTransactions: new Gauge({
      name: "leasehold_relayer_in_flight_transactions",
      help: "Relayer transactions sent and not yet mined",
      registers: [registry],
    }),
  };
}
