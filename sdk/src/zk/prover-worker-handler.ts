/**
 * What the prover worker does with one request, apart from the worker global it runs in (so a
 * test can drive it without a Worker): download both artifacts with byte progress, prove on this
 * thread only (snarkjs would otherwise start nested workers), and answer with the result or a
 * typed error.
 */
import { fetchArtifact } from "./artifact-source.ts";
import { checkCircuitInput, proveStakeMembership, type ProverProgress } from "./proof.ts";
import { isProverWorkerRequest, serializeProverError, type ProverWorkerResponse } from "./worker-protocol.ts";

export async function handleProverRequest(
  request: unknown,
  post: (response: ProverWorkerResponse) => void,
): Promise<void> {
  const id = typeof (request as { id?: unknown } | null)?.id === "number" ? (request as { id: number }).id : -1;
  try {
    if (!isProverWorkerRequest(request)) {
      post({
        type: "error",
        id,
        error: { name: "ProverWorkerError", message: "The prover worker got a malformed request", retryable: false },
      });
      return;
    }
    // A wrong input fails before 4 MB are downloaded.
    checkCircuitInput(request.input);
    const onProgress = (progress: ProverProgress) => post({ type: "progress", id, progress });
    const [wasm, zkey] = await Promise.all([
      fetchArtifact(request.wasmUrl, "wasm", onProgress),
      fetchArtifact(request.zkeyUrl, "zkey", onProgress),
    ]);
    const result = await proveStakeMembership({
      input: request.input,
      artifacts: { wasm, zkey },
      onProgress,
      singleThread: true,
    });
    post({ type: "result", id, result });
  } catch (error) {
    post({ type: "error", id, error: serializeProverError(error) });
  }
}
