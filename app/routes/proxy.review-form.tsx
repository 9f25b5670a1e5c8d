// /apps/tsunagu/review-form?product_id=N on the storefront, through Shopify's app proxy: the review
// form of one product, the link of a review request step.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { verifyProxyRequest } from "../storefront/reviews-proxy.server";
import { reviewFormPage } from "../storefront/review-form-page";
import { jsonError } from "../storefront/json-response";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const verified = await verifyProxyRequest(request);
  if ("response" in verified) return verified.response;
  return (
    reviewFormPage(new URL(request.url).searchParams.get("product_id")) ??
    jsonError(400, "invalid_input", { fields: { product_id: "invalid" } })
  );
};
