/** A local EVM chain: anvil, a real node process with the standard development accounts. */
import path from "node:path";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { DEV_ACCOUNT_COUNT } from "../../sdk/src/dev-accounts.ts";
import { repoRoot } from "../artifacts.ts";
import { httpOk, startService, type Service } from "./processes.ts";

export interface StartAnvilParameters {
  port: number;
  /** Seconds between blocks; omit for a block per transaction (instant mining). */
  blockTime?: number;
  logFile?: string;
}

export interface Anvil extends Service {
  rpcUrl: string;
}

export async function startAnvil({ port, blockTime, logFile }: StartAnvilParameters): Promise<Anvil> {
  const rpcUrl = `http://127.0.0.1:${port}`;
  // Hardhat's twenty development accounts and the relayer's: the devnet gives each role its own (dev-accounts.ts).
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--chain-id",
    String(LOCAL_CHAIN_ID),
    "--accounts",
    String(DEV_ACCOUNT_COUNT),
    "--silent",
  ];
  if (blockTime !== undefined) args.push("--block-time", String(blockTime));
  const service = await startService({
    name: "chain",
    command: path.join(repoRoot, "node_modules", ".bin", "anvil"),
    args,
    cwd: repoRoot,
    logFile,
    ready: () =>
      httpOk(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      }),
    readyTimeoutMs: 20_000,
  });
  return Object.assign(service, { rpcUrl });
}

/**
 * Moves a local chain's clock forward by `seconds` and mines a block at the new time. Local
 * chains only (anvil's development RPC); later blocks keep the offset.
 */
export async function increaseTime(rpcUrl: string, seconds: bigint | number): Promise<void> {
  await devRpc(rpcUrl, "evm_increaseTime", [Number(seconds)]);
  await mineBlock(rpcUrl);
}

/** Mines an empty block: on an automining chain, time stands still between transactions. */
export async function mineBlock(rpcUrl: string): Promise<void> {
  await devRpc(rpcUrl, "evm_mine", []);
}

async function devRpc(rpcUrl: string, method: string, params: unknown[]): Promise<void> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
}
