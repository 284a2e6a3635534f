/**
 * The databases the integration tests replay into: PGlite always, and PostgreSQL when
 * LEASEHOLD_TEST_DATABASE_URL (or DATABASE_URL) names a server.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface TestDatabase {
  name: "PGlite" | "PostgreSQL";
  databaseUrl?: string;
  schema: string;
  drop(): Promise<void>;
}

export const runId = `${process.pid}_${randomBytes(3).toString("hex")}`;
export const postgresUrl = process.env.LEASEHOLD_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
export const databaseNames = postgresUrl ? (["PGlite", "PostgreSQL"] as const) : (["PGlite"] as const);

export const pgliteDatabase: TestDatabase = { name: "PGlite", schema: "public", drop: async () => {} };

/**
 * A database of its own on the shared server, so this run cannot meet another's rows. A schema
 * of its own would not be enough for a local chain: Ponder keeps raw logs in the server-wide
 * `ponder_sync` schema keyed by chain id and block number, and every devnet is chain 31337
 * from block 0, with the same contract addresses. `label` tells apart the test files of one run.
 */
export async function createPostgresDatabase(serverUrl: string, label: string): Promise<TestDatabase> {
  const name = `leasehold_${label}_test_${runId}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name: "PostgreSQL",
    databaseUrl: url.toString(),
    schema: `${label}_${runId}`,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
