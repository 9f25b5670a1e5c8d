// The BUILT app (server.mjs build/index.js, as `npm start` runs it in production) beside the local
// Shopify, with emulated shops installed, and webhooks signed as Shopify signs them. Needs
// `npm run build` first (the server and, beside it, the worker it starts).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import prisma from "../../app/db.server";
import type { EmulatedShop } from "../emulator/store";
import { startLocalShopify, type LocalShopify } from "./local-shopify";
import { TEST_APP } from "./test-app";

const SCOPES = "read_customers,write_customers,read_orders,read_all_orders,read_products";

/** Each shop installed (its Shop row and offline session stored, no sync run), then the built app started. */
export async function startBuiltApp({ shops, now }: { shops: EmulatedShop[]; now: string }): Promise<LocalShopify> {
  const buildDir = path.resolve(__dirname, "../..", process.env.TSUNAGU_BUILD_DIR || "build");
  for (const file of ["index.js", "worker.js"]) {
    const built = path.join(buildDir, file);
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  for (const shop of shops) {
    await prisma.shop.create({ data: { shop: shop.domain } });
    await prisma.session.create({
      data: { id: `offline_${shop.domain}`, shop: shop.domain, state: "", isOnline: false, scope: SCOPES, accessToken: shop.accessToken },
    });
  }
  return startLocalShopify({ shops, now });
}

/**
 * The headers of a webhook delivery of `body` (its exact bytes are signed). `signedWith`: the secret of
 * the HMAC, the app's own unless a test wants a wrong one; null sends no signature at all.
 */
export function webhookHeaders({
  shop,
  topic,
  body,
  triggeredAt,
  eventId = crypto.randomUUID(),
  signedWith = TEST_APP.apiSecret,
}: {
  shop: string;
  topic: string;
  body: string | Uint8Array;
  triggeredAt: string;
  eventId?: string;
  signedWith?: string | null;
}): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    ...(signedWith === null ? {} : { "X-Shopify-Hmac-Sha256": crypto.createHmac("sha256", signedWith).update(body).digest("base64") }),
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": crypto.randomUUID(),
    "X-Shopify-Event-Id": eventId,
    "X-Shopify-Triggered-At": triggeredAt,
  };
}
