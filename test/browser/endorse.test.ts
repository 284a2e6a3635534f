/**
 * Anonymous stake and endorsements in a real browser: anvil with the real deploy and demo seed,
 * the indexer on PGlite, the relayer service, the production build of the app, Debian's
 * Chromium. The browser's development account creates an identity in the page, exports its
 * backup, deposits 150 tokens behind its commitment, and endorses the seeded agent #2 with a
 * Groth16 proof computed in a Web Worker from artifacts served by the app itself, handed to the
 * relayer; a second endorsement of the same agent in the same epoch is not even proved. Then
 * it withdraws the stake through the relayer to a fresh address made in the page. The
 * depositing account must appear in no transaction of the endorsement or the withdrawal (sender,
 * target, calldata, also as a 32-byte word) and pays nothing for them. Every request the browser
 * makes is recorded: the identity's secret must appear in none of them.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { erc20Abi, getAddress, isAddressEqual, numberToHex, parseEther, type Address, type Hash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal, localClients } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { startRelayer, type Relayer } from "../../scripts/lib/relayer.ts";
import { seedDemo } from "../../scripts/lib/seed-demo.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { anonymousStakeGroupAbi, endorsementsAbi } from "../../sdk/src/generated/abis.ts";
import { openBrowser } from "./support/chromium.ts";

const resultsDir = path.join(repoRoot, "test-results");
const endorser = devAccount(devAccountRoles.browser).address;
const AGENT_ID = 2n;
const DEPOSIT = parseEther("150");

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let app: App;
let relayer: Relayer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** Every request of the page and its workers: URL and body. */
const requests: { url: string; body: string }[] = [];
let secret: bigint;
/** The fresh address the page made for the withdrawal, and the relayer's fee. */
let recipient: Address;
let fee: bigint;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-endorse-"));
  const logs = path.join(resultsDir, "endorse-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      rpcUrl = anvil.rpcUrl;
      deployment = await deployLocal({ rpcUrl, deploymentsDir: workDir });
      await seedDemo(rpcUrl, deployment);
      await fundRelayBudget();
      relayer = await startRelayer({
        port: await freePort(),
        rpcUrl,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir: workDir,
        dataDir: path.join(workDir, "relayer"),
        minWithdrawalFee: parseEther("1"),
        logFile: log("relayer"),
      });
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
    relayerUrl: relayer.url,
    deploymentsDir: workDir,
    logFile: log("app"),
  });
  ({ browser, page } = await openBrowser(pageErrors));
  page.context().on("request", (request) => {
    requests.push({ url: request.url(), body: request.postDataBuffer()?.toString("latin1") ?? "" });
  });
});

afterAll(async () => {
  await page?.screenshot({ path: path.join(resultsDir, "endorse.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (testId: string) => page.getByTestId(testId).first().textContent({ timeout: 20_000 });

/**
 * Waits for `done` to show, failing at once with the page's words if proving or sending failed
 * (`prefix`'s progress and transaction errors).
 */
async function settle(prefix: "endorse" | "withdraw", done: string) {
  await Promise.race([
    page.getByTestId(done).waitFor({ timeout: 90_000 }),
    page
      .getByTestId(`${prefix}-progress-error`)
      .waitFor({ timeout: 90_000 })
      .then(async () => {
        throw new Error(`proving failed: ${await text(`${prefix}-progress-error`)}`);
      }),
    page
      .getByTestId(`${prefix}-tx-error`)
      .waitFor({ timeout: 90_000 })
      .then(async () => {
        throw new Error(`sending failed: ${await text(`${prefix}-tx-error`)}`);
      }),
  ]);
}

/**
 * `address` appears in no transaction of the block holding `hash`: neither as sender nor as
 * target, nor in the calldata (bare or as an ABI word). Returns the transaction's sender.
 */
async function expectUnlinked(hash: Hash, address: Address): Promise<Address> {
  const { publicClient } = localClients(rpcUrl);
  const transaction = await publicClient.getTransaction({ hash });
  const block = await publicClient.getBlock({ blockNumber: transaction.blockNumber, includeTransactions: true });
  expect(block.transactions.map((entry) => entry.hash)).toContain(hash);
  const bare = address.slice(2).toLowerCase();
  const word = bare.padStart(64, "0");
  for (const entry of block.transactions) {
    expect(isAddressEqual(entry.from, address), entry.hash).toBe(false);
    expect(entry.to === null || !isAddressEqual(entry.to, address), entry.hash).toBe(true);
    expect(entry.input.toLowerCase().includes(word), entry.hash).toBe(false);
    expect(entry.input.toLowerCase().includes(bare), entry.hash).toBe(false);
  }
  return getAddress(transaction.from);
}

/** A sponsor (the deployer, never the endorser) funds Endorsements' relay budget if the seed did not. */
async function fundRelayBudget() {
  const clients = localClients(rpcUrl);
  const endorsements = { address: deployment.contracts.Endorsements.address, abi: endorsementsAbi } as const;
  if ((await clients.publicClient.readContract({ ...endorsements, functionName: "relayBudget" })) > 0n) return;
  const hash = await clients.walletClient.writeContract({
    ...endorsements,
    functionName: "fundRelay",
    value: parseEther("1"),
  });
  await clients.publicClient.waitForTransactionReceipt({ hash });
}

/** What the endorser's account has spent so far: its ether and its nonce. */
async function endorserFootprint() {
  const { publicClient } = localClients(rpcUrl);
  const [balance, nonce] = await Promise.all([
    publicClient.getBalance({ address: endorser }),
    publicClient.getTransactionCount({ address: endorser }),
  ]);
  return { balance, nonce };
}

describe("# endorse page", () => {
  it("should show the epoch and the threshold from the chain", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId("nav-endorse").click();
    await page.waitForURL(`${app.url}/endorse`);
    const { publicClient } = localClients(rpcUrl);
    const read = { address: deployment.contracts.Endorsements.address, abi: endorsementsAbi } as const;
    const epoch = await publicClient.readContract({ ...read, functionName: "currentEpoch" });
    await expect.poll(() => text("endorse-epoch"), { timeout: 20_000 }).toBe(epoch.toString());
    expect(await text("endorse-threshold")).toBe("100");
  });

  it("should create an identity in the browser and export a backup holding its commitment", async () => {
    await page.getByTestId("identity-create").click();
    await page.getByTestId("identity-not-backed-up").waitFor();
    const commitment = BigInt((await page.getByTestId("identity-commitment").getAttribute("title"))!);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("identity-export").click()]);
    const backup = JSON.parse(await readFile((await download.path())!, "utf8")) as Record<string, unknown>;
    expect(backup).toMatchObject({
      kind: "leasehold-stake-identity",
      chainId: LOCAL_CHAIN_ID,
      commitment: numberToHex(commitment, { size: 32 }),
    });
    expect(String(backup.group).toLowerCase()).toBe(deployment.contracts.AnonymousStakeGroup.address.toLowerCase());
    secret = BigInt(backup.secret as string);
    expect(secret).toBeGreaterThan(0n);
    await page.getByTestId("identity-backed-up").waitFor();
    expect(await text("identity-status")).toBe("not deposited yet");
  });

  it("should restore the same identity from its backup after forgetting it", async () => {
    const file = path.join(workDir, "identity-backup.json");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("identity-export").click()]);
    await download.saveAs(file);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("identity-forget").click();
    await page.getByTestId("identity-none").waitFor();
    await page.getByTestId("identity-import").setInputFiles(file);
    await page.getByTestId("identity-commitment").waitFor();
    const commitment = BigInt((await page.getByTestId("identity-commitment").getAttribute("title"))!);
    expect(numberToHex(commitment, { size: 32 })).toBe(
      (JSON.parse(await readFile(file, "utf8")) as { commitment: string }).commitment,
    );
    expect(BigInt((JSON.parse(await readFile(file, "utf8")) as { secret: string }).secret)).toBe(secret);
  });

  it("should deposit 150 tokens behind the commitment, after showing what the deposit reveals", async () => {
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(endorser);
    expect(await text("deposit-privacy-notice")).toContain("fresh account");
    const { publicClient } = localClients(rpcUrl);
    const balance = await publicClient.readContract({
      address: deployment.stakeToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [endorser],
    });
    if (balance < DEPOSIT) {
      await page.getByTestId("faucet-button").click();
      await page.getByTestId("faucet-tx-success").waitFor();
    }
    await page.getByTestId("stake-deposit-amount").fill("150");
    await page.getByTestId("stake-deposit-submit").click();
    // The deposit card gives way to the endorse card once the chain says the identity is live.
    await expect.poll(() => text("identity-status"), { timeout: 30_000 }).toBe("live");
    expect(await text("identity-leaf")).toBe("#0");
    expect(await text("identity-amount")).toMatch(/^150 /);
  });

  it("should endorse agent #2 through the relayer with a proof made in the browser, and count it", async () => {
    await page.getByTestId("endorse-agent").selectOption(AGENT_ID.toString());
    await expect.poll(() => text("endorse-count"), { timeout: 20_000 }).toBe("0");
    expect(await page.getByTestId("endorse-via-relayer").isChecked()).toBe(true);
    await expect
      .poll(() => page.getByTestId("endorse-relayer-address").getAttribute("title"), { timeout: 20_000 })
      .toBe(relayer.address);
    const privacy = await text("endorse-privacy");
    expect(privacy).toContain("which identity");
    expect(privacy).toContain("IP address");
    const before = await endorserFootprint();
    await page.getByTestId("endorse-submit").click();
    await settle("endorse", "endorse-tx-success");
    const stages = (await page.getByTestId("endorse-progress").getAttribute("data-stages"))!.split(",");
    expect(stages).toEqual(["sync", "download", "witness", "proving", "done"]);
    expect(await text("endorse-progress-download-state")).toBe("5.5 MB of 5.5 MB");
    await expect.poll(() => text("endorse-count")).toBe("1");
    const { publicClient } = localClients(rpcUrl);
    const epoch = await publicClient.readContract({
      address: deployment.contracts.Endorsements.address,
      abi: endorsementsAbi,
      functionName: "currentEpoch",
    });
    const onChain = await publicClient.readContract({
      address: deployment.contracts.Endorsements.address,
      abi: endorsementsAbi,
      functionName: "endorsementCount",
      args: [AGENT_ID, epoch],
    });
    expect(onChain).toBe(1n);
    expect(await endorserFootprint()).toEqual(before);
  });

  it("should leave the endorser's address out of every transaction of the endorsement", async () => {
    const { publicClient } = localClients(rpcUrl);
    const logs = await publicClient.getContractEvents({
      address: deployment.contracts.Endorsements.address,
      abi: endorsementsAbi,
      eventName: "Endorsed",
      fromBlock: BigInt(deployment.contracts.Endorsements.startBlock),
    });
    expect(logs).toHaveLength(1);
    expect(await expectUnlinked(logs[0]!.transactionHash, endorser)).toBe(relayer.address);
  });

  it("should not prove a second endorsement of the same agent in the same epoch", async () => {
    // The message binds maxRelayFee, which follows the gas price: a second proof could be a
    // double signal (the secret revealed, the stake slashed) rather than a harmless replay.
    expect(await text("endorse-already")).toContain(
      "This identity already endorsed this agent in this epoch: one endorsement per identity, agent and epoch.",
    );
    expect(await page.getByTestId("endorse-submit").isDisabled()).toBe(true);
    expect(await text("endorse-count")).toBe("1");
    await page.screenshot({ path: path.join(resultsDir, "endorse-replay.png"), fullPage: true });
  });

  it("should show the count on the agents page and on the agent's page", async () => {
    await page.getByTestId("nav-agents").click();
    await page.waitForURL(`${app.url}/agents`);
    await expect.poll(() => text(`ranking-endorsements-${AGENT_ID}`), { timeout: 20_000 }).toBe("1");
    expect(await text("ranking-endorsements-1")).toBe("0");
    await page.getByTestId(`ranking-agent-${AGENT_ID}`).click();
    await page.waitForURL(`${app.url}/agents/${AGENT_ID}`);
    await expect.poll(() => text("agent-endorsement-count"), { timeout: 20_000 }).toBe("1");
    // The indexer's history answers; this epoch is shown from the chain, so no earlier epoch is left.
    await page.getByTestId("endorsement-history-empty").waitFor({ timeout: 20_000 });
  });

  it("should warn against withdrawing to the depositing account, and make a fresh address with its key", async () => {
    await page.getByTestId("nav-endorse").click();
    await page.waitForURL(`${app.url}/endorse`);
    await page.getByTestId("withdraw-recipient").fill(endorser);
    expect(await text("withdraw-recipient-linked")).toContain("the address that deposited this stake");
    await page.getByTestId("withdraw-fresh").click();
    recipient = (await page.getByTestId("withdraw-recipient").inputValue()) as Address;
    expect(isAddressEqual(recipient, endorser)).toBe(false);
    expect(await page.getByTestId("withdraw-recipient-linked").count()).toBe(0);
    expect(await page.getByTestId("withdraw-submit").isDisabled()).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("withdraw-fresh-save").click(),
    ]);
    const saved = JSON.parse(await readFile((await download.path())!, "utf8")) as { privateKey: `0x${string}` };
    expect(privateKeyToAccount(saved.privateKey).address).toBe(recipient);
  });

  it("should withdraw through the relayer to the fresh address, the depositor paying nothing", async () => {
    const { publicClient } = localClients(rpcUrl);
    const info = (await (await fetch(`${relayer.url}/v1/info`)).json()) as {
      fees: { withdrawals: { minimumRelayerFee: string } };
    };
    fee = BigInt(info.fees.withdrawals.minimumRelayerFee);
    const before = await endorserFootprint();
    await page.getByTestId("withdraw-submit").click();
    // The withdrawal card gives way to the pending withdrawal once the chain says it was requested.
    await settle("withdraw", "stake-withdrawal");
    expect(await endorserFootprint()).toEqual(before);
    await expect.poll(() => text("identity-status"), { timeout: 20_000 }).toBe("withdrawing");
    expect(await page.getByTestId("withdrawal-recipient").getAttribute("title")).toBe(recipient);
    expect(await page.getByTestId("withdrawal-relayer").getAttribute("title")).toBe(relayer.address);
    expect(await text("withdrawal-countdown")).toMatch(/^unlocks in /);
    const logs = await publicClient.getContractEvents({
      address: deployment.contracts.AnonymousStakeGroup.address,
      abi: anonymousStakeGroupAbi,
      eventName: "WithdrawalRequested",
      fromBlock: BigInt(deployment.contracts.AnonymousStakeGroup.startBlock),
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]!.args.recipient).toBe(recipient);
    expect(logs[0]!.args.relayerFee).toBe(fee);
    expect(await expectUnlinked(logs[0]!.transactionHash, endorser)).toBe(relayer.address);
  });

  it("should be paid out by the relayer once the delay is over, still without the depositor", async () => {
    const { publicClient } = localClients(rpcUrl);
    const before = await endorserFootprint();
    const delay = await publicClient.readContract({
      address: deployment.contracts.AnonymousStakeGroup.address,
      abi: anonymousStakeGroupAbi,
      functionName: "withdrawalDelay",
    });
    await publicClient.request({ method: "evm_increaseTime" as never, params: [numberToHex(delay + 1n)] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    await page.getByTestId("withdrawal-done").waitFor({ timeout: 60_000 });
    expect(await text("identity-status")).toBe("withdrawn");
    const received = await publicClient.readContract({
      address: deployment.stakeToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [recipient],
    });
    expect(received).toBe(DEPOSIT - fee);
    const logs = await publicClient.getContractEvents({
      address: deployment.contracts.AnonymousStakeGroup.address,
      abi: anonymousStakeGroupAbi,
      eventName: "Withdrawn",
      fromBlock: BigInt(deployment.contracts.AnonymousStakeGroup.startBlock),
    });
    expect(logs).toHaveLength(1);
    expect(await expectUnlinked(logs[0]!.transactionHash, endorser)).toBe(relayer.address);
    expect(await endorserFootprint()).toEqual(before);
    await page.screenshot({ path: path.join(resultsDir, "endorse-withdrawn.png"), fullPage: true });
  });

  it("should never have sent the identity's secret anywhere", async () => {
    expect(requests.length).toBeGreaterThan(0);
    // The artifacts came from the app itself.
    expect(requests.some((request) => request.url === `${app.url}/zk/stake-membership.zkey`)).toBe(true);
    // The proofs went to the relayer through the app's own proxy.
    for (const route of ["endorsements", "withdrawals"]) {
      expect(requests.some((request) => request.url === `${app.url}/api/relayer/v1/${route}`)).toBe(true);
    }
    const forms = [secret.toString(), secret.toString(16), numberToHex(secret, { size: 32 }).slice(2)];
    for (const request of requests) {
      const haystack = `${request.url}\n${request.body}`.toLowerCase();
      for (const form of forms) expect(haystack.includes(form.toLowerCase()), request.url).toBe(false);
    }
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
