"use client";
import { useCallback } from "react";
import { describeError } from "./revert-messages";
import { useStakeToken } from "./use-stake-token";
import { useTransactionFlow } from "./use-transaction-flow";

/** A transaction flow whose failures are explained with stake-token amounts. */
export function useTokenFlow() {
  const token = useStakeToken();
  const format = token?.format;
  const describe = useCallback(
    (error: unknown) => describeError(error, { amount: (value) => (format ? format(value) : value.toString()) }),
    [format],
  );
  return useTransactionFlow(describe);
}
