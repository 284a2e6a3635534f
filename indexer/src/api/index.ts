/**
 * The indexer's HTTP API: GraphQL at / and /graphql, SQL over HTTP at /sql/* (for
 * `@ponder/client`), and REST: GET /jobs, /leases, /agents (the explorer's lists), /operators/:address, /audit/leases, /governance/releases,
 * /reputation/agents[/:id/history], /reputation/operators[/:address/history], /court/disputes,
 * /court/draw-sessions, /pool/solvency, /endorsements/agents/:id and /stake-group/roots. Ponder itself serves /health, /ready, /status and /metrics.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono, type Context } from "hono";
import { client, graphql } from "ponder";
import {
  GetOperatorParameterError,
  parseGetOperatorParameters,
  type GetOperatorParameters,
} from "./operator-parameters.ts";
import { getDisputes } from "./court-disputes.ts";
import { getDrawSessions } from "./court-draw-sessions.ts";
import { getAgents, getJobs, getLeases } from "./explorer.ts";
import { getAgentEndorsements, getStakeGroupRoots } from "./endorsements.ts";
import { getReleases } from "./governance-releases.ts";
import { getLeaseAudit } from "./lease-audit.ts";
import { getOperator } from "./operator-summary.ts";
import { getSolvency } from "./pool-solvency.ts";
import {
  addressSchema,
  agentIdSchema,
  ApiParameterError,
  getAgentEndorsementsSchema,
  getAgentsSchema,
  getDisputesSchema,
  getJobsSchema,
  getLeasesSchema,
  getSolvencySchema,
  pageSchema,
  parseParameters,
} from "./query-parameters.ts";
import {
  getAgentReputationHistory,
  getAgentReputations,
  getOperatorReputationHistory,
  getOperatorReputations,
} from "./reputation.ts";

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/", graphql({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

// Malformed requests answer 400 with the problems; anything else is the server's fault.
app.onError((error, c) => {
  if (error instanceof ApiParameterError) return c.json({ error: error.message }, 400);
  throw error;
});

const query = (c: Context) => c.req.query();

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

app.get("/jobs", async (c) => c.json(await getJobs(parseParameters(getJobsSchema, query(c)))));

app.get("/leases", async (c) => c.json(await getLeases(parseParameters(getLeasesSchema, query(c)))));

app.get("/agents", async (c) => c.json(await getAgents(parseParameters(getAgentsSchema, query(c)))));

app.get("/audit/leases", async (c) => c.json(await getLeaseAudit()));

app.get("/governance/releases", async (c) => c.json(await getReleases()));

app.get("/reputation/agents", async (c) => c.json(await getAgentReputations(parseParameters(pageSchema, query(c)))));

app.get("/reputation/agents/:id/history", async (c) => {
  const agentId = parseParameters(agentIdSchema, c.req.param("id"));
  const found = await getAgentReputationHistory(agentId, parseParameters(pageSchema, query(c)));
  if (!found) return c.json({ error: `No agent ${agentId}` }, 404);
  return c.json(found);
});

app.get("/reputation/operators", async (c) =>
  c.json(await getOperatorReputations(parseParameters(pageSchema, query(c)))),
);

app.get("/reputation/operators/:address/history", async (c) => {
  const address = parseParameters(addressSchema, c.req.param("address"));
  const found = await getOperatorReputationHistory(address, parseParameters(pageSchema, query(c)));
  if (!found) return c.json({ error: `No operator ${address}` }, 404);
  return c.json(found);
});

app.get("/court/disputes", async (c) => c.json(await getDisputes(parseParameters(getDisputesSchema, query(c)))));

app.get("/court/draw-sessions", async (c) => c.json(await getDrawSessions(parseParameters(pageSchema, query(c)))));

app.get("/pool/solvency", async (c) => c.json(await getSolvency(parseParameters(getSolvencySchema, query(c)))));

app.get("/endorsements/agents/:id", async (c) => {
  const agentId = parseParameters(agentIdSchema, c.req.param("id"));
  const found = await getAgentEndorsements(agentId, parseParameters(getAgentEndorsementsSchema, query(c)));
  if (!found) return c.json({ error: `No agent ${agentId}` }, 404);
  return c.json(found);
});

app.get("/stake-group/roots", async (c) => c.json(await getStakeGroupRoots(parseParameters(pageSchema, query(c)))));

export default app;
