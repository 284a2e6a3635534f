/// <reference lib="dom" />
// The page.evaluate callbacks below run in the browser and read its layout.
/**
 * What the pages show is what happened, readable by people, at every width: anvil with the real
 * deploy and demo seed, a job paid for and receipted from the script side (its premium goes to
 * the pool), claims filed by the court (its address impersonated), the indexer on PGlite, the
 * production build of the app, Debian's Chromium. Amounts appear with the token's decimals and
 * symbol, descriptions as text, charts with their axes, and the header keeps the wallet at the
 * top right from 1440 px down to a phone's 390 px, where no page is wider than the screen.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createTestClient, formatUnits, http, keccak256, parseEther, stringToHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import {
  deployLocal,
  DEVNET_CHALLENGE_WINDOW,
  DEVNET_PREMIUM_BPS,
  impersonatedClient,
  localClients,
} from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { seedDemo } from "../../scripts/lib/seed-demo.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { insurancePoolAbi, jobEscrowAbi } from "../../sdk/src/generated/abis.ts";
import { openBrowser } from "./support/chromium.ts";
import { send, submitJob } from "./support/script-job.ts";

const resultsDir = path.join(repoRoot, "test-results");
const PAYMENT = parseEther("10");
const PREMIUM = (PAYMENT * BigInt(DEVNET_PREMIUM_BPS)) / 10_000n;
const CLAIM = parseEther("100");

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let paidJob: bigint;
let cancelledClaim: bigint;
let pendingClaim: bigint;
let app: App;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** The court, impersonated, files a claim; returns its id. */
async function fileClaim(label: string): Promise<bigint> {
  const { publicClient } = localClients(rpcUrl);
  const pool = { address: deployment.contracts.InsurancePool.address, abi: insurancePoolAbi } as const;
  const court = await impersonatedClient(rpcUrl, deployment.contracts.DisputeCourt.address);
  const victim = devAccount(devAccountRoles.demoOwner).address;
  const hash = await court.writeContract({
    ...pool,
    functionName: "fileClaim",
    args: [victim, CLAIM, keccak256(stringToHex(label))],
  });
  await publicClient.waitForTransactionReceipt({ hash });
  return publicClient.readContract({ ...pool, functionName: "claimCount" });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-display-"));
  const logs = path.join(resultsDir, "display-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, indexer] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      rpcUrl = anvil.rpcUrl;
      deployment = await deployLocal({ rpcUrl, deploymentsDir: workDir });
      const { agents } = await seedDemo(rpcUrl, deployment);
      const agent = agents.find((candidate) => candidate.name === "Receipt auditor")!;
      paidJob = await submitJob({
        rpcUrl,
        deployment,
        agent,
        payment: PAYMENT,
        policy: keccak256(stringToHex("leasehold display browser test policy")),
      });
      const chain = createTestClient({ mode: "anvil", transport: http(rpcUrl) });
      await chain.increaseTime({ seconds: Number(DEVNET_CHALLENGE_WINDOW) + 1 });
      await chain.mine({ blocks: 1 });
      await send(rpcUrl, devAccountRoles.demoOwner, {
        address: deployment.contracts.JobEscrow.address,
        abi: jobEscrowAbi,
        functionName: "finalize",
        args: [paidJob],
      });
      cancelledClaim = await fileClaim("display test: a claim not needed");
      const court = await impersonatedClient(rpcUrl, deployment.contracts.DisputeCourt.address);
      const hash = await court.writeContract({
        address: deployment.contracts.InsurancePool.address,
        abi: insurancePoolAbi,
        functionName: "cancelClaim",
        args: [cancelledClaim],
      });
      await localClients(rpcUrl).publicClient.waitForTransactionReceipt({ hash });
      pendingClaim = await fileClaim("display test: a claim still pending");
      return startIndexer({
        port: await freePort(),
        rpcUrl,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir: workDir,
        databaseSchema: "public",
        dataDir: path.join(workDir, "pglite"),
        logFile: log("indexer"),
      });
    })(),
  ]);
  app = await startApp({
    port: await freePort(),
    mode: "start",
    chainId: LOCAL_CHAIN_ID,
    rpcUrl,
    indexerUrl: indexer.url,
    deploymentsDir: workDir,
    logFile: log("app"),
  });
  ({ browser, page } = await openBrowser(pageErrors));
});

afterAll(async () => {
  await page?.screenshot({ path: path.join(resultsDir, "display.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (testId: string, timeout = 20_000) => page.getByTestId(testId).first().textContent({ timeout });

/** Elements reaching past the right edge of the screen, outermost first, for a readable failure. */
function overflowing(): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      // Inside a scrolling box (a wide table's wrapper) it scrolls, the page does not.
      let parent = element.parentElement;
      let clipped = false;
      while (parent && parent !== document.body) {
        const style = getComputedStyle(parent);
        if (style.overflowX !== "visible" && parent.getBoundingClientRect().right <= width + 0.5) clipped = true;
        parent = parent.parentElement;
      }
      if (clipped) continue;
      const testId = element.getAttribute("data-testid");
      out.push(
        `${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? `.${element.className.split(" ").join(".")}` : ""}${testId ? `[${testId}]` : ""} → ${Math.round(box.right)}`,
      );
    }
    return out.slice(0, 8);
  });
}

describe("# a job's settlement", () => {
  it("should say what was paid to whom: the operator's payout and the premium to the pool", async () => {
    await page.goto(`${app.url}/owner/jobs/${paidJob}`);
    await expect
      .poll(() => text("job-settlement"), { timeout: 30_000 })
      .toBe(
        `${formatUnits(PAYMENT - PREMIUM, 18)} dLEASE paid to the operator, ${formatUnits(PREMIUM, 18)} dLEASE premium to the insurance pool`,
      );
    expect(await page.locator(".lead").first().textContent()).toContain("payment 10 dLEASE");
  });
});

describe("# insurance page", () => {
  it("should explain how a compensation is backed, and say why each claim stands as it does", async () => {
    await page.goto(`${app.url}/insurance`);
    const rule = (await text("claims-rule"))!;
    expect(rule).toContain("the job's collateral");
    expect(rule).toContain("the operator's own stake");
    expect(rule).toContain("the insured gap");
    expect(rule).toContain("If the slash covers the whole compensation, or the agent wins, the claim is not needed");
    await expect
      .poll(() => page.getByTestId(`claim-row-${cancelledClaim}`).getAttribute("data-status"), { timeout: 30_000 })
      .toBe("Cancelled");
    expect(await text(`claim-why-${cancelledClaim}`)).toMatch(/^Cancelled, not needed: .*100 dLEASE.* released\.$/);
    expect(await text(`claim-why-${pendingClaim}`)).toBe(
      "Reserved (100 dLEASE) while the dispute runs: the slash comes first at the ruling.",
    );
  });

  it("should chart the pool with its unit, the values of its grid lines and its time span, and the share price per share", async () => {
    const chart = page.getByTestId("solvency-chart");
    await chart.waitFor({ timeout: 30_000 });
    expect(await text("solvency-chart-unit")).toBe("dLEASE");
    const ticks = await page.getByTestId("solvency-chart-y-tick").allTextContents();
    expect(ticks).toHaveLength(5);
    expect(ticks[0]).toBe("0");
    for (const tick of ticks) expect(tick).toMatch(/^[\d,]+(\.\d+)?$/);
    expect(Number(ticks.at(-1)!.replace(/,/g, ""))).toBeGreaterThanOrEqual(500);
    expect(await text("solvency-chart-x-axis")).toContain("(chain time)");
    // From one token a share at the seed's deposit to what the pool's shares are worth now: less
    // than one, since the pending claim's reservation and the cancelled one's release left the pool.
    const price = (await text("solvency-share-price"))!;
    expect(price).toMatch(/^share price 1 dLEASE per share → [\d.]+ dLEASE per share$/);
    // The chart is the indexer's, the pool's reading the chain's: they agree once the indexer has
    // caught up with the last claim.
    await expect
      .poll(
        async () => {
          const [charted, read] = await Promise.all([text("solvency-share-price"), text("pool-share-price")]);
          return charted!.split("→ ")[1] === `${read} dLEASE per share`;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
  });
});

describe("# admin log", () => {
  it("should show token amounts with the token's decimals and symbol, and the exact value on hover", async () => {
    await page.goto(`${app.url}/admin-log`);
    const filed = page.locator('[data-testid="admin-log-row"][data-action="ClaimFiled"]').first();
    await filed.waitFor({ timeout: 30_000 });
    const amount = filed.getByTestId("admin-log-amount").first();
    // The symbol is read from the token once the page is up.
    await expect.poll(() => amount.textContent(), { timeout: 20_000 }).toBe("100 dLEASE");
    expect(await amount.getAttribute("title")).toBe(`${CLAIM} base units`);
    // No base-unit amount (18 decimals make 19 digits or more for a whole token) is shown raw.
    const details = await page.locator('[data-testid="admin-log-row"] td:nth-child(5)').allTextContents();
    for (const detail of details) expect(detail).not.toMatch(/\d{16,}/);
  });
});

describe("# governance page", () => {
  it("should show a release's data: URI description as its text", async () => {
    await page.goto(`${app.url}/governance`);
    const descriptions = page.getByTestId("release-description");
    await descriptions.first().waitFor({ timeout: 30_000 });
    for (const description of await descriptions.allTextContents()) {
      expect(description).toMatch(/^Leasehold example agent /);
      expect(description).not.toContain("%20");
    }
    expect(await descriptions.first().getAttribute("title")).toMatch(/^data:text\/plain,Leasehold%20example/);
  });
});

describe("# layout", () => {
  for (const width of [1280, 1440]) {
    it(`should keep the wallet button at the top right at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${app.url}/insurance`);
      const wallet = page.getByTestId("connect-wallet");
      await wallet.waitFor();
      const box = (await wallet.boundingBox())!;
      const header = (await page.locator(".site-header__inner").boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(header.y + 60);
      // The header's content ends 20 px inside its box (its padding).
      expect(box.x + box.width).toBeGreaterThan(header.x + header.width - 20 - 2);
    });
  }

  it("should fit every page into a phone's 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const route of [
      "/",
      "/owner",
      `/owner/jobs/${paidJob}`,
      "/operator",
      "/staker",
      "/governance",
      "/court",
      "/insurance",
      "/agents",
      "/admin-log",
    ]) {
      await page.goto(`${app.url}${route}`);
      await page.waitForLoadState("networkidle");
      const sizes = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
      }));
      expect(sizes.scroll <= sizes.inner ? [] : await overflowing(), route).toEqual([]);
      expect(sizes.scroll, route).toBeLessThanOrEqual(sizes.inner);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("should have a favicon served by the app itself", async () => {
    await page.goto(`${app.url}/`);
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href!, app.url).toString());
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("image/svg+xml");
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
