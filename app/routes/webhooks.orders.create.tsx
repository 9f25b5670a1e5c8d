import type { ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "../shopify/verify-webhook.server";
import { acceptWebhook } from "../jobs/process-webhook-intake.server";

export const action = async ({ request }: ActionFunctionArgs) => acceptWebhook("orders/create", await verifyWebhook(request));
