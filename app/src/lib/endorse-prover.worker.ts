/**
 * The prover's Web Worker entry, bundled by Next from `new Worker(new URL(…, import.meta.url))`
 * (see use-endorsement-prover.ts). All of it is the sdk's worker: it downloads the artifacts from
 * this app's origin and proves off the main thread. The identity's secret reaches it inside the
 * circuit input by postMessage, never over the network.
 */
import "@leasehold/sdk/zk/prover-worker";
