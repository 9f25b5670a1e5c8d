import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { ADMIN_API_VERSION, routeShopifyLibraryTraffic } from "./shopify/api-origin.server";
import { registerShop } from "./models/shop.server";
import { enqueueInitialSync, startSchedules } from "./jobs/queue.server";

routeShopifyLibraryTraffic(process.env.SHOPIFY_API_ORIGIN);
startSchedules();

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
  // shopify-api 13 (the last line for Node 20) predates 2026-10 in its enum; the version string is what is sent.
  apiVersion: ADMIN_API_VERSION as ApiVersion,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL || "",
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
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
  ...(process.env.SHOP_CUSTOM_DOMAIN
    ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] }
    : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
