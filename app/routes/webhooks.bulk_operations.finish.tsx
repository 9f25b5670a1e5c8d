import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { notifyBulkOperationFinished } from "../shopify/bulk-operation.server";

// Shopify: { admin_graphql_api_id, completed_at, created_at, error_code, status, type }.
// The job waiting for this operation polls bulkOperation(id) at once; the result itself is always
// read from bulkOperation(id), so a lost or duplicated delivery only changes how soon.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload } = await verifyWebhook(request);
  const id = (payload as { admin_graphql_api_id?: unknown } | null)?.admin_graphql_api_id; // a body of `null` is JSON too
  if (typeof id === "string") notifyBulkOperationFinished(id);
  return new Response();
};
