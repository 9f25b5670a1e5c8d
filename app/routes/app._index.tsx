import { useMemo } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { appNow } from "../clock.server";
import { loadJourneyPage } from "../models/journey.server";
import { SyncStatusCard } from "../components/sync-status-card";
import { SegmentCountsCard } from "../components/segment-counts-card";
import { SegmentMoneyCard } from "../components/segment-money-card";
import { JourneyPeriodPicker } from "../components/journey-period-picker";
import { JourneyFunnel } from "../components/journey-funnel";
import { JourneyBottleneckCard } from "../components/journey-bottleneck-card";
import { JourneyStageKpis } from "../components/journey-stage-kpis";
import { JourneyTrafficCard } from "../components/journey-traffic-card";
import { appEnv } from "../env.server";
import { useI18n } from "../i18n/i18n-context";
import { pageTitleMeta } from "../i18n/page-title";
import { createFormatter } from "../i18n/format";
import { usePollWhileRunning } from "../hooks/use-poll-while-running";

export const meta = pageTitleMeta("journey.title");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  return json({
    ...(await loadJourneyPage(session.shop, { preset: params.get("period"), from: params.get("from"), to: params.get("to") }, appNow())),
    // The demo's sessions are derived by the local emulator (docs/touchpoints.md §7): the page says so.
    synthesized: appEnv().TSUNAGU_DEMO_DATA === "synthesized",
  });
};

export default function JourneyPage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useMemo(
    () => createFormatter({ locale, currencyCode: data.currencyCode, timeZone: data.timeZone }),
    [locale, data.currencyCode, data.timeZone],
  );
  const syncing = data.home.sync?.status === "running";

  usePollWhileRunning(syncing);

  const { period, summary } = data;
  const hasData = summary.stages.some((s) => s.volume > 0);

  return (
    <Page title={t("journey.title")}>
      <TitleBar title={t("journey.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {t("journey.intro")}
            </Text>
            <Card>
              <BlockStack gap="300">
                <JourneyPeriodPicker key={`${period.from}:${period.to}`} preset={period.preset} from={period.from} to={period.to} />
                {data.periodError && <Banner tone="critical">{t(`journey.period.error.${data.periodError}`)}</Banner>}
                {data.windowsPending && <Banner tone="info">{t("journey.windowsPending")}</Banner>}
                <InlineStack gap="400" wrap>
                  <Text as="p" fontWeight="semibold">
                    {t("journey.period.range", { from: format.date(period.from), to: format.date(period.to) })}
                  </Text>
                  <Text as="p" tone="subdued">
                    {summary.previousHasData
                      ? t("journey.period.compared", { from: format.date(period.previousFrom), to: format.date(period.previousTo) })
                      : t("journey.period.noPrevious", { from: format.date(period.previousFrom), to: format.date(period.previousTo) })}
                  </Text>
                </InlineStack>
                <Text as="p" variant="bodySm" tone="subdued">
                  {data.computedAt ? t("journey.computedAt", { at: format.dateTime(data.computedAt) }) : t("journey.notComputed")}
                </Text>
              </BlockStack>
            </Card>
            <JourneyBottleneckCard
              bottleneck={summary.bottleneck}
              hasData={hasData}
              journeyMap={data.journeyMap}
              playbook={data.bottleneckPlaybook}
              format={format}
            />
            <JourneyFunnel
              stages={summary.stages}
              format={format}
              advocacyCollected={data.advocacyCollected}
              previousHasData={summary.previousHasData}
            />
            <JourneyTrafficCard choice={data.stageMeasure} synthesized={data.synthesized} format={format} />
            <JourneyStageKpis stages={summary.stages} format={format} advocacyCollected={data.advocacyCollected} />
            <Link to="/app/journey-map">{t("journey.editMap")}</Link>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <SyncStatusCard sync={data.home.sync} timeZone={data.timeZone} />
        </Layout.Section>
        <Layout.Section>
          <SegmentMoneyCard
            money={data.segmentMoney.bySegment}
            predictionsWithheld={data.segmentMoney.predictionsWithheld}
            periodDays={data.segmentMoney.periodDays}
            format={format}
          />
        </Layout.Section>
        <Layout.Section>
          <SegmentCountsCard counts={data.home.counts} settings={data.home.settings} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
