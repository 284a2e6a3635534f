"use client";
import { useCallback } from "react";
import { describeError } from "@/lib/revert-messages";
import { useStakeToken } from "@/lib/use-stake-token";
import { useTransactionFlow } from "@/lib/use-transaction-flow";

/** A transaction flow whose failures are explained with stake-token amounts. */
export function useStakerFlow() {
  const token = useStakeToken();
  const format = token?.format;
  const describe = useCallback(
    (error: unknown) => describeError(error, { amount: (value) => (format ? format(value) : value.toString()) }),
    [format],
  );
  return useTransactionFlow(describe);
}
