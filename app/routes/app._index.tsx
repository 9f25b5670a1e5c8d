import { useEffect } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Layout, Page } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { loadHomeSummary } from "../models/home.server";
import { SegmentCountsCard } from "../components/segment-counts-card";
import { SyncStatusCard } from "../components/sync-status-card";
import { useI18n } from "../i18n/i18n-context";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await loadHomeSummary(session.shop));
};

const POLL_WHILE_SYNCING_MS = 1500;

export default function Home() {
  const { counts, sync, settings } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const revalidator = useRevalidator();
  const syncing = sync?.status === "running";

  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_WHILE_SYNCING_MS);
    return () => clearInterval(timer);
  }, [syncing, revalidator]);

  return (
    <Page title={t("home.title")}>
      <TitleBar title={t("home.title")} />
      <Layout>
        <Layout.Section>
          <SyncStatusCard sync={sync} timeZone={settings.ianaTimezone} />
        </Layout.Section>
        <Layout.Section>
          <SegmentCountsCard counts={counts} settings={settings} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
