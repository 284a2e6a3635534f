/**
 * The devnet's developer tools in a real browser: a fresh chain (anvil) with the real deploy, the
 * indexer on PGlite, the production build of the app, Debian's Chromium. One app server, one tab:
 * the browser account (dev account 1) draws from DevStakeToken's faucet and approves the demo data
 * owner (dev account 5) on the contract debug page, switches the tab to account 5 in the header
 * and, as that other party, pulls the allowance with transferFrom; the transaction's link opens
 * the transaction view with the call and its events decoded. The tab keeps its account over a
 * reload; a new tab starts as the server's default account. Two more servers of the same build face
 * an RPC endpoint of another chain (chain 1): one configured for it, which offers no development
 * account, and one misconfigured as the local chain, whose development connector refuses to connect.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { openBrowser } from "./support/chromium.ts";

const resultsDir = path.join(repoRoot, "test-results");
const browserAccount = devAccount(devAccountRoles.browser).address;
const owner = devAccount(devAccountRoles.demoOwner).address;
const FAUCET = 1_000n * 10n ** 18n;
const PULLED = 100n * 10n ** 18n;

let workDir: string;
let app: App;
/** Served as the local chain, but its RPC endpoint answers for chain 1. */
let misconfiguredApp: App;
/** Served for chain 1. */
let otherChainApp: App;
let otherChainRpc: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** The transfer the transaction view was opened for. */
let transferHash: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-devtools-"));
  const logs = path.join(resultsDir, "devtools-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);
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
  otherChainRpc = await chainOneRpc();
  const { port } = otherChainRpc.address() as { port: number };
  const otherRpcUrl = `http://127.0.0.1:${port}`;
  const common = { mode: "start", indexerUrl: services.indexer.url, deploymentsDir: workDir } as const;
  [app, misconfiguredApp, otherChainApp] = await Promise.all([
    (async () =>
      startApp({
        ...common,
        port: await freePort(),
        chainId: LOCAL_CHAIN_ID,
        rpcUrl: services.anvil.rpcUrl,
        logFile: log("app"),
      }))(),
    (async () =>
      startApp({
        ...common,
        port: await freePort(),
        chainId: LOCAL_CHAIN_ID,
        rpcUrl: otherRpcUrl,
        logFile: log("app-misconfigured"),
      }))(),
    (async () =>
      startApp({ ...common, port: await freePort(), chainId: 1, rpcUrl: otherRpcUrl, logFile: log("app-chain-1") }))(),
  ]);
  let first: Page;
  ({ browser, page: first } = await openBrowser(pageErrors));
  await first.close();
  // A context of our own, so the last test can open a second tab beside this one.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await page?.screenshot({ path: path.join(resultsDir, "devtools.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  otherChainRpc?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** A JSON-RPC endpoint that says it is chain 1 and answers nothing else. */
async function chainOneRpc(): Promise<Server> {
  const server = createServer((request, response) => {
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "content-type",
      "access-control-allow-methods": "POST",
    };
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors).end();
      return;
    }
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const parsed = JSON.parse(body || "{}") as { id?: number; method?: string } | { id?: number; method?: string }[];
      const answer = ({ id, method }: { id?: number; method?: string }) =>
        method === "eth_chainId"
          ? { jsonrpc: "2.0", id, result: "0x1" }
          : { jsonrpc: "2.0", id, error: { code: -32601, message: "not here" } };
      response.writeHead(200, { ...cors, "content-type": "application/json" });
      response.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const text = (testId: string, on: Page = page) => on.getByTestId(testId).first().textContent({ timeout: 20_000 });
const activeAccount = (on: Page = page) => on.getByTestId("connected-account").getAttribute("title");

/** Fills a debug-page function's inputs by parameter name. */
async function fill(fn: string, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await page.getByTestId(`debug-input-${fn}-${name}`).fill(value);
}

async function send(fn: string) {
  await page.getByTestId(`debug-write-${fn}`).getByRole("button", { name: "Send" }).click();
  await page.getByTestId(`debug-tx-${fn}-success`).waitFor({ timeout: 30_000 });
}

async function read(fn: string, values: Record<string, string>) {
  await fill(fn, values);
  await page.getByTestId(`debug-read-${fn}`).getByRole("button", { name: "Read" }).click();
}

describe("# development accounts and contract debug page", () => {
  it("should connect as the browser account and show its role in the header", async () => {
    await page.goto(`${app.url}/debug`);
    await page.getByTestId("connect-wallet").click();
    await page.getByTestId("connect-leasehold-dev").click();
    await expect.poll(() => activeAccount()).toBe(browserAccount);
    expect(await text("dev-account-role")).toContain("browser");
  });

  it("should read views of the deployed contract, with and without arguments", async () => {
    await page.getByTestId("debug-contract-DevStakeToken").click();
    await expect.poll(() => text("debug-result-FAUCET_AMOUNT")).toBe(FAUCET.toString());
    await read("balanceOf", { account: browserAccount });
    await expect.poll(() => text("debug-result-balanceOf")).toBe("0");
  });

  it("should refuse an input that does not fit its type, before anything is sent", async () => {
    await fill("approve", { spender: "0x1234", value: "1" });
    await page.getByTestId("debug-write-approve").getByRole("button", { name: "Send" }).click();
    expect(await page.getByTestId("debug-write-approve").getByRole("alert").textContent()).toBe(
      "spender: not an address",
    );
    expect(await page.getByTestId("debug-tx-approve").count()).toBe(0);
  });

  it("should write through the connected account: faucet, then approve the other party", async () => {
    await send("faucet");
    // Reads refresh after a write.
    await expect.poll(() => text("debug-result-balanceOf")).toBe(FAUCET.toString());
    await fill("approve", { spender: owner, value: PULLED.toString() });
    await send("approve");
  });

  it("should switch the tab to another development account without a restart and act as it", async () => {
    await page.getByTestId("dev-account-select").selectOption(owner);
    await expect.poll(() => activeAccount()).toBe(owner);
    expect(await text("dev-account-role")).toContain("demo data owner");
    await fill("transferFrom", { from: browserAccount, to: owner, value: PULLED.toString() });
    await send("transferFrom");
    await read("allowance", { owner: browserAccount, spender: owner });
    await expect.poll(() => text("debug-result-allowance")).toBe("0");
  });

  it("should explain a revert in words", async () => {
    await page.getByTestId("debug-write-transferFrom").getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => text("debug-tx-transferFrom-error"))
      .toBe("The contract may spend 0 dLEASE of your tokens but needs 100 dLEASE: approve it first.");
  });

  it("should open the transaction from its link with the call and events decoded", async () => {
    // The refused attempt replaced transferFrom's result; a plain transfer gives a fresh link.
    await page.getByTestId("dev-account-select").selectOption(browserAccount);
    await expect.poll(() => activeAccount()).toBe(browserAccount);
    await fill("transfer", { to: owner, value: "1" });
    await send("transfer");
    await page.getByTestId("debug-tx-transfer-hash").click();
    await page.waitForURL(/\/tx\/0x[0-9a-f]{64}$/);
    await expect.poll(() => text("tx-call")).toBe("DevStakeToken.transfer");
    const args = await text("tx-call-args");
    expect(args).toContain(owner);
    expect(await text("tx-status-value")).toBe("succeeded");
    expect(await text("tx-events")).toContain("DevStakeToken.Transfer");
  });

  it("should list the transaction in the newest blocks", async () => {
    transferHash = page.url().split("/").at(-1)!;
    const hash = transferHash;
    await page.goto(`${app.url}/blocks`);
    await expect.poll(() => page.locator(`a[href="/tx/${hash}"]`).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it("should keep the tab's account over a reload, and start a new tab as the server's account", async () => {
    await page.goto(`${app.url}/debug`);
    await page.getByTestId("dev-account-select").selectOption(owner);
    await expect.poll(() => activeAccount()).toBe(owner);
    await page.reload();
    await expect.poll(() => activeAccount(), { timeout: 20_000 }).toBe(owner);
    const other = await page.context().newPage();
    await other.goto(`${app.url}/debug`);
    await expect.poll(() => activeAccount(other), { timeout: 20_000 }).toBe(browserAccount);
    await other.close();
    expect(pageErrors).toEqual([]);
  });

  it("should fit the account switcher, the debug page and the transaction view into a phone's 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const route of ["/debug", `/tx/${transferHash}`, "/blocks"]) {
      await page.goto(`${app.url}${route}`);
      await expect.poll(() => activeAccount(), { timeout: 20_000 }).toBe(owner);
      expect(await page.evaluate("document.documentElement.scrollWidth"), route).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe("# development accounts off the local chain", () => {
  it("should offer no development account on another chain", async () => {
    const other = await browser.newPage();
    await other.goto(`${otherChainApp.url}/debug`);
    await other.getByTestId("connect-wallet").click();
    await other.getByRole("group", { name: "Choose how to connect" }).waitFor();
    expect(await other.getByTestId("connect-leasehold-dev").count()).toBe(0);
    expect(await other.getByTestId("dev-account-select").count()).toBe(0);
    await other.close();
  });

  it("should refuse to connect a development account when the RPC endpoint is another chain", async () => {
    const other = await browser.newPage();
    await other.goto(`${misconfiguredApp.url}/debug`);
    await other.getByTestId("connect-wallet").click();
    await other.getByTestId("connect-leasehold-dev").click();
    await expect
      .poll(() => other.getByRole("group", { name: "Choose how to connect" }).getByRole("alert").textContent())
      .toBe("The RPC endpoint is chain 1, not the local chain (31337); development accounts only act there.");
    expect(await other.getByTestId("dev-account-select").count()).toBe(0);
    await other.close();
  });
});
