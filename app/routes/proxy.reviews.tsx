// /apps/tsunagu/reviews on the storefront, through Shopify's app proxy (shopify.app.toml [app_proxy]).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listProductReviews, submitReview } from "../storefront/reviews-proxy.server";

export const loader = ({ request }: LoaderFunctionArgs) => listProductReviews(request);

export const action = ({ request }: ActionFunctionArgs) => submitReview(request);
