// Debian's Chromium driven by playwright-core (never a downloaded browser).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { BROWSER_HEADERS } from "./test-app";

export const ARTIFACTS_DIR = path.resolve(__dirname, "../artifacts");

export async function launchBrowser(): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    // Headless Chromium says "HeadlessChrome", which the Shopify library answers as a bot (410).
    userAgent: BROWSER_HEADERS["User-Agent"],
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}
