/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a test tool's own
 * browser download), shut off from everything but this machine.
 */
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = process.env.LEASEHOLD_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Nothing but this machine: a page that reaches for the internet fails loudly instead of hanging.
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
];

/** A browser and one page whose uncaught errors are collected into `pageErrors`. */
export async function openBrowser(pageErrors: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { browser, page };
}
