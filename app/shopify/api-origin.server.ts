// Where this app reaches Shopify. In production that is https://{shop}. SHOPIFY_API_ORIGIN sends
// every request for a *.myshopify.com host (OAuth token exchange, Admin API) to another origin
// instead — the local Shopify emulator in development, tests, benchmarks and the demo.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { appEnv } from "../env.server";

export const ADMIN_API_VERSION = "2026-10";

function shopifyApiOrigin(shop: string): string {
  return appEnv().SHOPIFY_API_ORIGIN ?? `https://${shop}`;
}

export function adminGraphqlUrl(shop: string): string {
  return `${shopifyApiOrigin(shop)}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
}

/** Route the Shopify library's own HTTP calls (token exchange, its admin client) to SHOPIFY_API_ORIGIN. */
export function routeShopifyLibraryTraffic(origin: string | undefined): void {
  if (!origin) return;
  const target = new URL(origin);
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname.endsWith(".myshopify.com")) {
      url.protocol = target.protocol;
      url.host = target.host;
    }
    return fetch(url, init);
  });
}

/**
 * Shopify's document headers allow only Shopify's admin hosts to frame the app. SHOPIFY_ADMIN_ORIGIN
 * names one more admin origin that may (the local emulator's admin shell).
 */
export function allowConfiguredAdminToFrame(headers: Headers): void {
  const adminOrigin = appEnv().SHOPIFY_ADMIN_ORIGIN;
  const policy = headers.get("Content-Security-Policy");
  if (!adminOrigin || !policy?.includes("frame-ancestors")) return;
  headers.set("Content-Security-Policy", policy.replace("frame-ancestors", `frame-ancestors ${adminOrigin}`));
}
