import { concat, keccak256, stringToBytes, type Hex } from "viem";
import { z } from "zod";
import { SandboxParameterError } from "../errors.ts";
import type { RunAgentParameters, SandboxLimits } from "../types.ts";
import {
  defaultSandboxLimits,
  MAX_BUNDLE_BYTES,
  MAX_CONTEXT_BYTES,
  MAX_INPUT_BYTES,
  sandboxLimitBounds,
  WASM_PAGE_BYTES,
} from "./limits.ts";
import type { VmJob } from "./run-in-vm.ts";

const bounded = (key: keyof SandboxLimits) =>
  z.number().int().min(sandboxLimitBounds[key].min).max(sandboxLimitBounds[key].max);

const limitsSchema = z
  .strictObject({
    memoryLimitBytes: bounded("memoryLimitBytes").multipleOf(WASM_PAGE_BYTES),
    maxStackBytes: bounded("maxStackBytes"),
    wallTimeMs: bounded("wallTimeMs"),
    maxOutputBytes: bounded("maxOutputBytes"),
    maxLogEntries: bounded("maxLogEntries"),
    maxLogEntryChars: bounded("maxLogEntryChars"),
  })
  .partial();

const parametersSchema = z.strictObject({
  bundle: z.instanceof(Uint8Array).refine((bytes) => bytes.length > 0 && bytes.length <= MAX_BUNDLE_BYTES, {
    message: `bundle must be 1 to ${MAX_BUNDLE_BYTES} bytes`,
  }),
  context: z.instanceof(Uint8Array).refine((bytes) => bytes.length <= MAX_CONTEXT_BYTES, {
    message: `context must be at most ${MAX_CONTEXT_BYTES} bytes`,
  }),
  input: z.unknown().optional(),
  budget: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  seed: z
    .instanceof(Uint8Array)
    .refine((bytes) => bytes.length >= 16, { message: "seed must be at least 16 bytes" })
    .optional(),
  limits: limitsSchema.optional(),
});

export interface PreparedJob {
  job: VmJob;
  hashes: { code: Hex; input: Hex };
}

/** Validates a run's parameters at the boundary and turns them into the VM's plain job. */
export function prepareJob(parameters: RunAgentParameters): PreparedJob {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success) {
    throw new SandboxParameterError(`Invalid sandbox parameters: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const { bundle, context, input, budget, seed } = parsed.data;
  const limits: SandboxLimits = { ...defaultSandboxLimits, ...parsed.data.limits };

  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true }).decode(bundle);
  } catch (cause) {
    throw new SandboxParameterError("The bundle is not UTF-8 text", { cause });
  }
  let inputJson: string | undefined;
  try {
    inputJson = JSON.stringify(input ?? null);
  } catch (cause) {
    throw new SandboxParameterError("The job input is not JSON", { cause });
  }
  if (inputJson === undefined || stringToBytes(inputJson).length > MAX_INPUT_BYTES) {
    throw new SandboxParameterError(`The job input must be JSON of at most ${MAX_INPUT_BYTES} bytes`);
  }
  // Copying the context into the VM needs room: keep it to an eighth of the memory cap.
  if (context.length > limits.memoryLimitBytes / 8) {
    throw new SandboxParameterError(
      `A context of ${context.length} bytes needs memoryLimitBytes of at least ${context.length * 8}`,
    );
  }

  const hashes = { code: keccak256(bundle), input: keccak256(context) };
  const seedBytes =
    seed ?? keccak256(concat([hashes.code, hashes.input, keccak256(stringToBytes(inputJson))]), "bytes");
  const view = new DataView(seedBytes.buffer, seedBytes.byteOffset, 16);
  const seedWords: VmJob["seedWords"] = [view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12)];

  return {
    job: { source, context: context.slice(), inputJson, budget, seedWords, limits },
    hashes,
  };
}
