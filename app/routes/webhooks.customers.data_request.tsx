import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { recordDataRequest } from "../models/compliance.server";
import { CompliancePayloadError, parseDataRequest } from "../shopify/compliance-payloads";
import { appNow } from "../clock.server";

// The merchant answers the customer: we record the request and offer the export on the Privacy page.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await verifyWebhook(request);
  try {
    const { customerId, ordersRequested, shopifyRequestId } = parseDataRequest(payload);
    await recordDataRequest({ shop, customerId, ordersRequested, shopifyRequestId, requestedAt: appNow() });
  } catch (error) {
    if (error instanceof CompliancePayloadError) return new Response(error.message, { status: 400 });
    throw error;
  }
  return new Response();
};
