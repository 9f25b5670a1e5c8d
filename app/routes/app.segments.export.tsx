// CSV of a customer list (a segment, or the customers of a move): a resource route, same filter as
// the drill-down page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { appNow } from "../clock.server";
import { csvFileName, customersCsv, parseCustomerFilter, shopToday } from "../models/segments-report.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const filter = parseCustomerFilter(new URL(request.url).searchParams);
  if (filter === null)
    return new Response("Unknown customer list", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const now = appNow();
  const [csv, today] = await Promise.all([customersCsv(session.shop, filter, now), shopToday(session.shop, now)]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csvFileName(filter, today)}"`,
      "Cache-Control": "no-store",
    },
  });
};
