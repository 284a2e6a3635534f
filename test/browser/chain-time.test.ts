/**
 * Time on an idle devnet, in a real browser, against real parts only: anvil set up as `npm start`
 * sets it up (the real deploy and demo seed with a block per transaction, then a block every
 * DEVNET_BLOCK_TIME seconds and no other traffic), the worker service running the demo redaction
 * agent, the indexer on PGlite, the production build of the app, Debian's Chromium.
 *
 * A data owner's job runs through the worker from the script side. The browser (the development
 * account, not the job's client: anyone may finalize) watches its challenge window count down on
 * chain time; the moment the page says it is over, the status pill says so too and "Finalize and
 * pay" succeeds, although the latest block is usually still older than the window's end. A second
 * job's window is skipped with the footer's "Advance time" control, and the devnet's keeper,
 * started then, finalizes it with nobody clicking. The controls are on the local chain only.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { DEVNET_BLOCK_TIME, startAnvil, startIntervalMining } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { createDataOwner, JobStatus, type DataOwner } from "../../scripts/lib/data-owner.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { runKeeper } from "../../scripts/lib/keeper.ts";
import { deployLocal, DEVNET_CHALLENGE_WINDOW, localClients } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import {
  DEMO_REDACTION_POLICY,
  DEMO_REDACTION_SCOPE,
  seedDemo,
  type SeededAgent,
} from "../../scripts/lib/seed-demo.ts";
import { servingSeededAgents, startWorker } from "../../scripts/lib/worker.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { openBrowser } from "./support/chromium.ts";

const resultsDir = path.join(repoRoot, "test-results");
/**
 * A second more than the devnet's window, so the window usually ends between two blocks (the
 * devnet's would end on one): for a second or so the page rightly says it is over while the latest
 * block is still older than its end, and a call simulated against the latest block is refused.
 */
const CHALLENGE_WINDOW = DEVNET_CHALLENGE_WINDOW + 1n;
const browserAccount = devAccount(devAccountRoles.browser).address;

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let owner: DataOwner;
let redactor: SeededAgent;
let app: App;
/** The same build on a chain that is not the local one: no development controls. */
let otherChainApp: App;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const keeperLog: string[] = [];
const keeper = new AbortController();
let keeperRun: Promise<void> | undefined;

/** Lends a record to the redactor and has one job run through the worker up to its receipt. */
async function submittedJob(): Promise<bigint> {
  const lent = await owner.lend({
    agentId: redactor.agentId,
    scope: DEMO_REDACTION_SCOPE,
    context: new TextEncoder().encode(JSON.stringify([{ id: 1, name: "Ada Byron", email: "ada@example.com" }])),
  });
  const jobId = await owner.openJob({ leaseId: lent.leaseId, payment: parseEther("5"), policy: DEMO_REDACTION_POLICY });
  const status = await owner.answerJob({ jobId, lent, timeoutMs: 120_000 });
  if (status !== JobStatus.Submitted) throw new Error(`job ${jobId} ended in status ${status}`);
  return jobId;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-chain-time-"));
  const logs = path.join(resultsDir, "chain-time-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      // As scripts/devnet.ts: set up with a block per transaction, then a steady chain.
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      const deployed = await deployLocal({
        rpcUrl: anvil.rpcUrl,
        deploymentsDir: workDir,
        challengeWindow: CHALLENGE_WINDOW,
      });
      const seeded = await seedDemo(anvil.rpcUrl, deployed);
      await startIntervalMining(anvil.rpcUrl, DEVNET_BLOCK_TIME);
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
      return { anvil, worker, indexer, deployed, seeded };
    })(),
  ]);
  rpcUrl = services.anvil.rpcUrl;
  deployment = services.deployed;
  redactor = services.seeded.agents.find((agent) => agent.bundle === "redaction")!;
  owner = createDataOwner({
    rpcUrl,
    deployment,
    accountIndex: devAccountRoles.demoOwner,
    gatewayUrl: services.worker.url,
  });
  const common = {
    mode: "start",
    rpcUrl,
    indexerUrl: services.indexer.url,
    gatewayUrl: services.worker.url,
    deploymentsDir: workDir,
  } as const;
  [app, otherChainApp] = await Promise.all([
    (async () => startApp({ ...common, chainId: LOCAL_CHAIN_ID, port: await freePort(), logFile: log("app") }))(),
    // Base's chain id: no deployment record for it, and no development RPC may be offered.
    (async () => startApp({ ...common, chainId: 8453, port: await freePort(), logFile: log("app-base") }))(),
  ]);
  ({ browser, page } = await openBrowser(pageErrors));
});

afterAll(async () => {
  keeper.abort();
  await keeperRun;
  await page?.screenshot({ path: path.join(resultsDir, "chain-time.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (testId: string, timeout = 20_000) => page.getByTestId(testId).first().textContent({ timeout });
const attribute = (testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);
const latestBlock = () => localClients(rpcUrl).publicClient.getBlock();

describe("# an idle chain", () => {
  it("should mine blocks on its own, about every DEVNET_BLOCK_TIME seconds", async () => {
    const first = await latestBlock();
    await new Promise((resolve) => setTimeout(resolve, (DEVNET_BLOCK_TIME * 2 + 1) * 1_000));
    const later = await latestBlock();
    expect(later.number - first.number).toBeGreaterThanOrEqual(2n);
    expect(later.timestamp - first.timestamp).toBeGreaterThanOrEqual(BigInt(DEVNET_BLOCK_TIME * 2));
  });
});

describe("# finalize and pay", () => {
  let jobId: bigint;

  it("should count the challenge window down, with the pill and the button agreeing", async () => {
    jobId = await submittedJob();
    await page.goto(`${app.url}/owner/jobs/${jobId}`);
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => attribute("connected-account", "title")).toBe(browserAccount);
    expect(await text("challenge-countdown")).toMatch(/^Finalizing is possible in/);
    expect(await text("job-status")).toBe("In challenge window");
    expect(await attribute("job-status", "data-window-over")).toBe("false");
    expect(await page.getByTestId("job-finalize").isDisabled()).toBe(true);
  });

  it("should say the window is over everywhere at once, and finalize at that moment", async () => {
    const { challengeEndsAt } = await owner.getJob(jobId);
    await page
      .getByTestId("challenge-countdown")
      .filter({ hasText: "The challenge window is over" })
      .waitFor({ timeout: (Number(CHALLENGE_WINDOW) + 30) * 1_000 });
    // The pill, the countdown and the button are drawn from one chain time.
    expect(await text("job-status")).toBe("Window over: ready to finalize");
    expect(await attribute("job-status", "data-window-over")).toBe("true");
    expect(await page.getByTestId("job-finalize").isEnabled()).toBe(true);
    // At once, as a person would: the latest block is then usually still older than the window's end.
    await page.getByTestId("job-finalize").click();
    expect(await text("job-action-tx-success", 30_000)).toContain(`Job #${jobId} is paid.`);
    await expect.poll(() => attribute("job-status", "data-status")).toBe("paid");
    const job = await owner.getJob(jobId);
    expect(job.status).toBe(JobStatus.Paid);
    expect((await latestBlock()).timestamp).toBeGreaterThanOrEqual(challengeEndsAt);
  });
});

describe("# development controls", () => {
  it("should mine a block on demand", async () => {
    await expect.poll(() => page.getByTestId("devnet-controls").count()).toBe(1);
    const before = await latestBlock();
    await page.getByTestId("devnet-mine").click();
    expect(await text("devnet-outcome")).toMatch(/^Mined block #\d+\.$/);
    const mined = BigInt(/#(\d+)/.exec((await text("devnet-outcome"))!)![1]!);
    expect(mined).toBeGreaterThan(before.number);
    await expect
      .poll(async () => BigInt((await attribute("devnet-latest-block", "data-number")) ?? "0"))
      .toBeGreaterThanOrEqual(mined);
  });

  it("should move chain time over a job's challenge window, and the keeper should finalize the job", async () => {
    const jobId = await submittedJob();
    await page.goto(`${app.url}/owner/jobs/${jobId}`);
    expect(await text("challenge-countdown")).toMatch(/^Finalizing is possible in/);
    const { challengeEndsAt } = await owner.getJob(jobId);
    const before = await latestBlock();
    expect(before.timestamp).toBeLessThan(challengeEndsAt);

    await page.getByTestId("devnet-advance-by").selectOption({ label: "10 minutes" });
    await page.getByTestId("devnet-advance").click();
    expect(await text("devnet-outcome")).toMatch(/^Chain time moved 10 minutes forward: block #\d+ is at /);
    const after = await latestBlock();
    expect(after.timestamp - before.timestamp).toBeGreaterThanOrEqual(600n);
    await page
      .getByTestId("challenge-countdown")
      .filter({ hasText: "The challenge window is over" })
      .waitFor({ timeout: 10_000 });
    expect(await text("job-status")).toBe("Window over: ready to finalize");
    expect(await page.getByTestId("job-finalize").isEnabled()).toBe(true);

    // Nobody clicks: the devnet's keeper finalizes every matured job.
    keeperRun = runKeeper({
      rpcUrl,
      deployment,
      accountIndex: devAccountRoles.keeper,
      signal: keeper.signal,
      log: (line) => keeperLog.push(line),
    });
    await expect
      .poll(() => attribute("job-status", "data-status"), { timeout: (DEVNET_BLOCK_TIME + 20) * 1_000 })
      .toBe("paid");
    expect(keeperLog.find((line) => line.startsWith(`[jobs] job ${jobId} finalized`))).toMatch(
      / to operator 0x[0-9a-fA-F]{40}, [\d.]+ dLEASE premium to the insurance pool$/,
    );
    expect((await owner.getJob(jobId)).status).toBe(JobStatus.Paid);
  });

  it("should not offer the development controls on any other chain", async () => {
    const other = await browser.newPage();
    await other.goto(`${otherChainApp.url}/`);
    await other.getByTestId("deployment-problem").waitFor({ timeout: 20_000 });
    expect(await other.getByTestId("devnet-controls").count()).toBe(0);
    await other.close();
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
