import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { appNow } from "../clock.server";
import { loadSegmentsReport } from "../models/segments-report.server";
import { parsePeriodDays, PERIOD_DAYS } from "../domain/report-periods";
import { parseSubscriberFilter, SUBSCRIBER_FILTERS } from "../domain/subscriber-filter";
import type { MoveOrigin } from "../domain/transition-matrix";
import { STAGES_IN_JOURNEY_ORDER, type LifecycleStage } from "../domain/types";
import { useI18n } from "../i18n/i18n-context";
import type { MessageKey } from "../i18n/i18n";
import { createFormatter } from "../i18n/format";
import { ChartFrame } from "../components/charts/chart-frame";
import { HeatTable } from "../components/charts/heat-table";
import { LineChart } from "../components/charts/line-chart";
import { STAGE_COLORS } from "../components/charts/colors";
import { UrlChoice } from "../components/url-choice";
import { SegmentMoneyCard } from "../components/segment-money-card";
import { SubscriberBreakdownCard } from "../components/subscriber-breakdown-card";
import { SectionCard } from "../components/section-card";
import { pageTitleMeta } from "../i18n/page-title";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const periodDays = parsePeriodDays(params.get("period"));
  if (periodDays === null) throw new Response("Unknown period", { status: 400 });
  const subscriber = parseSubscriberFilter(params.get("subscriber"));
  if (subscriber === null) throw new Response("Unknown subscriber filter", { status: 400 });
  return json(await loadSegmentsReport(session.shop, { periodDays, subscriber, now: appNow() }));
};

const ORIGINS: readonly MoveOrigin[] = ["none", ...STAGES_IN_JOURNEY_ORDER];

export const meta = pageTitleMeta("segments.title");

/** Shopify's CustomerRfmGroup values (Admin API 2026-10), named in segments.json. */
const SHOPIFY_RFM_GROUPS = new Set([
  "CHAMPIONS",
  "LOYAL",
  "ACTIVE",
  "PROMISING",
  "NEW",
  "NEEDS_ATTENTION",
  "AT_RISK",
  "PREVIOUSLY_LOYAL",
  "ALMOST_LOST",
  "DORMANT",
  "PROSPECTS",
]);

export default function Segments() {
  const report = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = createFormatter({ locale, currencyCode: report.currencyCode, timeZone: report.timeZone });
  const stageName = (stage: LifecycleStage) => t(`stage.${stage}` as MessageKey);
  // Shopify's CustomerRfmGroup codes (ALMOST_LOST) by their readable names; a code added later shows as it is.
  const shopifyRfmGroupName = (group: string) =>
    SHOPIFY_RFM_GROUPS.has(group) ? t(`segments.shopifyRfm.groups.${group}` as MessageKey) : group;
  const originName = (origin: MoveOrigin) => (origin === "none" ? t("segments.moves.none") : stageName(origin));
  const period = { first: format.date(report.period.firstDay), last: format.date(report.period.lastDay) };
  const { days, series, firstClassifiedDay } = report.sizes;
  const shortDay = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", { month: "numeric", day: "numeric", timeZone: "UTC" });
  const dayLabels = days.map((d) => shortDay.format(new Date(`${d}T00:00:00Z`)));
  const installIndex = firstClassifiedDay === null ? -1 : days.indexOf(firstClassifiedDay);
  const reconstructed = firstClassifiedDay !== null && days.length > 0 && days[0]! < firstClassifiedDay;
  const maxMove = Math.max(0, ...ORIGINS.flatMap((o) => STAGES_IN_JOURNEY_ORDER.map((s) => report.matrix.counts[o][s])));
  const maxCell = Math.max(0, ...report.rfGrid.flat());
  // The filter applies once the stored numbers have the subscriber split.
  const filtered = report.subscriber !== "all" && report.breakdown !== null;
  const listFilter = filtered ? `&subscriber=${report.subscriber}` : "";
  const audience = filtered ? t(`segments.subscriber.audience.${report.subscriber as "yes" | "no"}`) : undefined;

  return (
    <Page title={t("segments.title")}>
      <TitleBar title={t("segments.title")} />
      <BlockStack gap="400">
        <UrlChoice
          param="period"
          label={t("segments.period.label")}
          choices={PERIOD_DAYS.map((d) => ({ value: String(d), label: t("segments.period.days", { days: d }) }))}
          selected={String(report.periodDays)}
        />
        <UrlChoice
          param="subscriber"
          label={t("segments.subscriber.label")}
          choices={SUBSCRIBER_FILTERS.map((value) => ({ value, label: t(`segments.subscriber.${value}`) }))}
          selected={report.subscriber}
        />
        {report.subscriber !== "all" && report.breakdown === null && <Banner tone="info">{t("segments.subscriber.pending")}</Banner>}
        {filtered && (
          <Text as="p" tone="subdued">
            {t("segments.subscriber.scope", { who: t(`segments.subscriber.${report.subscriber}`) })}
          </Text>
        )}
        <Layout>
          <Layout.Section>
            <SegmentMoneyCard
              money={report.money.bySegment}
              predictionsWithheld={report.money.predictionsWithheld}
              periodDays={report.periodDays}
              format={format}
              audience={audience}
            />
          </Layout.Section>
          {report.breakdown && (
            <Layout.Section>
              <SubscriberBreakdownCard
                subscribers={report.breakdown.subscribers}
                others={report.breakdown.others}
                predictionsWithheld={report.money.predictionsWithheld}
                periodDays={report.periodDays}
                format={format}
              />
            </Layout.Section>
          )}
          <Layout.Section>
            <SectionCard title={t("segments.sizes.heading")}>
              {days.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("segments.sizes.empty")}
                </Text>
              ) : (
                <ChartFrame
                  chart={
                    <LineChart
                      summary={t("segments.sizes.summary", period)}
                      xLabels={dayLabels}
                      xValues={days.map((d) => Date.parse(`${d}T00:00:00Z`) / 86_400_000)}
                      series={STAGES_IN_JOURNEY_ORDER.map((s) => ({
                        key: s,
                        label: stageName(s),
                        color: STAGE_COLORS[s],
                        values: series[s],
                      }))}
                      formatY={(v) => format.number(v)}
                      markers={installIndex > 0 ? [{ index: installIndex, label: t("segments.sizes.installMarker") }] : []}
                    />
                  }
                  table={
                    <HeatTable
                      caption={t("segments.sizes.summary", period)}
                      cornerHeader={t("segments.sizes.day")}
                      columnHeaders={STAGES_IN_JOURNEY_ORDER.map(stageName)}
                      rows={days.map((d, i) => ({
                        key: d,
                        header: format.date(d),
                        cells: STAGES_IN_JOURNEY_ORDER.map((s) => ({ text: format.number(series[s][i]!), intensity: null })),
                      }))}
                    />
                  }
                />
              )}
              {reconstructed && (
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("segments.sizes.reconstructed", { day: format.date(firstClassifiedDay!) })}
                </Text>
              )}
            </SectionCard>
          </Layout.Section>

          <Layout.Section>
            <SectionCard title={t("segments.moves.heading")} description={t("segments.moves.description", period)}>
              {report.movesEstimated && (
                <Banner tone="info">
                  {t("segments.moves.estimated", {
                    installed: firstClassifiedDay ? format.date(firstClassifiedDay) : "—",
                  })}
                </Banner>
              )}
              {report.matrix.moved === 0 ? (
                <Text as="p">{t("segments.moves.empty")}</Text>
              ) : (
                <HeatTable
                  caption={t("segments.moves.caption", { count: format.number(report.matrix.moved) })}
                  cornerHeader={t("segments.moves.from")}
                  columnHeaders={STAGES_IN_JOURNEY_ORDER.map(stageName)}
                  rows={ORIGINS.filter((o) => report.matrix.leftFrom[o] > 0).map((origin) => ({
                    key: origin,
                    header: originName(origin),
                    cells: STAGES_IN_JOURNEY_ORDER.map((to) => {
                      const count = report.matrix.counts[origin][to];
                      return {
                        text: origin === to ? "—" : format.number(count),
                        intensity: origin === to ? null : maxMove === 0 ? 0 : count / maxMove,
                        href: count > 0 ? `/app/segments/customers?from=${origin}&to=${to}&period=${report.periodDays}` : undefined,
                        linkLabel: t("segments.moves.cellLabel", {
                          count: format.number(count),
                          from: originName(origin),
                          to: stageName(to),
                        }),
                      };
                    }),
                  }))}
                  renderLink={(href, label, children) => (
                    <Link to={href} aria-label={label} style={{ color: "inherit" }}>
                      {children}
                    </Link>
                  )}
                />
              )}
            </SectionCard>
          </Layout.Section>

          <Layout.Section>
            <SectionCard title={t("segments.current.heading") + (audience ? ` · ${audience}` : "")}>
              <DataTable
                columnContentTypes={["text", "numeric", "text"]}
                headings={[t("table.stage"), t("table.customers"), ""]}
                rows={STAGES_IN_JOURNEY_ORDER.map((s) => [
                  stageName(s),
                  format.number(report.current[s]),
                  <Link
                    key={s}
                    to={`/app/segments/customers?stage=${s}${listFilter}`}
                    aria-label={t("segments.current.viewLabel", { stage: stageName(s) })}
                  >
                    {t("segments.current.view")}
                  </Link>,
                ])}
              />
            </SectionCard>
          </Layout.Section>

          <Layout.Section variant="oneHalf">
            <SectionCard title={t("segments.rfm.heading")} description={t("segments.rfm.description")}>
              {report.asOf && (
                <Text as="p" tone="subdued">
                  {t("segments.asOf", { at: format.dateTime(report.asOf) })}
                </Text>
              )}
              <HeatTable
                caption={t("segments.rfm.caption")}
                cornerHeader={t("segments.rfm.corner")}
                columnHeaders={["F1", "F2", "F3", "F4", "F5"]}
                rows={[5, 4, 3, 2, 1].map((r) => ({
                  key: String(r),
                  header: `R${r}`,
                  cells: report.rfGrid[r - 1]!.map((count) => ({
                    text: format.number(count),
                    intensity: maxCell === 0 ? 0 : count / maxCell,
                  })),
                }))}
              />
            </SectionCard>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <SectionCard title={t("segments.shopifyRfm.heading")} description={t("segments.shopifyRfm.description")}>
              <Text as="p" tone="subdued">
                {t("segments.shopifyRfm.note")}
              </Text>
              <HeatTable
                caption={t("segments.shopifyRfm.caption")}
                cornerHeader={t("segments.shopifyRfm.group")}
                leadingHeaders={[t("segments.shopifyRfm.total")]}
                columnHeaders={STAGES_IN_JOURNEY_ORDER.map(stageName)}
                rows={report.shopifyRfm.map((g) => ({
                  key: g.group ?? "none",
                  header: g.group ? shopifyRfmGroupName(g.group) : t("segments.shopifyRfm.none"),
                  leading: [format.number(g.total)],
                  cells: STAGES_IN_JOURNEY_ORDER.map((s) => ({
                    text: format.number(g.byStage[s]),
                    intensity: g.total === 0 ? 0 : g.byStage[s] / g.total,
                  })),
                }))}
              />
            </SectionCard>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
