/**
 * `identity-proof`: the worker's identity key consents to be registered (or rotated to) by one
 * operator, as AgentRegistry demands (docs/RECEIPTS.md, "Identity proofs"). The key stays where
 * the worker keeps it, in the environment; only the proof leaves, as one line of JSON that the
 * operator pastes into the app's register or rotate form (or passes to any other client).
 *
 *   node worker/src/identity-proof.ts --rpc <url> --deployment <file> --operator <address>
 *        [--key-env LEASEHOLD_IDENTITY_KEY] [--agent <id>] [--valid-for <seconds>]
 *
 * Without `--agent` the proof is for registering a new agent; with it, for rotating that agent's
 * identity to this key. The nonce and the deadline come from the chain (the deadline is
 * `--valid-for` seconds after the latest block, a day by default), and a key that is already an
 * agent's is refused, since no proof can bind it again.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  createIdentityProof,
  IdentityProofLookupError,
  LeaseholdError,
  NEW_AGENT,
  parseDeployment,
  serializeIdentityProof,
  type IdentityProofClient,
} from "@leasehold/sdk";
import { createPublicClient, http, isAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

export const DEFAULT_IDENTITY_KEY_ENV = "LEASEHOLD_IDENTITY_KEY";
/** A day: time enough to paste the proof into the app, short enough that a stray copy dies soon. */
export const DEFAULT_PROOF_VALIDITY = 86_400n;

/** The command line cannot make a proof (a missing flag, a malformed value, no key in the environment). */
export class IdentityProofUsageError extends LeaseholdError {
  readonly retryable = false;
}

export type IdentityProofCommandParameters = {
  args: string[];
  env: Record<string, string | undefined>;
  /** The chain client; by default one over `--rpc`. Tests pass their own. */
  publicClient?: IdentityProofClient;
};

/** Runs the command and returns the JSON line it prints. */
export async function identityProofCommand({
  args,
  env,
  publicClient,
}: IdentityProofCommandParameters): Promise<string> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        rpc: { type: "string" },
        deployment: { type: "string" },
        operator: { type: "string" },
        "key-env": { type: "string" },
        agent: { type: "string" },
        "valid-for": { type: "string" },
      },
    }));
  } catch (cause) {
    throw new IdentityProofUsageError(`identity-proof: ${(cause as Error).message}`, { cause });
  }
  const required = (name: string): string => {
    const value = values[name];
    if (!value) throw new IdentityProofUsageError(`identity-proof: pass --${name}`);
    return value;
  };
  const deploymentFile = required("deployment");
  const operator = required("operator");
  if (!isAddress(operator))
    throw new IdentityProofUsageError(`identity-proof: --operator is not an address: ${operator}`);
  const agentId = values.agent === undefined ? NEW_AGENT : positiveInteger(values.agent, "--agent");
  const validFor =
    values["valid-for"] === undefined ? DEFAULT_PROOF_VALIDITY : positiveInteger(values["valid-for"], "--valid-for");
  const keyEnv = values["key-env"] ?? DEFAULT_IDENTITY_KEY_ENV;
  const key = env[keyEnv];
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new IdentityProofUsageError(`identity-proof: the identity key must be in ${keyEnv} (a 32-byte hex key)`);
  }

  let deployment;
  try {
    deployment = parseDeployment(JSON.parse(await readFile(deploymentFile, "utf8")));
  } catch (cause) {
    throw new IdentityProofUsageError(`identity-proof: ${deploymentFile} is not a deployment record`, { cause });
  }
  const client = publicClient ?? createPublicClient({ transport: http(required("rpc"), { timeout: 10_000 }) });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (cause) {
    throw new IdentityProofLookupError("identity-proof: the RPC does not answer", { cause });
  }
  if (chainId !== deployment.chainId) {
    throw new IdentityProofUsageError(
      `identity-proof: the deployment record is for chain ${deployment.chainId}, the RPC serves chain ${chainId}`,
    );
  }
  const proof = await createIdentityProof({
    publicClient: client,
    agentRegistry: deployment.contracts.AgentRegistry.address,
    account: privateKeyToAccount(key as Hex),
    operator: operator as Address,
    agentId,
    validFor,
  });
  return serializeIdentityProof(proof);
}

function positiveInteger(text: string, flag: string): bigint {
  if (!/^[1-9][0-9]{0,30}$/.test(text)) {
    throw new IdentityProofUsageError(`identity-proof: ${flag} must be a positive whole number, not ${text}`);
  }
  return BigInt(text);
}
