// Settings → Shopify: turn tagging off and remove every Tsunagu tag in the background (the layout shows the progress).
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { startRemoveAllTags } from "../jobs/settings-runs.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ runId: await startRemoveAllTags(session.shop) });
};
