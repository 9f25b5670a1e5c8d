import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { redactCustomer } from "../models/compliance.server";
import { jobQueue } from "../queue/job-queue.server";
import { CompliancePayloadError, parseCustomerRedact } from "../shopify/compliance-payloads";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await verifyWebhook(request);
  try {
    const { customerId, ordersToRedact } = parseCustomerRedact(payload);
    const { reviewedProductIds } = await redactCustomer(shop, customerId, ordersToRedact);
    // The storefront's review summaries must drop the deleted reviews.
    for (const productId of reviewedProductIds) await jobQueue.enqueue("publish-review-summary", { shop, productId });
  } catch (error) {
    if (error instanceof CompliancePayloadError) return new Response(error.message, { status: 400 });
    throw error;
  }
  return new Response();
};
