import type { GatewayDomain } from "@leasehold/sdk/gateway";
import type { Logger } from "pino";
import type { ChainClient } from "../chain/index.ts";
import type { WorkerMetrics } from "../metrics.ts";
import type { ContentStore } from "../store/index.ts";
import type { GatewayLimits, ReadinessReport, ReceiptLookup } from "./types.ts";

/** What the route handlers share: the deps, resolved limits and clock, and per-job upload locks. */
export type GatewayContext = {
  chain: ChainClient;
  store: ContentStore;
  receipts: ReceiptLookup;
  rootKey: Uint8Array;
  metrics: WorkerMetrics;
  /** The redacting gateway logger. */
  log: Logger;
  readiness: () => Promise<ReadinessReport>;
  limits: GatewayLimits;
  /** The gateway's clock in unix seconds. */
  nowSeconds: () => bigint;
  /** EIP-712 domain of capability requests on this chain. */
  domain: GatewayDomain;
  /** Agents whose leases get tokens; undefined: all. */
  servedAgents: ReadonlySet<bigint> | undefined;
  /** Write-once uploads of one job (input, sealed key) run one at a time, so check-then-write cannot interleave. */
  uploadLocks: Map<bigint, Promise<unknown>>;
};
