/**
 * One scenario indexed on every test database: a real chain (anvil) with the real deploy step,
 * the scenario's transactions, then `ponder start` over the result on PGlite and, when a server
 * is named (test-databases.ts), on PostgreSQL in a database of its own. The court and the
 * endorsement suites share it; `stop` ends every process and drops the databases.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LOCAL_CHAIN_ID } from "@leasehold/sdk";
import { startAnvil } from "../../../scripts/lib/anvil.ts";
import { startIndexer, type Indexer } from "../../../scripts/lib/indexer.ts";
import { deployLocal } from "../../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../../scripts/lib/processes.ts";
import type { Chain } from "./scenario.ts";
import { createPostgresDatabase, pgliteDatabase, postgresUrl, type TestDatabase } from "./test-databases.ts";

export interface IndexedScenario<T> {
  workDir: string;
  chain: Chain;
  /** What the scenario returned. */
  result: T;
  indexers: Map<TestDatabase["name"], Indexer>;
  stop(): Promise<void>;
}

export async function indexScenario<T>({
  label,
  scenario,
}: {
  /** Names the temporary folder and the PostgreSQL database. */
  label: string;
  scenario: (chain: Chain) => Promise<T>;
}): Promise<IndexedScenario<T>> {
  const workDir = await mkdtemp(path.join(tmpdir(), `leasehold-${label}-`));
  const databases: TestDatabase[] = [];
  const indexers = new Map<TestDatabase["name"], Indexer>();
  const stop = async () => {
    await stopAll();
    for (const database of databases) await database.drop();
    if (process.env.LEASEHOLD_TEST_KEEP) console.info(`Logs kept in ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  };
  try {
    const anvil = await startAnvil({ port: await freePort(), logFile: path.join(workDir, "anvil.log") });
    const chain: Chain = {
      rpcUrl: anvil.rpcUrl,
      deployment: await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: workDir }),
    };
    const result = await scenario(chain);
    databases.push(pgliteDatabase);
    if (postgresUrl) databases.push(await createPostgresDatabase(postgresUrl, label));
    const started = await Promise.allSettled(
      databases.map(async (database) => {
        const indexer = await startIndexer({
          port: await freePort(),
          rpcUrl: chain.rpcUrl,
          chainId: LOCAL_CHAIN_ID,
          deploymentsDir: workDir,
          databaseUrl: database.databaseUrl,
          databaseSchema: database.schema,
          dataDir: path.join(workDir, "pglite"),
          logFile: path.join(workDir, `indexer-${database.name}.log`),
        });
        indexers.set(database.name, indexer);
      }),
    );
    for (const outcome of started) if (outcome.status === "rejected") throw outcome.reason;
    return { workDir, chain, result, indexers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
