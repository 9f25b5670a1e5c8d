// 月次レポート as CSV, in the admin's language, amounts as plain numbers in the shop's currency.
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { StoredSubscriptionReport } from "../domain/subscriptions/report";
import { resolveLocale } from "../i18n/messages.server";
import { monthlyCsv } from "../models/subscription-csv";
import { loadSubscriptionReport } from "../models/subscription.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const stored = await loadSubscriptionReport<StoredSubscriptionReport>(session.shop);
  if (!stored) return new Response("No subscription report yet", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const month = stored.report.monthly.at(-1)?.month ?? "report";
  return new Response(monthlyCsv(stored.report, resolveLocale(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tsunagu-subscriptions-monthly-${month}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
