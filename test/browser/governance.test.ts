/**
 * A voter approving a code release in a real browser: anvil with the real deploy and demo seed,
 * the indexer on PGlite, the production build of the app, Debian's Chromium. A squatter
 * front-runs the publisher (dev account 7) with a copy of its code hash and bogus metadata, then
 * the publisher publishes from the script side, and the browser's development account (which the
 * seed gives a share of the voting supply) takes its delegation back; the page shows both releases with
 * a warning, then delegates, proposes the approval of the publisher's release, votes for it with
 * a reason, queues and executes it, with chain time moved forward over each governance period,
 * and the admin log shows the approval. Then the timelock (impersonated, as an executed proposal
 * acts) makes the account a guardian, which revokes the squatter's copy (the code stays approved)
 * and the code of a second release, each with a reason, also in the log.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createTestClient, http, keccak256, parseEther, stringToHex, zeroAddress, type Hex } from "viem";
import { openBrowser } from "./support/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import {
  deployLocal,
  DEVNET_REVIEW_BASE,
  DEVNET_REVIEW_PER_KIB,
  DEVNET_TIMELOCK_DELAY,
  DEVNET_VOTING_DELAY,
  DEVNET_VOTING_PERIOD,
  impersonatedClient,
  localClients,
} from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { seedDemo } from "../../scripts/lib/seed-demo.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { codeRegistryAbi, devStakeTokenAbi, leaseholdVotesAbi } from "../../sdk/src/generated/abis.ts";

const resultsDir = path.join(repoRoot, "test-results");
const voter = devAccount(devAccountRoles.browser).address;
const RELEASE_SIZE = 2_048n;
const codeHash = keccak256(stringToHex("leasehold governance browser test bundle"));
const contentId = keccak256(stringToHex("leasehold governance browser test bundle, content"));
const suspectHash = keccak256(stringToHex("leasehold governance browser test, a suspect bundle"));
const shortCodeHash = `${codeHash.slice(0, 10)}…${codeHash.slice(-6)}`;
const publisher = devAccount(devAccountRoles.publisher).address;
/** Has no role on the devnet; anvil funds it for the test. */
const SQUATTER = 11;
const squatter = devAccount(SQUATTER).address;
const releaseTestId = (hash: Hex, by: Hex) => `release-${hash.toLowerCase()}-${by.toLowerCase()}`;

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let app: App;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function send(
  accountIndex: number,
  request: Parameters<ReturnType<typeof localClients>["walletClient"]["writeContract"]>[0],
) {
  const { walletClient, publicClient } = localClients(rpcUrl, accountIndex);
  const hash = await walletClient.writeContract(request);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`setup transaction ${hash} reverted`);
}

/**
 * `accountIndex` (the publisher by default) publishes a release and pays its bond, as
 * scripts/lib/code-approval.ts does; a squatter publishes the same hash with bogus metadata.
 */
async function publish(hash: Hex, accountIndex: number = devAccountRoles.publisher): Promise<void> {
  const { CodeRegistry, DevStakeToken } = deployment.contracts;
  const { publicClient } = localClients(rpcUrl);
  const bond = await publicClient.readContract({
    address: CodeRegistry.address,
    abi: codeRegistryAbi,
    functionName: "publicationBond",
  });
  const token = { address: DevStakeToken!.address, abi: devStakeTokenAbi } as const;
  const balance = await publicClient.readContract({
    ...token,
    functionName: "balanceOf",
    args: [devAccount(accountIndex).address],
  });
  if (balance < bond) await send(accountIndex, { ...token, functionName: "faucet" });
  await send(accountIndex, { ...token, functionName: "approve", args: [CodeRegistry.address, bond] });
  const args =
    accountIndex === devAccountRoles.publisher
      ? ([hash, contentId, RELEASE_SIZE, 0, "data:text/plain,governance%20browser%20test"] as const)
      : ([hash, keccak256(stringToHex("not the bundle")), 1n, 2, "data:text/plain,urgent%20fix"] as const);
  await send(accountIndex, { address: CodeRegistry.address, abi: codeRegistryAbi, functionName: "publish", args });
}

/** Moves chain time forward and mines a block, as governance periods pass. */
async function advance(seconds: bigint): Promise<void> {
  const chain = createTestClient({ mode: "anvil", transport: http(rpcUrl) });
  await chain.increaseTime({ seconds: Number(seconds) });
  await chain.mine({ blocks: 1 });
}

async function chainNow(): Promise<bigint> {
  return (await localClients(rpcUrl).publicClient.getBlock()).timestamp;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-governance-"));
  const logs = path.join(resultsDir, "governance-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      rpcUrl = anvil.rpcUrl;
      deployment = await deployLocal({ rpcUrl, deploymentsDir: workDir });
      await seedDemo(rpcUrl, deployment);
      // The seed gives the browser account a delegated share of the voting supply; this test
      // plays a holder who has not delegated yet, so it takes the delegation back first.
      await send(devAccountRoles.browser, {
        address: deployment.contracts.LeaseholdVotes.address,
        abi: leaseholdVotesAbi,
        functionName: "delegate",
        args: [zeroAddress],
      });
      // The squatter saw the publication coming and got in first.
      await createTestClient({ mode: "anvil", transport: http(rpcUrl) }).setBalance({
        address: squatter,
        value: parseEther("10"),
      });
      await publish(codeHash, SQUATTER);
      await publish(codeHash);
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
  // Kept for people (and reviewers) to look at, whether the run passed or not.
  await page?.screenshot({ path: path.join(resultsDir, "governance-last.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const release = () => page.getByTestId(releaseTestId(codeHash, publisher));
const inRelease = (testId: string) => release().getByTestId(testId);
const text = (testId: string) => inRelease(testId).first().textContent({ timeout: 20_000 });

describe("# governance page", () => {
  it("should list the published release as pending with its review countdown on chain time", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId("nav-governance").click();
    await page.waitForURL(`${app.url}/governance`);
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(voter);

    await page
      .getByTestId("releases-pending")
      .getByTestId(releaseTestId(codeHash, publisher))
      .waitFor({ timeout: 20_000 });
    expect(await release().getAttribute("data-status")).toBe("pending");
    // The squatter's copy is listed beside it, and each warns that another publisher has the hash.
    const copy = page.getByTestId("releases-pending").getByTestId(releaseTestId(codeHash, squatter));
    expect(await copy.getByTestId("release-urgency").textContent()).toBe("Emergency");
    expect(await text("release-copies")).toContain("Another publisher published this code hash too");
    expect(await copy.getByTestId("release-copies").textContent()).toContain("Another publisher");
    expect(await text("release-hash")).toBe(codeHash);
    expect(await text("release-size")).toBe("2,048 bytes");
    expect(await text("release-urgency")).toBe("Routine");
    expect(await text("release-bond")).toMatch(/^100 dLEASE held /);
    // Routine: the whole window, 120 s + 1 s per KiB.
    const window = DEVNET_REVIEW_BASE + DEVNET_REVIEW_PER_KIB * (RELEASE_SIZE / 1024n);
    expect(window).toBe(122n);
    expect(await text("review-countdown")).toMatch(/^Open for review: approvable in (2 min 0\d s|1 min \d\d s)/);
    // The demo's releases were approved by governance at seeding.
    expect(await page.getByTestId("releases-approved").locator("article").count()).toBeGreaterThan(0);
  });

  it("should refuse a proposal before the votes are delegated, in words", async () => {
    await expect.poll(() => page.getByTestId("votes-balance").textContent()).toMatch(/^100,000( \S+)?$/);
    await expect.poll(() => page.getByTestId("voting-power").textContent()).toMatch(/^0( \S+)?$/);
    expect(await text("proposal-explainer")).toContain("the registry refuses the approval until the review window");
    await inRelease("propose-approval").click();
    expect(await text("proposal-tx-error")).toMatch(
      /^Proposing needs 1,000( \S+)? of delegated votes; 0x7099…79C8 had 0( \S+)? at the last block\./,
    );
  });

  it("should delegate the votes to the account itself", async () => {
    await page.getByTestId("delegate-self").click();
    await page.getByTestId("delegate-tx-success").waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId("voting-power").textContent()).toMatch(/^100,000( \S+)?$/);
    expect(await page.getByTestId("delegate").textContent()).toBe("yourself");
  });

  it("should propose the approval, then vote for it with a reason once voting opens", async () => {
    // Proposing counts the votes of the last second: let the delegation's second pass.
    await advance(2n);
    await inRelease("propose-approval").click();
    await inRelease("proposal-tx-success").waitFor({ timeout: 20_000 });
    await expect.poll(() => text("proposal-state")).toBe("Pending");

    await advance(DEVNET_VOTING_DELAY + 1n);
    await expect.poll(() => text("proposal-state"), { timeout: 20_000 }).toBe("Active");
    expect(await text("proposal-timing")).toMatch(/^Voting closes in /);
    await inRelease("vote-reason").fill("Reviewed the bundle: size and behaviour as declared");
    await inRelease("vote-for").click();
    await inRelease("proposal-tx-success").waitFor({ timeout: 20_000 });
    await expect.poll(() => text("tally-for")).toMatch(/^100,000( \S+)?$/);
    expect(await text("tally-against")).toMatch(/^0( \S+)?$/);
    await inRelease("already-voted").waitFor();
    // The reason, from the indexer.
    await expect
      .poll(() => inRelease("vote-entry").first().textContent(), { timeout: 30_000 })
      .toContain("voted for with 100,000");
    expect(await inRelease("vote-entry").first().textContent()).toContain(
      "Reviewed the bundle: size and behaviour as declared",
    );
  });

  it("should queue the passed proposal and execute it after the timelock delay and the review window", async () => {
    await advance(DEVNET_VOTING_PERIOD + 1n);
    await expect.poll(() => text("proposal-state"), { timeout: 20_000 }).toBe("Succeeded");
    await inRelease("queue-proposal").click();
    await expect.poll(() => text("proposal-state"), { timeout: 20_000 }).toBe("Queued");
    expect(await text("proposal-timing")).toMatch(/^Executable in /);
    expect(await inRelease("execute-proposal").isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, "governance.png"), fullPage: true });

    const { publicClient } = localClients(rpcUrl);
    const published = await publicClient.readContract({
      address: deployment.contracts.CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "releaseOf",
      args: [publisher, codeHash],
    });
    const now = await chainNow();
    const wait = [DEVNET_TIMELOCK_DELAY, published.approvableAt - now].reduce((a, b) => (a > b ? a : b));
    await advance(wait + 1n);
    await expect.poll(() => inRelease("execute-proposal").isEnabled(), { timeout: 20_000 }).toBe(true);
    await inRelease("execute-proposal").click();

    await page
      .getByTestId("releases-approved")
      .getByTestId(releaseTestId(codeHash, publisher))
      .waitFor({ timeout: 20_000 });
    expect(await release().getAttribute("data-status")).toBe("approved");
    expect(await text("release-status")).toBe("Approved");
    expect(await text("release-bond")).toBe("returned to the publisher");
    expect(await text("code-approved")).toMatch(/^Workers may run this code/);
    expect(
      await publicClient.readContract({
        address: deployment.contracts.CodeRegistry.address,
        abi: codeRegistryAbi,
        functionName: "isApproved",
        args: [codeHash as Hex],
      }),
    ).toBe(true);
    // Not the guardian (yet): no revocation form for this account.
    expect(await page.getByTestId("revoke-form").count()).toBe(0);
    expect(await page.getByTestId("guardian-notice").count()).toBe(0);
  });

  it("should let a guardian revoke the squatter's copy, only with a reason, leaving the code approved", async () => {
    // The timelock appoints guardians; acting as it is what an executed proposal does.
    const { CodeRegistry, TimelockController } = deployment.contracts;
    const { publicClient } = localClients(rpcUrl);
    const timelock = await impersonatedClient(rpcUrl, TimelockController.address);
    const role = await publicClient.readContract({
      address: CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "GUARDIAN_ROLE",
    });
    const granted = await timelock.writeContract({
      address: CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "grantRole",
      args: [role, voter],
    });
    await publicClient.waitForTransactionReceipt({ hash: granted });
    await publish(suspectHash);
    await page.reload();

    await page.getByTestId("guardian-notice").waitFor({ timeout: 20_000 });
    const copy = page.getByTestId("releases-pending").getByTestId(releaseTestId(codeHash, squatter));
    await copy.waitFor({ timeout: 20_000 });
    await copy.getByTestId("revoke-open").click();
    expect(await copy.getByTestId("revoke-scope-release").getAttribute("aria-checked")).toBe("true");
    await copy.getByTestId("revoke").click();
    expect(
      await copy.getByTestId(`revoke-reason-${codeHash.toLowerCase()}-${squatter.toLowerCase()}-error`).textContent(),
    ).toBe("Say why the release is unsafe: the reason is public.");
    expect(await copy.getByTestId("revoke-tx").count()).toBe(0);
    await copy.getByTestId("revoke-reason").fill("Squatting: not the author, and the notes do not match the bundle");
    await copy.getByTestId("revoke").click();
    await page.getByTestId("releases-revoked").getByTestId(releaseTestId(codeHash, squatter)).waitFor({
      timeout: 20_000,
    });
    expect(await release().getAttribute("data-status")).toBe("approved");
    expect(
      await publicClient.readContract({
        address: CodeRegistry.address,
        abi: codeRegistryAbi,
        functionName: "isApproved",
        args: [codeHash],
      }),
    ).toBe(true);
  });

  it("should let a guardian revoke a suspect release's code itself, for good", async () => {
    const { publicClient } = localClients(rpcUrl);
    const suspect = page.getByTestId("releases-pending").getByTestId(releaseTestId(suspectHash, publisher));
    await suspect.waitFor({ timeout: 20_000 });
    await suspect.getByTestId("revoke-open").click();
    await suspect.getByTestId("revoke-scope-code").click();
    expect(await suspect.getByTestId("revoke-scope-hint").textContent()).toContain("whoever published it");
    await suspect.getByTestId("revoke-reason").fill("Sends lease data to an undeclared host");
    await suspect.getByTestId("revoke").click();
    await suspect.getByTestId("code-revoked").waitFor({ timeout: 20_000 });
    // The release stays pending, but nothing can approve it any more: the approval panel is gone.
    expect(await suspect.getByTestId("approval-panel").count()).toBe(0);
    expect(
      await publicClient.readContract({
        address: deployment.contracts.CodeRegistry.address,
        abi: codeRegistryAbi,
        functionName: "isApproved",
        args: [suspectHash],
      }),
    ).toBe(false);
  });

  it("should show the approval and the revocations in the public admin log", async () => {
    await page.getByTestId("nav-admin-log").click();
    await page.waitForURL(`${app.url}/admin-log`);
    const approval = page.locator('[data-testid="admin-log-row"][data-action="ReleaseApproved"]', {
      hasText: shortCodeHash,
    });
    await expect.poll(() => approval.count(), { timeout: 30_000 }).toBe(1);
    expect(await approval.getAttribute("data-contract")).toBe("CodeRegistry");
    const codeRevoked = page.locator('[data-testid="admin-log-row"][data-action="CodeRevoked"]');
    await expect.poll(() => codeRevoked.count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-testid="admin-log-row"][data-action="CallExecuted"]').count()).toBeGreaterThan(0);
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
