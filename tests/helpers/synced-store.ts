// A store the app is installed in and has synced, as browser tests start from it.
import { expect } from "vitest";
import prisma from "../../app/db.server";
import { SHOPIFY_PLANS } from "../emulator/plans";
import { STORES } from "../emulator/seed";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import type { EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "./local-shopify";
import { waitFor } from "./wait-for";

/** Open the app from the admin as a merchant does (this installs it), then wait for the first sync to complete. */
export async function installAndWaitForSync(shopify: LocalShopify, shop: string, { timeoutMs = 120_000 } = {}): Promise<void> {
  expect((await shopify.openApp(shop)).status).toBe(200);
  await waitFor(async () => (await prisma.syncRun.findFirst({ where: { shop, status: "completed" } })) !== null, {
    timeoutMs,
    what: "the first sync",
  });
}

/** The demo store (Online Retail) cut to its first 80 customers, on the Plus plan, installed and synced. */
export async function startSyncedOnlineRetail(): Promise<{ store: EmulatedShop; shopify: LocalShopify }> {
  const now = STORES["online-retail"].now;
  const store = await seedOnlineRetail({ limitCustomers: 80, now: new Date(now), plan: SHOPIFY_PLANS.plus });
  const shopify = await startLocalShopify({ shops: [store], now });
  try {
    await installAndWaitForSync(shopify, store.domain);
  } catch (error) {
    // The caller never gets `shopify` to stop: the app process and the emulator would outlive the test.
    await shopify.stop();
    throw error;
  }
  return { store, shopify };
}
