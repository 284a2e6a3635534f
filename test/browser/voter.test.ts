/**
 * The DAO voter played from the development account alone, on a chain like `npm start`'s: the real
 * deploy and demo seed (which gives the account its share of the voting supply), then a block
 * every DEVNET_BLOCK_TIME seconds, the indexer on PGlite, the production build of the app and
 * Debian's Chromium. Nothing is sent from the script side after the seed: the account publishes a
 * release from the page, proposes its approval and a parameter change built in the proposal
 * builder, votes with reasons, reads the tallies, quorum and voters, and moves chain time with
 * the page's own devnet controls to queue and execute both. Last, switched to an account with no
 * voting tokens, delegating to itself is reported as the 0 votes it is.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { keccak256, parseEther, stringToHex, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser } from "./support/chromium.ts";
import { repoRoot } from "../../scripts/artifacts.ts";
import { DEVNET_BLOCK_TIME, startAnvil, startIntervalMining } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal, localClients } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { seedDemo } from "../../scripts/lib/seed-demo.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { codeRegistryAbi } from "../../sdk/src/generated/abis.ts";

const resultsDir = path.join(repoRoot, "test-results");
const voter = devAccount(devAccountRoles.browser).address;
const codeHash = keccak256(stringToHex("leasehold voter browser test, a new agent bundle"));
const NEW_BOND = parseEther("50");

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let app: App;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-voter-"));
  const logs = path.join(resultsDir, "voter-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      // As scripts/devnet.ts: deploy and seed with a block per transaction, then a steady chain.
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      rpcUrl = anvil.rpcUrl;
      deployment = await deployLocal({ rpcUrl, deploymentsDir: workDir });
      await seedDemo(rpcUrl, deployment);
      await startIntervalMining(rpcUrl, DEVNET_BLOCK_TIME);
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
  await page?.screenshot({ path: path.join(resultsDir, "voter-last.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const release = () => page.getByTestId("releases-pending").getByTestId(`release-${codeHash}-${voter.toLowerCase()}`);
/** A proposal's card in the list, by the words of its description. */
const proposalCard = (words: string): Locator =>
  page.getByTestId("proposals").locator("details", { hasText: words }).first();
const cardState = (card: Locator) => card.getByTestId("proposal-card-state").textContent();

/** Moves chain time with the page's devnet controls, as a person would. */
async function advance(label: string): Promise<void> {
  await page.getByTestId("devnet-advance-by").selectOption({ label });
  await page.getByTestId("devnet-advance").click();
  await expect.poll(() => page.getByTestId("devnet-outcome").textContent()).toMatch(/^Chain time moved /);
}

describe("# the development account as a DAO voter", () => {
  it("should hold delegated votes above the quorum from the devnet's seed", async () => {
    await page.goto(`${app.url}/governance`);
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(voter);
    await expect
      .poll(() => page.getByTestId("voting-power").textContent(), { timeout: 20_000 })
      .toMatch(/^100,000( \S+)?$/);
    expect(await page.getByTestId("delegate").textContent()).toBe("yourself");
    // The seed's own approval is in the history, executed, with its voter's reason.
    const seeded = proposalCard("Approve agent releases");
    await expect.poll(() => cardState(seeded), { timeout: 30_000 }).toBe("Executed");
    expect(await seeded.getByTestId("proposal-voter").first().textContent()).toContain("Demo agents, reviewed");
  });

  it("should publish a release from the page, paying the bond", async () => {
    const form = page.getByTestId("publish-release");
    await form.getByTestId("publish-code-hash").fill(codeHash);
    await form.getByTestId("publish-size").fill("4096");
    await form.getByTestId("publish-description").fill("Menu planner 1.1: fewer calls to the lease");
    await form.getByTestId("publish-submit").click();
    await form.getByTestId("publish-tx-success").waitFor({ timeout: 30_000 });
    await release().waitFor({ timeout: 20_000 });
    expect(await release().getByTestId("release-description").textContent()).toBe(
      "Menu planner 1.1: fewer calls to the lease",
    );
  });

  it("should propose the release's approval and a parameter change built in the page", async () => {
    await release().getByTestId("propose-approval").click();
    await release().getByTestId("proposal-tx-success").waitFor({ timeout: 30_000 });

    const builder = page.getByTestId("proposal-builder");
    await builder.getByTestId("builder-contract").selectOption("CodeRegistry");
    await builder.getByTestId("builder-function").selectOption("setPublicationBond(uint256)");
    await builder.getByTestId("builder-arg-newBond").fill("not a number");
    await builder.getByTestId("builder-add").click();
    expect(await builder.getByTestId("builder-error").textContent()).toBe("newBond (uint256): a whole number");
    await builder.getByTestId("builder-arg-newBond").fill(NEW_BOND.toString());
    await builder.getByTestId("builder-add").click();
    expect(await builder.getByTestId("builder-call").first().textContent()).toContain(
      `CodeRegistry.setPublicationBond(newBond: ${NEW_BOND})`,
    );
    await builder.getByTestId("builder-description").fill("Halve the publication bond to 50 dLEASE");
    await builder.getByTestId("builder-propose").click();
    await builder.getByTestId("builder-tx-success").waitFor({ timeout: 30_000 });

    // Each proposal shows its decoded calls before anyone votes.
    const change = proposalCard("Halve the publication bond");
    await change.waitFor({ timeout: 30_000 });
    expect(await change.getByTestId("proposal-call").first().textContent()).toBe(
      `CodeRegistry.setPublicationBond(${NEW_BOND})`,
    );
    const approval = proposalCard(`Approve agent release ${codeHash}`);
    await approval.waitFor({ timeout: 30_000 });
    expect(await approval.getByTestId("proposal-call").first().textContent()).toBe(
      `CodeRegistry.approve(${voter.toLowerCase()}, ${codeHash})`,
    );
  });

  it("should vote with reasons once voting opens and show the tally, quorum and voters", async () => {
    // The voting delay is a second: the chain's next blocks open the votes.
    const change = proposalCard("Halve the publication bond");
    await expect.poll(() => cardState(change), { timeout: 30_000 }).toBe("Active");
    await change.getByTestId("card-vote-reason").fill("Cheaper publishing, still costly to squat");
    await change.getByTestId("card-vote-for").click();
    await change.getByTestId("card-tx-success").waitFor({ timeout: 30_000 });
    await expect.poll(() => change.getByTestId("card-tally-for").textContent()).toMatch(/^100,000( \S+)?$/);
    expect(await change.getByTestId("card-quorum").textContent()).toContain("reached");
    await expect
      .poll(() => change.getByTestId("proposal-voter").first().textContent(), { timeout: 30_000 })
      .toContain("Cheaper publishing, still costly to squat");

    const approval = proposalCard(`Approve agent release ${codeHash}`);
    await expect.poll(() => cardState(approval), { timeout: 30_000 }).toBe("Active");
    await approval.getByTestId("card-vote-reason").fill("Reviewed the bundle");
    await approval.getByTestId("card-vote-for").click();
    await approval.getByTestId("card-tx-success").waitFor({ timeout: 30_000 });
    await expect.poll(() => approval.getByTestId("card-tally-for").textContent()).toMatch(/^100,000( \S+)?$/);
    expect(await approval.getByTestId("card-tally-against").textContent()).toMatch(/^0( \S+)?$/);
    expect(await approval.getByTestId("timeline-voting-starts").getAttribute("data-done")).toBe("true");
    expect(await approval.getByTestId("timeline-queued").getAttribute("data-done")).toBe("false");
  });

  it("should queue both once the vote is over and execute them after the timelock delay", async () => {
    // Past the voting period and the release's review window, with the page's clock.
    await advance("10 minutes");
    const change = proposalCard("Halve the publication bond");
    const approval = proposalCard(`Approve agent release ${codeHash}`);
    for (const card of [change, approval]) {
      await expect.poll(() => cardState(card), { timeout: 30_000 }).toBe("Succeeded");
      await card.getByTestId("card-queue").click();
      await expect.poll(() => cardState(card), { timeout: 30_000 }).toBe("Queued");
      expect(await card.getByTestId("card-execute").isDisabled()).toBe(true);
    }
    await advance("10 minutes");
    for (const card of [change, approval]) {
      await expect.poll(() => card.getByTestId("card-execute").isEnabled(), { timeout: 30_000 }).toBe(true);
      await card.getByTestId("card-execute").click();
      await expect.poll(() => cardState(card), { timeout: 30_000 }).toBe("Executed");
    }
    await expect
      .poll(() => approval.getByTestId("timeline-ended").getAttribute("data-done"), { timeout: 30_000 })
      .toBe("true");
    expect(await approval.getByTestId("timeline-ended").textContent()).toContain("Executed");
    await page.screenshot({ path: path.join(resultsDir, "voter.png"), fullPage: true });

    const { publicClient } = localClients(rpcUrl);
    const registry = { address: deployment.contracts.CodeRegistry.address, abi: codeRegistryAbi } as const;
    expect(await publicClient.readContract({ ...registry, functionName: "publicationBond" })).toBe(NEW_BOND);
    expect(await publicClient.readContract({ ...registry, functionName: "isApproved", args: [codeHash as Hex] })).toBe(
      true,
    );
    await page
      .getByTestId("releases-approved")
      .getByTestId(`release-${codeHash}-${voter.toLowerCase()}`)
      .waitFor({ timeout: 20_000 });
  });

  it("should warn, not congratulate, when an account without tokens delegates to itself", async () => {
    const owner = devAccount(devAccountRoles.demoOwner).address;
    await page.getByTestId("dev-account-select").selectOption(owner);
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(owner);
    await expect.poll(() => page.getByTestId("votes-balance").textContent(), { timeout: 20_000 }).toMatch(/^0( \S+)?$/);
    await page.getByTestId("delegate-no-tokens").waitFor();
    await page.getByTestId("delegate-self").click();
    await page.getByTestId("delegate-tx-warning").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("delegate-tx-warning").textContent()).toMatch(
      /holds 0 \S+: that is 0 votes for you\.$/,
    );
    expect(await page.getByTestId("delegate-tx-success").count()).toBe(0);
    expect(await page.getByTestId("voting-power").textContent()).toMatch(/^0( \S+)?$/);
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
