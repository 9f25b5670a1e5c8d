// 月次レポート as a printable page: the monthly table and its definitions, without the rest of the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Button, Page, Text } from "@shopify/polaris";
import { MonthlyTable } from "../components/subscriptions/monthly-table";
import type { StoredSubscriptionReport } from "../domain/subscriptions/report";
import { createFormatter } from "../i18n/format";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { getShopSettings } from "../models/shop.server";
import { loadSubscriptionReport } from "../models/subscription.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [stored, settings] = await Promise.all([
    loadSubscriptionReport<StoredSubscriptionReport>(session.shop),
    getShopSettings(session.shop),
  ]);
  return json({ report: stored?.report ?? null, currencyCode: settings.currencyCode, timeZone: settings.ianaTimezone });
};

export const meta = pageTitleMeta("subscriptions.monthly.title");

export default function MonthlyReportPage() {
  const { report, currencyCode, timeZone } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode, timeZone });
  const title = t("subscriptions.monthly.title");
  return (
    <Page title={title} backAction={{ content: t("subscriptions.title"), url: "/app/subscriptions" }}>
      <TitleBar title={title} />
      <BlockStack gap="300">
        {report ? (
          <>
            <Text as="p" variant="bodySm">
              {t("subscriptions.computedAt", { date: format.dateTime(report.asOf) })}
            </Text>
            <MonthlyTable rows={report.monthly} format={format} />
            <Text as="p" variant="bodySm" tone="subdued">
              {t("subscriptions.monthly.definition")}
            </Text>
            <div className="no-print">
              <Button onClick={() => window.print()}>{t("subscriptions.monthly.printNow")}</Button>
            </div>
            <style>{"@media print { .no-print { display: none } }"}</style>
          </>
        ) : (
          <Text as="p">{t("subscriptions.none")}</Text>
        )}
      </BlockStack>
    </Page>
  );
}
