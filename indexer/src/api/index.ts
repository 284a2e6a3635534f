/**
 * The indexer's HTTP API: GraphQL at / and /graphql, SQL over HTTP at /sql/* (for
 * `@ponder/client`), GET /operators/:address, GET /audit/leases and GET /governance/releases. Ponder itself serves /health, /ready, /status
 * and /metrics.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql } from "ponder";
import {
  GetOperatorParameterError,
  parseGetOperatorParameters,
  type GetOperatorParameters,
} from "./operator-parameters.ts";
import { getReleases } from "./governance-releases.ts";
import { getLeaseAudit } from "./lease-audit.ts";
import { getOperator } from "./operator-summary.ts";

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/", graphql({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

app.get("/operators/:address", async (c) => {
  let parameters: GetOperatorParameters;
  try {
    parameters = parseGetOperatorParameters(c.req.param("address"), c.req.query("limit"));
  } catch (error) {
    if (error instanceof GetOperatorParameterError) return c.json({ error: error.message }, 400);
    throw error;
  }
  const summary = await getOperator(parameters);
  if (!summary) return c.json({ error: `No operator ${parameters.address}` }, 404);
  return c.json(summary);
});

app.get("/audit/leases", async (c) => c.json(await getLeaseAudit()));

app.get("/governance/releases", async (c) => c.json(await getReleases()));

export default app;
