// Backend of the thank-you and order-status UI extensions (session token in Authorization; CORS).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { loadPostPurchaseState, submitNpsAnswer } from "../storefront/post-purchase-api.server";

export const loader = ({ request }: LoaderFunctionArgs) => loadPostPurchaseState(request);

export const action = ({ request }: ActionFunctionArgs) => submitNpsAnswer(request);
