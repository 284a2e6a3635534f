/**
 * The prover's module Web Worker entry (@leasehold/sdk/zk/prover-worker): Groth16 proving takes
 * about a second of CPU plus a 4 MB download, so pages prove off the main thread.
 *
 *   // app code (a bundler that understands `new URL(…, import.meta.url)`: Next.js, Vite)
 *   const worker = new Worker(new URL("@leasehold/sdk/zk/prover-worker", import.meta.url), { type: "module" });
 *   const prover = createWorkerProver(worker);
 *   const prepared = prepareEndorsement({ identity, stakeAmount, tree, leafIndex, … });
 *   const result = await prover.prove(
 *     { input: prepared.input, wasmUrl: "/zk/stake-membership.wasm", zkeyUrl: "/zk/stake-membership.zkey" },
 *     (progress) => … // { stage: "download", artifact, loaded, total } | { stage: "witness" | "proving" | "done", elapsedMs }
 *   );
 *   await endorsements.write.endorse([agentId, epoch, signal, result.root, result.y, result.nullifier, result.calldata]);
 *   prover.terminate(); // or keep it for the next proof
 *
 * An app-local file that only does `import "@leasehold/sdk/zk/prover-worker";` works as the entry
 * too. Messages: worker-protocol.ts. Serve the kept artifacts (circuits/artifacts) as static files.
 */
import { handleProverRequest } from "./prover-worker-handler.ts";
import type { ProverWorkerResponse } from "./worker-protocol.ts";

interface WorkerScope {
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  postMessage(message: ProverWorkerResponse): void;
}

const scope = globalThis as unknown as WorkerScope;

// One proof at a time: each takes every core the worker has, and requests queue in order.
let queue: Promise<void> = Promise.resolve();
scope.addEventListener("message", (event) => {
  queue = queue.then(() => handleProverRequest(event.data, (response) => scope.postMessage(response)));
});
