/** The API's clock: the latest indexed block's timestamp, never the server's wall clock. */
import { db } from "ponder:api";
import { sql } from "ponder";
import { checkpointTimestamp } from "../lib/checkpoint.ts";

/** The latest indexed block's timestamp, from Ponder's own checkpoint table (what /status reports). */
export async function latestIndexedTimestamp(): Promise<bigint> {
  const result = await db.execute<{ latest_checkpoint: string }>(
    sql`select "latest_checkpoint" from "_ponder_checkpoint"`,
  );
  const timestamps = result.rows.map((row) => checkpointTimestamp(row.latest_checkpoint));
  return timestamps.reduce((latest, timestamp) => (timestamp > latest ? timestamp : latest), 0n);
}
