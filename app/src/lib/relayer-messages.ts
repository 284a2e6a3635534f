/**
 * The relayer's refusals (sdk RelayerError codes, worker/src/relayer) in sentences a member can
 * act on. A refusal because the transaction would revert names the contract's custom error,
 * which gets the same sentence as a revert from the wallet.
 */
import type { RelayerClientErrorCode, RelayerError, RelayerErrorCode } from "@leasehold/sdk/relayer";
import { revertMessages, type DescribeContext } from "./revert-messages";

export const relayerMessages: Record<RelayerErrorCode | RelayerClientErrorCode, string> = {
  malformed_body: "The relayer could not read the request (malformed body).",
  invalid_body: "The relayer refused the request as invalid; this app and the relayer may disagree on the API.",
  not_found: "The relayer has no such route.",
  already_relayed: "The relayer already sent this proof: it is on chain or on its way.",
  body_too_large: "The request is larger than the relayer accepts.",
  unsupported_media_type: "The relayer refused the request's content type.",
  would_revert: "The relayer checked the transaction and it would revert, so it did not send it.",
  fee_too_low: "The fee this proof allows is below what the relayer asks now; prove again to take its current fee.",
  rate_limited: "The relayer is rate limiting requests; try again in a moment.",
  internal_error: "The relayer failed internally.",
  overloaded: "The relayer is overloaded; try again in a moment.",
  relay_budget_exhausted:
    "The relay budget cannot refund another endorsement now (empty, or this epoch's share spent); try later.",
  relayer_out_of_funds: "The relayer has too little ETH to pay for gas; try later.",
  chain_unavailable: "The relayer cannot reach the chain right now; try again in a moment.",
  unreachable: "The relayer is not reachable.",
  unexpected_response: "The relayer answered something this app does not understand.",
};

export function describeRelayerError(error: RelayerError, context: DescribeContext): string {
  // This app's proxy answers 502 when the relayer is down; its body is not a relayer code.
  if (error.status === 502 && error.code === "unexpected_response") return relayerMessages.unreachable;
  const describe = error.revert ? revertMessages[error.revert.name] : undefined;
  if (describe) {
    // The relayer sends the revert's arguments as strings: numbers back to bigints for the sentences.
    const args = error.revert!.args.map((arg) => (/^[0-9]+$/.test(arg) ? BigInt(arg) : arg));
    return describe(args, context);
  }
  if (error.revert) return `${relayerMessages[error.code]} (${error.revert.name})`;
  return relayerMessages[error.code];
}
