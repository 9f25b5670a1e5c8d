import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { markShopUninstalled } from "../models/shop.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await verifyWebhook(request);
  // Sessions go now; the shop's data stays until Shopify sends shop/redact (48 hours later).
  await markShopUninstalled(shop, new Date());
  return new Response();
};
