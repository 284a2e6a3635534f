/**
 * The insurer's and the agent chooser's pages in a real browser: anvil with the real deploy and
 * demo seed (whose insurer deposits 500 tokens), the indexer on PGlite, the production build of
 * the app, Debian's Chromium. The browser's development account deposits into the pool, requests
 * a redemption, waits out the cooldown (chain time moved forward) and redeems. Meanwhile a data
 * owner pays the seeded "Receipt auditor" for a job from the script side, with a real signed
 * receipt anchored by its operator, as runJobsScenario in the indexer's tests does: its premium
 * reaches the pool's history and its reputation puts the agent first on /agents. Then the court
 * (its address impersonated) files a claim while the account holds shares and pays it in part:
 * the page shows the claim's payment and release, and the account collects its part of the rest.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createTestClient, formatUnits, http, keccak256, parseEther, stringToHex, type Hex } from "viem";
import { openBrowser } from "./support/chromium.ts";
import { send as sendAs, submitJob as submitScriptJob } from "./support/script-job.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import {
  deployLocal,
  DEVNET_CHALLENGE_WINDOW,
  DEVNET_INSURANCE_COOLDOWN,
  impersonatedClient,
  localClients,
} from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { seedDemo, type SeededAgent } from "../../scripts/lib/seed-demo.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { devStakeTokenAbi, insurancePoolAbi, jobEscrowAbi } from "../../sdk/src/generated/abis.ts";

const resultsDir = path.join(repoRoot, "test-results");
const insurer = devAccount(devAccountRoles.browser).address;
const PAYMENT = parseEther("10");
const POLICY = keccak256(stringToHex("leasehold insurance browser test policy"));

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let agents: SeededAgent[];
let paidAgent: SeededAgent;
let paidJob: bigint;
let app: App;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const send = (accountIndex: number, request: Parameters<typeof sendAs>[2]) => sendAs(rpcUrl, accountIndex, request);
const submitJob = (agent: SeededAgent) =>
  submitScriptJob({ rpcUrl, deployment, agent, payment: PAYMENT, policy: POLICY });

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-insurance-"));
  const logs = path.join(resultsDir, "insurance-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      rpcUrl = anvil.rpcUrl;
      deployment = await deployLocal({ rpcUrl, deploymentsDir: workDir });
      ({ agents } = await seedDemo(rpcUrl, deployment));
      // The last seeded agent: with every score at 0 it would rank last (ties go by id).
      paidAgent = agents.find((agent) => agent.name === "Receipt auditor")!;
      paidJob = await submitJob(paidAgent);
      const indexer = await startIndexer({
        port: await freePort(),
        rpcUrl,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir: workDir,
        databaseSchema: "public",
        dataDir: path.join(workDir, "pglite"),
        logFile: log("indexer"),
      });
      return { indexer };
    })(),
  ]);
  app = await startApp({
    port: await freePort(),
    mode: "start",
    chainId: LOCAL_CHAIN_ID,
    rpcUrl,
    indexerUrl: services.indexer.url,
    deploymentsDir: workDir,
    logFile: log("app"),
  });
  ({ browser, page } = await openBrowser(pageErrors));
});

afterAll(async () => {
  await page?.screenshot({ path: path.join(resultsDir, "insurance.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (testId: string) => page.getByTestId(testId).first().textContent({ timeout: 20_000 });
const amount = async (testId: string) => Number((await text(testId))?.replace(/,/g, ""));

describe("# insurance page", () => {
  let walletBefore: number;

  it("should show the pool from the chain and connect the development account", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId("nav-insurance").click();
    await page.waitForURL(`${app.url}/insurance`);
    await expect.poll(() => text("pool-total-assets"), { timeout: 20_000 }).toBe("500");
    expect(await text("pool-reserved")).toBe("0");
    await expect.poll(() => text("pool-share-price")).toBe("1");
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(insurer);
    await expect.poll(() => text("pool-your-shares")).toBe("0");
  });

  it("should preview the shares, approve and deposit, then show the account's shares", async () => {
    await page.getByTestId("deposit-amount").fill("100");
    await expect.poll(() => text("deposit-preview")).toBe("You receive about 100 shares.");
    await page.getByTestId("deposit-submit").click();
    await page.getByTestId("deposit-tx-success").waitFor();
    expect(await page.locator('[data-testid="deposit-tx"] [data-status="confirmed"]').count()).toBe(2);
    await expect.poll(() => text("pool-your-shares")).toBe("100");
    await expect.poll(() => text("pool-your-value")).toBe("100");
    await expect.poll(() => text("pool-total-assets")).toBe("600");
  });

  it("should request a redemption with its preview and count the cooldown down in chain time", async () => {
    await page.getByTestId("redeem-shares").fill("40");
    await expect.poll(() => text("redeem-preview")).toMatch(/^Worth about 40 dLEASE/);
    await page.getByTestId("request-redeem").click();
    await page.getByTestId("request-redeem-tx-success").waitFor();
    await expect.poll(() => text("redeem-locked")).toBe("40 shares");
    await expect.poll(() => text("redeem-countdown")).toMatch(/^Redeemable in (2 min 00 s|1 min \d\d s|\d+ s)$/);
    expect(await page.getByTestId("redeem-submit").isDisabled()).toBe(true);
  });

  it("should redeem once the cooldown has passed, and the wallet balance should rise", async () => {
    walletBefore = await amount("pool-token-balance");
    // Over the cooldown (and the job's challenge window), then the job is paid: its premium
    // reaches the pool before the redemption.
    const chain = createTestClient({ mode: "anvil", transport: http(rpcUrl) });
    await chain.increaseTime({
      seconds:
        Number(
          DEVNET_INSURANCE_COOLDOWN > DEVNET_CHALLENGE_WINDOW ? DEVNET_INSURANCE_COOLDOWN : DEVNET_CHALLENGE_WINDOW,
        ) + 1,
    });
    await chain.mine({ blocks: 1 });
    await send(devAccountRoles.demoOwner, {
      address: deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "finalize",
      args: [paidJob],
    });
    await expect.poll(() => text("redeem-countdown"), { timeout: 20_000 }).toBe("Redeemable");
    await page.getByTestId("redeem-submit").click();
    await page.getByTestId("redeem-tx-success").waitFor();
    await expect.poll(() => text("pool-your-shares")).toBe("60");
    // 40 shares, worth a little more than 40 tokens once the premium arrived.
    await expect.poll(() => amount("pool-token-balance")).toBeGreaterThan(walletBefore + 40);
    expect(await page.getByTestId("redeem-panel").count()).toBe(0);
  });

  it("should chart the pool's solvency from the indexer, one point per block that moved it", async () => {
    // The seed's deposit, ours, the premium and the redemption.
    await expect
      .poll(() => page.getByTestId("solvency-chart").getAttribute("data-points"), { timeout: 30_000 })
      .toBe("4");
    expect(await page.locator('[data-testid="solvency-chart"] [data-series="assets"] circle').count()).toBe(4);
    expect(await text("pool-yield")).toMatch(/^\d+(\.\d+)? %$/);
    expect(await text("pool-yield")).not.toBe("0 %");
    expect(await text("claims-empty")).toBe("No claims yet.");
    await page.screenshot({ path: path.join(resultsDir, "insurance-pool.png"), fullPage: true });
  });

  it("should show a claim paid in part, and collect the account's part of what it released", async () => {
    const { publicClient } = localClients(rpcUrl);
    const pool = { address: deployment.contracts.InsurancePool.address, abi: insurancePoolAbi } as const;
    const court = await impersonatedClient(rpcUrl, deployment.contracts.DisputeCourt.address);
    const asCourt = async (
      request:
        | { functionName: "fileClaim"; args: readonly [Hex, bigint, Hex] }
        | { functionName: "payClaim"; args: readonly [bigint, bigint] },
    ) => {
      const hash = await court.writeContract({ ...pool, ...request } as Parameters<typeof court.writeContract>[0]);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
    };
    expect(await text("releases-empty")).toBe("Nothing to collect.");
    expect(await text("releases-rule")).toMatch(
      /^A claim's reservation belongs to those who held shares when it was filed/,
    );

    const victim = devAccount(devAccountRoles.demoOwner).address;
    await asCourt({
      functionName: "fileClaim",
      args: [victim, parseEther("100"), keccak256(stringToHex("insurance browser test claim"))],
    });
    const claimId = await publicClient.readContract({ ...pool, functionName: "claimCount" });
    await page.getByTestId(`release-pending-${claimId}`).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId(`claim-row-${claimId}`).getAttribute("data-status"), { timeout: 20_000 })
      .toBe("Pending");

    await asCourt({ functionName: "payClaim", args: [claimId, parseEther("40")] });
    const part = await publicClient.readContract({ ...pool, functionName: "releasableOf", args: [claimId, insurer] });
    expect(part).toBeGreaterThan(0n);
    await expect
      .poll(() => page.getByTestId(`claim-row-${claimId}`).getAttribute("data-status"), { timeout: 20_000 })
      .toBe("Paid");
    expect(await text(`claim-paid-${claimId}`)).toBe("40 dLEASE");
    expect(await text(`claim-released-${claimId}`)).toBe("60 dLEASE");
    const shown = async (testId: string) => Number((await text(testId))?.replace(/[^\d.]/g, ""));
    await expect
      .poll(() => shown(`release-part-${claimId}`), { timeout: 20_000 })
      .toBeCloseTo(Number(formatUnits(part, 18)), 3);
    expect(await shown("releases-total")).toBeCloseTo(Number(formatUnits(part, 18)), 3);
    await page.screenshot({ path: path.join(resultsDir, "insurance-releases.png"), fullPage: true });

    const balance = await publicClient.readContract({
      address: deployment.contracts.DevStakeToken!.address,
      abi: devStakeTokenAbi,
      functionName: "balanceOf",
      args: [insurer],
    });
    await page.getByTestId("releases-collect").click();
    await page.getByTestId("releases-tx-success").waitFor();
    expect(
      await publicClient.readContract({
        address: deployment.contracts.DevStakeToken!.address,
        abi: devStakeTokenAbi,
        functionName: "balanceOf",
        args: [insurer],
      }),
    ).toBe(balance + part);
    await expect.poll(() => text("releases-empty"), { timeout: 20_000 }).toBe("Nothing to collect.");
    expect(await publicClient.readContract({ ...pool, functionName: "releasableOf", args: [claimId, insurer] })).toBe(
      0n,
    );
  });
});

describe("# agents page", () => {
  it("should rank the seeded agents by reputation, the paid one first", async () => {
    await page.getByTestId("nav-agents").click();
    await page.waitForURL(`${app.url}/agents`);
    const rows = page.locator('[data-testid="agents-ranking"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(agents.length);
    const others = agents.filter((agent) => agent !== paidAgent).map((agent) => agent.agentId.toString());
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-agent-id"))))
      .toEqual([paidAgent.agentId.toString(), ...others]);
    expect(Number(await text(`ranking-score-${paidAgent.agentId}`))).toBeGreaterThan(0);
    expect(await text(`ranking-agent-${paidAgent.agentId}`)).toBe("Receipt auditor");
  });

  it("should show the paid agent's reputation history, its job and its operator's score", async () => {
    await page.getByTestId(`ranking-agent-${paidAgent.agentId}`).click();
    await page.waitForURL(`${app.url}/agents/${paidAgent.agentId}`);
    expect(await text("agent-name")).toBe("Receipt auditor");
    await expect.poll(() => text("agent-paid-jobs")).toBe("1");
    // From nothing, the change itself, then the score now.
    expect(await page.getByTestId("reputation-chart").getAttribute("data-points")).toBe("3");
    await page.getByTestId(`agent-job-${paidJob}`).waitFor();
    await expect.poll(async () => Number(await text("operator-score"))).toBeGreaterThan(0);
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
