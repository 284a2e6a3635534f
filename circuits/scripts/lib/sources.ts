/**
 * The Circom sources the build and the tests compile. The template lives in circom/; the file
 * holding `component main` is generated from config.ts so that sizes have a single home.
 */
import { stakeMembership } from "../../config.ts";

/** Include folders, relative to the repository root (where Circom runs). */
export const stakeMembershipLibraries = ["node_modules", "circuits"] as const;

export interface StakeMembershipSizes {
  depth: number;
  amountBits: number;
}

/** Source of the main component for the given sizes (the build uses config.ts's sizes). */
export function stakeMembershipMain({ depth, amountBits }: StakeMembershipSizes): string {
  return [
    "// Generated from circuits/config.ts by circuits/scripts; do not edit.",
    "pragma circom 2.1.5;",
    "",
    `include "${stakeMembership.source}";`,
    "",
    `component main {public [${stakeMembership.publicInputs.join(", ")}]} = ${stakeMembership.template}(${depth}, ${amountBits});`,
    "",
  ].join("\n");
}
