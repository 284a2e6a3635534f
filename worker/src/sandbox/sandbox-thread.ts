/*
 * Entry of a sandbox thread: loads QuickJS's bindings, says it is ready, runs exactly one job and
 * hands back the result. The host terminates the thread afterwards, so the job's heap (with the
 * plaintext strings the VM's API cannot avoid) dies with it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runInVm, type VmJob } from "./run-in-vm.ts";

interface ThreadData {
  wasmModule: WebAssembly.Module;
}

export interface ThreadJobMessage {
  job: VmJob;
  progress: SharedArrayBuffer;
}

const port = parentPort;
if (!port) throw new Error("sandbox-thread.ts must run in a worker thread");
const { wasmModule } = workerData as ThreadData;

port.once("message", (message: ThreadJobMessage) => {
  runInVm(message.job, wasmModule, new Float64Array(message.progress)).then(
    (result) => {
      message.job.context.fill(0);
      port.postMessage({ ok: true, result }, [result.output.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      message.job.context.fill(0);
      port.postMessage({ ok: false, message: error instanceof Error ? error.name : "Error" });
    },
  );
});
port.postMessage({ ready: true });
