import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db.server";
import { SessionStorageWithRawRead } from "./models/session-storage.server";
import { ADMIN_API_VERSION, routeShopifyLibraryTraffic } from "./shopify/api-origin.server";
import { registerShop } from "./models/shop.server";
import { enqueueInitialSync } from "./jobs/enqueue.server";
import { appEnv } from "./env.server";

const env = appEnv();
routeShopifyLibraryTraffic(env.SHOPIFY_API_ORIGIN);

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET ?? "",
  // shopify-api 13 (the last line for Node 20) predates 2026-10 in its enum; the version string is what is sent.
  apiVersion: ADMIN_API_VERSION as ApiVersion,
  scopes: env.SCOPES?.split(","),
  appUrl: env.SHOPIFY_APP_URL ?? "",
  authPathPrefix: "/auth",
  sessionStorage: new SessionStorageWithRawRead(prisma),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  hooks: {
    // Runs after install (token exchange): remember the shop and start its first sync.
    afterAuth: async ({ session }) => {
      await registerShop(session.shop);
      void enqueueInitialSync(session.shop); // in the background: install must answer at once
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
