// The emulator signs app-proxy requests exactly as Shopify does: the Shopify library the app uses
// accepts every URL it builds, for any storefront query, and refuses any tampered one.
import fc from "fast-check";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { appProxySignature, proxiedAppUrl, readAppProxyConfig } from "./app-proxy";

const SECRET = "proxy-test-secret";
const api = shopifyApi({
  apiKey: "proxy-test-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October24,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  logger: { level: 0, log: async () => {} },
});

const validate = (url: string) => api.utils.validateHmac(Object.fromEntries(new URL(url).searchParams), { signator: "appProxy" });

const queryKey = fc
  .stringMatching(/^[a-z][a-z_]{0,11}$/)
  .filter((k) => !["shop", "signature", "timestamp", "logged_in_customer_id", "path_prefix", "hmac"].includes(k));

describe("app proxy signatures", () => {
  it("reads [app_proxy] from shopify.app.toml", () => {
    expect(readAppProxyConfig()).toEqual({ url: "/proxy", prefix: "apps", subpath: "tsunagu" });
  });

  it("builds the URL Shopify forwards to: the app's proxy path, the shopper's query and Shopify's parameters", () => {
    const url = new URL(
      proxiedAppUrl({
        appUrl: "http://127.0.0.1:3000",
        apiSecret: SECRET,
        shop: "a.myshopify.com",
        path: "/reviews",
        loggedInCustomerId: 42,
        query: { product_id: "7" },
        timestamp: 1_700_000_000,
      }),
    );
    expect(url.pathname).toBe("/proxy/reviews");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      product_id: "7",
      shop: "a.myshopify.com",
      logged_in_customer_id: "42",
      path_prefix: "/apps/tsunagu",
      timestamp: "1700000000",
    });
    // HMAC-SHA256 hex of the sorted key=value pairs joined with no separator.
    expect(url.searchParams.get("signature")).toBe(appProxySignature(url.searchParams, SECRET));
  });

  it("the Shopify library accepts every signed URL and refuses it once a value changes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(queryKey, fc.string({ maxLength: 20 }), { maxKeys: 4 }),
        fc.option(fc.integer({ min: 1, max: 1e9 })),
        async (query, customer) => {
          const url = proxiedAppUrl({
            appUrl: "http://127.0.0.1:3000",
            apiSecret: SECRET,
            shop: "a.myshopify.com",
            path: "/reviews",
            loggedInCustomerId: customer,
            query,
          });
          expect(await validate(url)).toBe(true);
          const tampered = new URL(url);
          tampered.searchParams.set("logged_in_customer_id", String((customer ?? 0) + 1));
          expect(await validate(tampered.href)).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });
});
