/**
 * The staker section in a real browser: a fresh chain (anvil) with the real deploy step, the
 * indexer on PGlite, the production build of the app, and Debian's Chromium driven by
 * playwright-core. The built-in development account funds itself from the faucet, stakes,
 * registers an agent under a key made in the page and one under a worker's key (with the proof
 * the worker's identity-proof command prints) and rotates a key; the page must show the stake
 * from the chain and, once indexed, from the indexer, and must explain refusals in words.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Hex } from "viem";
import { privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import { openBrowser } from "./support/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { serializeIdentityProof, signIdentityProof } from "../../sdk/src/receipts/index.ts";
import { identityProofCommand } from "../../worker/src/identity-proof/index.ts";

const resultsDir = path.join(repoRoot, "test-results");
const operator = devAccount(devAccountRoles.browser).address;

let workDir: string;
let rpcUrl: string;
let app: App;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-browser-"));
  const logs = path.join(resultsDir, "staker-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  // The build does not depend on the chain (configuration is read at request time), so both
  // start together.
  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: workDir });
      const indexer = await startIndexer({
        port: await freePort(),
        rpcUrl: anvil.rpcUrl,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir: workDir,
        databaseSchema: "public",
        dataDir: path.join(workDir, "pglite"),
        logFile: log("indexer"),
      });
      return { anvil, indexer };
    })(),
  ]);
  rpcUrl = services.anvil.rpcUrl;
  app = await startApp({
    port: await freePort(),
    mode: "start",
    chainId: LOCAL_CHAIN_ID,
    rpcUrl: services.anvil.rpcUrl,
    indexerUrl: services.indexer.url,
    deploymentsDir: workDir,
    logFile: log("app"),
  });
  ({ browser, page } = await openBrowser(pageErrors));
});

afterAll(async () => {
  // Kept for people (and reviewers) to look at, whether the run passed or not.
  await page?.screenshot({ path: path.join(resultsDir, "staker.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (testId: string) => page.getByTestId(testId).first().textContent({ timeout: 20_000 });

/** What a worker holding `key` prints for `operator` with its identity-proof command. */
const workerProof = (key: string, operator: string) =>
  identityProofCommand({
    args: ["--rpc", rpcUrl, "--deployment", path.join(workDir, `${LOCAL_CHAIN_ID}.json`), "--operator", operator],
    env: { LEASEHOLD_IDENTITY_KEY: key },
  });

describe("# staker page", () => {
  it("should reach the staker section from the home page and connect the development account", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId("role-link-staker").click();
    await page.waitForURL(`${app.url}/staker`);
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(operator);
    // The stake is read from the chain after connecting; it shows "…" until the read returns.
    await expect.poll(() => text("free-stake"), { timeout: 20_000 }).toBe("0");
  });

  it("should draw from the faucet and then show its cooldown", async () => {
    await page.getByTestId("faucet-button").click();
    await page.getByTestId("faucet-tx-success").waitFor();
    await expect.poll(() => text("token-balance")).toBe("1,000");
    await expect.poll(() => text("faucet-cooldown")).toMatch(/^Next draw in (59 min|1 h)/);
    expect(await page.getByTestId("faucet-button").isDisabled()).toBe(true);
  });

  it("should refuse to stake more than the wallet holds, with a clear message and no transaction", async () => {
    await page.getByTestId("stake-amount").fill("5000");
    await page.getByTestId("stake-submit").click();
    expect(await text("stake-amount-error")).toBe("That is more than your wallet balance (1,000 dLEASE).");
    expect(await page.getByTestId("stake-tx").count()).toBe(0);
  });

  it("should approve and deposit, then show the free stake from the chain and from the indexer", async () => {
    await page.getByTestId("stake-amount").fill("150");
    await page.getByTestId("stake-submit").click();
    await page.getByTestId("stake-tx-success").waitFor();
    expect(await page.locator('[data-testid="stake-tx"] [data-status="confirmed"]').count()).toBe(2);
    expect(await page.getByTestId("stake-tx-hash").count()).toBe(2);
    await expect.poll(() => text("free-stake")).toBe("150");
    await expect.poll(() => text("token-balance")).toBe("850");
    await expect.poll(() => text("indexed-free"), { timeout: 30_000 }).toBe("150");
    await expect
      .poll(() => page.locator('[data-testid="history-table"] tbody tr[data-kind="deposited"]').count())
      .toBe(1);
  });

  it("should register an agent under a key generated in the browser and list it from the indexer", async () => {
    await page.getByTestId("generate-identity").click();
    const privateKey = await text("generated-private-key");
    expect(privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    const identity = await page.getByTestId("agent-identity").inputValue();
    expect(identity).toMatch(/^0x[0-9a-fA-F]{40}$/);
    await page.getByTestId("code-source-text").click();
    await page.getByTestId("agent-code-text").fill("export default async function act() {}");
    expect(await page.getByTestId("agent-code-hash").inputValue()).toMatch(/^0x[0-9a-f]{64}$/);
    await page.getByTestId("agent-metadata").fill("ipfs://bafy-leasehold-test-agent");
    await page.getByTestId("register-submit").click();
    expect(await text("register-tx-success")).toContain("Registered agent #1.");
    await page.getByTestId("generated-key-done").click();

    await page.getByTestId("agent-row-1").waitFor({ timeout: 30_000 });
    expect(
      await page
        .getByTestId("agent-row-1")
        .locator("td")
        .first()
        .getAttribute("title")
        .then((t) => t?.toLowerCase()),
    ).toBe(identity.toLowerCase());
    await expect.poll(() => text("agent-status-1")).toBe("Active");

    // The same identity again, with a valid proof its key signed for this account (the worker's
    // command would refuse to make one for a key already in use): the page refuses before sending.
    const proof = await signIdentityProof({
      account: privateKeyToAccount(privateKey as Hex),
      chainId: LOCAL_CHAIN_ID,
      agentRegistry: JSON.parse(await readFile(path.join(workDir, `${LOCAL_CHAIN_ID}.json`), "utf8")).contracts
        .AgentRegistry.address,
      operator,
      deadline: BigInt(Math.floor(Date.now() / 1000)) + 3_600n,
    });
    await page.getByTestId("agent-identity").fill(identity);
    await page.getByTestId("agent-identity-proof").fill(serializeIdentityProof(proof));
    await page.getByTestId("code-source-hash").click();
    await page.getByTestId("agent-code-hash").fill(`0x${"ab".repeat(32)}`);
    await page.getByTestId("register-submit").click();
    expect(await text("agent-identity-proof-error")).toBe(
      "This identity is already an agent's, so no proof can bind it again: every agent needs a key of its own.",
    );
  });

  it("should register a worker's key with the proof its command printed, and refuse one for another account", async () => {
    const workerKey: Hex = `0x${"5a".repeat(32)}`;
    const identity = privateKeyToAddress(workerKey);
    await page.getByTestId("agent-identity").fill(identity);
    await page.getByTestId("agent-code-hash").fill(`0x${"cd".repeat(32)}`);

    // A proof the worker made for another operator serves that operator only.
    await page.getByTestId("agent-identity-proof").fill(await workerProof(workerKey, devAccount(2).address));
    await page.getByTestId("register-submit").click();
    expect(await text("agent-identity-proof-error")).toBe(
      "This proof names another operator, and only the account it names can use it: make it again with the worker's identity-proof command with --operator set to your address.",
    );

    await page.getByTestId("agent-identity-proof").fill(await workerProof(workerKey, operator));
    await page.getByTestId("register-submit").click();
    await expect.poll(() => text("register-tx-success")).toContain("Registered agent #2.");
    await page.getByTestId("agent-row-2").waitFor({ timeout: 30_000 });
  });

  it("should rotate an agent's key to one made in the page", async () => {
    await page.getByTestId("agent-rotate-1").click();
    await page.getByTestId("rotate-identity-1-generate").click();
    const next = await page.getByTestId("rotate-identity-1").inputValue();
    await page.getByTestId("rotate-identity-1-proof-local").waitFor();
    await page.getByTestId("rotate-identity-1-submit").click();
    await expect.poll(() => text("agent-action-tx-success")).toContain(`Agent #1 now signs as ${next.slice(0, 6)}`);
    await expect
      .poll(
        () =>
          page
            .getByTestId("agent-row-1")
            .locator("td")
            .first()
            .getAttribute("title")
            .then((t) => t?.toLowerCase()),
        { timeout: 30_000 },
      )
      .toBe(next.toLowerCase());
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
