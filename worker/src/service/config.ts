/**
 * The worker's configuration: a JSON file (no secrets in it) plus private keys from environment
 * variables the file names. Everything is validated before anything starts, and a bad value is
 * one WorkerConfigError that says which field and why.
 *
 *   {
 *     "rpcUrl": "http://127.0.0.1:8545",
 *     "chainId": 31337,
 *     "deploymentFile": "deployments/31337.json",
 *     "dataDir": ".devnet/worker",
 *     "gateway": { "host": "127.0.0.1", "port": 8787 },
 *     "transactionKeyEnv": "LEASEHOLD_WORKER_TX_KEY",
 *     "agents": [
 *       { "agentId": "1", "bundle": "redaction", "identityKeyEnv": "LEASEHOLD_AGENT_1_KEY",
 *         "scopes": ["leasehold/scope/redact-customer-records"], "paymentFloor": "0" }
 *     ]
 *   }
 *
 * A scope is its 32-byte hash or a name, hashed with keccak256 as the app and the leases do.
 * Relative paths are resolved against the config file's folder.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LeaseholdError } from "@leasehold/sdk";
import { isHex, keccak256, stringToHex, type Hex } from "viem";
import { z } from "zod";

export class WorkerConfigError extends LeaseholdError {
  readonly retryable = false;
}

const uint = z.string().regex(/^(0|[1-9]\d{0,77})$/, "a decimal integer string");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name");
const privateKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hex private key");

const configSchema = z.strictObject({
  rpcUrl: z.url({ protocol: /^https?$/ }),
  chainId: z.number().int().positive(),
  deploymentFile: z.string().min(1),
  dataDir: z.string().min(1),
  gateway: z
    .strictObject({
      host: z.string().min(1).default("127.0.0.1"),
      port: z.number().int().min(0).max(65_535).default(8787),
    })
    .default({ host: "127.0.0.1", port: 8787 }),
  transactionKeyEnv: envName,
  pollIntervalMs: z.number().int().min(50).max(60_000).default(1_000),
  concurrency: z.number().int().min(1).max(16).default(2),
  batch: z
    .strictObject({
      maxReceipts: z.number().int().min(1).max(10_000).default(64),
      maxWaitMs: z.number().int().min(0).max(600_000).default(1_000),
    })
    .default({ maxReceipts: 64, maxWaitMs: 1_000 }),
  sealedKeyTimeoutMs: z.number().int().min(1_000).optional(),
  agents: z
    .array(
      z.strictObject({
        agentId: uint,
        bundle: z.string().regex(/^[a-z][a-z0-9-]*$/),
        identityKeyEnv: envName,
        scopes: z.array(z.string().min(1).max(200)).min(1),
        paymentFloor: uint.default("0"),
      }),
    )
    .min(1),
});

export type WorkerConfigFile = z.input<typeof configSchema>;

export type WorkerConfig = Omit<z.output<typeof configSchema>, "agents"> & {
  transactionKey: Hex;
  agents: {
    agentId: bigint;
    bundle: string;
    identityKey: Hex;
    scopes: Hex[];
    paymentFloor: bigint;
  }[];
};

/** keccak256 of a scope name, or the hash itself when given as 32 bytes of hex. */
export function scopeHash(scope: string): Hex {
  return isHex(scope) && scope.length === 66 ? (scope.toLowerCase() as Hex) : keccak256(stringToHex(scope));
}

export function parseWorkerConfig(
  value: unknown,
  env: Record<string, string | undefined>,
  baseDir: string,
): WorkerConfig {
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WorkerConfigError(`Worker config: ${issue.path.join(".") || "(root)"}: ${issue.message}`, {
      cause: parsed.error,
    });
  }
  const config = parsed.data;
  const key = (name: string, what: string): Hex => {
    const checked = privateKey.safeParse(env[name]);
    if (!checked.success) throw new WorkerConfigError(`Worker config: ${what} must be in ${name} (a 32-byte hex key)`);
    return checked.data as Hex;
  };
  const agentIds = new Set<string>();
  for (const agent of config.agents) {
    if (agentIds.has(agent.agentId))
      throw new WorkerConfigError(`Worker config: agent ${agent.agentId} is listed twice`);
    agentIds.add(agent.agentId);
  }
  return {
    ...config,
    deploymentFile: path.resolve(baseDir, config.deploymentFile),
    dataDir: path.resolve(baseDir, config.dataDir),
    transactionKey: key(config.transactionKeyEnv, "the transaction key"),
    agents: config.agents.map((agent) => ({
      agentId: BigInt(agent.agentId),
      bundle: agent.bundle,
      identityKey: key(agent.identityKeyEnv, `agent ${agent.agentId}'s identity key`),
      scopes: agent.scopes.map(scopeHash),
      paymentFloor: BigInt(agent.paymentFloor),
    })),
  };
}

export async function readWorkerConfig(file: string, env: Record<string, string | undefined> = process.env) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new WorkerConfigError(`Worker config: cannot read ${file}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new WorkerConfigError(`Worker config: ${file} is not JSON`, { cause });
  }
  return parseWorkerConfig(value, env, path.dirname(path.resolve(file)));
}
