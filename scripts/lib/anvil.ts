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
 * Seconds between the devnet's blocks once it is set up (`npm start`): a steady chain, on which
 * time moves with no traffic at all and every transaction waits for the next block, as on a real
 * one. Start-up itself (deploy, demo seed) runs with a block per transaction; see `startIntervalMining`.
 */
export const DEVNET_BLOCK_TIME = 2;

/**
 * Switches a running local chain to a block every `seconds`, whether or not transactions wait
 * (anvil's evm_setIntervalMining; instant mining stops). The devnet and the browser tests of
 * time switch after their scripted set-up, whose seventy-odd transactions, each waiting for its
 * block, would otherwise add a minute or two to start-up. Time travel (`increaseTime`,
 * `mineBlock`) still works after.
 */
export async function startIntervalMining(rpcUrl: string, seconds: number = DEVNET_BLOCK_TIME): Promise<void> {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error("A block interval is a whole number of seconds");
  await devRpc(rpcUrl, "evm_setIntervalMining", [seconds]);
}

/**
 * Moves a local chain's clock forward by `seconds` and mines a block at the new time. Local
 * chains only (anvil's development RPC); later blocks keep the offset.
 */
export async function increaseTime(rpcUrl: string, seconds: bigint | number): Promise<void> {
  await devRpc(rpcUrl, "evm_increaseTime", [Number(seconds)]);
  await mineBlock(rpcUrl);
}

/** Mines a block now: on an automining chain, time stands still between transactions. */
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
