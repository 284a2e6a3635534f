import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import releaseSyncExport from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";
import type { WasmMemory } from "../webassembly.d.ts";
import { QUICKJS_INITIAL_MEMORY_BYTES, WASM_PAGE_BYTES } from "./limits.ts";

const require = createRequire(import.meta.url);
// Node loads the package's ESM build, whose default export is the variant; its type declarations
// are the CommonJS ones, where the default import would be the module object.
const releaseSync = releaseSyncExport as unknown as QuickJSSyncVariant;

let compiled: Promise<WebAssembly.Module> | undefined;
const silent = { print: () => undefined, printErr: () => undefined };

/**
 * QuickJS's WebAssembly, compiled once per process (about 9 ms). A WebAssembly.Module is only
 * code: it can be shared with threads and instantiated any number of times, each instance with
 * its own memory.
 */
export function compileQuickJs(): Promise<WebAssembly.Module> {
  compiled ??= readFile(require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm")).then((bytes) =>
    WebAssembly.compile(bytes),
  );
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

export interface QuickJsInstance {
  module: QuickJSWASMModule;
  memory: WasmMemory;
  /** How many times the allocator asked to grow past the cap (each one an allocation that failed). */
  refusedGrowths: () => number;
}

/**
 * A fresh QuickJS instance for one job, with its own linear memory capped at `memoryLimitBytes`.
 *
 * The cap on the memory object is the real memory limit. QuickJS's own JS_SetMemoryLimit does not
 * bound the sum of large allocations in this build (strings and ArrayBuffer stores are checked
 * one by one, not in total: quickjs-emscripten issue #271), so without a capped memory an agent
 * could grow the instance to 2 GiB. With it, the allocator's request to grow fails, malloc returns
 * NULL and QuickJS raises its out-of-memory error. A fresh instance per job also means that no
 * state (and no plaintext) survives from one job to the next inside the VM.
 */
export async function newQuickJsInstance(
  wasmModule: WebAssembly.Module,
  memoryLimitBytes: number,
): Promise<QuickJsInstance> {
  const memory = new WebAssembly.Memory({
    initial: QUICKJS_INITIAL_MEMORY_BYTES / WASM_PAGE_BYTES,
    maximum: Math.floor(memoryLimitBytes / WASM_PAGE_BYTES),
  });
  // Emscripten grows the heap by calling grow() on this object and treats a throw as "no more
  // memory". Counting those throws tells an out-of-memory failure apart from an agent's own
  // error even when QuickJS had no memory left to build a proper error object (it throws null).
  let refused = 0;
  const grow = memory.grow.bind(memory);
  Object.defineProperty(memory, "grow", {
    value: (deltaPages: number) => {
      try {
        return grow(deltaPages);
      } catch (error) {
        refused += 1;
        throw error;
      }
    },
  });
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(releaseSync, {
      wasmModule,
      wasmMemory: memory,
      // Emscripten prints aborts (QuickJS's assertions on a runtime stopped mid-way) to stderr.
      // The sandbox reports failures itself, and the text could quote agent data.
      emscriptenModule: silent as NonNullable<Parameters<typeof newVariant>[1]["emscriptenModule"]>,
      log: () => undefined,
    }),
  );
  return { module, memory, refusedGrowths: () => refused };
}
