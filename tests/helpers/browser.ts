// Debian's Chromium driven by playwright-core (never a downloaded browser).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Page } from "playwright-core";
import type { LocalShopify } from "./local-shopify";
import { BROWSER_HEADERS } from "./test-app";

const ARTIFACTS_DIR = path.resolve(__dirname, "../artifacts");

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

/** The embedded app inside the emulator's admin shell. */
export function appFrame(page: Page): Frame {
  const frame = page.frame({ name: "app-iframe" });
  if (!frame) throw new Error("the app frame is missing");
  return frame;
}

/** A new page with the shop's admin shell open at the app's `path`, and the app's frame in it. */
export async function openInAdmin(
  browser: BrowserContext,
  shopify: LocalShopify,
  shop: string,
  { path, locale, viewport }: { path: string; locale?: string; viewport?: { width: number; height: number } },
): Promise<{ page: Page; app: FrameLocator }> {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(shopify.emulator.adminShellUrl(shop, { path, locale }));
  return { page, app: page.frameLocator("#app-frame") };
}

const AXE_SOURCE = path.resolve(__dirname, "../../node_modules/axe-core/axe.min.js");

/** axe-core's serious and critical violations in the app frame, with the elements they concern. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  const frame = appFrame(page);
  await frame.addScriptTag({ path: AXE_SOURCE });
  const violations = await frame.evaluate(async () => {
    type Violation = { id: string; impact: string; nodes: Array<{ target: string[] }> };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
