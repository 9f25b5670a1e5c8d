import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { eraseShop } from "../models/compliance.server";

// Sent 48 hours after uninstall: nothing of the shop may remain.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await eraseShop(shop);
  return new Response();
};
