import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { eraseShop } from "../models/compliance.server";

// Sent 48 hours after uninstall: nothing of the shop may remain.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await verifyWebhook(request);
  await eraseShop(shop);
  return new Response();
};
