import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { acceptWebhook } from "../jobs/process-webhook-intake.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  acceptWebhook("customers/update", await authenticate.webhook(request));
