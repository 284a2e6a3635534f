/**
 * Finding things as an anonymous visitor (no wallet connected), against real parts only: anvil
 * with the real deploy and demo seed, the worker service running the demo redaction agent, the
 * indexer on PGlite, the production build of the app, Debian's Chromium.
 *
 * The demo data owner (dev account 5) runs the devnet demo's two jobs from the script side, each
 * under a lease of its own through the worker: the first is left in its challenge window, the
 * second is disputed with its receipt as evidence. The visitor then opens every section from the
 * home page's cards, browses the explorer's lists of jobs, leases, disputes and agents, filters
 * them, follows each row's link to its detail page, and follows an agent page's job ids.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { parseEther } from "viem";
import { openBrowser } from "./support/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { createCourtParticipant } from "../../scripts/lib/court.ts";
import { createDataOwner, JobStatus } from "../../scripts/lib/data-owner.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import {
  DEMO_REDACTION_POLICY,
  DEMO_REDACTION_SCOPE,
  seedDemo,
  type SeededAgent,
} from "../../scripts/lib/seed-demo.ts";
import { servingSeededAgents, startWorker } from "../../scripts/lib/worker.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { encodeEvidenceUri } from "../../sdk/src/court/index.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";

const resultsDir = path.join(repoRoot, "test-results");
const client = devAccount(devAccountRoles.demoOwner).address.toLowerCase();
/** Long enough that the first job is still in its window while the visitor looks. */
const CHALLENGE_WINDOW = 3_600n;
const submittedJob = 1n;
const disputedJob = 2n;
const disputeId = 1n;

let workDir: string;
let app: App;
let browser: Browser;
let page: Page;
let agents: SeededAgent[];
let redactor: SeededAgent;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-explorer-"));
  const logs = path.join(resultsDir, "explorer-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      const deployed = await deployLocal({
        rpcUrl: anvil.rpcUrl,
        deploymentsDir: workDir,
        challengeWindow: CHALLENGE_WINDOW,
      });
      const seeded = await seedDemo(anvil.rpcUrl, deployed);
      const [worker, indexer] = await Promise.all([
        startWorker({
          port: await freePort(),
          rpcUrl: anvil.rpcUrl,
          chainId: LOCAL_CHAIN_ID,
          deploymentFile: path.join(workDir, `${LOCAL_CHAIN_ID}.json`),
          dataDir: path.join(workDir, "worker"),
          ...servingSeededAgents(seeded.agents),
          logFile: log("worker"),
        }),
        startIndexer({
          port: await freePort(),
          rpcUrl: anvil.rpcUrl,
          chainId: LOCAL_CHAIN_ID,
          deploymentsDir: workDir,
          databaseSchema: "public",
          dataDir: path.join(workDir, "pglite"),
          logFile: log("indexer"),
        }),
      ]);
      // The demo's two jobs, as scripts/lib/demo-job.ts and demo-dispute.ts run them.
      const owner = createDataOwner({
        rpcUrl: anvil.rpcUrl,
        deployment: deployed,
        accountIndex: devAccountRoles.demoOwner,
        gatewayUrl: worker.url,
      });
      const agent = seeded.agents.find((candidate) => candidate.bundle === "redaction")!;
      const runJob = async (expected: bigint, payment: bigint) => {
        const lent = await owner.lend({
          agentId: agent.agentId,
          scope: DEMO_REDACTION_SCOPE,
          context: new TextEncoder().encode(JSON.stringify([{ id: 1, name: "Ada Byron", phone: "+44 20 7946 0018" }])),
        });
        const jobId = await owner.openJob({ leaseId: lent.leaseId, payment, policy: DEMO_REDACTION_POLICY });
        if (jobId !== expected) throw new Error(`expected job ${expected}, opened ${jobId}`);
        const status = await owner.answerJob({ jobId, lent, timeoutMs: 120_000 });
        if (status !== JobStatus.Submitted) throw new Error(`job ${jobId} ended in status ${status}`);
        return { jobId, lent };
      };
      await runJob(submittedJob, parseEther("5"));
      const disputed = await runJob(disputedJob, parseEther("8"));
      const collected = await owner.collect(disputed);
      const court = createCourtParticipant({
        rpcUrl: anvil.rpcUrl,
        deployment: deployed,
        accountIndex: devAccountRoles.demoOwner,
      });
      const opened = await court.openDispute({
        jobId: disputedJob,
        cited: [
          { batchId: collected.proof.batchId, receiptDigest: collected.verified.digest, proof: collected.proof.proof },
        ],
        uri: encodeEvidenceUri({
          statement: "The export still names a customer.",
          receipts: [
            { signedReceipt: collected.signedReceipt, batchId: collected.proof.batchId, proof: collected.proof.proof },
          ],
        }),
      });
      if (opened !== disputeId) throw new Error(`expected dispute ${disputeId}, opened ${opened}`);
      return { anvil, worker, indexer, deployed, seeded, agent };
    })(),
  ]);
  agents = services.seeded.agents;
  redactor = services.agent;
  app = await startApp({
    mode: "start",
    port: await freePort(),
    chainId: LOCAL_CHAIN_ID,
    rpcUrl: services.anvil.rpcUrl,
    indexerUrl: services.indexer.url,
    gatewayUrl: services.worker.url,
    deploymentsDir: workDir,
    logFile: log("app"),
  });
  ({ browser, page } = await openBrowser(pageErrors));
});

afterAll(async () => {
  await page?.screenshot({ path: path.join(resultsDir, "explorer.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The row ids a list shows, in its order. */
async function rowIds(list: string): Promise<string[]> {
  const rows = page.locator(`[data-testid="${list}-table"] tbody tr`);
  const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-testid")));
  return ids.map((id) => id!.slice(`${list}-row-`.length));
}

async function expectAnonymous() {
  expect(await page.getByTestId("connected-account").count()).toBe(0);
}

describe("# home page", () => {
  it("should link a card to every working section and call none of them coming", async () => {
    await page.goto(`${app.url}/`);
    const cards = page.locator('[data-testid^="role-link-"]');
    const hrefs = await cards.evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        "/staker",
        "/owner",
        "/operator",
        "/governance",
        "/court",
        "/insurance",
        "/agents",
        "/endorse",
        "/admin-log",
        "/explorer",
      ]),
    );
    expect(await page.locator(".role-card").count()).toBe(hrefs.length);
    expect(await page.locator("main").textContent()).not.toContain("Coming");
    for (const href of hrefs) {
      const response = await page.goto(`${app.url}${href}`);
      expect(response?.status(), href).toBe(200);
      await expect.poll(() => page.locator("main h1").first().isVisible(), { timeout: 20_000 }).toBe(true);
      expect(await page.locator("main").textContent(), href).not.toContain("could not be found");
    }
    await expectAnonymous();
  });
});

describe("# explorer", () => {
  it("should list the demo's jobs newest first, each linking to its job page", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId("role-link-explorer").click();
    await page.waitForURL(`${app.url}/explorer`);
    await expect.poll(() => rowIds("explorer-jobs"), { timeout: 30_000 }).toEqual(["2", "1"]);
    await page.getByTestId("explorer-nav-jobs").click();
    await page.waitForURL(`${app.url}/explorer/jobs`);
    await expect.poll(() => rowIds("explorer-jobs"), { timeout: 20_000 }).toEqual(["2", "1"]);
    const row = page.getByTestId("explorer-jobs-row-1");
    expect(await row.textContent()).toContain("5 dLEASE");
    expect(await row.textContent()).toContain("In challenge window");
    expect(await page.getByTestId("explorer-jobs-row-2").textContent()).toContain("Frozen (dispute)");

    await page.getByTestId("explorer-jobs-filter-status").selectOption("frozen");
    await expect.poll(() => rowIds("explorer-jobs")).toEqual(["2"]);
    expect(page.url()).toBe(`${app.url}/explorer/jobs?status=frozen`);
    await page.getByTestId("explorer-jobs-filter-status").selectOption("paid");
    await expect.poll(() => page.getByTestId("explorer-jobs-empty").textContent()).toContain("Clear them");
    await page.getByTestId("explorer-jobs-filter-status").selectOption("");
    await page.getByTestId("explorer-jobs-filter-client").fill("0x1234");
    await page.getByTestId("explorer-jobs-filter-client").press("Enter");
    await expect.poll(() => page.getByTestId("explorer-jobs-error").textContent()).toContain("not an address");
    await page.getByTestId("explorer-jobs-filter-client").fill(client);
    await page.getByTestId("explorer-jobs-filter-client").press("Enter");
    await expect.poll(() => rowIds("explorer-jobs")).toEqual(["2", "1"]);

    await page.getByTestId(`explorer-job-link-${submittedJob}`).click();
    await page.waitForURL(`${app.url}/owner/jobs/${submittedJob}`);
    await expect.poll(() => page.locator("main h1").first().textContent(), { timeout: 20_000 }).toContain("Job #1");
    expect(await page.getByTestId("job-agent").getAttribute("href")).toBe(`/agents/${redactor.agentId}`);
    expect(await page.getByTestId("job-lease").getAttribute("href")).toBe("/explorer/leases/1");
    expect(await page.getByTestId("job-client").getAttribute("href")).toBe(`/explorer/address/${client}`);
    await expectAnonymous();
  });

  it("should list the demo's leases, each linking to a lease page with its owner, agent and jobs", async () => {
    await page.goto(`${app.url}/explorer/leases`);
    await expect.poll(() => rowIds("explorer-leases"), { timeout: 20_000 }).toEqual(["2", "1"]);
    expect(await page.getByTestId("explorer-leases-row-1").textContent()).toContain("Live");
    await page.getByTestId("explorer-lease-link-1").click();
    await page.waitForURL(`${app.url}/explorer/leases/1`);
    await expect.poll(() => page.getByTestId("lease-standing").getAttribute("data-standing")).toBe("live");
    expect(await page.getByTestId("lease-owner").textContent()).toBe(client);
    expect(await page.getByTestId("lease-agent").getAttribute("href")).toBe(`/agents/${redactor.agentId}`);
    await expect.poll(() => rowIds("lease-jobs"), { timeout: 20_000 }).toEqual(["1"]);

    await page.getByTestId("lease-owner").click();
    await page.waitForURL(`${app.url}/explorer/address/${client}`);
    await expect.poll(() => rowIds("address-client-jobs"), { timeout: 20_000 }).toEqual(["2", "1"]);
    await expect.poll(() => rowIds("address-leases")).toEqual(["2", "1"]);
    await expect.poll(() => rowIds("address-client-disputes")).toEqual(["1"]);
    await expect.poll(() => page.getByTestId("address-agents-empty").count()).toBe(1);
  });

  it("should list the demo's dispute, linking to it in the court", async () => {
    await page.goto(`${app.url}/explorer/disputes`);
    await expect.poll(() => rowIds("explorer-disputes"), { timeout: 20_000 }).toEqual(["1"]);
    const row = await page.getByTestId("explorer-disputes-row-1").textContent();
    expect(row).toContain("Drawing the panel");
    expect(row).toContain("Not yet");
    await page.getByTestId(`explorer-dispute-link-${disputeId}`).click();
    await page.waitForURL(`${app.url}/court/disputes/${disputeId}`);
    await expect
      .poll(() => page.locator("main h1").first().textContent(), { timeout: 20_000 })
      .toContain(`Dispute #${disputeId}`);
    expect(await page.getByTestId("dispute-agent").getAttribute("href")).toBe(`/agents/${redactor.agentId}`);
    expect(await page.getByTestId("dispute-client").getAttribute("href")).toBe(`/explorer/address/${client}`);
    await expectAnonymous();
  });

  it("should list every seeded agent, each linking to its agent page", async () => {
    await page.goto(`${app.url}/explorer/agents`);
    const expected = agents.map((agent) => String(agent.agentId)).sort((a, b) => Number(b) - Number(a));
    await expect.poll(() => rowIds("explorer-agents"), { timeout: 20_000 }).toEqual(expected);
    await page.getByTestId(`explorer-agent-link-${redactor.agentId}`).click();
    await page.waitForURL(`${app.url}/agents/${redactor.agentId}`);
    await expect.poll(() => page.getByTestId("agent-name").isVisible(), { timeout: 20_000 }).toBe(true);
  });
});

describe("# agent page", () => {
  it("should link the agent's job ids to their job pages", async () => {
    await page.goto(`${app.url}/agents/${redactor.agentId}`);
    const link = page.getByTestId(`agent-job-link-${disputedJob}`);
    await expect.poll(() => link.getAttribute("href"), { timeout: 20_000 }).toBe(`/owner/jobs/${disputedJob}`);
    expect(await page.getByTestId(`agent-job-link-${submittedJob}`).getAttribute("href")).toBe(
      `/owner/jobs/${submittedJob}`,
    );
    await link.click();
    await page.waitForURL(`${app.url}/owner/jobs/${disputedJob}`);
    await expect.poll(() => page.locator("main h1").first().textContent(), { timeout: 20_000 }).toContain("Job #2");
    await expectAnonymous();
    expect(pageErrors).toEqual([]);
  });
});
