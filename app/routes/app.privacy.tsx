import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { DataTable, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { listDataRequests } from "../models/compliance.server";
import { getShopSettings } from "../models/shop.server";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { DownloadButton } from "../components/download-button";
import { SectionCard } from "../components/section-card";

export const meta = pageTitleMeta("privacy.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [requests, settings] = await Promise.all([listDataRequests(session.shop), getShopSettings(session.shop)]);
  return json({
    timeZone: settings.ianaTimezone,
    requests: requests.map((r) => ({
      id: r.id,
      customerId: r.customerId,
      requestedAt: r.requestedAt.toISOString(),
      downloadedAt: r.downloadedAt?.toISOString() ?? null,
    })),
  });
};

export default function Privacy() {
  const { requests, timeZone } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const revalidator = useRevalidator();
  const formatDate = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  return (
    <Page title={t("privacy.title")}>
      <TitleBar title={t("privacy.title")} />
      <Layout>
        <Layout.Section>
          <SectionCard title={t("privacy.requests.heading")} description={t("privacy.intro")}>
            <Text as="p" tone="subdued">
              {t("privacy.requests.description")}
            </Text>
            {requests.length === 0 ? (
              <Text as="p">{t("privacy.requests.empty")}</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={[t("privacy.requests.customer"), t("privacy.requests.requestedAt"), t("privacy.requests.downloadedAt"), ""]}
                rows={requests.map((r) => [
                  r.customerId.replace("gid://shopify/Customer/", ""),
                  formatDate(r.requestedAt),
                  r.downloadedAt ? formatDate(r.downloadedAt) : t("privacy.requests.notDownloaded"),
                  <DownloadButton
                    key={r.id}
                    href={`/app/privacy/${r.id}`}
                    label={t("privacy.requests.download")}
                    failedMessage={t("privacy.requests.downloadFailed")}
                    onDownloaded={() => revalidator.revalidate()}
                  />,
                ])}
              />
            )}
          </SectionCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
