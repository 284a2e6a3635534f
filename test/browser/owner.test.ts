/**
 * The data owner's whole flow in a real browser, against real parts only: anvil with the real
 * deploy and demo seed, the worker service (its gateway, sandbox and chain loop) serving the demo
 * redaction agent, the indexer on PGlite, the production build of the app, Debian's Chromium.
 * The development account lends a customer list to the redactor (encrypted in the page), opens a
 * job; the page seals the content key to the job by itself, verifies the receipt and its
 * inclusion, opens the redacted output; chain time is moved past the challenge window and the
 * job is finalized. Refusals must be explained in words, before anything is signed.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createTestClient, http } from "viem";
import { openBrowser } from "./support/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/artifacts.ts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import { buildApp, startApp, type App } from "../../scripts/lib/app.ts";
import { startIndexer } from "../../scripts/lib/indexer.ts";
import { deployLocal, DEVNET_CHALLENGE_WINDOW, DEVNET_MAX_LEASE_TTL } from "../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../scripts/lib/processes.ts";
import { seedDemo, type SeededAgent } from "../../scripts/lib/seed-demo.ts";
import { servingSeededAgents, startWorker } from "../../scripts/lib/worker.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";

const resultsDir = path.join(repoRoot, "test-results");
const owner = devAccount(devAccountRoles.browser).address;

const customers = [
  { id: 1, name: "Ada Byron", email: "ada@example.com", phone: "+44 20 7946 0018", plan: "gold" },
  { id: 2, name: "Alan Turing", email: "alan@example.org", phone: "+44 161 496 0123", plan: "basic" },
  { id: 3, name: "Grace Hopper", email: "grace@example.net", plan: "gold" },
];

let workDir: string;
let rpcUrl: string;
let app: App;
let redactor: SeededAgent;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** 404s the page received from the gateway proxy, and what the browser logged as errors. */
const notFound: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-owner-"));
  const logs = path.join(resultsDir, "owner-logs");
  await mkdir(logs, { recursive: true });
  const log = (name: string) => path.join(logs, `${name}.log`);

  // The build does not depend on the chain (configuration is read at request time), so it runs
  // alongside the chain, the seed, the worker and the indexer.
  const [, services] = await Promise.all([
    buildApp({ logFile: log("build") }),
    (async () => {
      const anvil = await startAnvil({ port: await freePort(), logFile: log("anvil") });
      const deployment = await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: workDir });
      const seeded = await seedDemo(anvil.rpcUrl, deployment);
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
      return { anvil, worker, indexer, redactor: seeded.agents.find((agent) => agent.bundle === "redaction")! };
    })(),
  ]);
  rpcUrl = services.anvil.rpcUrl;
  redactor = services.redactor;
  app = await startApp({
    port: await freePort(),
    mode: "start",
    chainId: LOCAL_CHAIN_ID,
    rpcUrl,
    indexerUrl: services.indexer.url,
    gatewayUrl: services.worker.url,
    deploymentsDir: workDir,
    logFile: log("app"),
  });
  ({ browser, page } = await openBrowser(pageErrors));
  page.on("response", (response) => {
    if (response.status() === 404 && response.url().includes("/api/worker/")) notFound.push(response.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
});

afterAll(async () => {
  // Kept for people (and reviewers) to look at, whether the run passed or not.
  await page?.screenshot({ path: path.join(resultsDir, "owner.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await stopAll();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const text = (testId: string, timeout = 20_000) => page.getByTestId(testId).first().textContent({ timeout });
const state = (testId: string) => page.getByTestId(testId).first().getAttribute("data-state", { timeout: 5_000 });

describe("# data owner pages", () => {
  it("should reach the data owner section from the home page, connect and draw test tokens", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId("role-link-owner").click();
    await page.waitForURL(`${app.url}/owner`);
    await page.getByTestId("connect-dev-inline").click();
    await expect.poll(() => page.getByTestId("connected-account").getAttribute("title")).toBe(owner);
    await expect.poll(() => text("owner-max-ttl")).toBe(`${DEVNET_MAX_LEASE_TTL / 86_400n} d`);
    // The seed leaves this account what its court stake did not take; the faucet adds a draw.
    await expect.poll(() => text("owner-balance")).toMatch(/^[\d,.]+$/);
    const before = Number((await text("owner-balance"))!.replace(/,/g, ""));
    await page.getByTestId("faucet-button").click();
    await page.getByTestId("faucet-tx-success").waitFor();
    await expect.poll(async () => Number((await text("owner-balance"))!.replace(/,/g, ""))).toBe(before + 1_000);
  });

  it("should refuse a lease longer than the registry's maximum, in words and before anything is signed", async () => {
    // The agents come from the indexer: wait for the seeded redactor to be listed.
    await expect
      .poll(() => page.locator(`[data-testid="grant-agent"] option[value="${redactor.agentId}"]`).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await page.getByTestId("grant-agent").selectOption(redactor.agentId.toString());
    await page.getByTestId("grant-context").fill(JSON.stringify(customers, null, 2));
    await page.getByTestId("grant-duration").fill("2");
    await page.getByTestId("grant-duration-unit").selectOption("days");
    await page.getByTestId("grant-fee").fill("10");
    await page.getByTestId("grant-submit").click();
    expect(await text("grant-duration-error")).toBe(
      "The lease may last at most 1 day (the lease registry's limit); 2 days is too long.",
    );
    expect(await page.getByTestId("grant-tx").count()).toBe(0);
    expect(await page.getByTestId("grant-local").count()).toBe(0);
  });

  it("should encrypt the context, grant the lease and upload the ciphertext to the worker", async () => {
    await page.getByTestId("grant-duration").fill("2");
    await page.getByTestId("grant-duration-unit").selectOption("hours");
    await page.getByTestId("grant-label").fill("Customer list");
    // The redactor declares its scope in its metadata; it is the one offered.
    expect(await page.getByTestId("grant-scope").inputValue()).toBe(redactor.scopes[0]);
    await page.getByTestId("grant-submit").click();
    expect(await text("grant-success", 60_000)).toBe("Lease #1 is live and its context is with the worker.");
    expect(await page.locator('[data-testid="grant-gateway"] [data-status="done"]').count()).toBe(2);
    // The key is kept in this browser, under the content id the lease records.
    await page.getByTestId("lease-row-1").waitFor({ timeout: 30_000 });
    expect(await text("lease-state-1")).toBe("Live");
    await expect
      .poll(() => page.locator('[data-testid="content-keys-table"] tbody tr').first().textContent())
      .toContain("Customer list");
    expect(await page.getByTestId("content-keys-table").textContent()).toContain("leased, with the worker");
  });

  it("should refuse a payment above the lease's fee cap before anything is signed", async () => {
    await page.getByTestId("lease-open-job-1").click();
    expect(await page.getByTestId("job-lease").inputValue()).toBe("1");
    await page.getByTestId("job-payment").fill("11");
    await page.getByTestId("job-submit").click();
    expect(await text("job-payment-error")).toBe("That is more than the lease's fee cap (10 dLEASE).");
    expect(await page.getByTestId("job-tx").count()).toBe(0);
  });

  it("should open a job, seal the key to it by itself, and show the verified receipt and the redacted output", async () => {
    await page.getByTestId("job-payment").fill("5");
    // Parameters for the agent travel sealed with the content key, like the key itself.
    await page.getByTestId("job-input").fill('{ "removeFields": ["phone"] }');
    await page.getByTestId("job-submit").click();
    await page.waitForURL(`${app.url}/owner/jobs/1`, { timeout: 60_000 });

    await expect.poll(() => state("job-step-sealed"), { timeout: 60_000 }).toBe("done");
    await expect.poll(() => state("receipt-signature-verified"), { timeout: 60_000 }).toBe("ok");
    expect(await text("receipt-outcome")).toBe("Completed");
    expect(await state("receipt-policy")).toBe("ok");
    await expect.poll(() => state("receipt-inclusion-local"), { timeout: 60_000 }).toBe("ok");
    expect(await state("receipt-inclusion-chain")).toBe("ok");
    await expect.poll(() => state("receipt-output-hash"), { timeout: 30_000 }).toBe("ok");

    const output = (await text("job-output"))!;
    expect(output).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    for (const customer of customers) {
      expect(output).not.toContain(customer.name);
      expect(output).not.toContain(customer.email);
    }
    const redacted = JSON.parse(output) as { data: Record<string, unknown>[]; byKind: Record<string, number> };
    expect(redacted.data.map((record) => record.plan)).toEqual(customers.map((customer) => customer.plan));
    expect(redacted.data.every((record) => record.name === "[name]" && record.email === "[email]")).toBe(true);
    // The sealed input asked for the phone numbers to go altogether.
    expect(redacted.data.some((record) => "phone" in record)).toBe(false);
    expect(redacted.byKind.field).toBe(2);
  });

  it("should count down the challenge window on chain time and finalize once it has passed", async () => {
    await expect
      .poll(() => page.getByTestId("job-status").getAttribute("data-status"), { timeout: 60_000 })
      .toBe("submitted");
    expect(await text("challenge-countdown")).toMatch(/^Finalizing is possible in/);
    expect(await page.getByTestId("job-finalize").isDisabled()).toBe(true);

    const chain = createTestClient({ mode: "anvil", transport: http(rpcUrl) });
    await chain.increaseTime({ seconds: Number(DEVNET_CHALLENGE_WINDOW) + 1 });
    await chain.mine({ blocks: 1 });

    await expect.poll(() => page.getByTestId("job-finalize").isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId("job-finalize").click();
    expect(await text("job-action-tx-success", 30_000)).toContain("Job #1 is paid.");
    await expect.poll(() => page.getByTestId("job-status").getAttribute("data-status")).toBe("paid");
    await expect.poll(() => state("job-step-settled")).toBe("done");
  });
});

describe("# worker gateway proxy", () => {
  const proxied = (route: string) => `${app.url}/api/worker/${route}`;
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it("should pass the gateway's own answers through, with its correlation id", async () => {
    const response = await fetch(proxied("v1/jobs/1/receipt"), { headers: { "x-request-id": "owner-test-0001" } });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe("token_missing");
    expect(response.headers.get("x-request-id")).toBe("owner-test-0001");
  });

  it("should expose only the gateway's API, not its metrics", async () => {
    const response = await fetch(proxied("metrics"));
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("not_found");
  });

  // Last: refusing a body mid-stream ends the client's connection, which a later request must not reuse.
  it("should refuse a body over 1 MiB, whether its length is declared or streamed", async () => {
    const oversized = new Uint8Array(1024 * 1024 + 1);
    const declared = await fetch(proxied("v1/leases/1/context"), {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", authorization: "Bearer x" },
      body: oversized,
    });
    expect(declared.status).toBe(413);
    expect(await errorCode(declared)).toBe("body_too_large");

    // With a valid upload token the gateway reads the body, so only the proxy's limit can stop it.
    const upload = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find(
        (k) => k.startsWith("leasehold.gateway-tokens.") && k.endsWith(".1"),
      );
      return key ? (JSON.parse(sessionStorage.getItem(key)!) as { upload: string }).upload : null;
    });
    expect(upload).not.toBeNull();
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const streamed = await fetch(proxied("v1/leases/1/context"), {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", authorization: `Bearer ${upload}` },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 1024 * 1024) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await errorCode(streamed)).toBe("body_too_large");
  });
});

describe("# afterwards", () => {
  it("should revoke the lease for good from the lease table", async () => {
    await page.getByTestId("nav-owner").click();
    await page.waitForURL(`${app.url}/owner`);
    await page.getByTestId("lease-revoke-1").click();
    await page.getByTestId("lease-revoke-confirm-1").click();
    expect(await text("lease-action-tx-success", 30_000)).toContain("Lease #1 is revoked");
    await expect.poll(() => text("lease-state-1"), { timeout: 30_000 }).toBe("Revoked");
    expect(await page.getByTestId("lease-open-job-1").count()).toBe(0);
  });

  it("should show the operator section's empty state to an account without agents", async () => {
    await page.goto(`${app.url}/operator`);
    await expect.poll(() => text("operator-no-agents")).toContain("No agents registered by this account.");
    expect(await text("operator-earned")).toBe("0 dLEASE");
  });

  it("should have polled for what the worker had not produced yet without a 404 or a logged error", async () => {
    expect(notFound).toEqual([]);
    expect(consoleErrors.filter((message) => /404|Failed to load resource/.test(message))).toEqual([]);
  });

  it("should have raised no uncaught errors in the page", async () => {
    expect(pageErrors).toEqual([]);
  });
});
