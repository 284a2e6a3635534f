"use client";
/** The staker's forms explain failures with stake-token amounts, like every other section. */
export { useTokenFlow as useStakerFlow } from "@/lib/use-token-flow";
