/**
 * A dispute from both sides in real browsers, against real parts only: anvil with the real deploy
 * and demo seed, the worker service running the demo redaction agent, the indexer on PGlite, the
 * production build of the app served twice (the arbitrator's and the client's development
 * accounts: parties never sit on their own panel), Debian's Chromium.
 *
 * The client (dev account 5) has a job run from the script side through the worker, then disputes
 * it in the browser with a statement and the receipt the page fetched and verified (first, while a
 * scripted arbitrator asks to leave, the form warns that no panel could be drawn and holds the
 * bond until the client confirms; the warning goes when it stays); collateral is
 * a fifth of the payment, so the page shows the rest of the compensation locked from the
 * operator's stake. No draw keeper runs: the browser arbitrator (dev account 1) moves the draw
 * line itself from the dispute page, one call per step (start the session, reveal the randomness
 * once the script has mined the blocks its block hash waits for, draw the panel), sees on the
 * Court page that the running session freezes joining and leaving, sees the evidence verified,
 * commits and reveals; the scripted arbitrators (8 and 9) vote from the script, 2 of 3 for the
 * client. The browser ends the session so the round can close, closes it, chain time moves over
 * the appeal window, the ruling is executed, and the client sees the job rejected, the refund,
 * and withdraws the court balance into its wallet.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { erc20Abi, parseEther, type Address } from "viem";
import { openBrowser } from "./support/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { increaseTime, mineBlock, startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { createCourtParticipant, Ruling, type CourtParticipant } from "../../scripts/lib/court.ts";
import { createDataOwner, JobStatus } from "../../scripts/lib/data-owner.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal, DEVNET_COURT, localClients } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { DEMO_REDACTION_POLICY, DEMO_REDACTION_SCOPE, seedDemo } from "../../scripts/lib/seed-demo.ts";
import { servingSeededAgents, startWorker } from "../../scripts/lib/worker.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { arbitratorRegistryAbi, blockhashRandomnessAbi, disputeCourtAbi } from "../../sdk/src/generated/abis.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";

const resultsDir = path.join(repoRoot, "test-results");
const arbitratorAddress = devAccount(devAccountRoles.browser).address;
const client = devAccount(devAccountRoles.demoOwner).address;
/** Long enough that the client's browser can never miss it, whatever the machine's speed. */
const CHALLENGE_WINDOW = 3_600n;
/** Collateral at a fifth of the payment: the court locks the operator's stake for the rest. */
const COLLATERAL_BPS = 2_000;
const STATEMENT = "The output still carries the customers' phone numbers, which the policy removes.";

let workDir: string;
let rpcUrl: string;
let deployment: Deployment;
let arbitratorApp: App;
let clientApp: App;
let browser: Browser;
/** The arbitrator's page (dev account 1) and the client's (dev account 5), in separate contexts. */
let page: Page;
let clientPage: Page;
let scripted: CourtParticipant[];
const pageErrors: string[] = [];
const jobId = 1n;
const disputeId = 1n;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-court-"));
  const logs = path.join(resultsDir, "court-logs");
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
        collateralBps: COLLATERAL_BPS,
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
      // The client's job, run through the worker as the demo job is: lent, opened, key sealed,
      // run, receipt anchored and submitted. The dispute itself is the browser's.
      const owner = createDataOwner({
        rpcUrl: anvil.rpcUrl,
        deployment: deployed,
        accountIndex: devAccountRoles.demoOwner,
        gatewayUrl: worker.url,
      });
      const redactor = seeded.agents.find((agent) => agent.bundle === "redaction")!;
      const lent = await owner.lend({
        agentId: redactor.agentId,
        scope: DEMO_REDACTION_SCOPE,
        context: new TextEncoder().encode(JSON.stringify([{ id: 1, name: "Ada Byron", phone: "+44 20 7946 0018" }])),
      });
      const opened = await owner.openJob({
        leaseId: lent.leaseId,
        payment: parseEther("5"),
        policy: DEMO_REDACTION_POLICY,
      });
      if (opened !== jobId) throw new Error(`expected job ${jobId}, opened ${opened}`);
      const status = await owner.answerJob({ jobId, lent, timeoutMs: 120_000 });
      if (status !== JobStatus.Submitted) throw new Error(`job ${jobId} ended in status ${status}`);
      return { anvil, worker, indexer, deployed };
    })(),
  ]);
  rpcUrl = services.anvil.rpcUrl;
  deployment = services.deployed;
  scripted = [8, 9].map((accountIndex) => createCourtParticipant({ rpcUrl, deployment, accountIndex }));
  const common = {
    mode: "start",
    chainId: LOCAL_CHAIN_ID,
    rpcUrl,
    indexerUrl: services.indexer.url,
    gatewayUrl: services.worker.url,
    deploymentsDir: workDir,
  } as const;
  [arbitratorApp, clientApp] = await Promise.all([
    (async () => startApp({ ...common, port: await freePort(), logFile: log("app-arbitrator") }))(),
    (async () =>
      startApp({
        ...common,
        port: await freePort(),
        devAccountIndex: devAccountRoles.demoOwner,
        logFile: log("app-client"),
      }))(),
  ]);
  ({ browser, page } = await openBrowser(pageErrors));
  const clientContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  clientPage = await clientContext.newPage();
  clientPage.on("pageerror", (error) => pageErrors.push(`client page: ${error.message}`));
});

afterAll(async () => {
  await page
    ?.screenshot({ path: path.join(resultsDir, "court-arbitrator.png"), fullPage: true })
    .catch(() => undefined);
  await clientPage
    ?.screenshot({ path: path.join(resultsDir, "court-client.png"), fullPage: true })
    .catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const textOf = (on: Page, testId: string, timeout = 20_000) => on.getByTestId(testId).first().textContent({ timeout });
const attributeOf = (on: Page, testId: string, name: string) =>
  on.getByTestId(testId).first().getAttribute(name, { timeout: 5_000 });

async function tokenBalance(account: Address): Promise<bigint> {
  const { publicClient } = localClients(rpcUrl);
  return publicClient.readContract({
    address: deployment.stakeToken,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account],
  });
}

describe("# court pages", () => {
  it("should show the arbitrator's seat on the bench with its weight and odds", async () => {
    await page.goto(`${arbitratorApp.url}/`);
    await page.getByTestId("nav-court").click();
    await page.waitForURL(`${arbitratorApp.url}/court`);
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(arbitratorAddress);
    // Seeded stakes 300, 200 and 250: 300 of 750 is 40 %.
    await expect.poll(() => textOf(page, "court-free")).toBe("300");
    expect(await textOf(page, "court-odds")).toContain("40 % (weight");
    await expect.poll(() => textOf(page, "drawn-empty")).toBe("You hold no seat on a live dispute.");
    expect(await attributeOf(page, "court-draw-phase", "data-phase")).toBe("staking");
    expect(await textOf(page, "court-stakes-open")).toContain("Stakes are open");
    expect(await textOf(page, "draw-line-state")).toBe("No dispute waits for a panel: the draw line is idle.");
  });

  it("should warn the client before the bond while too few arbitrators besides the parties can sit", async () => {
    await clientPage.goto(`${clientApp.url}/owner/jobs/${jobId}`);
    await clientPage.getByTestId("connect-dev-inline").click();
    await expect.poll(() => clientPage.getByTestId("connected-account").getAttribute("title")).toBe(client);
    await clientPage.getByTestId("job-authorize-button").click();
    await expect
      .poll(() => attributeOf(clientPage, "receipt-inclusion-chain", "data-state"), { timeout: 60_000 })
      .toBe("ok");
    const submit = clientPage.getByTestId("dispute-submit");
    const warning = clientPage.getByTestId("dispute-panel-warning");
    // Three arbitrators, none a party: a panel of three can be drawn, so no warning.
    await expect.poll(() => submit.isEnabled()).toBe(true);
    expect(await warning.count()).toBe(0);

    // One of them asks to leave with all its stake, as any arbitrator may: two are left to draw.
    const leaver = scripted[1]!;
    await leaver.requestLeave((await leaver.arbitrator()).free);
    await expect.poll(() => warning.count(), { timeout: 20_000 }).toBe(1);
    expect(await textOf(clientPage, "dispute-panel-warning")).toMatch(
      /No panel can be drawn for this dispute now\. The panel has 3 seats, and only 2 arbitrators other than you and the operator can sit.*the round lapses.*the agent wins/,
    );
    expect(await submit.isEnabled()).toBe(false);
    await clientPage.getByTestId("dispute-panel-confirm").check();
    await expect.poll(() => submit.isEnabled()).toBe(true);
    await clientPage.getByTestId("dispute-panel-confirm").uncheck();
    await expect.poll(() => submit.isEnabled()).toBe(false);

    // It stays after all: the panel can be drawn again and the warning goes.
    await leaver.cancelLeave();
    await expect.poll(() => warning.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => submit.isEnabled()).toBe(true);
  });

  it("should let the client dispute the job with a statement and its verified receipt", async () => {
    expect(await textOf(clientPage, "dispute-bond")).toBe("5 dLEASE");
    await clientPage.getByTestId("dispute-statement").fill(STATEMENT);
    await expect.poll(() => clientPage.getByTestId("dispute-submit").isEnabled()).toBe(true);
    await clientPage.getByTestId("dispute-submit").click();
    // Once the dispute is on chain, the form gives way to the dispute's status.
    await clientPage.getByTestId("dispute-status").waitFor({ timeout: 30_000 });
    expect(await textOf(clientPage, "job-dispute-link")).toBe(`#${disputeId}: follow it in the court`);
    await expect.poll(() => clientPage.getByTestId("job-status").getAttribute("data-status")).toBe("frozen");
    await expect.poll(() => textOf(clientPage, "job-dispute-phase")).toBe("Drawing");
    // 5 of compensation: 1 of collateral, the 4 it leaves locked from the operator's free stake.
    await expect
      .poll(() => textOf(clientPage, "job-dispute-compensation"))
      .toBe(
        "5 dLEASE if the client wins, backed by 1 dLEASE of the job's collateral, 4 dLEASE of the operator's stake locked by the court, and an insured gap of 0 dLEASE (no insurance claim needed)",
      );
  });

  it("should move the draw line from the dispute page, one call per step, until the panel is seated", async () => {
    await page.goto(`${arbitratorApp.url}/court/disputes/${disputeId}`);
    await expect.poll(() => attributeOf(page, "dispute-phase", "data-phase")).toBe("drawing");
    expect(await textOf(page, "dispute-operator-lock")).toBe("4 dLEASE");
    expect(await textOf(page, "dispute-insured-gap")).toBe("0 dLEASE");
    const step = () => attributeOf(page, "draw-line-state", "data-step");
    const act = async (label: string) => {
      await expect.poll(() => page.getByTestId("draw-line-action").isEnabled(), { timeout: 20_000 }).toBe(true);
      expect(await textOf(page, "draw-line-action")).toBe(label);
      await page.getByTestId("draw-line-action").click();
    };

    // Stakes open, one ticket waiting: start the session (stakes freeze, the randomness is requested).
    await expect.poll(step, { timeout: 20_000 }).toBe("startSession");
    expect(await textOf(page, "draw-line-state")).toMatch(/^1 dispute round waits for a panel\. Starting the draw/);
    await act("Start the draw session");
    expect(await textOf(page, "draw-line-tx-success", 30_000)).toContain("The draw session started");

    // The block-hash source waits for its block: nobody can draw until it is mined.
    await expect.poll(step, { timeout: 20_000 }).toBe("waitRandomness");
    const { publicClient } = localClients(rpcUrl);
    const [requestId] = await publicClient.readContract({
      address: deployment.contracts.ArbitratorRegistry.address,
      abi: arbitratorRegistryAbi,
      functionName: "sessionRandomness",
    });
    const targetBlock = await publicClient.readContract({
      address: deployment.contracts.BlockhashRandomness!.address,
      abi: blockhashRandomnessAbi,
      functionName: "targetBlockOf",
      args: [requestId],
    });
    expect(await textOf(page, "draw-line-state")).toContain(
      `Randomness requested: waiting for block ${targetBlock}, whose hash decides`,
    );
    expect(await page.getByTestId("draw-line-action").isEnabled()).toBe(false);
    while ((await publicClient.getBlockNumber()) <= targetBlock) await mineBlock(rpcUrl);

    await expect.poll(step, { timeout: 20_000 }).toBe("revealRandomness");
    await act("Reveal the randomness");
    expect(await textOf(page, "draw-line-tx-success", 30_000)).toContain("The randomness is revealed.");

    await expect.poll(step, { timeout: 20_000 }).toBe("draw");
    expect(await textOf(page, "draw-line-state")).toBe(
      `Your panel can be drawn now: dispute #${disputeId} is next in line.`,
    );
    await act("Draw the panel");
    await expect.poll(() => attributeOf(page, "dispute-phase", "data-phase"), { timeout: 30_000 }).toBe("voting");
    const panel = await scripted[0]!.panelOf(disputeId, 0);
    expect([...panel].sort()).toEqual([arbitratorAddress, ...scripted.map((s) => s.address)].sort());
  });

  it("should verify the evidence in the browser: signature, citation, inclusion, the job's receipt", async () => {
    await page.getByTestId("evidence-0-receipt-0").waitFor({ timeout: 30_000 });
    for (const check of ["signature", "cited", "inclusion", "job-receipt"]) {
      expect(await attributeOf(page, `evidence-0-receipt-0-${check}`, "data-state")).toBe("pass");
      expect(await textOf(page, `evidence-0-receipt-0-${check}-verdict`)).toBe("pass");
    }
    expect(await textOf(page, "evidence-0-statement")).toBe(STATEMENT);
  });

  it("should list the dispute under Drawn to me, and hold joining and leaving while the session runs", async () => {
    await page.getByTestId("nav-court").click();
    await page.waitForURL(`${arbitratorApp.url}/court`);
    await expect
      .poll(() => textOf(page, `drawn-reminder-${disputeId}`), { timeout: 30_000 })
      .toMatch(/^Commit before /);
    // The session has drawn its only ticket but nobody has ended it: stakes stay frozen.
    expect(await attributeOf(page, "court-draw-phase", "data-phase")).toBe("drawing");
    expect(await textOf(page, "court-stakes-frozen")).toMatch(
      /^Joining, leaving and closing rounds wait until stakes thaw: draw session 1 is drawing its panels: stakes thaw once its draws are done and someone ends it, at .* \(chain time\) at the latest\.$/,
    );
    expect(await page.getByTestId("court-stake-submit").isEnabled()).toBe(false);
    expect(await page.getByTestId("leave-request").isEnabled()).toBe(false);
    expect(await textOf(page, "court-stake-frozen")).toContain(
      "A draw session is running, so this waits until stakes thaw",
    );
    expect(await attributeOf(page, "draw-line-state", "data-step")).toBe("endSession");
    await page.getByTestId(`drawn-link-${disputeId}`).click();
    await page.waitForURL(`${arbitratorApp.url}/court/disputes/${disputeId}`);
  });

  it("should commit the browser's vote, keep its salt, and reveal it once the panel has committed", async () => {
    await Promise.all([scripted[0]!.commit(disputeId, Ruling.Client), scripted[1]!.commit(disputeId, Ruling.Agent)]);
    expect(await textOf(page, "vote-reminder")).toMatch(/^Commit before /);
    await page.getByTestId("vote-choice-client").click();
    await page.getByTestId("vote-commit").click();
    expect(await textOf(page, "vote-tx-success", 30_000)).toContain("Your vote is committed.");
    expect(await textOf(page, "vote-stored")).toBe("for the client");
    const saltKeys = await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith("leasehold.vote-salt.")),
    );
    expect(saltKeys).toHaveLength(1);
    // Every seat has committed: reveals open at once.
    await expect.poll(() => page.getByTestId("vote-reveal").isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await textOf(page, "vote-reminder")).toMatch(/^Reveal now, .* you lose [\d.,]+ dLEASE of your seat's lock/);
    await page.getByTestId("vote-reveal").click();
    expect(await textOf(page, "vote-tx-success", 30_000)).toContain("Your vote for the client is revealed.");
    await expect.poll(() => textOf(page, "vote-revealed")).toContain("for the client");
  });

  it("should end the draw session, then close the round once every seat revealed, 2 of 3 for the client", async () => {
    await Promise.all(scripted.map((arbitrator) => arbitrator.reveal(disputeId)));
    // Closing releases seats, which a running session forbids: the page says so and offers to end it.
    await expect
      .poll(() => textOf(page, "dispute-next"), { timeout: 20_000 })
      .toContain("closing the round releases its seats, which waits until stakes thaw");
    expect(await page.getByTestId("dispute-close").isEnabled()).toBe(false);
    expect(await attributeOf(page, "draw-line-state", "data-step")).toBe("endSession");
    expect(await textOf(page, "draw-line-action")).toBe("End the draw session");
    await page.getByTestId("draw-line-action").click();
    await expect.poll(() => page.getByTestId("dispute-close").isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId("dispute-close").click();
    expect(await textOf(page, "dispute-action-tx-success", 30_000)).toContain("The round is ruled.");
    await expect.poll(() => attributeOf(page, "dispute-phase", "data-phase")).toBe("ruled");
    expect(await textOf(page, "dispute-round-0-tally")).toBe("2 for the client, 1 for the agent");
    expect(await textOf(page, "dispute-round-0-ruling")).toBe("ruled for the client");
  });

  it("should execute the ruling once the appeal window has passed", async () => {
    expect(await page.getByTestId("dispute-execute").count()).toBe(0);
    await increaseTime(rpcUrl, DEVNET_COURT.appealPeriod + 1n);
    await expect.poll(() => page.getByTestId("dispute-execute").isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId("dispute-execute").click();
    expect(await textOf(page, "dispute-action-tx-success", 30_000)).toContain("The ruling is executed.");
    await expect.poll(() => textOf(page, "dispute-ruling")).toBe("for the client");
  });

  it("should show the client the job rejected, the refund and the court balance, and withdraw it", async () => {
    await expect
      .poll(() => clientPage.getByTestId("job-status").getAttribute("data-status"), { timeout: 30_000 })
      .toBe("rejected");
    expect(await textOf(clientPage, "job-dispute-ruling")).toBe("for the client");
    await expect.poll(() => textOf(clientPage, "job-dispute-refund")).toBe("5 dLEASE refunded to the client");
    expect(await textOf(clientPage, "job-dispute-credited", 30_000)).toMatch(/^[\d.,]+ dLEASE to the client/);
    const owed = await localClients(rpcUrl).publicClient.readContract({
      address: deployment.contracts.DisputeCourt.address,
      abi: disputeCourtAbi,
      functionName: "balanceOf",
      args: [client],
    });
    expect(owed).toBeGreaterThan(0n);
    await expect.poll(() => clientPage.getByTestId("court-withdraw").isEnabled()).toBe(true);
    const before = await tokenBalance(client);
    await clientPage.getByTestId("court-withdraw").click();
    expect(await textOf(clientPage, "court-withdraw-tx-success", 30_000)).toContain(
      "The court balance is in your wallet.",
    );
    expect(await tokenBalance(client)).toBe(before + owed);
    await expect.poll(() => textOf(clientPage, "court-balance")).toBe("0 dLEASE");
  });

  it("should have raised no uncaught errors in either page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
