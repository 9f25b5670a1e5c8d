// Settings: one nested route per section — lifecycle rules (index), Shopify segments and tags, jobs.
// This layout shows what concerns every section: the last run's progress (polled while it runs) and
// the tag-limit warning.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { loadSettingsFrame } from "../models/settings-page.server";
import { usePollWhileRunning } from "../hooks/use-poll-while-running";
import { isRunning, SettingsRunBanner } from "../components/settings/settings-run-banner";
import { SettingsTabs } from "../components/settings/settings-tabs";

export const meta = pageTitleMeta("settings.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await loadSettingsFrame(session.shop));
};

export default function Settings() {
  const { run, blockedByTagLimit } = useLoaderData<typeof loader>();
  const { t, formatNumber } = useI18n();
  usePollWhileRunning(isRunning(run));
  return (
    <Page title={t("settings.title")}>
      <TitleBar title={t("settings.title")} />
      <Layout>
        {run ? (
          <Layout.Section>
            <SettingsRunBanner run={run} />
          </Layout.Section>
        ) : null}
        {blockedByTagLimit > 0 ? (
          <Layout.Section>
            <Banner tone="warning">
              <Text as="p">{t("settings.tagLimit.banner", { count: formatNumber(blockedByTagLimit) })}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <SettingsTabs />
        </Layout.Section>
        <Outlet />
      </Layout>
    </Page>
  );
}
