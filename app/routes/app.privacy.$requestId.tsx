// The export for one customers/data_request of this shop, as a JSON download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { exportForDataRequest } from "../models/compliance.server";
import { appNow } from "../clock.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const requestId = Number(params.requestId);
  const data = Number.isSafeInteger(requestId) ? await exportForDataRequest(session.shop, requestId, appNow()) : null;
  if (!data) return new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="tsunagu-data-request-${requestId}.json"`,
    },
  });
};
