import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { updateSessionScopes } from "../services/shop-sessions.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await verifyWebhook(request);
  const current = (payload as { current?: unknown } | null)?.current; // a body of `null` is JSON too
  if (!Array.isArray(current) || !current.every((scope): scope is string => typeof scope === "string")) {
    return new Response("payload.current must be a list of scopes (strings)", { status: 400 });
  }
  await updateSessionScopes(shop, current);
  return new Response();
};
