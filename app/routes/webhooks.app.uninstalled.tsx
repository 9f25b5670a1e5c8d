import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { markShopUninstalled } from "../models/shop.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  // Sessions go now; the shop's data stays until Shopify sends shop/redact (48 hours later).
  await markShopUninstalled(shop, new Date());
  return new Response();
};
