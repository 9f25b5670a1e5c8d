// Embedded pages may only be framed by the shop's admin, and no secret reaches a browser: not in the
// HTML of a page, not in any script or stylesheet the build ships.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOnlineRetail } from "../emulator/seed-online-retail";
import { STORES } from "../emulator/seed";
import type { EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "../helpers/local-shopify";
import { TEST_APP } from "../helpers/test-app";

let shopify: LocalShopify;
let store: EmulatedShop;
let page: Response;
let html: string;

const BUILD_DIR = path.resolve(__dirname, "../..", process.env.TSUNAGU_BUILD_DIR ?? "build");
const CLIENT_ASSETS = BUILD_DIR.endsWith(`${path.sep}build`)
  ? path.resolve(BUILD_DIR, "../public/build")
  : path.join(BUILD_DIR, "public/build");

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

beforeAll(async () => {
  store = await seedOnlineRetail({ limitCustomers: 5, now: new Date(STORES["online-retail"].now) });
  shopify = await startLocalShopify({ shops: [store], now: STORES["online-retail"].now });
  page = await shopify.openApp(store.domain);
  html = await page.text();
}, 120_000);

afterAll(async () => {
  await shopify?.stop();
});

describe("frame-ancestors", () => {
  it("an embedded page may be framed by the shop and Shopify's admin only (plus the configured local admin)", () => {
    expect(page.status).toBe(200);
    const policy = page.headers.get("content-security-policy") ?? "";
    const ancestors = /frame-ancestors ([^;]+)/.exec(policy)?.[1].trim().split(/\s+/) ?? [];
    // The library also lists Shopify's own staff/dev admin hosts; no other shop and no bare wildcard.
    expect(ancestors.sort()).toEqual(
      [
        `https://${store.domain}`,
        "https://admin.shopify.com",
        "https://*.spin.dev",
        "https://admin.myshopify.io",
        "https://admin.shop.dev",
        shopify.emulator.url,
      ].sort(),
    );
  });
});

describe("secrets", () => {
  it("the page's HTML holds neither the API secret nor the shop's access token", () => {
    expect(html).toContain("<html");
    expect(html).not.toContain(TEST_APP.apiSecret);
    expect(html).not.toContain(store.accessToken);
  });

  it("no client asset of the build holds the API secret, an access token or the secret's variable name", () => {
    const assets = filesUnder(CLIENT_ASSETS).filter((file) => /\.(js|css|map)$/.test(file));
    expect(assets.length).toBeGreaterThan(5);
    const leaks = assets.filter((file) => {
      const text = fs.readFileSync(file, "utf8");
      return text.includes(TEST_APP.apiSecret) || text.includes(store.accessToken) || text.includes("SHOPIFY_API_SECRET");
    });
    expect(leaks).toEqual([]);
  });
});
