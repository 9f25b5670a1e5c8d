// The admin shell frames the app as the Shopify admin does: a deep link's own query reaches the app,
// beside the admin's signed parameters, and the library accepts the signature.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { embeddedAppUrl } from "./admin-shell";

const SECRET = "shell-test-secret";
const api = shopifyApi({
  apiKey: "shell-test-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October24,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  logger: { level: 0, log: async () => {} },
});

const shell = (appQuery?: URLSearchParams) =>
  new URL(
    embeddedAppUrl({
      shop: "a.myshopify.com",
      appUrl: "http://127.0.0.1:3000",
      appHandle: "tsunagu",
      apiSecret: SECRET,
      idToken: "t",
      locale: "ja",
      path: "/app/segments/customers",
      appQuery,
    }),
  );

describe("the admin shell's app URL", () => {
  it("passes a deep link's own query to the app beside the admin's parameters", () => {
    const url = shell(new URLSearchParams({ stage: "dormant", sort: "predicted-value" }));
    expect(url.pathname).toBe("/app/segments/customers");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      stage: "dormant",
      sort: "predicted-value",
      embedded: "1",
      locale: "ja",
      shop: "a.myshopify.com",
    });
  });

  it("signs every parameter, the deep link's included, so the library accepts it", async () => {
    const query = Object.fromEntries(shell(new URLSearchParams({ stage: "dormant" })).searchParams);
    await expect(api.utils.validateHmac(query, { signator: "admin" })).resolves.toBe(true);
    await expect(api.utils.validateHmac({ ...query, stage: "vip" }, { signator: "admin" })).resolves.toBe(false);
  });
});
