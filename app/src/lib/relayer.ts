/**
 * The relayer as the browser reaches it: the sdk's client pointed at this app's same-origin
 * proxy (/api/relayer, which forwards to LEASEHOLD_RELAYER_URL). A relayer sends
 * anonymous-stake transactions from its own address, so the person's wallet appears in none.
 */
import { createRelayerClient, type RelayerClient } from "@leasehold/sdk/relayer";

let client: RelayerClient | undefined;

export function relayer(): RelayerClient {
  client ??= createRelayerClient({ url: `${window.location.origin}/api/relayer` });
  return client;
}
