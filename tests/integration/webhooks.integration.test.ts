// Webhooks from the emulator reach the app signed with the app's secret, as Shopify sends them;
// the app verifies the signature (authenticate.webhook) before it changes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { waitFor } from "../helpers/wait-for";

let shopify: LocalShopify;
let store: EmulatedShop;

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 10, now: new Date(STORES["online-retail"].now) });
  shopify = await startLocalShopify({ shops: [store], now: STORES["online-retail"].now });
  expect((await shopify.openApp(store.domain)).status).toBe(200);
  await waitFor(() => prisma.syncRun.findFirst({ where: { shop: store.domain, status: "completed" } }), {
    what: "the first sync",
  });
}, 120_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("app/uninstalled", () => {
  it("a delivery whose signature does not match its body gets 401 and changes nothing", async () => {
    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "app/uninstalled",
      payload: { id: 1, domain: store.domain },
      tamper: true,
    });
    expect(result.status).toBe(401);
    expect(await prisma.session.count({ where: { shop: store.domain } })).toBe(1);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } })).uninstalledAt).toBeNull();
  });

  it("a signed delivery removes the shop's sessions and keeps its data until shop/redact", async () => {
    const customersBefore = await prisma.customer.count({ where: { shop: store.domain } });
    const result = await shopify.emulator.sendWebhook({
      shop: store.domain,
      topic: "app/uninstalled",
      payload: { id: 1, domain: store.domain },
    });
    expect(result.status).toBe(200);
    expect(await prisma.session.count({ where: { shop: store.domain } })).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop: store.domain } })).uninstalledAt).not.toBeNull();
    expect(await prisma.customer.count({ where: { shop: store.domain } })).toBe(customersBefore);
  });

  it("the emulator only delivers topics the app declares in shopify.app.toml", async () => {
    await expect(shopify.emulator.sendWebhook({ shop: store.domain, topic: "products/update", payload: {} })).rejects.toThrow(
      /no subscription for products\/update/,
    );
  });
});
