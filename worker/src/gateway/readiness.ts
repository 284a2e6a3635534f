import type { ChainClient } from "../chain/index.ts";
import type { ReadinessCheck } from "./types.ts";

/**
 * A readiness check for GatewayDeps.readiness: the chain node answers with its latest block. The
 * gateway bounds how long it may take (limits.readinessTimeoutMs).
 */
export async function chainReadinessCheck(chain: Pick<ChainClient, "now">): Promise<ReadinessCheck> {
  try {
    await chain.now();
    return { ok: true };
  } catch {
    return { ok: false, message: "The chain node does not answer" };
  }
}
